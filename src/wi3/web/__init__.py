"""The web application: the growth board, organisation and initiative pages, the model, report
downloads, and the JSON API under `/api/v1`; all on the service layer, like the command line.

    app = create_app(Settings(workspace=Path("wi3-demo")))

`wi3 serve` runs it with uvicorn (`serve_app`); each worker process builds its own app from the
settings `wi3 serve` leaves in the environment (`app_from_environment`).
"""

from wi3.web._app import app_from_environment, create_app, serve_app
from wi3.web._settings import SETTINGS_ENV, Settings

__all__ = ["SETTINGS_ENV", "Settings", "app_from_environment", "create_app", "serve_app"]
