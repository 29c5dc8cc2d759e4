"""What a diagnosis is made of: evidence in, and readings, gates, confidence and advice out.

All of it is plain frozen data, so a diagnosis can be stored as a JSON snapshot and read back
(`to_document`/`from_document` in `_document.py`) and every figure can be traced to its evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

FACILITATING_FROM = 1.75
STRATEGIC_FROM = 2.5
UNDETERMINED = "undetermined"
"""The phase of an initiative whose evidence cannot carry one (see `Sufficiency`)."""


def phase_of_level(level: float) -> str:
    """The phase a level on the 1–3 scale reaches: facilitating from 1.75, strategic from 2.5.

    The same cut-offs as the shipped gates, so a category shown as facilitating also passes a
    facilitating gate condition on it.
    """
    if level >= STRATEGIC_FROM:
        return "strategic"
    return "facilitating" if level >= FACILITATING_FROM else "pioneering"


@dataclass(frozen=True)
class Observation:
    """One piece of evidence: an owner's answer, a survey item's mean, a usage metric's value.

    `evidence` is the kind (owner, survey, usage, or any kind a model file names); `ref` is the
    question or metric id. `value` is None when the evidence exists but gives no figure, and
    `withheld` then says why (don't know; fewer than the minimum group; not computable). `basis`
    says where the value comes from, for the explanation (e.g. "assessment of 2026-03-01").
    """

    evidence: str
    ref: str
    value: float | str | None
    basis: str = ""
    n: int | None = None
    withheld: str | None = None
    dated: date | None = None
    """When the evidence was taken (an assessment's date, a survey round's, the end of the
    measured quarter); owner and survey evidence lose weight with age (the model's
    `evidence.half_life_months`). None: undated, taken to be current."""


@dataclass(frozen=True)
class Reading:
    """An indicator applied to its observation: the level it gives one category, and why."""

    indicator: str
    category: str
    evidence: str
    ref: str
    value: float | str | None
    level: int | None
    weight: float
    rule: str
    status: Literal["observed", "withheld", "missing"]
    """observed: the evidence gave a value; withheld: it exists without a figure (don't know, too
    few answers); missing: there is no such evidence."""
    basis: str = ""
    n: int | None = None
    """How many people the value rests on, when known (survey answers)."""
    note: str | None = None
    """Why there is no level (no evidence, withheld, stale), or how a cap changed it."""
    dated: date | None = None
    age_factor: float = 1.0
    """What is left of the weight at the evidence's age: 0.5 after one half-life, 0 once stale."""
    about_people: bool = True
    """False when the figure concerns no person (see `Indicator.about_people`)."""

    @property
    def counts(self) -> bool:
        """Whether the reading's level counts in its category (it has one and is not stale)."""
        return self.level is not None and self.age_factor > 0

    @property
    def carries(self) -> bool:
        """Whether the reading can carry a phase: it counts, and it is about people or a claim."""
        return self.counts and (self.about_people or self.evidence != "usage")


@dataclass(frozen=True)
class Conflict:
    """Indicators of one category that disagree by at least the model's conflict margin."""

    spread: float
    high: tuple[str, ...]
    low: tuple[str, ...]


@dataclass(frozen=True)
class CategoryResult:
    """A category's level: the weighted mean of its indicator levels (None without evidence)."""

    category: str
    level: float | None
    readings: tuple[Reading, ...]
    conflict: Conflict | None = None

    @property
    def phase(self) -> str | None:
        """The phase the level reaches (see `phase_of_level`)."""
        return None if self.level is None else phase_of_level(self.level)

    @property
    def carried(self) -> bool:
        """Whether some reading that can carry a phase gives this category its level.

        A level resting only on figures about no person (platforms in use, integration events)
        is shown, but counts neither toward the mean nor toward the minimum evidence.
        """
        return any(r.carries for r in self.readings)


@dataclass(frozen=True)
class Condition:
    """One condition of a gate: what is required, what was found, and whether it holds.

    `holds` is None when there is no evidence to judge it: the gate then does not hold, but the
    condition is reported as unknown rather than failed.
    """

    kind: str  # "mean", "category" or "group"
    subject: str
    required: float
    actual: float | None
    holds: bool | None
    categories: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()


@dataclass(frozen=True)
class GateResult:
    """Whether an initiative (or the organisation) reaches a phase, condition by condition."""

    phase: str
    conditions: tuple[Condition, ...]

    @property
    def holds(self) -> bool:
        return all(c.holds is True for c in self.conditions)

    @property
    def status(self) -> str:
        """'holds', 'fails' (some condition fails) or 'unknown' (none fails, some lack evidence)."""
        if self.holds:
            return "holds"
        return "fails" if any(c.holds is False for c in self.conditions) else "unknown"


@dataclass(frozen=True)
class Confidence:
    """How far to trust a phase: evidence coverage of categories and kinds, and agreement."""

    score: float
    label: str
    coverage: float
    kinds: float
    agreement: float
    kinds_present: tuple[str, ...]
    recency: float = 1.0
    """The weighted mean of the readings' age factors: old owner or survey evidence lowers it."""


@dataclass(frozen=True)
class FactorSignalled:
    """A driver or inhibitor the evidence shows at work."""

    factor: str
    evidence: str
    ref: str
    value: float | str
    test: str


@dataclass(frozen=True)
class NextStep:
    """A tip that acts on what holds the initiative below its next phase, with its grounds."""

    tip: str
    categories: tuple[str, ...]
    conditions: tuple[str, ...]
    counters: tuple[str, ...]
    evidence: tuple[str, ...]
    measure: tuple[str, ...]
    score: float
    activity: str | None = None
    """The activity state this step acts on first (declining, dormant), if it does."""


@dataclass(frozen=True)
class ClaimConflict:
    """An owner's claim that the usage measured after it contradicts.

    `claim` is the claimed indicator (an anchored item such as `assess.focus`), or "owner" for
    the assessment as a whole; `contradiction` is the activity state (declining, dormant,
    stopped) or the usage indicator that says otherwise, with its `value`.
    """

    claim: str
    claimed: str
    dated: date | None
    contradiction: str
    value: float | str | None
    categories: tuple[str, ...]


@dataclass(frozen=True)
class ActivityReading:
    """Whether an initiative is alive as of the diagnosis date, and the rule that decided it.

    `figures` holds the rule's numbers (days of silence, the share of its busiest year, ...),
    to fill in the rule's text. `read_until` is the last day the evidence covers, on or before
    the diagnosis date. `missing` names evidence the rules could not use (an export without
    archive signals) for the explanation.
    """

    state: str
    rule: str
    since: date | None
    read_until: date | None
    last: date | None
    """The last contribution on or before `read_until`."""
    figures: dict[str, float | str]
    missing: tuple[str, ...] = ()
    started: date | None = None
    """Its start: the registered start date, else the day of its first event."""

    @property
    def live(self) -> bool:
        """Whether it belongs on the growth board's phase columns (not stopped, not started)."""
        return self.state not in ("stopped", "not_started")


@dataclass(frozen=True)
class UsagePointer:
    """What the usage evidence alone points to, as a reading beside the phase.

    The highest phase whose gate usage judged on people without a failed condition: conditions
    usage cannot judge are set aside, and a gate counts only when one of its judged conditions
    rests on a figure about people.
    """

    phase: str
    gates: tuple[GateResult, ...]
    """The gates judged on the usage evidence alone."""


@dataclass(frozen=True)
class Sufficiency:
    """Whether the evidence can carry a phase: the categories that count against the minimum."""

    categories: int
    required: int
    reason: str | None
    """Why the phase is undetermined: "too_few_categories" or "gate_unknown"; None when not."""
    new: bool = False
    """The evidence could not carry a phase, but the initiative is in its launch months:
    pioneering by the published rule that every new initiative starts there."""


@dataclass(frozen=True)
class InitiativeDiagnosis:
    """The phase of one initiative, with everything that led to it and what to do next."""

    initiative: str
    phase: str
    mean: float | None
    categories: tuple[CategoryResult, ...]
    gates: tuple[GateResult, ...]
    confidence: Confidence
    factors: tuple[FactorSignalled, ...]
    next_steps: tuple[NextStep, ...]
    target: str | None
    missing: tuple[str, ...]
    """Indicators without evidence that a gate condition of the next phase needs."""
    activity: ActivityReading | None = None
    """None when there is no usage data and the owner said nothing about its life."""
    usage_pointer: UsagePointer | None = None
    claims: tuple[ClaimConflict, ...] = ()
    sufficiency: Sufficiency | None = None


@dataclass(frozen=True)
class Profile:
    """The spread of initiatives over the phases: counts, shares and reach-weighted shares."""

    counts: dict[str, int]
    """Live initiatives per phase, and those whose phase is undetermined."""
    shares: dict[str, float]
    weighted_shares: dict[str, float] | None
    """Shares weighted by each initiative's audience; None unless every initiative has one."""
    stopped: int = 0
    """Initiatives that stopped, kept apart from the phases."""


@dataclass(frozen=True)
class OrganisationPhase:
    """The phase of how the organisation organises Enterprise 2.0 (business and organisation)."""

    phase: str
    mean: float | None
    categories: tuple[CategoryResult, ...]
    gates: tuple[GateResult, ...]
    confidence: Confidence


@dataclass(frozen=True)
class OrganisationDiagnosis:
    """A dated diagnosis of an organisation: its initiatives, profile and own phase."""

    organisation: str
    as_of: date
    model: str
    initiatives: tuple[InitiativeDiagnosis, ...]
    profile: Profile
    own_phase: OrganisationPhase | None
