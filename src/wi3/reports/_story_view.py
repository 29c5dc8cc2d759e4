"""What the report's management summary, action plan and comparison show, already in words.

Like `_view.py` for the rest of the report: everything is resolved here, so the HTML and
Markdown partials (`_summary`, `_plan`, `_comparison`) only lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass

from wi3.reports._view import ActivityBadge, PhaseLabel, Tagged


@dataclass(frozen=True)
class Named:
    """An initiative the report links to: the anchor of its section and its name."""

    anchor: str
    name: str


@dataclass(frozen=True)
class PhaseCount:
    """A phase of the profile now and, when there is a previous snapshot, then."""

    phase: PhaseLabel
    count: int
    before: int | None


@dataclass(frozen=True)
class SummaryItem:
    """An initiative the summary names, and why."""

    initiative: Named
    phase: PhaseLabel
    activity: ActivityBadge
    why: str


@dataclass(frozen=True)
class OutcomeView:
    """The outcome of a re-check (better, unchanged, worse, no new evidence) in one snapshot."""

    id: str
    text: str
    as_of: str
    as_of_iso: str


@dataclass(frozen=True)
class KeyStepView:
    """One of the three most important next steps, with its owner and date when planned."""

    initiative: Named
    tip: str
    title: str
    action: int | None
    owner: str | None
    due: str | None
    due_iso: str | None
    overdue: bool
    outcome: OutcomeView | None
    not_in_plan: str | None
    """What to type to put it in the plan, when it is not there yet."""


@dataclass(frozen=True)
class SummaryView:
    """The one-page management summary at the top of the report."""

    standing: tuple[str, ...]
    """Sentences: how far the initiatives have grown, the stopped ones, the own phase."""
    since: str | None
    """"Since 30 June 2026:", when there is a previous snapshot and something changed."""
    changes: tuple[str, ...]
    """What changed since then, one line per kind (advanced, regressed, stopped, started)."""
    profile: tuple[PhaseCount, ...]
    stopped: int
    stopped_before: int | None
    previous: str | None
    """The previous snapshot's date in words; None when there is none."""
    invest: tuple[SummaryItem, ...]
    fading: tuple[SummaryItem, ...]
    steps: tuple[KeyStepView, ...]


@dataclass(frozen=True)
class MeasureView:
    """An indicator of an action: its value at acceptance and in the latest snapshot."""

    indicator: Tagged
    then: str
    now: str | None
    outcome: OutcomeView | None


@dataclass(frozen=True)
class ActionView:
    """An action of the plan, with its re-check in every later snapshot."""

    id: int
    initiative: Named
    tip: str
    title: str
    owner: str
    due: str
    due_iso: str
    status: str
    """open or done."""
    status_text: str
    overdue: bool
    accepted: str
    checks: tuple[OutcomeView, ...]
    latest: OutcomeView | None
    measured_on: str
    """The heading of the indicators' table: as of the latest re-check, or at acceptance."""
    measures: tuple[MeasureView, ...]


@dataclass(frozen=True)
class PlanView:
    """The action plan as of the report's date."""

    actions: tuple[ActionView, ...]
    counts: str


@dataclass(frozen=True)
class ChangeLine:
    """Something of an initiative before and after: a category's level, a gate's result."""

    subject: str
    before: str
    after: str


@dataclass(frozen=True)
class InitiativeChangeView:
    """What changed for one initiative between the two snapshots."""

    initiative: Named
    phase_before: PhaseLabel | None
    phase_after: PhaseLabel | None
    phase_change: str
    """same, advanced, regressed, placed, unplaced, new or gone."""
    activity_before: ActivityBadge | None
    activity_after: ActivityBadge | None
    categories: tuple[ChangeLine, ...]
    gates: tuple[ChangeLine, ...]
    evidence: tuple[tuple[Tagged, ChangeLine], ...]
    """The readings that moved it, each with its value and level before and after."""


@dataclass(frozen=True)
class ComparisonView:
    """Two snapshots side by side: the profile, the own phase and the initiatives that changed."""

    title: str
    intro: str
    before_iso: str
    profile: tuple[PhaseCount, ...]
    stopped: ChangeLine
    own_phase: ChangeLine
    changed: tuple[InitiativeChangeView, ...]
    unchanged: tuple[Named, ...]
