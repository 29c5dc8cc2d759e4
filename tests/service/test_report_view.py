"""What the web pages lay out: the report's view and the usage tables, kept until their sources
change."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from wi3.service import (
    Workspace,
    add_initiative,
    diagnose,
    init_workspace,
    initiatives,
    report_content,
    report_view,
    simulate,
    usage_trends,
)


def test_the_view_is_kept_until_the_organisation_is_diagnosed_again(workspace: Workspace) -> None:
    diagnose(workspace, "acme", date(2026, 3, 31))
    first = report_view(workspace, "acme", None, "en")
    assert first.organisation == "Acme BV" and first.as_of_iso == "2026-03-31"
    assert report_view(workspace, "acme", None, "en") is first
    assert report_view(workspace, "acme", None, "nl") is not first
    assert [i.slug for i in first.initiatives] == ["chat", "team-wiki"]
    assert [r.as_of_iso for r in first.initiatives[1].lifecycle or ()] == ["2026-03-31"]
    diagnose(workspace, "acme", date(2026, 6, 30))
    newest = report_view(workspace, "acme", None, "en")
    assert newest is not first and newest.as_of_iso == "2026-06-30"
    older = report_view(workspace, "acme", date(2026, 3, 31), "en")
    assert older.as_of_iso == "2026-03-31" and older is not first  # any new snapshot renews it
    assert "Acme BV" in report_content(workspace, "acme", "md", None, "nl").decode()


def test_usage_trends_are_kept_until_the_initiatives_scope_changes(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws")
    try:
        simulate(ws, "sim", people=60, initiatives=2, months=6, seed=3, last_month="2026-06")
        slug = initiatives(ws, "sim")[0].slug
        first = usage_trends(ws, "sim", slug, 8)
        assert first.tables[0].columns[0] == "Metric" and len(first.tables[0].rows) > 5
        # the report's chart of the same quarters: the metrics the usage indicators read
        chart = first.chart
        assert chart is not None and chart.id == f"initiative-{slug}-usage-chart"
        assert chart.table is not None
        assert chart.table.columns[1:] == first.tables[0].columns[1:]
        dutch = usage_trends(ws, "sim", slug, 8, "nl")
        assert dutch.tables[0].columns[0] == "Maatstaf" and dutch.chart is not None
        assert dutch.tables[0].rows[0][0] != first.tables[0].rows[0][0]  # the titles in Dutch
        assert dutch.chart.title != chart.title
        assert usage_trends(ws, "sim", slug, 8) is first
        add_initiative(ws, "sim", slug, audience=5000)
        again = usage_trends(ws, "sim", slug, 8)
        assert again is not first  # computed again: the audience may change the figures
    finally:
        ws.close()
