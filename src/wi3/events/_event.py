"""What connectors produce: one `Event` per thing a person did, and the `Account`s that did it.

Connectors read platform exports and yield these records with the platform's own account keys
(a Slack user id, an e-mail address, a wiki user name). The event store, not the connector,
turns account keys into keyed-hash pseudonyms and drops everything else, so a connector never has
to decide what is personal: it only has to leave message text out (it keeps the text's length).
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal, NamedTuple

from wi3.errors import SkippedRecordError

logger = logging.getLogger(__name__)

Kind = Literal["create", "reply", "edit", "react", "view", "join", "leave", "accept"]
KINDS: tuple[Kind, ...] = ("create", "reply", "edit", "react", "view", "join", "leave", "accept")
"""create: new post, page, question or thread; reply: an answer or comment on one; edit: a revision;
react: a reaction or vote; view: a read; join/leave: membership; accept: an accepted answer."""

Via = Literal["person", "bot", "integration", "import"]
VIAS: tuple[Via, ...] = ("person", "bot", "integration", "import")
"""person: typed by someone; bot: an automated account; integration: posted by a connected business
system (a ticketing app, a build server); import: migrated from another tool."""


class Event(NamedTuple):
    """One contribution, as read from an export, before pseudonymisation.

    `native_id` must be unique within the source instance and stable across exports, so that
    re-reading the same record (from the same file or an overlapping later export) yields the same
    id. `actor` and `target` are account keys as the platform knows them; `item` and `parent` are
    the platform's ids of the thread/page/question and of what this replies to or revises.
    `container` is a channel, list, tag or namespace name; a connector must not put a person's
    name there (use "direct" for direct messages). `ts` must be timezone-aware; the event store
    refuses naive timestamps. A named tuple, because connectors build millions of these: it is
    immutable and four times cheaper to create than a frozen dataclass.
    """

    native_id: str
    ts: datetime
    kind: Kind
    actor: str
    container: str
    item: str
    parent: str | None = None
    target: str | None = None
    size: int = 0
    via: Via = "person"


@dataclass(frozen=True, slots=True)
class Account:
    """A platform account, with the aliases that can link it to a person in the people directory.

    Connectors yield an `Account` before the first event that names its key. Aliases (e-mail
    addresses, user names, display names) are only used to match the people directory; they
    never reach the event store.
    """

    key: str
    aliases: tuple[str, ...] = ()
    bot: bool = False


SignalKind = Literal["archived", "unarchived", "exported", "members"]
SIGNAL_KINDS: tuple[SignalKind, ...] = ("archived", "unarchived", "exported", "members")


@dataclass(frozen=True, slots=True)
class Signal:
    """A fact the platform itself records about a container's life or about the export.

    - `archived` / `unarchived`: a channel, stream or list was closed to new posts, or
      reopened, at `ts`. `ts` is None when the export only says that the container is archived
      now (Slack's `is_archived` in channels.json), not since when.
    - `exported`: the export was taken at `ts`, the format's own date for it; without one the
      import date bounds what the export can show.
    - `members`: `count` people are members of the container (or of the whole platform when
      `container` is None), as the export lists them; deactivated accounts and bots aside.

    `container` names the container as the events do (a channel name, a list); None means the
    export as a whole. Signals carry no person: connectors yield them beside events.
    """

    kind: SignalKind
    ts: datetime | None = None
    container: str | None = None
    count: int | None = None


Record = Event | Account | Signal
"""What a connector yields: accounts, events, and the platform's own signals."""


def event_id(source: str, origin: str, native_id: str) -> str:
    """The stable id of an event: a hash of its source, origin (instance) and native id."""
    digest = hashlib.blake2b(f"{source}\x1f{origin}\x1f{native_id}".encode(), digest_size=12)
    return digest.hexdigest()


def utc(ts: datetime) -> datetime:
    """`ts` in UTC; a naive timestamp is taken to be UTC already."""
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)


WARN_PER_REASON = 5
"""Skips of one reason logged as warnings; the rest are logged at debug level."""


@dataclass
class Tally:
    """Counts the records a connector reads and the ones it skips, with where and why.

    A connector calls `record()` for each source record it turns into events and `skip()` for
    each malformed one; under `strict` the first skip is fatal.
    """

    noun: str = "records"
    strict: bool = False
    on_record: Callable[[int], None] | None = None
    seen: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    first_place: dict[str, str] = field(default_factory=dict)

    @property
    def skipped(self) -> int:
        return sum(self.reasons.values())

    def record(self) -> None:
        """Count one record read."""
        self.seen += 1
        if self.on_record is not None:
            self.on_record(self.seen)

    def skip(self, where: str, reason: str) -> None:
        """Count one record skipped at `where` (file:line or record id) because of `reason`."""
        self.record()
        if self.strict:
            raise SkippedRecordError(
                f"malformed record at {where}: {reason}.\n"
                "Nothing from this file was imported (--strict). Fix or remove the record, or "
                "run without --strict to skip it and import the rest."
            )
        self.reasons[reason] += 1
        # the first few of each reason are worth a warning; the rest are in the summary
        level = logging.WARNING if self.reasons[reason] <= WARN_PER_REASON else logging.DEBUG
        logger.log(level, "skipped a record at %s: %s", where, reason)
        self.first_place.setdefault(reason, where)

    def summary(self) -> str:
        """'12,034 of 12,040 messages read; 6 skipped: 4 without timestamp (first at …), …'."""
        read = self.seen - self.skipped
        text = f"{read:,} of {self.seen:,} {self.noun} read"
        if not self.skipped:
            return text
        parts = ", ".join(
            f"{n:,} {reason} (first at {self.first_place[reason]})"
            for reason, n in self.reasons.most_common()
        )
        return f"{text}; {self.skipped:,} skipped: {parts}"
