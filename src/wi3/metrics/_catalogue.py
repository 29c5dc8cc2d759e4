"""The metric catalogue: each community-health metric as an Ibis expression, with its meaning.

Every metric is computed per initiative and period (month or quarter), some also per unit, and
returns the columns `initiative, period, unit, value, people`. `people` is the size of the group
of people the figure is about (for a ratio, the smaller of numerator and denominator, or the
denominator when nobody is counted); the engine withholds any figure whose `people` is below the
minimum group size. `unit` is null for the whole initiative.

The definitions are written once, here, as expressions over `Tables`; DuckDB and Spark run them
unchanged. The first line of each metric's docstring is its definition, shown by the CLI,
documents and reports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

import ibis
from ibis import Table

from wi3.metrics._tables import (
    CONTENT_KINDS,
    CONTRIBUTIONS,
    HUMAN_VIA,
    MONTHS_PER,
    UNKNOWN_UNIT,
    Tables,
    left_join,
)

Direction = Literal["higher", "lower", "neither"]
"""Which way a metric's value is better; "neither" for one that only gives context."""
MANAGERS = ("manager", "executive")
REPLY_WINDOW_HOURS = 7 * 24
FRESH_MONTHS = 3
"""'The last 90 days' of a period, as the three months ending with it."""
RETENTION_MONTHS = 3
LAUNCH_MONTHS = 3
"""An initiative's first three months, whose freshness says nothing (every item is new)."""


@dataclass(frozen=True, kw_only=True)
class Metric:
    """One row of the catalogue: a named metric, how to compute it, and how to read its value.

    Its fields are always given by name, so that `CATALOGUE` reads as a table.
    """

    id: str
    """The stable name: in `wi3 metrics` output and files, and in the model file's usage
    indicators and signals (`ref`)."""
    title: str
    """A short English heading for tables and reports."""
    unit: str
    """What a value measures, which decides how it is printed: people, share (0 to 1), index,
    hours, units, locations or initiatives."""
    direction: Direction
    """Which way is better."""
    category: str | None
    """The model category the metric is evidence for (focus, culture, community, governance,
    leadership, content, architecture, tools); None when it only gives context."""
    by_unit: bool
    """Whether it is also computed per unit of the organisation (`wi3 metrics --by unit`)."""
    compute: Callable[[Context, bool], Table]
    """The Ibis expression: given the shared tables and whether to group per unit, the rows
    `initiative, period, unit, value, people`. The first paragraph of its docstring is the
    metric's definition."""

    @property
    def definition(self) -> str:
        """The first paragraph of the metric's docstring."""
        doc = self.compute.__doc__ or ""
        return " ".join(doc.strip().split("\n\n", 1)[0].split())


class Context:
    """Shared intermediate tables, built once per run and cached by the engine."""

    def __init__(self, tables: Tables) -> None:
        self.t = tables
        self._cached: list[Table] = []

    def _cache(self, table: Table) -> Table:
        cached = table.cache()
        self._cached.append(cached)
        return cached

    def release(self) -> None:
        """Drop the cached intermediates from the backend (before it disconnects)."""
        for table in self._cached:
            table.release()
        self._cached.clear()

    def keys(self, by_unit: bool) -> list[str]:
        return ["initiative", "period", "unit"] if by_unit else ["initiative", "period"]

    @cached_property
    def activity(self) -> Table:
        """One row per initiative, period and active person: events and contributions.

        Aggregated per person first, then given the person's unit, location and level: the
        directory is joined to thousands of rows instead of millions of events.
        """
        a = self.t.acts
        per_account = a.group_by(["initiative", "period", "actor"]).agg(
            events=a.count(),
            contributions=a.kind.isin(CONTRIBUTIONS).sum(),
        )
        people = per_account.join(self.t.people_accounts, "actor")
        per_person = people.group_by(["initiative", "period", "person"]).agg(
            events=people.events.sum(),
            contributions=people.contributions.sum(),
        )
        activity = left_join(per_person, self.t.persons, "person")
        return self._cache(activity.mutate(unit=activity.unit.fill_null(UNKNOWN_UNIT)))

    @cached_property
    def periods(self) -> Table:
        """Per initiative, period and source: events, integration events and people's views.

        One pass over the events, without people: the grid of periods every metric reports on,
        and the counts of integration share, parallel initiatives and the view check.
        """
        e = self.t.events
        return self._cache(
            e.group_by(["initiative", "period", "source"]).agg(
                events=e.count(),
                integration=(e.via == "integration").sum(),
                views=((e.kind == "view") & e.via.isin(HUMAN_VIA)).sum(),
                first_month=e.month_index.min(),
            )
        )

    @cached_property
    def launch(self) -> Table:
        """Per initiative, the periods that end within three months of its first event.

        In its first quarter every item of an initiative is new: freshness is 100 % by
        construction, a launch spike rather than a finding.
        """
        p = self.periods
        first = p.group_by("initiative").agg(first_month=p.first_month.min())
        per = MONTHS_PER[self.t.period]
        g = self.grid.join(first, "initiative")
        return g.filter(g.period * per + per - 1 <= g.first_month + LAUNCH_MONTHS - 1).select(
            "initiative", "period"
        )

    @cached_property
    def grid(self) -> Table:
        """Every (initiative, period) reported on: with events, or inside its evidence windows.

        A covered period without events is zero activity: counts of what people did are 0
        there, and figures that need something to divide by (threads, contributions) have none.
        """
        seen = self.periods.select("initiative", "period")
        covered = self.t.coverage.select("initiative", "period")
        return self._cache(ibis.union(seen, covered, distinct=True))

    def base(self, table: Table, by_unit: bool) -> Table:
        """`table` over the whole grid when not per unit: a period without its rows gets nulls."""
        return table if by_unit else left_join(self.grid, table, ["initiative", "period"])

    @cached_property
    def eligible(self) -> Table:
        return self._cache(self.t.eligible(self.grid))

    @cached_property
    def interactions(self) -> Table:
        """Per initiative, period and replying person: replies within and across units and levels.

        Replies to oneself do not count; a unit comparison needs both units known, a level
        comparison both levels.
        """
        r = self.t.acts.filter(self.t.acts.kind == "reply", self.t.acts.target.notnull())
        pairs = r.group_by(["initiative", "period", "actor", "target"]).agg(n=r.count())
        # each account with its person's unit and level, for both ends of a reply at once
        known = left_join(self.t.people_accounts, self.t.persons, "person")
        known = known.mutate(unit=known.unit.fill_null(UNKNOWN_UNIT))
        them = known.select(
            target="actor", target_person="person", target_unit="unit", target_level="level"
        )
        pairs = pairs.join(known, "actor").join(them, "target")
        pairs = pairs.filter(pairs.person != pairs.target_person)
        units_known = (pairs.unit != UNKNOWN_UNIT) & (pairs.target_unit != UNKNOWN_UNIT)
        levels_known = pairs.level.notnull() & pairs.target_level.notnull()
        n = pairs.n
        return self._cache(
            pairs.group_by(["initiative", "period", "person", "unit"]).agg(
                unit_external=ibis.cases(
                    (units_known & (pairs.unit != pairs.target_unit), n), else_=0
                ).sum(),
                unit_internal=ibis.cases(
                    (units_known & (pairs.unit == pairs.target_unit), n), else_=0
                ).sum(),
                level_external=ibis.cases(
                    (levels_known & (pairs.level != pairs.target_level), n), else_=0
                ).sum(),
                level_internal=ibis.cases(
                    (levels_known & (pairs.level == pairs.target_level), n), else_=0
                ).sum(),
            )
        )

    @cached_property
    def threads(self) -> Table:
        """Each thread (the item of a human create): its period, creator, and first reply.

        The first reply is the earliest human reply to the item by someone other than its
        creator, whenever it came.
        """
        a = self.t.acts.join(self.conversations, "initiative")
        creates = a.filter(a.kind == "create").join(self.t.people_accounts, "actor")
        started = creates.group_by(["initiative", "item"]).agg(
            ts=creates.ts.min(),
            period=creates.period.min(),
            creator=creates.person.argmin(creates.ts),
        )
        # each account's first reply to each item, then the people behind the accounts
        replies = a.filter(a.kind == "reply")
        firsts = replies.group_by(["initiative", "item", "actor"]).agg(reply_ts=replies.ts.min())
        firsts = firsts.join(self.t.people_accounts, "actor")
        firsts = (
            firsts.group_by(["initiative", "item", "person"])
            .agg(reply_ts=firsts.reply_ts.min())
            .rename(replier="person")
        )
        joined = left_join(started, firsts, ["initiative", "item"])
        joined = joined.mutate(
            reply_ts=ibis.cases(
                (joined.replier != joined.creator, joined.reply_ts), else_=ibis.null("timestamp")
            )
        )
        first = joined.group_by(["initiative", "item", "ts", "period", "creator"]).agg(
            first_reply=joined.reply_ts.min()
        )
        # a double before dividing: Spark would divide by 3600.0 in decimals, rounding
        hours = (_seconds(first.first_reply) - _seconds(first.ts)).cast("float64") / 3600
        return self._cache(first.mutate(hours=hours))

    @cached_property
    def conversations(self) -> Table:
        """Initiatives whose creates start conversations: not wikis, and with replies at all.

        A wiki page is no question waiting for an answer, and an export without replies (a
        chat archive without threads) cannot show whether anyone answered; for both, the
        thread figures would be false, so they have none.
        """
        a = self.t.acts
        answered = a.filter(a.kind == "reply").select("initiative").distinct()
        talking = self.t.initiatives.filter(self.t.initiatives.kind != "wiki").select("initiative")
        return talking.join(answered, "initiative")

    @cached_property
    def first_period(self) -> Table:
        """The period of each person's first activity in each initiative."""
        a = self.activity
        return a.group_by(["initiative", "person"]).agg(first=a.period.min())

    def with_unit(self, table: Table, by_unit: bool) -> Table:
        """The whole-initiative rows get a null unit, so all results share one shape."""
        return table if by_unit else table.mutate(unit=ibis.null("string"))


def _seconds(ts: Any) -> Any:
    """Whole seconds since 1970: engines differ on fractions (DuckDB keeps them, Spark not)."""
    return ts.epoch_seconds().floor().cast("int64")


def _ratio(numerator: Any, denominator: Any) -> Any:
    """numerator / denominator as a double, null when the denominator is 0 or null."""
    return ibis.cases(
        (denominator > 0, numerator.cast("float64") / denominator), else_=ibis.null("float64")
    )


def _people(numerator: Any, denominator: Any) -> Any:
    """The group a ratio is about: the denominator when nobody is counted, else the smaller."""
    return ibis.cases((numerator == 0, denominator), else_=ibis.least(numerator, denominator))


def _shape(ctx: Context, table: Table, by_unit: bool) -> Table:
    table = ctx.with_unit(table, by_unit)
    return table.select(
        "initiative",
        "period",
        "unit",
        value=table.value.cast("float64"),
        people=table.people.cast("int64"),
    )


# --- participation -------------------------------------------------------------------------


def active_users(ctx: Context, by_unit: bool) -> Table:
    """People with at least one event (a view, reaction or contribution) in the period.

    Bots, integrations, joins and leaves do not count; every account of one person counts once.
    """
    a = ctx.activity
    counts = ctx.base(a.group_by(ctx.keys(by_unit)).agg(value=a.count()), by_unit)
    counts = counts.mutate(value=counts.value.fill_null(0))
    return _shape(ctx, counts.mutate(people=counts.value), by_unit)


def active_ratio(ctx: Context, by_unit: bool) -> Table:
    """Active people as a share of the eligible people: the directory's people in scope.

    Eligible are the people of the directory in the initiative's scope who were employed in the
    period (bots aside). Without a directory, the initiative's audience (people in scope) is the
    denominator instead, in the periods it speaks for (a platform's member list: the year before
    its export); without either, there is no figure.
    """
    keys = ctx.keys(by_unit)
    a, e = ctx.activity, ctx.eligible
    eligible = e.group_by(keys).agg(eligible=e.count())
    active = ctx.base(a.group_by(keys).agg(active=a.count()), by_unit)
    both = a.join(e, ["initiative", "period", "person"]).select(*keys)
    active_eligible = both.group_by(keys).agg(active_eligible=both.count())
    joined = left_join(
        left_join(left_join(active, eligible, keys), active_eligible, keys),
        ctx.t.initiatives.select("initiative", "audience", "audience_period"),
        "initiative",
    )
    joined = joined.select(
        *keys,
        audience=ibis.cases(
            (
                joined.audience_period.isnull() | (joined.period >= joined.audience_period),
                joined.audience,
            ),
            else_=ibis.null("int64"),
        ),
        active=joined.active.fill_null(0),
        eligible=joined.eligible.fill_null(0),
        active_eligible=joined.active_eligible.fill_null(0),
    )
    audience = joined.audience if not by_unit else ibis.null("int64")
    use_directory = joined.eligible > 0
    value = ibis.cases(
        (use_directory, _ratio(joined.active_eligible, joined.eligible)),
        (audience.notnull(), _ratio(joined.active, audience)),
        else_=ibis.null("float64"),
    )
    people = ibis.cases(
        (use_directory, _people(joined.active_eligible, joined.eligible)),
        (audience.notnull(), joined.active),
        else_=ibis.null("int64"),  # no basis at all: no data, about nobody
    )
    return _shape(ctx, joined.mutate(value=value, people=people), by_unit)


def contributor_ratio(ctx: Context, by_unit: bool) -> Table:
    """Active people who created, replied or edited, as a share of all active people.

    Only where the export records reading (view events): without them everyone visible has
    contributed something, and the ratio would always be near 1.
    """
    a = ctx.activity
    counts = a.group_by(ctx.keys(by_unit)).agg(
        active=a.count(), contributors=(a.contributions > 0).sum()
    )
    p = ctx.periods
    views = p.filter(p.views > 0).select("initiative", "period").distinct()
    counts = counts.join(views, ["initiative", "period"])
    return _shape(
        ctx,
        counts.mutate(
            value=_ratio(counts.contributors, counts.active),
            people=_people(counts.contributors, counts.active),
        ),
        by_unit,
    )


def management_participation(ctx: Context, by_unit: bool) -> Table:
    """Eligible managers and executives who were active, as a share of all of them in scope."""
    keys = ctx.keys(by_unit)
    e = ctx.eligible.filter(ctx.eligible.level.isin(MANAGERS))
    managers = e.group_by(keys).agg(managers=e.count())
    active = ctx.activity.select("initiative", "period", "person").join(
        e, ["initiative", "period", "person"]
    )
    active_managers = active.group_by(keys).agg(active=active.count())
    joined = left_join(managers, active_managers, keys)
    joined = joined.mutate(active=joined.active.fill_null(0))
    return _shape(
        ctx,
        joined.mutate(
            value=_ratio(joined.active, joined.managers),
            people=_people(joined.active, joined.managers),
        ),
        by_unit,
    )


# --- concentration -------------------------------------------------------------------------


def _ranked(ctx: Context, by_unit: bool) -> Table:
    """Contributors with their contributions ranked high to low and the running total."""
    keys = ctx.keys(by_unit)
    c = ctx.activity.filter(ctx.activity.contributions > 0)
    down = ibis.window(group_by=keys, order_by=[ibis.desc("contributions"), "person"])
    running = ibis.cumulative_window(group_by=keys, order_by=[ibis.desc("contributions"), "person"])
    up = ibis.window(group_by=keys, order_by=["contributions", ibis.desc("person")])
    return c.mutate(
        rank=ibis.row_number().over(down),
        rank_up=ibis.row_number().over(up) + 1,
        running=c.contributions.sum().over(running),
    )


def top10_share(ctx: Context, by_unit: bool) -> Table:
    """Share of the period's contributions made by its ten most active contributors.

    Contributions are creates, replies and edits. Practitioners call a community fragile above
    70 %.
    """
    r = _ranked(ctx, by_unit)
    agg = r.group_by(ctx.keys(by_unit)).agg(
        top=ibis.cases((r["rank"] < 10, r.contributions), else_=0).sum(),
        total=r.contributions.sum(),
        people=r.count(),
    )
    return _shape(ctx, agg.mutate(value=_ratio(agg.top, agg.total)), by_unit)


def absence_factor(ctx: Context, by_unit: bool) -> Table:
    """The fewest contributors who together made at least half of the period's contributions.

    Also called the bus factor: how many people could be absent before half the work is gone.
    """
    r = _ranked(ctx, by_unit)
    keys = ctx.keys(by_unit)
    total = r.contributions.sum().over(ibis.window(group_by=keys))
    r = r.mutate(before=r.running - r.contributions, half=total / 2.0)
    agg = r.group_by(keys).agg(value=(r.before < r.half).sum(), people=r.count())
    return _shape(ctx, agg, by_unit)


def gini(ctx: Context, by_unit: bool) -> Table:
    """The Gini coefficient of contributions over contributors (0 equal, towards 1 unequal).

    G = 2·Σ i·xᵢ / (n·Σ xᵢ) − (n + 1) / n, with the n contributors' counts xᵢ sorted from low
    to high.
    """
    r = _ranked(ctx, by_unit)
    agg = r.group_by(ctx.keys(by_unit)).agg(
        weighted=(r.rank_up * r.contributions).sum(),
        total=r.contributions.sum(),
        people=r.count(),
    )
    n = agg.people.cast("float64")
    value = 2.0 * agg.weighted / (n * agg.total) - (n + 1.0) / n
    return _shape(ctx, agg.mutate(value=value), by_unit)


# --- reach ---------------------------------------------------------------------------------


def _reached(ctx: Context, column: str) -> Table:
    a = ctx.activity.filter(ctx.activity[column].notnull(), ctx.activity.unit != UNKNOWN_UNIT)
    per = a.group_by(["initiative", "period", column]).agg(n=a.count())
    big = per.filter(per.n >= 5)
    return big.group_by(["initiative", "period"]).agg(reached=big.count())


def _with_basis(ctx: Context, table: Table, column: str) -> Table:
    """`reached` per initiative and period, and `basis`: the units (or locations) that could be
    reached, from the eligible people; null without a directory that gives them."""
    a = ctx.activity
    active = ctx.base(a.group_by(["initiative", "period"]).agg(active=a.count()), False)
    active = active.mutate(active=active.active.fill_null(0))
    e = ctx.eligible.filter(ctx.eligible[column].notnull())
    basis = e.group_by(["initiative", "period"]).agg(basis=e[column].nunique())
    joined = left_join(
        left_join(active, table, ["initiative", "period"]), basis, ["initiative", "period"]
    )
    has_basis = joined.basis.notnull()
    return joined.mutate(
        reached=ibis.cases((has_basis, joined.reached.fill_null(0)), else_=ibis.null("int64")),
        active=ibis.cases((has_basis, joined.active), else_=ibis.null("int64")),
    )


def units_reached(ctx: Context, by_unit: bool) -> Table:
    """Units with at least five active people in the period.

    Only with a people directory: without one nobody's unit is known, and 0 would be false.
    """
    joined = _with_basis(ctx, _reached(ctx, "unit"), "unit")
    return _shape(ctx, joined.mutate(value=joined.reached, people=joined.active), False)


def units_reached_share(ctx: Context, by_unit: bool) -> Table:
    """Units with at least five active people, as a share of the units in scope.

    Units in scope are the units of the eligible people; without a directory there is no
    figure.
    """
    joined = _with_basis(ctx, _reached(ctx, "unit"), "unit")
    return _shape(
        ctx, joined.mutate(value=_ratio(joined.reached, joined.basis), people=joined.active), False
    )


def locations_reached(ctx: Context, by_unit: bool) -> Table:
    """Locations with at least five active people in the period.

    Only with a directory that gives people's locations.
    """
    joined = _with_basis(ctx, _reached(ctx, "location"), "location")
    return _shape(ctx, joined.mutate(value=joined.reached, people=joined.active), False)


# --- interaction ---------------------------------------------------------------------------


def _replies(ctx: Context, kind: str, by_unit: bool) -> Table:
    """External and internal replies over units or levels, and the people who replied."""
    i = ctx.interactions
    i = i.filter((i[f"{kind}_external"] + i[f"{kind}_internal"]) > 0)
    return i.group_by(ctx.keys(by_unit)).agg(
        external=i[f"{kind}_external"].sum(),
        internal=i[f"{kind}_internal"].sum(),
        people=i.person.nunique(),
    )


def cross_unit_share(ctx: Context, by_unit: bool) -> Table:
    """Share of replies between people of different units (replies between known units).

    A reply's target is the author of what it answers; replies to oneself do not count.
    """
    r = _replies(ctx, "unit", by_unit)
    return _shape(ctx, r.mutate(value=_ratio(r.external, r.external + r.internal)), by_unit)


def cross_level_share(ctx: Context, by_unit: bool) -> Table:
    """Share of replies between people of different levels (staff, manager, executive)."""
    r = _replies(ctx, "level", by_unit)
    return _shape(ctx, r.mutate(value=_ratio(r.external, r.external + r.internal)), by_unit)


def ei_index(ctx: Context, by_unit: bool) -> Table:
    """Krackhardt's E-I index of replies over units: (external − internal) / all, −1 to 1.

    −1: everyone answers only their own unit; 1: only other units.
    """
    r = _replies(ctx, "unit", by_unit)
    return _shape(
        ctx, r.mutate(value=_ratio(r.external - r.internal, r.external + r.internal)), by_unit
    )


# --- responsiveness ------------------------------------------------------------------------


def _thread_counts(ctx: Context) -> Table:
    t = ctx.threads
    return t.group_by(["initiative", "period"]).agg(
        threads=t.count(),
        covered=(t.hours <= REPLY_WINDOW_HOURS).fill_null(False).sum(),
        unanswered=t.first_reply.isnull().sum(),
        people=t.creator.nunique(),
    )


def reply_coverage(ctx: Context, by_unit: bool) -> Table:
    """Share of the period's threads answered by someone else within seven days."""
    c = _thread_counts(ctx)
    return _shape(ctx, c.mutate(value=_ratio(c.covered, c.threads)), False)


def unanswered_share(ctx: Context, by_unit: bool) -> Table:
    """Share of the period's threads that nobody but their starter ever answered."""
    c = _thread_counts(ctx)
    return _shape(ctx, c.mutate(value=_ratio(c.unanswered, c.threads)), False)


def median_first_reply_hours(ctx: Context, by_unit: bool) -> Table:
    """The median time, in hours, from a thread's start to its first reply by someone else.

    Over the period's threads that were answered; like the other thread figures it is withheld
    when fewer than five people started threads. An exact median (the mean of the two middle
    values for an even count), so every engine gives the same figure.
    """
    t = ctx.threads.filter(ctx.threads.hours.notnull())
    keys = ["initiative", "period"]
    ordered = t.mutate(
        i=ibis.row_number().over(ibis.window(group_by=keys, order_by=["hours", "item"])),
        n=t.count().over(ibis.window(group_by=keys)),
    )
    middle = ordered.filter((ordered.i == (ordered.n - 1) // 2) | (ordered.i == ordered.n // 2))
    agg = middle.group_by(keys).agg(value=middle.hours.mean())
    starters = ctx.threads.group_by(keys).agg(people=ctx.threads.creator.nunique())
    return _shape(ctx, agg.join(starters, keys), False)


# --- content -------------------------------------------------------------------------------


def freshness(ctx: Context, by_unit: bool) -> Table:
    """Items created or edited in the last three months of the period, as a share of all items.

    All items are those created up to the end of the period; an edit of an item whose creation
    the export does not hold counts in neither. Only for content initiatives (wikis, Q&A,
    blogs): old conversations in a chat or a mailing list do not go stale. Not in the periods
    that end within an initiative's first three months, where every item is new.
    """
    content = ctx.t.initiatives.filter(ctx.t.initiatives.kind.isin(CONTENT_KINDS)).select(
        "initiative"
    )
    h = ctx.t.human.join(content, "initiative")
    h = h.filter(h.kind.isin(("create", "edit")))
    touched = h.select("initiative", "item", month="month_index").distinct()
    per = MONTHS_PER[ctx.t.period]
    # a touch in month m counts for each period whose last month is m, m + 1 or m + 2
    shifted = [
        touched.filter((touched.month + lag + 1) % per == 0).mutate(
            period=(touched.month + lag) // per
        )
        for lag in range(FRESH_MONTHS)
    ]
    creates = h.filter(h.kind == "create")
    born = creates.group_by(["initiative", "item"]).agg(period=creates.period.min())
    fresh_items = ibis.union(*shifted, distinct=False).select("initiative", "period", "item")
    fresh_items = fresh_items.distinct().join(
        born.select("initiative", "item", born="period"), ["initiative", "item"]
    )
    fresh_items = fresh_items.filter(fresh_items.born <= fresh_items.period)
    fresh = fresh_items.group_by(["initiative", "period"]).agg(fresh=fresh_items.count())
    new = born.group_by(["initiative", "period"]).agg(new=born.count())
    grid = ctx.grid.join(content, "initiative")
    grid = left_join(grid, new, ["initiative", "period"]).mutate(new=ibis._.new.fill_null(0))
    cumulative = ibis.cumulative_window(group_by="initiative", order_by="period")
    grid = grid.mutate(items=grid.new.sum().over(cumulative))
    joined = left_join(grid, fresh, ["initiative", "period"])
    joined = joined.mutate(fresh=joined.fresh.fill_null(0))
    a = ctx.activity
    active = a.group_by(["initiative", "period"]).agg(people=a.count())
    joined = left_join(joined, active, ["initiative", "period"])
    joined = joined.anti_join(ctx.launch, ["initiative", "period"])
    return _shape(ctx, joined.mutate(value=_ratio(joined.fresh, joined.items)), False)


# --- membership over time ------------------------------------------------------------------


def newcomers(ctx: Context, by_unit: bool) -> Table:
    """People active in the initiative for the first time in the period.

    Withheld when fewer than five people were active at all: "no newcomers" among three people
    says something about each of them.
    """
    f = ctx.first_period
    a = ctx.activity.join(f, ["initiative", "person"])
    keys = ctx.keys(by_unit)
    counts = a.group_by(keys).agg(value=(a.period == a.first).sum(), active=a.count())
    counts = ctx.base(counts, by_unit)
    counts = counts.mutate(value=counts.value.fill_null(0), active=counts.active.fill_null(0))
    return _shape(ctx, counts.mutate(people=_people(counts.value, counts.active)), by_unit)


def retention(ctx: Context, by_unit: bool) -> Table:
    """Newcomers of three months earlier who are active again in the period, as a share.

    For quarters, the newcomers of the previous quarter; for months, of the month three back.
    Without newcomers back then there is no figure, unless the people active back then were
    fewer than five: then it is withheld, as the count of newcomers was.
    """
    shift = RETENTION_MONTHS // MONTHS_PER[ctx.t.period]
    f = ctx.first_period
    cohort = f.mutate(period=f.first + shift)
    a = ctx.activity.select("initiative", "period", "person", seen=ibis.literal(True))
    back = left_join(cohort, a, ["initiative", "period", "person"])
    back = back.mutate(active=back.seen.notnull().cast("int64"))
    agg = back.group_by(["initiative", "period"]).agg(
        cohort=back.count(), retained=back.active.sum()
    )
    active = ctx.activity.group_by(["initiative", "period"]).agg(earlier=ctx.activity.count())
    active = active.mutate(period=active.period + shift)
    agg = left_join(
        left_join(ctx.grid, agg, ["initiative", "period"]), active, ["initiative", "period"]
    )
    people = ibis.cases((agg.cohort.isnull(), agg.earlier), else_=_people(agg.retained, agg.cohort))
    return _shape(ctx, agg.mutate(value=_ratio(agg.retained, agg.cohort), people=people), False)


def lost_regulars(ctx: Context, by_unit: bool) -> Table:
    """People active in each of the two previous periods but not in this one."""
    a = ctx.activity.select("initiative", "period", "person")
    one = a.mutate(period=a.period + 1)
    two = a.mutate(period=a.period + 2)
    regulars = one.join(two, ["initiative", "period", "person"]).select(
        "initiative", "period", "person"
    )
    lost = regulars.anti_join(a, ["initiative", "period", "person"])
    counts = lost.group_by(["initiative", "period"]).agg(value=lost.count())
    pool = regulars.group_by(["initiative", "period"]).agg(regulars=regulars.count())
    grid = ctx.grid
    joined = left_join(
        left_join(grid, counts, ["initiative", "period"]), pool, ["initiative", "period"]
    )
    joined = joined.mutate(value=joined.value.fill_null(0), regulars=joined.regulars.fill_null(0))
    return _shape(ctx, joined.mutate(people=_people(joined.value, joined.regulars)), False)


def returning_members(ctx: Context, by_unit: bool) -> Table:
    """People active in the period who were away in the previous one but active before it."""
    a = ctx.activity.select("initiative", "period", "person")
    f = ctx.first_period
    previous = a.mutate(period=a.period + 1)
    back = a.anti_join(previous, ["initiative", "period", "person"]).join(
        f, ["initiative", "person"]
    )
    back = back.filter(back.first < back.period - 1)
    counts = back.group_by(["initiative", "period"]).agg(value=back.count())
    active = ctx.base(a.group_by(["initiative", "period"]).agg(active=a.count()), False)
    joined = left_join(active, counts, ["initiative", "period"])
    joined = joined.mutate(value=joined.value.fill_null(0), active=joined.active.fill_null(0))
    return _shape(ctx, joined.mutate(people=_people(joined.value, joined.active)), False)


# --- architecture and tools ----------------------------------------------------------------


def integration_share(ctx: Context, by_unit: bool) -> Table:
    """Share of all events, bots included, that came through integrations with other systems.

    Only for initiatives whose export marks integrations at all (some integration event): a
    mailing-list archive cannot tell, and a share of 0 would wrongly read as none.
    """
    p = ctx.periods
    automated = p.filter(p.integration > 0).select("initiative").distinct()
    p = p.join(automated, "initiative")
    agg = p.group_by(["initiative", "period"]).agg(
        integration=p.integration.sum(), events=p.events.sum()
    )
    return _shape(
        ctx,
        agg.mutate(value=_ratio(agg.integration, agg.events), people=ibis.null("int64")),
        False,
    )


def parallel_initiatives(ctx: Context, by_unit: bool) -> Table:
    """Platforms in use in the period for initiatives of this kind (wiki, chat…), its own included.

    Several tools for one purpose are a pioneering sign; several channels or lists on one
    platform are not, so initiatives count by platform: the registered one (Confluence,
    MediaWiki) or else the export's source.
    """
    active = ctx.periods.select("initiative", "period", "source").join(
        ctx.t.initiatives.select("initiative", "kind", "platform"), "initiative"
    )
    active = active.mutate(tool=active.platform.fill_null(active.source))
    per_kind = active.group_by(["period", "kind"]).agg(value=active.tool.nunique())
    mine = active.select("initiative", "period", "kind").distinct()
    joined = mine.join(per_kind, ["period", "kind"])
    return _shape(ctx, joined.mutate(people=ibis.null("int64")), False)


CATALOGUE: tuple[Metric, ...] = (
    Metric(
        id="active_users",
        title="Active users",
        unit="people",
        direction="higher",
        category=None,
        by_unit=True,
        compute=active_users,
    ),
    Metric(
        id="active_ratio",
        title="Active ratio",
        unit="share",
        direction="higher",
        category="focus",
        by_unit=True,
        compute=active_ratio,
    ),
    Metric(
        id="contributor_ratio",
        title="Contributor ratio",
        unit="share",
        direction="higher",
        category="culture",
        by_unit=True,
        compute=contributor_ratio,
    ),
    Metric(
        id="gini",
        title="Gini of contributions",
        unit="index",
        direction="lower",
        category=None,
        by_unit=True,
        compute=gini,
    ),
    Metric(
        id="top10_share",
        title="Top-10 share",
        unit="share",
        direction="lower",
        category="community",
        by_unit=True,
        compute=top10_share,
    ),
    Metric(
        id="absence_factor",
        title="Absence factor",
        unit="people",
        direction="higher",
        category="community",
        by_unit=True,
        compute=absence_factor,
    ),
    Metric(
        id="units_reached",
        title="Units reached",
        unit="units",
        direction="higher",
        category="focus",
        by_unit=False,
        compute=units_reached,
    ),
    Metric(
        id="units_reached_share",
        title="Share of units reached",
        unit="share",
        direction="higher",
        category="focus",
        by_unit=False,
        compute=units_reached_share,
    ),
    Metric(
        id="locations_reached",
        title="Locations reached",
        unit="locations",
        direction="higher",
        category=None,
        by_unit=False,
        compute=locations_reached,
    ),
    Metric(
        id="cross_unit_share",
        title="Cross-unit replies",
        unit="share",
        direction="higher",
        category="governance",
        by_unit=True,
        compute=cross_unit_share,
    ),
    Metric(
        id="cross_level_share",
        title="Cross-level replies",
        unit="share",
        direction="higher",
        category=None,
        by_unit=True,
        compute=cross_level_share,
    ),
    Metric(
        id="ei_index",
        title="E-I index over units",
        unit="index",
        direction="higher",
        category=None,
        by_unit=True,
        compute=ei_index,
    ),
    Metric(
        id="management_participation",
        title="Management participation",
        unit="share",
        direction="higher",
        category="leadership",
        by_unit=True,
        compute=management_participation,
    ),
    Metric(
        id="freshness",
        title="Freshness",
        unit="share",
        direction="higher",
        category="content",
        by_unit=False,
        compute=freshness,
    ),
    Metric(
        id="reply_coverage",
        title="Reply coverage (7 days)",
        unit="share",
        direction="higher",
        category="community",
        by_unit=False,
        compute=reply_coverage,
    ),
    Metric(
        id="median_first_reply_hours",
        title="Median time to first reply",
        unit="hours",
        direction="lower",
        category="community",
        by_unit=False,
        compute=median_first_reply_hours,
    ),
    Metric(
        id="unanswered_share",
        title="Unanswered threads",
        unit="share",
        direction="lower",
        category=None,
        by_unit=False,
        compute=unanswered_share,
    ),
    Metric(
        id="newcomers",
        title="Newcomers",
        unit="people",
        direction="higher",
        category=None,
        by_unit=True,
        compute=newcomers,
    ),
    Metric(
        id="retention",
        title="Retention after three months",
        unit="share",
        direction="higher",
        category="culture",
        by_unit=False,
        compute=retention,
    ),
    Metric(
        id="lost_regulars",
        title="Lost regulars",
        unit="people",
        direction="lower",
        category=None,
        by_unit=False,
        compute=lost_regulars,
    ),
    Metric(
        id="returning_members",
        title="Returning members",
        unit="people",
        direction="higher",
        category=None,
        by_unit=False,
        compute=returning_members,
    ),
    Metric(
        id="integration_share",
        title="Integration share",
        unit="share",
        direction="higher",
        category="architecture",
        by_unit=False,
        compute=integration_share,
    ),
    Metric(
        id="parallel_initiatives",
        title="Parallel initiatives of the same kind",
        unit="initiatives",
        direction="lower",
        category="tools",
        by_unit=False,
        compute=parallel_initiatives,
    ),
)
"""Every metric, in the order the CLI and reports list them."""


_BY_ID = {m.id: m for m in CATALOGUE}


def metric(metric_id: str) -> Metric:
    """The metric called `metric_id` (KeyError when there is none)."""
    return _BY_ID[metric_id]
