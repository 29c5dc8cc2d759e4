"""Mailing-list archives as events: mbox files and Mailman 2 pipermail text archives.

The path is one archive or a folder of them (read recursively): mbox (`From_` lines quoted
mboxo or mboxrd style), pipermail's monthly, quarterly or yearly `2024-January.txt`,
`2016q1.txt`, `2016.txt`, each possibly gzip/bzip2/xz-compressed. In a folder, files named
`*.txt`, `*.mbox`, `*.mbx` or with no suffix (before a compression suffix) are read, except
README/LICENSE files and pipermail's `attachments/` folders; within each folder they are read
in archive-period order (so a thread's first mail is read before its replies), other names
after them by name.

Mapping, one event per mail:

| mail                                               | kind   | item / parent / target            |
|----------------------------------------------------|--------|-----------------------------------|
| In-Reply-To/References name no mail read before    | create | itself / - / -                    |
| In-Reply-To, or else the nearest References entry, | reply  | that mail's thread root / that    |
| names a mail read before                           |        | mail / that mail's sender         |

- `native_id`, `item`, `parent`: a hash (blake2b, 96 bits, hex) of the Message-ID without angle
  brackets. Not the Message-ID itself: many embed the sender's address
  (`<...Coremail.user@163.com>`, `<...-git-send-email-user@kernel.org>`), and addresses must not
  reach events. The hash is stable across exports and matches the In-Reply-To/References of
  replies. A mail without Message-ID gets a hash of its Date, From and Subject headers (counted
  in the closing log line).
- A reply to a mail that is not in what is read (an earlier month not given, a private reply,
  a message id an archive rewrote) is a `create`: its thread starts here. Thread roots are
  kept in a Message-ID → (root, sender) map built while reading: memory grows with the number
  of mails (about 200 bytes each, 50,666 mails: 10 MB), not with their size.
- `container`: the list id of a `List-Id: Name <list.example.org>` header (raw mbox from a list
  server); otherwise, pipermail archives carry no List-Id, the name of the folder holding a file
  named after an archive period (`r-devel/2016-January.txt.gz` → `r-devel`); otherwise the file
  name without suffixes (`dev-list.mbox.gz` → `dev-list`).
- `actor`: the lower-cased sender address (" at " → "@"). From mid-2018, stat.ethz.ch's archives
  mangle addresses lossily (see `_mbox_mail`): a mangled address is mapped back to a real
  address read earlier that mangles to it (only when exactly one does); otherwise its key is
  its canonical mangled form, the same in all periods of one mangling family. One Account per
  key, yielded before its first mail, with the display name and address of that mail.
- `size`: characters of the decoded text (transfer encoding and charset undone; plain text
  parts, else the HTML part without markup), without pipermail's "next part" attachment notes.
- `via`: "bot" for `Auto-Submitted: auto-*` (vacation replies, generated notices) and for
  mailer-daemon/no-reply senders; every list mail has `Precedence: list` or `bulk`, so that
  header says nothing. Otherwise "person".

Skipped and counted: mails without From address ("without sender"), without Date ("without
date"), with a Date no parser reads ("unparseable date"; the stdlib parser ignores a garbled
weekday such as "RANDOM_Wed,"), and repeats of a Message-ID already read ("duplicate
Message-ID": the same mail archived twice, or a mail cross-posted to two lists that are read
together, which then counts for the list read first).
"""

from __future__ import annotations

import hashlib
import logging
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import compat32
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO

from wi3.connectors import _mbox_mail as mail
from wi3.connectors._files import DECOMPRESSION_ERRORS, open_binary
from wi3.errors import ExportError
from wi3.events import Account, Event, Kind, Record, Tally, Via, utc

logger = logging.getLogger(__name__)

NOUN = "mails"
DESCRIPTION = "Mailing-list archives: mbox or Mailman pipermail text (.txt, .gz), file or folder"

# A From_ line ends in a ctime date ("Mon Jan  1 10:00:00 2024"); Gmail's puts "+0000" before
# the year. Pipermail leaves body lines starting "From " unquoted, so the date is what tells
# a separator from a sentence.
_FROM_LINE = re.compile(
    rb"From .*\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),? +"
    rb"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2},? +\d{1,2}:\d\d"
)
_QUOTED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_PERIOD = re.compile(r"(\d{4})(?:-(\w+)|q([1-4]))?", re.IGNORECASE)
_COMPRESSED = (".gz", ".bz2", ".xz")
_ARCHIVE_SUFFIXES = (".txt", ".mbox", ".mbx", "")
_CHUNK = 1 << 20
_LONGEST_HEAD_LINE = 1 << 16  # reading a non-mbox file's first 'line' stops here
_READ_ERRORS: tuple[type[Exception], ...] = (*DECOMPRESSION_ERRORS, zlib.error)
_ROBOTS = frozenset(
    {"mailer-daemon", "postmaster", "noreply", "no-reply", "donotreply", "do-not-reply"}
)


def read(path: Path, tally: Tally) -> Iterator[Record]:
    """Yield an Account per sender (before its first mail) and one event per mail, file by file."""
    files = _archive_files(path)
    state = _State()
    for file in files:
        where = file.name if file == path else file.relative_to(path).as_posix()
        yield from _read_file(file, where, _container(file), state, tally)
    logger.info(
        "%s: %d mails in %d file(s); %d without Message-ID (ids hashed from date, sender and "
        "subject); %d mangled addresses mapped to real ones",
        path,
        len(state.threads),
        len(files),
        state.without_id,
        state.demangled,
    )


@dataclass
class _State:
    """What must outlive one file: threads, accounts already yielded, the mangled-address map."""

    parser: BytesParser = field(default_factory=lambda: BytesParser(policy=compat32))
    threads: dict[str, tuple[str, str]] = field(default_factory=dict)
    accounts: set[str] = field(default_factory=set)
    unmangle: dict[tuple[str, str], str | None] = field(default_factory=dict)
    resolved: dict[str, str] = field(default_factory=dict)
    without_id: int = 0
    demangled: int = 0


def _archive_files(path: Path) -> list[Path]:
    """The archive files to read: `path` itself, or the archives in the folder, in period order."""
    if not path.is_dir():
        return [path]  # open_binary reports a missing or empty file
    files = [
        p
        for p in path.rglob("*")
        if p.is_file()
        and _is_archive_name(p.name)
        # a mirrored pipermail folder keeps scrubbed attachments (attachment.txt) in attachments/
        and "attachments" not in p.relative_to(path).parts[:-1]
    ]
    if not files:
        raise ExportError(
            f"cannot read {path}: the folder holds no mail archives (files named *.txt, *.mbox, "
            "*.mbx or without suffix, optionally .gz, .bz2 or .xz). Give the folder of the "
            "list's archives or one archive file."
        )
    return sorted(files, key=lambda p: _order(p.relative_to(path)))


def _is_archive_name(name: str) -> bool:
    """Whether a file in a folder looks like a mail archive (and not a README or a web page)."""
    lower = name.lower()
    if lower.startswith((".", "readme", "license", "licence")):
        return False
    for suffix in _COMPRESSED:
        lower = lower.removesuffix(suffix)
    return Path(lower).suffix in _ARCHIVE_SUFFIXES


def _order(relative: Path) -> tuple[str, int, int, int, str]:
    """Sort key: folder, then archive period (year, month) when the name has one, then name."""
    period = _period(relative.name)
    if period is None:
        return (relative.parent.as_posix(), 1, 0, 0, relative.name)
    return (relative.parent.as_posix(), 0, *period, relative.name)


def _period(name: str) -> tuple[int, int] | None:
    """(year, month) of a pipermail-style name (2016-January, 2016-01, 2016q2, 2016), else None."""
    match = _PERIOD.match(name)
    if match is None:
        return None
    year, month, quarter = match.groups()
    if quarter:
        return int(year), (int(quarter) - 1) * 3 + 1
    if month is None:
        return int(year), 0
    if month.isdigit():
        return int(year), int(month)
    abbreviation = month.lower()[:3]
    return int(year), _MONTHS.index(abbreviation) + 1 if abbreviation in _MONTHS else 0


def _container(file: Path) -> str:
    """The list a file holds when its mails carry no List-Id: its folder or its own name."""
    stem = file.name
    for suffix in (*_COMPRESSED, ".txt", ".mbox", ".mbx"):
        stem = stem.removesuffix(suffix)
    if _period(stem) is not None and file.parent.name:
        return file.parent.name
    return stem


def _read_file(
    file: Path, where: str, container: str, state: _State, tally: Tally
) -> Iterator[Record]:
    """Yield the accounts and events of one archive file."""
    with open_binary(file) as fh:
        for line, raw in _split(fh, where):
            yield from _read_mail(raw, f"{where}:{line}", container, state, tally)


def _split(fh: IO[bytes], where: str) -> Iterator[tuple[int, bytes]]:
    """Yield (line number of its From_ line, bytes after that line) per mail, one at a time.

    The first non-empty line must be a From_ line, else the file is no mbox and reading stops
    there. When that line carries a ctime date, later separators must too (pipermail does not
    quote body lines that start with "From "); when it does not, any "From " line after an empty
    line separates (plain mboxo). mboxrd's ">From " quoting is undone.

    The rest is read in blocks of whole lines and searched for "\nFrom " in C, which is several
    times faster than a Python loop over the lines; memory holds one block and one mail.
    """
    number = 0
    mails: _Separators | None = None
    try:
        while True:
            line = fh.readline(_LONGEST_HEAD_LINE)
            if not line:
                raise ExportError(
                    f"cannot read {where}: the file holds only empty lines. Export it again."
                )
            number += 1
            line = line.removeprefix(b"\xef\xbb\xbf") if number == 1 else line
            if line.strip():
                break
        if not line.startswith(b"From "):
            raise _not_mbox(where, line)
        mails = _Separators(number, strict=_FROM_LINE.match(line) is not None)
        tail = b""
        while True:
            chunk = fh.read(_CHUNK)
            data = tail + chunk
            cut = data.rfind(b"\n") + 1 if chunk else len(data)
            tail = data[cut:]
            yield from mails.feed(data[:cut])
            if not chunk:
                break
    except _READ_ERRORS as exc:
        lines = number + (mails.lines if mails else 0)
        raise ExportError(
            f"cannot read {where}: the compressed file is truncated or damaged after line "
            f"{lines} ({exc}). Download or copy the archive again."
        ) from exc
    yield mails.start, _join(mails.pending)


class _Separators:
    """Cuts blocks of whole lines into mails at From_ lines, carrying one mail across blocks."""

    def __init__(self, first_line: int, *, strict: bool) -> None:
        self.first_line = first_line  # line number of the file's first From_ line
        self.strict = strict
        self.start = first_line  # line number of the current mail's From_ line
        self.lines = 0  # lines fed so far (they follow the first From_ line)
        self.pending: list[bytes] = []  # the current mail's bytes so far
        self.previous_empty = False  # whether the line before the next block is empty

    def feed(self, block: bytes) -> Iterator[tuple[int, bytes]]:
        """Yield the mails that end in `block`, keeping the unfinished one."""
        if not block:
            return
        kept = counted = 0
        lines = self.lines
        at = 0 if block.startswith(b"From ") else _next_from(block, 0)
        while at >= 0:
            end = block.find(b"\n", at) + 1 or len(block)
            if self._separates(block, at):
                self.pending.append(block[kept:at])
                yield self.start, _join(self.pending)
                lines += block.count(b"\n", counted, at)
                counted = at
                self.start = self.first_line + lines + 1
                self.pending, kept = [], end
            at = _next_from(block, end - 1)
        self.pending.append(block[kept:])
        self.lines = lines + block.count(b"\n", counted)
        self.previous_empty = block.endswith((b"\n\n", b"\n\r\n")) or block in (b"\n", b"\r\n")

    def _separates(self, block: bytes, at: int) -> bool:
        """Whether the "From " line at `at` starts a mail (see `_split`)."""
        if self.strict:
            return _FROM_LINE.match(block, at) is not None
        if at == 0:
            return self.previous_empty
        before = block[max(0, at - 3) : at]
        return before.endswith((b"\n\n", b"\n\r\n")) or block[:at] in (b"\n", b"\r\n")


def _next_from(block: bytes, position: int) -> int:
    """Where the next line starting with "From " begins at or after `position`, or -1."""
    found = block.find(b"\nFrom ", position)
    return found + 1 if found >= 0 else -1


def _join(lines: list[bytes]) -> bytes:
    """One mail's bytes, with mboxrd's '>From ' quoting undone."""
    raw = b"".join(lines)
    if b">From " in raw:
        raw = _QUOTED_FROM.sub(rb"\1", raw)
    return raw


def _not_mbox(where: str, first: bytes) -> ExportError:
    """The error for a file whose first line is no From_ line, saying what it looks like."""
    head = first.lstrip(b"\xef\xbb\xbf \t\r\n")
    lower = head[:20].lower()
    if head.startswith((b"{", b"[")):
        looks = "it starts like JSON"
    elif lower.startswith(b"<?xml"):
        looks = "it is XML"
    elif lower.startswith((b"<!doctype html", b"<html")):
        looks = "it is an HTML page (the web view of an archive, not its text download)"
    elif head.startswith(b"PK\x03\x04"):
        looks = "it is a zip archive (unzip it and give the folder)"
    elif re.match(rb"[A-Za-z][A-Za-z0-9-]*:", head):
        looks = (
            "it starts with mail headers but no From_ line, so it looks like a single "
            "message (.eml) or a Maildir file"
        )
    elif head.startswith(b"From "):
        looks = f"its first line starts with 'From ' but is no From_ line: {head[:60]!r}"
    else:
        looks = f"it starts with {head[:40]!r}"
    return ExportError(
        f"cannot read {where}: it is not an mbox or pipermail archive; {looks}. An archive "
        "starts with a From_ line such as 'From user at example.com  Mon Jan  1 10:00:00 2024'. "
        "Give the list's .txt or .txt.gz archives, or an mbox file."
    )


def _read_mail(
    raw: bytes, where: str, container: str, state: _State, tally: Tally
) -> Iterator[Record]:
    """Yield the event of one mail (and its sender's Account, the first time), or skip it."""
    parsed = mail.parse(state.parser, raw)
    headers = parsed.headers
    sender = mail.sender(headers.get("from", ""))
    if sender is None:
        tally.skip(where, "without sender")
        return
    date = headers.get("date", "")
    if not date:
        tally.skip(where, "without date")
        return
    try:
        ts = utc(parsedate_to_datetime(date))
    except (ValueError, TypeError, IndexError, OverflowError):
        tally.skip(where, "unparseable date")
        return
    own = mail.message_id(headers.get("message-id", ""))
    if own:
        native_id = _hash(own)
    else:
        state.without_id += 1
        native_id = _hash(f"\x00{date}\x1f{headers['from']}\x1f{headers.get('subject', '')}")
    if native_id in state.threads:
        tally.skip(where, "duplicate Message-ID")
        return
    key = _account_key(sender, state)
    robot = key.partition("@")[0] in _ROBOTS
    if key not in state.accounts:
        state.accounts.add(key)
        aliases = tuple(dict.fromkeys(a for a in (sender.name, key, sender.address) if a))
        yield Account(key, aliases, bot=robot)
    parent = _parent(headers, own, state)
    kind: Kind = "create"
    item, target = native_id, None
    if parent is not None:
        kind = "reply"
        item, target = state.threads[parent]
    state.threads[native_id] = (item, key)
    list_id = mail.message_id(headers.get("list-id", "")).lower()
    auto = headers.get("auto-submitted", "").lower().startswith("auto-")
    via: Via = "bot" if auto or robot else "person"
    yield Event(
        native_id=native_id,
        ts=ts,
        kind=kind,
        actor=key,
        container=list_id or container,
        item=item,
        parent=parent,
        target=target,
        size=parsed.size,
        via=via,
    )
    tally.record()


def _parent(headers: dict[str, str], own: str, state: _State) -> str | None:
    """The hashed id of the nearest mail already read that this one answers, or None.

    In-Reply-To names the direct parent; References lists the ancestors, root first, so it is
    tried from its end when the direct parent was not read.
    """
    candidates = [mail.first_id(headers.get("in-reply-to", ""))]
    candidates.extend(reversed(mail.all_ids(headers.get("references", ""))))
    for candidate in candidates:
        if candidate and candidate != own:
            hashed = _hash(candidate)
            if hashed in state.threads:
                return hashed
    return None


def _account_key(sender: mail.Sender, state: _State) -> str:
    """The account key of a sender: its address, a mangled one mapped back when unambiguous.

    Every real address read registers the forms it mangles to; a mangled address is resolved
    once, when first met, so that all its mails share one key even if a real address that
    mangles the same way is read later.
    """
    if not sender.family:
        if sender.address not in state.accounts:
            for form in mail.mangled_forms(sender):
                state.unmangle[form] = None if form in state.unmangle else sender.address
        return sender.address
    known = state.resolved.get(sender.address)
    if known is None:
        real = state.unmangle.get((sender.family, sender.address))
        known = real or sender.address
        state.resolved[sender.address] = known
        if real:
            state.demangled += 1
    return known


def _hash(message_id: str) -> str:
    """The event id of a Message-ID: 96 bits of blake2b, hex."""
    return hashlib.blake2b(
        message_id.encode("utf-8", "surrogateescape"), digest_size=12
    ).hexdigest()
