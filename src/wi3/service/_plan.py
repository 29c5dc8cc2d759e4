"""The action plan: accepted next steps with an owner role and a due date, re-checked later.

`add_action` accepts one of an initiative's next steps from the newest snapshot on or before
the day it is accepted, and freezes what the step rested on (`wi3.diagnosis.freeze`).
`action_plan` reads the plan as of a day, each action re-checked in every later snapshot up to
that day (`wi3.diagnosis.recheck`); the outcomes are computed from the stored snapshots each
time, so diagnosing a date again updates them. `mark_done` records that an action was done.
The rules are in `docs/plan.md`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Literal, NoReturn

from sqlalchemy import select
from sqlalchemy.orm import Session

from wi3.diagnosis import Action as PlanAction
from wi3.diagnosis import (
    Baseline,
    InitiativeDiagnosis,
    Recheck,
    Snapshot,
    freeze,
    initiative_from_document,
    recheck,
)
from wi3.errors import InputError, NotFoundError, has_control_character
from wi3.events import Pseudonymiser
from wi3.model import Model
from wi3.service._organisation import find_initiative
from wi3.service._workspace import Workspace, find_organisation
from wi3.store import Action, AliasDigest, Initiative, Organisation
from wi3.store import Snapshot as StoredSnapshot

Status = Literal["open", "done"]
STATUSES: tuple[Status, ...] = ("open", "done")
MAX_ROLE = 80
"""The longest owner role, in characters: a role is a few words."""


def add_action(
    ws: Workspace,
    org_slug: str | None,
    initiative_slug: str,
    tip: str,
    owner: str,
    due: date,
    accepted_on: date | None = None,
) -> PlanAction:
    """Accept the next step `tip` of an initiative as an action of the plan.

    The step must be one of the initiative's next steps in the newest snapshot on or before
    `accepted_on` (default today): the action keeps that step's evidence and the indicators to
    measure again, with their values then. `owner` is a role, never a person's name.

    Raises:
        InputError: for an owner that is no role (empty, an e-mail address, a name in the
            people directory), a tip that is not among the next steps, a due date before the
            day it is accepted, or a step already open in the plan.
        NotFoundError: for an unknown initiative, or when no snapshot exists on or before
            `accepted_on`.
    """
    day = accepted_on or date.today()
    role = _check_role(owner)
    tip = tip.strip().upper()
    _check_tip(ws.model, tip)
    if due < day:
        raise InputError(key="error.plan.due_before", due=due.isoformat(), day=day.isoformat())
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        initiative = find_initiative(session, org, initiative_slug)
        _refuse_a_name(ws, session, org, role)
        snapshot = _snapshot_on(session, org, day)
        diagnosis = snapshot.initiative(initiative.slug)
        if diagnosis is None:
            raise InputError(
                key="error.plan.not_started",
                date=snapshot.as_of.isoformat(),
                initiative=initiative.slug,
            )
        step = next((s for s in diagnosis.next_steps if s.tip == tip), None)
        if step is None:
            _refuse_a_step(tip, snapshot, diagnosis)
        already = session.scalar(
            select(Action).where(
                Action.initiative_id == initiative.id, Action.tip == tip, Action.status == "open"
            )
        )
        if already is not None:
            raise InputError(
                key="error.plan.already",
                tip=tip,
                initiative=initiative.slug,
                id=str(already.id),
                due=already.due.isoformat(),
            )
        baseline = freeze(diagnosis, step, snapshot.as_of)
        row = Action(
            organisation_id=org.id,
            initiative_id=initiative.id,
            tip=tip,
            owner_role=role,
            due=due,
            status="open",
            accepted_on=day,
            basis_as_of=snapshot.as_of,
            baseline=baseline.to_json(),
        )
        session.add(row)
        session.flush()
        return _action(row, initiative.slug, baseline, day, ())


def mark_done(
    ws: Workspace, org_slug: str | None, action_id: int, done_on: date | None = None
) -> PlanAction:
    """Record that the action `action_id` was done on `done_on` (default today).

    It stays in the plan and is re-checked at later snapshots like an open one.

    Raises:
        NotFoundError: when the organisation has no such action.
        InputError: when it is done already, or `done_on` lies before the day it was accepted.
    """
    day = done_on or date.today()
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        # an id no store can hold (SQLite and PostgreSQL keep 64-bit integers) is no action
        row = session.get(Action, action_id) if 0 < action_id < 2**63 else None
        if row is None or row.organisation_id != org.id:
            raise NotFoundError(
                key="error.plan.no_action", organisation=org.slug, id=str(action_id)
            )
        if row.status == "done":
            if row.done_on is None:
                raise InputError(key="error.plan.done_already", id=str(action_id))
            raise InputError(
                key="error.plan.done_already_on", id=str(action_id), date=row.done_on.isoformat()
            )
        if day < row.accepted_on:
            raise InputError(
                key="error.plan.done_before",
                id=str(action_id),
                accepted=row.accepted_on.isoformat(),
                day=day.isoformat(),
            )
        row.status = "done"
        row.done_on = day
        baseline = Baseline.from_json(row.baseline)
        return _action(row, row.initiative.slug, baseline, day, ())


def action_plan(
    ws: Workspace,
    org_slug: str | None,
    *,
    initiative: str | None = None,
    status: Status | None = None,
    as_of: date | None = None,
) -> list[PlanAction]:
    """The plan as of `as_of` (default: as it stands), oldest action first, each re-checked.

    As of a day, the plan holds the actions accepted on or before it; one done after it was
    still open then; and each action is re-checked in every stored snapshot after its
    baseline, up to that day. `initiative` and `status` narrow the list.

    Raises:
        NotFoundError: for an unknown organisation or initiative.
        InputError: for a status other than open or done.
    """
    if status is not None and status not in STATUSES:
        raise InputError(key="error.plan.status", value=repr(status))
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        query = (
            select(Action, Initiative.slug)
            .join(Initiative, Initiative.id == Action.initiative_id)
            .where(Action.organisation_id == org.id)
            .order_by(Action.accepted_on, Action.id)
        )
        if initiative is not None:
            query = query.where(
                Action.initiative_id == find_initiative(session, org, initiative).id
            )
        if as_of is not None:
            query = query.where(Action.accepted_on <= as_of)
        rows = session.execute(query).all()
        later = _snapshots_after(
            session, org, min((r[0].basis_as_of for r in rows), default=None), as_of
        )
        read: dict[tuple[date, str], InitiativeDiagnosis | None] = {}

        def diagnosis(day: date, document: dict[str, Any], slug: str) -> InitiativeDiagnosis | None:
            if (day, slug) not in read:
                read[day, slug] = _initiative(document, slug)
            return read[day, slug]

        actions = []
        for row, slug in rows:
            baseline = Baseline.from_json(row.baseline)
            checks = tuple(
                recheck(baseline, diagnosis(day, document, slug), day)
                for day, document in later
                if day > baseline.as_of
            )
            action = _action(row, slug, baseline, as_of, checks)
            if status is None or action.status == status:
                actions.append(action)
    return actions


def _action(
    row: Action,
    slug: str,
    baseline: Baseline,
    as_of: date | None,
    checks: Sequence[Recheck],
) -> PlanAction:
    """The stored action as of `as_of` (None: as it stands): done only once it was done."""
    done = row.done_on is not None and (as_of is None or row.done_on <= as_of)
    return PlanAction(
        id=row.id,
        initiative=slug,
        tip=row.tip,
        owner=row.owner_role,
        due=row.due,
        status="done" if done else "open",
        accepted_on=row.accepted_on,
        done_on=row.done_on if done else None,
        baseline=baseline,
        checks=tuple(checks),
    )


def _snapshots_after(
    session: Session, org: Organisation, after: date | None, until: date | None
) -> list[tuple[date, dict[str, Any]]]:
    """The organisation's snapshot documents after `after` up to `until`, oldest first."""
    if after is None:
        return []
    query = select(StoredSnapshot.as_of, StoredSnapshot.diagnosis).where(
        StoredSnapshot.organisation_id == org.id, StoredSnapshot.as_of > after
    )
    if until is not None:
        query = query.where(StoredSnapshot.as_of <= until)
    return [(day, dict(d)) for day, d in session.execute(query.order_by(StoredSnapshot.as_of))]


def _initiative(document: dict[str, Any], slug: str) -> InitiativeDiagnosis | None:
    """One initiative of a stored snapshot document.

    Raises:
        InputError: when the document cannot be read (written by a newer wi3).
    """
    try:
        return initiative_from_document(document, slug)
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(key="error.plan.unreadable", reason=str(exc)) from exc


def _snapshot_on(session: Session, org: Organisation, day: date) -> Snapshot:
    """The newest snapshot on or before `day`."""
    document = session.scalar(
        select(StoredSnapshot.diagnosis)
        .where(StoredSnapshot.organisation_id == org.id, StoredSnapshot.as_of <= day)
        .order_by(StoredSnapshot.as_of.desc())
        .limit(1)
    )
    if document is None:
        raise NotFoundError(
            key="error.plan.no_snapshot", organisation=org.slug, date=day.isoformat()
        )
    return Snapshot.from_document(dict(document))


def _check_role(owner: str) -> str:
    """The owner role, trimmed; refused when it cannot be a role."""
    role = " ".join(owner.split())
    if not role:
        raise InputError(key="error.plan.owner_empty")
    if has_control_character(role) or len(role) > MAX_ROLE:
        raise InputError(key="error.plan.owner_long", role=repr(role[:MAX_ROLE]), limit=MAX_ROLE)
    if "@" in role:
        raise InputError(key="error.plan.owner_email", role=repr(role))
    return role


def _refuse_a_name(ws: Workspace, session: Session, org: Organisation, role: str) -> None:
    """Refuse an owner that is the name or handle of someone in the people directory."""
    kind, digest = Pseudonymiser(ws.key()).alias(role)
    found = session.scalar(
        select(AliasDigest.id)
        .where(AliasDigest.organisation_id == org.id, AliasDigest.digest == digest)
        .limit(1)
    )
    if found is not None:  # an e-mail address was refused before: a name or a handle
        raise InputError(key=f"error.plan.owner_person.{kind}", role=repr(role))


def _check_tip(model: Model, tip: str) -> None:
    known = [t.id for t in model.tips]
    ends = [e.id for e in model.activity.end_of_life]
    if tip in ends:
        raise InputError(key="error.plan.end_of_life", tip=tip, known=known)
    if tip not in known:
        raise InputError(key="error.plan.no_tip", tip=repr(tip), known=known)


def _refuse_a_step(tip: str, snapshot: Snapshot, diagnosis: InitiativeDiagnosis) -> NoReturn:
    """Refuse `tip`, which is not among the next steps of the initiative in `snapshot`."""
    slug = diagnosis.initiative
    steps = [s.tip for s in diagnosis.next_steps if s.activity != "stopped"]
    when = snapshot.as_of.isoformat()
    if not steps:
        raise InputError(key="error.plan.no_steps", initiative=slug, date=when)
    raise InputError(
        key="error.plan.not_a_step", tip=tip, initiative=slug, date=when, steps=", ".join(steps)
    )
