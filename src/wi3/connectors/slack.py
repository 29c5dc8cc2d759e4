"""Slack workspace export (the zip from "Export data", or its unzipped folder) as events.

Layout: `users.json` and `channels.json` at the top (plus, by plan and vintage, `groups.json` for
private channels, `dms.json` and `mpims.json` for direct messages, `integration_logs.json`,
`canvases.json`, ...), and one folder per conversation holding one JSON array of message objects
per day, `<folder>/<YYYY-MM-DD>.json`. Folders are named after the channel (public and private),
the mpim name, or the DM id.

The container of every event and signal is the channel's name (its folder); DMs and group DMs
are "direct", since their names are people's names.

Mapping, per message object:

| record                                         | kind   | item / parent / target           |
|------------------------------------------------|--------|----------------------------------|
| message, stand-alone or thread parent          | create | itself / - / -                   |
| thread reply (`thread_ts` != `ts`), broadcast  | reply  | thread / thread / parent author  |
| `reactions[].users[]`                          | react  | thread / message / author        |
| `edited: {user, ts}`, `message_changed`        | edit   | thread / message / -             |
| `channel_join`/`group_join`                    | join   | channel / - / -                  |
| `channel_leave`/`group_leave`                  | leave  | channel / - / -                  |

Signals, the platform's own facts beside the events (none about a DM or group DM):

| record                                          | signal                                     |
|-------------------------------------------------|--------------------------------------------|
| users.json                                      | members, whole workspace: people listed    |
| channels.json / groups.json `members`           | members of the channel: people among them  |
| channels.json / groups.json `is_archived: true` | archived, without a time                   |
| `channel_archive`/`group_archive` message       | archived at the message's ts               |
| `channel_unarchive`/`group_unarchive` message   | unarchived at the message's ts             |

People are the users.json accounts that are neither bots (`is_bot`, Slackbot) nor deactivated
(`deleted`); a member id users.json does not list (a guest from another workspace) is not
counted. Member lists are the state at export time: they say nothing of who was a member when.
`is_archived` says only that a channel is archived now, and exports leave archived channels out
of channels.json altogether at times (the R Contributors export does), so the dated archive
messages in a channel's folder are the better record; the flag and the message each give their
signal. A workspace export carries no date of its own: there is no `exported` signal.

`via` is "integration" for subtype bot_message (webhooks, Zapier, feeds, chat bridges: no Slack
user behind them; the actor is the bot user users.json gives for the `bot_id`, else the bot id),
"bot" for a message, edit or reaction by a bot account (`is_bot` in users.json, Slackbot, a bot
id), else "person". Deleted messages (subtype tombstone or message_deleted, or `hidden`) and
system notices (channel_topic, channel_purpose, channel_name, channel_archive, bot_add,
reminder_add, welcome_party, ...) are counted as read but give no event (archive notices give
their signal); reactions to a notice still count. Not mapped: canvases.json,
integration_logs.json (app installs, not contributions).

`native_id` is `<channel>/<ts>` for a message, `<channel>/<ts>/edit/<edit ts>` for its last edit
and `<channel>/<ts>/react/<emoji>/<user>` for a reaction; `item` and `parent` use the same
`<channel>/<ts>` ids. Slack addresses a message by channel and `ts` (the API's `chat.update` and
`reactions.add` take exactly that pair): `ts` is unique within a channel and never changes, so the
id is stable across overlapping exports. `<channel>` is the conversation id from the channel lists
(it survives renames); a folder that no list names (this happens to archived channels in some
exports) falls back to the folder name.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from wi3.connectors._files import DECOMPRESSION_ERRORS, ExportTree, read_whole
from wi3.connectors._slack_messages import Channel, Messages, parse_ts
from wi3.errors import ExportError
from wi3.events import Record, Signal, Tally

logger = logging.getLogger(__name__)

NOUN = "messages"
DESCRIPTION = "Slack workspace export (zip or folder): messages, threads, reactions, edits, joins"
ARCHIVE_SIGNALS = True

_DAY_FILE = re.compile(r"([^/]+)/(\d{4}-\d{2}-\d{2})\.json")
_READ_ERRORS: tuple[type[Exception], ...] = (*DECOMPRESSION_ERRORS, zlib.error)
_LISTS = ("channels.json", "groups.json", "dms.json", "mpims.json")


def read(path: Path, tally: Tally) -> Iterator[Record]:
    """Yield an Account per user, the user and channel lists' signals, then each folder's events.

    users.json is loaded whole (it is one JSON array); only the id → bot maps and the set of
    people are kept after the accounts are yielded. Day files are read one at a time in folder
    and date order, so thread parents come before their replies, and archive notices give their
    signals among the events. A day file that is not JSON is skipped and counted as one
    malformed record ("malformed JSON"); a broken archive or top-level list is fatal.
    """
    with _open_export(path) as tree:
        _check_layout(tree)
        messages = Messages(tally, tree.where("users.json"))
        yield from messages.read_users(_load_list(tree, "users.json"))
        yield Signal("members", count=len(messages.people))
        channels, signals = _load_channels(tree, messages.people)
        yield from signals
        yield from _read_conversations(tree, channels, messages, tally)


def _open_export(path: Path) -> ExportTree:
    """Open the export as a zip or folder, saying what a file that is no zip looks like instead."""
    if path.is_file() and path.stat().st_size > 0:
        with path.open("rb") as fh:
            head = fh.read(512)
        if not head.startswith(b"PK"):
            raise ExportError(
                f"cannot read Slack export {path}: it is not a zip archive{_looks_like(head)}. "
                "Give the workspace export .zip (Workspace settings > Import/Export data > "
                "Export) or the folder it unzips to."
            )
        try:
            return ExportTree(path)
        except ExportError as exc:
            if exc.__cause__ is None:  # a good zip holding no files: that message says so
                raise
            raise ExportError(
                f"cannot read Slack export {path}: the zip archive is truncated or damaged "
                f"({exc.__cause__}). Download the export again, or unzip what you have "
                "and give the folder."
            ) from exc
    return ExportTree(path)


def _looks_like(head: bytes) -> str:
    """A hint at what a file that is not a zip holds, from its first bytes ('' if unknown)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] in (b"[", b"{"):
        return " but JSON text (a single file from an export, perhaps)"
    if text.startswith(b"<"):
        return " but XML or HTML (a Stack Exchange or MediaWiki dump, perhaps)"
    if text.startswith(b"From "):
        return " but a mailbox (mbox) archive"
    if head.startswith((b"\x1f\x8b", b"BZh", b"\xfd7zXZ")):
        return " but a compressed single file (gzip, bzip2 or xz)"
    return ""


def _check_layout(tree: ExportTree) -> None:
    """Fail early, saying what the export looks like, unless users.json and a channel list exist."""
    names = tree.names()
    top = {n for n in names if "/" not in n}
    missing = [n for n in ("users.json", "channels.json") if n not in top]
    if "channels.json" in missing and top.intersection(_LISTS):
        missing.remove("channels.json")  # a DM- or private-only export still lists its folders
    if not missing:
        return
    if any(_DAY_FILE.fullmatch(f"x/{n}") for n in top):
        guess = "This looks like a single-channel download, not a workspace export."
    elif any(n.endswith(".jsonl") for n in names):
        guess = "This looks like a Mattermost bulk export (JSONL), not a Slack export."
    elif "realm.json" in top:
        guess = "This looks like a Zulip export, not a Slack export."
    elif any(n.endswith("Posts.xml") for n in names):
        guess = "This looks like a Stack Exchange data dump, not a Slack export."
    elif {"Messages.csv", "Users.csv"} <= top:
        guess = "This looks like a Viva Engage (Yammer) network export, not a Slack export."
    elif any(_DAY_FILE.fullmatch(n) for n in names):
        guess = "The channel folders are there but not the workspace files around them."
    else:
        guess = "It does not look like a Slack workspace export."
    raise ExportError(
        f"cannot read Slack export {tree.path.name}: {' and '.join(missing)} "
        f"{'is' if len(missing) == 1 else 'are'} missing at the top level. {guess} "
        "Export the whole workspace and give the .zip or the folder it unzips to."
    )


def _read_member(tree: ExportTree, name: str) -> bytes:
    """The bytes of one export member; a damaged archive member is an ExportError."""
    try:
        with tree.open(name) as fh:
            return read_whole(fh, tree.where(name))
    except _READ_ERRORS as exc:
        raise ExportError(
            f"cannot read {tree.where(name)}: the archive member is damaged ({exc}). "
            "Download the export again."
        ) from exc


def _load_list(tree: ExportTree, name: str) -> list[Any]:
    """A top-level JSON array such as users.json; anything else is fatal for the whole export."""
    raw = _read_member(tree, name)
    try:
        data = json.loads(raw)
    except RecursionError as exc:
        raise ExportError(
            f"cannot read {tree.where(name)}: its JSON is nested deeper than wi3 can read "
            "(about a thousand levels); no Slack export nests so deep. Export the workspace again."
        ) from exc
    except UnicodeDecodeError as exc:
        raise ExportError(
            f"cannot read {tree.where(name)}: it is not UTF-8 text ({exc.reason} at byte "
            f"{exc.start}). Export the workspace again."
        ) from exc
    except json.JSONDecodeError as exc:
        problem = (
            "the file is empty"
            if not raw.strip()
            else (f"invalid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg})")
        )
        raise ExportError(
            f"cannot read {tree.where(name)}: {problem}. The export is damaged; "
            "export the workspace again."
        ) from exc
    if not isinstance(data, list):
        found = "an object" if isinstance(data, dict) else type(data).__name__
        raise ExportError(
            f"cannot read {tree.where(name)}: expected a JSON array, found {found}. "
            "This is not a Slack export file; export the workspace again."
        )
    return data


def _load_channels(tree: ExportTree, people: set[str]) -> tuple[dict[str, Channel], list[Signal]]:
    """Map folder name to channel from channels/groups/dms/mpims.json, with the lists' signals.

    Public and private channels are filed under their name, group DMs (mpims) under their
    `mpdm-alice--bob-1` name and DMs under their id; the container of both kinds of direct
    message is "direct" so that no person's name becomes a container (also for group DMs that
    older exports list in groups.json with `is_mpim`). Each public and private
    channel gives a `members` signal counting the `people` among its `members`, and an
    `archived` signal (without a time) when `is_archived` is true.
    """
    channels: dict[str, Channel] = {}
    signals: list[Signal] = []
    for list_name in _LISTS:
        if list_name not in tree:
            continue
        direct_list = list_name in ("dms.json", "mpims.json")
        for entry in _load_list(tree, list_name):
            if not isinstance(entry, dict):
                continue
            cid, name = entry.get("id"), entry.get("name")
            folder = cid if list_name == "dms.json" else name
            if not isinstance(folder, str) or not folder:
                logger.warning("%s: ignored an entry without id or name", tree.where(list_name))
                continue
            key = cid if isinstance(cid, str) and cid else folder
            # older exports list group DMs in groups.json, marked is_mpim: names of people
            direct = direct_list or entry.get("is_mpim") is True
            channels[folder] = Channel(key, "direct" if direct else folder)
            if direct:
                continue
            if entry.get("is_archived") is True:
                signals.append(Signal("archived", container=folder))
            members = entry.get("members")
            if isinstance(members, list):
                listed = {m for m in members if isinstance(m, str)}
                signals.append(Signal("members", container=folder, count=len(listed & people)))
    return channels, signals


def _read_conversations(
    tree: ExportTree, channels: dict[str, Channel], messages: Messages, tally: Tally
) -> Iterator[Record]:
    """The events of every conversation folder, a folder's day files in date order.

    Other files in folders (e.g. `canvas_in_the_conversation.json`, a canvas descriptor without
    `ts`) are not messages and are passed over without counting.
    """
    days, unlisted = 0, []
    names = tree.names()
    for name in names:
        if "/" in name and not _DAY_FILE.fullmatch(name):
            logger.debug("passed over %s: not a day file", tree.where(name))
    day_files = (n for n in names if _DAY_FILE.fullmatch(n))
    for folder, files in itertools.groupby(day_files, key=lambda n: n.partition("/")[0]):
        channel = channels.get(folder)
        if channel is None:
            unlisted.append(folder)
            channel = Channel(folder, "direct" if folder.startswith("mpdm-") else folder)
        messages.start_channel()
        for name in files:
            days += 1
            yield from _read_day(tree, name, channel, messages, tally)
    if unlisted:
        logger.info(
            "%d folders are in no channel list (archived channels?); their native ids use the "
            "folder name: %s",
            len(unlisted),
            ", ".join(unlisted),
        )
    logger.info(
        "read %d day files from %s; messages without events: %s",
        days,
        tree.path.name,
        ", ".join(f"{n} {kind}" for kind, n in messages.ignored.most_common()) or "none",
    )


def _read_day(
    tree: ExportTree, name: str, channel: Channel, messages: Messages, tally: Tally
) -> Iterator[Record]:
    """The events of one day file; a file that is not a JSON array is one skipped record."""
    where = tree.where(name)
    raw = _read_member(tree, name)
    if not raw.strip():
        tally.skip(where, "empty file")
        return
    try:
        records = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        tally.skip(where, "malformed JSON")
        return
    except RecursionError:
        tally.skip(where, "JSON nested too deep")
        return
    if not isinstance(records, list):
        tally.skip(where, "not a list of messages")
        return
    for index, m in enumerate(records, 1):
        if not isinstance(m, dict):
            tally.skip(f"{where}:#{index}", "not a message object")
            continue
        parsed = parse_ts(m.get("ts"))
        if parsed is None:
            reason = "without timestamp" if "ts" not in m else "malformed timestamp"
            tally.skip(f"{where}:#{index}", reason)
            continue
        yield from messages.message(m, parsed, channel, f"{where}:{parsed[0]}")
