"""The zulip-archive connector: fixtures we wrote, and the Dataverse archive in shared/data."""

from __future__ import annotations

import json
import logging
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.connectors._records import assert_accounts_first_and_no_leaks, ev, read_all
from wi3.connectors import zulip
from wi3.errors import ExportError
from wi3.events import Account, Event, Lost, Signal

RESOLVED = "10/.E2.9C.94.20resolved.20thing"  # a topic file whose name starts with a dot
ESCAPED = "50/Z.C3.BCrich.20.282024.29"  # the topic "Zürich (2024)"


def _at(day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2024, 2, day, hour, minute, second, tzinfo=UTC)


EXPECTED: list[Event | Account | Signal] = [
    # the index's `time`: when the tool last ran
    Signal("exported", ts=datetime(2024, 2, 5, 12, 0, 0, 500_000, tzinfo=UTC)),
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
    # "Ops/Tāne 0.1°" is in folder 50-Ops.2FT.C4.81ne-0.2E1.C2.B0, escaped as Zulip's URLs are
    ev("5001", _at(5, 11, 0), "create", "Ana Pérez", "Ops/Tāne 0.1°", ESCAPED, size=18),
    ev(
        "5002",
        _at(5, 11, 1),
        "reply",
        "Tom Baker Jr",
        "Ops/Tāne 0.1°",
        ESCAPED,
        parent="5001",
        target="Ana Pérez",
        size=5,
    ),
    # "Team Ω" is in neither form of folder name: 60-Team-Omega stands in, by its stream id
    ev("6001", _at(5, 11, 0), "create", "Ines Moreau", "Team Ω", "60/hello", size=7),
]


@pytest.mark.parametrize("folder", ["archive/zulip_json", "archive"])
def test_reads_every_topic_including_dot_files(fixture_path: Path, folder: str) -> None:
    records, _ = read_all(zulip, fixture_path / "zulip" / folder)
    assert records == EXPECTED


def test_skips_are_counted_with_file_and_message(fixture_path: Path) -> None:
    _, tally = read_all(zulip, fixture_path / "zulip" / "archive")
    assert tally.seen == 17
    assert dict(tally.reasons) == {"invalid JSON": 1, "message without timestamp": 1}
    assert tally.first_place == {
        "invalid JSON": "10-general/broken.json",
        "message without timestamp": "10-general/odd.json:1020",
    }


def test_a_listed_stream_without_folder_is_lost_not_skipped(fixture_path: Path) -> None:
    # "ghost" is listed with a topic but has no folder; "quiet" has no topic, so no folder
    _, tally = read_all(zulip, fixture_path / "zulip" / "archive")
    assert tally.lost == [Lost("stream", "ghost", "zulip_json/40-ghost", "folder missing")]
    assert tally.summary() == (
        "15 of 17 messages read; 1 stream not read: ghost (folder missing); 2 skipped: "
        "1 invalid JSON (first at 10-general/broken.json), "
        "1 message without timestamp (first at 10-general/odd.json:1020)"
    )


def test_strict_makes_a_missing_stream_fatal(fixture_path: Path) -> None:
    with pytest.raises(ExportError) as caught:
        read_all(zulip, fixture_path / "zulip" / "archive", strict=True)
    assert str(caught.value).startswith(
        "cannot read stream ghost at zulip_json/40-ghost: folder missing.\n"
        "Nothing from this export was imported (--strict)."
    )


def test_old_plain_names_with_a_slash_are_nested_folders(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # older zulip-archive versions wrote stream "ops/night" into folders 7-ops/night
    topic = [{"content": "<p>hi</p>", "id": 1, "sender_full_name": "Ana", "timestamp": 1.5e9}]
    (tmp_path / "7-ops" / "night").mkdir(parents=True)
    (tmp_path / "7-ops" / "night" / "t.json").write_text(json.dumps(topic))
    index = {"streams": {"ops/night": {"id": 7, "latest_id": 1, "topic_data": {"t": {}}}}}
    (tmp_path / "stream_index.json").write_text(json.dumps(index))
    with caplog.at_level(logging.WARNING, logger="wi3.connectors.zulip"):
        records, tally = read_all(zulip, tmp_path)
    assert [(r.container, r.item) for r in records if isinstance(r, Event)] == [
        ("ops/night", "7/t")
    ]
    assert tally.lost == [] and "not in stream_index.json" not in caplog.text


@pytest.mark.parametrize(
    ("name", "folders"),
    [
        ("general", ["7-general"]),
        ("Café talk", ["7-Caf.C3.A9-talk", "7-Caf-talk"]),
        ("0.1° JRA/BGC", ["7-0.2E1.C2.B0-JRA.2FBGC", "7-0.1-JRA/BGC"]),
        ("Māori (data)!", ["7-M.C4.81ori-.28data.29.21", "7-Mori-(data)!"]),
        ("a~b_c-d", ["7-a~b_c-d"]),
        ("x/../../etc", ["7-x.2F.2E.2E.2F.2E.2E.2Fetc"]),  # never a path out of the archive
    ],
)
def test_stream_folders_are_looked_for_escaped_and_plain(name: str, folders: list[str]) -> None:
    assert zulip._folder_names(name, 7) == folders


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
    assert tally.seen == 25_530 and tally.skipped == 0 and tally.lost == []
    # the tool's last run; the archive holds no subscribers and no archived streams
    assert [r for r in records if isinstance(r, Signal)] == [
        Signal("exported", ts=datetime(2026, 8, 22, 19, 17, 34, 810_880, tzinfo=UTC))
    ]
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
        records,
        ["<p>", "AlternativeTo", "https://"],
        exempt=("actor", "target", "item"),
    )


@pytest.mark.realdata
def test_real_ncar_archive_reads_escaped_stream_folders(data_dir: Path) -> None:
    records, tally = read_all(zulip, data_dir / "zulip-ncar" / "zulip_json")
    events = [r for r in records if isinstance(r, Event)]
    # README: 6,707 messages by 171 sender names in 831 topics across 32 streams.
    assert tally.summary() == "6,707 of 6,707 messages read"
    assert len(events) == 6_707 and tally.lost == []
    assert sum(1 for r in records if isinstance(r, Account)) == 171
    per_stream = Counter(e.container for e in events)
    assert len(per_stream) == 32
    # folders 20-0.2E1.C2.B0-JRA-BGC-Run, 43-ESDS.2FDiagnostics and 53-CISL.2FTDD-general
    assert per_stream["0.1° JRA BGC Run"] == 341
    assert per_stream["ESDS/Diagnostics"] == 3 and per_stream["CISL/TDD-general"] == 13
    # the "Final archiving run"
    assert [r for r in records if isinstance(r, Signal)] == [
        Signal("exported", ts=datetime(2025, 5, 16, 17, 14, 34, 118_782, tzinfo=UTC))
    ]


@pytest.mark.realdata
def test_real_brlcad_archive_names_the_streams_left_out(data_dir: Path) -> None:
    # README: the folders of 5 of the 9 indexed streams were left out of the copy
    records, tally = read_all(zulip, data_dir / "zulip-brlcad" / "zulip_json")
    assert sum(1 for r in records if isinstance(r, Event)) == 666
    assert tally.seen == 666 and tally.skipped == 0
    assert [(lost.word, lost.container, lost.reason) for lost in tally.lost] == [
        ("stream", name, "folder missing")
        for name in ("announce", "brlcad", "new members", "Google Code-in", "Google Summer of Code")
    ]
    assert tally.summary() == (
        "666 of 666 messages read; 5 streams not read: announce, brlcad, new members, "
        "Google Code-in, Google Summer of Code (folder missing)"
    )
