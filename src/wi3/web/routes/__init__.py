"""The routers of the web application, one per area: add an area as a module here and include
its router in `wi3.web._app.create_app`."""
