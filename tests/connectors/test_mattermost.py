"""The Mattermost bulk-export connector: fixtures we wrote, and the real sample in shared/data."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.connectors._records import assert_accounts_first_and_no_leaks, ev, read_all
from wi3.connectors import mattermost
from wi3.errors import ExportError, SkippedRecordError
from wi3.events import Account, Event, Record, Signal, Tally

POST = "34d8b5d3dbc0c30d1f72"  # ada's post in acme/general
REPLY = "c4b07c257cee4095f6e6"  # bruno's reply to it
DM = "7caf1116d828357c1fed"  # ada's direct message to bruno


def _ts(day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2024, 1, day, hour, minute, second, tzinfo=UTC)


EXPECTED: list[Record] = [
    Signal("exported", datetime(2024, 1, 10, 8, 0, tzinfo=UTC)),  # the version line's info
    Signal("archived", _ts(5, 10, 0), "labs/general"),  # the channel line's deleted_at
    Account("ada", ("ada@example.org", "Ada Lovel", "al")),
    Account("bruno", ("bruno@example.org",)),
    Account("chen", ("chen@example.org", "Chen")),
    Account("buildbot", ("Build Bot",), bot=True),
    ev(POST, _ts(1, 10, 0), "create", "ada", "acme/general", POST, size=10),
    ev(
        f"{POST}:edit:1704103260000",
        _ts(1, 10, 1),
        "edit",
        "ada",
        "acme/general",
        POST,
        parent=POST,
        size=10,
    ),
    ev(
        f"{POST}:save:d490c2b05bc9babd83c6",
        _ts(1, 10, 0),
        "view",
        "bruno",
        "acme/general",
        POST,
        parent=POST,
        target="ada",
    ),
    ev(
        f"{POST}:react:af73bbc72288657571de",
        _ts(1, 10, 1, 40),
        "react",
        "chen",
        "acme/general",
        POST,
        parent=POST,
        target="ada",
    ),
    ev(
        REPLY,
        _ts(1, 10, 3, 20),
        "reply",
        "bruno",
        "acme/general",
        POST,
        parent=POST,
        target="ada",
        size=7,
    ),
    ev(
        f"{REPLY}:react:0b6f88c4bff73778d63f",
        _ts(1, 10, 5),
        "react",
        "ada",
        "acme/general",
        POST,
        parent=REPLY,
        target="bruno",
    ),
    Account("dora"),  # a reply author without a user line
    ev(
        "686666cb5a6a0351795a",
        _ts(1, 10, 6, 40),
        "reply",
        "dora",
        "acme/general",
        POST,
        parent=POST,
        target="ada",
        size=3,
    ),
    ev(
        "6aec0543dae29b33aedd",
        _ts(2, 10, 0),
        "create",
        "bruno",
        "labs/general",
        "6aec0543dae29b33aedd",
        size=21,
        via="integration",
    ),
    ev(
        "03bdbc0d5a4f90d6082b",
        _ts(2, 10, 1),
        "create",
        "buildbot",
        "labs/general",
        "03bdbc0d5a4f90d6082b",
        size=11,
        via="bot",
    ),
    # labs/general archived, restored, archived again (the last at its deleted_at)
    Signal("archived", _ts(3, 12, 0), "labs/general"),
    Signal("unarchived", _ts(4, 9, 0), "labs/general"),
    Signal("archived", _ts(5, 10, 0), "labs/general"),
    ev(
        "08bb1d25fd30eac43c90",
        _ts(3, 10, 0),
        "join",
        "chen",
        "acme/general",
        "08bb1d25fd30eac43c90",
    ),
    ev(
        "16fe8b2815e3c728cc38",
        _ts(3, 10, 1),
        "join",
        "bruno",
        "acme/general",
        "16fe8b2815e3c728cc38",
    ),
    ev(DM, _ts(4, 10, 0), "create", "ada", "direct", DM, size=6),
    ev(
        "36040d5cc7067a92e8cb",
        _ts(4, 10, 1),
        "reply",
        "bruno",
        "direct",
        DM,
        parent=DM,
        target="ada",
        size=4,
    ),
    ev(
        "82946186f504b29a3b42",
        _ts(4, 10, 2),
        "create",
        "bruno",
        "direct",
        "82946186f504b29a3b42",
        size=7,
    ),
    # after the last line: members from the user lines, chen (deactivated) aside; the bot line
    # lists no teams, and the direct channel gets no signal
    Signal("members", count=2),
    Signal("members", container="acme", count=2),
    Signal("members", container="labs", count=2),
    Signal("members", container="acme/general", count=2),
    Signal("members", container="labs/general", count=1),
]


def test_reads_every_record_type(fixture_path: Path) -> None:
    records, tally = read_all(mattermost, fixture_path / "mattermost" / "export.jsonl")
    assert records == EXPECTED


def test_counts_lines_and_reports_skips_with_line_numbers(fixture_path: Path) -> None:
    _, tally = read_all(mattermost, fixture_path / "mattermost" / "export.jsonl")
    # 24 non-blank lines; the blank line 11 is not a record.
    assert tally.seen == 24
    assert tally.skipped == 3
    assert tally.first_place == {
        "malformed JSON": "export.jsonl:20",
        "post without create_at": "export.jsonl:21",
        "reaction without create_at": "export.jsonl:24",
    }
    assert tally.summary().startswith("21 of 24 lines read; 3 skipped: 1 malformed JSON")


def test_zip_and_gzip_give_the_same_events(fixture_path: Path) -> None:
    from_zip, tally = read_all(mattermost, fixture_path / "mattermost" / "export.zip")
    from_gz, _ = read_all(mattermost, fixture_path / "mattermost" / "export.jsonl.gz")
    assert from_zip == EXPECTED
    assert from_gz == EXPECTED
    assert tally.first_place["malformed JSON"] == "export.zip:import.jsonl:20"


def test_ids_are_stable_and_hide_names(fixture_path: Path) -> None:
    first, _ = read_all(mattermost, fixture_path / "mattermost" / "export.jsonl")
    second, _ = read_all(mattermost, fixture_path / "mattermost" / "export.zip")
    ids = [r.native_id for r in first if isinstance(r, Event)]
    assert ids == [r.native_id for r in second if isinstance(r, Event)]
    assert len(set(ids)) == len(ids)
    for native_id in ids:
        assert not any(name in native_id for name in ("ada", "bruno", "chen", "dora", "general"))


def test_strict_makes_a_skip_fatal(fixture_path: Path) -> None:
    tally = Tally(noun="lines", strict=True)
    with pytest.raises(SkippedRecordError, match=r"export.jsonl:20: malformed JSON"):
        list(mattermost.read(fixture_path / "mattermost" / "export.jsonl", tally))


@pytest.mark.parametrize(
    ("info", "expected"),
    [
        (
            '{"created":"2019-03-21T10:00:00.123456789-04:00"}',
            [Signal("exported", datetime(2019, 3, 21, 14, 0, 0, 123456, UTC))],
        ),
        ('{"created":"last Tuesday"}', []),
        ('{"generator":"mattermost-server"}', []),
    ],
)
def test_the_export_date_is_the_version_lines_created(
    tmp_path: Path, info: str, expected: list[Signal], caplog: pytest.LogCaptureFixture
) -> None:
    export = tmp_path / "import.jsonl"
    export.write_text(f'{{"type":"version","version":1,"info":{info}}}\n')
    records, tally = read_all(mattermost, export)
    assert records == expected
    assert tally.skipped == 0
    assert ("ignored the export date 'last Tuesday'" in caplog.text) == ("Tuesday" in info)


def test_members_come_only_from_user_lines(tmp_path: Path) -> None:
    export = tmp_path / "import.jsonl"
    lines = [
        '{"type":"version","version":1}',
        '{"type":"team","team":{"name":"acme","display_name":"Acme","type":"O"}}',
        '{"type":"channel","channel":{"team":"acme","name":"old","display_name":"Old",'
        '"type":"P","deleted_at":1704448800000}}',
    ]
    archived = Signal("archived", _ts(5, 10, 0), "acme/old")
    export.write_text("\n".join(lines))
    records, _ = read_all(mattermost, export)
    assert records == [archived]  # no user lines: the export says nothing of members
    lines.append(
        '{"type":"user","user":{"username":"ada","delete_at":1704448800000,'
        '"teams":[{"name":"acme","channels":[{"name":"old"}]}]}}'
    )
    export.write_text("\n".join(lines))
    records, _ = read_all(mattermost, export)
    assert records == [  # its only member is deactivated: nobody is left
        archived,
        Account("ada"),
        Signal("members", count=0),
        Signal("members", container="acme", count=0),
        Signal("members", container="acme/old", count=0),
    ]


@pytest.mark.parametrize(
    ("name", "phrases"),
    [
        (
            "no-version.jsonl",
            [
                "does not start with a version line: not a Mattermost bulk export",
                "line 1 is a 'team' line",
                "mmctl export create",
            ],
        ),
        (
            "api-response.json",
            [
                "not a Mattermost bulk export",
                "multi-line JSON document (such as a Mattermost API response)",
            ],
        ),
        ("empty.jsonl", ["empty.jsonl: the file is empty"]),
        (
            "truncated.jsonl.gz",
            ["truncated.jsonl.gz: the file breaks off after line", "truncated or damaged"],
        ),
        ("no-jsonl.zip", ["expected one .jsonl file at the top of the export, found none"]),
        ("missing.jsonl", ["missing.jsonl: no such file"]),
    ],
)
def test_broken_files_fail_with_a_clear_message(
    fixture_path: Path, name: str, phrases: list[str]
) -> None:
    with pytest.raises(ExportError) as caught:
        read_all(mattermost, fixture_path / "mattermost" / name)
    for phrase in phrases:
        assert phrase in str(caught.value)


@pytest.mark.realdata
def test_real_bulk_export(data_dir: Path) -> None:
    records, tally = read_all(
        mattermost, data_dir / "mattermost-bulk-export-zulip-fixture" / "export.jsonl"
    )
    events = [r for r in records if isinstance(r, Event)]
    accounts = [r for r in records if isinstance(r, Account)]
    # README: 5 users, 20 posts (one with a reply), several reactions; 35 lines in all.
    assert tally.seen == 35 and tally.skipped == 0
    assert len(accounts) == 5
    kinds = [e.kind for e in events]
    assert (kinds.count("create"), kinds.count("reply"), kinds.count("react")) == (20, 1, 9)
    assert len({e.native_id for e in events}) == len(events)
    assert all(
        datetime(2019, 3, 21, tzinfo=UTC) <= e.ts < datetime(2019, 3, 22, tzinfo=UTC)
        for e in events
    )
    assert {e.container for e in events} >= {
        "gryffindor/dumbledores-army",
        "slytherin/slytherin-quidditch-team",
    }
    # No export date (a version line without info), no archived channel; members from the
    # user lines' teams and channels.
    signals = [r for r in records if isinstance(r, Signal)]
    assert signals == [
        Signal("members", count=5),
        Signal("members", container="gryffindor", count=2),
        Signal("members", container="slytherin", count=3),
        Signal("members", container="gryffindor/gryffindor-common-room", count=2),
        Signal("members", container="gryffindor/gryffindor-quidditch-team", count=2),
        Signal("members", container="slytherin/slytherin-common-room", count=3),
        Signal("members", container="gryffindor/dumbledores-army", count=2),
        Signal("members", container="slytherin/slytherin-quidditch-team", count=2),
    ]
    assert records[-len(signals) :] == signals
    assert_accounts_first_and_no_leaks(
        records,
        ["Looks like this channel is empty", "harry@zulip.com", "Harry Potter", "Weasley"],
    )


@pytest.mark.realdata
def test_real_api_response_is_refused(data_dir: Path) -> None:
    # Perceval's captures are Mattermost API v4 responses, not bulk exports.
    with pytest.raises(ExportError, match="not a Mattermost bulk export"):
        read_all(mattermost, data_dir / "perceval-tests" / "mattermost" / "mattermost_posts.json")
