"""Which figures of a metrics run to withhold, which to leave out, and why.

A figure about fewer than `min_group` people is withheld (the primary rule). Then
complementary suppression (`wi3.metrics._suppress`) withholds more, so that no withheld figure
can be worked out from those shown. This module says what that needs to know about the
catalogue:

- **The counts behind each figure** (`_reveals`), which is what adds up. Shown with its group
  size (`people`, in every export), a figure gives away counts of people: active users the
  number of active people; a share both its numerator and its denominator (the contributor
  ratio: contributors and active people); the concentration figures the number of contributors;
  reply figures the number of people who replied; newcomers their number (and, when 0, the
  active people, its group). Values that are no count of people (a Gini coefficient, a median
  of hours, a share of replies) add up to nothing and are left aside.
- **The breakdowns**: per initiative and period, each count of the whole initiative is the sum
  of its units' (every person has one unit; "unknown" is one too; a unit's row counts its own
  people, not its sub-units', so sub-units add up to nothing shown). Newcomers also add up over
  the months of a quarter (`newcomers_by_month`): a month view and a quarter view are
  protected together. The channels of one initiative share people, so their counts add up to
  at least the initiative's.
- **What is listed.** A unit's row of a metric is left out when the whole initiative's figure of
  that metric is withheld as about too few people, and every unit's row in a period when fewer
  than `min_group` people were active: each would be withheld anyway, and its row would still
  say that someone in that unit was there (four withheld units of one person under a withheld
  total of four would each be one). And where the units of a period cannot be protected by
  withholding (all withheld, one still pinned down), none of them is listed.

A whole initiative's figure is never withheld for the sake of its units, so it is the same in
every view, with or without units, and the diagnosis does not depend on them. Only its newcomers
(against their months or quarter, `wi3.metrics._newcomers`) and the retention that reads them
are withheld to protect others.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from wi3.metrics._membership import RETENTION_MONTHS
from wi3.metrics._newcomers import Monthly, Newcomers, NewcomerTable
from wi3.metrics._suppress import Breakdown, Count, Figure, protect
from wi3.metrics._tables import MONTHS_PER, Period

logger = logging.getLogger(__name__)

PERIOD_COUNTS = (
    "active",
    "contributors",
    "active_eligible",
    "eligible",
    "active_managers",
    "managers",
    "unit_repliers",
    "level_repliers",
)
"""Counts that add up over the units of one period (newcomers add up over months as well)."""
OPEN_BELOW = frozenset({"active_eligible", "active_managers", "newcomers"})
"""Counts a withheld row does not show to be at least one: the row is there because the unit
has eligible people, managers or active people, whether or not any was active, or new."""
ZERO_SHOWS = frozenset({"active_eligible", "active_managers"})
"""Counts whose zero a withheld share hides ("none of three managers"). A contributor count's
zero is no secret: the concentration figures have no row for a unit without contributors."""
RATIOS = {
    "active_ratio": ("active_eligible", "eligible"),
    "contributor_ratio": ("contributors", "active"),
    "management_participation": ("active_managers", "managers"),
}
"""Shares of people: numerator and denominator, both given away by the share and its group."""
GROUP_SIZES = {
    "active_users": "active",
    "gini": "contributors",
    "top10_share": "contributors",
    "absence_factor": "contributors",
    "cross_unit_share": "unit_repliers",
    "ei_index": "unit_repliers",
    "cross_level_share": "level_repliers",
}
"""Figures whose group is a count that adds up over units."""
ABOUT_THE_ACTIVE = frozenset(
    {"units_reached", "units_reached_share", "locations_reached", "freshness"}
)
"""Figures of a whole initiative whose group is its active people."""


@dataclass(frozen=True)
class Raw:
    """A figure as computed, before anything is withheld."""

    initiative: str
    period: int
    unit: str | None
    metric: str
    value: float | None
    people: int | None

    @cached_property
    def key(self) -> tuple[str, int, str | None, str]:
        return (self.initiative, self.period, self.unit, self.metric)

    @cached_property
    def reveals(self) -> dict[Count, int]:
        """The counts of people this figure gives away when shown (see `_reveals`)."""
        return _reveals(self)


@dataclass(frozen=True)
class Verdict:
    """What becomes of each figure of a run."""

    too_few: frozenset[tuple[str, int, str | None, str]]
    """About fewer than `min_group` people."""
    protecting: frozenset[tuple[str, int, str | None, str]]
    """Withheld so that a withheld figure cannot be worked out."""
    unlisted: frozenset[tuple[str, int, str | None, str]]
    """Unit rows left out (see the module docstring)."""


def judge(
    raws: Iterable[Raw],
    monthly: Iterable[Monthly],
    period: Period,
    min_group: int,
    *,
    channels: bool = False,
) -> Verdict:
    """Which figures are withheld as about too few people, which to protect them, and which
    unit rows are not listed.

    A whole initiative's figure is never withheld to protect its units: where they cannot be
    protected otherwise, they are not listed. So its figures do not depend on whether `raws`
    holds figures per unit: every view withholds them alike. With `channels`, each initiative
    of the run is a channel of one initiative: they share people, and their whole is not in
    the run.
    """
    raws = list(raws)
    months = MONTHS_PER[period]
    too_few = {r.key for r in raws if r.people is not None and 0 < r.people < min_group}
    # newcomers: one network over the units, the months and the quarters of each initiative
    table = NewcomerTable(list(monthly), min_group)
    if any(r.metric in ("newcomers", "retention") for r in raws):
        units = any(r.unit is not None for r in raws if r.metric == "newcomers")
        newcomers = table.protect(channels, units)
    else:
        newcomers = Newcomers(hidden=set(), unlisted=set(), table=table, taken_for={})
    active = {
        (r.initiative, r.period): r.people or 0
        for r in raws
        if r.metric == "active_users" and r.unit is None
    }
    for (initiative, unit, length, index), n in table.active_of.items():
        if unit is None and length == months:
            active.setdefault((initiative, index), n)
    unlisted = _unlisted(raws, too_few, active, min_group)
    unlisted |= {
        r.key
        for r in raws
        if r.metric == "newcomers"
        and (r.initiative, r.unit, months, r.period) in newcomers.unlisted
    }
    shift = RETENTION_MONTHS // months
    from_newcomers = {
        r.key
        for r in raws
        if (
            r.metric == "newcomers" and (r.initiative, r.unit, months, r.period) in newcomers.hidden
        )
        or (
            r.metric == "retention"
            and (r.initiative, None, months, r.period - shift) in newcomers.hidden
        )
    }
    values: dict[Count, int] = {}
    for r in raws:  # unlisted figures too: a part's value is a part's value
        for count, v in r.reveals.items():
            values.setdefault(count, v)
    groups: dict[str, list[Raw]] = defaultdict(list)
    for r in raws:  # initiatives share no count: each is protected on its own
        groups["" if channels else r.initiative].append(r)
    counts_of: dict[str, dict[Count, int]] = defaultdict(dict)
    for c, v in values.items():
        counts_of["" if channels else c[1]][c] = v  # type: ignore[index]
    withheld: set[tuple[str, int, str | None, str]] = set()
    given = too_few | from_newcomers
    for group in sorted(groups):
        withheld |= _protect_periods(
            groups[group],
            counts_of[group],
            unlisted,
            given,
            too_few,
            channels,
            min_group,
        )
    withheld |= from_newcomers - unlisted
    return Verdict(
        too_few=frozenset(too_few),
        protecting=frozenset(withheld - too_few),
        unlisted=frozenset(unlisted),
    )


def _protect_periods(
    raws: list[Raw],
    values: Mapping[Count, int],
    unlisted: set[tuple[str, int, str | None, str]],
    withheld: set[tuple[str, int, str | None, str]],
    too_few: set[tuple[str, int, str | None, str]],
    channels: bool,
    min_group: int,
) -> set[tuple[str, int, str | None, str]]:
    """The figures of one initiative (or of the channels) to withhold so that every count over
    the units (or channels) of a period is safe, `withheld` to begin with; adds to `unlisted`
    the unit rows that must go."""
    while True:
        listed = [r for r in raws if r.key not in unlisted]
        reveals = _revealed(listed, values)
        figures: dict[Figure, tuple[Count, ...]] = {r.key: tuple(reveals[r.key]) for r in listed}
        uncertain = {
            c
            for r in listed
            if r.key in too_few
            for c in reveals[r.key]
            if c[0] in ZERO_SHOWS and values.get(c, 0) == 0  # type: ignore[index]
        }
        breakdowns = _breakdowns(values, reveals, too_few, channels)
        protection = protect(
            values,
            figures,
            {k for k in figures if k in withheld},
            breakdowns,
            min_group,
            uncertain,
            {c for c in values if c[0] in OPEN_BELOW},  # type: ignore[index]
            {b.whole for b in breakdowns if b.whole is not None},  # every view shows the whole
        )
        # left over only where every part is withheld and a reader still can tell: then the
        # units of that period are not listed at all (channels are the view itself)
        stuck = {
            (b.whole[1], b.whole[3])  # type: ignore[index]
            for b in protection.unresolved
            if b.whole is not None
        }
        more = {r.key for r in listed if r.unit is not None and (r.initiative, r.period) in stuck}
        if not more:
            return {r.key for r in listed if r.key in protection.withheld}
        logger.debug("units not listed, as their figures could be worked out: %s", sorted(stuck))
        unlisted |= more


def _reveals(r: Raw) -> dict[Count, int]:
    """The counts of people a figure gives away when it is shown with its group size."""
    v, people = r.value, r.people
    if people is None or v is None:
        return {}

    def count(name: str) -> Count:
        return (name, r.initiative, r.unit, r.period)

    if r.metric in GROUP_SIZES:
        return {count(GROUP_SIZES[r.metric]): people}
    if r.metric in RATIOS:
        numerator, denominator = RATIOS[r.metric]
        if v == 0:
            return {count(numerator): 0, count(denominator): people}
        return {count(numerator): people, count(denominator): round(people / v)}
    if r.metric == "newcomers":
        got: dict[Count, int] = {count("newcomers"): round(v)}
        if v == 0:
            got[count("active")] = people
        return got
    if r.metric == "returning_members" and v == 0 and r.unit is None:
        return {count("active"): people}
    if r.metric in ABOUT_THE_ACTIVE and r.unit is None:
        return {count("active"): people}
    return {}


def _revealed(listed: list[Raw], values: Mapping[Count, int]) -> dict[Figure, list[Count]]:
    """What each listed figure gives away.

    The active ratio of a whole initiative without a directory is active people over its
    audience: where its group is the number of active people, it is taken to show that too.
    """
    reveals: dict[Figure, list[Count]] = {r.key: list(r.reveals) for r in listed}
    for r in listed:
        if r.metric == "active_ratio" and r.unit is None and r.people is not None:
            active = ("active", r.initiative, None, r.period)
            if values.get(active) == r.people:
                reveals[r.key].append(active)
    return reveals


def _unlisted(
    raws: list[Raw],
    too_few: set[tuple[str, int, str | None, str]],
    active: Mapping[tuple[str, int], int],
    min_group: int,
) -> set[tuple[str, int, str | None, str]]:
    """Unit rows not listed: of a metric whose whole is about too few people, and of a period
    in which fewer than `min_group` people were active (`active`, per initiative and period)."""
    small_whole = {
        (r.initiative, r.period, r.metric) for r in raws if r.unit is None and r.key in too_few
    }
    return {
        r.key
        for r in raws
        if r.unit is not None
        and (
            (r.initiative, r.period, r.metric) in small_whole
            or active.get((r.initiative, r.period), 0) < min_group
        )
    }


def _breakdowns(
    values: Mapping[Count, int],
    reveals: Mapping[Figure, list[Count]],
    too_few: set[tuple[str, int, str | None, str]],
    channels: bool,
) -> list[Breakdown]:
    """Per initiative and period, each count of the whole initiative over its units; or, for
    channels, each count over the channels, which may count a person twice."""
    shown_by: dict[Count, list[Figure]] = defaultdict(list)
    for figure, counts in reveals.items():
        for c in counts:
            shown_by[c].append(figure)
    parts: dict[tuple[str, str, int], list[Count]] = defaultdict(list)
    for c in values:
        if not isinstance(c, tuple) or len(c) != 4:
            continue
        name, initiative, unit, period = c
        if name not in PERIOD_COUNTS:
            continue
        if channels:
            parts[(name, "", period)].append(c)
        elif unit is not None and shown_by.get(c):
            parts[(name, initiative, period)].append(c)
    found = []
    for (name, initiative, period), members in sorted(parts.items()):
        members.sort(key=_by_unit)
        if channels:
            found.append(Breakdown(tuple(members), None, ("overlap", name, period)))
            continue
        whole = (name, initiative, None, period)
        # a whole only figures about too few people show says nothing, and has no unit rows
        if all(f in too_few for f in shown_by.get(whole, ())):
            continue
        found.append(Breakdown(tuple(members), whole))
    return found


def _by_unit(count: Count) -> tuple[str, str]:
    """Counts of one breakdown in the order complements are taken among equals: by unit (or
    channel) name."""
    unit, initiative = count[2], count[1]  # type: ignore[index]
    return (str(unit or ""), str(initiative))
