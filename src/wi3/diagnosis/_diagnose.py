"""The diagnosis of an initiative and of an organisation, from evidence given as plain data."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from wi3.diagnosis._advice import (
    advise,
    blocking_conditions,
    missing_evidence,
    next_phase,
    signalled,
)
from wi3.diagnosis._gates import confidence, judge, mean_level
from wi3.diagnosis._readings import categorise, index
from wi3.diagnosis._types import (
    InitiativeDiagnosis,
    Observation,
    OrganisationDiagnosis,
    OrganisationPhase,
    Profile,
)
from wi3.model import PHASES, Model


@dataclass(frozen=True)
class InitiativeEvidence:
    """Everything known about one initiative on the diagnosis date."""

    initiative: str
    observations: tuple[Observation, ...]
    audience: int | None = None
    """People in scope, used to weight the organisation profile by reach."""


def diagnose_initiative(
    model: Model, initiative: str, observations: Iterable[Observation]
) -> InitiativeDiagnosis:
    """Find an initiative's phase from its evidence, with confidence and next steps."""
    observed = index(observations)
    categories = categorise(model, observed, (c.id for c in model.categories))
    phase, gates = judge(model.gates, categories)
    factors = signalled(model, observed)
    blocking = blocking_conditions(phase, gates, categories)
    return InitiativeDiagnosis(
        initiative=initiative,
        phase=phase,
        mean=mean_level(categories),
        categories=categories,
        gates=gates,
        confidence=confidence(model, categories),
        factors=factors,
        next_steps=advise(model, phase, blocking, categories, factors),
        target=next_phase(phase),
        missing=missing_evidence(model, blocking, categories),
    )


def organisation_phase(model: Model, observations: Iterable[Observation]) -> OrganisationPhase:
    """The phase of the organisation's own way of organising Enterprise 2.0.

    Read from an organisation-level assessment of the categories of the business and
    organisation perspectives, through the model's organisation gates.
    """
    scope = [c.id for c in model.categories if c.perspective in model.organisation.perspectives]
    categories = categorise(model, index(observations), scope)
    phase, gates = judge(model.organisation.gates, categories)
    return OrganisationPhase(
        phase=phase,
        mean=mean_level(categories),
        categories=categories,
        gates=gates,
        confidence=confidence(model, categories),
    )


def profile(diagnoses: Sequence[InitiativeDiagnosis], audiences: Sequence[int | None]) -> Profile:
    """Initiatives per phase as counts and shares, and shares weighted by audience when known."""
    counts = {p: sum(1 for d in diagnoses if d.phase == p) for p in PHASES}
    total = len(diagnoses)
    shares = {p: counts[p] / total if total else 0.0 for p in PHASES}
    weighted = None
    if diagnoses and all(a is not None for a in audiences):
        reach = sum(a or 0 for a in audiences)
        if reach:
            weighted = {
                p: sum(a or 0 for d, a in zip(diagnoses, audiences, strict=True) if d.phase == p)
                / reach
                for p in PHASES
            }
    return Profile(counts=counts, shares=shares, weighted_shares=weighted)


def diagnose_organisation(
    model: Model,
    organisation: str,
    as_of: date,
    initiatives: Sequence[InitiativeEvidence],
    organisation_evidence: Sequence[Observation] = (),
) -> OrganisationDiagnosis:
    """Diagnose every initiative, then the organisation's profile and its own phase.

    The own phase is None when there is no organisation-level assessment.
    """
    diagnoses = tuple(diagnose_initiative(model, i.initiative, i.observations) for i in initiatives)
    return OrganisationDiagnosis(
        organisation=organisation,
        as_of=as_of,
        model=f"{model.id} {model.version}",
        initiatives=diagnoses,
        profile=profile(diagnoses, [i.audience for i in initiatives]),
        own_phase=organisation_phase(model, organisation_evidence)
        if organisation_evidence
        else None,
    )
