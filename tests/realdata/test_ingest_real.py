"""Real exports through the whole ingest: no names kept, all-or-nothing even when killed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from wi3.service import Workspace, ingest

pytestmark = pytest.mark.realdata
REPO = Path(__file__).parents[2]


def personal_strings(export: Path) -> set[str]:
    """Every name, user name and e-mail address in the export's users.json."""
    with zipfile.ZipFile(export) as archive:
        users = json.loads(archive.read("users.json"))
    found: set[str] = set()
    for user in users:
        profile = user.get("profile") or {}
        for value in (
            user.get("name"),
            user.get("real_name"),
            profile.get("real_name"),
            profile.get("display_name"),
            profile.get("email"),
            profile.get("first_name"),
            profile.get("last_name"),
        ):
            if isinstance(value, str) and len(value.strip()) >= 3:
                found.add(value.strip())
    return found


def parquet_strings(folder: Path) -> set[str]:
    values: set[str] = set()
    for path in folder.rglob("*.parquet"):
        table = pq.read_table(path)
        for column in table.columns:
            if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
                values.update(v for v in column.to_pylist() if v)
    return values


def test_no_name_or_address_reaches_the_event_store(workspace: Workspace, data_dir: Path) -> None:
    export = data_dir / "slack-r-devel-community" / "r-devel-slack-export.zip"
    result = ingest(workspace, None, "slack", export, "r-devel-slack")
    assert result.events_added == 17_988
    secrets = personal_strings(export)
    assert len(secrets) > 1000, "the scan needs the real users.json"
    stored = parquet_strings(workspace.events_dir)
    assert len(stored) > 10_000
    # no stored value is a person's name, user name or address …
    folded = {v.casefold() for v in stored}
    assert {s for s in secrets if s.casefold() in folded} == set()
    # … nor contains a full name or an address (one-word names like 'Box' are ordinary words
    # that channel names may contain)
    long = [s.casefold() for s in secrets if "@" in s or " " in s]
    assert {s for s in long for v in folded if s in v} == set()
    raw = (workspace.path / "wi3.sqlite").read_bytes()
    store_leaks = {s for s in secrets if "@" in s or " " in s if s.encode() in raw}
    assert store_leaks == set()


def _count(ws: Workspace) -> int:
    """The events a reader sees, once the store has settled what a killed import left."""
    return sum(pq.ParquetFile(p).metadata.num_rows for p in ws.events().files("acme", "gitter"))


def test_a_killed_import_leaves_all_or_nothing(workspace: Workspace, data_dir: Path) -> None:
    archives = data_dir / "gitter-freecodecamp" / "archives"
    mapping = REPO / "docs" / "mappings" / "gitter.yaml"
    command = [
        sys.executable,
        "-m",
        "wi3",
        "--workspace",
        str(workspace.path),
        "ingest",
        "csv",
        str(archives),
        "--initiative",
        "gitter",
        "--mapping",
        str(mapping),
    ]
    env = {**os.environ, "WI3_DATABASE_URL": ""}
    env.pop("WI3_DATABASE_URL")
    outcomes = set()
    for delay in (2.0, 6.0):
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        stored = _count(workspace)
        assert stored in (0, 211_034), f"a partial import is visible: {stored} events"
        outcomes.add(stored)
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _count(workspace) == 211_034
    assert "211,979 of 211,983 rows read; 4 skipped" in done.stdout.replace("\n", " ")
