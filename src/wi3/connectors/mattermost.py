"""Mattermost bulk export (JSONL): posts, replies, reactions, edits, saves, joins and leaves,
and the signals the export carries: its date, archived channels, team and channel members.

The bulk export (`mmctl export create`, or `mattermost export bulk` before v6) is one JSON
object per line, each with a `type`: `version` (always the first line), then `scheme`, `role`,
`emoji`, `team`, `channel`, `user`, `bot`, `post`, `direct_channel` and `direct_post` lines. The
format is the bulk *import* format, documented at
https://docs.mattermost.com/onboard/bulk-loading-data-format.html; the field names used here
follow `server/channels/app/imports/import_types.go` in mattermost/mattermost. `mmctl` wraps the
JSONL in a zip with the attachments under `data/`; this connector reads a `.jsonl` file (plain or
compressed), that zip, or its unzipped folder.

Quirks recorded here because they shape the mapping:

- Posts have no ids in a bulk export (the importer recognises a post again by channel, message
  and `create_at`). We derive one: the first 20 hex digits of a BLAKE2b hash of the channel's
  scope (`team/channel`, or the sorted member list of a direct channel), the author's user name
  and `create_at` in milliseconds. A reply's id hashes its post's id, its author and its
  `create_at`. These are stable across exports and never show a name.
- Replies are nested in their post (`replies`), reactions in their post or reply (`reactions`),
  and only the latest edit time is kept (`edit_at`).
- `flagged_by` lists who saved ("flagged") a post, without a time.
- Lines are counted as the tally's records: every line is one record, whether or not it turns
  into events (a `team` line does not).

Containers, audiences and archive state (the exporter is `server/channels/app/export.go` and
`export_converters.go` in mattermost/mattermost):

- Containers are `team/channel`; direct and group messages are "direct" (their channels have
  no name, only members). Teams are no container of events; a team's `members` signal names
  the team alone (`acme`).
- The version line's `info.created` (RFC 3339, the time the exporter started) is the export
  date: an `exported` signal. Import files written by hand, and older exports such as the 2019
  sample in shared/data, have no `info`.
- A channel line's `deleted_at` (milliseconds; 0 when open) gives an `archived` signal at that
  time. Exports leave archived channels out unless made with `mmctl export create
  --include-archived-channels`; servers from before that option never export them. The system posts
  `system_channel_deleted` and `system_channel_restored` (archived and unarchived, by whom and
  when) give `archived` / `unarchived` signals at their `create_at`. Deleted teams are never
  exported, and team lines carry no deletion time.
- Members come from the `user` lines: each lists its `teams[].name` and, per team,
  `channels[].name`. Every team and channel gets a `members` signal counting the user lines that
  list it, and the whole export one counting the user lines; a user with `delete_at` (a
  deactivated account) is not counted. Bots are `bot` lines, which list no memberships; direct
  channels get no signal. The lists are the state at export time: who was a member when is
  only in the join and leave posts. The members signals come after the last line, once every
  user line is counted; without user lines there are none.
"""

from __future__ import annotations

import hashlib
import json
import logging
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, TypeGuard

from wi3.connectors._files import DECOMPRESSION_ERRORS, ExportTree, open_binary
from wi3.errors import ExportError
from wi3.events import (
    Account,
    Event,
    Kind,
    Record,
    Signal,
    SignalKind,
    Tally,
    Via,
    utc,
)

logger = logging.getLogger(__name__)

NOUN = "lines"
DESCRIPTION = "Mattermost bulk export: the JSONL file of `mmctl export create` (or its zip)"
ARCHIVE_SIGNALS = True

# System posts that record membership. The joined or left person is the author, except for
# add/remove posts, where the author is whoever did it and props name the person affected.
_JOIN_TYPES = {
    "system_join_channel": None,
    "system_join_team": None,
    "system_add_to_channel": "addedUsername",
    "system_add_to_team": "addedUsername",
}
_LEAVE_TYPES = {
    "system_leave_channel": None,
    "system_leave_team": None,
    "system_remove_from_channel": "removedUsername",
    "system_remove_from_team": "removedUsername",
}
# System posts that record a channel being archived or reopened, at the post's create_at.
_ARCHIVAL_TYPES: dict[str, SignalKind] = {
    "system_channel_deleted": "archived",
    "system_channel_restored": "unarchived",
}


def read(path: Path, tally: Tally) -> Iterator[Record]:
    """Yield the accounts and events of a Mattermost bulk export, line by line.

    Mapping (container is `team/channel`, or "direct" for direct and group messages; item is
    the post's derived id, which is also the thread):

    - `user` line → Account (key: user name; aliases: e-mail, first + last name, nickname);
      `bot` line → Account with the bot flag (aliases: display name).
    - `post` / `direct_post` → create; each of its `replies` → reply (parent: the post,
      target: the post's author).
    - `reactions` of a post or reply → react at the reaction's own `create_at` (parent: the
      post or reply, target: its author).
    - `edit_at` later than `create_at` → edit at `edit_at` by the author (parent: the post or
      reply); only the latest edit is in the export.
    - `flagged_by` → view by each person who saved the post, timed at the post's `create_at`
      because the export has no flag time: a lower bound, good enough for monthly activity.
    - System posts: join/leave (`system_join_channel`, `system_leave_team`, … and the
      add/remove variants, whose props name the person) → join / leave; other system posts
      (header changes and the like) → no event.
    - via: `props.from_webhook` → integration; `props.from_bot` or an author from a `bot`
      line → bot; else person.
    - Signals (see the module docstring): version `info.created` → exported; channel
      `deleted_at` and `system_channel_deleted` posts → archived, `system_channel_restored`
      posts → unarchived; after the last line, `members` for the export, each team and each
      channel.

    Raises:
        ExportError: when the file is missing, empty, truncated, or does not start with a
            version line (then it is not a Mattermost bulk export).
    """
    with ExitStack() as stack:
        fh, name = _open(path, stack)
        yield from _read_lines(fh, name, tally)


def _open(path: Path, stack: ExitStack) -> tuple[IO[bytes], str]:
    """Open the JSONL stream of `path`: the file itself, or the .jsonl atop a zip or folder."""
    if path.is_dir() or (
        path.is_file() and (path.suffix.lower() == ".zip" or zipfile.is_zipfile(path))
    ):
        tree = stack.enter_context(ExportTree(path))
        jsonl = [n for n in tree.names() if "/" not in n and n.lower().endswith(".jsonl")]
        if len(jsonl) != 1:
            found = "none" if not jsonl else ", ".join(jsonl)
            raise ExportError(
                f"cannot read {path}: expected one .jsonl file at the top of the export, found "
                f"{found}. A Mattermost bulk export zip holds the JSONL file (e.g. import.jsonl) "
                "next to a data/ folder; give that zip, its folder, or the .jsonl file itself."
            )
        return stack.enter_context(tree.open(jsonl[0])), tree.where(jsonl[0])
    return stack.enter_context(open_binary(path)), path.name


def _numbered_lines(fh: IO[bytes], name: str) -> Iterator[tuple[int, bytes]]:
    """Non-blank lines with their 1-based numbers; a broken compressed stream is an ExportError."""
    lineno = 0
    try:
        for lineno, raw in enumerate(fh, 1):  # noqa: B007 - lineno is used after the loop
            if raw.strip():
                yield lineno, raw
    except DECOMPRESSION_ERRORS as exc:
        raise ExportError(
            f"cannot read {name}: the file breaks off after line {lineno} ({exc}). "
            "It is truncated or damaged; download or export it again."
        ) from exc


def _read_lines(fh: IO[bytes], name: str, tally: Tally) -> Iterator[Record]:
    """Turn each line into accounts, events and signals; line 1 must be the version line."""
    lines = _numbered_lines(fh, name)
    first = next(lines, None)
    if first is None:
        raise ExportError(f"cannot read {name}: it holds only blank lines. Export it again.")
    exported = _exported(_check_version(first[1], name), name)
    if exported is not None:
        yield exported
    tally.record()
    posts = _Posts()
    audience = _Audience()
    accounts = posts.accounts
    for lineno, raw in lines:
        try:
            line = json.loads(raw)
        except ValueError:  # JSONDecodeError and UnicodeDecodeError
            tally.skip(f"{name}:{lineno}", "malformed JSON")
            continue
        except RecursionError:
            tally.skip(f"{name}:{lineno}", "JSON nested too deep")
            continue
        if not isinstance(line, dict):
            tally.skip(f"{name}:{lineno}", "not a JSON object")
            continue
        kind = line.get("type")
        body = line.get(kind) if isinstance(kind, str) else None
        problems: list[str] = []
        if kind == "post" or kind == "direct_post":
            if isinstance(body, dict):
                for record in posts.records(body, kind == "direct_post", problems):
                    if isinstance(record, Event) and record.actor not in accounts:
                        # Only for authors without a user line (deleted users, partial exports).
                        accounts.add(record.actor)
                        yield Account(key=record.actor, bot=record.via == "bot")
                    yield record
            else:
                problems.append(f"{kind} line without a {kind} object")
        elif kind == "user" or kind == "bot":
            account = _account(body, bot=kind == "bot")
            if account is None:
                problems.append(f"{kind} line without username")
            elif account.key not in accounts:
                accounts.add(account.key)
                if account.bot:
                    posts.bots.add(account.key)
                elif isinstance(body, dict):  # always, since it has a username
                    audience.count(body)
                yield account
        elif kind == "team" or kind == "channel":
            yield from audience.declare(body, kind)
        # version, scheme, role, emoji, direct_channel: no events.
        if problems:
            for extra in problems[1:]:
                logger.warning("%s:%d: %s", name, lineno, extra)
            tally.skip(f"{name}:{lineno}", problems[0])
        else:
            tally.record()
    yield from audience.signals()
    logger.info("%s: %d events from %d lines", name, posts.count, tally.seen)


def _check_version(raw: bytes, name: str) -> dict[str, Any]:
    """The bulk export's version line, parsed; ExportError when `raw` is not one."""
    try:
        line = json.loads(raw)
    except (ValueError, RecursionError):
        line = None
    if isinstance(line, dict) and line.get("type") == "version":
        return line
    if isinstance(line, dict) and isinstance(line.get("type"), str):
        looks = f"line 1 is a {line['type']!r} line, and the version line must come first"
    elif isinstance(line, dict):
        looks = "line 1 is a JSON object without a type"
    elif raw.lstrip()[:1] in (b"{", b"["):
        looks = (
            "it looks like one multi-line JSON document (such as a Mattermost API "
            "response), not one JSON object per line"
        )
    elif raw.startswith(b"PK"):
        looks = "it looks like a zip archive; name it .zip"
    else:
        looks = "line 1 is not JSON"
    raise ExportError(
        f"cannot read {name}: it does not start with a version line: not a Mattermost bulk "
        f"export ({looks}). Export with `mmctl export create` and give the zip or the .jsonl "
        "file inside it."
    )


def _exported(version: dict[str, Any], name: str) -> Signal | None:
    """The `exported` signal from the version line's `info.created`; None without one.

    The exporter writes Go's RFC 3339 with nanoseconds ("2024-01-10T08:00:00.123456789Z");
    Python reads it to the microsecond.
    """
    info = version.get("info")
    created = info.get("created") if isinstance(info, dict) else None
    if created is None:
        return None
    try:
        moment = datetime.fromisoformat(created) if isinstance(created, str) else None
    except ValueError:
        moment = None
    if moment is None:
        logger.warning("%s:1: ignored the export date %r: not an RFC 3339 time", name, created)
        return None
    return Signal("exported", utc(moment))


def _account(record: object, bot: bool) -> Account | None:
    """The Account of a `user` or `bot` line, keyed by user name; None without a user name.

    Aliases: e-mail, first + last name and nickname for users; the display name for bots
    (bot lines exist since Mattermost 5.12).
    """
    if not isinstance(record, dict):
        return None
    username = record.get("username")
    if not isinstance(username, str) or not username:
        return None
    if bot:
        return Account(key=username, aliases=_aliases(record.get("display_name")), bot=True)
    first, last = record.get("first_name"), record.get("last_name")
    full = " ".join(p for p in (first, last) if isinstance(p, str) and p)
    return Account(
        key=username, aliases=_aliases(record.get("email"), full, record.get("nickname"))
    )


def _aliases(*values: object) -> tuple[str, ...]:
    """The non-empty string values, without repeats, in order."""
    return tuple(dict.fromkeys(v.strip() for v in values if isinstance(v, str) and v.strip()))


class _Audience:
    """Counts the people in the export, in each team and in each channel, from the user lines.

    Only counts are kept, one per team and channel, so memory does not grow with the users.
    """

    def __init__(self) -> None:
        self.people: int | None = None
        """Active user lines read; None while no user line has been read."""
        self.members: dict[str, int] = {}
        """Team or `team/channel` → active user lines listing it, in the order first named."""

    def declare(self, line: object, kind: str) -> list[Signal]:
        """Note a team or channel line's container; a channel's `deleted_at` is its archiving."""
        name = line.get("name") if isinstance(line, dict) else None
        if not isinstance(line, dict) or not isinstance(name, str) or not name:
            return []
        if kind == "team":
            self.members.setdefault(name, 0)
            return []
        team = line.get("team")
        container = f"{team}/{name}" if isinstance(team, str) and team else name
        self.members.setdefault(container, 0)
        deleted = line.get("deleted_at")
        return [Signal("archived", _ms(deleted), container)] if _is_ms(deleted) else []

    def count(self, user: dict[str, Any]) -> None:
        """Count one user line (a new account) in its teams and channels, unless deactivated."""
        if self.people is None:
            self.people = 0
        if _is_ms(user.get("delete_at")):
            return
        self.people += 1
        teams = user.get("teams")
        joined: set[str] = set()
        for team in teams if isinstance(teams, list) else ():
            name = team.get("name") if isinstance(team, dict) else None
            if not isinstance(name, str) or not name:
                continue
            joined.add(name)
            channels = team.get("channels")
            for channel in channels if isinstance(channels, list) else ():
                cname = channel.get("name") if isinstance(channel, dict) else None
                if isinstance(cname, str) and cname:
                    joined.add(f"{name}/{cname}")
        for container in sorted(joined):  # a set's order changes from run to run
            self.members[container] = self.members.get(container, 0) + 1

    def signals(self) -> list[Signal]:
        """A `members` signal for the export, then one per team and channel; none without users."""
        if self.people is None:
            return []
        return [
            Signal("members", count=self.people),
            *(Signal("members", container=c, count=n) for c, n in self.members.items()),
        ]


class _Posts:
    """Turns post lines into events, remembering the accounts and bots seen.

    Events are built with positional arguments, in Event's field order (native_id, ts, kind,
    actor, container, item, parent, target, size, via): a third faster than keywords, which
    matters at millions of posts. tests/connectors/test_csv_rows.py pins that order.
    """

    def __init__(self) -> None:
        self.accounts: set[str] = set()
        self.bots: set[str] = set()
        self.count = 0

    def records(
        self, post: dict[str, Any], direct: bool, problems: list[str]
    ) -> Sequence[Event | Signal]:
        """The events of one post line: the post, its replies and more (see `read`).

        A system post gives at most one join/leave event or archived/unarchived signal.

        Problems with the post itself make it yield nothing; problems with a reply or reaction
        drop only that reply or reaction. Either way they are added to `problems`.
        """
        user, created = post.get("user"), post.get("create_at")
        if not isinstance(user, str) or not user:
            problems.append("post without user")
            return []
        if not _is_ms(created):
            problems.append("post without create_at")
            return []
        if direct:
            members = post.get("channel_members")
            if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
                problems.append("direct post without channel_members")
                return []
            scope, container = "direct:" + ",".join(sorted(members)), "direct"
        else:
            team, channel = post.get("team"), post.get("channel")
            if not isinstance(channel, str) or not channel:
                problems.append("post without channel")
                return []
            # Channel names are unique only within a team (every team has a town-square).
            container = f"{team}/{channel}" if isinstance(team, str) and team else channel
            scope = container
        post_id = _digest(scope, user, str(created))
        post_type = post.get("type")
        if post_type and isinstance(post_type, str) and post_type.startswith("system_"):
            return _system(post, post_type, post_id, created, container)
        message = post.get("message")
        events = [
            Event(
                post_id,
                _ms(created),
                "create",
                user,
                container,
                post_id,
                None,
                None,
                len(message) if isinstance(message, str) else 0,
                self._via(post, user),
            )
        ]
        if post.get("reactions") or post.get("flagged_by") or post.get("edit_at"):
            self._follow_ups(events, post, post_id, post_id, user, created, container, problems)
        replies = post.get("replies")
        for reply in replies if isinstance(replies, list) else ():
            if not isinstance(reply, dict):
                problems.append("reply that is not an object")
                continue
            r_user, r_created = reply.get("user"), reply.get("create_at")
            if not isinstance(r_user, str) or not r_user:
                problems.append("reply without user")
                continue
            if not _is_ms(r_created):
                problems.append("reply without create_at")
                continue
            reply_id = _digest(post_id, r_user, str(r_created))
            text = reply.get("message")
            events.append(
                Event(
                    reply_id,
                    _ms(r_created),
                    "reply",
                    r_user,
                    container,
                    post_id,
                    post_id,
                    user,
                    len(text) if isinstance(text, str) else 0,
                    self._via(reply, r_user),
                )
            )
            if reply.get("reactions") or reply.get("flagged_by") or reply.get("edit_at"):
                self._follow_ups(
                    events, reply, reply_id, post_id, r_user, r_created, container, problems
                )
        self.count += len(events)
        return events

    def _follow_ups(
        self,
        events: list[Event],
        record: dict[str, Any],
        record_id: str,
        thread: str,
        author: str,
        created: int,
        container: str,
        problems: list[str],
    ) -> None:
        """Append the edit, saves and reactions recorded on one post or reply."""
        edited, flagged, reactions = (
            record.get("edit_at"),
            record.get("flagged_by"),
            record.get("reactions"),
        )
        if _is_ms(edited) and edited > created:
            text = record.get("message")
            events.append(
                Event(
                    f"{record_id}:edit:{edited}",
                    _ms(edited),
                    "edit",
                    author,
                    container,
                    thread,
                    record_id,
                    None,
                    len(text) if isinstance(text, str) else 0,
                    self._via(record, author),
                )
            )
        if flagged and isinstance(flagged, list):
            for saver in flagged:
                if isinstance(saver, str) and saver:
                    events.append(
                        Event(
                            f"{record_id}:save:{_digest(saver)}",
                            _ms(created),
                            "view",
                            saver,
                            container,
                            thread,
                            record_id,
                            author,
                            0,
                            "bot" if saver in self.bots else "person",
                        )
                    )
        if reactions and isinstance(reactions, list):
            for reaction in reactions:
                if not isinstance(reaction, dict):
                    problems.append("reaction that is not an object")
                    continue
                r_user, r_created = reaction.get("user"), reaction.get("create_at")
                if not isinstance(r_user, str) or not r_user:
                    problems.append("reaction without user")
                    continue
                if not _is_ms(r_created):
                    problems.append("reaction without create_at")
                    continue
                emoji = str(reaction.get("emoji_name"))
                events.append(
                    Event(
                        f"{record_id}:react:{_digest(r_user, emoji, str(r_created))}",
                        _ms(r_created),
                        "react",
                        r_user,
                        container,
                        thread,
                        record_id,
                        author,
                        0,
                        "bot" if r_user in self.bots else "person",
                    )
                )

    def _via(self, record: dict[str, Any], user: str) -> Via:
        """integration for webhook posts, bot for bot posts or bot accounts, else person."""
        props = record.get("props")
        if props and isinstance(props, dict):
            if str(props.get("from_webhook", "")).lower() == "true":
                return "integration"
            if str(props.get("from_bot", "")).lower() == "true":
                return "bot"
        return "bot" if user in self.bots else "person"


def _system(
    post: dict[str, Any], post_type: str, post_id: str, created: int, container: str
) -> list[Event | Signal]:
    """The join/leave event or archived/unarchived signal of a system post, if it is one of those.

    Membership posts give a join or leave event; a channel's archiving or restoring post gives
    an archived or unarchived signal; other system posts (header changes, ...) give nothing.
    """
    kind: Kind
    if post_type in _ARCHIVAL_TYPES and container != "direct":
        return [Signal(_ARCHIVAL_TYPES[post_type], _ms(created), container)]
    if post_type in _JOIN_TYPES:
        kind, prop = "join", _JOIN_TYPES[post_type]
    elif post_type in _LEAVE_TYPES:
        kind, prop = "leave", _LEAVE_TYPES[post_type]
    else:
        logger.debug("system post %s of type %s: no event", post_id, post_type)
        return []
    actor = post.get("user")
    if prop is not None:
        props = post.get("props")
        actor = props.get(prop) if isinstance(props, dict) else None
    if not isinstance(actor, str) or not actor:
        return []
    return [Event(post_id, _ms(created), kind, actor, container, post_id)]


def _is_ms(value: object) -> TypeGuard[int]:
    """True for a positive integer (a Mattermost time in milliseconds since the epoch)."""
    return type(value) is int and value > 0


def _ms(value: int) -> datetime:
    """Milliseconds since the epoch as a UTC datetime.

    Exact: a float of seconds carries the milliseconds with an error far below the half
    microsecond at which `fromtimestamp` would round differently.
    """
    return datetime.fromtimestamp(value / 1000, UTC)


def _digest(*parts: str) -> str:
    """A 20-hex-digit BLAKE2b hash of `parts`: stable ids that show no names."""
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=10).hexdigest()
