"""Diagnosing an organisation as of a date: gather the evidence, judge it, keep a snapshot."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from wi3.diagnosis import (
    InitiativeEvidence,
    Observation,
    OrganisationDiagnosis,
    diagnose_organisation,
    from_document,
    to_document,
)
from wi3.errors import NotFoundError
from wi3.metrics import MetricValue
from wi3.model import PHASES, Model
from wi3.notes import note
from wi3.service._metrics import organisation_metrics, usage_observations
from wi3.service._organisation import find_initiative, list_initiatives
from wi3.service._questionnaires import latest_round, round_answers
from wi3.service._workspace import Workspace, find_organisation
from wi3.store import Assessment, Initiative, Organisation, Snapshot, SnapshotPhase
from wi3.survey import score_items

EvidenceSource = Callable[[Session, Model, Initiative, date], list[Observation]]
"""Gives the observations of one kind of evidence for an initiative as of a date."""


def _owner_observations(model: Model, assessment: Assessment) -> list[Observation]:
    numbers = {f.id for f in model.facts if f.answer == "number"}
    day = assessment.assessed_on.isoformat()
    role = assessment.assessor_role
    basis = note("owner_basis_by", date=day, role=role) if role else note("owner_basis", date=day)
    observations = []
    for answer in assessment.answers:
        if answer.dont_know or answer.value is None:
            observations.append(
                Observation(
                    "owner", answer.item_id, None, basis, withheld=note("owner_does_not_know")
                )
            )
        else:
            value: float | str = float(answer.value) if answer.item_id in numbers else answer.value
            observations.append(Observation("owner", answer.item_id, value, basis))
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
    return session.scalar(
        select(Assessment)
        .where(Assessment.organisation_id == org.id, subject, Assessment.assessed_on <= as_of)
        .order_by(Assessment.assessed_on.desc(), Assessment.id.desc())
        .limit(1)
    )


def owner_evidence(
    session: Session, model: Model, initiative: Initiative, as_of: date
) -> list[Observation]:
    """The answers of the newest owner assessment on or before `as_of`."""
    org = session.get_one(Organisation, initiative.organisation_id)
    assessment = latest_assessment(session, org, initiative, as_of)
    return [] if assessment is None else _owner_observations(model, assessment)


def survey_evidence(
    session: Session, model: Model, initiative: Initiative, as_of: date
) -> list[Observation]:
    """Item means of the newest survey round opened on or before `as_of`."""
    rnd = latest_round(session, initiative, as_of)
    if rnd is None:
        return []
    min_group = model.settings.min_group_size
    answers = [a for _unit, a in round_answers(rnd, as_of)]
    observations = []
    for score in score_items(answers, [s.id for s in model.survey], min_group):
        basis = (
            note("survey_basis", round=repr(rnd.name))
            if score.answers is None
            else note("survey_basis_answers", round=repr(rnd.name), n=score.answers)
        )
        observations.append(
            Observation(
                "survey", score.item, score.mean, basis, n=score.answers, withheld=score.withheld
            )
        )
    return observations


EVIDENCE_SOURCES: tuple[EvidenceSource, ...] = (owner_evidence, survey_evidence)
"""The kinds of evidence read from the application store; usage comes from the metrics."""


def gather(
    session: Session, model: Model, org: Organisation, as_of: date, usage: list[MetricValue]
) -> tuple[list[InitiativeEvidence], list[Observation]]:
    """The evidence of every initiative started by `as_of`, and of the organisation itself.

    `usage` holds the organisation's quarterly metrics; each initiative gets those of the last
    quarter complete on `as_of`.
    """
    evidence = []
    for initiative in list_initiatives(session, org):
        if initiative.start_date is not None and initiative.start_date > as_of:
            continue
        observations = [
            o for source in EVIDENCE_SOURCES for o in source(session, model, initiative, as_of)
        ]
        observations += usage_observations(usage, initiative.slug, as_of)
        evidence.append(
            InitiativeEvidence(initiative.slug, tuple(observations), initiative.audience)
        )
    org_assessment = latest_assessment(session, org, None, as_of)
    org_evidence = [] if org_assessment is None else _owner_observations(model, org_assessment)
    return evidence, org_evidence


def _directory(session: Session, org: Organisation) -> dict[str, dict[str, Any]]:
    return {
        i.slug: {
            "name": i.name,
            "kind": i.kind,
            "platform": i.platform,
            "unit": i.unit.path if i.unit else None,
            "start_date": i.start_date.isoformat() if i.start_date else None,
            "status": i.status,
            "audience": i.audience,
        }
        for i in list_initiatives(session, org)
    }


def diagnose(ws: Workspace, org_slug: str | None, as_of: date) -> dict[str, Any]:
    """Diagnose the organisation as of `as_of` and store it as that date's snapshot.

    A snapshot for the same date is replaced, so diagnosing twice on one day keeps one. Returns
    the snapshot document: the diagnosis plus the organisation's and initiatives' descriptions.
    """
    usage = organisation_metrics(ws, org_slug, "quarter")
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        evidence, org_evidence = gather(session, ws.model, org, as_of, usage)
        result = diagnose_organisation(ws.model, org.slug, as_of, evidence, org_evidence)
        document = to_document(result)
        document["organisation"] = {"slug": org.slug, "name": org.name}
        if org.example:
            document["example"] = True
        document["initiatives"] = _directory(session, org)
        session.execute(
            delete(Snapshot).where(Snapshot.organisation_id == org.id, Snapshot.as_of == as_of)
        )
        snapshot = Snapshot(
            organisation_id=org.id, as_of=as_of, model_digest=ws.model_digest, diagnosis=document
        )
        ids = {i.slug: i.id for i in list_initiatives(session, org)}
        snapshot.phases = [
            SnapshotPhase(
                initiative_id=ids[d.initiative], phase=d.phase, confidence=d.confidence.score
            )
            for d in result.initiatives
        ]
        session.add(snapshot)
    return document


def snapshot_document(ws: Workspace, org_slug: str | None, as_of: date | None) -> dict[str, Any]:
    """The stored snapshot of `as_of` (the newest one when None).

    Raises:
        NotFoundError: when there is no such snapshot.
    """
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        query = select(Snapshot).where(Snapshot.organisation_id == org.id)
        if as_of is not None:
            query = query.where(Snapshot.as_of == as_of)
        snapshot = session.scalar(query.order_by(Snapshot.as_of.desc()).limit(1))
        if snapshot is None:
            when = f" of {as_of.isoformat()}" if as_of else ""
            raise NotFoundError(
                f"{org.slug} has no diagnosis{when} yet: run `wi3 diagnose"
                + (f" --as-of {as_of.isoformat()}" if as_of else "")
                + "` first"
            )
        return dict(snapshot.diagnosis)


def diagnosis_of(document: dict[str, Any]) -> OrganisationDiagnosis:
    """The typed diagnosis inside a snapshot document."""
    return from_document(document)


@dataclass(frozen=True)
class HistoryRow:
    """An initiative's phase in one snapshot, and how it changed since the one before."""

    as_of: date
    phase: str
    confidence: float
    change: str  # "first", "same", "advanced" or "regressed"


def history(ws: Workspace, org_slug: str | None, initiative_slug: str) -> list[HistoryRow]:
    """The lifecycle of an initiative: its phase in every snapshot, oldest first."""
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        initiative = find_initiative(session, org, initiative_slug)
        rows = session.execute(
            select(Snapshot.as_of, SnapshotPhase.phase, SnapshotPhase.confidence)
            .join(SnapshotPhase, SnapshotPhase.snapshot_id == Snapshot.id)
            .where(SnapshotPhase.initiative_id == initiative.id)
            .order_by(Snapshot.as_of)
        ).all()
    return list(_with_changes([(r[0], r[1], r[2]) for r in rows]))


def _with_changes(rows: Sequence[tuple[date, str, float]]) -> list[HistoryRow]:
    out = []
    previous: str | None = None
    for as_of, phase, conf in rows:
        if previous is None:
            change = "first"
        else:
            step = PHASES.index(phase) - PHASES.index(previous)
            change = "advanced" if step > 0 else "regressed" if step < 0 else "same"
        out.append(HistoryRow(as_of, phase, conf, change))
        previous = phase
    return out
