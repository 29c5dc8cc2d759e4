"""The whole application on PostgreSQL: the same use cases, with the store in a real server."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from wi3.service import (
    action_plan,
    add_action,
    diagnose,
    history,
    import_assessments,
    import_organisation_file,
    import_survey,
    ingest,
    init_workspace,
    mark_done,
    stored_snapshot,
    write_report,
)

pytestmark = pytest.mark.postgres


def test_import_ingest_diagnose_and_report_on_postgresql(
    postgres_database_url: str,
    tmp_path: Path,
    fixture_path: Path,
    organisation_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WI3_DATABASE_URL", postgres_database_url)
    ws = init_workspace(tmp_path / "ws")
    try:
        assert ws.store.url.startswith("postgresql+psycopg://")
        assert not (ws.path / "wi3.sqlite").exists()
        import_organisation_file(ws, organisation_file)
        assert (
            import_assessments(ws, None, fixture_path / "survey" / "assessment.yaml").imported == 2
        )
        survey = fixture_path / "survey"
        result = import_survey(
            ws,
            None,
            "team-wiki",
            survey / "forms-export.csv",
            survey / "mapping.yaml",
            "2026 Q1",
            date(2026, 3, 1),
        )
        assert result.imported == 7
        ingest(ws, None, "slack", fixture_path / "slack" / "workspace", "team-chat")
        for day in (date(2026, 3, 31), date(2026, 6, 30)):
            document = diagnose(ws, None, day)
        wiki = next(d for d in document.diagnosis.initiatives if d.initiative == "team-wiki")
        assert wiki.confidence.kinds_present == ("owner", "survey")
        assert [row.as_of for row in history(ws, None, "team-wiki")] == [
            date(2026, 3, 31),
            date(2026, 6, 30),
        ]
        # the action plan: a next step accepted from the first snapshot, re-checked at the second
        first = stored_snapshot(ws, None, date(2026, 3, 31)).initiative("team-wiki")
        assert first is not None
        tip = first.next_steps[0].tip
        action = add_action(
            ws, None, "team-wiki", tip, "community manager", date(2026, 9, 30), date(2026, 3, 31)
        )
        mark_done(ws, None, action.id, date(2026, 5, 1))
        (planned,) = action_plan(ws, None)
        assert (planned.tip, planned.status, planned.baseline) == (tip, "done", action.baseline)
        assert [c.as_of for c in planned.checks] == [date(2026, 6, 30)]
        report = write_report(ws, None, "html", None, "en")
        text = report.read_text(encoding="utf-8")
        assert "Team wiki" in text and 'data-action="1"' in text
    finally:
        ws.close()
