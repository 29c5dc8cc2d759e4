"""What changed between two snapshots of an organisation, per initiative, and which evidence
moved it.

`compare(before, after)` sets two diagnoses side by side (`docs/summary.md` gives the rules):
per initiative its phase, activity state, the gates whose status changed, the evidence that
moved it and the categories it moved. The evidence that moved it is the readings whose level
changed or that gained or lost one (new, withheld, stale): a category's level is the weighted
mean of its readings' levels, so a value that moves within a level moves nothing. A category is
listed when such a reading is one of its own or its phase changed; one whose level only drifted
as its evidence aged is not. An initiative only one of the snapshots holds is new or gone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from wi3.diagnosis._plan import Measured
from wi3.diagnosis._types import InitiativeDiagnosis, OrganisationDiagnosis


@dataclass(frozen=True)
class CategoryChange:
    """A category whose level changed; None where a snapshot gave it no level."""

    category: str
    before: float | None
    after: float | None


@dataclass(frozen=True)
class GateChange:
    """A gate whose status changed: holds, fails or unknown."""

    phase: str
    before: str
    after: str


@dataclass(frozen=True)
class ReadingChange:
    """A reading that moved a category: its value, level and status in both snapshots."""

    before: Measured | None
    after: Measured | None

    @property
    def indicator(self) -> str:
        return self._either.indicator

    @property
    def category(self) -> str:
        return self._either.category

    @property
    def _either(self) -> Measured:
        either = self.after or self.before
        assert either is not None  # a change has a reading on at least one side
        return either


@dataclass(frozen=True)
class InitiativeChange:
    """One initiative in two snapshots; a side is None when that snapshot does not hold it."""

    initiative: str
    phase_before: str | None
    phase_after: str | None
    activity_before: str | None
    activity_after: str | None
    categories: tuple[CategoryChange, ...] = ()
    gates: tuple[GateChange, ...] = ()
    readings: tuple[ReadingChange, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether anything the comparison looks at changed."""
        return bool(
            self.phase_before != self.phase_after
            or self.activity_before != self.activity_after
            or self.categories
            or self.gates
        )


@dataclass(frozen=True)
class Comparison:
    """Two snapshots of an organisation side by side: its profile, own phase and initiatives."""

    before: date
    after: date
    counts_before: dict[str, int]
    counts_after: dict[str, int]
    stopped_before: int
    stopped_after: int
    own_phase_before: str | None
    own_phase_after: str | None
    initiatives: tuple[InitiativeChange, ...]
    """Every initiative either snapshot holds, in the order of `after`, then the gone ones."""


def compare(before: OrganisationDiagnosis, after: OrganisationDiagnosis) -> Comparison:
    """What changed from the diagnosis `before` to the diagnosis `after`."""
    earlier = {d.initiative: d for d in before.initiatives}
    later = {d.initiative: d for d in after.initiatives}
    order = [d.initiative for d in after.initiatives]
    order += [slug for slug in earlier if slug not in later]
    return Comparison(
        before=before.as_of,
        after=after.as_of,
        counts_before=dict(before.profile.counts),
        counts_after=dict(after.profile.counts),
        stopped_before=before.profile.stopped,
        stopped_after=after.profile.stopped,
        own_phase_before=None if before.own_phase is None else before.own_phase.phase,
        own_phase_after=None if after.own_phase is None else after.own_phase.phase,
        initiatives=tuple(_initiative(slug, earlier.get(slug), later.get(slug)) for slug in order),
    )


def _initiative(
    slug: str, before: InitiativeDiagnosis | None, after: InitiativeDiagnosis | None
) -> InitiativeChange:
    def state(d: InitiativeDiagnosis | None) -> str | None:
        return None if d is None or d.activity is None else d.activity.state

    change = InitiativeChange(
        initiative=slug,
        phase_before=None if before is None else before.phase,
        phase_after=None if after is None else after.phase,
        activity_before=state(before),
        activity_after=state(after),
    )
    if before is None or after is None:
        return change
    readings = _moved_readings(before, after)
    moved = {r.category for r in readings}
    earlier = {c.category: c for c in before.categories}
    categories = tuple(
        CategoryChange(c.category, earlier[c.category].level, c.level)
        for c in after.categories
        if c.category in earlier
        and _shown(earlier[c.category].level) != _shown(c.level)
        and (c.category in moved or earlier[c.category].phase != c.phase)
    )
    status_before = {g.phase: g.status for g in before.gates}
    gates = tuple(
        GateChange(g.phase, status_before[g.phase], g.status)
        for g in after.gates
        if g.phase in status_before and status_before[g.phase] != g.status
    )
    return InitiativeChange(
        initiative=slug,
        phase_before=change.phase_before,
        phase_after=change.phase_after,
        activity_before=change.activity_before,
        activity_after=change.activity_after,
        categories=categories,
        gates=gates,
        readings=readings,
    )


def _shown(level: float | None) -> float | None:
    """A level as the report shows it (two decimals): smaller moves are no change."""
    return None if level is None else round(level, 2)


def _moved_readings(
    before: InitiativeDiagnosis, after: InitiativeDiagnosis
) -> tuple[ReadingChange, ...]:
    """The readings whose level changed, or that gained or lost one, in model order."""

    def readings(d: InitiativeDiagnosis) -> dict[str, Measured]:
        return {r.indicator: Measured.of(r) for c in d.categories for r in c.readings}

    then = readings(before)
    now = readings(after)
    order: Sequence[str] = [*now, *(i for i in then if i not in now)]
    found = []
    for indicator in order:
        a, b = then.get(indicator), now.get(indicator)
        if _judged(a) != _judged(b):
            found.append(ReadingChange(a, b))
    return tuple(found)


def _judged(m: Measured | None) -> int | None:
    """The level a reading gives its category: None when it has none, or it does not count."""
    return None if m is None else m.judged_level
