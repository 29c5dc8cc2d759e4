"""The JSON API of imports and owner assessments, under `/api/v1`.

Start an import with a multipart upload (or, for an administrator, a path inside the server's
import folder) and follow its job; read an owner-assessment form, save a draft, record it.
Every answer is the type the service returns: `Job`, `AssessmentForm`, `AssessmentRecorded`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Query, UploadFile
from pydantic import BaseModel, Field

from wi3 import service
from wi3.service import AssessmentForm, AssessmentRecorded, Job
from wi3.web._deps import (
    ApiAnalysable,
    ApiReadable,
    ApiUserDep,
    SettingsDep,
    WorkspaceDep,
    upload_limit,
)
from wi3.web.routes.api import ERRORS, Problem
from wi3.web.routes.imports import start_job

router = APIRouter(
    responses={
        **ERRORS,
        413: {"model": Problem, "description": "The upload is larger than the server takes."},
    },
    dependencies=[Depends(upload_limit)],
)

Day = Annotated[
    date,
    Field(
        ge=date(1970, 1, 1),
        le=date(2999, 12, 31),
        json_schema_extra={"pattern": r"^(19[7-9]\d|2\d{3})-\d{2}-\d{2}$"},
    ),
]
"""A day from 1970 to 2999."""
Language = Literal["en", "nl"]


@router.post("/organisations/{org}/imports", tags=["imports"], status_code=202)
def start_import(
    ws: WorkspaceDep,
    config: SettingsDep,
    who: ApiUserDep,
    org: ApiAnalysable,
    kind: Annotated[
        Literal["export", "organisation", "people", "assessments", "survey"],
        Form(description="What the file is: a platform export, or an organisation's file."),
    ],
    file: Annotated[UploadFile | None, Form(description="The file to import.")] = None,
    mapping: Annotated[
        UploadFile | None, Form(description="The column mapping (csv exports, surveys).")
    ] = None,
    on_server: Annotated[
        str,
        Form(
            max_length=1000,
            description="Instead of a file: a path inside the server's import folder "
            "(administrators only).",
        ),
    ] = "",
    initiative: Annotated[str, Form(max_length=80)] = "",
    source: Annotated[
        str, Form(max_length=40, description="The platform of an export (`wi3 ingest SOURCE`).")
    ] = "",
    round_name: Annotated[str, Form(max_length=200, description="A survey's round.")] = "",
    opened_on: Annotated[Day | None, Form(description="The day a survey round opened.")] = None,
    exported: Annotated[Day | None, Form(description="The day an export was taken.")] = None,
    strict: Annotated[bool, Form()] = False,
    partial: Annotated[bool, Form()] = False,
) -> Job:
    """Start an import in the background (analysts and administrators); follow it with
    `GET …/imports/{job}`. A file that cannot be read at all is refused here; one that fails
    while it is read ends the job as failed, with the same message."""
    return start_job(
        ws,
        config,
        who,
        org,
        kind,
        file=file,
        on_server=on_server,
        mapping=mapping,
        initiative=initiative,
        source=source,
        round_name=round_name,
        opened_on=opened_on,
        exported=exported,
        strict=strict,
        partial=partial,
    )


@router.get("/organisations/{org}/imports", tags=["imports"])
def list_imports(ws: WorkspaceDep, org: ApiReadable) -> list[Job]:
    """The organisation's newest import jobs, newest first."""
    return service.import_jobs(ws, org)


@router.get("/organisations/{org}/imports/{job}", tags=["imports"])
def get_import(ws: WorkspaceDep, org: ApiReadable, job: int) -> Job:
    """One import job: its state, records read so far, and its counts or error when ended."""
    return service.import_job(ws, org, job)


PLAIN_ROLE = r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"
"""A role: one line of plain text with something besides spaces in it."""


class DraftRequest(BaseModel):
    """Answers to save into the draft of a role: question id → answer ("dont_know", or
    blank to clear one)."""

    role: Annotated[str, Field(max_length=100, description="A role, never a name.")]
    answers: dict[Annotated[str, Field(max_length=100)], Annotated[str, Field(max_length=100)]]
    language: Language = "en"


class RecordRequest(BaseModel):
    """The assessment to record: the draft of `role`, with `answers` over it, as of a day."""

    role: Annotated[str, Field(max_length=100, description="A role, never a name.")]
    assessed_on: Day
    answers: dict[Annotated[str, Field(max_length=100)], Annotated[str, Field(max_length=100)]] = {}


@router.get("/organisations/{org}/assessments/{initiative}", tags=["assessments"])
def assessment_form(
    ws: WorkspaceDep,
    who: ApiUserDep,
    org: ApiReadable,
    initiative: str,
    language: Language = "en",
    role: Annotated[str | None, Query(max_length=100, pattern=PLAIN_ROLE)] = None,
) -> AssessmentForm:
    """The owner assessment of an initiative (or `@organisation`): each question with its
    options; with `role`, that role's draft answers (for those who may answer it)."""
    if role is not None:
        who.require(org, "assess", initiative)
    return service.assessment_form(ws, org, initiative, language, role)


@router.put("/organisations/{org}/assessments/{initiative}/draft", tags=["assessments"])
def save_draft(
    ws: WorkspaceDep, who: ApiUserDep, org: ApiReadable, initiative: str, body: DraftRequest
) -> AssessmentForm:
    """Save answers into the role's draft, over those saved before (the initiative's owner,
    analysts and administrators)."""
    who.require(org, "assess", initiative)
    return service.save_assessment_draft(
        ws, org, initiative, body.role, body.answers, body.language
    )


@router.post("/organisations/{org}/assessments/{initiative}", tags=["assessments"], status_code=201)
def record_assessment(
    ws: WorkspaceDep, who: ApiUserDep, org: ApiReadable, initiative: str, body: RecordRequest
) -> AssessmentRecorded:
    """Record the role's draft, with `answers` over it, as the assessment of `assessed_on`;
    the next diagnosis reads it."""
    who.require(org, "assess", initiative)
    return service.submit_assessment(ws, org, initiative, body.role, body.assessed_on, body.answers)
