"""Architecture and tools: what else an initiative is wired to, and what competes with it.

Counts of events and platforms rather than people: these figures concern no person.
"""

from __future__ import annotations

import ibis
from ibis import Table

from wi3.metrics._context import Context, as_result, ratio


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
    return as_result(
        ctx,
        agg.mutate(value=ratio(agg.integration, agg.events), people=ibis.null("int64")),
        False,
    )


def parallel_initiatives(ctx: Context, by_unit: bool) -> Table:
    """Platforms in use in the period for initiatives of this kind (wiki, chat…), its own included.

    Several tools for one purpose are a pioneering sign; several channels or lists on one
    platform are not, so initiatives count by platform: the registered one (Confluence,
    MediaWiki) or else the export's source.
    """
    # with the initiatives whose events this run does not read (see `MetricInputs.reading`)
    seen = ibis.union(ctx.periods.select("initiative", "period", "source"), ctx.t.elsewhere)
    active = seen.join(ctx.t.initiatives.select("initiative", "kind", "platform"), "initiative")
    active = active.mutate(tool=active.platform.fill_null(active.source))
    per_kind = active.group_by(["period", "kind"]).agg(value=active.tool.nunique())
    mine = active.select("initiative", "period", "kind").distinct()
    joined = mine.join(per_kind, ["period", "kind"])
    return as_result(ctx, joined.mutate(people=ibis.null("int64")), False)
