"""The Viva Engage (Yammer) network data export connector, on fixtures we wrote.

There is no real Viva Engage export in shared/data; the fixtures follow the published file
and column descriptions (see the connector's docstring).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.connectors._records import ev, read_all
from wi3.connectors import vivaengage
from wi3.errors import ExportError
from wi3.events import Account, Event


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 1, day, hour, minute, tzinfo=UTC)


EXPECTED: list[Event | Account] = [
    Account("1001", ("ines@example.org", "Ines Moreau")),
    Account("1002", ("tom@example.org", "Tom Baker")),
    # The body "Kick-off\nnotes for Q1" spans two lines of the CSV.
    ev("5001", _at(15, 9, 30), "create", "1001", "Engineering", "5001", size=21),
    ev(
        "5002",
        _at(15, 10),
        "reply",
        "1002",
        "Engineering",
        "5001",
        parent="5001",
        target="1001",
        size=21,
    ),
    Account("1003", ("ana@example.org", "Ana Pérez")),  # not in Users.csv
    ev(
        "5003",
        _at(15, 10, 15),
        "reply",
        "1003",
        "Engineering",
        "5001",
        parent="5002",
        target="1002",
        size=6,
    ),
    ev("5004", _at(16, 8), "create", "1001", "all company", "5004", size=19),
    ev("5005", _at(16, 12), "create", "1002", "direct", "5005", size=7),
    ev(
        "5006",
        _at(16, 12, 5),
        "reply",
        "1001",
        "direct",
        "5005",
        parent="5005",
        target="1002",
        size=3,
    ),
    ev("5007", _at(17, 9), "create", "1002", "Secret Project", "5007", size=18),
    # 5008 was deleted: no event, but a reply to it still finds its author.
    ev(
        "5009",
        _at(17, 9, 20),
        "reply",
        "1002",
        "Secret Project",
        "5007",
        parent="5008",
        target="1001",
        size=14,
    ),
    Account("1600", ("Engage Bot",), bot=True),
    ev("5010", _at(18, 7), "create", "1600", "Engineering", "5010", size=23, via="bot"),
    # A reply to a message outside the export's date range has no target.
    ev("5013", _at(19, 11), "reply", "1003", "Engineering", "4998", parent="4999", size=12),
]


@pytest.mark.parametrize("name", ["network.zip", "network"])
def test_reads_zip_or_folder(fixture_path: Path, name: str) -> None:
    records, _ = read_all(vivaengage, fixture_path / "vivaengage" / name)
    assert records == EXPECTED


def test_counts_messages_and_skips_with_file_and_line(fixture_path: Path) -> None:
    _, tally = read_all(vivaengage, fixture_path / "vivaengage" / "network.zip")
    assert tally.seen == 13  # the deleted message counts as read
    assert tally.first_place == {
        "message without timestamp": "network.zip:Messages.csv:13",
        "unparseable created_at": "network.zip:Messages.csv:14",
    }


def test_reads_each_network_folder(fixture_path: Path) -> None:
    records, tally = read_all(vivaengage, fixture_path / "vivaengage" / "multi-network.zip")
    assert records[: len(EXPECTED)] == EXPECTED
    assert records[len(EXPECTED) :] == [
        Account("3001", ("pat@partner.example", "Pat Kim")),
        ev("7001", _at(20, 10), "create", "3001", "Partners", "7001", size=14),
    ]
    assert tally.first_place["message without timestamp"] == "multi-network.zip:111/Messages.csv:13"


def test_reply_targets_use_a_bounded_memory(
    fixture_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vivaengage, "_PARENTS_KEPT", 1)
    records, _ = read_all(vivaengage, fixture_path / "vivaengage" / "network")
    replies = {r.native_id: r.target for r in records if isinstance(r, Event) and r.parent}
    assert replies["5002"] == "1001"  # its parent is the row just before
    assert replies["5003"] == "1002"


def test_no_names_mail_or_text_in_events(fixture_path: Path) -> None:
    records, _ = read_all(vivaengage, fixture_path / "vivaengage" / "network.zip")
    for record in records:
        if isinstance(record, Event):
            values = " ".join(str(v) for v in record)
            for secret in ("Ines", "example.org", "Kick-off", "Coffee", "user:1001"):
                assert secret not in values


@pytest.mark.parametrize(
    ("name", "phrases"),
    [
        ("truncated.zip", ["truncated.zip: it is not a zip archive, or the archive is truncated"]),
        ("not-a-zip.zip", ["not-a-zip.zip: it is not a zip archive"]),
        (
            "users-export.zip",
            [
                "Messages.csv is missing",
                "not a Viva Engage network data export",
                "user list export",
            ],
        ),
        (
            "wrong-columns",
            [
                "wrong-columns:Messages.csv: the columns id, replied_to_id",
                "are missing (header line 1: message_id,sender,text,created)",
            ],
        ),
        ("not-utf8", ["not-utf8:Messages.csv: it is not UTF-8 text"]),
        ("missing.zip", ["missing.zip: no such file or folder"]),
    ],
)
def test_broken_exports_fail_with_a_clear_message(
    fixture_path: Path, name: str, phrases: list[str]
) -> None:
    with pytest.raises(ExportError) as caught:
        read_all(vivaengage, fixture_path / "vivaengage" / name)
    for phrase in phrases:
        assert phrase in str(caught.value)
