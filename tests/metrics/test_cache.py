"""The metric cache: an import computes again only the initiative it changed, and the figures
are those of a computation from scratch."""

from __future__ import annotations

import gc
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tests.metrics.conftest import FIXTURES, build

import wi3.service._metrics as service_metrics
from wi3.errors import NotFoundError
from wi3.events import batch_of
from wi3.metrics import MetricValue
from wi3.service import Workspace, diagnose, import_people, ingest, organisation_metrics


def _figures(ws: Workspace, by_unit: bool = False) -> list[MetricValue]:
    return organisation_metrics(ws, None, "quarter", by_unit=by_unit)


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, frozenset[str] | None]]:
    """Record which initiatives each computation reads (None: all)."""
    runs: list[tuple[str, frozenset[str] | None]] = []
    compute, activity = service_metrics.compute, service_metrics.compute_activity

    def metrics(inputs: Any, *args: Any, **kwargs: Any) -> Any:
        runs.append(("metrics", inputs.reading))
        return compute(inputs, *args, **kwargs)

    def contributions(inputs: Any, *args: Any, **kwargs: Any) -> Any:
        runs.append(("activity", inputs.reading))
        return activity(inputs, *args, **kwargs)

    monkeypatch.setattr(service_metrics, "compute", metrics)
    monkeypatch.setattr(service_metrics, "compute_activity", contributions)
    return runs


def test_an_import_recomputes_only_its_initiative(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = build(tmp_path)
    try:
        before = {(v.initiative, v.period, v.metric): v for v in _figures(ws)}
        for_units = _figures(ws, by_unit=True)
        runs = _spy(monkeypatch)
        assert _figures(ws) == sorted(before.values(), key=_order)
        assert runs == [], "nothing changed, so nothing is computed"

        # answers2 gets a quarter of activity it did not have, by an account new to the
        # organisation: the first Q&A site now has a parallel initiative in 2026Q2
        export = tmp_path / "more.csv"
        export.write_text(
            "id,ts,user,kind,item,parent,target,via\n"
            "w2,2026-05-20T10:00:00Z,u08,create,w2,,,person\n"
            "w3,2026-05-21T10:00:00Z,u77,reply,w2,w2,u08,person\n"
        )
        ingest(ws, None, "csv", export, "answers2", mapping=FIXTURES / "mapping.yaml")
        after = _figures(ws)
        assert runs == [("activity", frozenset({"answers2"})), ("metrics", frozenset({"answers2"}))]
        by_key = {(v.initiative, v.period, v.metric): v for v in after}
        assert before[("answers", "2026Q2", "parallel_initiatives")].value == 1
        assert by_key[("answers", "2026Q2", "parallel_initiatives")].value == 2
        assert ("answers2", "2026Q2", "active_users") in by_key

        runs.clear()
        units_after = _figures(ws, by_unit=True)
        assert runs == [("metrics", frozenset({"answers2"}))]
        assert units_after != for_units

        # the same figures as a computation from scratch, with and without units
        shutil.rmtree(ws.events_dir / "_metrics")
        runs.clear()
        assert _figures(ws) == after
        assert _figures(ws, by_unit=True) == units_after
        assert runs == [("activity", None), ("metrics", None), ("metrics", None)]
    finally:
        ws.close()


def test_a_new_directory_recomputes_every_initiative(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = build(tmp_path)
    try:
        _figures(ws)
        people = tmp_path / "people.csv"
        # p04 moves from ict to hr: eligibility and units change for every initiative
        people.write_text(
            (FIXTURES / "people.csv").read_text().replace("p04,ict,", "p04,hr,"),
        )
        import_people(ws, None, people)
        runs = _spy(monkeypatch)
        _figures(ws)
        assert ("metrics", None) in runs
    finally:
        ws.close()


def test_a_diagnosis_from_kept_figures_is_the_diagnosis_from_scratch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an import, the diagnosis read from the kept activity and figures (those of one
    initiative computed again) is the one computed from nothing, number for number."""
    ws = build(tmp_path)
    try:
        day = date(2026, 7, 1)
        diagnose(ws, None, day)
        export = tmp_path / "more.csv"
        export.write_text(
            "id,ts,user,kind,item,parent,target,via\n"
            "w2,2026-05-20T10:00:00Z,u08,create,w2,,,person\n"
            "w3,2026-05-21T10:00:00Z,u77,reply,w2,w2,u08,person\n"
        )
        ingest(ws, None, "csv", export, "answers2", mapping=FIXTURES / "mapping.yaml")
        runs = _spy(monkeypatch)
        kept = diagnose(ws, None, day).to_document()
        assert runs == [("activity", frozenset({"answers2"})), ("metrics", frozenset({"answers2"}))]
        shutil.rmtree(ws.events_dir / "_metrics")
        runs.clear()
        fresh = diagnose(ws, None, day).to_document()
        assert runs == [("activity", None), ("metrics", None)]
        assert kept == fresh
        assert '"evidence": "usage"' in json.dumps(fresh), "the diagnosis reads usage figures"
    finally:
        ws.close()


def _order(v: MetricValue) -> tuple[str, str, str, str]:
    return (v.initiative, v.period, v.unit or "", v.metric)


def test_a_diagnosis_lists_the_event_files_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The activity and the figures are checked against one listing of the event files, and
    the process's cycle collection is as it was after the diagnosis, failed or not."""
    ws = build(tmp_path)
    try:
        listings: list[str] = []
        event_files = service_metrics.event_files

        def listing(store: Any, org: str) -> Any:
            listings.append(org)
            return event_files(store, org)

        monkeypatch.setattr(service_metrics, "event_files", listing)
        frozen = gc.get_freeze_count()
        diagnose(ws, None, date(2026, 7, 1))
        assert listings == ["acme"]
        assert gc.isenabled() and gc.get_freeze_count() == frozen
        with pytest.raises(NotFoundError):
            diagnose(ws, "nope", date(2026, 7, 1))
        assert gc.isenabled() and gc.get_freeze_count() == frozen
    finally:
        ws.close()


def test_the_event_files_are_listed_as_a_walk_of_the_partitions_finds_them(
    tmp_path: Path,
) -> None:
    """Per initiative, its published files in path order, each with its size and time."""
    ws = build(tmp_path)
    try:
        store = ws.events()
        found = service_metrics.event_files(store, "acme")
        expected: dict[str, list[tuple[str, int, int]]] = {}
        for path in sorted(store.partition("acme").rglob("*.parquet")):
            slug = path.relative_to(store.partition("acme")).parts[0].removeprefix("initiative=")
            stat = path.stat()
            name = str(path.relative_to(store.root))
            expected.setdefault(slug, []).append((name, stat.st_size, stat.st_mtime_ns))
        assert found == expected
        assert set(found) == {"answers", "answers2"}
        assert [batch_of(name) for name, *_ in found["answers"]] == [
            batch_of(p) for p in store.files("acme", "answers")
        ]
    finally:
        ws.close()
