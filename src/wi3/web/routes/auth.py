"""Signing in and out, and choosing the language of the pages."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from wi3 import service
from wi3.errors import SignInError
from wi3.web._deps import LocaleDep, UserDep, WorkspaceDep, page, verify_csrf
from wi3.web._labels import translator

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


def safe_next(target: str | None) -> str:
    """`target` when it is a path on this site, else the start page: never another site."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target


@router.get("/login")
def login_form(request: Request, locale: LocaleDep, next: str | None = None) -> HTMLResponse:
    return page(request, locale, "login.html", None, next=safe_next(next), problem=None)


@router.post("/login", response_model=None)
def login(
    request: Request,
    ws: WorkspaceDep,
    locale: LocaleDep,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> HTMLResponse | RedirectResponse:
    client = request.client.host if request.client else "unknown"
    try:
        who = service.sign_in(ws, email, password, client)
    except SignInError as exc:
        status = 429 if exc.retry_after is not None else 401
        response = page(
            request, locale, "login.html", None, status, next=safe_next(next), problem=str(exc)
        )
        if exc.retry_after is not None:
            response.headers["Retry-After"] = str(exc.retry_after)
        return response
    chosen = request.session.get("language")
    request.session.clear()  # a new session for the signed-in user: new CSRF token too
    request.session.update({"user": who.user_id, "signed_in": time.time()})
    if chosen:
        request.session["language"] = chosen
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, who: UserDep) -> RedirectResponse:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/language/{language}")
def choose_language(request: Request, language: str, next: str | None = None) -> RedirectResponse:
    """Show the pages in `language` (en or nl) from now on in this session."""
    request.session["language"] = translator(language).language
    return RedirectResponse(safe_next(next), status_code=303)
