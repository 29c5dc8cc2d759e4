"""The event store: a Parquet dataset of pseudonymised events, one partition per month.

Layout, under the workspace's `events/` folder (hive-style, so DuckDB and Spark read the
partition columns back):

    org=<org>/initiative=<initiative>/month=<YYYY-MM>/part-<batch>-<n>.parquet
    _directory/org=<org>/people.parquet, accounts.parquet
                                 the organisation's people directory, by pseudonym
    _published/<batch>           one empty file per import whose events readers see
    _staging/<batch>/...         events of an import being written (invisible to readers)
    _staging/<batch>.lease       locked by the process writing that import while it lives
    _journal/<batch>.json        the files an import moved (or is moving) into place
    _locks/org=<org>/<initiative>.lock
                                 held by the one import writing into that initiative

Only this module knows that layout: readers ask the store for an organisation's files (`files`,
`people_file`, `accounts_file`) or folder (`partition`) and hand them to DuckDB or Spark as
values, never pasted into SQL, so a workspace folder may have any name.

One import (a `Batch`: one export, split over any number of initiatives) is atomic, in the event
store and in the application store together:

1. Its events are written aside, in `_staging/<batch>`, while the process holds the batch's
   lease (an OS lock, released when the process ends, however it ends).
2. `prepare` takes each initiative's lock (another import into the same initiative waits),
   drops the events already stored, writes a journal of the files to move and moves them into
   the partitions. They are in place but not visible: a reader sees a file only when its batch
   is published.
3. The caller records the import in the application store, naming the batch; that commit is
   the one moment the import happens.
4. `close` publishes the batch (an empty file in `_published`) when the application store has
   its record, and otherwise moves nothing back into view: it deletes the moved files. Either
   way the journal, the staging and the locks go.

A process killed at any step leaves a batch whose lease is free. Whoever opens the store next
settles it the same way `close` would: the application store's record decides (the store is
told how to ask, `committed`), so the two stores always agree. A batch whose lease is held is
alive and left alone: opening the store, reading, or importing into another initiative never
disturbs a running import. Readers list the published batches before the files, so a batch
published while they list is either wholly seen or not at all; importing a file again adds
nothing.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, NamedTuple

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from wi3.errors import WorkspaceError

logger = logging.getLogger(__name__)

EVENT_SCHEMA = pa.schema(
    [
        pa.field("event_id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("origin", pa.string(), nullable=False),
        pa.field("ts", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("actor", pa.string(), nullable=False),
        pa.field("target", pa.string()),
        pa.field("container", pa.string(), nullable=False),
        pa.field("item", pa.string(), nullable=False),
        pa.field("parent", pa.string()),
        pa.field("size", pa.int32(), nullable=False),
        pa.field("via", pa.string(), nullable=False),
    ]
)
"""The columns of every event file; `org`, `initiative` and `month` are partition folders."""

PARTITIONS = ("org", "initiative", "month")
CHUNK_ROWS = 200_000
"""Rows buffered before a staging file is written: bounds memory whatever the input's size."""
DUCKDB_MEMORY = "1GB"

Committed = Callable[[str], bool]
"""Whether the application store holds the record of an import, by its batch id."""


class Row(NamedTuple):
    """An event ready for the store: pseudonymised, with its stable id; fields in schema order."""

    event_id: str
    source: str
    origin: str
    ts: datetime
    kind: str
    actor: str
    target: str | None
    container: str
    item: str
    parent: str | None
    size: int
    via: str


@dataclass(frozen=True)
class Added:
    """What an import added to one initiative."""

    written: int
    added: int

    @property
    def duplicates(self) -> int:
        return self.written - self.added


def batch_of(path: Path) -> str:
    """The batch that wrote an event file: `part-<batch>-<n>.parquet` → `<batch>`."""
    return path.stem.removeprefix("part-").rsplit("-", 1)[0]


class EventStore:
    """The Parquet event store of one workspace.

    `committed` answers whether the application store holds an import's record; without it
    the store cannot settle an interrupted import, and leaves it (invisible) for a store that
    can.
    """

    def __init__(self, root: Path, committed: Committed | None = None) -> None:
        self.root = root
        self.committed = committed
        self._staging = root / "_staging"
        self._journal = root / "_journal"
        self._published = root / "_published"
        self._locks = root / "_locks"
        for folder in (root, self._staging, self._journal, self._locks):
            folder.mkdir(parents=True, exist_ok=True)
        if not self._published.exists():
            self._publish_existing()
        self.recover()

    def organisations(self) -> list[str]:
        """The organisations that have committed events, by slug."""
        return sorted(p.name.removeprefix("org=") for p in self.root.glob("org=*") if p.is_dir())

    def partition(self, org: str, initiative: str | None = None) -> Path:
        """The folder of an organisation's (or one initiative's) events."""
        path = self.root / f"org={org}"
        return path / f"initiative={initiative}" if initiative else path

    def files(self, org: str, initiative: str | None = None) -> list[Path]:
        """Every published event file of an organisation or initiative."""
        base = self.partition(org, initiative)
        visible = self.published()
        if not base.exists():
            return []
        return sorted(p for p in base.rglob("*.parquet") if batch_of(p) in visible)

    def published(self) -> set[str]:
        """The batches whose events readers see: published, or recorded by the application
        store a moment before `close` publishes them."""
        visible = {p.name for p in self._published.iterdir()}
        if self.committed is not None:
            for journal in self._journal.glob("*.json"):
                if journal.stem not in visible and self.committed(journal.stem):
                    visible.add(journal.stem)
        return visible

    def published_glob(self) -> str:
        """A file-name pattern that matches the published event files only, for a reader that
        is given a folder rather than files (Spark's `pathGlobFilter`)."""
        return "part-{" + ",".join(sorted(self.published())) + "}-*.parquet"

    def unpublished(self, org: str) -> list[Path]:
        """Event files in the organisation's partitions that no reader sees (an import being
        committed now, or one a killed process left that no store could settle yet)."""
        base = self.partition(org)
        visible = self.published()
        return sorted(p for p in base.rglob("*.parquet") if batch_of(p) not in visible)

    def people_file(self, org: str) -> Path:
        """The organisation's people directory for the metrics: one row per person, by pseudonym.

        wi3.service writes it (and `accounts_file`) whenever people or accounts change; before
        the first import it does not exist.
        """
        return self._directory(org) / "people.parquet"

    def accounts_file(self, org: str) -> Path:
        """Which person each actor pseudonym of the organisation's events belongs to."""
        return self._directory(org) / "accounts.parquet"

    def _directory(self, org: str) -> Path:
        return self.root / "_directory" / f"org={org}"

    def batch(self, org: str) -> Batch:
        """A new import into the organisation: its writers stage events until it is closed."""
        return Batch(self, org)

    def recover(self, holding: tuple[str, frozenset[str]] | None = None) -> None:
        """Settle the imports of processes that died: publish those the application store
        recorded, undo the rest; leave every import whose process still lives.

        `holding` is (organisation, initiatives) whose locks the caller holds itself.
        """
        with _locked(self.root / ".lock"):
            batches = set()
            for path in self._staging.iterdir():
                if path.name.startswith("."):  # a lease being made, or left by a killed one
                    with _try_lock(path) as dead:
                        if dead:
                            path.unlink(missing_ok=True)
                else:
                    batches.add(path.name.removesuffix(".lease"))
            batches |= {p.stem for p in self._journal.iterdir()}  # <batch>.json, <batch>.tmp
            for batch in sorted(batches):
                self._settle(batch, holding)

    def _settle(self, batch: str, holding: tuple[str, frozenset[str]] | None) -> None:
        lease = self._staging / f"{batch}.lease"
        with _try_lock(lease) as dead:
            if not dead:
                return  # its writer is alive
            journal = self._journal / f"{batch}.json"
            entry = _read(journal)
            if entry is not None:
                if entry.legacy:
                    entry.finish(self.root)
                    self._mark_published(batch)
                elif self.committed is None:
                    return  # only a store that can ask the application store may decide
                else:
                    mine = holding[1] if holding and holding[0] == entry.org else frozenset()
                    with ExitStack() as held:
                        for slug in set(entry.initiatives) - mine:
                            path = self._lock_file(entry.org, slug)
                            if not held.enter_context(_try_lock(path)):
                                return  # a live import into it settles this one first
                        if self.committed(batch):
                            entry.finish(self.root)
                            self._mark_published(batch)
                            logger.warning("finished an interrupted import (%s)", batch)
                        else:
                            entry.undo(self.root)
                            logger.warning("undid an interrupted import (%s)", batch)
                journal.unlink()
            elif (self._staging / batch).exists():
                logger.info("removed the staging of an unfinished import (%s)", batch)
            journal.with_suffix(".tmp").unlink(missing_ok=True)  # one cut short: nothing moved
            shutil.rmtree(self._staging / batch, ignore_errors=True)
            lease.unlink(missing_ok=True)

    def _mark_published(self, batch: str) -> None:
        marker = self._published / batch
        marker.touch()
        _sync_folder(self._published)

    def _lock_file(self, org: str, initiative: str) -> Path:
        return self._locks / f"org={org}" / f"{initiative}.lock"

    def _publish_existing(self) -> None:
        """Publish every batch already in place: a store written before batches were published
        showed every file it held."""
        with _locked(self.root / ".lock"):
            if self._published.exists():
                return
            fresh = self.root / "_published.new"
            shutil.rmtree(fresh, ignore_errors=True)
            fresh.mkdir()
            for path in self.root.glob("org=*/initiative=*/month=*/*.parquet"):
                (fresh / batch_of(path)).touch()
            _sync_folder(fresh)
            os.replace(fresh, self._published)
            _sync_folder(self.root)


@dataclass(frozen=True)
class Journal:
    """The files an import moves into place: (staged, final) paths relative to the store."""

    org: str
    initiatives: tuple[str, ...]
    moves: tuple[tuple[str, str], ...]
    legacy: bool = False
    """Written by an older wi3 (absolute paths, no initiatives): always finished."""

    def finish(self, root: Path) -> None:
        for source, target in self.moves:
            if (root / source).exists():
                (root / target).parent.mkdir(parents=True, exist_ok=True)
                os.replace(root / source, root / target)

    def undo(self, root: Path) -> None:
        for _source, target in self.moves:
            (root / target).unlink(missing_ok=True)

    def write(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump({"org": self.org, "initiatives": self.initiatives, "moves": self.moves}, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        _sync_folder(path.parent)


def _read(path: Path) -> Journal | None:
    """The journal at `path`; None when there is none or it was cut short before its rename."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    if isinstance(data, list):
        return Journal("", (), tuple((s, t) for s, t in data), legacy=True)
    return Journal(data["org"], tuple(data["initiatives"]), tuple((s, t) for s, t in data["moves"]))


class Batch:
    """One import into an organisation: events staged per initiative, then moved into place
    and published together (see the module docstring)."""

    def __init__(self, store: EventStore, org: str) -> None:
        self.store = store
        self.org = org
        self.id = uuid.uuid4().hex[:16]
        self.folder = store._staging / self.id
        # the lease is held before the folder exists, so no one takes the folder for dead
        self._lease = _hold(store._staging / f"{self.id}.lease")
        self.folder.mkdir()
        self.writers: dict[str, ImportWriter] = {}
        self._held = ExitStack()
        self._locked = False
        self._journal: Journal | None = None

    def writer(self, initiative: str) -> ImportWriter:
        """The writer of this import's events into `initiative`."""
        if initiative not in self.writers:
            self.writers[initiative] = ImportWriter(self, initiative)
        return self.writers[initiative]

    def lock(self, waiting: Callable[[str], None] | None = None) -> None:
        """Take the lock of every initiative this import writes to, in order; when another
        import holds one, say so through `waiting` and wait for it."""
        for slug in sorted(self.writers):
            path = self.store._lock_file(self.org, slug)
            path.parent.mkdir(parents=True, exist_ok=True)
            fh = self._held.enter_context(path.open("a"))
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if waiting is not None:
                    waiting(slug)
                fcntl.flock(fh, fcntl.LOCK_EX)
        self._locked = True

    def prepare(self, waiting: Callable[[str], None] | None = None) -> dict[str, Added]:
        """Move the events new to each initiative into place, not yet visible; what each adds.

        Raises:
            WorkspaceError: when the store cannot be written (disk full, permissions); nothing
                of this import is then in place.
        """
        if not self._locked:
            self.lock(waiting)
        # a killed import into these initiatives is settled first
        self.store.recover(holding=(self.org, frozenset(self.writers)))
        added: dict[str, Added] = {}
        moves: list[tuple[str, str]] = []
        root = self.store.root
        try:
            for slug, writer in sorted(self.writers.items()):
                final, added[slug] = writer.finalise()
                target = self.store.partition(self.org, slug)
                moves += [
                    (
                        str(path.relative_to(root)),
                        str(target.relative_to(root) / path.relative_to(final)),
                    )
                    for path in sorted(final.rglob("*.parquet"))
                ]
            if moves:
                self._journal = Journal(self.org, tuple(sorted(self.writers)), tuple(moves))
                self._journal.write(self.store._journal / f"{self.id}.json")
                self._journal.finish(root)
                for folder in {(root / t).parent for _s, t in moves}:
                    _sync_folder(folder)
        except (OSError, duckdb.Error) as exc:
            self.close()
            raise WorkspaceError(
                f"cannot write the event store at {self.store.root}: {exc}. Nothing of this "
                "import was added; free disk space or fix the folder's permissions, then "
                "import again."
            ) from exc
        return added

    def close(self) -> bool:
        """Publish the moved events if the application store recorded this import, else undo
        them; then free the staging, the locks and the lease. Whether they were published.

        When the application store cannot be asked, the journal stays and the events stay
        invisible: the next store to open settles them.
        """
        published = False
        try:
            if self._journal is not None:
                committed = self.store.committed
                if committed is not None and committed(self.id):
                    self.store._mark_published(self.id)
                    published = True
                else:
                    self._journal.undo(self.store.root)
                (self.store._journal / f"{self.id}.json").unlink()
                self._journal = None
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
            self._held.close()
            (self.store._staging / f"{self.id}.lease").unlink(missing_ok=True)
            self._lease.close()
        return published


class ImportWriter:
    """Stages one import's events into one initiative (see `Batch`)."""

    def __init__(self, batch: Batch, initiative: str) -> None:
        self.batch = batch
        self.initiative = initiative
        self.folder = batch.folder / initiative
        self._chunks = self.folder / "chunks"
        self._chunks.mkdir(parents=True)
        self._batches = self.folder / "batches"
        self._rows: list[Row] = []
        self._n = 0
        self.written = 0

    def add(self, row: Row) -> None:
        """Buffer one event; a full buffer is written to a staging file."""
        self._rows.append(row)
        if len(self._rows) >= CHUNK_ROWS:
            self._flush()

    def _flush(self) -> None:
        if not self._rows:
            return
        columns = zip(*self._rows, strict=True)
        arrays = [
            pa.array(values, type=f.type) for values, f in zip(columns, EVENT_SCHEMA, strict=True)
        ]
        table = pa.Table.from_arrays(arrays, schema=EVENT_SCHEMA)
        table = table.append_column(
            "seq", pa.array(range(self.written, self.written + len(self._rows)), pa.int64())
        )
        pq.write_table(table, self._chunks / f"chunk-{self._n:05d}.parquet", compression="zstd")
        self.written += len(self._rows)
        self._n += 1
        self._rows.clear()

    def add_month(self, month: str, table: pa.Table) -> None:
        """Stage a batch of one month's events whose ids are unique within this import.

        For writers that make events in bulk (the simulator): when the initiative holds no
        events yet, such batches are moved into place as they are, without a pass through
        DuckDB; otherwise they are deduplicated like any other import.
        """
        folder = self._batches / f"month={month}"
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(
            table.select([f.name for f in EVENT_SCHEMA]).cast(EVENT_SCHEMA),
            folder / f"part-{self.batch.id}-{self._n}.parquet",
            compression="zstd",
        )
        self._n += 1
        self.written += table.num_rows

    def finalise(self) -> tuple[Path, Added]:
        """The folder of the files to move into the initiative's partition (by month), holding
        only the events new to it, and what they add. Called with the initiative locked."""
        self._flush()
        store = self.batch.store
        existing = store.files(self.batch.org, self.initiative)
        if not existing and not any(self._chunks.iterdir()):
            return self._batches, Added(self.written, self.written)
        final = self.folder / "final"
        if self.written:
            self._dedupe(existing, final)
        added = sum(pq.ParquetFile(p).metadata.num_rows for p in final.rglob("*.parquet"))
        return final, Added(self.written, added)

    def _dedupe(self, existing: list[Path], final: Path) -> None:
        """Write the events new to the initiative into `final`, one file per month."""
        con = duckdb.connect(
            config={"memory_limit": DUCKDB_MEMORY, "temp_directory": str(self.folder / "spill")}
        )
        try:
            parts = [str(p) for p in sorted(self._chunks.glob("*.parquet"))]
            # the first of repeated ids wins; bulk batches carry no reading order (no `seq`)
            first = "seq NULLS FIRST" if parts else "event_id"
            parts += [str(p) for p in sorted(self._batches.rglob("*.parquet"))]
            con.read_parquet(parts, union_by_name=True).create_view("staged")
            unseen = ""
            if existing:
                con.read_parquet([str(p) for p in existing]).create_view("known")
                unseen = "WHERE event_id NOT IN (SELECT event_id FROM known)"
            columns = ", ".join(f.name for f in EVENT_SCHEMA)
            con.sql(f"""
                SELECT {columns}, strftime(ts AT TIME ZONE 'UTC', '%Y-%m') AS month
                FROM staged
                {unseen}
                QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY {first}) = 1
                ORDER BY month, ts
            """).write_parquet(
                str(final),
                compression="zstd",
                partition_by=["month"],
                filename_pattern=f"part-{self.batch.id}-{{i}}",
            )
        finally:
            con.close()


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on `path`, waited for."""
    with path.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield


@contextmanager
def _try_lock(path: Path) -> Iterator[bool]:
    """Whether the lock on `path` was free (and is then held for the block)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True


def _hold(path: Path) -> IO[str]:
    """Create `path` already locked, and hold the lock until the returned file is closed.

    The file is locked under a hidden name and then renamed: nobody sees it unlocked.
    """
    hidden = path.with_name(f".{path.name}")
    fh = hidden.open("x")
    fcntl.flock(fh, fcntl.LOCK_EX)
    os.replace(hidden, path)
    return fh


def _sync_folder(folder: Path) -> None:
    """Make a folder's entries (files created, renamed or removed in it) durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
