"""An import is atomic across the event store and the application store, whatever happens.

A second process never disturbs a running import; two imports into one initiative take turns;
a process killed at any step of a commit leaves both stores with all of the import or none.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import func, select

import wi3.events._store as store_module
from wi3.events import EVENT_SCHEMA, EventStore, batch_of, pseudonym_numbers
from wi3.events._store import Batch
from wi3.service import ingest
from wi3.service._people import write_directory
from wi3.service._workspace import Workspace, open_workspace
from wi3.store import Account, Import, Initiative

SLACK = "slack"


def _table(ids: list[str], month: str = "2025-03") -> pa.Table:
    from datetime import UTC, datetime

    ts = datetime(int(month[:4]), int(month[5:]), 2, tzinfo=UTC)
    n = len(ids)
    return pa.table(
        {
            "event_id": ids,
            "source": ["csv"] * n,
            "origin": ["o"] * n,
            "ts": [ts] * n,
            "kind": ["create"] * n,
            "actor": ["a" * 16] * n,
            "target": [None] * n,
            "container": ["c"] * n,
            "item": [hashlib.sha256(i.encode()).hexdigest()[:16] for i in ids],
            "parent": [None] * n,
            "size": [1] * n,
            "via": ["user"] * n,
        },
        schema=EVENT_SCHEMA,
    )


def _column(files: list[Path], name: str) -> list[str]:
    return [v for p in files for v in pq.read_table(p, columns=[name])[name].to_pylist()]


def test_opening_the_store_leaves_a_live_import_alone(tmp_path: Path) -> None:
    store = EventStore(tmp_path / "events")
    batch = store.batch("acme")
    batch.writer("wiki").add_month("2025-03", _table(["e1", "e2"]))
    # another process opens the store (as `wi3 events`, `metrics` or a second ingest do)
    other = EventStore(tmp_path / "events", committed=lambda _batch: False)
    assert batch.folder.exists() and other.files("acme") == []
    added = batch.prepare()
    EventStore(tmp_path / "events", committed=lambda _batch: False)  # again, mid-commit
    assert added["wiki"].added == 2
    assert other.files("acme") == []  # in place, not yet published
    published = {batch.id}
    store.committed = published.__contains__
    assert batch.close()
    assert [batch_of(p) for p in other.files("acme")] == [batch.id]


def test_an_import_making_its_lease_is_not_taken_for_dead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a lease is made under a hidden name and locked before it gets its own; a second import
    # settling the store (as `prepare` does) in that moment once took the hidden file for one
    # left by a killed import and deleted it, and the first import failed
    store = EventStore(tmp_path / "events", committed=lambda _batch: False)
    making, settled = threading.Event(), threading.Event()
    flock = store_module.fcntl.flock

    def slow_flock(fh: Any, operation: int) -> None:
        name = Path(fh.name).name
        if name.startswith(".") and name.endswith(".lease") and operation == fcntl.LOCK_EX:
            making.set()
            settled.wait(timeout=1)  # the second import settles the store meanwhile, if it can
        flock(fh, operation)

    monkeypatch.setattr(store_module.fcntl, "flock", slow_flock)
    made: list[Batch] = []
    maker = threading.Thread(target=lambda: made.append(store.batch("acme")))
    maker.start()
    assert making.wait(timeout=10)
    settler = threading.Thread(target=lambda: (store.recover(), settled.set()))
    settler.start()
    maker.join(timeout=10)
    settler.join(timeout=10)
    [batch] = made  # made whole, its lease held
    lease = store._staging / f"{batch.id}.lease"
    with store_module._try_lock(lease) as free:
        assert lease.exists() and not free
    assert [p.name for p in store._staging.iterdir() if p.name.startswith(".")] == []
    batch.close()


def test_a_dead_import_is_cleared_and_an_unrecorded_one_undone(tmp_path: Path) -> None:
    store = EventStore(tmp_path / "events", committed=lambda _batch: False)
    staged = store.batch("acme")
    staged.writer("wiki").add_month("2025-03", _table(["e1"]))
    moved = store.batch("acme")
    moved.writer("wiki").add_month("2025-03", _table(["e2"]))
    moved.prepare()
    # both processes die: their leases are released, their folders and journal stay behind
    for batch in (staged, moved):
        batch._lease.close()
        batch._held.close()
    EventStore(tmp_path / "events", committed=lambda _batch: False)
    assert not staged.folder.exists() and not moved.folder.exists()
    assert not list((tmp_path / "events").glob("org=*/**/*.parquet"))
    assert not list((tmp_path / "events" / "_journal").iterdir())
    assert not list((tmp_path / "events" / "_staging").iterdir())


def test_a_store_that_cannot_ask_leaves_a_journal_for_one_that_can(tmp_path: Path) -> None:
    store = EventStore(tmp_path / "events", committed=lambda _batch: True)
    batch = store.batch("acme")
    batch.writer("wiki").add_month("2025-03", _table(["e1"]))
    batch.prepare()
    batch._lease.close()
    batch._held.close()
    blind = EventStore(tmp_path / "events")  # a bench script: no application store
    assert blind.files("acme") == [] and len(blind.unpublished("acme")) == 1
    settled = EventStore(tmp_path / "events", committed=lambda b: b == batch.id)
    assert len(settled.files("acme")) == 1 and settled.unpublished("acme") == []


def test_two_imports_into_one_initiative_take_turns(tmp_path: Path) -> None:
    store = EventStore(tmp_path / "events", committed=lambda _batch: True)
    first = store.batch("acme")
    first.writer("wiki").add_month("2025-03", _table(["e1", "e2"]))
    first.lock()
    second = store.batch("acme")
    second.writer("wiki").add_month("2025-03", _table(["e2", "e3"]))
    waited: list[str] = []
    result: dict[str, object] = {}

    def run() -> None:
        result["added"] = second.prepare(waited.append)
        second.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=1)
    assert thread.is_alive() and waited == ["wiki"]  # waits, and says so
    assert first.prepare()["wiki"].added == 2
    first.close()
    thread.join(timeout=30)
    assert result["added"]["wiki"].added == 1  # type: ignore[index]
    assert sorted(_column(store.files("acme"), "event_id")) == ["e1", "e2", "e3"]


def test_imports_into_other_initiatives_do_not_wait(tmp_path: Path) -> None:
    store = EventStore(tmp_path / "events", committed=lambda _batch: True)
    first = store.batch("acme")
    first.writer("wiki").add_month("2025-03", _table(["e1"]))
    first.lock()
    second = store.batch("acme")
    second.writer("chat").add_month("2025-03", _table(["e2"]))
    waited: list[str] = []
    second.prepare(waited.append)
    second.close()
    first.close()
    assert waited == [] and len(store.files("acme", "chat")) == 1


def test_a_store_written_before_batches_shows_what_it_held(tmp_path: Path) -> None:
    root = tmp_path / "events"
    month = root / "org=acme" / "initiative=wiki" / "month=2025-03"
    month.mkdir(parents=True)
    pq.write_table(_table(["e1"]), month / "part-0123456789abcdef-0.parquet")
    # and an import an older wi3 was moving when it was killed: its journal lists absolute paths
    aside = root / "_staging" / "fedcba9876543210"
    aside.mkdir(parents=True)
    pq.write_table(_table(["e2"]), aside / "x.parquet")
    (root / "_journal").mkdir()
    target = month / "part-fedcba9876543210-0.parquet"
    (root / "_journal" / "fedcba9876543210.json").write_text(
        json.dumps([[str(aside / "x.parquet"), str(target)]])
    )
    store = EventStore(root)
    assert [p.name for p in store.files("acme")] == [
        "part-0123456789abcdef-0.parquet",
        "part-fedcba9876543210-0.parquet",
    ]
    assert not aside.exists()


# --- killed at every step of a commit ---------------------------------------------------------

HARNESS = r"""
import os, shutil, signal, sys
from pathlib import Path
import sqlalchemy.orm
import wi3.events._store as store_module
from wi3.service import ingest, open_workspace, read_routes

workspace, export, kill_at = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
armed, steps = False, 0

def step(name, call):
    def wrapped(*args, **kwargs):
        global steps
        if armed:
            steps += 1
            if steps == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
        return call(*args, **kwargs)
    return wrapped

os.replace = step("replace", os.replace)
os.fsync = step("fsync", os.fsync)
Path.unlink = step("unlink", Path.unlink)
Path.touch = step("touch", Path.touch)
shutil.rmtree = step("rmtree", shutil.rmtree)
sqlalchemy.orm.Session.commit = step("commit", sqlalchemy.orm.Session.commit)
prepare = store_module.Batch.prepare

def armed_prepare(self, *args, **kwargs):
    global armed
    armed = True
    return prepare(self, *args, **kwargs)

store_module.Batch.prepare = armed_prepare
ws = open_workspace(workspace)
ingest(ws, None, "slack", export, None, split=read_routes(None, "chat-"))
print(steps)
"""


def _state(ws: Workspace) -> tuple[int, int, int, int]:
    """(imports, accounts, registered chat initiatives, visible events), as a reader sees them."""
    store = ws.events()
    with ws.store.transaction() as session:
        imports = session.scalar(select(func.count()).select_from(Import)) or 0
        accounts = session.scalar(select(func.count()).select_from(Account)) or 0
        chats = session.scalar(
            select(func.count()).select_from(Initiative).where(Initiative.slug.like("chat-%"))
        )
    events = sum(pq.ParquetFile(p).metadata.num_rows for p in store.files("acme"))
    return imports, accounts, chats or 0, events


def _kill(template: Path, target: Path, export: Path, step: int) -> str:
    import shutil

    shutil.copytree(template, target)
    done = subprocess.run(
        [sys.executable, "-c", HARNESS, str(target), str(export), str(step)],
        capture_output=True,
        text=True,
        env={**os.environ, "WI3_DATABASE_URL": ""},
        check=False,
    )
    return done.stdout.strip() if done.returncode == 0 else f"killed:{done.returncode}"


def test_a_commit_killed_at_any_step_leaves_all_or_nothing(
    workspace: Workspace, fixture_path: Path, tmp_path: Path
) -> None:
    export = fixture_path / "slack" / "workspace"
    # the workspace already holds an import, so the killed one also deduplicates against it
    ingest(workspace, None, SLACK, export, "team-chat")
    write_directory(workspace, "acme")
    before = _state(workspace)
    workspace.close()
    template = workspace.path
    whole = _kill(template, tmp_path / "whole", export, 0)
    assert whole.isdigit(), whole
    steps = int(whole)
    assert steps >= 8, steps  # journal, moves, commit, publication, clean-up
    print(f"killed at each of {steps} steps")
    after = _state(open_workspace(tmp_path / "whole"))
    assert after[0] > before[0] and after[2] > 0 and after[3] > before[3]
    outcomes = set()
    for step in range(1, steps + 1):
        copy = tmp_path / f"killed-{step}"
        assert _kill(template, copy, export, step) == "killed:-9"
        ws = open_workspace(copy)
        state = _state(ws)  # the reader settles what the killed process left
        assert state in (before, after), f"killed at step {step}: {state}"
        outcomes.add(state == after)
        assert not list((copy / "events" / "_staging").iterdir())
        assert not list((copy / "events" / "_journal").iterdir())
        assert ws.events().unpublished("acme") == []
        # the metrics read a directory that knows every account of the events they read
        from wi3.service import organisation_inputs

        inputs = organisation_inputs(ws, "acme")
        accounts = pq.read_table(inputs.store.accounts_file("acme"))["account"]
        known = set(pseudonym_numbers(accounts).to_pylist())  # as the event files hold them
        actors = set(_column(inputs.store.files("acme"), "actor"))
        assert actors <= known, f"killed at step {step}"
        ws.close()
    assert outcomes == {True, False}  # some kills came before the commit, some after
