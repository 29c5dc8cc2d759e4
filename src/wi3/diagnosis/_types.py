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
    """Why there is no level (no evidence, withheld), or how a cap changed it."""


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
        """The phase the level reaches: facilitating from 1.75, strategic from 2.5.

        The same cut-offs as the shipped gates, so a category shown as facilitating also
        passes a facilitating gate condition on it.
        """
        if self.level is None:
            return None
        if self.level >= STRATEGIC_FROM:
            return "strategic"
        return "facilitating" if self.level >= FACILITATING_FROM else "pioneering"


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


@dataclass(frozen=True)
class Profile:
    """The spread of initiatives over the phases: counts, shares and reach-weighted shares."""

    counts: dict[str, int]
    shares: dict[str, float]
    weighted_shares: dict[str, float] | None
    """Shares weighted by each initiative's audience; None unless every initiative has one."""


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
