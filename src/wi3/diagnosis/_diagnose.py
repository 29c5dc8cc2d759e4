"""The diagnosis of an initiative and of an organisation, from evidence given as plain data."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from wi3.diagnosis._advice import (
    advise,
    blocking_conditions,
    end_of_life,
    missing_evidence,
    next_phase,
    signalled,
)
from wi3.diagnosis._claims import claim_conflicts
from wi3.diagnosis._gates import confidence, judge, mean_level
from wi3.diagnosis._readings import Ageing, Key, categorise, index
from wi3.diagnosis._types import (
    UNDETERMINED,
    ActivityReading,
    CategoryResult,
    Condition,
    GateResult,
    InitiativeDiagnosis,
    Observation,
    OrganisationDiagnosis,
    OrganisationPhase,
    Profile,
    Sufficiency,
    UsagePointer,
)
from wi3.model import PHASES, Model

ACTIVITY_ORDER = ("growing", "active", "declining", "dormant", "stopped", "not_started")


@dataclass(frozen=True)
class InitiativeEvidence:
    """Everything known about one initiative on the diagnosis date."""

    initiative: str
    observations: tuple[Observation, ...]
    audience: int | None = None
    """People in scope, used to weight the organisation profile by reach."""
    activity: ActivityReading | None = None
    """Its activity state as of the diagnosis date (see `read_activity`)."""


def diagnose_initiative(
    model: Model,
    initiative: str,
    observations: Iterable[Observation],
    *,
    as_of: date | None = None,
    activity: ActivityReading | None = None,
) -> InitiativeDiagnosis:
    """Find an initiative's phase from its evidence, with confidence and next steps.

    With `as_of`, owner and survey evidence lose weight with age. The phase is undetermined
    when the evidence cannot carry one (see `sufficiency`). A stopped initiative keeps the phase
    its evidence gives, aged as of the day it stopped, and gets the end-of-life advice instead of
    growth steps; a declining or dormant one gets first the tips that act on what fails.
    """
    observed = index(observations)
    stopped = activity is not None and activity.state == "stopped"
    if stopped and as_of is not None and activity is not None and activity.since is not None:
        as_of = min(as_of, activity.since)  # the phase it ended in, as its evidence stood then
    ageing = None if as_of is None else Ageing.of(model, as_of)
    categories = categorise(model, observed, (c.id for c in model.categories), ageing)
    reached, gates = judge(model.gates, categories)
    pointer = usage_pointer(model, observed)
    new = pointer is None and _launch(model, activity, as_of)
    enough = sufficiency(model, reached, categories, gates, new)
    phase = UNDETERMINED if enough.reason else reached
    factors = signalled(model, observed, ageing)
    claims = claim_conflicts(model, categories, activity)
    blocking = blocking_conditions(reached, gates, categories)
    steps = (
        end_of_life(model)
        if stopped
        else advise(
            model,
            reached,
            blocking,
            categories,
            factors,
            activity=None if activity is None else activity.state,
        )
    )
    return InitiativeDiagnosis(
        initiative=initiative,
        phase=phase,
        mean=mean_level(categories),
        categories=categories,
        gates=gates,
        confidence=confidence(model, categories, (c for k in claims for c in k.categories)),
        factors=factors,
        next_steps=steps,
        target=None if stopped else next_phase(reached),
        missing=missing_evidence(model, blocking, categories),
        activity=activity,
        usage_pointer=pointer,
        claims=claims,
        sufficiency=enough,
    )


def sufficiency(
    model: Model,
    reached: str,
    categories: Sequence[CategoryResult],
    gates: Sequence[GateResult],
    new: bool = False,
) -> Sufficiency:
    """Whether the evidence carries a phase: enough categories, and a pioneering that is real.

    Too few categories with a level that can carry a phase (`evidence.min_categories`) leave
    the phase undetermined. So does a facilitating gate that no judged condition fails but that
    lacks evidence for one: pioneering would then be a default, not a finding. A `new`
    initiative (in its launch months) is pioneering instead, by the published rule that every
    new initiative starts there.
    """
    counted = sum(1 for c in categories if c.level is not None and c.carried)
    required = int(model.evidence.min_categories.value)
    reason = None
    if counted < required:
        reason = "too_few_categories"
    elif reached == "pioneering" and gates[0].status == "unknown":
        reason = "gate_unknown"
    if reason is not None and new and reached == "pioneering":
        return Sufficiency(categories=counted, required=required, reason=None, new=True)
    return Sufficiency(categories=counted, required=required, reason=reason)


def _launch(model: Model, activity: ActivityReading | None, as_of: date | None) -> bool:
    """Whether the initiative started within the model's launch months before `as_of`.

    The caller applies it only where usage has no figure about people yet: an archive that
    starts in the middle of a community's life (a selection from one year on) shows a busy
    first quarter, which is no launch.
    """
    if activity is None or activity.started is None or as_of is None:
        return False
    months = model.evidence.launch_months.value
    return activity.live and (as_of - activity.started).days < months * 365.25 / 12


def usage_pointer(model: Model, observed: dict[Key, Observation]) -> UsagePointer | None:
    """What the usage evidence alone points to; None without a usage figure about people.

    The usage observations are judged on their own through the gates. A gate counts as reached
    when none of the conditions usage could judge fails and one of them (not the mean) rests on
    a figure about people; conditions usage cannot judge are set aside.
    """
    usage = {key: o for key, o in observed.items() if o.evidence == "usage"}
    categories = categorise(model, usage, (c.id for c in model.categories))
    if not any(r.carries for c in categories for r in c.readings):
        return None
    _reached, gates = judge(model.gates, categories)
    phase = "pioneering"
    for gate in gates:
        judged = [c for c in gate.conditions if c.holds is not None]
        if not any(_about_people(c, categories) for c in judged):
            break
        if not all(c.holds for c in judged):
            break
        phase = gate.phase
    return UsagePointer(phase=phase, gates=gates)


def _about_people(condition: Condition, categories: Sequence[CategoryResult]) -> bool:
    """Whether a judged condition other than the mean rests on a figure about people."""
    if condition.kind == "mean":
        return False
    readings = [r for c in categories for r in c.readings if r.carries]
    if condition.kind == "group":
        return any(r.indicator in condition.indicators for r in readings)
    return any(r.category in condition.categories for r in readings)


def standing(d: InitiativeDiagnosis) -> tuple[int, int, int, float]:
    """A sort key for a growth table: live before stopped, higher phases, livelier, higher mean.

    An undetermined phase sorts below pioneering, so that an initiative wi3 cannot place never
    ranks above one it can; a channel holding one join has no mean and sorts last of its kind.
    """
    live = d.activity is None or d.activity.live
    order = (*reversed(PHASES), UNDETERMINED)
    state = ACTIVITY_ORDER.index(d.activity.state) if d.activity else 1
    return (0 if live else 1, order.index(d.phase), state, -(d.mean or 0.0))


def organisation_phase(
    model: Model, observations: Iterable[Observation], ageing: Ageing | None = None
) -> OrganisationPhase:
    """The phase of the organisation's own way of organising Enterprise 2.0.

    Read from an organisation-level assessment of the categories of the business and
    organisation perspectives, through the model's organisation gates.
    """
    scope = [c.id for c in model.categories if c.perspective in model.organisation.perspectives]
    categories = categorise(model, index(observations), scope, ageing)
    phase, gates = judge(model.organisation.gates, categories)
    return OrganisationPhase(
        phase=phase,
        mean=mean_level(categories),
        categories=categories,
        gates=gates,
        confidence=confidence(model, categories),
    )


def profile(diagnoses: Sequence[InitiativeDiagnosis], audiences: Sequence[int | None]) -> Profile:
    """Live initiatives per phase (and undetermined) as counts and shares, weighted by audience
    when every live initiative has one; stopped initiatives are counted apart."""
    live = [
        (d, a)
        for d, a in zip(diagnoses, audiences, strict=True)
        if d.activity is None or d.activity.live
    ]
    stopped = sum(1 for d in diagnoses if d.activity is not None and d.activity.state == "stopped")
    columns = (*PHASES, UNDETERMINED)
    counts = {p: sum(1 for d, _a in live if d.phase == p) for p in columns}
    total = len(live)
    shares = {p: counts[p] / total if total else 0.0 for p in columns}
    weighted = None
    if live and all(a is not None for _d, a in live):
        reach = sum(a or 0 for _d, a in live)
        if reach:
            weighted = {p: sum(a or 0 for d, a in live if d.phase == p) / reach for p in columns}
    return Profile(counts=counts, shares=shares, weighted_shares=weighted, stopped=stopped)


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
    diagnoses = tuple(
        diagnose_initiative(model, i.initiative, i.observations, as_of=as_of, activity=i.activity)
        for i in initiatives
    )
    return OrganisationDiagnosis(
        organisation=organisation,
        as_of=as_of,
        model=f"{model.id} {model.version}",
        initiatives=diagnoses,
        profile=profile(diagnoses, [i.audience for i in initiatives]),
        own_phase=organisation_phase(model, organisation_evidence, Ageing.of(model, as_of))
        if organisation_evidence
        else None,
    )
