"""`create_app`: the FastAPI application, its sessions, security headers and error pages."""

from __future__ import annotations

import base64
import copy
import hashlib
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware

from wi3 import service
from wi3.errors import (
    AccessError,
    EngineError,
    InputError,
    NotFoundError,
    SignInError,
    StoreError,
    Wi3Error,
    WorkspaceError,
)
from wi3.web._deps import language, page
from wi3.web._labels import label
from wi3.web._settings import Settings
from wi3.web._templates import IMPORT_MAP
from wi3.web.routes import (
    api,
    api_imports,
    api_rounds,
    assessments,
    auth,
    compare,
    imports,
    initiatives,
    model,
    organisations,
    plan,
    respond,
    rounds,
    tokens,
    users,
)

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
_IMPORT_MAP_HASH = base64.b64encode(hashlib.sha256(IMPORT_MAP.encode()).digest()).decode()

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        f"script-src 'self' 'sha256-{_IMPORT_MAP_HASH}'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)
"""Only the app's own scripts and stylesheets run: no inline script, style or style attribute,
no other site, no framing."""

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}

_STATUS = {
    NotFoundError: 404,
    AccessError: 403,
    SignInError: 401,
    InputError: 400,
    StoreError: 409,
    WorkspaceError: 503,
    EngineError: 503,
}


def status_of(exc: Wi3Error) -> int:
    """The HTTP status a wi3 error is answered with."""
    if isinstance(exc, SignInError) and exc.retry_after is not None:
        return 429
    return next((code for kind, code in _STATUS.items() if isinstance(exc, kind)), 400)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The web application serving the workspace of `settings` (the defaults when None).

    Raises:
        WorkspaceError: when the workspace cannot be opened.
    """
    config = settings or Settings()
    ws = service.open_workspace(config.workspace, config.model)
    service.recover_jobs(ws)  # the imports a stopped server was running end as interrupted

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        ws.close()

    app = FastAPI(
        title="wi3",
        summary="Diagnose and grow Enterprise 2.0 initiatives with the WI3 growth model.",
        version="1",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # Swagger UI loads scripts from a CDN: the schema is enough
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.workspace = ws
    app.state.settings = config
    app.add_middleware(
        SessionMiddleware,
        secret_key=service.web_secret(ws).decode(),
        session_cookie="wi3_session",
        max_age=round(config.session_hours * 3600),
        same_site="lax",  # a link from mail opens the page signed in; posts need the CSRF token
        https_only=config.secure_cookies,
    )
    _security_headers(app, config)
    static = resources.files("wi3.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    stylesheet = service.report_stylesheet()

    @app.get("/report.css", include_in_schema=False)
    def report_css() -> Response:
        """The report's stylesheet, which the pages share."""
        return Response(
            stylesheet, media_type="text/css", headers={"Cache-Control": "public, max-age=3600"}
        )

    @app.get("/vega/{name}", include_in_schema=False)
    def chart_library(name: str) -> Response:
        """The report's vendored chart libraries, which the pages with charts load."""
        return Response(
            service.chart_library(name),
            media_type="text/javascript",
            headers={"Cache-Control": "public, max-age=3600"},
        )

    for router in (auth.router, organisations.router, initiatives.router, model.router):
        app.include_router(router)
    app.include_router(tokens.router)
    app.include_router(users.router)
    app.include_router(plan.router)
    app.include_router(compare.router)
    app.include_router(imports.router)
    app.include_router(assessments.router)
    app.include_router(rounds.router)
    app.include_router(respond.router)
    app.include_router(api.router, prefix=API_PREFIX)
    app.include_router(api_imports.router, prefix=API_PREFIX)
    app.include_router(api_rounds.router, prefix=API_PREFIX)
    _error_handlers(app)
    return app


def _security_headers(app: FastAPI, config: Settings) -> None:
    headers = dict(SECURITY_HEADERS)
    if config.secure_cookies:
        headers["Strict-Transport-Security"] = "max-age=31536000"

    @app.middleware("http")
    async def add_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        if not request.url.path.startswith("/static/"):
            # pages and API answers hold an organisation's data: never keep them in a cache
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(Wi3Error)
    async def wi3_error(request: Request, exc: Wi3Error) -> Response:
        status = status_of(exc)
        headers = {}
        if isinstance(exc, SignInError) and exc.retry_after is not None:
            headers["Retry-After"] = str(exc.retry_after)
        if request.url.path.startswith(API_PREFIX):
            if status == 401:
                headers["WWW-Authenticate"] = "Bearer"
            return JSONResponse({"detail": str(exc)}, status, headers=headers)
        if status == 401:  # a page without a valid session: sign in, then come back
            here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            target = "/login?next=" + quote(here, safe="")
            if request.headers.get("HX-Request"):
                return Response(status_code=204, headers={"HX-Redirect": target})
            return RedirectResponse(target, status_code=303)
        if status >= 500:
            logger.error("%s: %s", without_links(request.url.path), exc)
        locale = language(request)
        message = exc.message(locale.language)
        response = page(request, locale, "error.html", None, status, message=message)
        response.headers.update(headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        """A form or query parameter that does not fit (a malformed date, a missing field):
        FastAPI's JSON for the API, for a browser a page naming each field and what is wrong."""
        if request.url.path.startswith(API_PREFIX):
            return JSONResponse({"detail": jsonable_encoder(exc.errors())}, 422)
        locale = language(request)
        lines = [
            label(
                locale,
                "invalid_field",
                field=str(error["loc"][-1]) if error.get("loc") else "?",
                problem=error.get("msg", ""),
            )
            for error in exc.errors()
        ]
        message = label(locale, "invalid_request") + "\n" + "\n".join(lines)
        return page(request, locale, "error.html", None, 422, message=message)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        """FastAPI's own refusals (an unknown path, a bad parameter, a CSRF failure): JSON
        for the API, a page for a browser."""
        if request.url.path.startswith(API_PREFIX):
            return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)
        locale = language(request)
        message = exc.detail if exc.status_code != 404 else label(locale, "no_such_page")
        return page(request, locale, "error.html", None, exc.status_code, message=message)


SURVEY_LINK = re.compile(r"(/survey/)[^/?#\s]+")


def without_links(text: str) -> str:
    """`text` with every survey link's secret left out: `/survey/…`."""
    return SURVEY_LINK.sub(r"\1…", text)


class HideSurveyLinks(logging.Filter):
    """Keeps survey links out of uvicorn's access log: a respondent's token (or a round's open
    link) is in the address of every survey page, and a log line holding it beside the time
    and client address could tell who answered. The line keeps the rest: `/survey/…`."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(without_links(a) if isinstance(a, str) else a for a in record.args)
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging, with survey links left out of its access log (`HideSurveyLinks`)."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["survey_links"] = {"()": HideSurveyLinks}
    config["handlers"]["access"]["filters"] = ["survey_links"]
    return config


def app_from_environment() -> FastAPI:
    """The app of one `wi3 serve` worker, from the settings in `WI3_WEB_SETTINGS`."""
    return create_app(Settings.from_environment())


def serve_app(host: str, port: int, workers: int) -> None:
    """Run the app with uvicorn: `workers` processes, each building its own app."""
    import uvicorn

    uvicorn.run(
        "wi3.web:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        server_header=False,
        log_level="info",
        log_config=log_config(),
    )
