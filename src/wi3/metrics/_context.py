"""What every metric is computed from and what it returns.

Every metric is computed per initiative and period (month or quarter), some also per unit, and
returns the columns `initiative, period, unit, value, people`. `people` is the size of the group
of people the figure is about (for a ratio, the smaller of numerator and denominator, or the
denominator when nobody is counted); the engine withholds any figure whose `people` is below the
minimum group size. `unit` is null for the whole initiative.

`Context` holds the intermediate tables several metrics share, each built once per run; the
helpers below give every metric the same ratios, group sizes and result shape.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import ibis
from ibis import Table

from wi3.metrics._tables import (
    CONTRIBUTIONS,
    HUMAN_VIA,
    MANAGERS,
    MONTHS_PER,
    UNKNOWN_UNIT,
    Tables,
    left_join,
)


class Context:
    """Shared intermediate tables, built once per run and cached by the engine."""

    def __init__(self, tables: Tables, *, by_month: bool = False) -> None:
        self.t = tables
        # when the run also reads people per month (`newcomers_by_month`), activity starts
        # from the same pass over the events (`monthly`)
        self.by_month = by_month
        self._cached: list[Table] = []
        self._concentration: dict[bool, Table] = {}

    def _cache(self, table: Table) -> Table:
        cached = table.cache()
        self._cached.append(cached)
        return cached

    def release(self, *tables: Table) -> None:
        """Drop cached intermediates from the backend: those given, or every one (before it
        disconnects)."""
        gone = tables or tuple(self._cached)
        for table in gone:
            table.release()
        self._cached = [t for t in self._cached if all(t is not g for g in gone)]

    def release_monthly(self) -> None:
        """Build `activity` from `monthly` now; then drop `monthly`, which nothing else reads,
        from the backend.

        Its rows (one per initiative, month and person: 14 million for 400 initiatives over
        100 million events) then leave the engine's memory before the metrics read the events
        again.
        """
        self.activity  # noqa: B018 - built now, while `monthly` is there to build it from
        self.release(self.monthly)

    def keys(self, by_unit: bool) -> list[str]:
        return ["initiative", "period", "unit"] if by_unit else ["initiative", "period"]

    @cached_property
    def monthly(self) -> Table:
        """Per initiative, month and person: events and contributions.

        The one pass over the events that activity per period and newcomers per month (which
        the withholding reads in every run, `newcomers_by_month`) both start from. Aggregated
        per account first, then per person: the accounts meet the people behind them once,
        for both.
        """
        a = self.t.acts
        per_account = a.group_by(["initiative", "month_index", "actor"]).agg(
            events=a.count(),
            contributions=a.kind.isin(CONTRIBUTIONS).sum(),
        )
        people = per_account.join(self.t.people_accounts, "actor")
        return self._cache(
            people.group_by(["initiative", "month_index", "person"]).agg(
                events=people.events.sum(),
                contributions=people.contributions.sum(),
            )
        )

    @cached_property
    def activity(self) -> Table:
        """One row per initiative, period and active person: events and contributions.

        Aggregated per account (and month, with `by_month`) first, then per person, then given
        the person's unit, location and level: the directory is joined to thousands of rows
        instead of millions of events.
        """
        if self.by_month:
            m = self.monthly
            m = m.mutate(period=m.month_index // MONTHS_PER[self.t.period])
            per_person = m.group_by(["initiative", "period", "person"]).agg(
                events=m.events.sum(),
                contributions=m.contributions.sum(),
            )
        else:
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
        the counts of integration share, parallel initiatives and the view check, people's
        replies (whether an initiative has conversations at all), and the first month with
        events (freshness leaves out an initiative's launch).
        """
        e = self.t.events
        return self._cache(
            e.group_by(["initiative", "period", "source"]).agg(
                events=e.count(),
                integration=(e.via == "integration").sum(),
                views=((e.kind == "view") & e.via.isin(HUMAN_VIA)).sum(),
                replies=((e.kind == "reply") & e.via.isin(HUMAN_VIA)).sum(),
                first_month=e.month_index.min(),
            )
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
    def staffed(self) -> Table:
        """Per unit, location, level and period of the grid: the eligible people employed then.

        The directory meets the periods in a range join on each person's first and last period
        of employment, and never the initiatives: this grows with people and periods, while
        eligible people per initiative, person and period would grow with their product.
        """
        s = self.t.staff
        periods = self.grid.select("period").distinct()
        employed = s.join(periods, [s.first <= periods.period, s.last >= periods.period])
        return self._cache(
            employed.group_by(["unit", "location", "level", "period"]).agg(people=employed.count())
        )

    @cached_property
    def eligible(self) -> Table:
        """Per initiative, period and unit of its scope: the people eligible then (`eligible`)
        and the managers and executives among them (`managers`). Units without anyone employed
        in the period have no row.

        Eligible are the directory's people (bots aside) in a unit of the initiative's scope who
        were employed in the period.
        """
        s = self.staffed
        per_unit = s.group_by(["unit", "period"]).agg(
            eligible=s.people.sum(),
            managers=ibis.cases((s.level.isin(MANAGERS), s.people), else_=0).sum(),
        )
        in_scope = self.grid.join(self.t.scope, "initiative")
        return self._cache(in_scope.join(per_unit, ["unit", "period"]))

    @cached_property
    def eligible_activity(self) -> Table:
        """The rows of `activity` of people eligible for the initiative in that period.

        The active people are joined to the directory, which is as large as the activity, not
        as the eligible people of every initiative.
        """
        a = self.activity
        s = self.t.staff.select("person", "first", "last")
        joined = a.join(s, "person")
        joined = joined.filter(joined.first <= joined.period, joined.last >= joined.period)
        joined = joined.semi_join(self.t.scope, ["initiative", "unit"])
        return self._cache(joined.select(*a.columns))

    def eligible_locations(self) -> Table:
        """Per initiative and period: the locations its eligible people work at (`basis`)."""
        s = self.staffed.filter(self.staffed.location.notnull())
        s = s.select("unit", "location", "period").distinct()
        at = self.grid.join(self.t.scope, "initiative").join(s, ["unit", "period"])
        return at.group_by(["initiative", "period"]).agg(basis=at.location.nunique())

    @cached_property
    def interactions(self) -> Table:
        """Per initiative, period and replying person: replies within and across units and levels.

        Replies to oneself do not count; a unit comparison needs both units known, a level
        comparison both levels.
        """
        r = self.t.acts.filter(self.t.acts.kind == "reply", self.t.acts.target.notnull())
        r = r.select("initiative", "period", "actor", "target")
        # each account with its person's unit and level, for both ends of a reply at once; the
        # replies meet them one by one: counting them per pair of accounts first would be a
        # second pass over nearly as many rows, as few pairs repeat within a period
        known = left_join(self.t.people_accounts, self.t.persons, "person")
        known = known.mutate(unit=known.unit.fill_null(UNKNOWN_UNIT))
        them = known.select(
            target="actor", target_person="person", target_unit="unit", target_level="level"
        )
        pairs = r.join(known, "actor").join(them, "target")
        pairs = pairs.filter(pairs.person != pairs.target_person)
        units_known = (pairs.unit != UNKNOWN_UNIT) & (pairs.target_unit != UNKNOWN_UNIT)
        levels_known = pairs.level.notnull() & pairs.target_level.notnull()
        return self._cache(
            pairs.group_by(["initiative", "period", "person", "unit"]).agg(
                unit_external=(units_known & (pairs.unit != pairs.target_unit)).sum(),
                unit_internal=(units_known & (pairs.unit == pairs.target_unit)).sum(),
                level_external=(levels_known & (pairs.level != pairs.target_level)).sum(),
                level_internal=(levels_known & (pairs.level == pairs.target_level)).sum(),
            )
        )

    @cached_property
    def threads(self) -> Table:
        """Each thread (the item of a human create): its period, creator, and first reply.

        The first reply is the earliest human reply to the item by someone other than its
        creator, whenever it came.
        """
        # the kinds filtered before the two branches part, so the scan of the events reads
        # only creates and replies (a filter after the parting is not pushed into the scan)
        a = self.t.acts.filter(self.t.acts.kind.isin(("create", "reply")))
        a = a.join(self.conversations, "initiative")
        a = a.join(self.t.people_accounts, "actor")
        creates = a.filter(a.kind == "create")
        started = creates.group_by(["initiative", "item"]).agg(
            ts=creates.ts.min(),
            period=creates.period.min(),
            creator=creates.person.argmin(creates.ts),
        )
        # every human reply meets the thread it answers: by someone else, it may be the first
        replies = a.filter(a.kind == "reply").select("initiative", "item", "person", reply_ts="ts")
        answered = replies.join(
            started.select("initiative", "item", "creator"), ["initiative", "item"]
        )
        answered = answered.filter(answered.person != answered.creator)
        firsts = answered.group_by(["initiative", "item"]).agg(first_reply=answered.reply_ts.min())
        first = left_join(started, firsts, ["initiative", "item"])
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
        p = self.periods  # counted in the one pass over the events, not read again
        answered = p.filter(p.replies > 0).select("initiative").distinct()
        talking = self.t.initiatives.filter(self.t.initiatives.kind != "wiki").select("initiative")
        return talking.join(answered, "initiative")

    def concentration(self, by_unit: bool) -> Table:
        """Per initiative and period (and unit), how the contributions spread over the
        contributors, from one ranking of them: the top-10 share, the absence factor and the
        Gini coefficient all read it.

        Contributors are ranked from most to fewest contributions (ties by person), from 0:
        `top` is what ranks 0-9 made, `ranked` the sum of rank × contributions (the Gini
        coefficient's weights, counted from the other end), `half_reached` how many
        contributors start before half of the `total` is made.
        """
        if by_unit not in self._concentration:
            keys = self.keys(by_unit)
            c = self.activity.filter(self.activity.contributions > 0)
            order = [ibis.desc("contributions"), "person"]
            c = c.mutate(
                rank=ibis.row_number().over(ibis.window(group_by=keys, order_by=order)),
                running=c.contributions.sum().over(
                    ibis.cumulative_window(group_by=keys, order_by=order)
                ),
                whole=c.contributions.sum().over(ibis.window(group_by=keys)),
            )
            self._concentration[by_unit] = self._cache(
                c.group_by(keys).agg(
                    top=ibis.cases((c["rank"] < 10, c.contributions), else_=0).sum(),
                    total=c.contributions.sum(),
                    people=c.count(),
                    ranked=(c["rank"] * c.contributions).sum(),
                    half_reached=((c.running - c.contributions) < c.whole / 2.0).sum(),
                )
            )
        return self._concentration[by_unit]

    @cached_property
    def continuing(self) -> Table:
        """The people active in a period and in the one before it, per initiative and period
        (kept: lost regulars and returning members read it).

        The activity joined to itself moved one period, which DuckDB plans as one hash join of
        the rows as they are (a join of the activity moved one to the activity moved two was
        planned with an aggregation of all of it on each side: 2.3 times the cost).
        """
        a = self.activity.select("initiative", "period", "person")
        keys = ["initiative", "period", "person"]
        return self._cache(a.join(a.mutate(period=a.period + 1), keys).select(*keys))

    @cached_property
    def first_period(self) -> Table:
        """The period of each person's first activity in each initiative (kept: three metrics
        read it)."""
        a = self.activity
        return self._cache(a.group_by(["initiative", "person"]).agg(first=a.period.min()))

    def with_unit(self, table: Table, by_unit: bool) -> Table:
        """The whole-initiative rows get a null unit, so all results share one shape."""
        return table if by_unit else table.mutate(unit=ibis.null("string"))


def _seconds(ts: Any) -> Any:
    """Whole seconds since 1970: engines differ on fractions (DuckDB keeps them, Spark not)."""
    return ts.epoch_seconds().floor().cast("int64")


def ratio(numerator: Any, denominator: Any) -> Any:
    """numerator / denominator as a double, null when the denominator is 0 or null."""
    return ibis.cases(
        (denominator > 0, numerator.cast("float64") / denominator), else_=ibis.null("float64")
    )


def ratio_people(numerator: Any, denominator: Any) -> Any:
    """The group a ratio is about: the denominator when nobody is counted, else the smaller."""
    return ibis.cases((numerator == 0, denominator), else_=ibis.least(numerator, denominator))


def as_result(ctx: Context, table: Table, by_unit: bool) -> Table:
    """A metric's `value` and `people` in the shape every metric returns, typed alike on every
    engine."""
    table = ctx.with_unit(table, by_unit)
    return table.select(
        "initiative",
        "period",
        "unit",
        value=table.value.cast("float64"),
        people=table.people.cast("int64"),
    )
