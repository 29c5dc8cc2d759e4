"""The organisation pages: the list, the growth board, the profile over time, people and units,
snapshots (diagnose now or as of a date) and the report downloads. (An organisation file is
uploaded as any import is: `routes/imports.py`.)"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from wi3 import service
from wi3.errors import AccessError, NotFoundError
from wi3.service import Principal, Report
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

MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "md": "text/markdown; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


@router.get("/")
def start(ws: WorkspaceDep, who: UserDep) -> RedirectResponse:
    """The only organisation's board, or the list when there are several (or none)."""
    visible = service.visible_organisations(ws, who)
    target = f"/orgs/{visible[0].slug}" if len(visible) == 1 else "/orgs"
    return RedirectResponse(target, status_code=303)


@router.get("/orgs")
def organisation_list(
    request: Request, ws: WorkspaceDep, who: UserDep, locale: LocaleDep
) -> HTMLResponse:
    visible = service.visible_organisations(ws, who)
    return page(request, locale, "organisations.html", who, organisations=visible, done=None)


@router.post("/orgs/simulate")
def simulate(
    request: Request,
    ws: WorkspaceDep,
    who: UserDep,
    locale: LocaleDep,
    slug: Annotated[str, Form(max_length=80)],
    people: Annotated[int, Form(ge=20, le=5000)] = 300,
    initiatives: Annotated[int, Form(ge=1, le=20)] = 6,
    months: Annotated[int, Form(ge=3, le=36)] = 12,
) -> HTMLResponse:
    """Simulate an example organisation (workspace administrators only: it adds one)."""
    if not who.workspace_admin:
        raise AccessError("only an administrator of the workspace may add organisations")
    result = service.simulate(
        ws,
        service.check_slug(slug, "slug"),
        people=people,
        initiatives=initiatives,
        months=months,
        seed=7,
    )
    visible = service.visible_organisations(ws, who)
    message = label(locale, "simulated", summary=str(result))
    return page(request, locale, "organisations.html", who, organisations=visible, done=message)


def _report(
    ws: service.Workspace, org: str, as_of: date | None, locale: service.Locale
) -> Report | None:
    """The report view of the snapshot of `as_of` (the newest when None); None without any."""
    try:
        return service.report_view(ws, org, as_of, locale.language)
    except NotFoundError:
        if as_of is not None:
            raise
        return None


@router.get("/orgs/{org}")
def board(
    request: Request,
    ws: WorkspaceDep,
    who: UserDep,
    locale: LocaleDep,
    org: Readable,
    as_of: date | None = None,
    unit: str | None = None,
    kind: str | None = None,
    platform: str | None = None,
) -> HTMLResponse:
    """The growth board of the snapshot of `as_of` (the newest), filtered by unit, kind and
    platform."""
    rows = service.initiatives(ws, org)
    report = _report(ws, org, as_of, locale)
    shown = {
        r.slug
        for r in rows
        if (not unit or (r.unit or "") == unit or (r.unit or "").startswith(unit + "/"))
        and (not kind or r.kind == kind)
        and (not platform or r.platform == platform)
    }
    slugs = {} if report is None else {i.anchor: i.slug for i in report.initiatives}
    return page(
        request,
        locale,
        "board.html",
        who,
        org=org,
        name=service.organisation(ws, org).name,
        report=report,
        slugs=slugs,
        shown={a for a, s in slugs.items() if s in shown},
        units=service.units(ws, org),
        kinds=sorted({r.kind for r in rows}),
        platforms=sorted({r.platform for r in rows if r.platform}),
        chosen={"unit": unit or "", "kind": kind or "", "platform": platform or ""},
        can_analyse=_can(who, org),
    )


def _can(who: Principal, org: str) -> bool:
    return who.role(org) in ("administrator", "analyst")


@router.get("/orgs/{org}/profile")
def profile(
    request: Request, ws: WorkspaceDep, who: UserDep, locale: LocaleDep, org: Readable
) -> HTMLResponse:
    """The organisation over time: the phases of its initiatives in every snapshot, and the
    newest reading of its own phase."""
    return page(
        request,
        locale,
        "profile.html",
        who,
        org=org,
        name=service.organisation(ws, org).name,
        snapshots=service.snapshots(ws, org),
        report=_report(ws, org, None, locale),
        phases=[(p.id, p.name.get(locale.language)) for p in ws.model.phases],
    )


@router.get("/orgs/{org}/units")
def units(
    request: Request, ws: WorkspaceDep, who: UserDep, locale: LocaleDep, org: Readable
) -> HTMLResponse:
    return page(
        request,
        locale,
        "units.html",
        who,
        org=org,
        name=service.organisation(ws, org).name,
        units=service.unit_people(ws, org),
    )


@router.get("/orgs/{org}/snapshots")
def snapshots(
    request: Request, ws: WorkspaceDep, who: UserDep, locale: LocaleDep, org: Readable
) -> HTMLResponse:
    return _snapshots_page(request, ws, who, locale, org, None)


def _snapshots_page(
    request: Request,
    ws: service.Workspace,
    who: Principal,
    locale: service.Locale,
    org: str,
    done: str | None,
) -> HTMLResponse:
    return page(
        request,
        locale,
        "snapshots.html",
        who,
        org=org,
        name=service.organisation(ws, org).name,
        snapshots=list(reversed(service.snapshots(ws, org))),
        phases=[(p.id, p.name.get(locale.language)) for p in ws.model.phases],
        today=date.today().isoformat(),
        can_analyse=_can(who, org),
        done=done,
    )


@router.post("/orgs/{org}/snapshots")
def diagnose(
    request: Request,
    ws: WorkspaceDep,
    who: UserDep,
    locale: LocaleDep,
    org: Analysable,
    as_of: Annotated[date, Form()],
) -> HTMLResponse:
    """Diagnose the organisation as of a date and keep the snapshot."""
    service.diagnose(ws, org, as_of)
    done = label(locale, "diagnosed", date=locale.date(as_of))
    return _snapshots_page(request, ws, who, locale, org, done)


@router.get("/orgs/{org}/report.{fmt}")
def report_download(
    ws: WorkspaceDep,
    org: Readable,
    fmt: Literal["html", "pdf", "md", "xlsx", "json"],
    as_of: date | None = None,
    compare: date | None = None,
    language: Literal["en", "nl"] = "en",
) -> Response:
    """The report of a snapshot as a file to download, compared with the snapshot of `compare`
    (else the one before it): HTML, PDF, Markdown, spreadsheet or JSON."""
    content = service.report_content(ws, org, fmt, as_of, language, compare)
    day = as_of.isoformat() if as_of else "latest"
    return Response(
        content,
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{org}-{day}-{language}.{fmt}"'},
    )
