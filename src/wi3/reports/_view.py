"""What a report shows, already in words: the view the HTML and Markdown templates both render.

Everything is resolved here (model texts in the report's language, numbers formatted, statuses
named), so the templates only lay it out and the two formats cannot drift apart in content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from wi3.reports._story_view import ComparisonView, PlanView, SummaryView

ReadingStatus = Literal["observed", "withheld", "missing"]
"""A reading has a value (observed), had one that may not be shown (withheld), or had none."""


@dataclass(frozen=True)
class PhaseLabel:
    """A phase as the report names it; `id` also picks its colour."""

    id: str
    number: int
    name: str


@dataclass(frozen=True)
class Tagged:
    """An id from the diagnosis (indicator, factor) with its text, when the model has one."""

    id: str
    text: str | None = None


@dataclass(frozen=True)
class ActivityBadge:
    """An activity state as the report names it; `id` also picks its colour."""

    id: str
    name: str
    text: str
    """The name with the date it holds since, when known: "Declining since 31 March 2026"."""


@dataclass(frozen=True)
class Card:
    """An initiative on the growth board."""

    anchor: str
    name: str
    kind: str
    platform: str | None
    unit: str | None
    mean: str | None
    confidence_id: str
    confidence: str
    next_step: str | None
    activity: ActivityBadge
    pointer: PhaseLabel | None
    """What usage alone points to, shown for an initiative whose phase is undetermined."""


@dataclass(frozen=True)
class Column:
    """One column of the growth board: a phase, or the initiatives whose phase is undetermined."""

    phase: PhaseLabel
    cards: tuple[Card, ...]


@dataclass(frozen=True)
class StoppedCard:
    """A stopped initiative, shown apart from the phase columns."""

    anchor: str
    name: str
    phase: PhaseLabel
    """The phase it ended in."""
    stopped_on: str
    stopped_iso: str | None
    why: str


@dataclass(frozen=True)
class NoticeView:
    """A note on the dates of the usage evidence, with the initiative it concerns."""

    kind: str
    anchor: str | None
    name: str | None
    text: str


@dataclass(frozen=True)
class ProfileRow:
    """One phase in the organisation profile: how many initiatives, and their shares."""

    phase: PhaseLabel
    count: int
    share: str
    weighted_share: str | None


@dataclass(frozen=True)
class DataTable:
    """The table behind a chart: its figures as text, a row header then a cell per column."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ChartView:
    """A chart: its Vega-Lite specification, its text alternative and the table behind it."""

    id: str
    """The chart's HTML id, and its file name beside a Markdown report."""
    title: str
    description: str
    """The text alternative: what the chart shows, in a sentence or three."""
    spec: dict[str, Any] = field(compare=False)
    table: DataTable | None
    """None when the table the report shows right after the chart is its table (a lifecycle)."""
    labelled: bool = False
    """Whether the drawing writes every figure of its table as text in its cell (the heatmap,
    the matrix), so that the PDF, whose drawings are vector text, leaves the table out."""


@dataclass(frozen=True)
class ConfidenceView:
    """Confidence in a phase: score, label and its three parts, as percentages."""

    id: str
    label: str
    score: str
    coverage: str
    kinds: str
    agreement: str
    kinds_present: str
    recency: str


@dataclass(frozen=True)
class ConflictView:
    """Indicators of a category that disagree: the high ones and the low ones."""

    spread: str
    high: tuple[str, ...]
    low: tuple[str, ...]


@dataclass(frozen=True)
class Cell:
    """A category in the heatmap: its level, nearest phase, and any conflict."""

    id: str
    name: str
    level: str | None
    phase: PhaseLabel | None
    gauge: int
    """Where the level sits on the 1–3 scale, as a percentage of the scale's width."""
    descriptor: str | None
    conflict: ConflictView | None


@dataclass(frozen=True)
class HeatRow:
    """The categories of one perspective."""

    perspective: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class ConditionView:
    """One gate condition: its subject, what it needs, what was found, and the outcome."""

    subject: str
    required: str
    actual: str | None
    status: str
    status_text: str


@dataclass(frozen=True)
class GateView:
    """A phase gate and its conditions."""

    phase: PhaseLabel
    status: str
    status_text: str
    conditions: tuple[ConditionView, ...]


@dataclass(frozen=True)
class FactorView:
    """A driver or inhibitor the evidence signals, and the signal that showed it."""

    id: str
    kind: str
    kind_text: str
    phase: PhaseLabel | None
    text: str
    evidence: str
    ref: str
    value: str
    test: str
    source: str | None


@dataclass(frozen=True)
class StepView:
    """A next step: a tip with what it acts on and the evidence behind it."""

    tip: str
    title: str
    why: str | None
    what_to_do: str | None
    source: str | None
    categories: tuple[str, ...]
    conditions: tuple[str, ...]
    counters: tuple[Tagged, ...]
    evidence: tuple[Tagged, ...]
    measure: tuple[Tagged, ...]
    end_of_life: bool = False
    """An end-of-life step of a stopped initiative (E1–E3), not a tip."""
    first_because: str | None = None
    """Why it comes first: it acts on what fails in a declining or dormant initiative."""
    planned: str | None = None
    """The action of the plan that holds this step, in words; None when the plan does not."""


@dataclass(frozen=True)
class ReadingView:
    """One row of the evidence table."""

    indicator: Tagged
    category: str
    evidence: str
    value: str | None
    status: ReadingStatus
    level: int | None
    level_phase: PhaseLabel | None
    weight: str
    rule: str
    basis: str
    note: str | None
    dated: str | None = None
    kept: str | None = None
    """The share of its weight the reading keeps at its age, e.g. 61%."""
    stale: bool = False
    counts: bool = True
    """Whether its level counts in its category (it has one, and is not stale)."""


@dataclass(frozen=True)
class ThresholdView:
    """A threshold an activity rule compares with, and the reason for its value."""

    id: str
    name: str
    value: str
    reason: str


@dataclass(frozen=True)
class ActivityView:
    """An initiative's activity state, the rule that decided it, and what the rule lacked."""

    badge: ActivityBadge
    description: str | None
    rule_id: str | None
    rule: str | None
    read_until: str | None
    last: str | None
    thresholds: tuple[ThresholdView, ...]
    missing: tuple[tuple[str, str | None], ...]
    """What the rules could not use: a sentence, and the command that settles it."""


@dataclass(frozen=True)
class ClaimView:
    """An owner's claim that usage contradicts."""

    text: str
    categories: str


@dataclass(frozen=True)
class LifecycleRowView:
    """An initiative in one snapshot: its phase and activity, and what changed."""

    as_of: str
    as_of_iso: str
    phase: PhaseLabel
    activity: ActivityBadge
    confidence: str
    changes: tuple[tuple[str, str], ...]
    """(id, text) per change: "advanced", "regressed", "dormant", "revived", ..."""
    current: bool
    """The snapshot this report shows."""


@dataclass(frozen=True)
class InitiativeView:
    """Everything the report says about one initiative."""

    anchor: str
    slug: str
    name: str
    facts: tuple[tuple[str, str], ...]
    phase: PhaseLabel
    mean: str | None
    target: PhaseLabel | None
    confidence: ConfidenceView
    heatmap: tuple[HeatRow, ...]
    has_conflict: bool
    gates: tuple[GateView, ...]
    factors: tuple[FactorView, ...]
    steps: tuple[StepView, ...]
    missing: tuple[Tagged, ...]
    readings: tuple[ReadingView, ...]
    observed: int
    activity: ActivityView
    stopped: bool
    undetermined_why: tuple[str, ...]
    """Why the phase is undetermined (empty when it is not)."""
    pointer: PhaseLabel | None
    claims: tuple[ClaimView, ...]
    lifecycle: tuple[LifecycleRowView, ...] | None
    """None when the report was given no lifecycle (rendered from the document alone)."""
    lifecycle_chart: ChartView | None
    usage_chart: ChartView | None
    """None when the report was given no usage figures for it."""


@dataclass(frozen=True)
class OwnPhaseView:
    """The phase of how the organisation itself organises Enterprise 2.0."""

    phase: PhaseLabel
    mean: str | None
    confidence: ConfidenceView
    heatmap: tuple[HeatRow, ...]
    has_conflict: bool
    gates: tuple[GateView, ...]


@dataclass(frozen=True)
class Report:
    """A whole organisation report, in one language."""

    language: str
    title: str
    organisation: str
    as_of: str
    as_of_iso: str
    model: str
    model_name: str
    model_mismatch: str | None
    example: bool
    board: tuple[Column, ...]
    stopped: tuple[StoppedCard, ...]
    notices: tuple[NoticeView, ...]
    profile: tuple[ProfileRow, ...]
    total: int
    """Live initiatives: those the profile counts."""
    weighted: bool
    profile_chart: ChartView
    heatmap_chart: ChartView | None
    """None when the report holds no initiative."""
    interaction_chart: ChartView | None
    """None without usage figures per unit (they need a people directory)."""
    own_phase: OwnPhaseView | None
    initiatives: tuple[InitiativeView, ...]
    summary: SummaryView | None = None
    """The management summary at the top (`_story_view.py`)."""
    plan: PlanView | None = None
    """The action plan as of the report's date; None when the report was given none."""
    comparison: ComparisonView | None = None
    """The changes since an earlier snapshot; None without one."""

    def charts(self) -> tuple[ChartView, ...]:
        """Every chart of the report, in the order it shows them."""
        found = [*self.overview_charts()]
        for i in self.initiatives:
            found += [c for c in (i.lifecycle_chart, i.usage_chart) if c is not None]
        return tuple(found)

    def overview_charts(self) -> tuple[ChartView, ...]:
        """The charts of the whole organisation, the PDF report's only ones."""
        found = (self.profile_chart, self.heatmap_chart, self.interaction_chart)
        return tuple(c for c in found if c is not None)
