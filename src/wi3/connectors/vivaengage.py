"""Viva Engage (Yammer) network data export: a zip of CSV files, read as threads and replies.

Where the format is documented:

- "Export data from Yammer Enterprise" (learn.microsoft.com/yammer/manage-security-and-
  compliance/export-yammer-enterprise-data; source: MicrosoftDocs/OfficeDocs-O365ITPro,
  yammer/manage-security-and-compliance/export-yammer-enterprise-data.md), now "Export and
  manage Viva Engage data" (learn.microsoft.com/viva/engage/eac-as-manage-data), and the
  "Network Data Export API" (learn.microsoft.com/rest/api/yammer/network-data-export): the zip
  holds Messages.csv ("the message ID, thread ID, group ID, group name, privacy status, sender
  ID, name and email, the full body of the message, attachments, and creation and deletion
  information"), Users.csv (only users who joined, were deleted or were suspended in the date
  range), Groups.csv, Topics.csv, Files.csv, MessageVersions.csv, Admins.csv, Networks.csv;
  with external networks, one folder per network id.
- "Interpreting a Yammer User Export" (Microsoft's AskYammer blog, 2016-04-28,
  blogs.technet.microsoft.com/askyammer): the Users.csv columns id, name, email, job_title,
  location, department, api_url, deleted_by_id, deleted_by_type, joined_at, deleted_at,
  suspended_by_id, suspended_by_type, suspended_at, state.
- We found no published list of the Messages.csv header. Its column names here are those that
  importers of real exports read, e.g. Discourse's (discourse/discourse,
  script/import_scripts/yammer.rb): id, replied_to_id, thread_id, group_id, group_name,
  participants, in_private_group, in_private_conversation, sender_id, sender_type, sender_name,
  sender_email, body, api_url, attachments, deleted_by_id, deleted_by_type, created_at,
  deleted_at, message_type.

Columns this connector relies on:

- Messages.csv (required): id, replied_to_id, thread_id, group_name, in_private_conversation,
  sender_id, body, created_at, deleted_at. Used when present: sender_type, sender_name,
  sender_email, message_type.
- Users.csv (optional): id, name, email.

Quirks: the CSV files start with a UTF-8 byte-order mark; fields hold newlines and can be long
(bodies, attachment lists), so the csv module's field limit is raised; booleans are
"true"/"false". No published example shows the time format, so created_at is read both as
ISO 8601 and in Rails' "2024-01-15 09:30:00 UTC" form. MessageVersions.csv (edits), Groups.csv,
Topics.csv and Files.csv are not read.
"""

from __future__ import annotations

import csv
import io
import logging
import zlib
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from wi3.connectors._files import DECOMPRESSION_ERRORS, ExportTree
from wi3.errors import ExportError
from wi3.events import Account, Event, Record, Tally, utc

logger = logging.getLogger(__name__)

NOUN = "messages"
DESCRIPTION = "Viva Engage (Yammer) network data export: the zip of CSV files, or its folder"

MESSAGE_COLUMNS = (
    "id",
    "replied_to_id",
    "thread_id",
    "group_name",
    "in_private_conversation",
    "sender_id",
    "body",
    "created_at",
    "deleted_at",
)
USER_COLUMNS = ("id", "name", "email")
_BOT_SENDERS = ("bot", "system")
_FIELD_LIMIT = 2**31 - 1
_BROKEN_ARCHIVE: tuple[type[Exception], ...] = (*DECOMPRESSION_ERRORS, zlib.error)
_PARENTS_KEPT = 100_000
"""How many recent message authors to remember for reply targets: memory stays bounded, and a
reply to a message more than this many rows earlier in the file gets no target."""


def read(path: Path, tally: Tally) -> Iterator[Record]:
    """Yield the accounts and events of a Viva Engage network data export (zip or folder).

    Mapping (native_id: the message id, unique in the network):

    - Users.csv row → Account (key: user id; aliases: e-mail, name).
    - A message without replied_to_id (a thread starter) → create, item = its thread_id.
    - A reply → reply, item = thread_id, parent = replied_to_id, target = the author of the
      message replied to when that message was seen earlier in the file.
    - A deleted message (deleted_at set) → no event; counted as read and logged.
    - container: "direct" for private conversations (in_private_conversation), else the group
      name, or "all company" for messages posted outside any group.
    - via: bot when sender_type is "bot" or "system" (or message_type is "system"), else
      person. A sender missing from Users.csv gets an Account from the message's sender_name
      and sender_email the first time it appears.

    Raises:
        ExportError: when the zip is broken, has no Messages.csv (not a network data export),
            or a CSV file lacks the columns this mapping needs.
    """
    # Bodies and attachment lists can exceed the csv module's 128 KiB default; the limit is
    # process-wide, and raising it harms no other reader.
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_LIMIT))
    with ExportTree(path) as tree:
        for prefix in _networks(tree):
            yield from _read_network(tree, prefix, tally)


def _networks(tree: ExportTree) -> list[str]:
    """The folder prefix of each network in the export: "" for one network at the top."""
    if "Messages.csv" in tree:
        return [""]
    nested = sorted(
        n.removesuffix("Messages.csv")
        for n in tree.names()
        if n.count("/") == 1 and n.endswith("/Messages.csv")
    )
    if nested:
        return nested
    names = set(tree.names())
    if {"Users.csv", "Admins.csv"} <= names:
        looks = (
            "It holds Users.csv and Admins.csv only: that is the user list export "
            "(Export users), which has no messages."
        )
    else:
        shown = ", ".join(sorted(names)[:5]) + (", …" if len(names) > 5 else "")
        looks = f"It holds {shown}."
    raise ExportError(
        f"cannot read {tree.path}: Messages.csv is missing, so this is not a Viva Engage network "
        f"data export. {looks} In the Viva Engage admin center, export the network data "
        "(Data export > export network data by date range) and give that zip."
    )


def _read_network(tree: ExportTree, prefix: str, tally: Tally) -> Iterator[Record]:
    """Accounts from Users.csv, then the events of Messages.csv, of one network folder."""
    accounts: set[str] = set()
    if f"{prefix}Users.csv" in tree:
        with _Table(tree, f"{prefix}Users.csv", USER_COLUMNS) as users:
            id_at, name_at, email_at = (users.at[c] for c in USER_COLUMNS)
            for row in users:
                key = row[id_at]
                if key and key not in accounts:
                    accounts.add(key)
                    yield Account(key=key, aliases=_aliases(row[email_at], row[name_at]))
    with _Table(tree, f"{prefix}Messages.csv", MESSAGE_COLUMNS) as messages:
        yield from _messages(messages, accounts, tally)


def _messages(messages: _Table, accounts: set[str], tally: Tally) -> Iterator[Record]:
    """The events of Messages.csv, with an Account for each sender not seen before."""
    at = messages.at
    id_at, reply_at, thread_at, group_at, private_at, sender_at, body_at, created_at, gone_at = (
        at[c] for c in MESSAGE_COLUMNS
    )
    # Optional columns read as "" when absent (index -1 is the padding column of _Table).
    type_at, name_at, email_at, kind_at = (
        at.get(c, -1) for c in ("sender_type", "sender_name", "sender_email", "message_type")
    )
    authors: OrderedDict[str, str] = OrderedDict()
    deleted = 0
    for row in messages:
        message_id, sender, created = row[id_at], row[sender_at], row[created_at]
        ts = _timestamp(created) if message_id and sender else None
        if ts is None:
            problem = (
                "message without id"
                if not message_id
                else "message without sender"
                if not sender
                else "message without timestamp"
                if not created.strip()
                else "unparseable created_at"
            )
            tally.skip(f"{messages.where}:{messages.line}", problem)
            continue
        replied_to = row[reply_at]
        target = authors.get(replied_to) if replied_to else None
        authors[message_id] = sender  # kept for deleted messages too: replies to them count
        if len(authors) > _PARENTS_KEPT:
            authors.popitem(last=False)
        tally.record()
        if row[gone_at]:
            deleted += 1
            continue
        bot = row[type_at].lower() in _BOT_SENDERS or row[kind_at].lower() == "system"
        if sender not in accounts:
            accounts.add(sender)
            yield Account(key=sender, aliases=_aliases(row[email_at], row[name_at]), bot=bot)
        if row[private_at].lower() == "true":
            container = "direct"
        else:
            container = row[group_at] or "all company"
        # Positional, in Event's field order (pinned by test_event_field_order): a third
        # faster than keywords.
        yield Event(
            message_id,
            ts,
            "reply" if replied_to else "create",
            sender,
            container,
            row[thread_at] or message_id,
            replied_to or None,
            target,
            len(row[body_at]),
            "bot" if bot else "person",
        )
    if deleted:
        logger.info("%s: %d deleted messages left out", messages.where, deleted)


class _Table:
    """One CSV member of the export, opened with its header checked against the columns needed.

    `at` maps column names to indices. Rows are padded so that every header column exists, and
    so does index -1: an always-empty extra column that optional columns, when absent, point
    to. Reading turns decoding, CSV and decompression errors into ExportError.
    """

    def __init__(self, tree: ExportTree, name: str, required: tuple[str, ...]) -> None:
        self.where = tree.where(name)
        self._text = io.TextIOWrapper(tree.open(name), encoding="utf-8-sig", newline="")
        self._reader = csv.reader(self._text)
        try:
            with self._errors():
                header = next(self._reader, None)
        except ExportError:
            self.close()
            raise
        if header is None:
            self.close()
            raise ExportError(
                f"cannot read {self.where}: the file is empty, not even a header line. Export "
                "the network data again."
            )
        self.at = {column: i for i, column in enumerate(header)}
        self._width = len(header) + 1
        missing = [c for c in required if c not in self.at]
        if missing:
            self.close()
            shown = ",".join(header)
            shown = shown if len(shown) <= 300 else shown[:300] + "…"
            raise ExportError(
                f"cannot read {self.where}: the columns {', '.join(missing)} are missing "
                f"(header line 1: {shown}). This is not the {name.rsplit('/', 1)[-1]} of a "
                "Viva Engage network data export, or it was edited; export the network data "
                "again."
            )

    @property
    def line(self) -> int:
        """The line where the last row read ends."""
        return self._reader.line_num

    def __iter__(self) -> Iterator[list[str]]:
        width = self._width
        with self._errors():
            for row in self._reader:
                if row:
                    if len(row) < width:
                        row += [""] * (width - len(row))
                    yield row

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Turn what reading a damaged or mis-encoded member raises into ExportError."""
        try:
            yield
        except UnicodeDecodeError as exc:
            line = self._reader.line_num
            after = f"after line {line}" if line else "in its first lines"
            raise ExportError(
                f"cannot read {self.where}: it is not UTF-8 text ({exc.reason}, {after}). Export "
                "the network data again rather than re-saving the CSV in another encoding."
            ) from exc
        except csv.Error as exc:
            raise ExportError(
                f"cannot read {self.where}: malformed CSV at line {self._reader.line_num} "
                f"({exc}). The file is damaged; export the network data again."
            ) from exc
        except _BROKEN_ARCHIVE as exc:
            raise ExportError(
                f"cannot read {self.where}: the archive breaks off near line "
                f"{self._reader.line_num} ({exc}). Download the export again."
            ) from exc

    def close(self) -> None:
        self._text.close()

    def __enter__(self) -> _Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _timestamp(text: str) -> datetime | None:
    """A created_at value as UTC: '2024-01-15 09:30:00 UTC' or ISO 8601; None if unreadable."""
    if text.endswith(" UTC"):
        text = text[:-4] + "+00:00"  # parsed straight to an aware time, the cheapest way
    try:
        ts = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return ts if ts.tzinfo is UTC else utc(ts)


def _aliases(*values: str | None) -> tuple[str, ...]:
    """The non-empty values, without repeats, in order."""
    return tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))
