"""A workspace folder whose name holds a quote and a space: importing, counting and metrics work.

Paths reach DuckDB as values, never inside SQL text, so no folder name can break a query.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from wi3.service import (
    IngestResult,
    Workspace,
    event_counts,
    import_organisation_file,
    import_people,
    ingest,
    init_workspace,
    organisation_metrics,
)

ORGANISATION = """\
organisation: {slug: acme, name: Acme}
units: [{path: ict}, {path: hr}]
initiatives: [{slug: answers, name: Answers, kind: qa, platform: Askbot}]
"""


@pytest.fixture
def quoted(tmp_path: Path, fixture_path: Path) -> Iterator[Workspace]:
    """The Q&A site of tests/fixtures/metrics, imported into `O'Brien's data/ws`."""
    folder = tmp_path / "O'Brien's data"
    folder.mkdir()
    (folder / "org.yaml").write_text(ORGANISATION, encoding="utf-8")
    ws = init_workspace(folder / "ws")
    import_organisation_file(ws, folder / "org.yaml")
    import_people(ws, None, fixture_path / "metrics" / "people.csv")
    import_answers(ws, fixture_path)
    yield ws
    ws.close()


def import_answers(ws: Workspace, fixture_path: Path) -> IngestResult:
    metrics = fixture_path / "metrics"
    return ingest(
        ws, None, "csv", metrics / "answers.csv", "answers", mapping=metrics / "mapping.yaml"
    )


def test_events_are_counted_by_month_and_kind(quoted: Workspace) -> None:
    counts = event_counts(quoted, None, "answers")
    # answers.csv, row by row: e01–e06 in January, e07–e11 in February, and so on
    assert counts.by_month == {
        "2026-01": {"create": 2, "reply": 4},
        "2026-02": {"create": 3, "reply": 2},
        "2026-03": {"create": 1, "edit": 1, "react": 1, "view": 2},
        "2026-04": {"create": 1, "join": 1, "reply": 1, "view": 2},
        "2026-05": {"edit": 1, "view": 1},
        "2026-06": {"create": 1, "view": 1},
        "2026-07": {"edit": 1},
    }
    assert counts.totals == {"create": 8, "reply": 7, "edit": 3, "react": 1, "view": 6, "join": 1}
    # u01–u11, u13 and the jenkins integration; one file for the import, whatever its months
    assert (counts.actors, counts.files) == (13, 1)


def test_importing_again_adds_nothing(quoted: Workspace, fixture_path: Path) -> None:
    result = import_answers(quoted, fixture_path)
    assert (result.events_written, result.events_added) == (26, 0)
    assert sum(event_counts(quoted, None, "answers").totals.values()) == 26


def test_metrics_read_the_events_and_directory(quoted: Workspace) -> None:
    values = {
        (v.period, v.metric): v.value
        for v in organisation_metrics(quoted, None, "quarter")
        if v.initiative == "answers" and v.unit is None
    }
    # as in tests/metrics: eleven people active in Q1, seven in Q2
    assert values[("2026Q1", "active_users")] == 11
    assert values[("2026Q2", "active_users")] == 7
