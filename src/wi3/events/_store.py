"""The event store: a Parquet dataset of pseudonymised events, a partition per initiative.

Layout, under the workspace's `events/` folder (hive-style, so DuckDB and Spark read the
partition columns back):

    org=<org>/initiative=<initiative>/part-<batch>-<n>.parquet
                                 an import's events of one initiative, whatever their months;
                                 each event's month is a column (`month_index`)
    _directory/org=<org>/people.parquet, accounts.parquet
                                 the organisation's people directory, by pseudonym
    _published/<batch>           one empty file per import whose events readers see
    _staging/<batch>/...         events of an import being written (invisible to readers)
    _staging/<batch>.lease       locked by the process writing that import while it lives
    _journal/<batch>.json        the files an import moved (or is moving) into place
    _locks/org=<org>/<initiative>.lock
                                 held by the one import writing into that initiative

Stores written before wi3 kept the month in the folder instead, a file per import, initiative
and month (`org=<org>/initiative=<initiative>/month=<YYYY-MM>/part-<batch>-<n>.parquet`);
those files are read as they are (`by_layout`). An organisation of 400 initiatives over three
years held 19,000 such files, and every reader paid for each file on every scan.

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
from typing import IO, Any, Literal

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
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
"""The columns of an event as a writer is given them."""
PSEUDONYMS = ("actor", "target", "item", "parent")
"""The columns of an event that hold pseudonyms: texts as a writer is given them, numbers in
the event files (`pseudonym_numbers`)."""
FILE_SCHEMA = pa.schema(
    [
        *(
            pa.field(f.name, pa.int64(), f.nullable) if f.name in PSEUDONYMS else f
            for f in EVENT_SCHEMA
        ),
        pa.field("month_index", pa.int32(), nullable=False),
    ]
)
"""The columns of every event file: the event's, with its pseudonyms as numbers, and the
months from the year 0 to its month in UTC (year × 12 + month − 1), by which readers group it
into months and quarters; `org` and `initiative` are partition folders."""
DICTIONARY_COLUMNS = (
    "source",
    "origin",
    "kind",
    "actor",
    "target",
    "container",
    "via",
    "month_index",
)
"""The columns of FILE_SCHEMA written with a dictionary: those whose values repeat within a
row group. Ids, times, items, parents and sizes are nearly unique there, and written plain: with
a dictionary, writing an event took 1.4 times as long, DuckDB read the times 1.4 times and the
items 2.2 times as long, and the files were 8 % larger."""
BUFFER_ROWS = 50_000
"""Events an import holds in memory before they are written to their staging files: about
25 MB, whatever the size of the export."""
MAX_OPEN_FILES = 1024
"""Staging files an import keeps open at once, one per initiative it writes to; beyond it they
are closed, and later rows of their initiatives start new files."""
DUCKDB_MEMORY = "128MB"
"""What DuckDB may hold while an import is checked against the stored events; it spills to
the staging folder beyond it."""
ID_LENGTH = 24
"""Characters of an event id: `event_id` writes its 12 bytes in hex."""
KEYED_ROWS = 4_000_000
"""Events per initiative whose ids an import keeps as 64-bit keys (8 bytes each: 32 MB at
most) to show, without a pass through DuckDB, that a first import holds no repeats. Beyond it,
DuckDB checks, as it does every import into an initiative that holds events already."""

Committed = Callable[[str], bool]
"""Whether the application store holds the record of an import, by its batch id."""


Row = tuple[str, datetime, str, str, str | None, str, str, str | None, int, str]
"""An event ready for the store, pseudonymised, with its stable id: the fields of EVENT_SCHEMA
in its order, less `source` and `origin`, which are the writer's (`Batch.writer`). A plain
tuple, as an import makes millions of them."""
ROW_FIELDS = tuple(f.name for f in EVENT_SCHEMA if f.name not in ("source", "origin"))


@dataclass(frozen=True)
class Added:
    """What an import added to one initiative."""

    written: int
    added: int

    @property
    def duplicates(self) -> int:
        return self.written - self.added


def _parquet_names(folder: str) -> list[str]:
    """The paths of the Parquet files under `folder` (none if it does not exist), in the order
    of their parts, as `sorted(Path(folder).rglob("*.parquet"))` gives them.

    A walk with `os.scandir` over plain strings, sorted folder by folder: an organisation's
    partitions can hold tens of thousands of files (an older store as many month folders),
    which `rglob` and sorting `Path` objects take seconds over.
    """
    found: list[str] = []
    _walk(folder, found)
    return found


def _parquet_files(folder: Path) -> list[Path]:
    """`_parquet_names` as paths: for the few files of one import's staging folder."""
    return [Path(name) for name in _parquet_names(str(folder))]


def _walk(folder: str, found: list[str]) -> None:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            _walk(entry.path, found)
        elif entry.name.endswith(".parquet"):
            found.append(entry.path)


def batch_of(path: str | Path) -> str:
    """The batch that wrote an event file: `part-<batch>-<n>.parquet` → `<batch>`."""
    name = os.path.basename(path)
    return name.removeprefix("part-").removesuffix(".parquet").rsplit("-", 1)[0]


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
        return [Path(name) for name in self.file_names(org, initiative)]

    def file_names(self, org: str, initiative: str | None = None) -> list[str]:
        """The paths of `files` as text, for a caller that reads tens of thousands of them."""
        visible = self.published()
        names = _parquet_names(str(self.partition(org, initiative)))
        return [name for name in names if batch_of(name) in visible]

    def published(self) -> set[str]:
        """The batches whose events readers see: published, or recorded by the application
        store a moment before `close` publishes them."""
        visible = {p.name for p in self._published.iterdir()}
        if self.committed is not None:
            for journal in self._journal.glob("*.json"):
                if journal.stem not in visible and self.committed(journal.stem):
                    visible.add(journal.stem)
        return visible

    def unpublished(self, org: str) -> list[Path]:
        """Event files in the organisation's partitions that no reader sees (an import being
        committed now, or one a killed process left that no store could settle yet)."""
        visible = self.published()
        names = _parquet_names(str(self.partition(org)))
        return [Path(name) for name in names if batch_of(name) not in visible]

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
                if path.name.startswith("."):  # a lease its import was killed making
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
        # the lease is held before the folder exists, so no one takes the folder for dead; it
        # is made under the store's lock, which `recover` holds while it removes the hidden
        # leases it can lock (left by a killed import): this one is locked before it can look
        with _locked(store.root / ".lock"):
            self._lease = _hold(store._staging / f"{self.id}.lease")
        self.folder.mkdir()
        self.writers: dict[str, ImportWriter] = {}
        self.open_files = 0
        """staging files its writers hold open"""
        self._held = ExitStack()
        self._locked = False
        self._journal: Journal | None = None

    def writer(self, initiative: str, source: str = "", origin: str = "") -> ImportWriter:
        """The writer of this import's events into `initiative`; the `source` and `origin` of
        the rows it is given (tables given by the month carry their own)."""
        if initiative not in self.writers:
            self.writers[initiative] = ImportWriter(self, initiative, source, origin)
        return self.writers[initiative]

    def flush(self) -> None:
        """Write the rows every writer holds in memory to their staging files."""
        for writer in self.writers.values():
            writer.flush()

    def close_files(self) -> None:
        """Close every open staging file."""
        for writer in self.writers.values():
            writer.close_files()

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
                    for path in _parquet_files(final)
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
            self.close_files()
            shutil.rmtree(self.folder, ignore_errors=True)
            self._held.close()
            (self.store._staging / f"{self.id}.lease").unlink(missing_ok=True)
            self._lease.close()
        return published


class ImportWriter:
    """Stages one import's events into one initiative (see `Batch`).

    Events arrive as `Row`s (`add`) or as tables of one month (`add_month`). Rows are kept in
    memory only until the batch holds BUFFER_ROWS of them; then each writer turns its rows
    into Arrow columns, with each event's month, and appends them to its staging file as a
    row group, in the partition's format: one file per initiative and import, whatever months
    it spans. `finalise` drops the events
    the initiative holds already, and repeats within the import, from those files: in the
    common case, a first import without repeats, nothing is written twice, and keys kept of its
    ids show it holds no repeats without a pass through DuckDB.
    """

    def __init__(self, batch: Batch, initiative: str, source: str, origin: str) -> None:
        self.batch = batch
        self.initiative = initiative
        self.folder = batch.folder / initiative
        self.folder.mkdir(parents=True)
        self._source = pa.scalar(source, pa.string())
        self._origin = pa.scalar(origin, pa.string())
        self.columns: tuple[list[Any], ...] = tuple([] for _ in ROW_FIELDS)
        """The events held in memory, a list per field of `Row`: an import appends to them
        (`add` for one event, or the lists' own `append` in a loop that adds millions, which
        then calls `Batch.flush` every BUFFER_ROWS events)."""
        self._open: pq.ParquetWriter | None = None
        self._parts = 0
        self._keys: list[np.ndarray] | None = []
        """The keys of the ids of the events staged as rows (`_id_keys`), an array per flush;
        None once some could not be kept (ids of another form, or more than KEYED_ROWS)."""
        self._keyed = 0
        self._given = 0
        """events staged as tables (`add_month`), whose ids are unique within the import"""
        self.written = 0
        self.first: datetime | None = None
        self.last: datetime | None = None

    def add(self, row: Row) -> None:
        """Stage one event."""
        for column, value in zip(self.columns, row, strict=True):
            column.append(value)
        if len(self.columns[0]) >= BUFFER_ROWS:
            self.flush()

    def add_month(self, month: str, table: pa.Table) -> None:
        """Stage a batch of one month's events whose ids are unique within this import.

        For writers that make events in bulk (the simulator): when the initiative holds no
        events yet, such batches are moved into place as they are, without a pass through
        DuckDB; otherwise they are deduplicated like any other import.
        """
        table = table.select(EVENT_SCHEMA.names).cast(EVENT_SCHEMA)
        columns = [
            pseudonym_numbers(table[name]) if name in PSEUDONYMS else table[name]
            for name in EVENT_SCHEMA.names
        ]
        index = int(month[:4]) * 12 + int(month[5:7]) - 1
        months = pa.repeat(pa.scalar(index, pa.int32()), table.num_rows)
        table = pa.Table.from_arrays([*columns, months], schema=FILE_SCHEMA)
        self._append(table)
        self._given += table.num_rows
        self._counted(table)

    def flush(self) -> None:
        """Append the events held in memory to the staging file."""
        ids, ts, kind, actor, target, container, item, parent, size, via = self.columns
        n = len(ids)
        if not n:
            return
        # made without the time zone and given it after: the same microseconds in UTC, made
        # in half the time
        stamps = pa.array(ts, pa.timestamp("us")).cast(EVENT_SCHEMA.field("ts").type)
        table = pa.Table.from_arrays(
            [
                pa.array(ids, pa.string()),
                pa.repeat(self._source, n),
                pa.repeat(self._origin, n),
                stamps,
                pa.array(kind, pa.string()),
                pseudonym_numbers(pa.array(actor, pa.string())),
                pseudonym_numbers(pa.array(target, pa.string())),
                pa.array(container, pa.string()),
                pseudonym_numbers(pa.array(item, pa.string())),
                pseudonym_numbers(pa.array(parent, pa.string())),
                pa.array(size, pa.int32()),
                pa.array(via, pa.string()),
                _month_indexes(stamps),
            ],
            schema=FILE_SCHEMA,
        )
        for column in self.columns:
            column.clear()
        self._counted(table)
        self._keep_keys(table["event_id"].chunk(0))
        self._append(table)

    def _keep_keys(self, ids: pa.Array) -> None:
        """Keep the keys of a flush's event ids, while they can all be kept."""
        if self._keys is None:
            return
        keys = _id_keys(ids)
        if keys is None or self._keyed + len(keys) > KEYED_ROWS:
            self._keys = None
            return
        self._keys.append(keys)
        self._keyed += len(keys)

    def _repeats_possible(self) -> bool:
        """Whether the staged events may hold an id twice: False only when every event's id
        was kept as a key and no two keys are equal (then no two ids are), or when all came as
        tables of ids unique within the import."""
        if self._keys is None or (self._given and self._keyed):
            return True
        if not self._keyed:
            return False
        keys = np.empty(self._keyed, dtype=np.uint64)
        at = 0
        while self._keys:  # moved one array at a time, so memory holds the keys once
            part = self._keys.pop(0)
            keys[at : at + len(part)] = part
            at += len(part)
        keys.sort()
        return bool((keys[1:] == keys[:-1]).any())

    def _append(self, table: pa.Table) -> None:
        """Append `table` to the open staging file as a row group, opening a new file if none
        is open."""
        if self._open is None:
            if self.batch.open_files >= MAX_OPEN_FILES:
                self.batch.close_files()
            path = self.folder / self._part_name()
            self._open = _event_file(path)
            self.batch.open_files += 1
        self._open.write_table(table)

    def close_files(self) -> None:
        """Close the open staging file; later rows go to a new one."""
        if self._open is not None:
            self._open.close()
            self._open = None
            self.batch.open_files -= 1

    def _part_name(self) -> str:
        """A new file name in the partitions' pattern, numbered in the order files are made."""
        self._parts += 1
        return f"part-{self.batch.id}-{self._parts:05d}.parquet"

    def _counted(self, table: pa.Table) -> None:
        """Count a table's events and widen the span of their times."""
        if not table.num_rows:
            return
        bounds = pc.min_max(table["ts"]).as_py()
        low, high = bounds["min"], bounds["max"]
        self.written += table.num_rows
        self.first = low if self.first is None or low < self.first else self.first
        self.last = high if self.last is None or high > self.last else self.last

    def finalise(self) -> tuple[Path, Added]:
        """The folder of the files to move into the initiative's partition, holding only the
        events new to it, and what they add. Called with the initiative locked."""
        self.flush()
        self.close_files()
        dropped = 0
        if self.written:
            existing = self.batch.store.files(self.batch.org, self.initiative)
            if existing or self._repeats_possible():
                files = _parquet_files(self.folder)
                dropped = self._drop_known_and_repeated(files, existing)
        return self.folder, Added(self.written, self.written - dropped)

    def _drop_known_and_repeated(self, files: list[Path], existing: list[Path]) -> int:
        """Remove from the staged `files` the events whose id the initiative holds already
        (`existing`), and every repeat of an id after its first within this import; how many.

        The first is the earliest month's (the copies of an id lie in different months when a
        record's time changed between two exports read together), and within a month the first
        read.
        Both checks are hash-based: a hash join of the staged ids against the stored ones, and
        a hash aggregate that finds the few ids staged more than once. Neither sorts the
        import; DuckDB spills to the staging folder beyond DUCKDB_MEMORY. Files that lose no
        event stay as written; files that lose all are removed; the others are written again
        without the dropped rows, a row group at a time.

        Not run for a first import into an initiative whose ids its keys show distinct
        (`_repeats_possible`): the common first import starts no DuckDB and writes nothing twice.
        """
        con = duckdb.connect(
            config={
                "memory_limit": DUCKDB_MEMORY,
                "temp_directory": str(self.batch.folder / f".spill-{self.initiative}"),
                "preserve_insertion_order": False,
            }
        )
        try:
            con.read_parquet([str(p) for p in files], file_row_number=True).select(
                "event_id, file_index, file_row_number, "
                "{'month': month_index, 'read': (file_index::BIGINT << 32) | file_row_number} "
                "AS place"
            ).create_view("staged")
            known = "FALSE"
            if existing:
                con.read_parquet([str(p) for p in existing]).select("event_id").create_view(
                    "stored"
                )
                known = "s.event_id IN (SELECT event_id FROM stored)"
            con.sql(f"""
                CREATE TEMP TABLE dropped AS
                WITH repeated AS (
                    SELECT hash(event_id) AS h FROM staged GROUP BY h HAVING count(*) > 1
                ),
                firsts AS (
                    SELECT event_id, min(place) AS place FROM staged
                    WHERE hash(event_id) IN (SELECT h FROM repeated)
                    GROUP BY event_id
                )
                SELECT s.file_index, s.file_row_number
                FROM staged s LEFT JOIN firsts f ON f.event_id = s.event_id
                WHERE {known} OR (f.place IS NOT NULL AND f.place <> s.place)
            """)
            partial: list[int] = []
            total = 0
            for index, dropped in con.sql(
                "SELECT file_index, count(*) FROM dropped GROUP BY file_index"
            ).fetchall():
                total += dropped
                if dropped == pq.ParquetFile(files[index]).metadata.num_rows:
                    files[index].unlink()
                else:
                    partial.append(index)
            if not partial:
                return total
            # the dropped rows of every file that keeps some, in one query, file by file
            gone = con.sql(
                "SELECT file_index, file_row_number FROM dropped "
                "WHERE list_contains($partial, file_index) ORDER BY file_index",
                params={"partial": partial},
            ).fetchnumpy()
            indexes, starts = np.unique(gone["file_index"], return_index=True)
            for index, rows in zip(
                indexes.tolist(), np.split(gone["file_row_number"], starts[1:]), strict=True
            ):
                path = files[index]
                keep = np.ones(pq.ParquetFile(path).metadata.num_rows, dtype=bool)
                keep[rows] = False
                _rewrite(path, keep)
            return total
        finally:
            con.close()


def _event_file(path: Path) -> pq.ParquetWriter:
    """A new event file at `path`, to be written a row group at a time."""
    return pq.ParquetWriter(
        path, FILE_SCHEMA, compression="zstd", use_dictionary=list(DICTIONARY_COLUMNS)
    )


def _month_indexes(stamps: pa.Array) -> pa.Array:
    """The month of each time in UTC, counted from the year 0: year × 12 + month − 1."""
    months = pc.add(pc.multiply(pc.year(stamps), 12), pc.subtract(pc.month(stamps), 1))
    return months.cast(pa.int32())


def pseudonym_numbers(texts: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Pseudonyms (16 hex digits) as the signed 64-bit numbers of the same bits, in the same
    order: the number the digits write, less 2^63. Nulls stay null.

    The event files hold actors, targets, items and parents this way: a number is half the
    bytes of its text, and grouping and joining by it is cheaper. Nothing is lost: two events
    share a number exactly when they share the pseudonym, and whatever is ordered by pseudonym
    comes out in the same order.

    Raises:
        ValueError: a value is not 16 digits 0-9 and a-f.
    """
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    filled = pc.fill_null(texts, "0" * 16) if texts.null_count else texts
    words = _hex_words(filled, 16, checked=True)
    if words is None:
        raise ValueError("a pseudonym is not 16 digits 0-9 and a-f")
    numbers = (words ^ np.uint64(1 << 63)).view(np.int64)
    mask = texts.is_null().to_numpy(zero_copy_only=False) if texts.null_count else None
    return pa.array(numbers, pa.int64(), mask=mask)


def by_layout(names: list[str]) -> tuple[list[str], list[str]]:
    """Event files split by layout: those of FILE_SCHEMA, and those an older wi3 wrote, which
    hold their events' month in the name of their `month=` folder and their pseudonyms as
    texts.

    A reader with hive partitioning reads each group on its own and joins the two: the two
    layouts in one read disagree on the partition columns.
    """
    marker = f"{os.sep}month="
    older = [name for name in names if marker in name]
    if not older:
        return names, []
    return [name for name in names if marker not in name], older


def read_events(con: duckdb.DuckDBPyConnection, names: list[str]) -> duckdb.DuckDBPyRelation:
    """The events of the files `names` (at least one) as one DuckDB relation, in the columns of
    FILE_SCHEMA and the `initiative` their folder names.

    Files an older wi3 wrote (`by_layout`) are read on their own, with their pseudonyms turned
    into numbers as `pseudonym_numbers` does and their month folder's name into `month_index`,
    and joined to the others.
    """
    # largest first: DuckDB estimates a scan's rows from its first file, and a small import's
    # file first made it plan every join as if the events were a few thousand (1.3 times the CPU)
    newer, older = (sorted(g, key=os.path.getsize, reverse=True) for g in by_layout(names))
    columns = [*FILE_SCHEMA.names, "initiative"]
    parts = []
    if newer:
        parts.append(con.read_parquet(newer, hive_partitioning=True).select(", ".join(columns)))
    if older:
        converted = older_columns("duckdb", columns)
        parts.append(con.read_parquet(older, hive_partitioning=True).select(", ".join(converted)))
    return parts[0] if len(parts) == 1 else parts[0].union(parts[1])


_OLDER_COLUMNS = {
    "duckdb": {
        **{c: f"(('0x' || {c})::UBIGINT::HUGEINT - {1 << 63})::BIGINT" for c in PSEUDONYMS},
        "month_index": "(left(month, 4)::INTEGER * 12 + right(month, 2)::INTEGER - 1)",
    },
    "spark": {
        **{
            c: f"CAST(CAST(conv({c}, 16, 10) AS DECIMAL(20, 0)) - {1 << 63} AS BIGINT)"
            for c in PSEUDONYMS
        },
        "month_index": "CAST(substring(month, 1, 4) AS INT) * 12 "
        "+ CAST(substring(month, 6, 2) AS INT) - 1",
    },
}


def older_columns(dialect: Literal["duckdb", "spark"], columns: list[str]) -> list[str]:
    """SQL expressions, in the `dialect` of DuckDB or Spark, that read `columns` (of
    FILE_SCHEMA, and the partition columns) from the files an older wi3 wrote (`by_layout`):
    their pseudonyms as `pseudonym_numbers` gives them, and `month_index` from the name of
    their `month=` folder."""
    converted = _OLDER_COLUMNS[dialect]
    return [f"{converted[c]} AS {c}" if c in converted else c for c in columns]


def _id_keys(ids: pa.Array) -> np.ndarray | None:
    """A 64-bit key per event id as `event_id` makes them (24 hex digits): the number its first
    16 digits write; None when an id has another length.

    Equal ids give equal keys, so keys that are all different show ids that are all different;
    two different ids share a key once in 2^64 pairs, and then the import is checked by DuckDB.
    """
    return None if ids.null_count else _hex_words(ids, ID_LENGTH, checked=False)


def _hex_words(texts: pa.Array, length: int, checked: bool) -> np.ndarray | None:
    """The number the first 16 hex digits of each text write, when every text is `length`
    characters long (and, if `checked`, only digits 0-9 and a-f); None otherwise.

    Read straight from the Arrow array's bytes, about 10 ns a text: an import reads millions.
    """
    n = len(texts)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    _validity, offsets_buffer, data = texts.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32, count=n + 1, offset=texts.offset * 4)
    if (np.diff(offsets) != length).any():
        return None
    digits = np.frombuffer(data, dtype=np.uint8, count=n * length, offset=int(offsets[0]))
    digits = digits.reshape(n, length)[:, :16]
    if (
        checked
        and not (((digits >= 48) & (digits <= 57)) | ((digits >= 97) & (digits <= 102))).all()
    ):
        return None
    nibbles = (digits & 0x0F) + 9 * (digits >> 6)  # '0'-'9' → 0-9, 'a'-'f' → 10-15
    packed = np.ascontiguousarray((nibbles[:, 0::2] << 4) | nibbles[:, 1::2])
    return packed.view(">u8").ravel().astype(np.uint64)


def _rewrite(path: Path, keep: np.ndarray) -> None:
    """Write the Parquet file at `path` again with only the rows `keep` marks, a row group at
    a time: a file can hold millions of events."""
    source = pq.ParquetFile(path)
    aside = path.with_suffix(".tmp")
    start = 0
    with _event_file(aside) as out:
        for group in range(source.num_row_groups):
            table = source.read_row_group(group)
            out.write_table(table.filter(pa.array(keep[start : start + table.num_rows])))
            start += table.num_rows
    source.close()
    os.replace(aside, path)


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
    try:
        fcntl.flock(fh, fcntl.LOCK_EX)
        os.replace(hidden, path)
    except BaseException:
        fh.close()
        hidden.unlink(missing_ok=True)
        raise
    return fh


def _sync_folder(folder: Path) -> None:
    """Make a folder's entries (files created, renamed or removed in it) durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
