"""Reach: how far across the organisation an initiative gets, in people and in replies.

Units and locations with at least five active people, and replies that cross units or levels.
All need the people directory: without it nobody's unit, location or level is known.
"""

from __future__ import annotations

import ibis
from ibis import Table

from wi3.metrics._context import Context, as_result, ratio
from wi3.metrics._tables import UNKNOWN_UNIT, left_join


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
    if column == "unit":  # the eligible people's units: those of the scope with anyone employed
        e = ctx.eligible
        basis = e.group_by(["initiative", "period"]).agg(basis=e.count())
    else:
        basis = ctx.eligible_locations()
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
    return as_result(ctx, joined.mutate(value=joined.reached, people=joined.active), False)


def units_reached_share(ctx: Context, by_unit: bool) -> Table:
    """Units with at least five active people, as a share of the units in scope.

    Units in scope are the units of the eligible people; without a directory there is no
    figure.
    """
    joined = _with_basis(ctx, _reached(ctx, "unit"), "unit")
    return as_result(
        ctx, joined.mutate(value=ratio(joined.reached, joined.basis), people=joined.active), False
    )


def locations_reached(ctx: Context, by_unit: bool) -> Table:
    """Locations with at least five active people in the period.

    Only with a directory that gives people's locations.
    """
    joined = _with_basis(ctx, _reached(ctx, "location"), "location")
    return as_result(ctx, joined.mutate(value=joined.reached, people=joined.active), False)


# --- replies across units and levels -------------------------------------------------------


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
    return as_result(ctx, r.mutate(value=ratio(r.external, r.external + r.internal)), by_unit)


def cross_level_share(ctx: Context, by_unit: bool) -> Table:
    """Share of replies between people of different levels (staff, manager, executive)."""
    r = _replies(ctx, "level", by_unit)
    return as_result(ctx, r.mutate(value=ratio(r.external, r.external + r.internal)), by_unit)


def ei_index(ctx: Context, by_unit: bool) -> Table:
    """Krackhardt's E-I index of replies over units: (external − internal) / all, −1 to 1.

    −1: everyone answers only their own unit; 1: only other units.
    """
    r = _replies(ctx, "unit", by_unit)
    return as_result(
        ctx, r.mutate(value=ratio(r.external - r.internal, r.external + r.internal)), by_unit
    )
