"""The zulip-archive connector: fixtures we wrote, and the Dataverse archive in shared/data."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.connectors._records import assert_accounts_first_and_no_leaks, ev, read_all
from wi3.connectors import zulip
from wi3.errors import ExportError
from wi3.events._event import Account, Event

RESOLVED = "10/.E2.9C.94.20resolved.20thing"  # a topic file whose name starts with a dot


def _at(day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2024, 2, day, hour, minute, second, tzinfo=UTC)


EXPECTED: list[Event | Account] = [
    Account("Tom Baker Jr", ("Tom Baker Jr",)),
    ev("1010", _at(2, 10, 0), "create", "Tom Baker Jr", "general", RESOLVED, size=17),
    Account("Ines Moreau", ("Ines Moreau",)),
    ev(
        "1011",
        _at(2, 10, 5),
        "reply",
        "Ines Moreau",
        "general",
        RESOLVED,
        parent="1010",
        target="Tom Baker Jr",
        size=11,
    ),
    ev("1012", _at(2, 10, 5), "create", "Ines Moreau", "general", "10/odd", size=4),
    # "<p>Welcome to <strong>general</strong> &amp; have fun</p>" is 29 characters of text.
    ev("1001", _at(1, 10, 0), "create", "Ines Moreau", "general", "10/welcome", size=29),
    ev(
        "1002",
        _at(1, 10, 1),
        "reply",
        "Tom Baker Jr",
        "general",
        "10/welcome",
        parent="1001",
        target="Ines Moreau",
        size=7,
    ),
    Account("Notification Bot", ("Notification Bot",), bot=True),
    ev(
        "1003",
        _at(1, 10, 5),
        "reply",
        "Notification Bot",
        "general",
        "10/welcome",
        parent="1001",
        target="Ines Moreau",
        size=29,
        via="bot",
    ),
    ev("2001", _at(3, 10, 0), "create", "Ines Moreau", "Café talk", "20/lunch", size=11),
    # Stream 30 was renamed from "old name" to "new-name": both folders get the new name, and
    # the messages kept in both come twice with the same native ids.
    ev("3000", _at(4, 10, 0), "create", "Tom Baker Jr", "new-name", "30/plans", size=10),
    ev(
        "3001",
        _at(4, 10, 0, 30),
        "reply",
        "Ines Moreau",
        "new-name",
        "30/plans",
        parent="3000",
        target="Tom Baker Jr",
        size=10,
    ),
    Account("Ana Pérez", ("Ana Pérez",)),
    ev(
        "3002",
        _at(4, 10, 1),
        "reply",
        "Ana Pérez",
        "new-name",
        "30/plans",
        parent="3000",
        target="Tom Baker Jr",
        size=6,
    ),
    ev("3000", _at(4, 10, 0), "create", "Tom Baker Jr", "new-name", "30/plans", size=10),
    ev(
        "3001",
        _at(4, 10, 0, 30),
        "reply",
        "Ines Moreau",
        "new-name",
        "30/plans",
        parent="3000",
        target="Tom Baker Jr",
        size=10,
    ),
]


@pytest.mark.parametrize("folder", ["archive/zulip_json", "archive"])
def test_reads_every_topic_including_dot_files(fixture_path: Path, folder: str) -> None:
    records, _ = read_all(zulip, fixture_path / "zulip" / folder)
    assert records == EXPECTED


def test_skips_are_counted_with_file_and_message(fixture_path: Path) -> None:
    _, tally = read_all(zulip, fixture_path / "zulip" / "archive")
    assert tally.seen == 15
    assert dict(tally.reasons) == {
        "invalid JSON": 1,
        "message without timestamp": 1,
        "stream folder missing": 1,
    }
    assert tally.first_place == {
        "invalid JSON": "10-general/broken.json",
        "message without timestamp": "10-general/odd.json:1020",
        "stream folder missing": "40-ghost",
    }


def test_warns_about_folders_missing_from_the_index(
    fixture_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="wi3.connectors.zulip"):
        read_all(zulip, fixture_path / "zulip" / "archive")
    assert "folder 99-stray is not in stream_index.json" in caplog.text


@pytest.mark.parametrize(
    ("name", "phrases"),
    [
        ("not-an-archive", ["stream_index.json is missing", "not a zulip-archive folder"]),
        ("server-export", ["looks like a Zulip server export", "does not read yet"]),
        ("bad-index", ["stream_index.json: it is not valid JSON"]),
        ("no-streams", ["no `streams` object", "not a zulip-archive index"]),
        ("archive/zulip_json/stream_index.json", ["is a folder", "not a file"]),
        ("missing", ["missing: no such folder"]),
    ],
)
def test_broken_archives_fail_with_a_clear_message(
    fixture_path: Path, name: str, phrases: list[str]
) -> None:
    with pytest.raises(ExportError) as caught:
        read_all(zulip, fixture_path / "zulip" / name)
    for phrase in phrases:
        assert phrase in str(caught.value)


@pytest.mark.realdata
def test_real_dataverse_archive(data_dir: Path) -> None:
    records, tally = read_all(zulip, data_dir / "zulip-dataverse-archive" / "zulip_json")
    events = [r for r in records if isinstance(r, Event)]
    accounts = [r for r in records if isinstance(r, Account)]
    # README: 25,530 messages by 236 senders in 1,428 topics across 19 streams.
    assert tally.seen == 25_530 and tally.skipped == 0
    assert len(events) == 25_530
    assert len(accounts) == 236
    assert Counter(e.kind for e in events) == {"create": 1_428, "reply": 24_102}
    # 126 copies of messages whose topic moved to another stream share their native id.
    assert len({e.native_id for e in events}) == 25_404
    assert min(e.ts for e in events) == datetime(2023, 3, 8, 20, 5, 30, tzinfo=UTC)
    assert max(e.ts for e in events) == datetime(2026, 8, 21, 20, 58, 28, tzinfo=UTC)
    per_stream = Counter(e.container for e in events)
    assert per_stream["containers"] == 6_669 and per_stream["troubleshooting"] == 5_539
    assert [a.key for a in accounts if a.bot] == ["Notification Bot"]
    # Topic files starting with a dot (about a fifth of the data) are read too.
    assert sum(1 for e in events if e.item.split("/", 1)[1].startswith(".")) > 3_000
    # actors are display names (the archive's only identifier) and items hold topic names;
    # every other field must be free of message text
    assert_accounts_first_and_no_leaks(
        records, ["<p>", "AlternativeTo", "https://"], exempt=("actor", "target", "item")
    )
