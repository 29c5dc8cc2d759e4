"""Newcomers over units, months and quarters, withheld together.

Someone new in a quarter was new in one of its months, so a month's newcomers are the quarter's
minus the other months' (by unit and for the whole initiative). A month view and a quarter view
are separate runs; both read the same table of people active and new per unit, month and
quarter (`newcomers_by_month`) and decide here alike, so that neither gives the other's withheld
figures away.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from wi3.metrics._suppress import Breakdown, Count, Figure, protect

Cell = tuple[str, str | None, int, int]
"""Newcomers of (initiative, unit or None for all, months: 1 or 3, period index)."""


@dataclass(frozen=True)
class Monthly:
    """People active in a unit in a month (`months` 1) or quarter (3), and those new then."""

    initiative: str
    unit: str | None
    """None: the whole initiative (when its units are not asked for)."""
    months: int
    period: int
    active: int
    new: int


@dataclass(frozen=True)
class Newcomers:
    """Newcomers per unit (or channel), month and quarter: which are withheld, which units are
    not listed."""

    hidden: set[Cell]
    unlisted: set[Cell]
    table: NewcomerTable
    taken_for: dict[Count, Breakdown]


class NewcomerTable:
    """The newcomers and active people of each unit per month and quarter, and their totals."""

    def __init__(self, rows: list[Monthly], min_group: int) -> None:
        self.min_group = min_group
        self.active_of: dict[Cell, int] = defaultdict(int)
        self.new_of: dict[Cell, int] = defaultdict(int)
        for row in rows:
            for unit in {row.unit, None}:  # each person has one unit: the totals add up
                self.active_of[(row.initiative, unit, row.months, row.period)] += row.active
                self.new_of[(row.initiative, unit, row.months, row.period)] += row.new

    def active(self, initiative: str, unit: str | None, months: int, period: int) -> int:
        return self.active_of.get((initiative, unit, months, period), 0)

    def people(self, cell: Cell) -> int:
        """The group a newcomers figure is about: the newcomers, or the active people if none."""
        return self.new_of.get(cell, 0) or self.active_of.get(cell, 0)

    def protect(self, channels: bool, units: bool = True) -> Newcomers:
        """Which newcomers cells (initiative, unit or None, months, period) are withheld and
        which unit cells are not listed.

        First each initiative's own months and quarters, which every view shows; then, with
        those as they are, its units × months and quarters (`units`). Channels share people
        and have no whole in the run: the channels × months and quarters at once.
        """
        cells = [c for c in self.active_of if not channels or c[1] is None]
        groups: dict[str, list[Cell]] = defaultdict(list)
        for c in cells:  # initiatives share no count: each is protected on its own
            groups["" if channels else c[0]].append(c)
        got = Newcomers(hidden=set(), unlisted=set(), table=self, taken_for={})
        for group in sorted(groups):
            whole: set[Cell] = set()
            if not channels:
                first = self._protect([c for c in groups[group] if c[1] is None], set(), False)
                whole = first.hidden
                got.taken_for.update(first.taken_for)
            part = (
                self._protect(groups[group], whole, channels)
                if channels or units
                else Newcomers(whole, set(), self, {})
            )
            got.hidden.update(part.hidden)
            got.unlisted.update(part.unlisted)
            got.taken_for.update(part.taken_for)
        return got

    def _protect(self, cells: list[Cell], whole: set[Cell], channels: bool) -> Newcomers:
        """Protect `cells`, the whole initiative's as decided already (`whole` withheld)."""
        m = self.min_group
        # units are not listed under a whole about too few people (or with too few active)
        small = {
            (i, months, p)
            for (i, unit, months, p) in cells
            if unit is None
            and (
                0 < self.people((i, None, months, p)) < m
                or self.active_of[(i, None, months, p)] < m
            )
        }
        counts: dict[Count, int] = {("N", *c): self.new_of[c] for c in cells}
        uncertain = {("N", *c) for c in cells if self.new_of[c] == 0 and 0 < self.active_of[c] < m}
        units = any(c[1] is not None for c in cells)
        fixed = {("N", *c) for c in cells if c[1] is None} if units and not channels else set()
        while True:
            figures: dict[Figure, tuple[Count, ...]] = {
                c: (("N", *c),) for c in cells if c[1] is None or (c[0], c[2], c[3]) not in small
            }
            withheld = {c for c in cells if c in figures and (0 < self.people(c) < m or c in whole)}
            breakdowns = self._breakdowns(cells, small, channels)
            protection = protect(counts, figures, withheld, breakdowns, m, uncertain, counts, fixed)
            # left over only where every figure is withheld and a reader still can tell: the
            # units of that quarter are then not listed at all (channels are the view itself)
            more = set()
            for b in protection.unresolved:
                for c in (*b.parts, b.whole):
                    if isinstance(c, tuple) and c[0] == "N" and units and not channels:
                        _n, i, _unit, months, p = c
                        q = p if months == 3 else p // 3
                        more |= {(i, 1, q * 3 + k) for k in range(3)} | {(i, 3, q)}
            if more <= small:
                break
            small |= more
        return Newcomers(
            hidden={c for c in cells if c not in figures or c in protection.withheld},
            unlisted={c for c in cells if c not in figures},
            table=self,
            taken_for=dict(protection.taken_for),
        )

    def _breakdowns(
        self, cells: list[Cell], small: set[tuple[str, int, int]], channels: bool
    ) -> list[Breakdown]:
        """Each month and quarter over the units (or channels), each unit's (or channel's, or
        the whole initiative's) quarter over its months."""
        quarters: dict[str, set[int]] = defaultdict(set)
        rows: dict[str, set[str | None]] = defaultdict(set)
        for i, unit, months, p in cells:
            quarters["" if channels else i].add(p if months == 3 else p // 3)
            rows["" if channels else i].add(i if channels else unit)
        found = []
        parts: tuple[Count, ...]
        for group in sorted(quarters):
            members = sorted(rows[group], key=lambda r: (r is None, r or ""))
            for q in sorted(quarters[group]):
                for months, p in [*((1, q * 3 + k) for k in range(3)), (3, q)]:
                    if channels:
                        parts = tuple(("N", c, None, months, p) for c in members)
                        found.append(Breakdown(parts, None, ("overlap", months, p)))
                    elif (group, months, p) not in small and len(members) > 1:
                        parts = tuple(("N", group, u, months, p) for u in members if u is not None)
                        found.append(Breakdown(parts, ("N", group, None, months, p)))
                for r in members:
                    i, unit = (r or "", None) if channels else (group, r)
                    parts = tuple(("N", i, unit, 1, q * 3 + k) for k in range(3))
                    found.append(Breakdown(parts, ("N", i, unit, 3, q)))
                if channels:
                    parts = tuple(("overlap", 1, q * 3 + k) for k in range(3))
                    found.append(Breakdown(parts, ("overlap", 3, q)))
        return found
