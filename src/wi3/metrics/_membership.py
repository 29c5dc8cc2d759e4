"""Membership over time: who joins, who stays, who drifts away and who comes back.

Each person's first period in an initiative (`Context.first_period`) marks them a newcomer;
the figures follow people from period to period.
"""

from __future__ import annotations

import ibis
from ibis import Table

from wi3.metrics._context import Context, as_result, ratio, ratio_people
from wi3.metrics._tables import MONTHS_PER, UNKNOWN_UNIT, left_join

RETENTION_MONTHS = 3
"""How long after their first period newcomers are looked for again."""


def newcomers(ctx: Context, by_unit: bool) -> Table:
    """People active in the initiative for the first time in the period.

    Withheld when fewer than five people were active at all: "no newcomers" among three people
    says something about each of them.
    """
    keys = ctx.keys(by_unit)
    a = ctx.activity
    # a newcomer is active in their first period: the counts need no look-up per active person
    f = ctx.first_period
    new = f.select("initiative", "person", period=f.first)
    if by_unit:
        new = _with_unit(ctx, new)
    counts = left_join(
        a.group_by(keys).agg(active=a.count()), new.group_by(keys).agg(value=new.count()), keys
    )
    counts = ctx.base(counts, by_unit)
    counts = counts.mutate(value=counts.value.fill_null(0), active=counts.active.fill_null(0))
    return as_result(ctx, counts.mutate(people=ratio_people(counts.value, counts.active)), by_unit)


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
    people = ibis.cases(
        (agg.cohort.isnull(), agg.earlier), else_=ratio_people(agg.retained, agg.cohort)
    )
    return as_result(ctx, agg.mutate(value=ratio(agg.retained, agg.cohort), people=people), False)


def lost_regulars(ctx: Context, by_unit: bool) -> Table:
    """People active in each of the two previous periods but not in this one."""
    a = ctx.activity.select("initiative", "period", "person")
    # active in a period and in the one before it: a regular of the period after
    regulars = ctx.continuing.mutate(period=ctx.continuing.period + 1)
    lost = regulars.anti_join(a, ["initiative", "period", "person"])
    counts = lost.group_by(["initiative", "period"]).agg(value=lost.count())
    pool = regulars.group_by(["initiative", "period"]).agg(regulars=regulars.count())
    grid = ctx.grid
    joined = left_join(
        left_join(grid, counts, ["initiative", "period"]), pool, ["initiative", "period"]
    )
    joined = joined.mutate(value=joined.value.fill_null(0), regulars=joined.regulars.fill_null(0))
    return as_result(ctx, joined.mutate(people=ratio_people(joined.value, joined.regulars)), False)


def returning_members(ctx: Context, by_unit: bool) -> Table:
    """People active in the period who were away in the previous one but active before it."""
    # everyone active in a period was active in the one before (`continuing`), is new, or
    # comes back: a person's first period is one they were active in
    keys = ["initiative", "period"]
    a, c, f = ctx.activity, ctx.continuing, ctx.first_period
    active = ctx.base(a.group_by(keys).agg(active=a.count()), False)
    stayed = c.group_by(keys).agg(stayed=c.count())
    new = f.group_by(["initiative", f.first.name("period")]).agg(new=f.count())
    joined = left_join(left_join(active, stayed, keys), new, keys)
    joined = joined.mutate(active=joined.active.fill_null(0))
    joined = joined.mutate(
        value=joined.active - joined.stayed.fill_null(0) - joined.new.fill_null(0)
    )
    return as_result(ctx, joined.mutate(people=ratio_people(joined.value, joined.active)), False)


def newcomers_by_month(ctx: Context, by_unit: bool) -> Table:
    """Per initiative, unit, and month or quarter: the people active then and how many were new.

    Newcomers add up over the months of a quarter (a person's first quarter is the quarter of
    their first month), so a month's newcomers could be worked out from a quarter's and the
    other months'. Whichever period a run reports, the withholding rules read this table for
    both, so that a month and a quarter view withhold alike. Rows `initiative, unit, months`
    (1 or 3), `period` (an index of that length), `active`, `new`; without `by_unit`, one row
    per initiative and period with a null unit (the sum of its units': each person has one), as
    only the whole is protected then.
    """
    months = ctx.monthly.select("initiative", "person", month=ctx.monthly.month_index)
    first = months.group_by(["initiative", "person"]).agg(month=months.month.min())
    if ctx.t.period == "quarter":
        # the people active per quarter are the rows of `activity`, made from `monthly` too
        quarters = ctx.activity.select("initiative", "person", quarter=ctx.activity.period)
    else:
        quarters = months.select("initiative", "person", quarter=months.month // 3).distinct()
    firsts = first.select("initiative", "person", quarter=first.month // 3)

    def counted(active: Table, new: Table, period: str) -> Table:
        # the people active and new per unit and period; everyone is active in their first
        # period, so the newcomers are counted on their own, not looked up for everyone
        keys = ["initiative", "unit", period] if by_unit else ["initiative", period]
        if by_unit:
            active, new = _with_unit(ctx, active), _with_unit(ctx, new)
        counts = left_join(
            active.group_by(keys).agg(active=active.count()),
            new.group_by(keys).agg(new=new.count()),
            keys,
        )
        counts = counts.mutate(new=counts.new.fill_null(0))
        return counts if by_unit else counts.mutate(unit=ibis.null("string"))

    by_month = counted(months, first, "month")
    by_quarter = counted(quarters, firsts, "quarter")
    shape = {"active": "int64", "new": "int64", "period": "int64", "months": "int64"}
    return ibis.union(
        by_month.select(
            "initiative", "unit", months=ibis.literal(1), period="month", active="active", new="new"
        ).cast(shape),
        by_quarter.select(
            "initiative",
            "unit",
            months=ibis.literal(3),
            period="quarter",
            active="active",
            new="new",
        ).cast(shape),
        distinct=False,
    )


def _with_unit(ctx: Context, people: Table) -> Table:
    """The rows with each person's unit ("unknown" when not in the directory)."""
    units = left_join(people, ctx.t.persons.select("person", "unit"), "person")
    return units.mutate(unit=units.unit.fill_null(UNKNOWN_UNIT))
