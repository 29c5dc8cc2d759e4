"""The initiative page: its phase and activity, category heatmap against the next phase's gate,
readings with their evidence and conflicts, gates, next steps, lifecycle, and usage over time."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from wi3 import service
from wi3.errors import NotFoundError
from wi3.web._deps import LocaleDep, Readable, UserDep, WorkspaceDep, page, verify_csrf

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)

QUARTERS_SHOWN = 8
"""How many quarters of usage the page shows: two years."""


@router.get("/orgs/{org}/initiatives/{initiative}")
def initiative_page(
    request: Request,
    ws: WorkspaceDep,
    who: UserDep,
    locale: LocaleDep,
    org: Readable,
    initiative: str,
    as_of: date | None = None,
) -> HTMLResponse:
    """One initiative as the snapshot of `as_of` (the newest) judged it, with its usage."""
    row = next((i for i in service.initiatives(ws, org) if i.slug == initiative), None)
    if row is None:
        raise NotFoundError(f"no initiative {initiative!r} in {org}")
    try:
        report = service.report_view(ws, org, as_of, locale.language)
    except NotFoundError:
        if as_of is not None:
            raise
        report = None
    view = None
    if report is not None:
        view = next((i for i in report.initiatives if i.slug == initiative), None)
    trends = service.usage_trends(ws, org, initiative, QUARTERS_SHOWN, locale.language)
    usage = () if view is None else tuple(r for r in view.readings if ".usage." in r.indicator.id)
    return page(
        request,
        locale,
        "initiative.html",
        who,
        org=org,
        name=service.organisation(ws, org).name,
        row=row,
        report=report,
        view=view,
        trends=trends,
        usage=usage,
    )
