"""Complementary suppression on its own: whatever the counts, a reader who knows everything
shown cannot pin down a withheld count, nor isolate a withheld group under the minimum.

The reader here is independent of `protect`'s own check: it searches every assignment of the
withheld counts that agrees with what is shown (a depth-first search with the sums as bounds)
instead of following cycles through a network. It knows what the module docstring of
`wi3.metrics._suppress` says a reader knows: each withheld count's class (1 to m − 1, 0 to
m − 1 for a zero only a withheld figure would show, at least m), that a part taken to protect
another is no larger than the smallest part still shown where it was taken, and every sum.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from wi3.metrics._newcomers import Monthly, NewcomerTable
from wi3.metrics._suppress import Breakdown, Protection, protect


@dataclass
class Problem:
    counts: dict[Hashable, int]
    reveals: dict[Hashable, tuple[Hashable, ...]]
    primary: set[Hashable]
    breakdowns: list[Breakdown]
    min_group: int
    uncertain: set[Hashable] = field(default_factory=set)
    open_below: set[Hashable] = field(default_factory=set)

    def solve(self) -> Protection:
        return protect(
            self.counts,
            self.reveals,
            self.primary,
            self.breakdowns,
            self.min_group,
            self.uncertain,
            self.open_below,
        )


def attack(problem: Problem, protection: Protection) -> list[str]:
    """What a reader can work out that they should not: withheld counts pinned down, withheld
    parts whose known sum is a group under the minimum."""
    m = problem.min_group
    overlaps = {b.overlap for b in problem.breakdowns if b.overlap is not None}
    everything = {
        c for b in problem.breakdowns for c in (*b.parts, b.whole, b.overlap) if c is not None
    }
    revealers: dict[Hashable, list[Hashable]] = defaultdict(list)
    for figure, counts in problem.reveals.items():
        for c in counts:
            revealers[c].append(figure)

    def value(c: Hashable) -> int:
        return 0 if c in overlaps else problem.counts.get(c, 0)

    known: dict[Hashable, int] = {}
    for c in everything - overlaps:
        if any(f not in protection.withheld for f in revealers[c]):
            known[c] = value(c)
        elif value(c) == 0 and c not in problem.uncertain:
            known[c] = 0
    changed = True
    while changed:  # the parts of a whole shown as zero are zero (left alone, by definition)
        changed = False
        for b in problem.breakdowns:
            if b.overlap is None and known.get(b.whole) == 0:
                for p in b.parts:
                    if p not in known:
                        known[p] = 0
                        changed = True
    cap = sum(value(c) for c in everything) + 1

    def domain(c: Hashable) -> range:
        if c in overlaps:
            return range(0, cap + 1)
        v = value(c)
        if v < m:
            return range(0 if v == 0 or c in problem.open_below else 1, m)
        highest = cap
        if c in protection.taken_for:
            shown = [value(p) for p in protection.taken_for[c].parts if p in known and value(p) > 0]
            highest = min(shown, default=cap)
        return range(m, highest + 1)

    unknown = sorted(everything - known.keys(), key=repr)
    equations = []
    for b in problem.breakdowns:
        terms = [(p, 1) for p in b.parts]
        terms += [(c, -1) for c in (b.whole, b.overlap) if c is not None]
        constant = sum(k * known[c] for c, k in terms if c in known)
        variables = [(c, k) for c, k in terms if c not in known]
        equations.append((constant, variables))

    failures = []
    for target in unknown:
        if target in overlaps:
            continue
        if value(target) not in domain(target):
            failures.append(f"{target!r}: its true value lies outside what a reader assumes")
        if not _other_solution(target, value, unknown, domain, equations):
            failures.append(f"{target!r} can be worked out: it must be {value(target)}")
    for b in problem.breakdowns:
        whole_known = b.whole is None or b.whole in known
        if b.overlap is None and whole_known:
            hidden = [p for p in b.parts if p not in known]
            if hidden and sum(value(p) for p in hidden) < m:
                failures.append(f"withheld parts {hidden!r} are a known group under {m}")
    return failures


def _other_solution(
    target: Hashable,
    truth: Callable[[Hashable], int],
    unknown: Sequence[Hashable],
    domain: Callable[[Hashable], range],
    equations: list[tuple[int, list[tuple[Hashable, int]]]],
) -> bool:
    """Whether the sums allow `target` another value than its true one.

    A depth-first search over the unknown counts, the target first and then the counts it
    shares sums with, each trying the values nearest its true one first (the true values are
    one answer, so another is usually near).
    """
    order = [target]
    for _ in range(len(unknown)):  # the target's neighbours first: the sums prune early
        for _constant, variables in equations:
            if any(c in order for c, _k in variables):
                order += [c for c, _k in variables if c not in order]
    order += [c for c in unknown if c not in order]
    domains = {
        c: sorted(domain(c), key=lambda v, c=c: (abs(v - truth(c)), v))  # type: ignore[misc]
        for c in order
    }
    ranges = {c: (min(d), max(d)) for c, d in domains.items() if d}
    assigned: dict[Hashable, int] = {}

    def feasible() -> bool:
        for constant, variables in equations:
            low = high = constant
            for c, k in variables:
                if c in assigned:
                    low += k * assigned[c]
                    high += k * assigned[c]
                else:
                    ends = (k * ranges[c][0], k * ranges[c][1])
                    low += min(ends)
                    high += max(ends)
            if not low <= 0 <= high:
                return False
        return True

    def search(i: int) -> bool:
        if i == len(order):
            return True
        c = order[i]
        for v in domains[c]:
            if c == target and v == truth(target):
                continue
            assigned[c] = v
            if feasible() and search(i + 1):
                return True
            del assigned[c]
        return False

    if any(not d for d in domains.values()):
        return False
    return search(0)


def check(problem: Problem, *, resolved: bool = True) -> None:
    protection = problem.solve()
    assert problem.primary <= protection.withheld
    assert attack(problem, protection) == []
    if resolved:
        assert protection.unresolved == ()


# --- one whole and its parts ------------------------------------------------------------------

small = st.integers(0, 12) | st.integers(0, 40)


@st.composite
def one_way(draw: st.DrawFn) -> Problem:
    m = draw(st.sampled_from([3, 5]))
    values = draw(st.lists(small, min_size=1, max_size=5))
    hidden_zero = draw(st.lists(st.booleans(), min_size=len(values), max_size=len(values)))
    counts: dict[Hashable, int] = {("part", i): v for i, v in enumerate(values)}
    counts["whole"] = sum(values)
    reveals = {("figure", c): (c,) for c in counts}
    primary = {("figure", c) for c, v in counts.items() if 0 < v < m}
    uncertain = {("part", i) for i, v in enumerate(values) if v == 0 and hidden_zero[i]}
    primary |= {("figure", c) for c in uncertain}
    parts = tuple(("part", i) for i in range(len(values)))
    # as wi3 lists them: the parts of a whole that is itself too small are not listed, since
    # every one would be withheld and its row would still say someone is there
    listed = ("figure", "whole") not in primary
    return Problem(
        counts, reveals, primary, [Breakdown(parts, "whole")] if listed else [], m, uncertain
    )


@settings(max_examples=300, deadline=None)
@given(one_way())
def test_no_withheld_part_can_be_worked_out_from_the_whole(problem: Problem) -> None:
    check(problem)


def test_the_issue_s_example() -> None:
    """477 in all: 81, 81, 312 unknown and a withheld 3. One more 81 goes."""
    counts: dict[Hashable, int] = {"a": 81, "b": 81, "unknown": 312, "c": 3, "all": 477}
    problem = Problem(
        counts,
        {c: (c,) for c in counts},
        {"c"},
        [Breakdown(("a", "b", "c", "unknown"), "all")],
        5,
    )
    protection = problem.solve()
    assert protection.withheld == {"a", "c"}
    assert attack(problem, protection) == []
    # with 4 instead of 3, a reader who knows the rule could tell: the withheld 81 is at most
    # the other 81, so the small one is at least 477 - 81 - 312 - 81 = 4 and at most 4
    problem.counts |= {"c": 4, "all": 478}
    protection = problem.solve()
    assert protection.withheld == {"a", "b", "c"}
    assert attack(problem, protection) == []


def test_two_small_parts_that_add_up_to_a_small_group_take_a_third() -> None:
    counts: dict[Hashable, int] = {"a": 1, "b": 2, "c": 20, "d": 30, "all": 53}
    problem = Problem(
        counts, {c: (c,) for c in counts}, {"a", "b"}, [Breakdown(("a", "b", "c", "d"), "all")], 5
    )
    assert problem.solve().withheld == {"a", "b", "c"}


def test_two_parts_at_the_top_of_their_class_take_a_third() -> None:
    """4 + 4 = 8 of 38: each could only be 4, as neither can be more."""
    counts: dict[Hashable, int] = {"a": 4, "b": 4, "c": 30, "all": 38}
    problem = Problem(
        counts, {c: (c,) for c in counts}, {"a", "b"}, [Breakdown(("a", "b", "c"), "all")], 5
    )
    assert problem.solve().withheld == {"a", "b", "c"}


def test_a_whole_goes_when_no_part_can_protect_another() -> None:
    """1 and 5 make 6: with both withheld, the 1 is still all the 6 leaves below 5."""
    counts: dict[Hashable, int] = {"a": 1, "b": 5, "all": 6}
    problem = Problem(counts, {c: (c,) for c in counts}, {"a"}, [Breakdown(("a", "b"), "all")], 5)
    protection = problem.solve()
    assert protection.withheld == {"a", "b", "all"}
    assert attack(problem, protection) == []


# --- figures that share counts (a share shows its numerator and denominator) -----------------


@st.composite
def shared_counts(draw: st.DrawFn) -> Problem:
    """Per unit: active people A (shown by `active`), contributors C ≤ A (shown by `gini` when
    some), and the contributor ratio C / A, which shows both. The whole initiative likewise."""
    m = draw(st.sampled_from([3, 5]))
    n = draw(st.integers(1, 4))
    active = draw(st.lists(st.integers(1, 15), min_size=n, max_size=n))
    contributors = [draw(st.integers(0, a)) for a in active]
    units: list[tuple[Hashable, int, int]] = [
        (f"u{i}", a, c) for i, (a, c) in enumerate(zip(active, contributors, strict=True))
    ]
    units.append(("all", sum(active), sum(contributors)))
    counts: dict[Hashable, int] = {}
    reveals: dict[Hashable, tuple[Hashable, ...]] = {}
    primary: set[Hashable] = set()
    uncertain: set[Hashable] = set()
    for unit, a, c in units:
        counts[("A", unit)], counts[("C", unit)] = a, c
        reveals[("active", unit)] = (("A", unit),)
        reveals[("ratio", unit)] = (("A", unit), ("C", unit))
        if 0 < a < m:
            primary.add(("active", unit))
        people = c if c > 0 else a
        if 0 < people < m:
            primary.add(("ratio", unit))
            if c == 0:
                uncertain.add(("C", unit))
        if c > 0:
            reveals[("gini", unit)] = (("C", unit),)
            if c < m:
                primary.add(("gini", unit))
    # as wi3 lists them: no unit's figures in a period with fewer than m people active, and
    # none of a metric whose whole is withheld as too small (a row would say someone is there)
    names = [u for u, _a, _c in units[:-1]]
    for metric in ("active", "ratio", "gini"):
        if units[-1][1] < m or (metric, "all") in primary or (metric, "all") not in reveals:
            for u in names:
                reveals.pop((metric, u), None)
                primary.discard((metric, u))
    breakdowns = [
        Breakdown(tuple((k, u) for u in names), (k, "all"))
        for k in ("A", "C")
        if any(f not in primary for f, shown in reveals.items() if (k, "all") in shown)
    ]
    return Problem(counts, reveals, primary, breakdowns, m, uncertain)


@settings(max_examples=200, deadline=None)
@given(shared_counts())
def test_figures_sharing_a_count_are_withheld_together(problem: Problem) -> None:
    check(problem)


# --- two ways: units by month, and the quarter that adds the months up ------------------------


@st.composite
def two_way(draw: st.DrawFn) -> Problem:
    """Newcomers N per unit and month, their quarter, and the whole initiative; with the
    active people A that decide whether a zero is shown ("no newcomers among three" is not)."""
    m = draw(st.sampled_from([3, 5]))
    rows = [f"u{i}" for i in range(draw(st.integers(1, 3)))]
    months = [f"m{i}" for i in range(draw(st.integers(2, 3)))]
    periods = [*months, "Q"]
    new = {(r, t): draw(st.integers(0, 9)) for r in rows for t in months}
    back = {(r, t): draw(st.integers(0, 6)) for r in rows for t in months}  # active, not new
    counts: dict[Hashable, int] = dict(new)
    active = {c: new[c] + back[c] for c in new}
    for r in rows:
        counts[(r, "Q")] = sum(new[(r, t)] for t in months)
        active[(r, "Q")] = counts[(r, "Q")] + max(back[(r, t)] for t in months)
    for t in periods:
        counts[("all", t)] = sum(counts[(r, t)] for r in rows)
        active[("all", t)] = sum(active[(r, t)] for r in rows)
    reveals = {("figure", c): (c,) for c in counts if active[c] > 0}  # a row where people were
    people = {c: counts[c] or active[c] for c in counts}
    primary = {("figure", c) for c in counts if 0 < people[c] < m}
    uncertain = {c for c in counts if counts[c] == 0 and 0 < active[c] < m}
    # the units of a period whose whole is too small are not listed (see `one_way`)
    unlisted = [t for t in periods if active[("all", t)] < m or ("figure", ("all", t)) in primary]
    for r, t in [(r, t) for r in rows for t in unlisted]:
        reveals.pop(("figure", (r, t)), None)
        primary.discard(("figure", (r, t)))
    breakdowns = [
        Breakdown(tuple((r, t) for r in rows), ("all", t)) for t in periods if t not in unlisted
    ]
    breakdowns += [Breakdown(tuple((r, t) for t in months), (r, "Q")) for r in [*rows, "all"]]
    # a unit's row says people were active there, not that any was new
    return Problem(counts, reveals, primary, breakdowns, m, uncertain, set(counts))


@settings(max_examples=50, deadline=None)
@given(two_way())
def test_a_two_way_table_is_safe_wherever_protect_says_so(problem: Problem) -> None:
    """In two ways, the classes alone can pin a count down with every figure withheld (with a
    minimum of 3: 1 + 1 new in one unit, 2 + 2 in the other, every month's total 3): `protect`
    then says so, and wi3 leaves that quarter's units out (see the test below)."""
    protection = problem.solve()
    if not protection.unresolved:
        assert attack(problem, protection) == []


# --- parts that overlap: channels share people ------------------------------------------------


@st.composite
def overlapping(draw: st.DrawFn) -> Problem:
    m = draw(st.sampled_from([3, 5]))
    values = draw(st.lists(st.integers(1, 12), min_size=1, max_size=4))
    counts: dict[Hashable, int] = {("channel", i): v for i, v in enumerate(values)}
    reveals = {("figure", c): (c,) for c in counts}
    primary = {("figure", c) for c, v in counts.items() if v < m}
    parts = tuple(counts)
    return Problem(counts, reveals, primary, [Breakdown(parts, None, "overlap")], m)


@settings(max_examples=150, deadline=None)
@given(overlapping())
def test_overlapping_parts_keep_every_withheld_one_open(problem: Problem) -> None:
    protection = problem.solve()
    if not protection.unresolved:
        assert attack(problem, protection) == []
    else:  # every channel withheld, each at the top of its class: only the whole could help
        assert all(f in protection.withheld for f in problem.reveals)
        assert all(v == problem.min_group - 1 for v in problem.counts.values())


# --- newcomers as wi3 withholds them: units × months and quarters, units left out if need be --


@st.composite
def monthly(draw: st.DrawFn) -> tuple[list[Monthly], int]:
    """Active people and newcomers per unit and month of one quarter, and per quarter."""
    m = draw(st.sampled_from([3, 5]))
    rows = []
    for u in range(draw(st.integers(1, 3))):
        new = [draw(st.integers(0, 9)) for _ in range(3)]
        back = [draw(st.integers(0, 6)) for _ in range(3)]  # active, and not new
        for k in range(3):
            if new[k] + back[k]:
                rows.append(Monthly("team", f"u{u}", 1, 3 * 8104 + k, new[k] + back[k], new[k]))
        if sum(new) + max(back):
            quarter_back = draw(st.integers(max(back), sum(back)))
            rows.append(Monthly("team", f"u{u}", 3, 8104, sum(new) + quarter_back, sum(new)))
    return rows, m


def attack_newcomers(rows: list[Monthly], m: int) -> list[str]:
    """A reader of the month and the quarter view, units and totals, who knows the notes."""
    got = NewcomerTable(rows, m).protect(channels=False)
    table = got.table
    cells = {(u, months, p) for (_i, u, months, p) in table.active_of}
    units = sorted({u for u, _m, _p in cells if u is not None})
    periods = [(1, 3 * 8104 + k) for k in range(3)] + [(3, 8104)]
    everything = [(u, months, p) for u in [*units, None] for months, p in periods]

    def cell(c: tuple[str | None, int, int]) -> tuple[str, str | None, int, int]:
        return ("team", *c)

    def new(c: tuple[str | None, int, int]) -> int:
        return table.new_of.get(cell(c), 0)

    def active(c: tuple[str | None, int, int]) -> int:
        return table.active_of.get(cell(c), 0)

    known: dict[Hashable, int] = {}
    for c in everything:
        if active(c) == 0:
            known[c] = 0  # no row: nobody active, so nobody new
        elif cell(c) in got.unlisted:
            pass  # no row either, but nothing said
        elif cell(c) not in got.hidden:
            known[c] = new(c)
        elif new(c) == 0 and active(c) >= m:
            known[c] = 0  # withheld to protect others, and the reader is told it is no small group
    equations = [([(u, months, p) for u in units], (None, months, p)) for months, p in periods] + [
        ([(u, 1, 3 * 8104 + k) for k in range(3)], (u, 3, 8104)) for u in [*units, None]
    ]
    changed = True
    while changed:  # the parts of a whole shown as zero are zero
        changed = False
        for parts, whole in equations:
            if known.get(whole) == 0:
                for part in parts:
                    if part not in known:
                        known[part] = 0
                        changed = True
    cap = sum(new(c) for c in everything) + 1

    def domain(c: Hashable) -> range:
        v = new(c)  # type: ignore[arg-type]
        if cell(c) in got.unlisted:  # type: ignore[arg-type]
            return range(0, cap + 1)
        if v < m:
            return range(0, m)  # "fewer than m": a row where people were active, none new or few
        taken = got.taken_for.get(("N", *cell(c)))  # type: ignore[arg-type]
        if taken is None:
            return range(m, cap + 1)
        shown = [
            counts_new
            for part in taken.parts
            if (counts_new := table.new_of.get(part[1:], 0)) > 0  # type: ignore[index]
            and part[1:] not in got.hidden  # type: ignore[index]
            and part[1:] not in got.unlisted  # type: ignore[index]
        ]
        return range(m, min(shown, default=cap) + 1)

    unknown = [c for c in everything if c not in known]
    linear = []
    for parts, whole in equations:
        terms = [(p, 1) for p in parts] + [(whole, -1)]
        linear.append(
            (
                sum(k * known[c] for c, k in terms if c in known),
                [(c, k) for c, k in terms if c not in known],
            )
        )
    failures = []
    for target in unknown:
        if new(target) == 0 and active(target) >= m:
            continue  # "no newcomers among five or more" is shown wherever it is listed
        if cell(target) in got.unlisted and new(target) >= m:
            continue  # a unit left out, whose newcomers could have been shown anyway
        if new(target) not in domain(target):
            failures.append(f"{target}: its true value lies outside what a reader assumes")
        elif not _other_solution(target, new, unknown, domain, linear):  # type: ignore[arg-type]
            failures.append(f"{target} can be worked out: it must be {new(target)}")
    for parts, whole in equations:
        hidden = [p for p in parts if p not in known and cell(p) not in got.unlisted]
        listed = whole in known and all(cell(p) not in got.unlisted for p in parts)
        if listed and hidden and sum(new(p) for p in hidden) < m:
            failures.append(f"withheld {hidden} are a known group under {m}")
    return failures


@settings(max_examples=150, deadline=None)
@given(monthly())
def test_no_newcomers_figure_can_be_worked_out_across_months_quarters_and_units(
    given_rows: tuple[list[Monthly], int],
) -> None:
    rows, m = given_rows
    assert attack_newcomers(rows, m) == []


def test_a_quarter_whose_units_give_each_other_away_lists_no_units() -> None:
    """Minimum 3: u0 had 1 and 1 newcomers, u1 2 and 2, so every month's total is 3 and the
    quarter's 6; each withheld, a reader could still tell every figure."""
    rows = [
        Monthly("team", "u0", 1, 3 * 8104, 1, 1),
        Monthly("team", "u0", 1, 3 * 8104 + 1, 1, 1),
        Monthly("team", "u1", 1, 3 * 8104, 2, 2),
        Monthly("team", "u1", 1, 3 * 8104 + 1, 2, 2),
        Monthly("team", "u0", 3, 8104, 2, 2),
        Monthly("team", "u1", 3, 8104, 4, 4),
    ]
    got = NewcomerTable(rows, 3).protect(channels=False)
    assert {c for c in got.unlisted} == {
        ("team", u, months, p)
        for u in ("u0", "u1")
        for months, p in ((1, 3 * 8104), (1, 3 * 8104 + 1), (3, 8104))
    }
    assert attack_newcomers(rows, 3) == []
