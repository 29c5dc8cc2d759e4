"""The event store: a Parquet dataset of pseudonymised events, one partition per month.

Layout, under the workspace's `events/` folder (hive-style, so DuckDB and Spark read the
partition columns back):

    org=<org>/initiative=<initiative>/month=<YYYY-MM>/part-<import>-<n>.parquet
    _directory/org=<org>/people.parquet, accounts.parquet
                                 the organisation's people directory, by pseudonym
    _staging/<import>/...        events of an import being written (invisible to readers)
    _journal/<import>.json       the files an import is moving into place

Only this module knows that layout: readers ask the store for an organisation's files (`files`,
`people_file`, `accounts_file`) or folder (`partition`) and hand them to DuckDB or Spark as
values, never pasted into SQL, so a workspace folder may have any name.

One import of one file is atomic. Its events are first written aside, in `_staging`; then
DuckDB drops the events whose id is already in the initiative's partitions (and repeats within
the file), writing the rest as final files, still aside; a journal listing those files is
written and synced; only then are the files renamed into place, and the journal removed.
Whoever opens the store next finishes a journal left by a killed process (every file is still
in staging or already in place) and deletes staging folders without a journal. A reader
therefore sees all of an import's events or none, and importing a file again adds nothing.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

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
class Committed:
    """What an import added."""

    written: int
    added: int

    @property
    def duplicates(self) -> int:
        return self.written - self.added


class EventStore:
    """The Parquet event store of one workspace."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._staging = root / "_staging"
        self._journal = root / "_journal"
        for folder in (root, self._staging, self._journal):
            folder.mkdir(parents=True, exist_ok=True)
        with self._locked():
            self._recover()

    def organisations(self) -> list[str]:
        """The organisations that have committed events, by slug."""
        return sorted(p.name.removeprefix("org=") for p in self.root.glob("org=*") if p.is_dir())

    def partition(self, org: str, initiative: str | None = None) -> Path:
        """The folder of an organisation's (or one initiative's) events."""
        path = self.root / f"org={org}"
        return path / f"initiative={initiative}" if initiative else path

    def files(self, org: str, initiative: str | None = None) -> list[Path]:
        """Every committed event file of an organisation or initiative."""
        base = self.partition(org, initiative)
        return sorted(base.rglob("*.parquet")) if base.exists() else []

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

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """An exclusive lock on the store for the commit phase of an import."""
        with (self.root / ".lock").open("a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _recover(self) -> None:
        """Finish imports whose journal was written, and drop staging without a journal."""
        for journal in sorted(self._journal.glob("*.json")):
            moves = json.loads(journal.read_text(encoding="utf-8"))
            for source, target in moves:
                if Path(source).exists():
                    Path(target).parent.mkdir(parents=True, exist_ok=True)
                    os.replace(source, target)
            logger.warning("finished an interrupted import (%s)", journal.stem)
            shutil.rmtree(self._staging / journal.stem, ignore_errors=True)
            journal.unlink()
        for folder in self._staging.iterdir():
            if not (self._journal / f"{folder.name}.json").exists():
                logger.info("removed the staging of an unfinished import (%s)", folder.name)
                shutil.rmtree(folder, ignore_errors=True)

    def writer(self, org: str, initiative: str) -> ImportWriter:
        """A writer for one import into an initiative's partition."""
        return ImportWriter(self, org, initiative)


class ImportWriter:
    """Writes one import's events aside, then commits them all at once (or discards them)."""

    def __init__(self, store: EventStore, org: str, initiative: str) -> None:
        self.store = store
        self.org = org
        self.initiative = initiative
        self.id = uuid.uuid4().hex[:16]
        self.folder = store._staging / self.id
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
            folder / f"part-{self.id}-{self._n}.parquet",
            compression="zstd",
        )
        self._n += 1
        self.written += table.num_rows

    def commit(self) -> Committed:
        """Add the staged events that are new to the initiative, atomically.

        Raises:
            WorkspaceError: when the store cannot be written (disk full, permissions).
        """
        self._flush()
        if self.written == 0:
            self.discard()
            return Committed(0, 0)
        final = self.folder / "final"
        try:
            with self.store._locked():
                fresh = not self.store.files(self.org, self.initiative)
                if fresh and not any(self._chunks.iterdir()):
                    final = self._batches
                    added = self.written
                else:
                    added = self._dedupe(final)
                moves = [
                    (
                        str(path),
                        str(
                            self.store.partition(self.org, self.initiative)
                            / path.relative_to(final)
                        ),
                    )
                    for path in sorted(final.rglob("*.parquet"))
                ]
                journal = self.store._journal / f"{self.id}.json"
                tmp = journal.with_suffix(".tmp")
                with tmp.open("w", encoding="utf-8") as fh:
                    json.dump(moves, fh)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, journal)
                for source, target in moves:
                    Path(target).parent.mkdir(parents=True, exist_ok=True)
                    os.replace(source, target)
                journal.unlink()
        except (OSError, duckdb.Error) as exc:
            raise WorkspaceError(
                f"cannot write the event store at {self.store.root}: {exc}. Nothing of this "
                "import was added; free disk space or fix the folder's permissions, then "
                "import again."
            ) from exc
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
        return Committed(self.written, added)

    def _dedupe(self, final: Path) -> int:
        """Write the events new to the initiative into `final`, one file per month."""
        existing = self.store.files(self.org, self.initiative)
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
                filename_pattern=f"part-{self.id}-{{i}}",
            )
        finally:
            con.close()
        return sum(pq.ParquetFile(p).metadata.num_rows for p in final.rglob("*.parquet"))

    def discard(self) -> None:
        """Throw the staged events away; nothing of this import becomes visible."""
        shutil.rmtree(self.folder, ignore_errors=True)
