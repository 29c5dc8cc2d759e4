"""The report view the web pages lay out: the report's own, kept until the snapshots change."""

from __future__ import annotations

from datetime import date

from wi3.service import Workspace, diagnose, report_text, report_view


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
    assert "Acme BV" in report_text(workspace, "acme", "md", None, "nl")
