"""The Slack connector on our own small exports (tests/fixtures/slack) and on the real one."""

from __future__ import annotations

import json
import logging
import zipfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.connectors._records import ev, read_all
from wi3.connectors import slack
from wi3.connectors._slack_messages import parse_ts
from wi3.errors import ExportError, SkippedRecordError
from wi3.events import Account, Event, Record, Signal

G = "C0GENERAL"
WELCOME = f"{G}/1614560400.000200"
THREAD = f"{G}/1614564000.000300"
EXPECTED: list[Record] = [
    Account("U0ANN", ("ann@example.org", "ann", "Ann Example", "annie")),
    Account("U0BEN", ("ben@example.org", "ben", "Ben Sample")),
    Account("U0CLEO", ("cleo", "Cleo Test")),
    Account("U0BOT", ("buildbot", "Build Bot"), bot=True),
    # people in users.json: ann and ben (cleo is deactivated, buildbot a bot)
    Signal("members", count=2),
    # channels.json: general lists cleo and buildbot too; launch is archived (no date) and
    # lists Slackbot besides; the DM and the group DM give no signal
    Signal("members", container="general", count=2),
    Signal("archived", container="launch"),
    Signal("members", container="launch", count=2),
    Signal("members", container="private-team", count=2),
    # a DM: container "direct", native id from its id (the folder name)
    ev(
        "D0DIRECT1/1614556800.000100",
        "2021-03-01T00:00:00.000100",
        "create",
        "U0ANN",
        "direct",
        "D0DIRECT1/1614556800.000100",
        size=6,
    ),
    # general, day 1
    ev(f"{G}/1614556800.000100", "2021-03-01T00:00:00.000100", "join", "U0BEN", "general", G),
    ev(
        f"{G}/1614556800.000100/react/wave/U0ANN",
        "2021-03-01T00:00:00.000100",
        "react",
        "U0ANN",
        "general",
        f"{G}/1614556800.000100",
        f"{G}/1614556800.000100",
        "U0BEN",
    ),
    ev(WELCOME, "2021-03-01T01:00:00.000200", "create", "U0ANN", "general", WELCOME, size=24),
    ev(
        f"{WELCOME}/edit/1614560460.000000",
        "2021-03-01T01:01:00",
        "edit",
        "U0ANN",
        "general",
        WELCOME,
        WELCOME,
        size=24,
    ),
    ev(
        f"{WELCOME}/react/tada/U0BEN",
        "2021-03-01T01:00:00.000200",
        "react",
        "U0BEN",
        "general",
        WELCOME,
        WELCOME,
        "U0ANN",
    ),
    ev(
        f"{WELCOME}/react/tada/U0CLEO",
        "2021-03-01T01:00:00.000200",
        "react",
        "U0CLEO",
        "general",
        WELCOME,
        WELCOME,
        "U0ANN",
    ),
    ev(
        f"{WELCOME}/react/+1::skin-tone-2/U0BEN",
        "2021-03-01T01:00:00.000200",
        "react",
        "U0BEN",
        "general",
        WELCOME,
        WELCOME,
        "U0ANN",
    ),
    ev(THREAD, "2021-03-01T02:00:00.000300", "create", "U0BEN", "general", THREAD, size=24),
    ev(
        f"{G}/1614564060.000400",
        "2021-03-01T02:01:00.000400",
        "reply",
        "U0ANN",
        "general",
        THREAD,
        THREAD,
        "U0BEN",
        6,
    ),
    # no parent_user_id (older layout): the target is the parent's author, read before
    ev(
        f"{G}/1614564120.000500",
        "2021-03-01T02:02:00.000500",
        "reply",
        "U0CLEO",
        "general",
        THREAD,
        THREAD,
        "U0BEN",
        6,
    ),
    # thread_broadcast: a reply, its target from `root`
    ev(
        f"{G}/1614564180.000600",
        "2021-03-01T02:03:00.000600",
        "reply",
        "U0BEN",
        "general",
        THREAD,
        THREAD,
        "U0BEN",
        15,
    ),
    # channel_topic: no event; channel_purpose: no event, but its reaction counts
    ev(
        f"{G}/1614567660.000800/react/eyes/U0BEN",
        "2021-03-01T03:01:00.000800",
        "react",
        "U0BEN",
        "general",
        f"{G}/1614567660.000800",
        f"{G}/1614567660.000800",
        "U0ANN",
    ),
    ev(
        f"{G}/1614571200.000900",
        "2021-03-01T04:00:00.000900",
        "create",
        "U0CLEO",
        "general",
        f"{G}/1614571200.000900",
        size=15,
    ),
    ev(
        f"{G}/1614571260.001000",
        "2021-03-01T04:01:00.001000",
        "create",
        "U0ANN",
        "general",
        f"{G}/1614571260.001000",
        size=0,
    ),
    ev(
        f"{G}/1614571320.001100",
        "2021-03-01T04:02:00.001100",
        "create",
        "U0BEN",
        "general",
        f"{G}/1614571320.001100",
        size=5,
    ),
    # general, day 2: the tombstone gives nothing; the reply to it targets nobody
    ev(
        f"{G}/1614643260.000200",
        "2021-03-02T00:01:00.000200",
        "reply",
        "U0BEN",
        "general",
        f"{G}/1614643200.000100",
        f"{G}/1614643200.000100",
        None,
        17,
    ),
    Account("B0FEED", (), bot=True),
    ev(
        f"{G}/1614646800.000300",
        "2021-03-02T01:00:00.000300",
        "create",
        "B0FEED",
        "general",
        f"{G}/1614646800.000300",
        size=16,
        via="integration",
    ),
    ev(
        f"{G}/1614646860.000400",
        "2021-03-02T01:01:00.000400",
        "create",
        "U0BOT",
        "general",
        f"{G}/1614646860.000400",
        size=20,
        via="integration",
    ),
    ev(
        f"{G}/1614646920.000500",
        "2021-03-02T01:02:00.000500",
        "create",
        "U0BOT",
        "general",
        f"{G}/1614646920.000500",
        size=12,
        via="bot",
    ),
    ev(
        f"{G}/1614646920.000500/edit/1614646921.000000",
        "2021-03-02T01:02:01",
        "edit",
        "U0BOT",
        "general",
        f"{G}/1614646920.000500",
        f"{G}/1614646920.000500",
        size=12,
        via="bot",
    ),
    Account("B0LEGACY", ("Legacy Feed",), bot=True),
    ev(
        f"{G}/1614646980.000600",
        "2021-03-02T01:03:00.000600",
        "create",
        "B0LEGACY",
        "general",
        f"{G}/1614646980.000600",
        size=0,
        via="integration",
    ),
    ev(
        f"{G}/1614650400.000700",
        "2021-03-02T02:00:00.000700",
        "create",
        "U0BEN",
        "general",
        f"{G}/1614650400.000700",
        size=10,
    ),
    ev(
        f"{G}/1614650400.000700/edit/1614650460.000000",
        "2021-03-02T02:01:00",
        "edit",
        "U0ANN",
        "general",
        f"{G}/1614650400.000700",
        f"{G}/1614650400.000700",
        size=10,
    ),
    # message_changed: the same id an export of the edited message would give
    ev(
        f"{G}/1614564120.000500/edit/1614654000.000000",
        "2021-03-02T03:00:00",
        "edit",
        "U0CLEO",
        "general",
        THREAD,
        f"{G}/1614564120.000500",
        size=14,
    ),
    ev(f"{G}/1614657600.000900", "2021-03-02T04:00:00.000900", "leave", "U0CLEO", "general", G),
    Account("USLACKBOT", ("slackbot",), bot=True),
    ev(
        f"{G}/1614657720.001100",
        "2021-03-02T04:02:00.001100",
        "create",
        "USLACKBOT",
        "general",
        f"{G}/1614657720.001100",
        size=17,
        via="bot",
    ),
    Account("W0GUEST", ()),
    ev(
        f"{G}/1614657840.001300",
        "2021-03-02T04:04:00.001300",
        "create",
        "W0GUEST",
        "general",
        f"{G}/1614657840.001300",
        size=23,
    ),
    # launch: a message, then the channel_archive notice, the flag's dated twin
    ev(
        "C0LAUNCH/1614988800.000100",
        "2021-03-06T00:00:00.000100",
        "create",
        "U0BEN",
        "launch",
        "C0LAUNCH/1614988800.000100",
        size=11,
    ),
    Signal("archived", datetime(2021, 3, 6, 13, 0, 0, 200, UTC), "launch"),
    # a group DM: container "direct" (its name is people's names), native id from its id
    ev(
        "G0MPIM/1614556800.000100",
        "2021-03-01T00:00:00.000100",
        "create",
        "U0CLEO",
        "direct",
        "G0MPIM/1614556800.000100",
        size=7,
    ),
    # a folder in no channel list: the folder name stands in for the id
    ev(
        "old-archived/1609372800.000002",
        "2020-12-31T00:00:00.000002",
        "create",
        "U0ANN",
        "old-archived",
        "old-archived/1609372800.000002",
        size=10,
    ),
    ev(
        "old-archived/1609372860.000003",
        "2020-12-31T00:01:00.000003",
        "reply",
        "U0BEN",
        "old-archived",
        "old-archived/1609372800.000002",
        "old-archived/1609372800.000002",
        "U0ANN",
        2,
    ),
    # archived, though no channel list says so: only its notice tells
    Signal("archived", datetime(2020, 12, 31, 23, 59, 0, 4, UTC), "old-archived"),
    # a private channel from groups.json
    ev(
        "G0PRIV/1614556800.000100",
        "2021-03-01T00:00:00.000100",
        "join",
        "U0ANN",
        "private-team",
        "G0PRIV",
    ),
    ev(
        "G0PRIV/1614556860.000150",
        "2021-03-01T00:01:00.000150",
        "create",
        "U0BEN",
        "private-team",
        "G0PRIV/1614556860.000150",
        size=15,
    ),
    ev(
        "G0PRIV/1614556900.000200",
        "2021-03-01T00:01:40.000200",
        "leave",
        "U0ANN",
        "private-team",
        "G0PRIV",
    ),
    # a private channel archived and reopened (group_ notices of older exports)
    Signal("archived", datetime(2021, 3, 1, 1, 0, 0, 300, UTC), "private-team"),
    Signal("unarchived", datetime(2021, 3, 1, 2, 0, 0, 400, UTC), "private-team"),
]


@pytest.fixture
def workspace(fixture_path: Path) -> Path:
    return fixture_path / "slack" / "workspace"


def zip_folder(folder: Path, target: Path, top: str = "") -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                z.write(path, top + path.relative_to(folder).as_posix())
    return target


def test_module_constants() -> None:
    assert slack.NOUN == "messages"
    assert "Slack" in slack.DESCRIPTION


def test_folder_export_gives_exact_accounts_and_events(workspace: Path) -> None:
    records, _ = read_all(slack, workspace)
    assert records == EXPECTED


@pytest.mark.parametrize("top", ["", "acme-export/"])
def test_zip_reads_like_the_folder(workspace: Path, tmp_path: Path, top: str) -> None:
    records, tally = read_all(slack, zip_folder(workspace, tmp_path / "acme.zip", top))
    assert records == EXPECTED
    assert tally.first_place["malformed JSON"] == "acme.zip:general/2021-03-03.json"


def test_tally_counts_and_skip_reasons(workspace: Path) -> None:
    _, tally = read_all(slack, workspace)
    assert tally.seen == 43
    assert tally.skipped == 7
    assert tally.reasons == Counter(
        {
            "user without id": 1,
            "without timestamp": 1,
            "malformed timestamp": 1,
            "without author": 1,
            "malformed JSON": 1,
            "empty file": 1,
            "not a list of messages": 1,
        }
    )
    assert tally.first_place == {
        "user without id": "workspace:users.json:#5",
        "without timestamp": "workspace:general/2021-03-01.json:#12",
        "malformed timestamp": "workspace:general/2021-03-01.json:#13",
        "without author": "workspace:general/2021-03-01.json:1614571380.001200",
        "malformed JSON": "workspace:general/2021-03-03.json",
        "empty file": "workspace:general/2021-03-04.json",
        "not a list of messages": "workspace:general/2021-03-05.json",
    }
    assert tally.summary().startswith("36 of 43 messages read; 7 skipped")


def test_strict_makes_the_first_skip_fatal(workspace: Path) -> None:
    with pytest.raises(SkippedRecordError, match=r"users\.json:#5: user without id"):
        read_all(slack, workspace, strict=True)


def test_accounts_come_before_the_events_that_name_them(workspace: Path) -> None:
    records, _ = read_all(slack, workspace)
    seen: set[str] = set()
    for record in records:
        if isinstance(record, Account):
            seen.add(record.key)
            continue
        if isinstance(record, Signal):
            continue
        assert record.actor in seen, record
        assert record.target is None or record.target in seen, record


def test_no_text_names_or_addresses_in_events(workspace: Path) -> None:
    records, _ = read_all(slack, workspace)
    values = [
        str(v)
        for r in records
        if isinstance(r, Event)
        for v in (r.native_id, r.actor, r.container, r.item, r.parent, r.target)
    ]
    for secret in (
        "Hello everyone",
        "review my patch",
        "ann@example.org",
        "Ann Example",
        "annie",
        "Dana Bridged",
        "mpdm-ann--ben--cleo-1",
        "Quarterly plans",
    ):
        assert not any(secret in value for value in values), secret
    accounts = [r for r in records if isinstance(r, Account)]
    assert not any("Dana Bridged" in a.aliases for a in accounts)  # a bot_message username


def test_logs_what_it_passed_over(workspace: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="wi3.connectors.slack"):
        read_all(slack, workspace)
    text = caplog.text
    assert "canvas_in_the_conversation.json: not a day file" in text
    assert "1 folders are in no channel list" in text and "old-archived" in text
    assert "read 10 day files" in text
    assert "2 deleted" in text and "1 channel_topic" in text and "1 channel_name" in text


def test_dm_only_export_needs_no_channels_json(tmp_path: Path) -> None:
    (tmp_path / "D0DM").mkdir()
    (tmp_path / "users.json").write_text('[{"id": "U0ANN", "name": "ann"}]')
    (tmp_path / "dms.json").write_text('[{"id": "D0DM", "members": ["U0ANN"]}]')
    (tmp_path / "D0DM" / "2021-03-01.json").write_text(
        json.dumps([{"type": "message", "user": "U0ANN", "text": "note", "ts": "1614556800.5"}])
    )
    records, _ = read_all(slack, tmp_path)
    assert records == [
        Account("U0ANN", ("ann",)),
        Signal("members", count=1),  # the DM's member list gives no signal
        ev(
            "D0DM/1614556800.5",
            "2021-03-01T00:00:00.500000",
            "create",
            "U0ANN",
            "direct",
            "D0DM/1614556800.5",
            size=4,
        ),
    ]


def test_people_are_listed_users_that_are_no_bots_and_not_deactivated(tmp_path: Path) -> None:
    users = [
        {"id": "U0ANN", "name": "ann"},
        {"id": "USLACKBOT", "name": "slackbot", "is_bot": False},  # so real exports list it
        {"id": "U0OLD", "name": "old", "deleted": True},
        {"id": "U0APP", "name": "app", "is_bot": True, "deleted": True},
    ]
    (tmp_path / "users.json").write_text(json.dumps(users))
    members = ["U0ANN", "USLACKBOT", "U0OLD", "U0APP", "W0GUEST", "U0ANN"]
    (tmp_path / "channels.json").write_text(
        json.dumps([{"id": "C0TEAM", "name": "team", "is_archived": False, "members": members}])
    )
    records, _ = read_all(slack, tmp_path)
    # W0GUEST, a guest from another workspace, is in no users.json: not counted
    assert [r for r in records if isinstance(r, Signal)] == [
        Signal("members", count=1),
        Signal("members", container="team", count=1),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1605192304.000400", ("1605192304.000400", datetime(2020, 11, 12, 14, 45, 4, 400, UTC))),
        ("1605192304", ("1605192304", datetime(2020, 11, 12, 14, 45, 4, tzinfo=UTC))),
        (1605192304, ("1605192304.000000", datetime(2020, 11, 12, 14, 45, 4, tzinfo=UTC))),
        (
            "1605192304.9999999",
            ("1605192304.9999999", datetime(2020, 11, 12, 14, 45, 4, 999999, UTC)),
        ),
        ("yesterday", None),
        ("-5.1", None),
        ("1605192304.00x", None),
        ("9" * 30, None),
        (True, None),
        (None, None),
    ],
)
def test_parse_ts(value: object, expected: tuple[str, datetime] | None) -> None:
    assert parse_ts(value) == expected


@pytest.mark.parametrize(
    ("name", "phrases"),
    [
        (
            "not-a-zip.zip",
            [
                "not-a-zip.zip: it is not a zip archive but JSON text",
                "Give the workspace export .zip",
            ],
        ),
        (
            "truncated.zip",
            ["truncated.zip: the zip archive is truncated or damaged", "Download the export again"],
        ),
        ("empty.zip", ["empty.zip: the file is empty", "Export it again"]),
        (
            "single-channel.zip",
            [
                "users.json and channels.json are missing at the top level",
                "This looks like a single-channel download, not a workspace export",
                "Export the whole workspace",
            ],
        ),
        (
            "other-platform.zip",
            [
                "users.json and channels.json are missing at the top level",
                "This looks like a Mattermost bulk export",
            ],
        ),
        (
            "damaged-member.zip",
            [
                "damaged-member.zip:general/2021-03-01.json: the archive member "
                "is damaged (Bad CRC-32",
                "Download the export again",
            ],
        ),
        (
            "invalid-channels",
            [
                "invalid-channels:channels.json: invalid JSON at line 3, column 1",
                "export the workspace again",
            ],
        ),
        (
            "users-not-a-list",
            ["users-not-a-list:users.json: expected a JSON array, found an object"],
        ),
        ("latin1-users", ["latin1-users:users.json: it is not UTF-8 text"]),
        ("no-such-export.zip", ["no such file or folder"]),
    ],
)
def test_broken_exports_fail_with_a_clear_message(
    fixture_path: Path, name: str, phrases: list[str]
) -> None:
    with pytest.raises(ExportError) as info:
        read_all(slack, fixture_path / "slack" / name)
    for phrase in phrases:
        assert phrase in str(info.value)


def test_a_folder_of_something_else_is_named_as_such(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(ExportError, match="It does not look like a Slack workspace export"):
        read_all(slack, tmp_path)
    (tmp_path / "realm.json").write_text("{}")
    with pytest.raises(ExportError, match="This looks like a Zulip export"):
        read_all(slack, tmp_path)


def test_a_zip_without_files(tmp_path: Path) -> None:
    zipfile.ZipFile(tmp_path / "hollow.zip", "w").close()
    with pytest.raises(ExportError, match="the export holds no files"):
        read_all(slack, tmp_path / "hollow.zip")


def test_channel_folders_without_workspace_files(tmp_path: Path) -> None:
    (tmp_path / "general").mkdir()
    (tmp_path / "general" / "2021-03-01.json").write_text("[]")
    with pytest.raises(ExportError, match="The channel folders are there but not the workspace"):
        read_all(slack, tmp_path)


@pytest.mark.realdata
def test_real_export(data_dir: Path) -> None:
    path = data_dir / "slack-r-devel-community" / "r-devel-slack-export.zip"
    records, tally = read_all(slack, path)
    events = [r for r in records if isinstance(r, Event)]
    kinds = Counter(e.kind for e in events)

    # README: 12,564 messages (the 10 entries without ts are canvas descriptor files, not day
    # files), 3,447 thread replies, 4,874 reactions, 1,487 channel_join.
    assert tally.seen == 12_564 and tally.skipped == 0
    assert kinds["reply"] == 3_447
    assert kinds["react"] == 4_874
    assert kinds["join"] == 1_487
    assert kinds["create"] + kinds["reply"] + kinds["join"] == 12_564 - 64  # 64 system/deleted
    assert 600 <= kinds["edit"] <= 620
    assert 770 <= len({e.item for e in events if e.kind == "reply"}) <= 780  # ~774 threads
    via = Counter(e.via for e in events if e.kind in ("create", "reply"))
    assert via["integration"] == 4_869  # every bot_message
    assert 570 <= len({e.actor for e in events if e.kind != "react"}) <= 590  # ~575 senders
    containers = Counter(e.container for e in events if e.kind in ("create", "reply"))
    assert containers.most_common(1)[0][0] == "bugzilla-inbox"
    assert len({e.container for e in events}) == 33  # one folder per channel
    assert len({e.native_id for e in events}) == len(events)

    first, last = min(e.ts for e in events), max(e.ts for e in events)
    assert datetime(2020, 11, 5, tzinfo=UTC) <= first < datetime(2020, 11, 6, tzinfo=UTC)
    assert datetime(2026, 6, 29, tzinfo=UTC) <= last < datetime(2026, 7, 1, tzinfo=UTC)

    seen: set[str] = set()
    for record in records:
        if isinstance(record, Account):
            seen.add(record.key)
        elif isinstance(record, Event):
            assert record.actor in seen and (record.target is None or record.target in seen)

    # Five channels were archived: none is in channels.json (whose 20 channels are all open),
    # each has its channel_archive message. users.json lists 1,150 accounts: 15 bots and 14
    # deactivated people aside, 1,121 people.
    signals = [r for r in records if isinstance(r, Signal)]
    assert [s for s in signals if s.kind != "members"] == [
        Signal("archived", datetime(2025, 8, 10, 13, 4, 7, 766999, UTC), "bug-bbq"),
        Signal("archived", datetime(2021, 3, 2, 9, 29, 54, 500, UTC), "bugzilla-posts"),
        Signal("archived", datetime(2025, 9, 30, 8, 26, 18, 848459, UTC), "core-outreach-github"),
        Signal("archived", datetime(2022, 5, 23, 10, 39, 20, 87989, UTC), "outreachy"),
        Signal("archived", datetime(2025, 9, 30, 8, 25, 52, 399799, UTC), "r-dev-guide-github"),
    ]
    members = {s.container: s.count for s in signals if s.kind == "members"}
    assert members[None] == 1_121
    assert len(members) == 1 + 20
    assert members["general"] == 1_121  # 1,122 listed, the one bot aside
    assert members["r-dev-days"] == 58 and members["cran-cookbook"] == 9
    assert all(count is not None and count <= 1_121 for count in members.values())
    assert {s.container for s in signals} - {None} <= {e.container for e in events}

    # Names and message text from the export itself must not reach any event field.
    with zipfile.ZipFile(path) as z:
        users = json.loads(z.read("users.json"))
        day = json.loads(z.read("general/2022-05-16.json"))
    names = {
        value
        for user in users
        for value in (
            user.get("name"),
            user.get("real_name"),
            user.get("profile", {}).get("display_name"),
        )
        if isinstance(value, str) and len(value) >= 4
    }
    texts = [m["text"][:30] for m in day if "subtype" not in m and len(m.get("text", "")) >= 30]
    assert len(names) > 1000 and len(texts) > 50
    values = {
        str(v)
        for e in events
        for v in (e.native_id, e.actor, e.container, e.item, e.parent, e.target)
    } | {str(s.container) for s in signals}
    assert not names & values
    assert not any(text in value for text in texts for value in values)
