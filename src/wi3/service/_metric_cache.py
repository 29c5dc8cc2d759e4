"""The metric cache: figures kept per initiative, each recomputed only when its own data change.

A result (the metrics of one period and view, or the activity) is kept in one Arrow IPC file
under `events/_metrics/`, a table whose `part` column names the initiative of each row, with
what each initiative's rows were computed from in its metadata: a fingerprint of that
initiative's event files, its kind, audience, scope and evidence windows, and the settings. An
import into one initiative changes that initiative's fingerprint only, so the next run reads that
initiative's events alone, and the file is written again with its rows replaced. Reading it back
maps the file: a diagnosis turns into Python objects only the rows it looks at.

Whole recomputation is needed only when something every initiative depends on changes (`Key`):

- `shared`: the settings, and every initiative's kind and platform (parallel initiatives count
  the tools of all initiatives of a kind);
- the people directory: a change to anyone in it (eligibility, units, levels) or to an account
  or person the figures were computed with. An import that only adds accounts and the people
  made for them leaves the others alone: their events cannot hold accounts that did not exist.

Why not per period: a figure of one period reads the ones before it (a person's first period
for newcomers and retention, the two periods before for lost regulars, the items made since
the start for freshness), so an initiative's later periods are recomputed from all of its
events anyway; the events of one initiative are the unit of reading.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from wi3.events import EventStore

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Key:
    """What a cached result was computed from: shared by all initiatives, and per initiative."""

    shared: str
    directory: dict[str, Any]
    parts: dict[str, str]


def fingerprint(*parts: object) -> str:
    """A short digest of JSON-able parts."""
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:24]


FileStat = tuple[str, int, int]
"""A file as a kept result's fingerprint reads it: (path in the store, size, modification time)."""


def file_stats(store: EventStore, paths: Iterable[str | Path]) -> list[FileStat]:
    """The `FileStat` of each file that exists."""
    found = []
    root = len(str(store.root)) + 1
    for path in paths:
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            continue
        found.append((str(path)[root:], stat.st_size, stat.st_mtime_ns))
    return found


EventFiles = dict[str, list[FileStat]]
"""An organisation's published event files per initiative (`event_files`)."""


def event_files(store: EventStore, org: str) -> EventFiles:
    """The organisation's published event files, per initiative (from the partition folder).

    One walk of its partitions (tens of thousands of files in a large organisation):
    a caller that reads several kept results lists the files once and passes them on.
    """
    base = len(str(store.partition(org))) + 1
    found: dict[str, list[str]] = {}
    for name in store.file_names(org):
        folder = name[base:].split(os.sep, 1)[0]
        found.setdefault(folder.removeprefix("initiative="), []).append(name)
    return {slug: file_stats(store, names) for slug, names in found.items()}


def directory_state(store: EventStore, org: str, known: dict[str, Any] | None) -> dict[str, Any]:
    """What the metrics read of the people directory and accounts, in a form that tells whether
    a later directory still gives every cached figure: a digest of the directory's own people
    (`core`) and a digest per account and per person made from an account (`rows`).

    `known`, the state stored with a cached result, is returned as it is when the two files have
    not changed since (the digests are only computed when they have).
    """
    files = [store.people_file(org), store.accounts_file(org)]
    stats = [list(s) for s in file_stats(store, files)]
    if known is not None and known.get("files") == stats:
        return known
    core = hashlib.sha256()
    rows: list[str] = []
    people, accounts = (pq.read_table(p) if p.exists() else None for p in files)
    if people is not None:
        people = people.sort_by("person")
        listed = people["in_directory"].to_pylist()
        for text, in_directory in zip(_row_texts(people), listed, strict=True):
            if in_directory:
                core.update(text.encode())
            else:
                rows.append(_row_digest(text))
    if accounts is not None:
        rows.extend(_row_digest(text) for text in _row_texts(accounts))
    return {"files": stats, "core": core.hexdigest()[:24], "rows": sorted(rows)}


def _row_texts(table: pa.Table) -> list[str]:
    """Each row as one string of its values (columns by name; a null is a NUL character)."""
    columns = [
        pc.fill_null(pc.cast(table[name], pa.string()), "\x00")
        for name in sorted(table.column_names)
    ]
    texts: list[str] = pc.binary_join_element_wise(*columns, "\x1f").to_pylist()
    return texts


def _row_digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def _directory_holds(before: dict[str, Any] | None, now: dict[str, Any]) -> bool:
    """Whether figures computed with the directory `before` still hold with `now`: the same
    directory people, and every account and account-made person unchanged (more may exist)."""
    if before is None or before.get("core") != now["core"]:
        return False
    return set(before.get("rows", ())).issubset(now["rows"])


def cached(
    path: Path,
    key: Key,
    make: Callable[[frozenset[str] | None], pa.Table],
    merge: Callable[[pa.Table, pa.Table], pa.Table] | None = None,
) -> pa.Table:
    """The result kept at `path` where it still holds, the parts (initiatives) that changed made
    anew: one table whose `part` column says which part each row belongs to.

    `make(reading)` computes the rows of the initiatives in `reading` (None: all), in the
    result's schema. Rows it gives for a part outside `reading` are combined with that part's
    kept rows by `merge(kept, new)` (parallel initiatives: see `MetricInputs.reading`).
    """
    stored = read_cached(path)
    entries: dict[str, str] = {}
    if (
        stored is not None
        and stored.about.get("shared") == key.shared
        and _directory_holds(stored.about.get("directory"), key.directory)
    ):
        entries = stored.about.get("parts", {})
    stale = {p for p, fp in key.parts.items() if entries.get(p) != fp}
    if stored is not None and not stale and set(entries) == set(key.parts):
        if stored.about.get("directory") != key.directory:  # new digests, the same figures
            _write(path, key, stored.table)
        return stored.table
    reading = None if stale == set(key.parts) else frozenset(stale)
    logger.info(
        "computing %s for %s",
        path.stem,
        "every initiative" if reading is None else ", ".join(sorted(reading)),
    )
    made = make(reading)
    pieces = [_parts(made, stale)]
    if stored is not None and reading is not None:
        kept = set(key.parts) - stale
        touched = kept & set(made["part"].unique().to_pylist()) if merge is not None else set()
        if touched:
            assert merge is not None
            pieces.append(merge(_parts(stored.table, touched), _parts(made, touched)))
        pieces.append(_parts(stored.table, kept - touched))
    result = pa.concat_tables([p.cast(made.schema) for p in pieces])
    _write(path, key, result)
    return result


def _parts(table: pa.Table, parts: set[str]) -> pa.Table:
    return table.filter(pc.is_in(table["part"], value_set=pa.array(sorted(parts), pa.string())))


@dataclass(frozen=True)
class Kept:
    """A result as kept: its rows, and what they were computed from (`Key`, as JSON data)."""

    table: pa.Table
    about: dict[str, Any]


ABOUT = b"wi3.metric_cache"
"""The key, in a kept result's schema metadata, of what it was computed from."""


def read_cached(path: Path) -> Kept | None:
    """The result kept at `path`; None when there is none or it cannot be read (a file another
    version or a full disk left).

    An Arrow IPC file, mapped rather than read: no row becomes a Python object until asked for.
    """
    try:
        with pa.memory_map(str(path)) as source:
            table = pa.ipc.open_file(source).read_all()
        about = json.loads((table.schema.metadata or {})[ABOUT])
    except (OSError, pa.ArrowInvalid, KeyError, ValueError):
        return None
    return Kept(table.replace_schema_metadata(None), about) if isinstance(about, dict) else None


def _write(path: Path, key: Key, table: pa.Table) -> None:
    about = {"shared": key.shared, "directory": key.directory, "parts": key.parts}
    table = table.replace_schema_metadata({ABOUT: json.dumps(about)})
    path.parent.mkdir(parents=True, exist_ok=True)
    # a name of its own: two processes may compute the same figures at once
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    with pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    tmp.replace(path)


def stored_directory(path: Path) -> dict[str, Any] | None:
    """The directory state kept with the result at `path` (read from its schema alone, without
    the rows), to save recomputing its digests."""
    try:
        with pa.memory_map(str(path)) as source:
            metadata = pa.ipc.open_file(source).schema.metadata or {}
        found = json.loads(metadata[ABOUT]).get("directory")
    except (OSError, pa.ArrowInvalid, KeyError, ValueError, AttributeError):
        return None
    return found if isinstance(found, dict) else None
