"""Survey rounds for analysts: the rounds of each initiative with where they stand, and, for
analysts and administrators, creating a round, inviting a list of people (their single-use links
come back once, as a CSV file to download) and closing a round by hand.

Every figure is the service's (`RoundStatus`): response rates only for groups of at least five.
"""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from wi3 import service
from wi3.errors import InputError, NotFoundError
from wi3.service import InitiativeRow, Locale, Principal, Workspace
from wi3.web._deps import Analysable, LocaleDep, Readable, UserDep, WorkspaceDep, page, verify_csrf
from wi3.web._labels import label

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)

MAX_INVITEES = 2_000_000
"""The largest invitee file the page accepts, in bytes (about 40,000 invitees)."""


def survey_base(request: Request) -> str:
    """The address of the app's survey page, which every link starts with."""
    return f"{str(request.base_url).rstrip('/')}/survey"


def _can(who: Principal, org: str) -> bool:
    return who.role(org) in ("administrator", "analyst")


def _initiative(ws: Workspace, org: str, slug: str) -> InitiativeRow:
    for row in service.initiatives(ws, org):
        if row.slug == slug:
            return row
    raise NotFoundError(f"no initiative {slug!r} in {org}")


def _views(locale: Locale) -> dict[str, Any]:
    """What the round templates use to show a group and a figure in the page's language."""
    return {
        "group_name": lambda g: locale.label_or(f"cli.round.group.{g}", g),
        "count": locale.count,
        "percent": locale.percent,
        "day": locale.date,
    }


@router.get("/orgs/{org}/rounds")
def overview(
    request: Request, ws: WorkspaceDep, who: UserDep, locale: LocaleDep, org: Readable
) -> HTMLResponse:
    """Every initiative of the organisation with its survey rounds."""
    rows = service.initiatives(ws, org)
    return page(
        request,
        locale,
        "rounds_overview.html",
        who,
        org=org,
        name=service.organisation(ws, org).name,
        initiatives=[(row, service.survey_rounds(ws, org, row.slug)) for row in rows],
        **_views(locale),
    )


@router.get("/orgs/{org}/initiatives/{initiative}/rounds")
def rounds(
    request: Request,
    ws: WorkspaceDep,
    who: UserDep,
    locale: LocaleDep,
    org: Readable,
    initiative: str,
) -> HTMLResponse:
    return _rounds_page(request, ws, who, locale, org, initiative)


def _rounds_page(
    request: Request,
    ws: Workspace,
    who: Principal,
    locale: Locale,
    org: str,
    initiative: str,
    status_code: int = 200,
    *,
    done: str | None = None,
    open_link: str | None = None,
    problem: tuple[str, str] | None = None,
) -> HTMLResponse:
    """The rounds of an initiative; `problem` is (which form, message), shown next to it."""
    row = _initiative(ws, org, initiative)
    return page(
        request,
        locale,
        "rounds.html",
        who,
        status_code,
        org=org,
        name=service.organisation(ws, org).name,
        row=row,
        rounds=list(reversed(service.survey_rounds(ws, org, initiative))),
        can_analyse=_can(who, org),
        today=date.today().isoformat(),
        done=done,
        open_link=open_link,
        problem=problem or ("", ""),
        **_views(locale),
    )


@router.post("/orgs/{org}/initiatives/{initiative}/rounds")
def create(
    request: Request,
    ws: WorkspaceDep,
    who: UserDep,
    locale: LocaleDep,
    org: Analysable,
    initiative: str,
    name: Annotated[str, Form(max_length=200)],
    language: Annotated[Literal["en", "nl"], Form()],
    closes_on: Annotated[str, Form(max_length=10)] = "",
    open_link: Annotated[bool, Form()] = False,
) -> HTMLResponse:
    """Create a round; its open link, when asked for, is shown this once."""
    _initiative(ws, org, initiative)
    try:
        made = service.create_round(
            ws,
            org,
            initiative,
            name,
            language,
            closes_on=_day(closes_on),
            open_link=open_link,
        )
    except InputError as exc:
        return _rounds_page(
            request, ws, who, locale, org, initiative, 400, problem=("create", _said(exc, locale))
        )
    link = None
    if made.open_link is not None:
        link = service.survey_link(survey_base(request), made.open_link)
    return _rounds_page(
        request, ws, who, locale, org, initiative, done=made.text(locale), open_link=link
    )


def _day(given: str) -> date | None:
    if not given.strip():
        return None
    try:
        return date.fromisoformat(given.strip())
    except ValueError:
        raise InputError(
            f"closing day {given!r} is not a date; write it as YYYY-MM-DD, or leave it empty "
            "to close the round by hand"
        ) from None


def _said(exc: InputError, locale: Locale) -> str:
    return exc.message(locale.language)


@router.post("/orgs/{org}/initiatives/{initiative}/rounds/{round:path}/invitations")
def invite(
    request: Request,
    ws: WorkspaceDep,
    who: UserDep,
    locale: LocaleDep,
    org: Analysable,
    initiative: str,
    round: str,
    file: UploadFile,
) -> Response:
    """Invite the people of an uploaded CSV file: the new links come back as a CSV file, once;
    a file with nobody new, or a malformed one, shows the page with what to do."""
    _initiative(ws, org, initiative)
    uploaded = Path(file.filename or "invitees.csv").name
    data = file.file.read(MAX_INVITEES + 1)
    try:
        if len(data) > MAX_INVITEES:
            raise InputError(
                f"{uploaded}: the file is larger than {MAX_INVITEES // 1_000_000} MB; split the "
                "invitees over several files and upload them one after the other"
            )
        with tempfile.TemporaryDirectory(prefix="wi3-upload-") as folder:
            path = Path(folder) / uploaded
            path.write_bytes(data)
            try:
                made = service.invite(ws, org, initiative, round, path)
            except InputError as exc:  # name the file as uploaded, not where it was kept
                raise InputError(_said(exc, locale).replace(f"{folder}/", "")) from exc
    except InputError as exc:
        return _rounds_page(
            request,
            ws,
            who,
            locale,
            org,
            initiative,
            400,
            problem=(f"invite:{round}", _said(exc, locale)),
        )
    if not made.new:
        return _rounds_page(request, ws, who, locale, org, initiative, done=made.text(locale))
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{initiative}-{round}").strip("-")
    return Response(
        made.links_csv(survey_base(request)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}-links.csv"'},
    )


@router.post("/orgs/{org}/initiatives/{initiative}/rounds/{round:path}/close")
def close(
    request: Request,
    ws: WorkspaceDep,
    who: UserDep,
    locale: LocaleDep,
    org: Analysable,
    initiative: str,
    round: str,
) -> HTMLResponse:
    """Close a round now: its answers become results the next diagnosis reads."""
    _initiative(ws, org, initiative)
    try:
        closed = service.close_round(ws, org, initiative, round)
    except InputError as exc:
        return _rounds_page(
            request,
            ws,
            who,
            locale,
            org,
            initiative,
            400,
            problem=(f"close:{round}", _said(exc, locale)),
        )
    done = f"{closed.text(locale)}. {label(locale, 'round_closed_next')}"
    return _rounds_page(request, ws, who, locale, org, initiative, done=done)
