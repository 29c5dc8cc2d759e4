"""The signed-in user's personal access tokens for the JSON API: make, list and revoke."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from wi3 import service
from wi3.web._deps import LocaleDep, UserDep, WorkspaceDep, page, verify_csrf

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


@router.get("/tokens")
def token_list(request: Request, ws: WorkspaceDep, who: UserDep, locale: LocaleDep) -> HTMLResponse:
    rows = service.tokens(ws, who.email)
    return page(request, locale, "tokens.html", who, tokens=rows, made=None)


@router.post("/tokens")
def token_add(
    request: Request,
    ws: WorkspaceDep,
    who: UserDep,
    locale: LocaleDep,
    name: Annotated[str, Form(max_length=100)],
) -> HTMLResponse:
    made = service.add_token(ws, who.email, name)
    rows = service.tokens(ws, who.email)
    return page(request, locale, "tokens.html", who, tokens=rows, made=made)


@router.post("/tokens/{token}/revoke")
def token_revoke(ws: WorkspaceDep, who: UserDep, token: int) -> RedirectResponse:
    service.revoke_token(ws, who.email, token)
    return RedirectResponse("/tokens", status_code=303)
