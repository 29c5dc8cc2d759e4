"""The metric cache: figures kept per initiative, each recomputed only when its own data change.

A result (the metrics of one period and view, or the activity) is kept in one JSON file under
`events/_metrics/`, one entry per initiative with a fingerprint of what that initiative's
figures were computed from: its event files, its kind, audience, scope and evidence windows,
and the settings. An import into one initiative changes that initiative's fingerprint only, so
the next run reads that initiative's events alone.

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

Parts = dict[str, list[Any]]
"""Per initiative, its JSON-ready results."""


@dataclass(frozen=True)
class Key:
    """What a cached result was computed from: shared by all initiatives, and per initiative."""

    shared: str
    directory: dict[str, Any]
    parts: dict[str, str]


def fingerprint(*parts: object) -> str:
    """A short digest of JSON-able parts."""
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:24]


def file_stats(store: EventStore, paths: Iterable[Path]) -> list[tuple[str, int, int]]:
    """(path in the store, size, modification time) of each file that exists."""
    found = []
    for path in paths:
        if path.exists():
            stat = path.stat()
            found.append((str(path.relative_to(store.root)), stat.st_size, stat.st_mtime_ns))
    return found


def files_by_initiative(store: EventStore, org: str) -> dict[str, list[Path]]:
    """The organisation's published event files, per initiative (from the partition folder)."""
    base = store.partition(org)
    found: dict[str, list[Path]] = {}
    for path in store.files(org):
        folder = path.relative_to(base).parts[0]
        found.setdefault(folder.removeprefix("initiative="), []).append(path)
    return found


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
    make: Callable[[frozenset[str] | None], Parts],
    merge: Callable[[list[Any], list[Any]], list[Any]] | None = None,
) -> Parts:
    """Per initiative, the results kept at `path` where they still hold, the others made anew.

    `make(reading)` computes the results of the initiatives in `reading` (None: all). Whatever
    it gives for an initiative outside `reading` is combined with that initiative's kept results
    by `merge(kept, new)` (parallel initiatives: see `MetricInputs.reading`).
    """
    stored: dict[str, Any] | None = None
    if path.exists():
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:  # a file another version or a full disk left unreadable
            stored = None
    entries: dict[str, Any] = {}
    if (
        stored is not None
        and stored.get("shared") == key.shared
        and _directory_holds(stored.get("directory"), key.directory)
    ):
        entries = stored.get("parts", {})
    stale = {p for p, fp in key.parts.items() if entries.get(p, {}).get("fingerprint") != fp}
    if not stale and stored is not None and set(entries) == set(key.parts):
        if stored_directory(path) != key.directory:  # new digests for unchanged figures
            _write_json(_directory_path(path), key.directory)
        return {p: entries[p]["values"] for p in key.parts}
    reading = None if stale == set(key.parts) else frozenset(stale)
    logger.info(
        "computing %s for %s",
        path.stem,
        "every initiative" if reading is None else ", ".join(sorted(reading)),
    )
    made = make(reading)
    results: Parts = {}
    for part in key.parts:
        if part in stale:
            results[part] = made.get(part, [])
        elif merge is not None and part in made:
            results[part] = merge(entries[part]["values"], made[part])
        else:
            results[part] = entries[part]["values"]
    _write(path, key, results)
    return results


def _write(path: Path, key: Key, results: Parts) -> None:
    document = {
        "shared": key.shared,
        "directory": key.directory,
        "parts": {p: {"fingerprint": key.parts[p], "values": v} for p, v in results.items()},
    }
    _write_json(path, document)
    _write_json(_directory_path(path), key.directory)


def _write_json(path: Path, document: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # a name of its own: two processes may compute the same figures at once
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(json.dumps(document), encoding="utf-8")
    tmp.replace(path)


def _directory_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.directory.json")


def stored_directory(path: Path) -> dict[str, Any] | None:
    """The directory state kept beside the result at `path` (a small file of its own, so that
    it is read without the result), to save recomputing its digests."""
    try:
        found = json.loads(_directory_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None
