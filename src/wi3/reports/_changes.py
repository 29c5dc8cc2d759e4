"""The comparison with an earlier snapshot in the report's language, and as plain data for
the JSON report.

What changed is `wi3.diagnosis.compare`; `docs/summary.md` gives its rules.
"""

from __future__ import annotations

from typing import Any

from wi3.diagnosis import Comparison, InitiativeChange, Measured
from wi3.model import PHASES
from wi3.reports._life import activity_badge
from wi3.reports._story import Names, measured_text, named
from wi3.reports._story_view import (
    ChangeLine,
    ComparisonView,
    InitiativeChangeView,
    PhaseCount,
)
from wi3.reports._summary import COLUMNS
from wi3.reports._view import ActivityBadge
from wi3.reports._words import Words


def comparison_view(comparison: Comparison, words: Words, names: Names) -> ComparisonView:
    """Two snapshots side by side, in words."""
    locale = words.locale
    changed = [c for c in comparison.initiatives if c.changed]
    unchanged = [named(names, c.initiative) for c in comparison.initiatives if not c.changed]

    def own(phase: str | None) -> str:
        return locale.label("not_assessed") if phase is None else words.phase(phase).name

    return ComparisonView(
        title=locale.label("comparison_title", date=locale.date(comparison.before)),
        intro=locale.label(
            "comparison_intro",
            before=locale.date(comparison.before),
            after=locale.date(comparison.after),
        ),
        before_iso=comparison.before.isoformat(),
        profile=tuple(
            PhaseCount(
                words.phase(p),
                comparison.counts_after.get(p, 0),
                comparison.counts_before.get(p, 0),
            )
            for p in COLUMNS
        ),
        stopped=ChangeLine(
            locale.label("stopped_count"),
            str(comparison.stopped_before),
            str(comparison.stopped_after),
        ),
        own_phase=ChangeLine(
            locale.label("own_phase_short"),
            own(comparison.own_phase_before),
            own(comparison.own_phase_after),
        ),
        changed=tuple(_change(c, words, names) for c in changed),
        unchanged=tuple(unchanged),
    )


def _change(change: InitiativeChange, words: Words, names: Names) -> InitiativeChangeView:
    locale = words.locale

    def level(value: float | None) -> str:
        return locale.level(value) or locale.label("no_evidence")

    def badge(state: str | None, present: bool) -> ActivityBadge | None:
        return activity_badge(words, state) if present else None

    before, after = change.phase_before, change.phase_after
    return InitiativeChangeView(
        initiative=named(names, change.initiative),
        phase_before=None if before is None else words.phase(before),
        phase_after=None if after is None else words.phase(after),
        phase_change=_phase_change(before, after),
        activity_before=badge(change.activity_before, before is not None),
        activity_after=badge(change.activity_after, after is not None),
        categories=tuple(
            ChangeLine(words.category(c.category), level(c.before), level(c.after))
            for c in change.categories
        ),
        gates=tuple(
            ChangeLine(
                f"{locale.label('gate_to')} {words.phase(g.phase).name}",
                locale.label(f"status_{g.before}"),
                locale.label(f"status_{g.after}"),
            )
            for g in change.gates
        ),
        evidence=tuple(
            (
                words.indicator(r.indicator),
                ChangeLine(
                    words.category(r.category),
                    measured_text(words, r.before),
                    measured_text(words, r.after),
                ),
            )
            for r in change.readings
        ),
    )


def _phase_change(before: str | None, after: str | None) -> str:
    if before is None:
        return "new"
    if after is None:
        return "gone"
    if before == after:
        return "same"
    if before not in PHASES:
        return "placed"
    if after not in PHASES:
        return "unplaced"
    return "advanced" if PHASES.index(after) > PHASES.index(before) else "regressed"


def comparison_document(comparison: Comparison) -> dict[str, Any]:
    """The comparison as JSON-ready data: ids, figures and ISO dates."""

    def measured(m: Measured | None) -> dict[str, Any] | None:
        if m is None:
            return None
        return {"value": m.value, "level": m.level, "status": m.status}

    return {
        "before": comparison.before.isoformat(),
        "after": comparison.after.isoformat(),
        "counts_before": comparison.counts_before,
        "counts_after": comparison.counts_after,
        "stopped_before": comparison.stopped_before,
        "stopped_after": comparison.stopped_after,
        "own_phase_before": comparison.own_phase_before,
        "own_phase_after": comparison.own_phase_after,
        "initiatives": [
            {
                "initiative": c.initiative,
                "changed": c.changed,
                "phase": [c.phase_before, c.phase_after],
                "activity": [c.activity_before, c.activity_after],
                "categories": [
                    {"category": k.category, "before": k.before, "after": k.after}
                    for k in c.categories
                ],
                "gates": [
                    {"phase": g.phase, "before": g.before, "after": g.after} for g in c.gates
                ],
                "evidence": [
                    {
                        "indicator": r.indicator,
                        "before": measured(r.before),
                        "after": measured(r.after),
                    }
                    for r in c.readings
                ],
            }
            for c in comparison.initiatives
        ],
    }
