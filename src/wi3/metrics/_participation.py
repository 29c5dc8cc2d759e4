"""Participation and concentration: who took part, who contributed, and how evenly.

Active people and contributors, as counts and as shares of the people an initiative is for,
then how much of the work rests on a few: the top-10 share, the absence factor and the Gini
coefficient of contributions.
"""

from __future__ import annotations

import ibis
from ibis import Table

from wi3.metrics._context import Context, as_result, ratio, ratio_people
from wi3.metrics._tables import MANAGERS, left_join


def active_users(ctx: Context, by_unit: bool) -> Table:
    """People with at least one event (a view, reaction or contribution) in the period.

    Bots, integrations, joins and leaves do not count; every account of one person counts once.
    """
    a = ctx.activity
    counts = ctx.base(a.group_by(ctx.keys(by_unit)).agg(value=a.count()), by_unit)
    counts = counts.mutate(value=counts.value.fill_null(0))
    return as_result(ctx, counts.mutate(people=counts.value), by_unit)


def active_ratio(ctx: Context, by_unit: bool) -> Table:
    """Active people as a share of the eligible people: the directory's people in scope.

    Eligible are the people of the directory in the initiative's scope who were employed in the
    period (bots aside). Without a directory, the initiative's audience (people in scope) is the
    denominator instead, in the periods it speaks for (a platform's member list: the year before
    its export); without either, there is no figure.
    """
    keys = ctx.keys(by_unit)
    a, e, both = ctx.activity, ctx.eligible, ctx.eligible_activity
    eligible = e.group_by(keys).agg(eligible=e.eligible.sum())
    active = ctx.base(a.group_by(keys).agg(active=a.count()), by_unit)
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
        (use_directory, ratio(joined.active_eligible, joined.eligible)),
        (audience.notnull(), ratio(joined.active, audience)),
        else_=ibis.null("float64"),
    )
    people = ibis.cases(
        (use_directory, ratio_people(joined.active_eligible, joined.eligible)),
        (audience.notnull(), joined.active),
        else_=ibis.null("int64"),  # no basis at all: no data, about nobody
    )
    return as_result(ctx, joined.mutate(value=value, people=people), by_unit)


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
    return as_result(
        ctx,
        counts.mutate(
            value=ratio(counts.contributors, counts.active),
            people=ratio_people(counts.contributors, counts.active),
        ),
        by_unit,
    )


def management_participation(ctx: Context, by_unit: bool) -> Table:
    """Eligible managers and executives who were active, as a share of all of them in scope."""
    keys = ctx.keys(by_unit)
    e = ctx.eligible.filter(ctx.eligible.managers > 0)
    managers = e.group_by(keys).agg(managers=e.managers.sum())
    active = ctx.eligible_activity.filter(ctx.eligible_activity.level.isin(MANAGERS))
    active_managers = active.group_by(keys).agg(active=active.count())
    joined = left_join(managers, active_managers, keys)
    joined = joined.mutate(active=joined.active.fill_null(0))
    return as_result(
        ctx,
        joined.mutate(
            value=ratio(joined.active, joined.managers),
            people=ratio_people(joined.active, joined.managers),
        ),
        by_unit,
    )


# --- concentration: how much of the work rests on a few ------------------------------------


def top10_share(ctx: Context, by_unit: bool) -> Table:
    """Share of the period's contributions made by its ten most active contributors.

    Contributions are creates, replies and edits. Practitioners call a community fragile above
    70 %.
    """
    c = ctx.concentration(by_unit)
    return as_result(ctx, c.mutate(value=ratio(c.top, c.total)), by_unit)


def absence_factor(ctx: Context, by_unit: bool) -> Table:
    """The fewest contributors who together made at least half of the period's contributions.

    Also called the bus factor: how many people could be absent before half the work is gone.
    """
    c = ctx.concentration(by_unit)
    return as_result(ctx, c.mutate(value=c.half_reached), by_unit)


def gini(ctx: Context, by_unit: bool) -> Table:
    """The Gini coefficient of contributions over contributors (0 equal, towards 1 unequal).

    G = 2·Σ i·xᵢ / (n·Σ xᵢ) − (n + 1) / n, with the n contributors' counts xᵢ sorted from low
    to high. Ranked from high to low from 0 (`Context.concentration`), i = n − rank, so
    Σ i·xᵢ = n·Σ xᵢ − Σ rank·xᵢ.
    """
    c = ctx.concentration(by_unit)
    n = c.people.cast("float64")
    weighted = c.people * c.total - c.ranked
    value = 2.0 * weighted / (n * c.total) - (n + 1.0) / n
    return as_result(ctx, c.mutate(value=value), by_unit)
