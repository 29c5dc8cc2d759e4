"""Responsiveness: whether people's threads get answered, and how soon.

Threads are the items people create in conversational initiatives (`Context.threads`); each
figure is about the people who started them.
"""

from __future__ import annotations

import ibis
from ibis import Table

from wi3.metrics._context import Context, as_result, ratio

REPLY_WINDOW_HOURS = 7 * 24
"""A thread answered within this many hours counts as covered."""


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
    return as_result(ctx, c.mutate(value=ratio(c.covered, c.threads)), False)


def unanswered_share(ctx: Context, by_unit: bool) -> Table:
    """Share of the period's threads that nobody but their starter ever answered."""
    c = _thread_counts(ctx)
    return as_result(ctx, c.mutate(value=ratio(c.unanswered, c.threads)), False)


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
    return as_result(ctx, agg.join(starters, keys), False)
