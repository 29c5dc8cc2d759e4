"""An initiative's usage over time as its web page shows it: the tables `wi3 metrics` prints,
kept per process until what they are computed from changes."""

from __future__ import annotations

from sqlalchemy import func, select

from wi3.errors import InputError
from wi3.reports import TableView, metric_tables
from wi3.service._kept import Kept
from wi3.service._metrics import usage_metrics
from wi3.service._organisation import find_initiative, list_initiatives
from wi3.service._workspace import Workspace, find_organisation
from wi3.store import Import

_trends: Kept[tuple[TableView, ...]] = Kept(64)


def usage_trends(
    ws: Workspace, org_slug: str | None, initiative: str, last: int
) -> tuple[TableView, ...]:
    """The initiative's usage metrics per quarter, the newest `last` quarters, as tables; none
    without usage data. Figures about fewer than the minimum group are withheld (`—`).

    The metrics depend on the organisation's imports, its people and its initiatives' scopes;
    the tables are kept until one of them changes.

    Raises:
        NotFoundError: the organisation or the initiative does not exist.
    """
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        find_initiative(session, org, initiative)
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
            last,
            tuple(imports),
            org.directory_version,
            scopes,
        )

    def make() -> tuple[TableView, ...]:
        try:
            values = usage_metrics(ws, org_slug, initiative)
        except InputError:  # no usage data for it
            return ()
        return metric_tables(values, last).tables

    return _trends.get(key, make)
