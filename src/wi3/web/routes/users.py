"""Who may do what: an organisation's users and their roles (its administrators only), and
every user's own password."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse

from wi3 import service
from wi3.errors import AccessError, InputError
from wi3.service import Granted, Locale, Principal, Workspace
from wi3.web._deps import Administrable, LocaleDep, UserDep, WorkspaceDep, page, verify_csrf
from wi3.web._labels import label

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


def _users_page(
    request: Request,
    ws: Workspace,
    who: Principal,
    locale: Locale,
    org: str,
    granted: Granted | None = None,
    done: str | None = None,
) -> HTMLResponse:
    return page(
        request,
        locale,
        "users.html",
        who,
        section="users",
        org=org,
        name=service.organisation(ws, org).name,
        users=service.users(ws, org),
        initiatives=service.initiatives(ws, org),
        granted=granted,
        done=done,
    )


@router.get("/orgs/{org}/users")
def user_list(
    request: Request, ws: WorkspaceDep, who: UserDep, locale: LocaleDep, org: Administrable
) -> HTMLResponse:
    return _users_page(request, ws, who, locale, org)


@router.post("/orgs/{org}/users")
def user_grant(
    request: Request,
    ws: WorkspaceDep,
    who: UserDep,
    locale: LocaleDep,
    org: Administrable,
    email: Annotated[str, Form(max_length=320)],
    role: Annotated[Literal["administrator", "analyst", "owner", "viewer"], Form()],
    initiatives: Annotated[list[str] | None, Form(max_length=500)] = None,
) -> HTMLResponse:
    """Give a user a role in the organisation; a new user's first password is shown once."""
    granted = service.grant_role(ws, email, role, org, initiatives or ())
    done = label(locale, "role_given", email=granted.user.email, role=label(locale, f"role_{role}"))
    return _users_page(request, ws, who, locale, org, granted, done)


@router.post("/orgs/{org}/users/remove")
def user_remove(
    request: Request,
    ws: WorkspaceDep,
    who: UserDep,
    locale: LocaleDep,
    org: Administrable,
    email: Annotated[str, Form(max_length=320)],
) -> HTMLResponse:
    """Take a user's role in the organisation away (never one's own: another administrator
    must, so an organisation is not left without one by a slip)."""
    if service.normalise_email(email) == who.email:
        raise AccessError(
            "you cannot take away your own role; ask another administrator of the organisation"
        )
    service.remove_role(ws, email, org)
    done = label(locale, "role_removed", email=service.normalise_email(email))
    return _users_page(request, ws, who, locale, org, done=done)


@router.get("/account")
def account(request: Request, who: UserDep, locale: LocaleDep) -> HTMLResponse:
    return page(request, locale, "account.html", who, problem=None, done=None)


@router.post("/account/password")
def password_change(
    request: Request,
    ws: WorkspaceDep,
    who: UserDep,
    locale: LocaleDep,
    current: Annotated[str, Form(max_length=1000)],
    new: Annotated[str, Form(max_length=1000)],
    again: Annotated[str, Form(max_length=1000)],
) -> HTMLResponse:
    """Change one's own password, after the current one (a wrong one counts as a failed
    sign-in)."""
    problem = None
    if new != again:
        problem = label(locale, "passwords_differ")
    else:
        client = request.client.host if request.client else "unknown"
        try:
            service.change_password(ws, who.user_id, current, new, client)
        except (AccessError, InputError) as exc:
            problem = str(exc)
    if problem is not None:
        return page(request, locale, "account.html", who, 400, problem=problem, done=None)
    return page(
        request, locale, "account.html", who, problem=None, done=label(locale, "password_changed")
    )
