"""The generic CSV/TSV/JSONL connector and its YAML mapping: Gitter, audit logs, JSONL."""

from __future__ import annotations

import gzip
import logging
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.connectors._records import read_all
from wi3.connectors import csv_rows
from wi3.errors import ExportError, InputError
from wi3.events import Account, Event

REPO = Path(__file__).resolve().parents[2]
GITTER = REPO / "docs" / "mappings" / "gitter.yaml"


def _events(records: list[Event | Account]) -> list[Event]:
    return [r for r in records if isinstance(r, Event)]


def test_event_field_order() -> None:
    # csv_rows builds Events positionally in its hot loop; a new field order must fail here.
    assert list(Event._fields) == [
        "native_id",
        "ts",
        "kind",
        "actor",
        "container",
        "item",
        "parent",
        "target",
        "size",
        "via",
    ]


def test_gitter_folder_one_room_per_file(fixture_path: Path) -> None:
    records, tally = read_all(csv_rows, fixture_path / "csv" / "gitter", mapping=GITTER)
    hello = Event(
        "m000000000000000000002",
        datetime(2016, 3, 1, 9, 1, 30, 250000, tzinfo=UTC),
        "create",
        "u0000000000000000000002",
        "Lobby",
        "m000000000000000000002",
        size=37,
    )  # "Hi!\nTwo lines\twith a tab and \"quotes\"": quoted, two lines
    assert records == [
        Account("u0000000000000000000001", ("inesm",)),
        Event(
            "m000000000000000000001",
            datetime(2016, 3, 1, 9, tzinfo=UTC),
            "create",
            "u0000000000000000000001",
            "Lobby",
            "m000000000000000000001",
            size=14,
        ),
        Account("u0000000000000000000002", ("tomb",)),
        hello,
        hello,  # the archive repeats a row; the event store keeps one
        Event(
            "m000000000000000000010",
            datetime(2016, 4, 2, 12, tzinfo=UTC),
            "create",
            "u0000000000000000000002",
            "Tokyo",
            "m000000000000000000010",
            size=10,
        ),
        Account("u0000000000000000000003", ("anap",)),
        Event(
            "m000000000000000000011",
            datetime(2016, 4, 2, 12, 5, tzinfo=UTC),
            "create",
            "u0000000000000000000003",
            "Tokyo",
            "m000000000000000000011",
            size=17,
        ),
    ]
    # Empty.tsv.gz holds no rows and README.md is not a .tsv: neither is an error.
    assert tally.seen == 8
    assert tally.first_place == {
        "without actor": "Lobby.tsv:4",
        "unparseable timestamp": "Lobby.tsv:5",
        "too few fields": "Lobby.tsv:6",
    }


def test_a_single_file_is_read_whatever_its_name(fixture_path: Path) -> None:
    records, _ = read_all(
        csv_rows, fixture_path / "csv" / "gitter" / "Tokyo.tsv.gz", mapping=GITTER
    )
    assert [e.native_id for e in _events(records)] == [
        "m000000000000000000010",
        "m000000000000000000011",
    ]


def test_audit_log_maps_operations_and_leaves_out_the_rest(
    fixture_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    audit = fixture_path / "csv" / "audit"
    with caplog.at_level(logging.INFO, logger="wi3.connectors.csv_rows"):
        records, tally = read_all(csv_rows, audit / "audit-log.csv", mapping=audit / "audit.yaml")
    events = _events(records)
    assert [(e.kind, e.actor, e.via) for e in events] == [
        ("create", "ines@contoso.example", "person"),
        ("view", "tom@contoso.example", "person"),
        ("edit", "tom@contoso.example", "person"),
        ("create", "ines@contoso.example", "person"),
        ("join", "ines@contoso.example", "person"),
        ("edit", "app@sharepoint", "integration"),
        ("react", "tom@contoso.example", "person"),
        ("leave", "ana@contoso.example", "person"),
    ]
    assert events[0].ts == datetime(2024, 3, 4, 9, 15, 22, tzinfo=UTC)
    assert {e.container for e in events} == {"intranet"}
    # No id column: the id hashes CreationDate, UserIds and Operations, showing none of them.
    assert events[0].native_id == "ff500fea6a2cfcc328d8f2c5"
    assert all(e.item == e.native_id and "@" not in e.native_id for e in events)
    assert [a.key for a in records if isinstance(a, Account)] == [
        "ines@contoso.example",
        "tom@contoso.example",
        "app@sharepoint",
        "ana@contoso.example",
    ]
    assert tally.seen == 10 and tally.skipped == 0  # 2 UserLoggedIn rows: read, no event
    assert "2 rows of kinds the mapping leaves out ('UserLoggedIn' ×2)" in caplog.text


def test_jsonl_with_epoch_ms_kind_and_via_columns(fixture_path: Path) -> None:
    records, tally = read_all(
        csv_rows,
        fixture_path / "csv" / "events.jsonl",
        mapping=fixture_path / "csv" / "events.yaml",
    )
    at = datetime(2024, 3, 4, 10, tzinfo=UTC)
    assert records == [
        Account("u1", ("Ines",)),
        Event("e1", at, "create", "u1", "design", "t1", size=10),
        Account("u2", ("Tom",)),
        Event(
            "e2",
            at.replace(minute=1),
            "reply",
            "u2",
            "design",
            "t1",
            parent="e1",
            target="u1",
            size=4,
        ),
        Account("bot7", bot=True),
        Event("e3", at.replace(minute=2), "react", "bot7", "design", "t1", via="bot"),
    ]
    assert tally.first_place == {
        "not an event kind": "events.jsonl:5",
        "malformed JSON": "events.jsonl:6",
        "not a JSON object": "events.jsonl:7",
        "without timestamp": "events.jsonl:8",
    }


@pytest.mark.parametrize(
    ("ts_format", "text", "expected"),
    [
        ("iso8601", "2024-03-04T10:00:00+02:00", datetime(2024, 3, 4, 8, tzinfo=UTC)),
        ("iso8601", "2024-03-04 10:00:00", datetime(2024, 3, 4, 10, tzinfo=UTC)),
        ("epoch_s", "1709546400", datetime(2024, 3, 4, 10, tzinfo=UTC)),
        ("epoch_ms", "1709546400500", datetime(2024, 3, 4, 10, 0, 0, 500000, tzinfo=UTC)),
        ("'%d/%m/%Y %H:%M'", "04/03/2024 10:00", datetime(2024, 3, 4, 10, tzinfo=UTC)),
    ],
)
def test_timestamp_formats(tmp_path: Path, ts_format: str, text: str, expected: datetime) -> None:
    (tmp_path / "posts.csv").write_text(f"id;when;who\n1;{text};u1\n", encoding="utf-8")
    mapping = tmp_path / "posts.yaml"
    mapping.write_text(
        f"format: csv\ndelimiter: ';'\nnative_id: id\nts: when\nts_format: {ts_format}\n"
        "actor: who\ncontainer: {value: forum}\nkind: {value: create}\n",
        encoding="utf-8",
    )
    records, _ = read_all(csv_rows, tmp_path / "posts.csv", mapping=mapping)
    assert _events(records)[0].ts == expected


def test_encoding_from_the_mapping(fixture_path: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "cp1252.yaml"
    mapping.write_text(
        (fixture_path / "csv" / "audit" / "audit.yaml").read_text() + "encoding: cp1252\n",
        encoding="utf-8",
    )
    records, _ = read_all(
        csv_rows, fixture_path / "csv" / "audit" / "not-utf8.csv", mapping=mapping
    )
    assert [e.actor for e in _events(records)] == ["zoé@contoso.example"]


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        (
            "bad-kind.yaml",
            "mapping bad-kind.yaml: kind.values.Foo: 'bar' is not an event kind (create, reply, "
            "edit, react, view, join, leave, accept)\nFix the mapping file",
        ),
        (
            "bad-keys.yaml",
            "mapping bad-keys.yaml has 3 problems:\n"
            "  container: give exactly one of column, value, or from: filename\n"
            "  via.value: 'robot' is not a via value (person, bot, integration, import)\n"
            "  colour: is not a mapping key\n",
        ),
        ("not-yaml.yaml", "mapping not-yaml.yaml: cannot be read as YAML"),
        ("missing.yaml", "missing.yaml: no such file"),
    ],
)
def test_mapping_problems_name_their_path(fixture_path: Path, mapping: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        read_all(
            csv_rows,
            fixture_path / "csv" / "audit" / "audit-log.csv",
            mapping=fixture_path / "csv" / mapping,
        )
    assert message in str(caught.value)


def test_mapping_checks_that_involve_two_keys(tmp_path: Path) -> None:
    mapping = tmp_path / "room.yaml"
    mapping.write_text(
        "format: tsv\nheader: false\ncolumns: [id, at, who]\nnative_id: id\n"
        "ts: sent\nts_format: sometime\nactor: who\ncontainer: {from: filename}\n"
        "kind: {value: create}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_all(csv_rows, tmp_path, mapping=mapping)
    assert str(caught.value).startswith(
        "mapping room.yaml has 2 problems:\n"
        "  ts_format: 'sometime' is not iso8601, epoch_s, epoch_ms or a strptime pattern"
    )
    assert "  ts: 'sent' is not one of the columns (id, at, who)\n" in str(caught.value)


@pytest.mark.parametrize(
    ("data", "mapping", "phrases"),
    [
        (
            "audit/other-columns.csv",
            "audit/audit.yaml",
            [
                "mapping audit.yaml names the columns UserIds, Operations, which the file does not "
                "have (header line 1: RecordId, CreationDate, RecordType, Operation, UserId, "
                "AuditData)"
            ],
        ),
        (
            "audit/audit-log.csv",
            "wrong-column.yaml",
            [
                "names the column UserId, which the file does not have (header line 1: "
                "CreationDate, UserIds, Operations, AuditData)"
            ],
        ),
        (
            "truncated.tsv.gz",
            GITTER,
            ["truncated.tsv.gz: the file breaks off", "truncated or damaged"],
        ),
        (
            "audit/not-utf8.csv",
            "audit/audit.yaml",
            ["not-utf8.csv: it is not utf-8 text", "Set `encoding:` in mapping audit.yaml"],
        ),
        ("audit/empty.csv", "audit/audit.yaml", ["empty.csv: the file is empty"]),
        ("audit", GITTER, ["no files matching *.tsv[.gz] or *.tab[.gz] in this folder"]),
        ("nothing.csv", "audit/audit.yaml", ["nothing.csv: no such file"]),
    ],
)
def test_broken_files_fail_with_a_clear_message(
    fixture_path: Path, data: str, mapping: str | Path, phrases: list[str]
) -> None:
    with pytest.raises(ExportError) as caught:
        read_all(csv_rows, fixture_path / "csv" / data, mapping=fixture_path / "csv" / mapping)
    for phrase in phrases:
        assert phrase in str(caught.value)


def test_truncated_gzip_mid_file(tmp_path: Path) -> None:
    row = "r\tAcme/Big\t2016-01-01T00:00:00Z\tu1\tada\tm{}\thello there\n"
    data = gzip.compress("".join(row.format(i) for i in range(20_000)).encode(), mtime=0)
    (tmp_path / "Big.tsv.gz").write_bytes(data[: len(data) // 2])
    with pytest.raises(ExportError, match=r"Big.tsv.gz: the file breaks off after line \d+"):
        read_all(csv_rows, tmp_path / "Big.tsv.gz", mapping=GITTER)


@pytest.mark.realdata
def test_real_gitter_rooms(data_dir: Path) -> None:
    archives = data_dir / "gitter-freecodecamp" / "archives"
    counts = {}
    for room in ("Wiki", "Calgary", "Aarhus"):
        records, tally = read_all(csv_rows, archives / f"{room}.tsv.gz", mapping=GITTER)
        events = _events(records)
        assert {e.container for e in events} == {room}
        counts[room] = (len(events), len({e.native_id for e in events}))
    # README: Wiki is the largest room, 19,252 messages. Calgary's archive repeats 100 rows.
    assert counts == {"Wiki": (19_252, 19_249), "Calgary": (2_267, 2_167), "Aarhus": (4, 4)}


@pytest.mark.realdata
def test_real_gitter_archive(data_dir: Path) -> None:
    records, tally = read_all(
        csv_rows, data_dir / "gitter-freecodecamp" / "archives", mapping=GITTER
    )
    events = _events(records)
    accounts = [r for r in records if isinstance(r, Account)]
    # README: 211,983 messages, 7,503 distinct users, 521 rooms, 2014-11-30 … 2016-12-24. Four
    # messages have an empty user (deleted accounts): skipped, and not counted as a user here.
    assert tally.seen == 211_983
    assert dict(tally.reasons) == {"without actor": 4}
    assert len(events) == 211_979
    assert len({e.native_id for e in events}) == 211_034  # 945 rows repeated by the scraper
    assert len(accounts) == 7_502
    assert len({e.container for e in events}) == 521
    per_room = Counter(e.container for e in events)
    assert per_room.most_common(3) == [
        ("Wiki", 19_252),
        ("HelpBasejumps", 15_743),
        ("HelpContributors", 13_887),
    ]
    assert min(e.ts for e in events) >= datetime(2014, 11, 30, tzinfo=UTC)
    assert max(e.ts for e in events) < datetime(2016, 12, 25, tzinfo=UTC)
    seen: set[str] = set()
    for record in records:
        if isinstance(record, Account):
            seen.add(record.key)
            continue
        assert record.actor in seen
        assert record.size >= 0 and record.kind == "create"
    # Text and user names stay out of events (aliases hold the names): no field holds a space,
    # which every sentence would, nor the user name of the first Aarhus message.
    assert not any(" " in f"{e.native_id}{e.actor}{e.container}{e.item}" for e in events)
    assert not any("abhisekp" in (e.actor, e.container, e.item) for e in events)
    assert not any(e.target or e.parent for e in events)
