"""The whole application on PostgreSQL: the same use cases, with the store in a real server."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from wi3.service import (
    diagnose,
    history,
    import_assessments,
    import_organisation_file,
    import_survey,
    ingest,
    init_workspace,
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
        report = write_report(ws, None, "html", None, "en")
        assert "Team wiki" in report.read_text(encoding="utf-8")
    finally:
        ws.close()
