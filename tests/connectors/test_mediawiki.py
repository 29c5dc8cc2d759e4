"""The MediaWiki connector on small dumps of our own (tests/fixtures) and on real ones."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.connectors._records import ev, read_all
from wi3.connectors import mediawiki
from wi3.connectors.mediawiki import DEFAULT_NAMESPACES, _account, _place
from wi3.errors import ExportError, SkippedRecordError
from wi3.events import Account, Event

EXPECTED: list[Event | Account] = [
    # Welcome: created by the installer's system user
    Account("MediaWiki default", ("MediaWiki default",), bot=True),
    ev("1", "2021-03-01T09:00", "create", "MediaWiki default", "(Main)", "Welcome", size=21,
       via="bot"),
    Account("Dana Lint", ("Dana Lint",)),
    # size counts characters: "Grüße, colleagues!" is 18 characters, 20 bytes
    ev("2", "2021-03-02T10:30", "edit", "Dana Lint", "(Main)", "Welcome", "1", size=18),
    Account("ip:192.0.2.7"),  # anonymous: keyed by address, no aliases
    ev("3", "2021-03-03T11:00", "edit", "ip:192.0.2.7", "(Main)", "Welcome", "2"),
    # revision 4's contributor is hidden (skipped); 5 is imported and has a stub text: bytes
    Account("imported>Eli Stub", ("Eli Stub",)),
    ev("5", "2021-03-05T13:00", "edit", "imported>Eli Stub", "(Main)", "Welcome", "4", size=42,
       via="import"),
    Account("Link bot", ("Link bot",), bot=True),
    ev("6", "2021-03-06T14:00", "edit", "Link bot", "(Main)", "Welcome", "5", size=5, via="bot"),
    # Talk:Welcome: replies about the page "Welcome", to the previous contributor
    ev("7", "2021-03-07T09:00", "reply", "Dana Lint", "Talk", "Welcome", size=15),
    Account("Finn Quire", ("Finn Quire",)),
    ev("8", "2021-03-07T10:00", "reply", "Finn Quire", "Talk", "Welcome", "7", "Dana Lint",
       size=22),
    ev("9", "2021-03-07T10:05", "reply", "Finn Quire", "Talk", "Welcome", "8", size=28),
    # a user talk page: the namespace is the container, never the title
    ev("10", "2021-03-08T09:00", "reply", "Finn Quire", "User talk", "User:Dana Lint", size=7),
    # a page whose first revision in the dump has a parent is an edit (15 has a bad timestamp)
    ev("14", "2021-03-09T09:00", "edit", "Dana Lint", "Intranet", "Intranet:Travel policy", "13",
       size=13),
    Account("en>Gus Wren", ("Gus Wren",)),
    ev("16", "2021-03-10T09:00", "create", "en>Gus Wren", "Category", "Category:Policies",
       size=8, via="import"),
]  # fmt: skip


def test_dump_maps_every_revision(fixture_path: Path) -> None:
    records, tally = read_all(mediawiki, fixture_path / "mediawiki" / "wiki-0.11.xml")
    assert records == EXPECTED
    assert tally.seen == 13
    assert tally.reasons == Counter({"contributor deleted": 1, "unreadable timestamp": 1})
    assert tally.first_place == {
        "contributor deleted": "wiki-0.11.xml:66",
        "unreadable timestamp": "wiki-0.11.xml:194",
    }
    assert tally.summary() == (
        "11 of 13 revisions read; 2 skipped: 1 contributor deleted (first at wiki-0.11.xml:66), "
        "1 unreadable timestamp (first at wiki-0.11.xml:194)"
    )


@pytest.mark.parametrize("version", ["0.10", "0.11"])
@pytest.mark.parametrize("suffix", ["", ".gz", ".bz2", ".xz"])
def test_schema_versions_and_compressions_read_alike(
    fixture_path: Path, version: str, suffix: str
) -> None:
    records, tally = read_all(mediawiki, fixture_path / "mediawiki" / f"wiki-{version}.xml{suffix}")
    assert records == EXPECTED
    assert tally.seen == 13 and tally.skipped == 2


def test_strict_makes_a_hidden_contributor_fatal(fixture_path: Path) -> None:
    with pytest.raises(SkippedRecordError, match="wiki-0.11.xml:66: contributor deleted"):
        read_all(mediawiki, fixture_path / "mediawiki" / "wiki-0.11.xml", strict=True)


@pytest.mark.parametrize(
    ("name", "phrases"),
    [
        (
            "truncated.xml",
            ["the XML is malformed or cut off at line 71", "export or download it again"],
        ),
        ("truncated.xml.gz", ["the gzip stream is truncated or corrupt", "Download or copy"]),
        ("truncated.xml.bz2", ["the bzip2 stream is truncated or corrupt"]),
        ("truncated.xml.xz", ["the xz stream is truncated or corrupt"]),
        (
            "stackexchange-posts.xml",
            [
                "expected a MediaWiki XML dump (root element <mediawiki>), found <posts>",
                "this is a Stack Exchange data-dump file (Posts.xml)",
                "Give a dump made with Special:Export or dumpBackup.php.",
            ],
        ),
        ("api-response.xml", ["found <api>; this is a MediaWiki API response, not a dump"]),
        ("api-response.json", ["it looks like JSON, not XML", "Special:Export or dumpBackup"]),
        ("latin1.xml", ["the text is not valid UTF-8 at line 45", "export it again as UTF-8"]),
        ("empty.xml", ["empty.xml: the file is empty. Export it again."]),
        ("missing.xml", ["missing.xml: no such file. Check the path."]),
        ("", ["it is a folder; give the export file itself"]),
    ],
)
def test_broken_dumps_say_what_where_and_what_to_do(
    fixture_path: Path, name: str, phrases: list[str]
) -> None:
    with pytest.raises(ExportError) as caught:
        read_all(mediawiki, fixture_path / "mediawiki" / name)
    message = str(caught.value)
    assert message.startswith("cannot read ")
    for phrase in phrases:
        assert phrase in message


@pytest.mark.parametrize(
    ("title", "ns", "place"),
    [
        ("Welcome", "0", ("(Main)", "Welcome", False)),
        ("Talk:Welcome", "1", ("Talk", "Welcome", True)),
        ("User talk:Ann", "3", ("User talk", "User:Ann", True)),
        ("Help:Start", "12", ("Help", "Help:Start", False)),
        ("Odd:Page", "100", ("namespace 100", "Odd:Page", False)),
        # dumps before schema 0.6 have no <ns>: the title's prefix decides
        ("User talk:Ann", None, ("User talk", "User:Ann", True)),
        ("Restaurant:Diner", None, ("(Main)", "Restaurant:Diner", False)),
    ],
)
def test_place_puts_talk_pages_under_their_subject(
    title: str, ns: str | None, place: tuple[str, str, bool]
) -> None:
    assert _place(title, ns, DEFAULT_NAMESPACES) == place


@pytest.mark.parametrize(
    ("key", "bot"),
    [
        ("ClueBot", True),
        ("Link bot", True),
        ("Archive_bot", True),
        ("imported>SyncBot", True),
        ("Maintenance script", True),
        ("Talbot", False),
        ("Abbot Costa", False),
        ("Dana Lint", False),
    ],
)
def test_bots_are_system_users_or_follow_the_naming_convention(key: str, bot: bool) -> None:
    assert _account(key).bot is bot


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("name", "revisions", "creates", "accounts"),
    [("ldnont-full.xml.xz", 268, 112, 5), ("ldnont-current.xml", 112, 75, 3)],
)
def test_real_dumps(data_dir: Path, name: str, revisions: int, creates: int, accounts: int) -> None:
    records, tally = read_all(mediawiki, data_dir / "mediawiki-ldnont" / name)
    events = [r for r in records if isinstance(r, Event)]

    # README: 112 pages, 268 revisions, 5 contributors; the current dump has one revision per
    # page, and the 37 of those with a parent are edits
    assert tally.seen == revisions and tally.skipped == 0
    assert len(events) == revisions
    kinds = Counter(e.kind for e in events)
    assert kinds == {"create": creates, "edit": revisions - creates}
    assert len({e.item for e in events}) == 112
    assert len({e.native_id for e in events}) == revisions
    assert len([r for r in records if isinstance(r, Account)]) == accounts
    assert {e.container for e in events} <= {
        "(Main)",
        "Category",
        "Template",
        "LdnOnt",
        "MediaWiki",
    }
    # most revisions were imported from another wiki ("imported>" user names)
    assert Counter(e.via for e in events).most_common(1)[0][0] == "import"

    assert all(e.ts.tzinfo is UTC for e in events)
    first, last = min(e.ts for e in events), max(e.ts for e in events)
    assert datetime(2022, 9, 3, tzinfo=UTC) <= first
    assert last < datetime(2023, 1, 2, tzinfo=UTC)

    seen: set[str] = set()
    for record in records:
        if isinstance(record, Account):
            seen.add(record.key)
        else:
            assert record.actor in seen

    leaks = ["This site attempts to describe", "London Ontario City Wiki", "home page first draft"]
    for event in events:
        values = " ".join(str(v) for v in (event.native_id, event.actor, event.container,
                                           event.item, event.parent, event.target))  # fmt: skip
        assert not any(leak in values for leak in leaks)


@pytest.mark.realdata
def test_api_responses_are_not_dumps(data_dir: Path) -> None:
    path = data_dir / "perceval-tests" / "mediawiki" / "mediawiki_pages_allrevisions.json"
    with pytest.raises(ExportError, match="it looks like JSON, not XML"):
        read_all(mediawiki, path)
