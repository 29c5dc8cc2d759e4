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
    """Breakdowns still not safe with nothing left to withhold that would help."""


def protect(
    counts: Mapping[Count, int],
    reveals: Mapping[Figure, Collection[Count]],
    withheld: Iterable[Figure],
    breakdowns: Sequence[Breakdown],
    min_group: int,
    uncertain_zeros: Collection[Count] = (),
    open_below: Collection[Count] = (),
    fixed: Collection[Count] = (),
) -> Protection:
    """The figures to withhold: `withheld`, and more, chosen greedily, until every breakdown is
    safe (see the module's docstring), or says why it cannot be (`Protection.unresolved`).

    `reveals` names the counts each figure shows when it is shown; a count is withheld when
    every figure that shows it is, and a count of 0 is known anyway unless it is one of
    `uncertain_zeros` (a zero that only a withheld figure would show, as in "no newcomers among
    three people"). A withheld count of fewer than `min_group` is taken to be at least 1 (its
    row says someone is there) unless it is one of `open_below`. Missing counts are 0.

    An unsafe breakdown gets the smallest part still shown withheld (every figure that shows
    it); with none left, the smallest part still shown of a breakdown crossing it at a count
    pinned down; then its whole. Counts in `fixed` are never withheld to protect others (the
    figures of another view, which this one must not change).
    """
    state = _State(
        counts,
        reveals,
        set(withheld),
        breakdowns,
        min_group,
        uncertain_zeros,
        set(open_below),
        set(fixed),
    )
    return state.run()


class _State:
    """The breakdowns as a network, what a reader knows of each count, and the greedy choice."""

    def __init__(
        self,
        counts: Mapping[Count, int],
        reveals: Mapping[Figure, Collection[Count]],
        withheld: set[Figure],
        breakdowns: Sequence[Breakdown],
        min_group: int,
        uncertain_zeros: Collection[Count],
        open_below: set[Count],
        fixed: set[Count],
    ) -> None:
        self.counts = counts
        self.reveals = reveals
        self.withheld = withheld
        self.min_group = min_group
        self.open_below = open_below
        self.fixed = fixed
        self.revealers: dict[Count, list[Figure]] = defaultdict(list)
        for figure, shown in reveals.items():
            for count in shown:
                self.revealers[count].append(figure)
        self.overlaps = {b.overlap for b in breakdowns if b.overlap is not None}
        kept = [b for b in breakdowns if not self._constant(b, uncertain_zeros)]
        self.uncertain = _still_uncertain(kept, counts, set(uncertain_zeros))
        # a count every reader knows to be 0 changes no sum: leave it out of the network
        self.breakdowns = [
            Breakdown(
                tuple(p for p in b.parts if not self._known_zero(p)),
                None if b.whole is None or self._known_zero(b.whole) else b.whole,
                b.overlap,
            )
            for b in kept
        ]
        self.chosen_for: dict[Count, int] = {}
        self.chosen_in: dict[int, list[Count]] = defaultdict(list)
        self._hidden: dict[Count, bool] = {}
        self._smallest_shown: dict[int, int | None] = {}
        self._steps: dict[Hashable, list[tuple[Hashable, Count]]] = {}
        self._pinned: dict[Count, bool] = {}
        self._network()

    def _known_zero(self, count: Count) -> bool:
        return (
            self.counts.get(count, 0) == 0
            and count not in self.uncertain
            and count not in self.overlaps
        )

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
            # a count enters the node where it adds (sign +1) and leaves the other
            i, a = where[0]
            other: Hashable = where[1][0] if len(where) == 2 else ("ground", self.component[i])
            tail, head = (other, i) if sign[i] * a == 1 else (i, other)
            self.arcs[count] = (tail, head)
            self.at[tail].append(count)
            self.at[head].append(count)
        self.members: dict[int, list[int]] = defaultdict(list)
        for i, root in self.component.items():
            self.members[root].append(i)
        self.breakdowns_of: dict[Count, list[int]] = defaultdict(list)
        self.counts_in: dict[int, list[Count]] = defaultdict(list)
        for count, where in incidences.items():
            self.breakdowns_of[count] = [i for i, _a in where]
            self.counts_in[self.component[where[0][0]]].append(count)

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
        """A complement is no larger than the smallest part still shown where it was taken
        (among those that could have been taken)."""
        if count not in self.chosen_for:
            return None
        i = self.chosen_for[count]
        if i not in self._smallest_shown:
            b = self.breakdowns[i]
            shown = [
                self.value(p)
                for p in b.parts
                if not self.hidden(p) and self.value(p) > 0 and p not in self.fixed
            ]
            self._smallest_shown[i] = min(shown) if shown else None
        return self._smallest_shown[i]

    def pinned(self, count: Count) -> bool:
        """Whether a withheld count can take only one value, all else a reader knows kept."""
        known = self._pinned.get(count)
        if known is None:
            up, down = self._moves(count)
            tail, head = self.arcs[count]
            known = not (
                (up and self._reach(head, tail, count)) or (down and self._reach(tail, head, count))
            )
            self._pinned[count] = known
        return known

    def _moves(self, count: Count) -> tuple[bool, bool]:
        """Whether a withheld count could be one more, and one less, within its class."""
        x = self.value(count)
        lowest, highest = self.bounds(count)
        return highest is None or x + 1 <= highest, x - 1 >= lowest

    def _residual(self, node: Hashable) -> list[tuple[Hashable, Count]]:
        """Where a change of one can go from `node` along a withheld count, and which count;
        kept until the next figure is withheld."""
        steps = self._steps.get(node)
        if steps is None:
            steps = []
            for count in self.at[node]:
                if not self.hidden(count):
                    continue
                tail, head = self.arcs[count]
                up, down = self._moves(count)
                if node == tail and up:
                    steps.append((head, count))
                if node == head and down:
                    steps.append((tail, count))
            self._steps[node] = steps
        return steps

    def _reach(self, start: Hashable, goal: Hashable, skip: Count) -> bool:
        """Whether a change of one can travel from `start` to `goal` through withheld counts
        other than `skip`."""
        seen = {start}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            for step, count in self._residual(node):
                if count == skip or step in seen:
                    continue
                if step == goal:
                    return True
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
        if count is not None and count not in self.chosen_for:
            self.chosen_for[count] = taken_for
            self.chosen_in[taken_for].append(count)
        else:
            count = self._whole(i)
        if count is None:
            return set()
        added = {f for f in self.revealers[count] if f not in self.withheld}
        self.withheld |= added
        for figure in added:  # what a reader knows has changed: forget what was worked out
            for c in self.reveals[figure]:
                self._hidden.pop(c, None)
        return added

    def forget(self, added: set[Figure], touched: set[int]) -> None:
        """Forget what was worked out where figures were withheld: the ways a change can travel
        from the ends of the counts now withheld, and from those of complements whose bound
        moved with them; and which counts were pinned down (a count free to change stays free,
        as withholding more only adds ways)."""
        counts = {c for f in added for c in self.reveals[f]}
        for i in touched:
            self._smallest_shown.pop(i, None)
            counts.update(self.chosen_in.get(i, ()))
        for count in counts:
            for node in self.arcs.get(count, ()):
                self._steps.pop(node, None)
        for root in {self.component[i] for i in touched}:
            for count in self.counts_in[root]:
                if self._pinned.get(count):
                    del self._pinned[count]

    def _complement(self, i: int) -> Count | None:
        """The smallest part of breakdown `i` still shown (the first among equals), if any."""
        shown = [
            (self.value(p), n, p)
            for n, p in enumerate(self.breakdowns[i].parts)
            if not self.hidden(p) and self.value(p) > 0 and p not in self.fixed
        ]
        return min(shown, key=lambda t: (t[0], t[1]))[2] if shown else None

    def _whole(self, i: int) -> Count | None:
        whole = self.breakdowns[i].whole
        if (
            whole is not None
            and whole not in self.fixed
            and not self.hidden(whole)
            and self.value(whole) > 0
        ):
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
            # withholding only adds ways for a withheld count to change (and grows every sum
            # of withheld parts), so a safe breakdown stays safe: only those holding a count
            # withheld now need another look
            touched = {i}
            for figure in added:
                for count in self.reveals[figure]:
                    touched.update(self.breakdowns_of.get(count, ()))
            self.forget(added, touched)
            for j in touched:
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
    breakdowns = [b for b in breakdowns if b.overlap is None and b.whole is not None]
    known_zero = {
        c
        for b in breakdowns
        for c in (*b.parts, b.whole)
        if c is not None and counts.get(c, 0) == 0 and c not in uncertain
    }
    under: dict[Count, list[Breakdown]] = defaultdict(list)
    for b in breakdowns:
        under[b.whole].append(b)
    todo = [c for c in known_zero if c in under]
    while todo:
        for b in under[todo.pop()]:
            for part in b.parts:
                if part not in known_zero:
                    known_zero.add(part)
                    todo.append(part)
    return uncertain - known_zero
