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
from itertools import pairwise
from typing import Literal, NamedTuple

from wi3.errors import ENGLISH, ExportError, SkippedRecordError
from wi3.texts import Locale, plural_key

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


def id_state(source: str, origin: str) -> hashlib.blake2b:
    """The hash of `event_id` having taken in `source` and `origin`: a copy updated with a
    native id's UTF-8 bytes gives that event's id as its hex digest, without hashing the two
    again for every event of an import."""
    return hashlib.blake2b(f"{source}\x1f{origin}\x1f".encode(), digest_size=12)


def utc(ts: datetime) -> datetime:
    """`ts` in UTC; a naive timestamp is taken to be UTC already."""
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)


WARN_PER_REASON = 5
"""Skips of one reason logged as warnings; the rest are logged at debug level."""

NAMES_SHOWN = 10
"""Containers named per reason in a summary's "not read" list; the rest are counted."""


@dataclass(frozen=True, slots=True)
class Lost:
    """A whole container the export names but that could not be read (a stream, a file).

    Not a skipped record: nothing of it was seen, so the export as read is incomplete.
    """

    word: str
    """what the platform calls the container, in the singular: "stream", "file", "list" """
    container: str
    """its name as the events would carry it"""
    where: str
    """where the export names it or should hold it (an index entry, a path)"""
    reason: str
    """why it could not be read: "folder missing" """


@dataclass(frozen=True, slots=True)
class Gap:
    """A kind of evidence the export does not hold at all, and what that leaves out."""

    missing: str
    """what is absent: "PostHistory.xml" """
    consequence: str
    """what wi3 cannot see because of it: "no edits, so …" """


@dataclass
class Tally:
    """Counts the records a connector reads and skips, and what it could not read at all.

    A connector calls `record()` for each source record it turns into events and `skip()` for
    each malformed one; under `strict` the first skip is fatal. A connector that reads records
    of several kinds (Stack Exchange: users, posts, comments, votes) calls `count_as(noun)`
    before each file, so the summary counts each kind in its own unit. `lose()` notes a whole
    container that the export names but does not hold (never counted as skipped records), and
    `lack()` notes evidence the export does not carry at all.
    """

    noun: str = "records"
    strict: bool = False
    on_record: Callable[[int], None] | None = None
    seen: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    first_place: dict[str, str] = field(default_factory=dict)
    lost: list[Lost] = field(default_factory=list)
    """whole containers not read; the caller decides whether a partial import may be kept"""
    gaps: list[Gap] = field(default_factory=list)
    marks: list[tuple[str, int, int]] = field(default_factory=list)
    """(noun, records seen, records skipped) at each `count_as`, in the order read"""

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

    def count_as(self, noun: str) -> None:
        """Count the records from here on as `noun` (plural: "votes"), until the next call.

        Costs nothing per record: the tally only notes where each noun starts.
        """
        self.marks.append((noun, self.seen, self.skipped))

    def lose(self, where: str, container: str, reason: str, word: str = "file") -> None:
        """Note that the export names `container` (a `word`: "stream") but it cannot be read.

        Raises:
            ExportError: under `strict`, where an incomplete export is fatal.
        """
        if self.strict:
            raise ExportError(
                f"cannot read {word} {container} at {where}: {reason}.\n"
                f"Nothing from this export was imported (--strict). Export the {word} again "
                "with the rest, or run without --strict."
            )
        logger.warning("could not read %s %s at %s: %s", word, container, where, reason)
        self.lost.append(Lost(word, container, where, reason))

    def lack(self, missing: str, consequence: str) -> None:
        """Note that the export holds no `missing` (a file, a kind of record), and what it hides."""
        logger.info("%s is missing: %s", missing, consequence)
        self.gaps.append(Gap(missing, consequence))

    @property
    def per_noun(self) -> dict[str, tuple[int, int]]:
        """Records read (not skipped) and seen under each noun, the tally's own noun first."""
        bounds = [(self.noun, 0, 0), *self.marks, ("", self.seen, self.skipped)]
        totals: dict[str, tuple[int, int]] = {self.noun: (0, 0)}
        for (noun, seen, skipped), (_, seen_next, skipped_next) in pairwise(bounds):
            read_before, seen_before = totals.get(noun, (0, 0))
            totals[noun] = (
                read_before + (seen_next - seen) - (skipped_next - skipped),
                seen_before + seen_next - seen,
            )
        marked = {noun for noun, _, _ in self.marks}
        if len(totals) > 1 and self.noun not in marked and totals[self.noun][1] == 0:
            del totals[self.noun]  # nothing was counted before the first count_as
        return totals

    def reading(self) -> Reading:
        """What the tally counted so far, frozen, to be said in any language."""
        return Reading(
            tuple((noun, read, seen) for noun, (read, seen) in self.per_noun.items()),
            tuple(self.lost),
            self.skipped,
            tuple(
                (reason, n, self.first_place[reason]) for reason, n in self.reasons.most_common()
            ),
            tuple(self.gaps),
        )

    def summary(self) -> str:
        """The English summary of what was read (`Reading.summary`)."""
        return self.reading().summary()


@dataclass(frozen=True)
class Reading:
    """What a tally counted: records read per noun, containers lost, skips and gaps."""

    per_noun: tuple[tuple[str, int, int], ...]
    """(noun, records read, records seen), the tally's own noun first"""
    lost: tuple[Lost, ...]
    skipped: int
    skips: tuple[tuple[str, int, str], ...]
    """(reason, records skipped for it, where the first was), the most frequent first"""
    gaps: tuple[Gap, ...]

    def summary(self, locale: Locale = ENGLISH) -> str:
        """'12,034 of 12,040 messages read; 6 skipped: 4 without timestamp (first at …), …'.

        With several nouns, each is counted in its own unit ("2,630 posts, 4,100 comments,
        9,800 votes, 1,000 users read"); whole containers not read come next ("1 stream not
        read: general (folder missing)"), then skips, then evidence the export lacks. The
        words are `locale`'s; the reasons, places and consequences are the connector's own.
        """
        say = locale.label
        if len(self.per_noun) == 1:
            [(noun, read, seen)] = self.per_noun
            parts = [say("cli.read.of", read=read, seen=seen, noun=_noun(locale, noun))]
        else:
            counts = ", ".join(
                f"{locale.count(read)} {_noun(locale, noun)}" for noun, read, _ in self.per_noun
            )
            parts = [say("cli.read.counts", counts=counts)]
        parts.extend(self._lost_parts(locale))
        if self.skipped:
            reasons = ", ".join(
                say("cli.read.reason", count=n, reason=reason, place=place)
                for reason, n, place in self.skips
            )
            parts.append(say("cli.read.skipped", count=self.skipped, reasons=reasons))
        parts.extend(
            say("cli.read.missing", missing=gap.missing, consequence=gap.consequence)
            for gap in self.gaps
        )
        return "; ".join(parts)

    def _lost_parts(self, locale: Locale) -> list[str]:
        """'2 streams not read: general, random (folder missing)', one part per word."""
        by_word: dict[str, dict[str, list[str]]] = {}
        for lost in self.lost:
            by_word.setdefault(lost.word, {}).setdefault(lost.reason, []).append(lost.container)
        parts = []
        for word, by_reason in by_word.items():
            n = sum(len(names) for names in by_reason.values())
            containers = ", ".join(
                f"{_first_names(locale, names)} ({reason})" for reason, names in by_reason.items()
            )
            plural = locale.label_or(
                plural_key(f"cli.read.word.{word}", n), word if n == 1 else f"{word}s"
            )
            parts.append(
                locale.label("cli.read.not_read", count=n, word=plural, containers=containers)
            )
        return parts


def _noun(locale: Locale, noun: str) -> str:
    """What a connector calls its records ("messages"), in `locale`'s language when known."""
    return locale.label_or(f"cli.read.noun.{noun}", noun)


def _first_names(locale: Locale, names: list[str]) -> str:
    """The first NAMES_SHOWN names, and how many more there are."""
    shown = ", ".join(names[:NAMES_SHOWN])
    more = len(names) - NAMES_SHOWN
    return locale.label("cli.read.and_more", names=shown, more=more) if more > 0 else shown
