"""The validity benchmark's perturbation: a copy of a workspace with a tenth of its events
dropped, which the store must still show (it shows only the files of imports it published)."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
from bench.validity import _drop

from wi3.events import EventStore
from wi3.service import init_workspace, simulate


def _events(root: Path) -> tuple[set[str], set[str]]:
    """The event ids the store shows, and the names of its event files."""
    store = EventStore(root / "events")
    files = [f for org in store.organisations() for f in store.files(org)]
    ids = {i for f in files for i in pq.read_table(f, columns=["event_id"])["event_id"].to_pylist()}
    return ids, {f.name for f in files}


def test_a_perturbed_copy_shows_nine_tenths_of_the_events(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws")
    try:
        simulate(ws, "sim", people=60, initiatives=2, months=6, seed=3, last_month="2026-06")
    finally:
        ws.close()
    before, names = _events(tmp_path / "ws")
    _drop(tmp_path / "ws", tmp_path / "copy", seed=0)
    after, names_after = _events(tmp_path / "copy")
    assert after < before and names_after == names  # the same files, each under its own name
    assert 0.85 < len(after) / len(before) < 0.95
    _drop(tmp_path / "ws", tmp_path / "again", seed=0)
    assert _events(tmp_path / "again")[0] == after  # the same seed drops the same events
    assert _events(tmp_path / "ws")[0] == before  # the workspace itself is left as it was
