"""The organisation's action plan: the next steps it accepted, who owns each (a role) and by
when, and whether the indicators each named moved at the snapshots since (`docs/plan.md`).
Analysts and administrators accept a next step and mark an action done; everyone with a role
reads the plan."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse

from wi3 import service
from wi3.errors import InputError, NotFoundError
from wi3.service import Locale, Principal, Report, Workspace
from wi3.web._deps import (
    Analysable,
    LocaleDep,
    Readable,
    UserDep,
    WorkspaceDep,
    page,
    verify_csrf,
)
from wi3.web._labels import label

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)

SEPARATOR = "|"
"""Between the initiative and the tip in the value of a next step's option."""


def _newest(ws: Workspace, org: str, locale: Locale) -> Report | None:
    try:
        return service.report_view(ws, org, None, locale.language)
    except NotFoundError:
        return None


def _plan_page(
    request: Request,
    ws: Workspace,
    who: Principal,
    locale: Locale,
    org: str,
    status_code: int = 200,
    done: str | None = None,
    problem: str | None = None,
) -> HTMLResponse:
    report = _newest(ws, org, locale)
    # the plan as it stands: an action accepted after the newest snapshot is open too
    planned = {(a.initiative, a.tip) for a in service.action_plan(ws, org, status="open")}
    steps = (
        []
        if report is None
        else [
            (f"{i.slug}{SEPARATOR}{s.tip}", f"{i.name} — {s.tip} {s.title}")
            for i in report.initiatives
            for s in i.steps
            if not s.end_of_life and (i.slug, s.tip) not in planned
        ]
    )
    return page(
        request,
        locale,
        "plan.html",
        who,
        status_code,
        section="plan",
        org=org,
        name=service.organisation(ws, org).name,
        plan=None if report is None else service.plan_section_view(ws, org, locale.language),
        steps=steps,
        today=date.today().isoformat(),
        can_analyse=who.role(org) in ("administrator", "analyst"),
        done=done,
        problem=problem,
    )


@router.get("/orgs/{org}/plan")
def plan(
    request: Request, ws: WorkspaceDep, who: UserDep, locale: LocaleDep, org: Readable
) -> HTMLResponse:
    return _plan_page(request, ws, who, locale, org)


@router.post("/orgs/{org}/plan")
def accept(
    request: Request,
    ws: WorkspaceDep,
    who: UserDep,
    locale: LocaleDep,
    org: Analysable,
    step: Annotated[str, Form(max_length=200)],
    owner: Annotated[str, Form(max_length=200)],
    due: Annotated[date, Form()],
) -> HTMLResponse:
    """Accept a next step of the newest snapshot as an action, owned by a role."""
    initiative, _, tip = step.partition(SEPARATOR)
    try:
        action = service.add_action(ws, org, initiative, tip, owner, due)
    except InputError as exc:
        return _plan_page(request, ws, who, locale, org, 400, problem=str(exc))
    done = label(locale, "action_accepted", id=action.id, tip=action.tip)
    return _plan_page(request, ws, who, locale, org, done=done)


@router.post("/orgs/{org}/plan/{action}/done")
def finish(
    request: Request,
    ws: WorkspaceDep,
    who: UserDep,
    locale: LocaleDep,
    org: Analysable,
    action: int,
) -> HTMLResponse:
    """Mark an action done today."""
    finished = service.mark_done(ws, org, action)
    done = label(locale, "action_marked_done", id=finished.id)
    return _plan_page(request, ws, who, locale, org, done=done)
