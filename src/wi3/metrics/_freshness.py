"""Freshness: whether the content of wikis, Q&A sites and blogs is kept up to date."""

from __future__ import annotations

import ibis
from ibis import Table

from wi3.metrics._context import Context, as_result, ratio
from wi3.metrics._tables import CONTENT_KINDS, MONTHS_PER, left_join

FRESH_MONTHS = 3
"""'The last 90 days' of a period, as the three months ending with it."""
LAUNCH_MONTHS = 3
"""An initiative's first three months, whose freshness says nothing (every item is new)."""


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
    per = MONTHS_PER[ctx.t.period]
    # a touch in month m counts for each period whose last month is m, m + 1 or m + 2: for
    # quarters the one quarter holding m, for months m and the two after it
    touched = h.select("initiative", "item", "period", created=h.kind == "create")
    touched = touched.group_by(["initiative", "item", "period"]).agg(created=touched.created.any())
    creates = touched.filter(touched.created)
    born = creates.group_by(["initiative", "item"]).agg(born=creates.period.min())
    fresh_items = touched.select("initiative", "item", "period")
    if per < FRESH_MONTHS:
        fresh_items = ibis.union(
            *(
                fresh_items.mutate(period=fresh_items.period + lag)
                for lag in range(FRESH_MONTHS // per)
            ),
            distinct=True,
        )
    fresh_items = fresh_items.join(born, ["initiative", "item"])
    fresh_items = fresh_items.filter(fresh_items.born <= fresh_items.period)
    fresh = fresh_items.group_by(["initiative", "period"]).agg(fresh=fresh_items.count())
    new = born.group_by(["initiative", born.born.name("period")]).agg(new=born.count())
    grid = ctx.grid.join(content, "initiative")
    grid = left_join(grid, new, ["initiative", "period"]).mutate(new=ibis._.new.fill_null(0))
    cumulative = ibis.cumulative_window(group_by="initiative", order_by="period")
    grid = grid.mutate(items=grid.new.sum().over(cumulative))
    joined = left_join(grid, fresh, ["initiative", "period"])
    joined = joined.mutate(fresh=joined.fresh.fill_null(0))
    a = ctx.activity
    active = a.group_by(["initiative", "period"]).agg(people=a.count())
    joined = left_join(joined, active, ["initiative", "period"])
    joined = joined.anti_join(_launch(ctx), ["initiative", "period"])
    return as_result(ctx, joined.mutate(value=ratio(joined.fresh, joined.items)), False)


def _launch(ctx: Context) -> Table:
    """Per initiative, the periods that end within three months of its first event.

    In its first quarter every item of an initiative is new: freshness is 100 % by
    construction, a launch spike rather than a finding.
    """
    p = ctx.periods
    first = p.group_by("initiative").agg(first_month=p.first_month.min())
    per = MONTHS_PER[ctx.t.period]
    g = ctx.grid.join(first, "initiative")
    return g.filter(g.period * per + per - 1 <= g.first_month + LAUNCH_MONTHS - 1).select(
        "initiative", "period"
    )
