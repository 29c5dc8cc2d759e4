"""Any CSV, TSV or JSONL export, read through a YAML mapping that says which column is what.

For platforms without a connector of their own: Gitter room archives, Teams or SharePoint
audit-log exports, a spreadsheet of forum posts. (The module is not called `csv.py` because that
would shadow the standard library's csv module.) A mapping, validated with pydantic:

    format: tsv                  # csv | tsv | jsonl
    platform: Gitter             # optional: the platform, for initiatives wi3 ingest registers
    header: false                # csv/tsv: whether line 1 names the columns (default true)
    columns: [room_id, sent_at]  # the column names, required when header is false
    encoding: utf-8              # default utf-8; a byte-order mark is dropped
    delimiter: ";"               # optional: overrides "," (csv) or tab (tsv)
    files: "*.tsv.gz"            # optional: which files of a folder to read
    native_id: message_id        # a column, or a list of columns hashed together
    ts: sent_at
    ts_format: iso8601           # iso8601 | epoch_s | epoch_ms | a strptime pattern
    ts_origin: 2003-10-01T00:00:00Z  # optional: epoch_s/_ms count from here, not from 1970
    actor: from_userid
    container: {from: filename}  # a column name, {value: constant} or {from: filename}
    item: message_id             # optional (default: the native id); same forms as container
    parent: reply_to             # optional
    target: reply_to_user        # optional
    kind: {value: create}        # or {column: Operation, values: {FileModified: edit, ...},
                                 #     default: view}
    via: {value: person}         # optional, same forms as kind (default person)
    size_of: text                # optional: the column whose length is the size (never kept)
    accounts: {key: from_userid, aliases: [from_username]}   # optional: yield Accounts

A path is one file or a folder: then every file whose name ends in the format's extension
(.csv, .tsv/.tab, .jsonl/.ndjson), optionally compressed (.gz, .bz2, .xz), or matches `files`.
In JSONL, columns are the top-level keys of each object; keys absent from a record read as
empty, except that the keys for native_id, ts, actor and column-based container and kind must
be in the first record.

Rows whose kind column holds a value the `values` map does not list (and no `default`) are
read but give no event: audit logs hold many operations a mapping rightly leaves out. They are
counted and the most common ones logged.
"""

from __future__ import annotations

import codecs
import csv
import fnmatch
import hashlib
import io
import json
import logging
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any, cast

from wi3.connectors._column_mapping import Mapping, Source, ViaSpec, load_mapping
from wi3.connectors._files import DECOMPRESSION_ERRORS, open_binary
from wi3.errors import ExportError, listing
from wi3.events import KINDS, VIAS, Account, Event, Kind, Record, Tally, Via, utc

logger = logging.getLogger(__name__)

NOUN = "rows"
DESCRIPTION = "any CSV, TSV or JSONL export read through a YAML column mapping (Gitter, audit logs)"

_EXTENSIONS = {"csv": (".csv",), "tsv": (".tsv", ".tab"), "jsonl": (".jsonl", ".ndjson")}
_COMPRESSED = (".gz", ".bz2", ".xz")
_BROKEN_STREAM: tuple[type[Exception], ...] = (*DECOMPRESSION_ERRORS, zlib.error)


def read(path: Path, tally: Tally, mapping: Path) -> Iterator[Record]:
    """Yield the events (and Accounts, if mapped) of a CSV/TSV/JSONL file or folder of files.

    Each row becomes at most one event, with the fields the mapping names. native_id is the
    column's value, or the first 24 hex digits of a BLAKE2b hash of the listed columns' values
    (stable, and safe when those hold names or addresses). Skipped rows: no id, actor or
    container ("without id", …), an empty or unparseable timestamp, too few fields, malformed
    JSON.

    Raises:
        InputError: when the mapping is invalid.
        ExportError: when a file is missing, empty, damaged or not in the declared encoding,
            or lacks a column the mapping names (the message lists the columns it has).
    """
    spec = load_mapping(mapping)
    files = _files(path, spec)
    accounts: set[str] = set()
    for file in files:
        yield from _read_file(
            file, spec, mapping.name, len(files) > 1 or path.is_dir(), accounts, tally
        )


def _files(path: Path, spec: Mapping) -> list[Path]:
    """The files to read: `path` itself, or the matching files under the folder `path`."""
    if not path.is_dir():
        return [path]  # open_binary reports a missing or empty file
    extensions = _EXTENSIONS[spec.format]
    found = []
    for file in sorted(path.rglob("*")):
        if not file.is_file():
            continue
        if spec.files is not None:
            wanted = fnmatch.fnmatch(file.name, spec.files)
        else:
            wanted = _strip_compression(file.name).lower().endswith(extensions)
        if wanted:
            found.append(file)
    if not found:
        pattern = spec.files or " or ".join(f"*{e}[.gz]" for e in extensions)
        raise ExportError(
            f"cannot read {path}: no files matching {pattern} in this folder. "
            "Check the path, or set `files:` in the mapping."
        )
    return found


def _strip_compression(name: str) -> str:
    for suffix in _COMPRESSED:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def _stem(file: Path) -> str:
    """The file name without compression and format extensions: `Aarhus.tsv.gz` → `Aarhus`."""
    name = _strip_compression(file.name)
    return name.rsplit(".", 1)[0] if "." in name else name


def _read_file(
    file: Path,
    spec: Mapping,
    mapping_name: str,
    in_folder: bool,
    accounts: set[str],
    tally: Tally,
) -> Iterator[Record]:
    """The events of one file, with decoding and decompression errors turned into ExportError."""
    if in_folder and file.stat().st_size == 0:
        logger.warning("%s is empty; left out", file)
        return
    unmapped: Counter[str] = Counter()
    position: Callable[[], int] = lambda: 0  # noqa: E731 - replaced once the rows are open
    with open_binary(file) as raw, _decoded(raw, spec.encoding) as text:
        try:
            if spec.format == "jsonl":
                plan, rows, position = _jsonl_rows(text, file, spec, mapping_name, tally)
            else:
                plan, rows, position = _csv_rows(text, file, spec, mapping_name, in_folder, tally)
            yield from _events(rows, position, plan, file, accounts, unmapped, tally)
        except UnicodeDecodeError as exc:
            raise ExportError(
                f"cannot read {file}: it is not {spec.encoding} text ({exc.reason}, "
                f"{_after(position())}). Set `encoding:` in mapping {mapping_name} to the file's "
                "encoding (e.g. cp1252, utf-16)."
            ) from exc
        except csv.Error as exc:
            raise ExportError(
                key="error.malformed_export_line" if position() else "error.malformed_export_start",
                path=file,
                format=spec.format.upper(),
                line=position(),
                reason=str(exc),
            ) from exc
        except _BROKEN_STREAM as exc:
            raise ExportError(
                f"cannot read {file}: the file breaks off {_after(position())} ({exc}). It "
                "is truncated or damaged; download or export it again."
            ) from exc
    if unmapped:
        shown = ", ".join(f"{v!r} ×{n}" for v, n in unmapped.most_common(5))
        logger.info(
            "%s: %d rows of kinds the mapping leaves out (%s)",
            file.name,
            sum(unmapped.values()),
            shown,
        )


def _after(line: int) -> str:
    """Where reading stopped, for messages: 'after line 12', or 'in its first lines'."""
    return f"after line {line}" if line else "in its first lines"


def _decoded(raw: IO[bytes], encoding: str) -> io.TextIOWrapper:
    """Text of `raw`, newlines left for csv, a UTF-8 byte-order mark dropped."""
    if codecs.lookup(encoding).name == "utf-8":
        encoding = "utf-8-sig"
    return io.TextIOWrapper(raw, encoding=encoding, newline="")


class _Plan:
    """Where each Event field of a row is: an index into the row's values, or a constant.

    Built per file once the file's columns are known, so that the per-row work is plain
    list indexing. An index of -1 means "use the constant"; for item, -2 means "the native id".
    """

    def __init__(self, spec: Mapping, index: Callable[[str], int], file: Path) -> None:
        stem = _stem(file)

        def source(s: Source | None, fallback: int = -1) -> tuple[int, str]:
            if s is None:
                return fallback, ""
            if s.column is not None:
                return index(s.column), ""
            return -1, s.value if s.value is not None else stem

        ids = [spec.native_id] if isinstance(spec.native_id, str) else spec.native_id
        self.ids = [index(c) for c in ids]
        self.hash_ids = isinstance(spec.native_id, list)
        self.ts = index(spec.ts)
        self.parse_ts = _ts_parser(spec.ts_format, spec.ts_origin)
        self.actor = source(spec.actor)
        self.container = source(spec.container)
        self.item = source(spec.item, fallback=-2)
        self.parent = source(spec.parent)
        self.target = source(spec.target)
        self.size = index(spec.size_of) if spec.size_of is not None else -1
        kind, via = spec.kind, spec.via or ViaSpec(value="person")
        self.kind = index(kind.column) if kind.column is not None else -1
        self.kind_value = cast(Kind, kind.value or "create")
        self.kind_map = cast(dict[str, Kind] | None, kind.values)
        self.kind_default = cast(Kind | None, kind.default)
        self.via = index(via.column) if via.column is not None else -1
        self.via_value = cast(Via, via.value or "person")
        self.via_map = cast(dict[str, Via] | None, via.values)
        self.via_default = cast(Via, via.default or "person")
        accounts = spec.accounts
        self.account = index(accounts.key) if accounts is not None else -1
        self.aliases = [index(c) for c in accounts.aliases] if accounts is not None else []


_Rows = tuple[_Plan, Iterator[list[str]], Callable[[], int]]
_CsvReader = Any
"""csv.reader's object, which the csv module does not name."""


def _csv_rows(
    text: IO[str], file: Path, spec: Mapping, mapping_name: str, in_folder: bool, tally: Tally
) -> _Rows:
    """The plan of a CSV/TSV file (after checking its columns), its rows, and the line reached."""
    delimiter = spec.delimiter or ("\t" if spec.format == "tsv" else ",")
    reader = csv.reader(text, delimiter=delimiter)
    position = lambda: reader.line_num  # noqa: E731 - the line where the last row ended
    if spec.header:
        header = next(reader, None)
        if header is None:
            if in_folder:
                logger.warning("%s has no header line; left out", file)
                return _Plan(spec, lambda _: 0, file), iter(()), position
            raise ExportError(
                f"cannot read {file}: it holds no lines, not even a header. Export it again."
            )
        columns = header
        described = f"header line 1: {listing(header)}"
    else:
        columns = spec.columns or []
        described = f"no header; columns from the mapping: {listing(columns)}"
    positions = {c: i for i, c in enumerate(columns)}
    missing = list(dict.fromkeys(c for c in spec.named_columns().values() if c not in positions))
    if missing:
        raise ExportError(
            f"cannot read {file}: mapping {mapping_name} names the column"
            f"{'s' if len(missing) > 1 else ''} {', '.join(missing)}, which the "
            f"file does not have ({described}). Fix the column names in the mapping."
        )
    return _Plan(spec, positions.__getitem__, file), _within_limit(reader, file, tally), position


def _within_limit(reader: _CsvReader, file: Path, tally: Tally) -> Iterator[list[str]]:
    """The rows of `reader`; a row with a field over the csv module's limit is skipped.

    The reader drops the rest of that line and goes on with the next, so one runaway field (an
    unclosed quote, a pasted document) costs one record, not the file.
    """
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" not in str(exc):
                raise
            limit = csv.field_size_limit()
            tally.skip(f"{file.name}:{reader.line_num}", f"field longer than {limit:,} characters")
            continue
        yield row


def _jsonl_rows(text: IO[str], file: Path, spec: Mapping, mapping_name: str, tally: Tally) -> _Rows:
    """The plan of a JSONL file, the values of the mapped keys per line, and the line reached."""
    needed = list(dict.fromkeys(spec.named_columns().values()))
    positions = {c: i for i, c in enumerate(needed)}
    reached = [0]

    def rows() -> Iterator[list[str]]:
        checked = False
        for lineno, raw in enumerate(text, 1):
            reached[0] = lineno
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except ValueError:
                tally.skip(f"{file.name}:{lineno}", "malformed JSON")
                continue
            except RecursionError:
                tally.skip(f"{file.name}:{lineno}", "JSON nested too deep")
                continue
            if not isinstance(record, dict):
                tally.skip(f"{file.name}:{lineno}", "not a JSON object")
                continue
            if not checked:
                missing = [c for c in spec.required_columns() if c not in record]
                if missing:
                    raise ExportError(
                        f"cannot read {file}: mapping {mapping_name} names the key"
                        f"{'s' if len(missing) > 1 else ''} {', '.join(missing)}, which the "
                        f"first record (line {lineno}) does not have (it has: "
                        f"{listing(record)}). Fix the key names in the mapping."
                    )
                checked = True
            yield [_text(record.get(c)) for c in needed]

    return _Plan(spec, positions.__getitem__, file), rows(), lambda: reached[0]


def _text(value: object) -> str:
    """A JSON value as the text a CSV cell would hold."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _events(
    rows: Iterator[list[str]],
    position: Callable[[], int],
    plan: _Plan,
    file: Path,
    accounts: set[str],
    unmapped: Counter[str],
    tally: Tally,
) -> Iterator[Record]:
    """The Account (when its key is new) and the Event of each row; skips go to the tally.

    The hot loop of the connector: the plan is unpacked into locals once, and each row costs
    a few list lookups, one timestamp parse and the Event itself.
    """
    name = file.name
    ids, hash_ids, ts_at, parse_ts = plan.ids, plan.hash_ids, plan.ts, plan.parse_ts
    id_at = ids[0]
    (actor_at, actor_c), (cont_at, cont_c) = plan.actor, plan.container
    (item_at, item_c), (parent_at, parent_c), (target_at, target_c) = (
        plan.item,
        plan.parent,
        plan.target,
    )
    size_at, kind_at, via_at, key_at, alias_at = (
        plan.size,
        plan.kind,
        plan.via,
        plan.account,
        plan.aliases,
    )
    kind_value, kind_map, kind_default = plan.kind_value, plan.kind_map, plan.kind_default
    via_value, via_map, via_default = plan.via_value, plan.via_map, plan.via_default
    record, skip = tally.record, tally.skip
    for row in rows:
        try:
            if hash_ids:
                parts = [row[i] for i in ids]
                native_id = _digest(parts) if any(parts) else ""
            else:
                native_id = row[id_at]
            stamp = row[ts_at].strip()
            actor = row[actor_at] if actor_at >= 0 else actor_c
            container = row[cont_at] if cont_at >= 0 else cont_c
            item = row[item_at] if item_at >= 0 else native_id if item_at == -2 else item_c
            parent = row[parent_at] if parent_at >= 0 else parent_c
            target = row[target_at] if target_at >= 0 else target_c
            size = len(row[size_at]) if size_at >= 0 else 0
            kind_text = row[kind_at] if kind_at >= 0 else ""
            via_text = row[via_at] if via_at >= 0 else ""
            key = row[key_at] if key_at >= 0 else ""
        except IndexError:
            skip(f"{name}:{position()}", "too few fields")
            continue
        if not (native_id and stamp and actor and container):
            skip(
                f"{name}:{position()}",
                "without id"
                if not native_id
                else "without timestamp"
                if not stamp
                else "without actor"
                if not actor
                else "without container",
            )
            continue
        try:
            ts = parse_ts(stamp)
        except (ValueError, OverflowError, OSError):
            skip(f"{name}:{position()}", "unparseable timestamp")
            continue
        kind: Kind | None
        if kind_at < 0:
            kind = kind_value
        elif kind_map is not None:
            kind = kind_map.get(kind_text, kind_default)
            if kind is None:  # an operation the mapping leaves out: read, but no event
                unmapped[kind_text] += 1
                record()
                continue
        elif kind_text in KINDS:
            kind = kind_text
        else:
            skip(f"{name}:{position()}", "not an event kind")
            continue
        via: Via
        if via_at < 0:
            via = via_value
        elif via_map is not None:
            via = via_map.get(via_text, via_default)
        else:
            via = via_text if via_text in VIAS else via_default
        record()
        if key and key not in accounts:
            accounts.add(key)
            aliases = tuple(dict.fromkeys(a for a in (row[i] for i in alias_at) if a))
            yield Account(key=key, aliases=aliases, bot=via == "bot")
        # Positional arguments: a third faster than keywords in this loop (the field order is
        # pinned by test_event_field_order in tests/connectors/test_csv_rows.py).
        yield Event(
            native_id,
            ts,
            kind,
            actor,
            container,
            item or native_id,
            parent or None,
            target or None,
            size,
            via,
        )


def _ts_parser(ts_format: str, origin: datetime | None = None) -> Callable[[str], datetime]:
    """A function from the timestamp text to a UTC datetime, for the mapping's ts_format.

    With an `origin`, epoch_s and epoch_ms count from it: research data sets often give seconds
    since an undisclosed start, which wi3 then places on a calendar.
    """
    if ts_format == "iso8601":
        return _iso8601
    if ts_format in ("epoch_s", "epoch_ms"):
        scale = 1.0 if ts_format == "epoch_s" else 1000.0
        if origin is not None:
            start = utc(origin)
            return lambda text: start + timedelta(seconds=float(text) / scale)
        return lambda text: datetime.fromtimestamp(float(text) / scale, UTC)
    return lambda text: utc(datetime.strptime(text, ts_format))


def _iso8601(text: str) -> datetime:
    """An ISO 8601 time as UTC; 'Z' and other offsets are converted, naive times taken as UTC."""
    ts = datetime.fromisoformat(text)
    return ts if ts.tzinfo is UTC else utc(ts)


def _digest(parts: list[str]) -> str:
    """A 24-hex-digit BLAKE2b hash of several column values: a stable id that shows none."""
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=12).hexdigest()
