"""Slack message objects as events: the mapping half of the Slack connector (see `slack`).

`Messages` turns one message object of a day file into its events (and an archive notice into
an `archived` or `unarchived` signal) and keeps what a stream of them needs: which accounts were
already yielded, which of them are people, which bot ids belong to which bot users, and per
channel the authors of thread parents and the deleted messages.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from wi3.events import Account, Event, Kind, Record, Signal, SignalKind, Tally, Via

logger = logging.getLogger(__name__)

_SLACKBOT = "USLACKBOT"

_CONTENT = frozenset(
    {"", "me_message", "thread_broadcast", "file_share", "bot_message", "slackbot_response"}
)
"""Subtypes that are someone's contribution. Everything else not handled below (channel_topic,
channel_purpose, channel_name, channel_archive, bot_add, reminder_add, welcome_party, pinned_item,
huddles, ...) is a system notice: counted as read, no event (an archive notice gives a signal)."""
_JOIN = frozenset({"channel_join", "group_join"})
_LEAVE = frozenset({"channel_leave", "group_leave"})
_DELETED = frozenset({"tombstone", "message_deleted"})
_ARCHIVAL: dict[str, SignalKind] = {
    "channel_archive": "archived",
    "group_archive": "archived",
    "channel_unarchive": "unarchived",
    "group_unarchive": "unarchived",
}
"""Notices of a channel (channel_) or private channel (group_) being archived or reopened."""


@dataclass(frozen=True, slots=True)
class Channel:
    """Where a day file's messages were posted, as events name it."""

    key: str
    """The conversation id, or the folder name when no channel list names the folder."""
    container: str
    """The channel name; "direct" for DMs and group DMs (whose names are people's names)."""


def parse_ts(value: object) -> tuple[str, datetime] | None:
    """('1605192304.000400', its UTC datetime) from a Slack ts; None when it is not one.

    Slack ts are strings of seconds and microseconds; splitting them avoids the float rounding
    that `fromtimestamp(float(ts))` makes at the microsecond. Some tools write numbers instead.
    """
    try:
        if isinstance(value, str):
            sec, _, frac = value.partition(".")
            if not (sec.isascii() and sec.isdigit()) or (frac and not frac.isdigit()):
                return None
            moment = datetime.fromtimestamp(int(sec), UTC)
            if frac:
                moment = moment.replace(microsecond=int(frac[:6].ljust(6, "0")))
            return value, moment
        if isinstance(value, int | float) and not isinstance(value, bool):
            return f"{value:.6f}", datetime.fromtimestamp(value, UTC)
    except (ValueError, OverflowError, OSError):
        return None
    return None


def _aliases(user: dict[str, Any]) -> tuple[str, ...]:
    """E-mail, user name, real name and display name of a users.json record, when present."""
    profile = user.get("profile")
    profile = profile if isinstance(profile, dict) else {}
    found = (
        profile.get("email"),
        user.get("name"),
        user.get("real_name"),
        profile.get("real_name"),
        profile.get("display_name"),
    )
    return tuple(dict.fromkeys(a.strip() for a in found if isinstance(a, str) and a.strip()))


class Messages:
    """Turns message objects into events, remembering which accounts were already yielded.

    Per message the events are collected in a list rather than nested generators: cheaper, and
    an Account is appended right before the first event that names its key.
    """

    def __init__(self, tally: Tally, users_file: str) -> None:
        self.tally = tally
        self.users_file = users_file
        self.known: set[str] = set()
        self.bots: set[str] = {_SLACKBOT}
        self.people: set[str] = set()
        """Users that users.json gives as people: not a bot, not Slackbot, not deactivated."""
        self.bot_users: dict[str, str] = {}
        """Bot id (B...) → the bot user (U...) that users.json or a bot_profile gives for it."""
        self.ignored: Counter[str] = Counter()
        self.roots: dict[str, str] = {}
        """Thread parent ts → author in the current channel (old exports lack parent_user_id)."""
        self.deleted: set[str] = set()
        """ts of deleted messages in the current channel: their replies have no known target."""

    def read_users(self, users: list[Any]) -> Iterator[Account]:
        """One Account per users.json record, flagged bot for bot users and Slackbot.

        Slackbot is listed with `is_bot: false`, so it is recognised by its id. A deactivated
        account (`deleted`) still gets its Account (its past messages count) but is no person
        of the workspace now.
        """
        for index, user in enumerate(users, 1):
            uid = user.get("id") if isinstance(user, dict) else None
            if not isinstance(user, dict) or not isinstance(uid, str) or not uid:
                self.tally.skip(f"{self.users_file}:#{index}", "user without id")
                continue
            profile = user.get("profile")
            bot = bool(user.get("is_bot")) or uid == _SLACKBOT
            if bot:
                self.bots.add(uid)
                bot_id = profile.get("bot_id") if isinstance(profile, dict) else None
                if isinstance(bot_id, str) and bot_id:
                    self.bot_users[bot_id] = uid
            elif not user.get("deleted"):
                self.people.add(uid)
            if uid not in self.known:
                self.known.add(uid)
                yield Account(uid, _aliases(user), bot)

    def _need(self, key: str, out: list[Record], name: object = None) -> None:
        """Append an Account for a key not yet yielded (Slackbot, a bot id, an unlisted user).

        Only a bot profile's app name becomes an alias: the per-message `username` of a
        bot_message can be a person's name (bridges such as Element post as the bridged person).
        """
        if key in self.known:
            return
        self.known.add(key)
        bot = key == _SLACKBOT or key.startswith("B")
        if bot:
            self.bots.add(key)
        aliases = ("slackbot",) if key == _SLACKBOT else ()
        if isinstance(name, str) and name.strip():
            aliases = (name.strip(),)
        out.append(Account(key, aliases, bot))

    def _author(self, m: dict[str, Any]) -> str | None:
        """Who posted a message: `user`, else the bot user behind `bot_id`, else the bot id."""
        user = m.get("user")
        if isinstance(user, str) and user:
            return user
        bot_id = m.get("bot_id")
        if not isinstance(bot_id, str) or not bot_id:
            return None
        profile = m.get("bot_profile")
        if isinstance(profile, dict) and isinstance(profile.get("user_id"), str):
            self.bot_users.setdefault(bot_id, profile["user_id"])
        return self.bot_users.get(bot_id, bot_id)

    def _via(self, key: str) -> Via:
        return "bot" if key in self.bots else "person"

    def start_channel(self) -> None:
        """Forget the thread parents and deleted messages of the previous channel."""
        self.roots.clear()
        self.deleted.clear()

    def message(
        self, m: dict[str, Any], parsed: tuple[str, datetime], channel: Channel, where: str
    ) -> list[Record]:
        """The events of one message object with a valid ts.

        A channel_archive/group_archive notice (or its _unarchive twin) also gives an
        `archived` (`unarchived`) signal at its ts: the only record of when a channel closed,
        since channels.json says only whether it is archived now, and leaves archived channels
        out altogether in some exports. DMs and group DMs give none.
        """
        ts, moment = parsed
        subtype = m.get("subtype") or ""
        if not isinstance(subtype, str):
            subtype = "?"
        if subtype == "message_changed":  # before `hidden`: these records are hidden too
            return self._changed(m, ts, channel, where)
        if subtype in _DELETED or m.get("hidden"):
            # "This message was deleted." (a Slackbot tombstone kept for its thread) is no
            # contribution; it is counted as read, and its replies keep their place.
            self.tally.record()
            self.ignored["deleted"] += 1
            self.deleted.add(ts)
            return []
        author = self._author(m)
        membership = subtype in _JOIN or subtype in _LEAVE
        content = subtype in _CONTENT
        if author is None and (content or membership):
            self.tally.skip(where, "without author")
            return []
        self.tally.record()
        out: list[Record] = []
        own = f"{channel.key}/{ts}"
        item = own
        if author is not None:
            profile = m.get("bot_profile")
            self._need(author, out, profile.get("name") if isinstance(profile, dict) else None)
        if author is not None and membership:
            # A join's `inviter` is not its target: the target is whom the actor acts upon.
            kind: Kind = "join" if subtype in _JOIN else "leave"
            out.append(
                Event(
                    own, moment, kind, author, channel.container, channel.key, via=self._via(author)
                )
            )
        elif author is not None and content:
            # bot_message comes from an integration (webhook, Zapier, a feed, a chat bridge)
            # with no Slack user behind it; a bot user's message (an app, Slackbot) is a bot's.
            via: Via = "integration" if subtype == "bot_message" else self._via(author)
            item = self._post(m, ts, moment, author, via, channel, out)
            self._edit(m.get("edited"), m.get("text"), own, item, author, via, channel, out)
        else:
            # channel_topic/purpose/name/archive, bot_add, reminder_add, welcome_party, ...
            self.ignored[subtype or "?"] += 1
            state = _ARCHIVAL.get(subtype)
            if state is not None and channel.container != "direct":
                out.append(Signal(state, moment, channel.container))
        thread_ts = m.get("thread_ts")
        if isinstance(thread_ts, str):
            item = f"{channel.key}/{thread_ts}"
        self._reactions(m.get("reactions"), moment, author, own, item, channel, out, where)
        return out

    def _post(
        self,
        m: dict[str, Any],
        ts: str,
        moment: datetime,
        author: str,
        via: Via,
        channel: Channel,
        out: list[Record],
    ) -> str:
        """Append a create (stand-alone or thread parent) or reply event; return its thread.

        Files (subtype file_share, or a `files` list) are messages like any other; size is the
        length of the text typed with them. Attachments and blocks are not counted in size.
        A reply's target is `parent_user_id`, else the broadcast's `root.user`, else the
        author of the parent read earlier; none when the parent was deleted.
        """
        own = f"{channel.key}/{ts}"
        text = m.get("text")
        size = len(text) if isinstance(text, str) else 0
        thread_ts = m.get("thread_ts")
        if not isinstance(thread_ts, str) or thread_ts == ts:
            if thread_ts == ts:
                self.roots[ts] = author
            out.append(
                Event(own, moment, "create", author, channel.container, own, size=size, via=via)
            )
            return own
        item = f"{channel.key}/{thread_ts}"
        target = None
        if thread_ts not in self.deleted:
            target = m.get("parent_user_id")
            root = m.get("root")
            if not isinstance(target, str) and isinstance(root, dict):
                target = root.get("user")
            if not isinstance(target, str) or not target:
                target = self.roots.get(thread_ts)
        if target is not None:
            self._need(target, out)
        out.append(
            Event(own, moment, "reply", author, channel.container, item, item, target, size, via)
        )
        return item

    def _edit(
        self,
        edited: object,
        text: object,
        own: str,
        item: str,
        author: str,
        via: Via,
        channel: Channel,
        out: list[Record],
    ) -> None:
        """Append an edit event for the last edit, which `edited: {user, ts}` records.

        Exports keep only the last edit. The editor may be given as a bot id (B...), mapped to
        its bot user. size is the length of the edited (current) text.
        """
        if not isinstance(edited, dict):
            return
        parsed = parse_ts(edited.get("ts"))
        if parsed is None:
            logger.warning("%s: ignored an edit without a valid ts", own)
            return
        editor = edited.get("user")
        if isinstance(editor, str) and editor:
            editor = self.bot_users.get(editor, editor)
        else:
            editor = author
        if editor != author:
            self._need(editor, out)
            via = self._via(editor)
        size = len(text) if isinstance(text, str) else 0
        out.append(
            Event(
                f"{own}/edit/{parsed[0]}",
                parsed[1],
                "edit",
                editor,
                channel.container,
                item,
                own,
                size=size,
                via=via,
            )
        )

    def _changed(self, m: dict[str, Any], ts: str, channel: Channel, where: str) -> list[Record]:
        """An edit from a message_changed record (the new message is under `message`).

        The edit ts is the message's `edited.ts`, else the record's own ts, so the native id
        matches the one derived from the edited message's `edited` field: a message_changed
        record and a later export of the edited message do not count twice.
        """
        inner = m.get("message")
        parsed = parse_ts(inner.get("ts")) if isinstance(inner, dict) else None
        author = self._author(inner) if isinstance(inner, dict) else None
        if not isinstance(inner, dict) or parsed is None or author is None:
            self.tally.skip(where, "edit without the edited message")
            return []
        self.tally.record()
        out: list[Record] = []
        own = f"{channel.key}/{parsed[0]}"
        edited = inner.get("edited")
        if not isinstance(edited, dict) or parse_ts(edited.get("ts")) is None:
            edited = {"user": author, **(edited if isinstance(edited, dict) else {}), "ts": ts}
        thread_ts = inner.get("thread_ts")
        item = f"{channel.key}/{thread_ts}" if isinstance(thread_ts, str) else own
        self._need(author, out)
        self._edit(edited, inner.get("text"), own, item, author, self._via(author), channel, out)
        return out

    def _reactions(
        self,
        reactions: object,
        moment: datetime,
        author: str | None,
        own: str,
        item: str,
        channel: Channel,
        out: list[Record],
        where: str,
    ) -> None:
        """Append one react event per user per emoji, at the message's ts, aimed at its author.

        Exports carry no reaction time, so the message's time stands in for it. `count` can
        exceed the listed users (Slack truncates long lists); only listed users become events.
        Reactions to system notices (a join, a topic change) count like any other.
        """
        if not isinstance(reactions, list):
            return
        for reaction in reactions:
            name = reaction.get("name") if isinstance(reaction, dict) else None
            users = reaction.get("users") if isinstance(reaction, dict) else None
            if not isinstance(name, str) or not isinstance(users, list):
                logger.warning("%s: ignored a reaction without name or users", where)
                continue
            for user in users:
                if isinstance(user, str) and user:
                    self._need(user, out)
                    out.append(
                        Event(
                            f"{own}/react/{name}/{user}",
                            moment,
                            "react",
                            user,
                            channel.container,
                            item,
                            own,
                            author,
                            via=self._via(user),
                        )
                    )
