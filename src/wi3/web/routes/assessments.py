"""Owner assessments on a form: each anchored item with its category's phase descriptors as the
answers, the facts, "don't know"; drafts saved per role (a role, never a name), and the
assessment recorded with its date and role for the next diagnosis to read.

The owner of an initiative answers it, and so may an analyst or administrator; every other
role reads the questions only. The service holds the form, the drafts and the recording
(`assessment_form`, `save_assessment_draft`, `submit_assessment`); these routes show it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse

from wi3 import service
from wi3.errors import InputError
from wi3.service import AssessmentForm, Locale, Principal, Workspace
from wi3.web._deps import LocaleDep, Readable, UserDep, WorkspaceDep, page, verify_csrf

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)

ORGANISATION = "@organisation"
"""The form of the organisation itself, in place of an initiative's slug."""
ROLE_KEY = "assessor_role"
"""Where the session remembers the role last answered as, to open its draft next time."""
DONT_KNOW = "dont_know"
"""What the form posts for "don't know" (the service's `DONT_KNOW`)."""


def may_assess(who: Principal, org: str, initiative: str) -> bool:
    """Whether the user may answer this form: its owner, an analyst or an administrator."""
    role = who.role(org)
    if role in ("administrator", "analyst"):
        return True
    return role == "owner" and initiative in who.owned.get(org, frozenset())


def _subject_link(org: str, initiative: str) -> str:
    """Where the assessed subject's diagnosis is shown."""
    if initiative == ORGANISATION:
        return f"/orgs/{org}/profile"
    return f"/orgs/{org}/initiatives/{initiative}"


def assessment_page(
    request: Request,
    ws: Workspace,
    who: Principal,
    locale: Locale,
    org: str,
    form: AssessmentForm,
    *,
    done: str | None = None,
    problem: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The form, with what was just done, or what was refused and where."""
    ids = {q.id for q in form.questions}
    where = (problem or "").partition(":")[0]
    return page(
        request,
        locale,
        "assessment.html",
        who,
        status_code,
        section="assessments",
        org=org,
        name=service.organisation(ws, org).name,
        form=form,
        may=may_assess(who, org, form.initiative),
        done=done,
        problem=problem,
        problem_at=where if where in ids else None,
        subject_link=_subject_link(org, form.initiative),
        today=date.today().isoformat(),
        dont_know_value=DONT_KNOW,
        perspectives={p.id: p.name.get(locale.language) for p in ws.model.perspectives},
    )


async def posted_answers(request: Request, form: AssessmentForm) -> dict[str, str]:
    """The answers the form posted, question by question: a "don't know" box wins over a
    number beside it; a question left alone is not posted, a number emptied clears it."""
    posted = await request.form()
    answers = {}
    for question in form.questions:
        values = [v for v in posted.getlist(question.id) if isinstance(v, str)]
        if not values:
            continue
        answers[question.id] = DONT_KNOW if DONT_KNOW in values else values[0]
    return answers


@router.get("/orgs/{org}/assessments")
def assessment_list(
    request: Request, ws: WorkspaceDep, who: UserDep, locale: LocaleDep, org: Readable
) -> HTMLResponse:
    """The owner assessments of the organisation and its initiatives, marked where the user
    may answer."""
    subjects: list[tuple[str, str, str | None]] = [
        (ORGANISATION, service.organisation(ws, org).name, None)
    ]
    subjects += [(r.slug, r.name, r.status) for r in service.initiatives(ws, org)]
    return page(
        request,
        locale,
        "assessments.html",
        who,
        section="assessments",
        org=org,
        name=service.organisation(ws, org).name,
        subjects=[
            (slug, title, status, may_assess(who, org, slug)) for slug, title, status in subjects
        ],
    )


@router.get("/orgs/{org}/assessments/{initiative}")
def assessment(
    request: Request,
    ws: WorkspaceDep,
    who: UserDep,
    locale: LocaleDep,
    org: Readable,
    initiative: str,
    role: str | None = None,
) -> HTMLResponse:
    """The form, with the draft of `role` (else of the role last answered as in this session);
    a user who may not answer it reads the questions only."""
    if may_assess(who, org, initiative):
        role = (role or request.session.get(ROLE_KEY) or "").strip() or None
    else:
        role = None  # drafts are for those who answer them
    form = service.assessment_form(ws, org, initiative, locale.language, role)
    return assessment_page(request, ws, who, locale, org, form)


@router.post("/orgs/{org}/assessments/{initiative}/draft")
async def save_draft(
    request: Request,
    ws: WorkspaceDep,
    who: UserDep,
    locale: LocaleDep,
    org: Readable,
    initiative: str,
    role: Annotated[str, Form(max_length=100)] = "",
) -> HTMLResponse:
    """Save the answers to the draft of `role`. An htmx autosave gets the draft's status line
    back; a button press, the whole form."""
    who.require(org, "assess", initiative)
    blank = service.assessment_form(ws, org, initiative, locale.language)
    answers = await posted_answers(request, blank)
    autosave = bool(request.headers.get("HX-Request"))
    try:
        form = service.save_assessment_draft(ws, org, initiative, role, answers, locale.language)
    except InputError as exc:
        if autosave:  # htmx swaps only a 200: the reason shows where the status line was
            return page(
                request, locale, "_draft_status.html", who, form=None, draft_problem=str(exc)
            )
        return assessment_page(
            request, ws, who, locale, org, blank, problem=str(exc), status_code=400
        )
    request.session[ROLE_KEY] = form.role
    if autosave:
        return page(request, locale, "_draft_status.html", who, form=form)
    return assessment_page(request, ws, who, locale, org, form)


@router.post("/orgs/{org}/assessments/{initiative}")
async def record(
    request: Request,
    ws: WorkspaceDep,
    who: UserDep,
    locale: LocaleDep,
    org: Readable,
    initiative: str,
    role: Annotated[str, Form(max_length=100)] = "",
    assessed_on: Annotated[date | None, Form()] = None,
) -> HTMLResponse:
    """Record the draft of `role`, with the answers posted over it, as the assessment of
    `assessed_on`; then point to where the diagnosis will show it."""
    who.require(org, "assess", initiative)
    blank = service.assessment_form(ws, org, initiative, locale.language)
    answers = await posted_answers(request, blank)
    try:  # saved first, so that a refusal loses no answer
        form = service.save_assessment_draft(ws, org, initiative, role, answers, locale.language)
    except InputError as exc:
        return assessment_page(
            request, ws, who, locale, org, blank, problem=str(exc), status_code=400
        )
    request.session[ROLE_KEY] = form.role
    try:
        if assessed_on is None:
            raise InputError("give the date of the assessment, such as today")
        recorded = service.submit_assessment(ws, org, initiative, role, assessed_on)
    except InputError as exc:
        return assessment_page(
            request, ws, who, locale, org, form, problem=str(exc), status_code=400
        )
    return page(
        request,
        locale,
        "assessment_recorded.html",
        who,
        section="assessments",
        org=org,
        name=service.organisation(ws, org).name,
        recorded=recorded,
        subject_link=_subject_link(org, initiative),
        can_analyse=who.role(org) in ("administrator", "analyst"),
        today=date.today().isoformat(),
    )
