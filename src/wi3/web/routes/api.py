"""The JSON API under `/api/v1`: organisations, initiatives, snapshots and diagnoses, metrics.

Every answer is a type the service returns, the same the command line prints; a snapshot is
the document the JSON report holds. Every request carries a personal access token
(`Authorization: Bearer TOKEN`), and sees only the organisations its user holds a role in.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from wi3 import service
from wi3.errors import InputError, NotFoundError
from wi3.service import (
    Action,
    HistoryRow,
    InitiativeRow,
    MetricValue,
    OrganisationRow,
    SnapshotRow,
    UnitPeople,
    Workspace,
)
from wi3.web._deps import ApiAnalysable, ApiReadable, ApiUserDep, WorkspaceDep


class Problem(BaseModel):
    """What went wrong, where, and what to do: the same message the command line prints."""

    detail: str


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "The request cannot be carried out as asked."},
    401: {"model": Problem, "description": "No personal access token, or an unknown one."},
    403: {"model": Problem, "description": "The user's role does not allow this."},
    404: {"model": Problem, "description": "No such object among those the user may see."},
}

router = APIRouter(responses=ERRORS)


class DiagnoseRequest(BaseModel):
    """The date to diagnose the organisation as of: a day from 1970 to 2999."""

    as_of: Annotated[
        date,
        Field(
            ge=date(1970, 1, 1),
            le=date(2999, 12, 31),
            json_schema_extra={"pattern": r"^(19[7-9]\d|2\d{3})-\d{2}-\d{2}$"},
        ),
    ]


@router.get("/organisations", tags=["organisations"])
def list_organisations(ws: WorkspaceDep, who: ApiUserDep) -> list[OrganisationRow]:
    """The organisations the token's user holds a role in."""
    return service.visible_organisations(ws, who)


@router.get("/organisations/{org}", tags=["organisations"])
def get_organisation(ws: WorkspaceDep, org: ApiReadable) -> OrganisationRow:
    """One organisation."""
    return service.organisation(ws, org)


@router.get("/organisations/{org}/units", tags=["organisations"])
def list_units(ws: WorkspaceDep, org: ApiReadable) -> list[UnitPeople]:
    """The organisation's units with their people; groups under five people are withheld."""
    return service.unit_people(ws, org)


@router.get("/organisations/{org}/initiatives", tags=["initiatives"])
def list_initiatives(ws: WorkspaceDep, org: ApiReadable) -> list[InitiativeRow]:
    """The organisation's initiatives, by slug."""
    return service.initiatives(ws, org)


def _initiative(ws: Workspace, org: str, slug: str) -> InitiativeRow:
    for row in service.initiatives(ws, org):
        if row.slug == slug:
            return row
    raise NotFoundError(f"no initiative {slug!r} in {org}")


@router.get("/organisations/{org}/initiatives/{initiative}", tags=["initiatives"])
def get_initiative(ws: WorkspaceDep, org: ApiReadable, initiative: str) -> InitiativeRow:
    """One initiative."""
    return _initiative(ws, org, initiative)


@router.get("/organisations/{org}/initiatives/{initiative}/history", tags=["initiatives"])
def initiative_history(ws: WorkspaceDep, org: ApiReadable, initiative: str) -> list[HistoryRow]:
    """The initiative's lifecycle: its phase and activity in every snapshot, oldest first."""
    return service.history(ws, org, initiative)


@router.get("/organisations/{org}/initiatives/{initiative}/metrics", tags=["metrics"])
def initiative_metrics(
    ws: WorkspaceDep,
    org: ApiReadable,
    initiative: str,
    period: Literal["quarter", "month"] = "quarter",
    by: Annotated[Literal["unit"] | None, Query(description="`unit`: per unit too.")] = None,
) -> list[MetricValue]:
    """The initiative's usage metrics per period (and unit); a figure about fewer than five
    people is withheld, with the reason."""
    _initiative(ws, org, initiative)
    try:
        return service.usage_metrics(ws, org, initiative, period, by=by)
    except InputError:  # no usage data: no figures
        return []


@router.get("/organisations/{org}/snapshots", tags=["snapshots"])
def list_snapshots(ws: WorkspaceDep, org: ApiReadable) -> list[SnapshotRow]:
    """The stored snapshots, oldest first, with the phases of the initiatives in each."""
    return service.snapshots(ws, org)


@router.get("/organisations/{org}/snapshots/latest", tags=["snapshots"])
def latest_snapshot(ws: WorkspaceDep, org: ApiReadable) -> dict[str, Any]:
    """The newest snapshot's whole diagnosis: the document of the JSON report."""
    return service.stored_snapshot(ws, org, None).to_document()


@router.get("/organisations/{org}/snapshots/{as_of}", tags=["snapshots"])
def get_snapshot(ws: WorkspaceDep, org: ApiReadable, as_of: date) -> dict[str, Any]:
    """The snapshot of one date: the document of the JSON report."""
    return service.stored_snapshot(ws, org, as_of).to_document()


@router.post("/organisations/{org}/diagnoses", tags=["snapshots"], status_code=201)
def diagnose(ws: WorkspaceDep, org: ApiAnalysable, body: DiagnoseRequest) -> dict[str, Any]:
    """Diagnose the organisation as of a date and store the snapshot (analysts and
    administrators); a snapshot of the same date is replaced."""
    return service.diagnose(ws, org, body.as_of).to_document()


class ActionRequest(BaseModel):
    """A next step of the newest snapshot to accept into the action plan."""

    initiative: Annotated[str, Field(min_length=1, max_length=80)]
    tip: Annotated[str, Field(min_length=1, max_length=10, description="A tip, e.g. `T3`.")]
    owner: Annotated[
        str, Field(min_length=1, max_length=80, description="A role, never a person's name.")
    ]
    due: Annotated[date, Field(ge=date(1970, 1, 1), le=date(2999, 12, 31))]


@router.get("/organisations/{org}/plan", tags=["plan"])
def list_actions(
    ws: WorkspaceDep, org: ApiReadable, status: Literal["open", "done"] | None = None
) -> list[Action]:
    """The action plan as it stands, oldest action first, each re-checked in every snapshot
    since it was accepted (`docs/plan.md`)."""
    return service.action_plan(ws, org, status=status)


@router.post("/organisations/{org}/plan", tags=["plan"], status_code=201)
def accept_action(ws: WorkspaceDep, org: ApiAnalysable, body: ActionRequest) -> Action:
    """Accept a next step of the newest snapshot as an action, owned by a role and due on a
    day (analysts and administrators)."""
    return service.add_action(ws, org, body.initiative, body.tip, body.owner, body.due)


@router.post("/organisations/{org}/plan/{action}/done", tags=["plan"])
def finish_action(ws: WorkspaceDep, org: ApiAnalysable, action: int) -> Action:
    """Mark an action done today (analysts and administrators)."""
    return service.mark_done(ws, org, action)
