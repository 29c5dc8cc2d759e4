"""An initiative's usage over time as its web page shows it: the tables `wi3 metrics` prints
and the report's chart of the metrics its usage indicators read, kept per process until what
they are computed from changes."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from wi3.errors import InputError
from wi3.reports import (
    ChartView,
    Language,
    Locale,
    TableView,
    initiative_usage_chart,
    metric_tables,
)
from wi3.service._kept import Kept
from wi3.service._metrics import usage_metrics
from wi3.service._organisation import find_initiative, list_initiatives
from wi3.service._workspace import Workspace, find_organisation
from wi3.store import Import


@dataclass(frozen=True)
class UsageTrends:
    """An initiative's usage metrics over its newest quarters."""

    tables: tuple[TableView, ...]
    """Every metric per quarter, as `wi3 metrics` prints them; none without usage data."""
    chart: ChartView | None
    """The metrics the model's usage indicators read, over their thresholds' bands, as the
    report draws them; None when none of them has a figure."""


_trends: Kept[UsageTrends] = Kept(64)


def usage_trends(
    ws: Workspace, org_slug: str | None, initiative: str, last: int, language: Language = "en"
) -> UsageTrends:
    """The initiative's usage metrics per quarter, the newest `last` quarters, in `language`.
    Figures about fewer than the minimum group are withheld (`—`, and a gap in the chart).

    The metrics depend on the organisation's imports, its people and its initiatives' scopes;
    the trends are kept until one of them changes.

    Raises:
        NotFoundError: the organisation or the initiative does not exist.
    """
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        name = find_initiative(session, org, initiative).name
        imports = session.execute(
            select(func.count(), func.max(Import.id)).where(Import.organisation_id == org.id)
        ).one()
        scopes = tuple(
            (i.slug, i.scope, i.audience, i.start_date, i.end_date, i.status, i.unit_id)
            for i in list_initiatives(session, org)
        )
        key = (
            ws.store.url,
            ws.model_digest,
            org.slug,
            initiative,
            name,
            last,
            language,
            tuple(imports),
            org.directory_version,
            scopes,
        )

    def make() -> UsageTrends:
        try:
            values = usage_metrics(ws, org_slug, initiative)
        except InputError:  # no usage data for it
            return UsageTrends((), None)
        shown = set(sorted({v.period for v in values})[-last:])
        recent = [v for v in values if v.period in shown]
        return UsageTrends(
            metric_tables(recent, last, language).tables,
            initiative_usage_chart(ws.model, Locale(language), initiative, name, recent),
        )

    return _trends.get(key, make)
