"""Zulip archives written by the `zulip-archive` tool: one JSON file per stream topic.

The layout (https://github.com/zulip/zulip-archive, `lib/populate.py`) is a `zulip_json` folder
holding `stream_index.json` (stream name → `id`, `latest_id` and `topic_data`) and one folder
per stream, `<stream_id>-<stream name>`, with one `<topic>.json` per topic: a JSON array of
`{id, sender_full_name, timestamp, content}`, oldest first. This is not Zulip's own server
export (`realm.json`, `messages-000001.json`), which this connector does not read yet.

Quirks recorded here because they shape the mapping:

- Topic file names are the topic, URL-quoted with `%` turned into `.` (and `.` itself into
  `.2E`), so many start with a dot: we list folders with `os.scandir`, never a glob, which would
  skip them as hidden files.
- Stream folder names are `<id>-<name>` with spaces turned into dashes, in one of two forms.
  Current versions of the tool escape the name as Zulip's own narrow URLs do (`hash_util_encode`
  in Zulip's `zerver/lib/url_encoding.py`: percent-encode everything but letters, digits and
  `_.-~`, then `.` → `.2E` and `%` → `.`), so "0.1° run/b" is `7-0.2E1.C2.B0-run.2Fb`. Older
  versions (`sanitize_stream` in the tool's `lib/url.py`) kept only the ASCII characters of the
  name and left punctuation as it was (their character filter tested `x.isalnum` without
  calling it), so "Café talk" is `20-Caf-talk`. We look for both. A folder that matches
  neither but starts with the id of a stream whose folder is missing is read as that stream
  (ids are unique in a Zulip organisation), so an escaping we do not know yet loses nothing.
- A stream the index lists with messages but whose folder is absent is noted on the tally as
  a stream not read (`Tally.lose`), never as skipped messages: the archive is incomplete. A
  stream listed without any topic has no folder by design (the tool writes folders per topic).
- The only person identifier is `sender_full_name`: there are no user ids or e-mail addresses.
  Accounts are keyed by display name, so two people with the same name become one account, and
  a person who renames becomes two.
- The tool only ever appends, so a topic moved to another stream, or a renamed stream, leaves
  its old file in place and the index keeps listing it. The same message (same Zulip id) can
  then appear in two files; we yield both, with the same native id, and the event store keeps
  one. A renamed stream keeps its id, so all its folders get the container of the name with
  the highest `latest_id` (its current name).
- `content` is rendered HTML; `size` counts the text with the tags removed and entities
  decoded.

Signals: the index's `time` (when the tool last ran) is the `exported` time. The archive
cannot say more: the tool asks Zulip for the public streams that exist at each run and keeps
only message id, sender name, time and content, so it holds no subscribers (no `members`), no
stream deactivation (an archived stream just stops growing in the index: no `archived`), no
private streams and no direct messages. Zulip's own server export (`realm.json`) has streams
with their deactivation flag and the subscriptions, but wi3 does not read that format yet.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

from wi3.connectors._files import read_whole
from wi3.errors import ExportError
from wi3.events import Account, Event, Record, Signal, Tally

logger = logging.getLogger(__name__)

NOUN = "messages"
DESCRIPTION = "Zulip archive JSON from the zulip-archive tool (the zulip_json folder)"

_TAG = re.compile(r"<[^>]*>")


def read(path: Path, tally: Tally) -> Iterator[Record]:
    """Yield the signals, accounts and events of a zulip-archive `zulip_json` folder or its parent.

    Mapping: the first message of a topic → create; every later message of the topic → reply
    whose parent is the topic's first message and whose target is that message's sender (a
    Zulip topic is one flat thread, so a reply answers the topic, not the message just above
    it). container = stream name; item = `<stream id>/<topic file name>`; native_id = the Zulip
    message id (unique across the whole server). Senders whose name ends in " Bot" (Zulip's
    "Notification Bot", "Welcome Bot" and integration bots) are bots (via "bot"). The index's
    `time` becomes an `exported` signal; streams listed with messages but without a folder are
    noted with `tally.lose`.

    Raises:
        ExportError: when the folder or `stream_index.json` is missing or unreadable.
    """
    root = _archive_root(path)
    index = _load_index(root)
    exported = _run_time(index)
    if exported is not None:
        yield Signal("exported", ts=exported)
    streams = index["streams"]
    current = _current_names(streams)
    senders: set[str] = set()
    for folder, stream_id in _stream_folders(root, streams, tally):
        container = current[stream_id]
        for entry in sorted(os.scandir(root / folder), key=lambda e: e.name):
            if entry.name.endswith(".json") and entry.is_file():
                yield from _topic(root, folder, entry.name, stream_id, container, senders, tally)


def _stream_folders(
    root: Path, streams: dict[str, dict[str, Any]], tally: Tally
) -> list[tuple[str, int]]:
    """(folder, stream id) of every stream folder to read, in order of stream id and name.

    Each index entry is looked for under both folder names the tool has used; a folder left
    over whose name starts with `<id>-` stands in for a missing one of that id. Entries with
    topics but no folder are lost; folders of no listed stream are left out with a warning.
    """
    entries = sorted(streams.items(), key=lambda pair: (pair[1]["id"], pair[0]))
    found: dict[str, str] = {}  # index name → folder
    for name, stream in entries:
        for folder in _folder_names(name, stream["id"]):
            if (root / folder).is_dir():
                found[name] = folder
                break
    # a plain name with a slash was written as nested folders: its top folder is taken too
    taken = {folder.split("/", 1)[0] for folder in found.values()}
    spare = sorted(e.name for e in os.scandir(root) if e.is_dir() and e.name not in taken)
    for name, stream in entries:
        if name in found:
            continue
        stand_in = next((f for f in spare if f.startswith(f"{stream['id']}-")), None)
        if stand_in is not None:
            spare.remove(stand_in)
            found[name] = stand_in
            logger.info(
                "%s: stream id %d read from folder %s, whose name is escaped in a way wi3 "
                "does not know",
                root,
                stream["id"],
                stand_in,
            )
        elif stream.get("topic_data"):
            where = f"{root.name}/{_folder_names(name, stream['id'])[0]}"
            tally.lose(where, name, "folder missing", word="stream")
        else:
            logger.debug("%s: stream id %d has no topics, so no folder", root, stream["id"])
    for folder in spare:
        logger.warning("%s: folder %s is not in stream_index.json; left out", root, folder)
    return [(found[name], stream["id"]) for name, stream in entries if name in found]


def _folder_names(name: str, stream_id: int) -> list[str]:
    """The folder names zulip-archive has given a stream: escaped (current tool), then plain.

    Escaped as Zulip's narrow URLs (`hash_util_encode`): "0.1° run" → `<id>-0.2E1.C2.B0-run`.
    Plain, as older versions did: ASCII characters only, punctuation kept ("Café" → `Caf`), so
    a slash makes nested folders; a plain name that would climb out of the archive (`..`) is
    not looked for.
    """
    dashed = name.replace(" ", "-")
    escaped = quote(dashed, safe="").replace(".", "%2E").replace("%", ".")
    plain = dashed.encode("ascii", "ignore").decode("ascii")
    names = [f"{stream_id}-{escaped}"]
    if plain != escaped and ".." not in plain.split("/"):
        names.append(f"{stream_id}-{plain}")
    return names


def _archive_root(path: Path) -> Path:
    """The folder that holds stream_index.json: `path` itself or its `zulip_json` sub-folder."""
    if not path.exists():
        raise ExportError(f"cannot read {path}: no such folder. Check the path.")
    if not path.is_dir():
        raise ExportError(
            f"cannot read {path}: a Zulip archive is a folder (zulip_json, made by the "
            "zulip-archive tool), not a file. Give the zulip_json folder or the folder above it."
        )
    for root in (path, path / "zulip_json"):
        if (root / "stream_index.json").is_file():
            return root
    if any((path / marker).exists() for marker in ("realm.json", "messages-000001.json")):
        raise ExportError(
            f"cannot read {path}: this looks like a Zulip server export (realm.json, "
            "messages-000001.json), a format wi3 does not read yet. Publish the streams with "
            "the zulip-archive tool and give its zulip_json folder instead."
        )
    raise ExportError(
        f"cannot read {path}: stream_index.json is missing, so this is not a zulip-archive "
        "folder. Give the zulip_json folder written by the zulip-archive tool (or the folder "
        "that contains it)."
    )


def _load_index(root: Path) -> dict[str, Any]:
    """stream_index.json, checked to map each stream name to an object with an integer id."""
    index_path = root / "stream_index.json"
    try:
        with index_path.open("rb") as fh:
            index = json.loads(read_whole(fh, str(index_path)))
    except ValueError as exc:
        raise ExportError(
            f"cannot read {index_path}: it is not valid JSON ({exc}). The archive is damaged; "
            "fetch it again."
        ) from exc
    except RecursionError as exc:
        raise ExportError(
            f"cannot read {index_path}: its JSON is nested deeper than wi3 can read (about a "
            "thousand levels); no zulip-archive index nests so deep. Fetch the archive again."
        ) from exc
    streams = index.get("streams") if isinstance(index, dict) else None
    if not isinstance(streams, dict) or not all(
        isinstance(s, dict) and isinstance(s.get("id"), int) for s in streams.values()
    ):
        raise ExportError(
            f"cannot read {index_path}: it has no `streams` object mapping each stream name to "
            "its id, so it is not a zulip-archive index. Give the zulip_json folder written by "
            "the zulip-archive tool."
        )
    return cast(dict[str, Any], index)


def _run_time(index: dict[str, Any]) -> datetime | None:
    """When the tool last ran (the index's `time`, seconds since 1970), or None if unreadable."""
    seconds = index.get("time")
    if type(seconds) is not float and type(seconds) is not int:
        return None
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _current_names(streams: dict[str, dict[str, Any]]) -> dict[int, str]:
    """Stream id → its current name: of the names sharing an id, the one with the newest message."""
    best: dict[int, tuple[int, str]] = {}
    for name, stream in streams.items():
        latest = stream.get("latest_id")
        rank = (latest if isinstance(latest, int) else 0, name)
        if stream["id"] not in best or rank > best[stream["id"]]:
            best[stream["id"]] = rank
    return {stream_id: name for stream_id, (_, name) in best.items()}


def _topic(
    root: Path,
    folder: str,
    file_name: str,
    stream_id: int,
    container: str,
    senders: set[str],
    tally: Tally,
) -> Iterator[Record]:
    """The events of one topic file; an unreadable file is skipped as one record."""
    where = f"{folder}/{file_name}"
    try:
        with open(root / folder / file_name, "rb") as fh:
            messages = json.loads(read_whole(fh, where))
    except ValueError:
        tally.skip(where, "invalid JSON")
        return
    except RecursionError:
        tally.skip(where, "JSON nested too deep")
        return
    if not isinstance(messages, list):
        tally.skip(where, "not a list of messages")
        return
    item = f"{stream_id}/{file_name.removesuffix('.json')}"
    first_id: str | None = None  # the topic's first message, which later ones reply to
    first_sender: str | None = None
    for position, message in enumerate(messages):
        if type(message) is not dict:
            tally.skip(f"{where}:#{position}", "message that is not an object")
            continue
        message_id, sender = message.get("id"), message.get("sender_full_name")
        timestamp, content = message.get("timestamp"), message.get("content")
        problem = (
            "message without id"
            if type(message_id) is not int
            else "message without sender"
            if type(sender) is not str or not sender
            else "message without timestamp"
            if type(timestamp) is not int and type(timestamp) is not float
            else None
        )
        if problem is not None:
            shown = message_id if message_id is not None else f"#{position}"
            tally.skip(f"{where}:{shown}", problem)
            continue
        sender, timestamp = cast(str, sender), cast(float, timestamp)
        bot = sender.endswith(" Bot")
        if sender not in senders:
            senders.add(sender)
            yield Account(key=sender, aliases=(sender,), bot=bot)
        native_id = str(message_id)
        tally.record()
        # Positional, in Event's field order (pinned by test_event_field_order): a third
        # faster than keywords.
        yield Event(
            native_id,
            datetime.fromtimestamp(timestamp, UTC),
            "create" if first_id is None else "reply",
            sender,
            container,
            item,
            first_id,
            first_sender,
            _text_length(content) if type(content) is str else 0,
            "bot" if bot else "person",
        )
        if first_id is None:
            first_id, first_sender = native_id, sender


def _text_length(content: str) -> int:
    """Length of rendered HTML as text: tags removed, entities such as &amp; decoded."""
    text = _TAG.sub("", content)
    return len(html.unescape(text) if "&" in text else text)
