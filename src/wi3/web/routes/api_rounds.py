"""The JSON API for survey rounds, under `/api/v1`: list an initiative's rounds with where they
stand, create a round, invite a list of people (their tokens are returned this once), close a
round. The answers are the types `wi3 survey round` prints; changing anything needs an analyst
or administrator of the organisation.

A respondent's link is the app's `/survey/` address followed by the token (or the open link).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from wi3 import service
from wi3.service import Invitations, RoundClosed, RoundCreated, RoundStatus
from wi3.web._deps import ApiAnalysable, ApiReadable, WorkspaceDep
from wi3.web.routes.api import ERRORS

router = APIRouter(responses=ERRORS, tags=["survey rounds"])

ROUNDS = "/organisations/{org}/initiatives/{initiative}/rounds"
MAX_INVITEES = 10_000
"""The most invitees one request may list; invite a longer list in parts."""


class RoundRequest(BaseModel):
    """A new round: its name, the language it asks in, its last day (none: closed by hand),
    and whether it has an open link anyone holding it may use."""

    name: Annotated[str, Field(min_length=1, max_length=200)]
    language: Literal["en", "nl"] = "en"
    closes_on: Annotated[
        date | None,
        Field(
            ge=date(1970, 1, 1),
            le=date(2999, 12, 31),
            json_schema_extra={"pattern": r"^(19[7-9]\d|2\d{3})-\d{2}-\d{2}$"},
        ),
    ] = None
    open_link: bool = False


class InviteeRequest(BaseModel):
    """One person to invite: the address to send the link to (never stored), a unit path of
    the organisation, and a level (staff, manager or executive)."""

    address: Annotated[str, Field(max_length=320)]
    unit: Annotated[str | None, Field(max_length=500)] = None
    level: Annotated[str | None, Field(max_length=20)] = None


@router.get(ROUNDS)
def list_rounds(ws: WorkspaceDep, org: ApiReadable, initiative: str) -> list[RoundStatus]:
    """The initiative's survey rounds, oldest first: response rates only for groups of at
    least five invitees (smaller ones pooled or withheld)."""
    return service.survey_rounds(ws, org, initiative)


@router.post(ROUNDS, status_code=201)
def create_round(
    ws: WorkspaceDep, org: ApiAnalysable, initiative: str, body: RoundRequest
) -> RoundCreated:
    """Create a round from the model's survey items; `open_link` holds the open link's secret
    this once, when asked for."""
    return service.create_round(
        ws,
        org,
        initiative,
        body.name,
        body.language,
        closes_on=body.closes_on,
        open_link=body.open_link,
    )


@router.get(ROUNDS + "/{round:path}")
def get_round(ws: WorkspaceDep, org: ApiReadable, initiative: str, round: str) -> RoundStatus:
    """Where one round stands."""
    return service.round_status(ws, org, initiative, round)


@router.post(ROUNDS + "/{round:path}/invitations", status_code=201)
def invite(
    ws: WorkspaceDep,
    org: ApiAnalysable,
    initiative: str,
    round: str,
    body: Annotated[list[InviteeRequest], Field(max_length=MAX_INVITEES)],
) -> Invitations:
    """Make a single-use invitation for each invitee not yet invited: each new one's token is
    returned this once (the store keeps only its digest); `already` counts the others."""
    people = [person.model_dump() for person in body]
    return service.invite_people(ws, org, initiative, round, people)


@router.post(ROUNDS + "/{round:path}/close")
def close_round(ws: WorkspaceDep, org: ApiAnalysable, initiative: str, round: str) -> RoundClosed:
    """Close an open round now: its answers become its responses, for the next diagnosis."""
    return service.close_round(ws, org, initiative, round)
