"""Diagnosing an organisation as of a date: gather the evidence, judge it, keep a snapshot."""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import pyarrow as pa
from sqlalchemy import Select, delete, select
from sqlalchemy.orm import Session

from wi3.diagnosis import (
    ActivityEvidence,
    InitiativeEntry,
    InitiativeEvidence,
    Notice,
    Observation,
    Snapshot,
    diagnose_organisation,
    read_activity,
)
from wi3.errors import InputError, NotFoundError
from wi3.metrics import Activity, MetricValue
from wi3.model import PHASES, Model
from wi3.notes import note
from wi3.service._lifecycle import Audience, activity_evidence, audiences
from wi3.service._metrics import (
    kept_metrics,
    last_complete_quarter,
    organisation_activity,
    organisation_files,
    read_figures,
    usage_observations,
)
from wi3.service._organisation import find_initiative, list_initiatives
from wi3.service._questionnaires import round_answers, rounds_with_results
from wi3.service._rounds import close_due_rounds
from wi3.service._workspace import Workspace, find_organisation
from wi3.store import Assessment, Initiative, Organisation, SnapshotPhase, SurveyRound
from wi3.store import Snapshot as StoredSnapshot
from wi3.survey import score_items


def _owner_observations(model: Model, assessment: Assessment) -> list[Observation]:
    numbers = {f.id for f in model.facts if f.answer == "number"}
    dated = assessment.assessed_on
    day = dated.isoformat()
    role = assessment.assessor_role
    basis = note("owner_basis_by", date=day, role=role) if role else note("owner_basis", date=day)
    observations = []
    for answer in assessment.answers:
        if answer.dont_know or answer.value is None:
            observations.append(
                Observation(
                    "owner",
                    answer.item_id,
                    None,
                    basis,
                    withheld=note("owner_does_not_know"),
                    dated=dated,
                )
            )
        else:
            value: float | str = float(answer.value) if answer.item_id in numbers else answer.value
            observations.append(Observation("owner", answer.item_id, value, basis, dated=dated))
    return observations


def latest_assessment(
    session: Session, org: Organisation, initiative: Initiative | None, as_of: date
) -> Assessment | None:
    """The newest assessment of an initiative (or of the organisation) on or before `as_of`."""
    subject = (
        Assessment.initiative_id == initiative.id
        if initiative
        else Assessment.initiative_id.is_(None)
    )
    return session.scalar(_assessments(org, as_of).where(subject).limit(1))


def _assessments(org: Organisation, as_of: date) -> Select[Assessment]:
    """The organisation's assessments on or before `as_of`, newest first."""
    return (
        select(Assessment)
        .where(Assessment.organisation_id == org.id, Assessment.assessed_on <= as_of)
        .order_by(Assessment.assessed_on.desc(), Assessment.id.desc())
    )


def _survey_observations(model: Model, rnd: SurveyRound, as_of: date) -> list[Observation]:
    """Item means of a survey round as of `as_of`, dated by the round.

    A round is dated by its closing day once it has closed by `as_of`, else by its opening day.
    """
    min_group = model.settings.min_group_size
    answers = [a for _unit, a in round_answers(rnd, as_of)]
    dated = rnd.closed_on if rnd.closed_on is not None and rnd.closed_on <= as_of else rnd.opened_on
    observations = []
    for score in score_items(answers, [s.id for s in model.survey], min_group):
        basis = (
            note("survey_basis", round=repr(rnd.name))
            if score.answers is None
            else note("survey_basis_answers", round=repr(rnd.name), n=score.answers)
        )
        observations.append(
            Observation(
                "survey",
                score.item,
                score.mean,
                basis,
                n=score.answers,
                withheld=score.withheld,
                dated=dated,
            )
        )
    return observations


@dataclass(frozen=True)
class Gathered:
    """The evidence of a diagnosis: per initiative, of the organisation, and what to warn of."""

    initiatives: list[InitiativeEvidence]
    organisation: list[Observation]
    notices: list[Notice]


def gather(
    session: Session,
    model: Model,
    org: Organisation,
    as_of: date,
    usage: pa.Table,
    activity: Activity,
) -> Gathered:
    """The evidence of every initiative started by `as_of`, and of the organisation itself.

    `usage` holds the organisation's quarterly metrics as kept (`kept_metrics`); each initiative
    gets those of the last quarter complete on `as_of`, and only those become values. An
    initiative that has not started (before its start date or first event) is left out. A
    stopped initiative is judged on its evidence as of the day it stopped, so that it keeps
    the phase it ended in.
    """
    lives = activity_evidence(session, org, activity)
    members = audiences(session, org)
    judged = []  # each initiative started by `as_of`, its activity and the day it is judged on
    for initiative in list_initiatives(session, org):
        state = read_activity(model, lives[initiative.slug], as_of)
        if state is not None and state.state == "not_started":
            continue
        when = as_of
        if state is not None and state.state == "stopped" and state.since is not None:
            when = min(as_of, state.since)
        judged.append((initiative, state, when))
    usage_of: dict[str, list[MetricValue]] = defaultdict(list)
    for value in read_figures(usage, {last_complete_quarter(when) for *_, when in judged}):
        usage_of[value.initiative].append(value)
    # the owners' assessments (the organisation's own too) and the survey rounds of every
    # initiative in two queries, newest first: each initiative's newest on or before the day
    # it is judged on is the first of its own on or before that day
    assessed: dict[int | None, list[Assessment]] = defaultdict(list)
    for row in session.scalars(_assessments(org, as_of)):
        assessed[row.initiative_id].append(row)
    surveyed: dict[int, list[SurveyRound]] = defaultdict(list)
    for found in rounds_with_results(session, org, as_of):
        surveyed[found.initiative_id].append(found)
    evidence = []
    notices: list[Notice] = []
    for initiative, state, when in judged:
        observations = []
        assessment = next((a for a in assessed[initiative.id] if a.assessed_on <= when), None)
        if assessment is not None:
            observations += _owner_observations(model, assessment)
        rnd = next((r for r in surveyed[initiative.id] if r.opened_on <= when), None)
        if rnd is not None:
            observations += _survey_observations(model, rnd, when)
        usage_seen = usage_observations(usage_of[initiative.slug], initiative.slug, when)
        observations += usage_seen
        evidence.append(
            InitiativeEvidence(
                initiative.slug,
                tuple(observations),
                members[initiative.slug].people if initiative.slug in members else None,
                activity=state,
            )
        )
        life = lives[initiative.slug]
        notices += _notices(initiative.slug, life, as_of, when, bool(usage_seen))
    org_assessment = next(iter(assessed[None]), None)
    org_evidence = [] if org_assessment is None else _owner_observations(model, org_assessment)
    return Gathered(evidence, org_evidence, notices)


@dataclass(frozen=True)
class LifecycleEvidence:
    """What the activity rules and the audience read of each initiative, by slug: the same
    evidence `wi3 diagnose` judges, for studies that vary the rules (`bench/calibrate.py`)."""

    activity: dict[str, ActivityEvidence]
    audiences: dict[str, Audience]


def lifecycle_evidence(ws: Workspace, org_slug: str | None) -> LifecycleEvidence:
    """The activity evidence and the audience of every initiative of an organisation."""
    activity = organisation_activity(ws, org_slug)
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        return LifecycleEvidence(activity_evidence(session, org, activity), audiences(session, org))


def _notices(
    slug: str, life: ActivityEvidence, as_of: date, when: date, has_usage: bool
) -> list[Notice]:
    """What a reader of this diagnosis must know about the dates of its usage evidence."""
    if life.first_event is None:
        return []
    found = []
    until = life.covered_until
    if until is not None and as_of > until:
        text = note(
            "after_evidence",
            initiative=slug,
            date=until.isoformat(),
            basis=note(f"covered_by_{life.covered_basis}"),
        )
        found.append(Notice(slug, "after_evidence", text))
    if not has_usage:
        quarter = last_complete_quarter(when)
        text = note("no_usage_in_quarter", initiative=slug, period=quarter)
        found.append(Notice(slug, "no_usage", text))
    return found


def _directory(session: Session, org: Organisation) -> dict[str, InitiativeEntry]:
    members = audiences(session, org)
    return {
        i.slug: InitiativeEntry(
            name=i.name,
            kind=i.kind,
            platform=i.platform,
            unit=i.unit.path if i.unit else None,
            start_date=i.start_date,
            status=i.status,
            end_date=i.end_date,
            audience=members[i.slug].people if i.slug in members else None,
            audience_basis=members[i.slug].basis if i.slug in members else None,
        )
        for i in list_initiatives(session, org)
    }


EARLIEST = date(1970, 1, 1)
LATEST = date(2999, 12, 31)
"""The days a diagnosis may be of: no export holds usage before 1970, and the quarters around
a day must still be dates."""


def diagnose(ws: Workspace, org_slug: str | None, as_of: date) -> Snapshot:
    """Diagnose the organisation as of `as_of` and store it as that date's snapshot.

    A snapshot for the same date is replaced, so diagnosing twice on one day keeps one. Online
    survey rounds past their closing day are closed first, so their results count.

    Raises:
        InputError: when `as_of` lies outside `EARLIEST` to `LATEST`.
    """
    if not EARLIEST <= as_of <= LATEST:
        raise InputError(
            f"--as-of {as_of.isoformat()}: wi3 diagnoses days from {EARLIEST.isoformat()} to "
            f"{LATEST.isoformat()}; give a day in that range"
        )
    with _older_objects_set_aside():
        files = organisation_files(ws, org_slug)  # listed once, for the activity and figures
        activity = organisation_activity(ws, org_slug, files=files)
        usage = kept_metrics(ws, org_slug, "quarter", activity=activity, files=files)
        with _cycle_collection_paused():
            return _judge(ws, org_slug, as_of, usage, activity)


@contextmanager
def _older_objects_set_aside() -> Iterator[None]:
    """Keep the objects that exist now out of Python's cycle collections until the block ends.

    A diagnosis makes hundreds of thousands of objects, and every collection of the oldest
    generation they set off would walk the whole heap of the process as well (the imported
    libraries alone hold hundreds of thousands of objects). Set aside, those are walked again
    only after the block, when they rejoin the oldest generation: nothing is kept alive longer.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """No cycle collection until the block ends.

    Judging an organisation builds objects that form no cycles and mostly live until the
    snapshot is stored (contribution days, figures, readings, the snapshot's values: several
    hundred thousand for 400 initiatives); each batch of them would set off a collection that
    walks all of them again. What becomes garbage meanwhile is collected after the block.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _judge(
    ws: Workspace, org_slug: str | None, as_of: date, usage: pa.Table, activity: Activity
) -> Snapshot:
    """Judge the organisation on its kept figures and activity; store and return the snapshot."""
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        close_due_rounds(session, ws.model, org)
        found = gather(session, ws.model, org, as_of, usage, activity)
        result = diagnose_organisation(
            ws.model, org.slug, as_of, found.initiatives, found.organisation
        )
        snapshot = Snapshot(
            diagnosis=result,
            organisation_name=org.name,
            initiatives=_directory(session, org),
            notices=tuple(found.notices),
            example=org.example,
        )
        session.execute(
            delete(StoredSnapshot).where(
                StoredSnapshot.organisation_id == org.id, StoredSnapshot.as_of == as_of
            )
        )
        stored = StoredSnapshot(
            organisation_id=org.id,
            as_of=as_of,
            model_digest=ws.model_digest,
            diagnosis=snapshot.to_document(),
        )
        ids = {i.slug: i.id for i in list_initiatives(session, org)}
        stored.phases = [
            SnapshotPhase(
                initiative_id=ids[d.initiative],
                phase=d.phase,
                confidence=d.confidence.score,
                activity=None if d.activity is None else d.activity.state,
            )
            for d in result.initiatives
        ]
        session.add(stored)
    return snapshot


def stored_snapshot(ws: Workspace, org_slug: str | None, as_of: date | None) -> Snapshot:
    """The stored snapshot of `as_of` (the newest one when None).

    Raises:
        NotFoundError: when there is no such snapshot.
        InputError: when the stored snapshot cannot be read (written by a newer wi3).
    """
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        query = select(StoredSnapshot).where(StoredSnapshot.organisation_id == org.id)
        if as_of is not None:
            query = query.where(StoredSnapshot.as_of == as_of)
        found = session.scalar(query.order_by(StoredSnapshot.as_of.desc()).limit(1))
        if found is None:
            raise NotFoundError(
                key="error.no_snapshot_of" if as_of else "error.no_snapshot",
                organisation=org.slug,
                date=as_of.isoformat() if as_of else "",
            )
        document = dict(found.diagnosis)
    return Snapshot.from_document(document)


def previous_snapshot(ws: Workspace, org_slug: str | None, before: date) -> Snapshot | None:
    """The newest stored snapshot before `before`; None when there is none."""
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        document = session.scalar(
            select(StoredSnapshot.diagnosis)
            .where(StoredSnapshot.organisation_id == org.id, StoredSnapshot.as_of < before)
            .order_by(StoredSnapshot.as_of.desc())
            .limit(1)
        )
    return None if document is None else Snapshot.from_document(dict(document))


@dataclass(frozen=True)
class HistoryRow:
    """An initiative's phase and activity state in one snapshot, and how they changed."""

    as_of: date
    phase: str
    confidence: float
    change: str
    """"first", "same", "advanced", "regressed", "placed" (its phase became known) or
    "unplaced" (it became undetermined)."""
    activity: str | None = None
    activity_change: str | None = None
    """The new activity state when it differs from the snapshot before (None: unchanged)."""


def history(ws: Workspace, org_slug: str | None, initiative_slug: str) -> list[HistoryRow]:
    """The lifecycle of an initiative: its phase and activity in every snapshot, oldest first.

    A snapshot taken before the initiative started does not hold it, so none is listed.
    """
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        initiative = find_initiative(session, org, initiative_slug)
        rows = session.execute(
            select(
                StoredSnapshot.as_of,
                SnapshotPhase.phase,
                SnapshotPhase.confidence,
                SnapshotPhase.activity,
            )
            .join(SnapshotPhase, SnapshotPhase.snapshot_id == StoredSnapshot.id)
            .where(SnapshotPhase.initiative_id == initiative.id)
            .order_by(StoredSnapshot.as_of)
        ).all()
    return with_changes([(r[0], r[1], r[2], r[3]) for r in rows])


def lifecycles(ws: Workspace, org_slug: str | None, until: date) -> dict[str, list[HistoryRow]]:
    """Every initiative's lifecycle up to `until`, by slug, from one query over the snapshots.

    The same rows as `history` gives one initiative, for all of them at once (a report shows
    each initiative's lifecycle). An initiative no snapshot holds yet is not a key.
    """
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        rows = session.execute(
            select(
                Initiative.slug,
                StoredSnapshot.as_of,
                SnapshotPhase.phase,
                SnapshotPhase.confidence,
                SnapshotPhase.activity,
            )
            .join(SnapshotPhase, SnapshotPhase.snapshot_id == StoredSnapshot.id)
            .join(Initiative, Initiative.id == SnapshotPhase.initiative_id)
            .where(StoredSnapshot.organisation_id == org.id, StoredSnapshot.as_of <= until)
            .order_by(Initiative.slug, StoredSnapshot.as_of)
        ).all()
    found: dict[str, list[tuple[date, str, float, str | None]]] = defaultdict(list)
    for slug, as_of, phase, conf, activity in rows:
        found[slug].append((as_of, phase, conf, activity))
    return {slug: with_changes(series) for slug, series in found.items()}


def with_changes(rows: Sequence[tuple[date, str, float, str | None]]) -> list[HistoryRow]:
    """The rows with the change of phase and of activity state since the row before."""
    out = []
    previous: tuple[str, str | None] | None = None
    for as_of, phase, conf, activity in rows:
        if previous is None:
            change, moved = "first", None
        else:
            change = _phase_change(previous[0], phase)
            moved = activity if activity != previous[1] else None
        out.append(HistoryRow(as_of, phase, conf, change, activity, moved))
        previous = (phase, activity)
    return out


def _phase_change(before: str, after: str) -> str:
    if before == after:
        return "same"
    if before not in PHASES:
        return "placed"
    if after not in PHASES:
        return "unplaced"
    return "advanced" if PHASES.index(after) > PHASES.index(before) else "regressed"
