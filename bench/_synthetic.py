"""Scaled and synthetic inputs for the connector benchmark, written under a temporary folder.

Scaling repeats a real export's records with ids (and, where ids derive from them, timestamps)
shifted per copy, so that the copies are new records to the connector and not duplicates it
would skip: the work per record stays that of the real data. Viva Engage has no public export,
so its input is generated in the shape of tests/fixtures/vivaengage/ from a seeded generator.
Nothing here is ever written into the repository.
"""

from __future__ import annotations

import csv
import io
import random
import re
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

from bench._bare_parse import STACK_EXCHANGE_FILES, open_input

_STACK_EXCHANGE_IDS = re.compile(
    rb"\b(Id|PostId|ParentId|AcceptedAnswerId|OwnerUserId|LastEditorUserId|UserId|AccountId"
    rb'|WikiPostId|ExcerptPostId|RelatedPostId)="(\d+)"'
)
_ID_OFFSET = 10_000_000
"""Added to every id per copy: far above the largest id of the real dumps used here."""
_MEDIAWIKI_IDS = re.compile(rb"<(id|parentid)>(\d+)</\1>")
_MEDIAWIKI_TITLE = re.compile(rb"<title>([^<]*)</title>")
_POST_LINES = (b'{"type":"post"', b'{"type":"direct_post"')
_MATTERMOST_TIMES = re.compile(rb'"(create_at|edit_at)":(\d+)')
_MATTERMOST_SHIFT_MS = 3_600_000
"""Each copy of the posts is an hour later than the one before: new ids, plausible times."""
_MAIL_IDS = re.compile(rb"^((?:Message-ID|In-Reply-To|References):[^\n]*)", re.MULTILINE)


def _shift(pattern: re.Pattern[bytes], block: bytes, offset: int) -> bytes:
    """`block` with the number in group 2 of each match of `pattern` raised by `offset`."""
    if offset == 0:
        return block

    def shifted(match: re.Match[bytes]) -> bytes:
        start, end = match.span(2)
        whole = match[0]
        at = match.start()
        return whole[: start - at] + b"%d" % (int(match[2]) + offset) + whole[end - at :]

    return pattern.sub(shifted, block)


def _split_rows(data: bytes, first: bytes, last: bytes) -> tuple[bytes, bytes, bytes]:
    """(head, body, tail) of an XML file, cut before the line of the first `first` and after
    the line of the last `last`."""
    start = data.rfind(b"\n", 0, data.index(first)) + 1
    end = data.index(b"\n", data.rindex(last)) + 1
    return data[:start], data[start:end], data[end:]


def stackexchange_scaled(source: Path, copies: int, out: Path) -> Path:
    """A dump folder whose files hold each row of `source`'s `copies` times, ids shifted."""
    out.mkdir(parents=True, exist_ok=True)
    for name in STACK_EXCHANGE_FILES:
        if not (source / name).is_file():
            continue
        head, rows, tail = _split_rows((source / name).read_bytes(), b"<row", b"/>")
        with (out / name).open("wb") as fh:
            fh.write(head)
            for copy in range(copies):
                fh.write(_shift(_STACK_EXCHANGE_IDS, rows, copy * _ID_OFFSET))
            fh.write(tail)
    return out


def mediawiki_scaled(source: Path, copies: int, out: Path) -> Path:
    """An uncompressed dump holding every page of `source` `copies` times, as new pages.

    Each copy's titles get a " (copy N)" suffix and its page, revision and user ids are shifted.
    """
    with open_input(source) as fh:
        head, pages, tail = _split_rows(fh.read(), b"<page>", b"</page>")
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as fh:
        fh.write(head)
        for copy in range(copies):
            block = _shift(_MEDIAWIKI_IDS, pages, copy * _ID_OFFSET)
            if copy:
                block = _MEDIAWIKI_TITLE.sub(rb"<title>\1 (copy %d)</title>" % copy, block)
            fh.write(block)
        fh.write(tail)
    return out


def mattermost_scaled(source: Path, copies: int, out: Path) -> Path:
    """A bulk export with the other lines of `source` once and its post lines `copies` times.

    Mattermost posts have no ids; the connector derives them from channel, author and
    `create_at`, so each copy's times (posts, replies, reactions, edits) are an hour later.
    """
    lines = source.read_bytes().splitlines(keepends=True)
    posts = b"".join(line for line in lines if line.startswith(_POST_LINES))
    others = [line for line in lines if not line.startswith(_POST_LINES)]
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as fh:
        fh.writelines(others)
        for copy in range(copies):
            fh.write(_shift(_MATTERMOST_TIMES, posts, copy * _MATTERMOST_SHIFT_MS))
    return out


def gitter_scaled(source: Path, copies: int, out: Path) -> Path:
    """A Gitter room TSV (no header): `source`'s rows `copies` times, message ids suffixed."""
    with open_input(source) as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
        rows = list(csv.reader(text, delimiter="\t"))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        for copy in range(copies):
            if copy == 0:
                writer.writerows(rows)
                continue
            tag = f"-{copy}"
            writer.writerows(
                row[:5] + [row[5] + tag] + row[6:] if len(row) > 5 else row for row in rows
            )
    return out


def gitter_rows(source: Path, rows: int, out: Path) -> Path:
    """A Gitter room TSV of exactly `rows` rows: the rows of every archive under the folder
    `source`, in file order, repeated with message ids suffixed per copy ("-1", "-2", …)."""
    every: list[list[str]] = []
    for file in sorted(source.glob("*.tsv*")):
        with open_input(file) as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
            every.extend(row for row in csv.reader(text, delimiter="\t") if len(row) > 5)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        copy = 0
        while rows > 0:
            part = every[:rows]
            tag = f"-{copy}" if copy else ""
            writer.writerows(row[:5] + [row[5] + tag] + row[6:] for row in part)
            rows -= len(part)
            copy += 1
    return out


def _mark_ids(marker: bytes, match: re.Match[bytes]) -> bytes:
    """The matched header line with each `<` of its ids replaced by `marker`."""
    return match[1].replace(b"<", marker)


def mbox_repeated(sources: Sequence[Path], copies: int, out: Path) -> Path:
    """An uncompressed archive holding the mails of `sources` `copies` times, Message-IDs new.

    In each later copy, `<` in Message-ID, In-Reply-To and References becomes `<copyN.`, so
    the copy's mails are new and thread among themselves.
    """
    data = b""
    for source in sources:
        with open_input(source) as fh:
            data += fh.read()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as fh:
        for copy in range(copies):
            if copy == 0:
                fh.write(data)
                continue
            fh.write(_MAIL_IDS.sub(partial(_mark_ids, b"<copy%d." % copy), data))
    return out


_MESSAGE_HEADER = (
    "id,replied_to_id,parent_id,thread_id,conversation_id,group_id,group_name,participants,"
    "in_private_group,in_private_conversation,sender_id,sender_type,sender_name,sender_email,"
    "body,api_url,attachments,deleted_by_id,deleted_by_type,created_at,deleted_at,title,"
    "message_type"
)
"""Messages.csv's header, as in tests/fixtures/vivaengage/network/Messages.csv."""
_USER_HEADER = (
    "id,name,email,job_title,location,department,api_url,deleted_by_id,deleted_by_type,"
    "joined_at,deleted_at,suspended_by_id,suspended_by_type,suspended_at,state"
)
_WORDS = (
    "the project plan review team release customer feedback meeting notes update draft "
    "thanks great idea agreed question budget roadmap launch workshop training survey "
    'results next steps follow up "quoted" deadline, friday; see attached'
)


def vivaengage_export(messages: int, out: Path, *, users: int = 2_000, seed: int = 7) -> Path:
    """A Viva Engage network data export zip with `messages` messages in the fixtures' columns.

    About a third of the messages start threads and the rest reply to a recent message; 5 % are
    in private conversations, 2 % deleted and 1 % posted by a bot; bodies have 3 to 120 words,
    some with line breaks and quotes, and times are mostly in Rails' "… UTC" form, else ISO.
    """
    rng = random.Random(seed)
    vocabulary = _WORDS.split()
    user_rows = [
        [str(1000 + u), f"User {u}", f"user{u}@example.org", "Engineer", "Utrecht", "R&D"]
        + [f"https://www.yammer.com/api/v1/users/{1000 + u}", "", ""]
        + ["2023-06-01 08:00:00 UTC", "", "", "", "", "active"]
        for u in range(users)
    ]
    groups = [(str(70 + g), f"Group {g}") for g in range(40)]
    when = datetime(2022, 1, 1, tzinfo=UTC)
    threads: list[
        tuple[int, int, str, str, bool]
    ] = []  # (message, thread, group id, name, private)
    rows = []
    for m in range(messages):
        message_id = 500_000 + m
        when += timedelta(seconds=rng.randint(1, 600))
        if threads and rng.random() < 0.66:
            recent = rng.randrange(max(0, len(threads) - 500), len(threads))
            replied_to, thread, group_id, group_name, private = threads[recent]
        else:
            replied_to, thread = 0, message_id
            private = rng.random() < 0.05
            group_id, group_name = ("", "") if private or rng.random() < 0.1 else rng.choice(groups)
        threads.append((message_id, thread, group_id, group_name, private))
        bot = rng.random() < 0.01
        sender = 1000 + rng.randrange(users)
        words = rng.choices(vocabulary, k=rng.randint(3, 120))
        if rng.random() < 0.2:
            words.insert(len(words) // 2, "\n")
        deleted = rng.random() < 0.02
        stamp = (
            when.strftime("%Y-%m-%dT%H:%M:%SZ")
            if rng.random() < 0.1
            else when.strftime("%Y-%m-%d %H:%M:%S UTC")
        )
        rows.append(
            [
                str(message_id),
                str(replied_to) if replied_to else "",
                str(replied_to) if replied_to else "",
                str(thread),
                "",
                group_id,
                group_name,
                "",
                "false",
                "true" if private else "false",
                "1600" if bot else str(sender),
                "bot" if bot else "user",
                "Engage Bot" if bot else f"User {sender - 1000}",
                "" if bot else f"user{sender - 1000}@example.org",
                " ".join(words),
                f"https://www.yammer.com/api/v1/messages/{message_id}",
                f"uploadedfile:{rng.randrange(10**6)}" if rng.random() < 0.05 else "",
                str(sender) if deleted else "",
                "user" if deleted else "",
                stamp,
                (when + timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M:%S UTC") if deleted else "",
                "",
                "system" if bot else "update",
            ]
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Users.csv", _csv_text(_USER_HEADER.split(","), user_rows))
        archive.writestr("Messages.csv", _csv_text(_MESSAGE_HEADER.split(","), rows))
        archive.writestr("Groups.csv", _csv_text(["id", "name"], [list(g) for g in groups]))
    return out


def _csv_text(header: list[str], rows: list[list[str]]) -> bytes:
    """CSV bytes as the export writes them: UTF-8 with a byte-order mark, CRLF line ends."""
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8-sig")
