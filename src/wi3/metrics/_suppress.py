"""Complementary suppression: which more figures to withhold so that no withheld one can be
worked out from the figures shown.

Behind every figure about people are counts of people (active people, contributors,
newcomers…), and some counts add up: the active people of a period are those of each unit
together. Where a whole and all but one of its parts are shown, the part left is the whole
minus the others. `protect` withholds more figures until no withheld count can be pinned down
from what is shown and no withheld group smaller than the minimum can be isolated.

What a reader is taken to know (more than the figures strictly say, so that the guarantee holds
for any reader who knows less):

- every count behind a figure shown: a share with the size of its group gives both its
  numerator and its denominator;
- for every count no figure shows, its class: 1 to `min_group` − 1 (the "fewer than 5" of a
  withheld figure, whose row says someone is there), 0 to `min_group` − 1 where a row does not
  say so (newcomers among the active people of a unit; a zero that only a withheld figure would
  show), or at least `min_group`;
- for a part withheld to protect another, that it is no larger than the smallest part still
  shown in the breakdown it was taken for (parts are taken smallest first);
- every breakdown: whole = sum of the parts, or, where a person can be in more than one part
  (channels), sum of the parts ≥ whole.

*Safe* means: (1) no withheld count can take only one value given all that, and (2) in every
breakdown whose whole is known exactly (no overlap), the withheld parts together hold at least
`min_group` people (their sum is known, so they are a group of their own). Parts of a whole
shown as zero are zero too: that says nothing about fewer people than the whole, and is left
alone.

Each count lies in at most two breakdowns (units of a period; units × months and their quarter),
so the breakdowns form a network (Ahuja, Magnanti and Orlin, *Network Flows*, ch. 1): with each
breakdown a node and each count an arc, the counts a reader cannot see may change together
exactly along cycles, and a withheld count can take another value exactly when a cycle of
withheld counts through it can carry a change of one within every count's class. That is a
breadth-first search.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

Count = Hashable
"""A count of people behind one or more figures, e.g. ("active", initiative, unit, period)."""
Figure = Hashable
"""A figure that can be shown or withheld."""


@dataclass(frozen=True)
class Breakdown:
    """A whole and the parts that add up to it."""

    parts: tuple[Count, ...]
    """In the order complements are taken among equals (the first first)."""
    whole: Count | None = None
    """None: a figure of another view, taken as known to every reader."""
    overlap: Count | None = None
    """How many people the parts count more than once (channels share people); never shown.
    With it a reader knows only that the parts add up to at least the whole."""


@dataclass(frozen=True)
class Protection:
    """What to withhold: the figures asked for and those that keep them from being worked out."""

    withheld: frozenset[Figure]
    taken_for: Mapping[Count, Breakdown]
    """Each count withheld as a complement, and the breakdown it was taken for."""
    unresolved: tuple[Breakdown, ...]
    """Breakdowns still not safe with every part withheld and no whole that could be."""


def protect(
    counts: Mapping[Count, int],
    reveals: Mapping[Figure, Collection[Count]],
    withheld: Iterable[Figure],
    breakdowns: Sequence[Breakdown],
    min_group: int,
    uncertain_zeros: Collection[Count] = (),
    open_below: Collection[Count] = (),
) -> Protection:
    """The figures to withhold, `withheld` and the fewest more a greedy choice finds, so that
    every breakdown is safe (see the module's docstring).

    `reveals` names the counts each figure shows when it is shown; a count is withheld when
    every figure that shows it is, and a count of 0 is known anyway unless it is one of
    `uncertain_zeros` (a zero that only a withheld figure would show, as in "no newcomers among
    three people"). A withheld count of fewer than `min_group` is taken to be at least 1 (its
    row says someone is there) unless it is one of `open_below`. Missing counts are 0. An
    unsafe breakdown gets the smallest part still shown withheld (every figure that shows it);
    with no part left, its whole.
    """
    state = _State(counts, reveals, set(withheld), breakdowns, min_group, uncertain_zeros)
    state.open_below = set(open_below)
    return state.run()


class _State:
    def __init__(
        self,
        counts: Mapping[Count, int],
        reveals: Mapping[Figure, Collection[Count]],
        withheld: set[Figure],
        breakdowns: Sequence[Breakdown],
        min_group: int,
        uncertain_zeros: Collection[Count],
    ) -> None:
        self.counts = counts
        self.reveals = reveals
        self.withheld = withheld
        self.min_group = min_group
        self.revealers: dict[Count, list[Figure]] = defaultdict(list)
        for figure, shown in reveals.items():
            for count in shown:
                self.revealers[count].append(figure)
        self.overlaps = {b.overlap for b in breakdowns if b.overlap is not None}
        self.breakdowns = [b for b in breakdowns if not self._constant(b, uncertain_zeros)]
        self.uncertain = _still_uncertain(self.breakdowns, counts, set(uncertain_zeros))
        self.chosen_for: dict[Count, int] = {}
        self.open_below: set[Count] = set()
        self._hidden: dict[Count, bool] = {}
        self._smallest_shown: dict[int, int | None] = {}
        self._network()

    def _constant(self, b: Breakdown, uncertain: Collection[Count]) -> bool:
        """Whether a breakdown holds only counts every reader knows to be 0."""
        counts = [*b.parts, *([b.whole] if b.whole is not None else [])]
        return b.overlap is None and all(
            self.counts.get(c, 0) == 0 and c not in uncertain and c not in self.overlaps
            for c in counts
        )

    # --- the network: a node per breakdown (and a ground per component), an arc per count ---

    def _network(self) -> None:
        incidences: dict[Count, list[tuple[int, int]]] = defaultdict(list)
        for i, b in enumerate(self.breakdowns):
            for part in b.parts:
                incidences[part].append((i, 1))
            for side in (b.whole, b.overlap):
                if side is not None:
                    incidences[side].append((i, -1))
        links: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for count, where in incidences.items():
            if len(where) > 2:
                raise ValueError(f"count {count!r} lies in more than two breakdowns")
            if len(where) == 2:
                (i, a), (j, c) = where
                links[i].append((j, -a * c))
                links[j].append((i, -a * c))
        # a sign per breakdown so that every count enters one node and leaves another
        sign: dict[int, int] = {}
        self.component: dict[int, int] = {}
        for start in range(len(self.breakdowns)):
            if start in sign:
                continue
            sign[start] = 1
            self.component[start] = start
            queue = deque([start])
            while queue:
                i = queue.popleft()
                for j, relation in links[i]:
                    if j not in sign:
                        sign[j] = sign[i] * relation
                        self.component[j] = start
                        queue.append(j)
                    elif sign[j] != sign[i] * relation:
                        raise ValueError("these breakdowns do not form a network")
        self.arcs: dict[Count, tuple[Hashable, Hashable]] = {}
        self.at: dict[Hashable, list[Count]] = defaultdict(list)
        for count, where in incidences.items():
            ends = [(i, sign[i] * a) for i, a in where]
            if len(ends) == 1:
                ground = ("ground", self.component[ends[0][0]])
                ends.append((ground, -ends[0][1]))  # type: ignore[arg-type]
            tail = next(node for node, s in ends if s == -1)
            head = next(node for node, s in ends if s == 1)
            self.arcs[count] = (tail, head)
            self.at[tail].append(count)
            self.at[head].append(count)
        self.members: dict[int, list[int]] = defaultdict(list)
        for i, root in self.component.items():
            self.members[root].append(i)
        self.breakdowns_of: dict[Count, list[int]] = defaultdict(list)
        for count, where in incidences.items():
            self.breakdowns_of[count] = [i for i, _a in where]

    # --- what a reader knows ---------------------------------------------------------------

    def value(self, count: Count) -> int:
        return 0 if count in self.overlaps else self.counts.get(count, 0)

    def hidden(self, count: Count) -> bool:
        known = self._hidden.get(count)
        if known is None:
            if count in self.overlaps:
                known = True
            elif self.value(count) == 0 and count not in self.uncertain:
                known = False
            else:
                known = all(f in self.withheld for f in self.revealers.get(count, ()))
            self._hidden[count] = known
        return known

    def bounds(self, count: Count) -> tuple[int, int | None]:
        """The class a reader knows a withheld count to lie in, as (lowest, highest or None)."""
        if count in self.overlaps:
            return 0, None
        v = self.value(count)
        if v < self.min_group:
            return (0 if v == 0 or count in self.open_below else 1), self.min_group - 1
        return self.min_group, self._ordering_bound(count)

    def _ordering_bound(self, count: Count) -> int | None:
        """A complement is no larger than the smallest part still shown where it was taken."""
        if count not in self.chosen_for:
            return None
        i = self.chosen_for[count]
        if i not in self._smallest_shown:
            b = self.breakdowns[i]
            shown = [self.value(p) for p in b.parts if not self.hidden(p) and self.value(p) > 0]
            self._smallest_shown[i] = min(shown) if shown else None
        return self._smallest_shown[i]

    def pinned(self, count: Count) -> bool:
        """Whether a withheld count can take only one value, all else a reader knows kept."""
        x = self.value(count)
        lowest, highest = self.bounds(count)
        tail, head = self.arcs[count]
        up = (highest is None or x + 1 <= highest) and self._reach(head, tail, count)
        down = x - 1 >= lowest and self._reach(tail, head, count)
        return not (up or down)

    def _reach(self, start: Hashable, goal: Hashable, skip: Count) -> bool:
        """Whether a change of one can travel from `start` to `goal` through withheld counts."""
        seen = {start}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            if node == goal:
                return True
            for count in self.at[node]:
                if count == skip or not self.hidden(count):
                    continue
                tail, head = self.arcs[count]
                x = self.value(count)
                lowest, highest = self.bounds(count)
                if node == tail and (highest is None or x + 1 <= highest):
                    step = head
                elif node == head and x - 1 >= lowest:
                    step = tail
                else:
                    continue
                if step not in seen:
                    seen.add(step)
                    queue.append(step)
        return False

    def safe(self, i: int) -> bool:
        b = self.breakdowns[i]
        hidden_parts = [p for p in b.parts if self.hidden(p) and p not in self.overlaps]
        whole_hidden = b.whole is not None and self.hidden(b.whole) and b.whole not in self.overlaps
        if (
            b.overlap is None
            and b.whole not in self.overlaps
            and not whole_hidden
            and hidden_parts
            and sum(self.value(p) for p in hidden_parts) < self.min_group
        ):
            return False
        checked = [*hidden_parts, *([b.whole] if whole_hidden else [])]
        return not any(self.pinned(c) for c in checked)

    # --- the greedy choice ------------------------------------------------------------------

    def fix(self, i: int) -> set[Figure]:
        """Withhold the smallest part of breakdown `i` still shown; else the smallest part still
        shown of a breakdown that crosses it at a count pinned down; else its whole (a whole
        reaches every view, so it goes last). The figures newly withheld (none: nothing left)."""
        count = self._complement(i)
        taken_for = i
        if count is None:
            b = self.breakdowns[i]
            hidden = [c for c in (*b.parts, b.whole) if c is not None and self.hidden(c)]
            crossing = sorted(
                {j for c in hidden if self.pinned(c) for j in self.breakdowns_of[c] if j != i}
            )
            for j in crossing:
                count, taken_for = self._complement(j), j
                if count is not None:
                    break
        if count is not None:
            self.chosen_for.setdefault(count, taken_for)
        else:
            count = self._whole(i)
        if count is None:
            return set()
        added = {f for f in self.revealers[count] if f not in self.withheld}
        self.withheld |= added
        for figure in added:  # what a reader knows has changed: forget what was worked out
            for c in self.reveals[figure]:
                self._hidden.pop(c, None)
        self._smallest_shown.clear()
        return added

    def _complement(self, i: int) -> Count | None:
        """The smallest part of breakdown `i` still shown (the first among equals), if any."""
        shown = [
            (self.value(p), n, p)
            for n, p in enumerate(self.breakdowns[i].parts)
            if not self.hidden(p) and self.value(p) > 0
        ]
        return min(shown, key=lambda t: (t[0], t[1]))[2] if shown else None

    def _whole(self, i: int) -> Count | None:
        whole = self.breakdowns[i].whole
        if whole is not None and not self.hidden(whole) and self.value(whole) > 0:
            return whole
        return None

    def run(self) -> Protection:
        queue = deque(range(len(self.breakdowns)))
        queued = set(queue)
        while queue:
            i = queue.popleft()
            queued.discard(i)
            if self.safe(i):
                continue
            added = self.fix(i)
            if not added:
                continue  # nothing left to withhold here: unresolved, unless others change it
            # a count withheld changes what a reader knows in every breakdown of its network
            touched = {i}
            for figure in added:
                for count in self.reveals[figure]:
                    touched.update(self.breakdowns_of.get(count, ()))
            for j in {m for t in touched for m in self.members[self.component[t]]}:
                if j not in queued:
                    queue.append(j)
                    queued.add(j)
        unresolved = tuple(b for i, b in enumerate(self.breakdowns) if not self.safe(i))
        taken_for = {c: self.breakdowns[i] for c, i in self.chosen_for.items()}
        return Protection(frozenset(self.withheld), taken_for, unresolved)


def _still_uncertain(
    breakdowns: Iterable[Breakdown], counts: Mapping[Count, int], uncertain: set[Count]
) -> set[Count]:
    """The uncertain zeros a zero whole does not give away: the parts of a whole every reader
    knows to be 0 are 0 too (and so are theirs, and so on)."""
    breakdowns = list(breakdowns)
    known_zero = {
        c
        for b in breakdowns
        for c in (*b.parts, b.whole)
        if c is not None and counts.get(c, 0) == 0 and c not in uncertain
    }
    changed = True
    while changed:
        changed = False
        for b in breakdowns:
            if b.overlap is None and b.whole in known_zero:
                for part in b.parts:
                    if part not in known_zero:
                        known_zero.add(part)
                        changed = True
    return uncertain - known_zero
