"""Two snapshots of an organisation side by side: the phases of its initiatives before and
after, and per initiative what changed — phase, activity, category levels, gates — and the
evidence that moved it (`docs/summary.md`)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from wi3 import service
from wi3.web._deps import LocaleDep, Readable, UserDep, WorkspaceDep, page

router = APIRouter(include_in_schema=False)


@router.get("/orgs/{org}/compare")
def compare(
    request: Request,
    ws: WorkspaceDep,
    who: UserDep,
    locale: LocaleDep,
    org: Readable,
    as_of: date | None = None,
    before: date | None = None,
) -> HTMLResponse:
    """The snapshot of `as_of` (the newest) compared with that of `before` (the one before
    it)."""
    comparison = service.comparison_section_view(ws, org, as_of, before, locale.language)
    newest = service.snapshots(ws, org)[-1].as_of
    return page(
        request,
        locale,
        "compare.html",
        who,
        section="snapshots",
        org=org,
        name=service.organisation(ws, org).name,
        report={"comparison": comparison},
        as_of=(as_of or newest).isoformat(),
    )
