"""The bare parse of each export format: what reading the same bytes costs without a connector.

Each function walks and decompresses its input the way the matching connector does, parses it
with the plain library call, and keeps nothing: lxml `iterparse` with element clearing for XML,
`json.loads`/`json.load` for JSON, the `csv` module for CSV/TSV, and for mailing-list archives a
split at "From " lines with `email.message_from_bytes(..., policy=compat32)` per mail (or, for
the whole-ingest benchmark, the header blocks only: `mbox_headers`). That is the floor a
connector's speed is measured against. Each returns {"records": n} in the unit its
connector counts (rows, revisions, mails, lines, messages).

The `load_*` functions are the whole-file loaders the memory-flatness table compares with: they
hold the parsed file in memory, as `etree.parse` or `list(csv.reader(...))` would.

This module imports no wi3 code, so a process running it starts from the smallest baseline.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import lzma
import os
import re
import zipfile
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import compat32
from pathlib import Path
from typing import IO

from lxml import etree

STACK_EXCHANGE_FILES = (
    "Users.xml",
    "Tags.xml",
    "Posts.xml",
    "PostHistory.xml",
    "Comments.xml",
    "Votes.xml",
)
_SLACK_LISTS = frozenset({"users.json", "channels.json", "groups.json", "dms.json", "mpims.json"})
_SLACK_DAY_FILE = re.compile(r"[^/]+/\d{4}-\d{2}-\d{2}\.json")
_FROM_LINE = re.compile(rb"^From ", re.MULTILINE)
_COMPRESSED = (".gz", ".bz2", ".xz")
_MAIL_SUFFIXES = (".txt", ".mbox", ".mbx", "")


def open_input(path: Path) -> IO[bytes]:
    """The file's bytes, gzip, bzip2 and xz undone, judged by magic bytes like wi3's open_binary."""
    with path.open("rb") as fh:
        head = fh.read(6)
    if head.startswith(b"\x1f\x8b"):
        return gzip.GzipFile(path, "rb")  # type: ignore[return-value]
    if head.startswith(b"BZh"):
        return bz2.open(path, "rb")
    if head.startswith(b"\xfd7zXZ\x00"):
        return lzma.open(path, "rb")
    return path.open("rb")


def _iter_rows(path: Path, tags: tuple[str, ...]) -> Iterator[etree._Element]:
    """iterparse's end events for `tags`, each element cleared with its earlier siblings after use.

    The same loop as wi3.connectors._xml.iter_elements, without its error handling.
    """
    with open_input(path) as fh:
        for _event, element in etree.iterparse(
            fh, events=("end",), tag=tags, huge_tree=True, resolve_entities=False
        ):
            yield element
            element.clear(keep_tail=True)
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]


def _stack_exchange_files(path: Path) -> list[Path]:
    """The dump files the Stack Exchange connector reads, in its order."""
    return [path / name for name in STACK_EXCHANGE_FILES if (path / name).is_file()]


def stackexchange_folder(path: str) -> dict[str, int]:
    """iterparse every `row` of the dump files the connector reads."""
    rows = 0
    for file in _stack_exchange_files(Path(path)):
        for _row in _iter_rows(file, ("row",)):
            rows += 1
    return {"records": rows}


def mediawiki_dump(path: str) -> dict[str, int]:
    """iterparse a MediaWiki dump's revisions, pages and siteinfo (the connector's tags)."""
    file = Path(path)
    with open_input(file) as fh:
        _event, root = next(iter(etree.iterparse(fh, events=("start",))))
        q = root.tag.partition("}")[0] + "}" if root.tag.startswith("{") else ""
    tags = tuple(f"{q}{name}" for name in ("revision", "page", "siteinfo", "logitem"))
    revisions = 0
    for element in _iter_rows(file, tags):
        if element.tag == tags[0]:
            revisions += 1
    return {"records": revisions}


def slack_zip(path: str) -> dict[str, int]:
    """json.loads of users.json, the channel lists and every day file in a Slack export zip."""
    messages = 0
    with zipfile.ZipFile(path) as archive:
        names = sorted(n for n in archive.namelist() if not n.endswith("/"))
        tops = {n.split("/", 1)[0] for n in names}
        prefix = f"{tops.pop()}/" if len(tops) == 1 and all("/" in n for n in names) else ""
        for name in names:
            relative = name.removeprefix(prefix)
            if relative in _SLACK_LISTS or _SLACK_DAY_FILE.fullmatch(relative):
                data = json.loads(archive.read(name))
                if "/" in relative and isinstance(data, list):
                    messages += len(data)
    return {"records": messages}


def zulip_folder(path: str) -> dict[str, int]:
    """json.load of stream_index.json and of every topic file in every stream folder."""
    root = Path(path)
    if not (root / "stream_index.json").is_file():
        root = root / "zulip_json"
    with (root / "stream_index.json").open("rb") as fh:
        json.load(fh)
    messages = 0
    for folder in sorted(e.path for e in os.scandir(root) if e.is_dir()):
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.name.endswith(".json") and entry.is_file():
                with open(entry.path, "rb") as fh:
                    messages += len(json.load(fh))
    return {"records": messages}


def jsonl_lines(path: str) -> dict[str, int]:
    """json.loads of every non-blank line."""
    lines = 0
    with open_input(Path(path)) as fh:
        for line in fh:
            if line.strip():
                json.loads(line)
                lines += 1
    return {"records": lines}


def _table_files(path: Path, suffix: str) -> list[Path]:
    """`path`, or the files under the folder `path` whose name ends in `suffix` (or `suffix`.gz)."""
    if not path.is_dir():
        return [path]
    return sorted(
        p
        for p in path.rglob("*")
        if p.is_file() and p.name.endswith(tuple(suffix + c for c in ("", *_COMPRESSED)))
    )


def _text(raw: IO[bytes]) -> io.TextIOWrapper:
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def csv_files(path: str, delimiter: str, suffix: str) -> dict[str, int]:
    """csv.reader over a file, or over the files of a folder ending in `suffix`."""
    rows = 0
    for file in _table_files(Path(path), suffix):
        with _text(open_input(file)) as text:
            for _row in csv.reader(text, delimiter=delimiter):
                rows += 1
    return {"records": rows}


def vivaengage_zip(path: str) -> dict[str, int]:
    """csv.reader over Users.csv and Messages.csv inside the export zip; counts messages."""
    csv.field_size_limit(2**31 - 1)  # as the connector does: bodies can exceed 128 KiB
    messages = 0
    with zipfile.ZipFile(path) as archive:
        for name in ("Users.csv", "Messages.csv"):
            with _text(archive.open(name)) as text:
                reader = csv.reader(text)
                next(reader, None)
                for row in reader:
                    if row and name == "Messages.csv":
                        messages += 1
    return {"records": messages}


def _is_mail_archive(name: str) -> bool:
    """The mbox connector's file filter: .txt, .mbox, .mbx or no suffix, maybe compressed."""
    lower = name.lower()
    if lower.startswith((".", "readme", "license", "licence")):
        return False
    for suffix in _COMPRESSED:
        lower = lower.removesuffix(suffix)
    return Path(lower).suffix in _MAIL_SUFFIXES


def _mail_files(path: Path) -> list[Path]:
    if not path.is_dir():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and _is_mail_archive(p.name))


def _mails(data: bytes) -> Iterator[bytes]:
    """Each mail's bytes after its From_ line, split at every line starting with "From "."""
    starts = [m.start() for m in _FROM_LINE.finditer(data)]
    for begin, end in zip(starts, [*starts[1:], len(data)], strict=True):
        yield data[data.find(b"\n", begin) + 1 : end]


def mbox_files(path: str) -> dict[str, int]:
    """Each archive file read whole and decompressed, split at From lines, every mail parsed."""
    mails = 0
    for file in _mail_files(Path(path)):
        with open_input(file) as fh:
            data = fh.read()
        for raw in _mails(data):
            message_from_bytes(raw, policy=compat32)
            mails += 1
    return {"records": mails}


def mbox_headers(path: str) -> dict[str, int]:
    """Each archive file read whole and decompressed, split at From lines, and only each mail's
    header block parsed (`BytesHeaderParser`, compat32); bodies are not read.

    The least a reader of mail metadata must do, and so the floor of the whole-ingest benchmark
    for mailing lists (bench/ingest.py): the connector, which also decodes single-part bodies
    for their length, is measured against it too.
    """
    parser = BytesHeaderParser(policy=compat32)
    mails = 0
    for file in _mail_files(Path(path)):
        with open_input(file) as fh:
            data = fh.read()
        for raw in _mails(data):
            end = raw.find(b"\n\n")
            parser.parsebytes(raw if end < 0 else raw[: end + 1])
            mails += 1
    return {"records": mails}


def load_xml(path: str) -> dict[str, int]:
    """etree.parse of each file whole (a Stack Exchange folder's files, or one XML file)."""
    folder = Path(path)
    files = _stack_exchange_files(folder) if folder.is_dir() else [folder]
    rows = 0
    for file in files:
        with open_input(file) as fh:
            tree = etree.parse(fh, etree.XMLParser(huge_tree=True, resolve_entities=False))
        rows += len(tree.getroot())
    return {"records": rows}


def load_jsonl(path: str) -> dict[str, int]:
    """The whole file read, and all its lines parsed into one list."""
    with open_input(Path(path)) as fh:
        records = [json.loads(line) for line in fh.read().splitlines() if line.strip()]
    return {"records": len(records)}


def load_csv(path: str, delimiter: str) -> dict[str, int]:
    """The whole file read as text, and all its rows held in one list."""
    with open_input(Path(path)) as fh:
        text = fh.read().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return {"records": len(rows)}


def load_mbox(path: str) -> dict[str, int]:
    """The whole file read, and every mail parsed and held in one list."""
    with open_input(Path(path)) as fh:
        data = fh.read()
    mails: list[Message] = [message_from_bytes(raw, policy=compat32) for raw in _mails(data)]
    return {"records": len(mails)}
