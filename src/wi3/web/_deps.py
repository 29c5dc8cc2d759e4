"""What every route depends on: the workspace, the signed-in user, the language, CSRF, pages.

A page route names the organisation it serves through `Readable`, `Analysable` or
`Administrable`: each checks the user's role in that organisation before the route runs, and
an organisation they hold no role in does not exist for them (404).
"""

from __future__ import annotations

import secrets
import time
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from wi3 import service
from wi3.errors import SignInError
from wi3.service import Locale, Principal, Workspace
from wi3.web._labels import label, translator
from wi3.web._settings import Settings
from wi3.web._templates import templates

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


def workspace(request: Request) -> Workspace:
    ws: Workspace = request.app.state.workspace
    return ws


def settings(request: Request) -> Settings:
    found: Settings = request.app.state.settings
    return found


WorkspaceDep = Annotated[Workspace, Depends(workspace)]
SettingsDep = Annotated[Settings, Depends(settings)]


def current_user(request: Request, ws: WorkspaceDep, config: SettingsDep) -> Principal:
    """The user this browser session belongs to.

    Raises:
        SignInError: no session, an expired one, or one of a user since removed (the app
            sends the browser to the sign-in page).
    """
    session = request.session
    user_id = session.get("user")
    signed_in = session.get("signed_in", 0)
    if not isinstance(user_id, int) or time.time() - signed_in > config.sign_in_hours * 3600:
        session.pop("user", None)
        raise SignInError("sign in first")
    try:
        return service.principal(ws, user_id)
    except SignInError:
        session.pop("user", None)
        raise


UserDep = Annotated[Principal, Depends(current_user)]

_bearer = HTTPBearer(auto_error=False, description="A personal access token (`wi3 token add`).")


def api_user(
    ws: WorkspaceDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The user whose personal access token came with the request.

    Raises:
        SignInError: no token, or one that is unknown or revoked.
    """
    if credentials is None:
        raise SignInError(
            "send a personal access token as `Authorization: Bearer TOKEN` "
            "(`wi3 token add EMAIL --name NAME`, or the API tokens page, makes one)"
        )
    return service.token_principal(ws, credentials.credentials)


ApiUserDep = Annotated[Principal, Depends(api_user)]


def readable(org: str, who: UserDep) -> str:
    who.require(org, "read")
    return org


def analysable(org: str, who: UserDep) -> str:
    who.require(org, "analyse")
    return org


def administrable(org: str, who: UserDep) -> str:
    who.require(org, "administer")
    return org


Readable = Annotated[str, Depends(readable)]
Analysable = Annotated[str, Depends(analysable)]
Administrable = Annotated[str, Depends(administrable)]


def api_readable(org: str, who: ApiUserDep) -> str:
    who.require(org, "read")
    return org


def api_analysable(org: str, who: ApiUserDep) -> str:
    who.require(org, "analyse")
    return org


ApiReadable = Annotated[str, Depends(api_readable)]
ApiAnalysable = Annotated[str, Depends(api_analysable)]


def language(request: Request) -> Locale:
    """The language of the pages: the one chosen in this session, else the browser's."""
    chosen = request.session.get("language")
    if chosen not in ("en", "nl"):
        accepted = request.headers.get("accept-language", "")
        chosen = "nl" if accepted.lower().startswith("nl") else "en"
    return translator(chosen)


LocaleDep = Annotated[Locale, Depends(language)]


def csrf_token(request: Request) -> str:
    """This session's CSRF token, made on first use: every form sends it back."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def verify_csrf(request: Request) -> None:
    """Refuse a form post (or an htmx request) whose CSRF token is not this session's.

    Raises:
        HTTPException: 403, for a missing or wrong token.
    """
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    expected = request.session.get("csrf")
    given = request.headers.get(CSRF_HEADER)
    if given is None:
        form = await request.form()
        field = form.get(CSRF_FIELD)
        given = field if isinstance(field, str) else None
    if (
        not isinstance(expected, str)
        or given is None
        or not secrets.compare_digest(given.encode(), expected.encode())
    ):
        raise HTTPException(403, label(language(request), "csrf"))


def page(
    request: Request,
    locale: Locale,
    template: str,
    who: Principal | None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """A page rendered from `template`, with what every page shows: the user, the language,
    the labels and the CSRF token for its forms."""

    def t(key: str, **values: object) -> str:
        return label(locale, key, **values)

    return templates().TemplateResponse(
        request,
        template,
        {
            "who": who,
            "language": locale.language,
            "t": t,
            "csrf": csrf_token(request),
            "status_code": status_code,
            **context,
        },
        status_code=status_code,
    )


def upload_limit(request: Request, config: SettingsDep) -> None:
    """Refuse a request whose body is larger than an upload may be, before it is read.

    Raises:
        HTTPException: 413, saying how large a file may be and what to do instead.
    """
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > config.max_upload + FORM_ALLOWANCE:
        raise HTTPException(
            413, label(language(request), "upload_too_large", mb=config.max_upload_mb)
        )


FORM_ALLOWANCE = 1_000_000
"""Bytes a form may carry beside its file: the other fields and a mapping file."""
