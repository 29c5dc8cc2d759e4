"""How each file of a Stack Exchange data dump becomes events (the mapping is in stackexchange.py).

`Dump` reads the files one after another and keeps what later files need to know about earlier
ones; each of its methods documents the quirks of its file.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from lxml import etree

from wi3.connectors._xml import describe_root, iter_elements, root_tag
from wi3.errors import ExportError
from wi3.events import Account, Event, Kind, Signal, Tally, Via

logger = logging.getLogger(__name__)

COMMUNITY = "-1"
"""The Community user: a background process that owns wiki posts and anonymous suggested edits."""

_ROOTS = {
    "Users.xml": "users",
    "Tags.xml": "tags",
    "Posts.xml": "posts",
    "PostHistory.xml": "posthistory",
    "Comments.xml": "comments",
    "Votes.xml": "votes",
}
_NOUNS = {
    "Users.xml": "users",
    "Posts.xml": "posts",
    "PostHistory.xml": "history entries",
    "Comments.xml": "comments",
    "Votes.xml": "votes",
}
"""What the summary calls the rows of each counted file (Tags.xml rows are not counted)."""
_REMEDY = "The file looks truncated or damaged; unpack the data dump again."

_EDITS = frozenset({"4", "5", "6", "7", "8", "9"})
"""PostHistory types that revise a post: title, body, tags (4-6) and their rollbacks (7-9).

Types 1-3 are the initial title/body/tags (the create already comes from Posts.xml). Type 24
("suggested edit applied") shares its RevisionGUID with the 4-6 rows that carry the proposer's
UserId, so it adds no event of its own. Other types (close, reopen, delete, lock, tweet, bump,
notices) are moderation or system actions, not contributions."""

_ACCEPT = "1"
_REACTIONS = frozenset({"2", "3", "5", "8"})
"""Vote types that are a person's reaction: up, down, favourite, bounty start. The public dumps
give a UserId only for favourites and bounties; up- and down-votes are anonymous there (Teams
exports may carry it), so they are counted as read but cannot be attributed to anyone."""


def _time(row: etree._Element) -> datetime | None:
    """The row's CreationDate in UTC (the dumps write UTC without a zone), or None."""
    try:
        return datetime.fromisoformat(row.get("CreationDate") or "").replace(tzinfo=UTC)
    except ValueError:
        return None


def _time_problem(row: etree._Element) -> str:
    """Why `_time` found no time: the skip reason."""
    return "unreadable timestamp" if row.get("CreationDate") else "without timestamp"


def _number(row: etree._Element, attribute: str) -> int | None:
    """An integer attribute, or None when it is absent or not a number."""
    text = row.get(attribute)
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        return None


def _first_tag(tags: str | None) -> str:
    """The first tag of `<beer><hops>` (dumps to 2023) or `|beer|hops|` (later dumps)."""
    if not tags or len(tags) < 3:
        return "untagged"
    end = tags.find(">" if tags[0] == "<" else "|", 1)
    return sys.intern(tags[1:end] if end > 1 else tags[1:])


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)
_ID_BITS = 64


class _PostIndex:
    """post id → (id of its question or tag wiki, owner key, creation time), about 100 bytes a post.

    Each post is one int: creation time in ms since 1970 (plus one; 0 when unknown), owner number
    and item id, 64 bits apart. A dict of tuples holding datetimes takes two to three times as much,
    which for Stack Overflow itself (tens of millions of posts) is the difference between a few
    and 15 GB.
    """

    def __init__(self) -> None:
        self._posts: dict[int, int] = {}
        self._owners: list[str | None] = [None]
        self._numbers: dict[str, int] = {}

    def __contains__(self, post: int) -> bool:
        return post in self._posts

    def add(self, post: int, item: int, owner: str | None, created: datetime | None) -> None:
        """Remember a post; `item` must be a non-negative id."""
        number = 0
        if owner is not None:
            number = self._numbers.setdefault(owner, len(self._owners))
            if number == len(self._owners):
                self._owners.append(owner)
        ms = 0 if created is None else (created - _EPOCH) // _MS + 1
        self._posts[post] = (((ms << _ID_BITS) | number) << _ID_BITS) | item

    def __getitem__(self, post: int) -> tuple[int, str | None, datetime | None]:
        packed = self._posts[post]
        item = packed & ((1 << _ID_BITS) - 1)
        owner = self._owners[(packed >> _ID_BITS) & ((1 << _ID_BITS) - 1)]
        ms = packed >> (2 * _ID_BITS)
        return item, owner, None if ms == 0 else _EPOCH + (ms - 1) * _MS


@dataclass
class Dump:
    """One dump folder being read, with what later files need to know from earlier ones."""

    files: dict[str, Path]
    tally: Tally
    known: set[str] = field(default_factory=set)
    posts: _PostIndex = field(default_factory=_PostIndex)
    containers: dict[int, str] = field(default_factory=dict)
    """question or tag-wiki id → container"""
    accepted: set[int] = field(default_factory=set)
    """accepted answers for which no accept vote has been read (yet)"""
    wiki_tags: dict[int, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    """display name → key, for users known only by their name"""
    aliases: dict[str, str] = field(default_factory=dict)
    """the reverse"""
    ignored: Counter[str] = field(default_factory=Counter)
    file: str = ""
    """the file being read"""

    def rows(self, name: str) -> Iterator[etree._Element]:
        """Each row of one file, after checking the root element."""
        path = self.files[name]
        _uri, root = root_tag(path, "Give the folder of an unpacked Stack Exchange data dump.")
        if root != _ROOTS[name]:
            raise ExportError(
                f"cannot read {path}: expected <{_ROOTS[name]}> as the root element, found "
                f"<{root}>; this is {describe_root(root)}. Give the folder of an unpacked "
                "Stack Exchange data dump."
            )
        self.file = name
        if name in _NOUNS:
            self.tally.count_as(_NOUNS[name])
        return iter_elements(path, ("row",), _REMEDY)

    def skip(self, row: etree._Element, reason: str) -> None:
        """Count a malformed row as skipped, at `file:line`."""
        self.tally.skip(f"{self.file}:{row.sourceline}", reason)

    def person(self, row: etree._Element, id_attribute: str, name_attribute: str) -> str | None:
        """The key of who wrote a row: the UserId, else `name:<digest of the name>`, else None.

        Posts and comments of deleted or unregistered users carry only a display name (often
        `user1234`, sometimes a real name). A display name is an alias, never an event field, so
        the key is a digest of it and the name goes to the Account's aliases; two such users
        with one name merge.
        """
        user = row.get(id_attribute)
        if user:
            return sys.intern(user)
        name = row.get(name_attribute)
        if not name:
            return None
        key = self.names.get(name)
        if key is None:
            digest = hashlib.blake2b(name.encode(), digest_size=8).hexdigest()
            key = self.names[name] = f"name:{digest}"
            self.aliases[key] = name
        return key

    def event(self, event: Event) -> Iterator[Account | Event]:
        """The event, preceded by an Account for its actor or target when that is new.

        Users.xml lists every account, so this only adds keys it lacks: `name:` keys of deleted
        users (with the name as alias) and users missing from a partial dump.
        """
        for key in (event.actor, event.target):
            if key is not None and key not in self.known:
                self.known.add(key)
                alias = self.aliases.get(key)
                yield Account(key, aliases=(alias,) if alias else (), bot=key == COMMUNITY)
        yield event

    def users(self) -> Iterator[Account | Signal]:
        """Users.xml: one Account per user, keyed by the site's user Id; then the member count.

        Users.xml lists the site's registered accounts (deleted ones are gone from the dump), so
        all of them but the Community bot are its members.
        """
        members = 0
        for row in self.rows("Users.xml"):
            key = sys.intern(row.get("Id") or "")
            if not key:
                self.skip(row, "without Id")
                continue
            self.tally.record()
            aliases = tuple(a for a in (row.get("DisplayName"), row.get("AccountId")) if a)
            self.known.add(key)
            if key != COMMUNITY:
                members += 1
            yield Account(key, aliases=aliases, bot=key == COMMUNITY)
        yield Signal("members", count=members)

    def tags(self) -> None:
        """Tags.xml: which tag each tag-wiki post belongs to (not counted: no events)."""
        for row in self.rows("Tags.xml"):
            tag = row.get("TagName")
            for attribute in ("WikiPostId", "ExcerptPostId"):
                post = _number(row, attribute)
                if tag and post is not None:
                    self.wiki_tags[post] = sys.intern(tag)

    def questions_and_answers(self) -> Iterator[Account | Event]:
        """Posts.xml: questions, answers and tag wikis; size is the HTML Body's length.

        The title is not counted in the size. Other post types (privilege wikis, moderator
        nominations, help pages) are site administration and produce no event. A post is
        remembered even when its own event is skipped, so its answers and comments still count.
        """
        for row in self.rows("Posts.xml"):
            post = _number(row, "Id")
            if post is None or post < 0:
                self.skip(row, "without Id")
                continue
            owner = self.person(row, "OwnerUserId", "OwnerDisplayName")
            post_type = row.get("PostTypeId")
            kind: Kind = "create"
            parent: int | None = None
            target: str | None = None
            if post_type == "1":
                item = post
                self.containers[post] = _first_tag(row.get("Tags"))
                accepted = _number(row, "AcceptedAnswerId")
                if accepted is not None:
                    self.accepted.add(accepted)
            elif post_type == "2":
                question = _number(row, "ParentId")
                if question is None or question not in self.containers:
                    self.skip(row, "answer to an unknown question")
                    continue
                item = parent = question
                kind, target = "reply", self.posts[question][1]
            elif post_type in ("4", "5"):
                item = post
                kind = "edit"  # content, not a thread that waits for answers
                self.containers[post] = self.wiki_tags.get(post, "untagged")
            else:
                self.tally.record()
                self.ignored[f"site posts of type {post_type}"] += 1
                continue
            ts = _time(row)
            self.posts.add(post, item, owner, ts)
            if ts is None or owner is None:
                self.skip(row, _time_problem(row) if ts is None else "without owner")
                continue
            self.tally.record()
            yield from self.event(
                Event(
                    native_id=f"post:{post}",
                    ts=ts,
                    kind=kind,
                    actor=owner,
                    container=self.containers[item],
                    item=str(item),
                    parent=None if parent is None else str(parent),
                    target=target,
                    size=len(row.get("Body") or ""),
                    via=_via(owner),
                )
            )

    def edits(self) -> Iterator[Account | Event]:
        """PostHistory.xml: one edit per revision (rows sharing a RevisionGUID, which are adjacent).

        Size is the total length of the revised title, body and tags texts. The id is that of the
        revision's first row, which later dumps keep.
        """
        pending: Event | None = None
        revision = ""
        for row in self.rows("PostHistory.xml"):
            if row.get("PostHistoryTypeId") not in _EDITS:
                self.tally.record()
                continue
            post = _number(row, "PostId")
            ts = _time(row)
            actor = self.person(row, "UserId", "UserDisplayName")
            if post is None or not row.get("Id"):
                self.skip(row, "without Id or PostId")
                continue
            if ts is None:
                self.skip(row, _time_problem(row))
                continue
            size = len(row.get("Text") or "")
            guid = row.get("RevisionGUID") or f"line {row.sourceline}"
            if pending is not None and guid == revision and pending.parent == str(post):
                self.tally.record()
                pending = pending._replace(size=pending.size + size)
                continue
            if pending is not None:
                yield from self.event(pending)
                pending = None
            if actor is None:
                self.skip(row, "without user")
                continue
            self.tally.record()
            if post not in self.posts:
                self.ignored["edits of deleted posts"] += 1
                continue
            item = self.posts[post][0]
            revision = guid
            pending = Event(
                native_id=f"history:{row.get('Id')}",
                ts=ts,
                kind="edit",
                actor=actor,
                container=self.containers[item],
                item=str(item),
                parent=str(post),
                size=size,
                via=_via(actor),
            )
        if pending is not None:
            yield from self.event(pending)

    def comments(self) -> Iterator[Account | Event]:
        """Comments.xml: replies to a question or answer; size is the Text's length."""
        for row in self.rows("Comments.xml"):
            post = _number(row, "PostId")
            ts = _time(row)
            actor = self.person(row, "UserId", "UserDisplayName")
            if post is None or not row.get("Id"):
                self.skip(row, "without Id or PostId")
            elif ts is None:
                self.skip(row, _time_problem(row))
            elif actor is None:
                self.skip(row, "without user")
            elif post not in self.posts:
                self.tally.record()
                self.ignored["comments on deleted posts"] += 1
            else:
                self.tally.record()
                item, owner, _created = self.posts[post]
                yield from self.event(
                    Event(
                        native_id=f"comment:{row.get('Id')}",
                        ts=ts,
                        kind="reply",
                        actor=actor,
                        container=self.containers[item],
                        item=str(item),
                        parent=str(post),
                        target=owner,
                        size=len(row.get("Text") or ""),
                        via=_via(actor),
                    )
                )

    def votes(self) -> Iterator[Account | Event]:
        """Votes.xml: accepts (with the date the asker accepted) and attributable reactions.

        Vote times are dates only. Midnight of that day can fall before the post was written,
        so an event takes the later of the vote's date and the post's creation time.
        """
        for row in self.rows("Votes.xml"):
            kind = row.get("VoteTypeId")
            voter: str = row.get("UserId") or ""
            if kind != _ACCEPT and (kind not in _REACTIONS or not voter):
                self.tally.record()
                self.ignored["anonymous votes" if kind in _REACTIONS else "moderation votes"] += 1
                continue
            post = _number(row, "PostId")
            ts = _time(row)
            if post is None or not row.get("Id"):
                self.skip(row, "without Id or PostId")
                continue
            if ts is None:
                self.skip(row, _time_problem(row))
                continue
            self.tally.record()
            if kind == _ACCEPT:
                self.accepted.discard(post)
                yield from self.accept(post, ts)
            elif post not in self.posts:
                self.ignored["votes on deleted posts"] += 1
            else:
                item, owner, created = self.posts[post]
                yield from self.event(
                    Event(
                        native_id=f"vote:{row.get('Id')}",
                        ts=ts if created is None else max(ts, created),
                        kind="react",
                        actor=sys.intern(voter),
                        container=self.containers[item],
                        item=str(item),
                        parent=str(post),
                        target=owner,
                        via=_via(voter),
                    )
                )

    def accept(self, answer: int, ts: datetime | None) -> Iterator[Account | Event]:
        """The asker's accept of an answer, timed no earlier than the answer was written."""
        if answer not in self.posts:
            self.ignored["accepts of deleted answers"] += 1
            return
        question, answerer, created = self.posts[answer]
        asker = self.posts[question][1]
        when = max(ts, created) if ts and created else ts or created
        if asker is None or when is None:
            self.ignored["accepts without asker or time"] += 1
            return
        yield from self.event(
            Event(
                native_id=f"accept:{answer}",
                ts=when,
                kind="accept",
                actor=asker,
                container=self.containers[question],
                item=str(question),
                parent=str(answer),
                target=answerer,
                via=_via(asker),
            )
        )

    def unvoted_accepts(self) -> Iterator[Account | Event]:
        """Accepted answers without an accept vote, timed when the answer was written.

        The dump keeps no accept time apart from the vote, and a question's LastActivityDate moves
        with every later edit or comment, so the answer's CreationDate (the earliest possible
        accept time) is the closest honest choice.
        """
        for answer in sorted(self.accepted):
            yield from self.accept(answer, None)


def _via(actor: str) -> Via:
    """'bot' for the Community user's events, else 'person'."""
    return "bot" if actor == COMMUNITY else "person"
