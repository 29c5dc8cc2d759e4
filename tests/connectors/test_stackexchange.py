"""The Stack Exchange connector on small dumps of our own (tests/fixtures) and a real one."""

from __future__ import annotations

import logging
import shutil
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.connectors._records import ev, read_all
from wi3.connectors import stackexchange
from wi3.connectors._stackexchange_dump import _first_tag
from wi3.errors import ExportError, SkippedRecordError
from wi3.events import Account, Event, Gap, Signal, Tally

U99 = "name:36aba59f9beefa86"  # keys of users known only by display name: a digest of it
U77 = "name:b734c92e5da55101"
EXPECTED: list[Event | Account | Signal] = [
    # Users.xml, in file order; the row without Id is skipped
    Account("-1", ("Community", "-1"), bot=True),
    Account("10", ("Ada Quill", "5001")),
    Account("11", ("Ben Ferment", "5002")),
    Account("12", ("Cleo Malt",)),
    # the site's registered users, Community aside
    Signal("members", count=3),
    # Posts.xml: size is the length of the unescaped HTML body
    ev("post:1", "2020-01-05T10:00", "create", "10", "hops", "1", size=33),
    ev("post:2", "2020-01-05T12:00", "reply", "11", "hops", "1", "1", "10", size=19),
    ev("post:3", "2020-02-01T08:00", "create", "12", "stout", "3", size=22),  # |stout| tags
    ev("post:4", "2020-02-01T09:30", "reply", "10", "stout", "3", "3", "12", size=18),
    # a deleted user's question: only a display name, no tags
    Account(U99, ("user99",)),
    ev("post:5", "2020-02-02T08:00", "create", U99, "untagged", "5", size=13),
    # tag-wiki excerpt (by Community) and body, in their tag's container (Tags.xml)
    ev("post:7", "2020-02-04T08:00", "edit", "-1", "hops", "7", size=17, via="bot"),
    ev("post:8", "2020-02-04T08:00:01", "edit", "10", "hops", "8", size=22),
    # PostHistory.xml: body + title (+ the suggested-edit marker) of one revision are one edit
    ev("history:4", "2020-01-06T10:00", "edit", "11", "hops", "1", "1", size=28 + 12),
    ev("history:7", "2020-01-06T11:00", "edit", "12", "hops", "1", "2", size=20),
    ev("history:8", "2020-02-01T10:00", "edit", "10", "stout", "3", "3", size=15),  # rollback
    Account(U77, ("user77",)),
    ev("history:12", "2020-02-03T13:00", "edit", U77, "stout", "3", "3", size=12),
    # Comments.xml: replies to the commented post's owner, in the question's item
    ev("comment:1", "2020-01-05T11:00", "reply", "12", "hops", "1", "1", "10", size=14),
    ev("comment:2", "2020-01-05T13:00", "reply", "10", "hops", "1", "2", "11", size=19),
    ev("comment:3", "2020-02-06T09:00", "reply", "11", "hops", "1", "10", None, size=15),
    ev(
        "comment:6",
        "2020-02-02T09:00",
        "reply",
        U99,
        "untagged",
        "5",
        "5",
        U99,
        size=17,
    ),
    # Votes.xml: the accept vote's date; reactions no earlier than the post itself
    ev("accept:2", "2020-01-07T00:00", "accept", "10", "hops", "1", "2", "11"),
    ev("vote:4", "2020-01-05T10:00", "react", "12", "hops", "1", "1", "10"),  # favourite
    ev("vote:5", "2020-02-03T00:00", "react", "10", "stout", "3", "3", "12"),  # bounty
    ev("vote:6", "2020-02-04T00:00", "react", "11", "stout", "3", "4", "10"),  # named upvote
    Account("13"),  # a voter missing from Users.xml
    ev("vote:10", "2020-02-06T00:00", "react", "13", "hops", "1", "1", "10"),
    # an accepted answer without an accept vote: timed when the answer was written
    ev("accept:4", "2020-02-01T09:30", "accept", "12", "stout", "3", "4", "10"),
]


def test_site_maps_every_record_type(fixture_path: Path) -> None:
    records, _tally = read_all(stackexchange, fixture_path / "stackexchange" / "site")
    assert records == EXPECTED


def test_site_tally_counts_rows_of_every_file(fixture_path: Path) -> None:
    _records, tally = read_all(stackexchange, fixture_path / "stackexchange" / "site")
    # Users 5 + Posts 12 + PostHistory 12 + Comments 6 + Votes 10 (Tags and Badges not counted)
    assert tally.seen == 45
    assert tally.reasons == Counter(
        {
            "without Id": 2,
            "answer to an unknown question": 1,
            "without owner": 1,
            "unreadable timestamp": 1,
            "without user": 1,
            "without timestamp": 1,
        }
    )
    assert tally.first_place == {
        "without Id": "Users.xml:7",
        "answer to an unknown question": "Posts.xml:8",
        "without owner": "Posts.xml:12",
        "unreadable timestamp": "Posts.xml:13",
        "without user": "PostHistory.xml:13",
        "without timestamp": "Comments.xml:7",
    }
    # each file's rows in their own unit, the tally's own (posts) first
    assert tally.per_noun == {
        "posts": (8, 12),
        "users": (4, 5),
        "history entries": (11, 12),
        "comments": (5, 6),
        "votes": (10, 10),
    }
    assert tally.summary().startswith(
        "8 posts, 4 users, 11 history entries, 5 comments, 10 votes read; "
        "7 skipped: 2 without Id (first at Users.xml:7), "
    )


def test_rows_without_events_are_summed_up(
    fixture_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="wi3.connectors.stackexchange"):
        read_all(stackexchange, fixture_path / "stackexchange" / "site")
    summary = [r.getMessage() for r in caplog.records if "read without events" in r.getMessage()]
    assert len(summary) == 1
    for part in (
        "2 anonymous votes",
        "1 moderation votes",
        "1 votes on deleted posts",
        "1 accepts of deleted answers",
        "1 site posts of type 7",
        "1 edits of deleted posts",
        "1 comments on deleted posts",
    ):
        assert part in summary[0]


def test_strict_makes_the_first_malformed_row_fatal(fixture_path: Path) -> None:
    with pytest.raises(SkippedRecordError, match=r"malformed record at Users.xml:7: without Id"):
        read_all(stackexchange, fixture_path / "stackexchange" / "site", strict=True)


def test_native_ids_are_unique_and_stable(fixture_path: Path) -> None:
    first, _ = read_all(stackexchange, fixture_path / "stackexchange" / "site")
    again, _ = read_all(stackexchange, fixture_path / "stackexchange" / "site")
    ids = [r.native_id for r in first if isinstance(r, Event)]
    assert len(ids) == len(set(ids))
    assert ids == [r.native_id for r in again if isinstance(r, Event)]


def test_posts_alone_are_enough(fixture_path: Path, tmp_path: Path) -> None:
    shutil.copy(fixture_path / "stackexchange" / "site" / "Posts.xml", tmp_path / "Posts.xml")
    records, tally = read_all(stackexchange, tmp_path)
    events = [r for r in records if isinstance(r, Event)]
    assert [e.native_id for e in events] == [
        "post:1", "post:2", "post:3", "post:4", "post:5", "post:7", "post:8",
        "accept:2", "accept:4",
    ]  # fmt: skip
    # without Votes.xml both accepts are timed when the answer was written
    assert events[-2] == ev("accept:2", "2020-01-05T12:00", "accept", "10", "hops", "1", "2", "11")
    # without Users.xml, accounts are bare keys, each before its first use
    assert records[0] == Account("10")
    assert [r.key for r in records if isinstance(r, Account)] == ["10", "11", "12", U99, "-1"]
    # without Tags.xml, tag wikis cannot be placed
    assert events[5].container == "untagged"
    assert tally.seen == 12
    # no Users.xml, so no member count; each missing file says what it hides
    assert not any(isinstance(r, Signal) for r in records)
    assert [gap.missing for gap in tally.gaps] == [
        "Users.xml",
        "PostHistory.xml",
        "Comments.xml",
        "Votes.xml",
    ]


def test_a_dump_without_post_history_says_edits_are_missing(
    fixture_path: Path, tmp_path: Path
) -> None:
    for name in ("Users.xml", "Tags.xml", "Posts.xml", "Comments.xml", "Votes.xml"):
        shutil.copy(fixture_path / "stackexchange" / "site" / name, tmp_path / name)
    records, tally = read_all(stackexchange, tmp_path)
    assert [r for r in records if isinstance(r, Event) and r.native_id.startswith("history:")] == []
    assert tally.gaps == [
        Gap("PostHistory.xml", "no edits, so content freshness sees only new posts")
    ]
    assert tally.summary() == (
        "8 posts, 4 users, 5 comments, 10 votes read; 6 skipped: "
        "2 without Id (first at Users.xml:7), "
        "1 answer to an unknown question (first at Posts.xml:8), "
        "1 without owner (first at Posts.xml:12), "
        "1 unreadable timestamp (first at Posts.xml:13), "
        "1 without timestamp (first at Comments.xml:7); "
        "PostHistory.xml missing: no edits, so content freshness sees only new posts"
    )


def test_a_file_truncated_late_fails_after_earlier_events(fixture_path: Path) -> None:
    records: list[Event | Account | Signal] = []
    with pytest.raises(ExportError) as caught:
        records.extend(
            stackexchange.read(fixture_path / "stackexchange" / "truncated-votes", Tally())
        )
    assert "Votes.xml: the XML is malformed or cut off at line 6" in str(caught.value)
    assert "unpack the data dump again" in str(caught.value)
    # the error comes mid-stream, after Posts.xml's events: the store's atomic import drops them
    assert [r.native_id for r in records if isinstance(r, Event)][:2] == ["post:1", "post:2"]


@pytest.mark.parametrize(
    ("name", "phrases"),
    [
        ("no-posts", ["no-posts: Posts.xml is missing", "It holds Users.xml", "unpacked Stack"]),
        ("archive", ["Posts.xml is missing", "holds .7z archives: unpack them (7z x FILE)"]),
        ("site.7z", ["not a single file", "unpack it first (7z x FILE)", "unpacked folder"]),
        ("nested", ["Posts.xml is missing. Posts.xml is in", "nested/dump; give that folder"]),
        ("missing", ["missing: no such folder. Check the path."]),
        (
            "truncated",
            ["truncated/Posts.xml: the XML is malformed or cut off at line 5", "unpack the data"],
        ),
        (
            "other-platform",
            ["expected <posts> as the root element, found <mediawiki>", "a MediaWiki XML dump"],
        ),
        ("wrong-file", ["found <users>; this is a Stack Exchange data-dump file (Users.xml)"]),
        ("empty", ["empty/Posts.xml: the file is empty"]),
        ("not-xml", ["not-xml/Posts.xml: it looks like JSON, not XML", "unpacked Stack Exchange"]),
        ("bad-encoding", ["not valid UTF-8 at line 3", "export it again as UTF-8"]),
    ],
)
def test_broken_dumps_say_what_where_and_what_to_do(
    fixture_path: Path, name: str, phrases: list[str]
) -> None:
    with pytest.raises(ExportError) as caught:
        read_all(stackexchange, fixture_path / "stackexchange" / name)
    message = str(caught.value)
    assert message.startswith("cannot read ")
    for phrase in phrases:
        assert phrase in message


@pytest.mark.parametrize(
    ("tags", "first"),
    [("<hops><ipa>", "hops"), ("|stout|ale|", "stout"), ("<solo>", "solo"), ("", "untagged"),
     (None, "untagged")],
)  # fmt: skip
def test_first_tag_reads_both_tag_formats(tags: str | None, first: str) -> None:
    assert _first_tag(tags) == first


@pytest.mark.realdata
def test_real_dump(data_dir: Path) -> None:
    records, tally = read_all(stackexchange, data_dir / "stackexchange-beer")
    events = [r for r in records if isinstance(r, Event)]
    kinds = Counter(e.kind for e in events)

    # README: Users 3,948, Posts 2,106, PostHistory 5,093, Comments 1,860, Votes 10,798 rows
    assert tally.seen == 3_948 + 2_106 + 5_093 + 1_860 + 10_798
    assert tally.skipped == 0
    assert tally.summary() == (
        "2,106 posts, 3,948 users, 5,093 history entries, 1,860 comments, 10,798 votes read"
    )
    # every user but Community; the dump has no date of its own, so no `exported`
    assert [r for r in records if isinstance(r, Signal)] == [Signal("members", count=3_947)]
    assert kinds["create"] == 591  # questions; the 57 tag wikis and 57 excerpts are edits
    assert kinds["reply"] == 1_398 + 1_860  # answers, comments
    assert kinds["accept"] == 359  # questions with an AcceptedAnswerId
    # favourites (223) and bounties (9) name their voter; 12 of them are on deleted posts
    assert kinds["react"] == 223 + 9 - 12
    # 1,014 edit rows (types 4-9; 761 body edits) make 913 revisions; 114 tag-wiki posts
    assert kinds["edit"] == 913 + 57 + 57
    assert Counter(e.via for e in events)["bot"] == 33  # Community's wiki excerpts and edits
    assert len({e.native_id for e in events}) == len(events)

    assert all(e.ts.tzinfo is UTC for e in events)
    first, last = min(e.ts for e in events), max(e.ts for e in events)
    assert datetime(2014, 1, 21, tzinfo=UTC) <= first < datetime(2014, 1, 22, tzinfo=UTC)
    assert datetime(2016, 12, 1, tzinfo=UTC) <= last < datetime(2016, 12, 12, tzinfo=UTC)

    accounts = [r for r in records if isinstance(r, Account)]
    assert sum(1 for a in accounts if not a.key.startswith("name:")) == 3_948
    assert [a.key for a in accounts if a.bot] == ["-1"]
    seen: set[str] = set()
    for record in records:
        if isinstance(record, Account):
            seen.add(record.key)
        elif isinstance(record, Event):
            assert record.actor in seen
            assert record.target is None or record.target in seen

    # tags are the only containers; no text, title or name leaks into events
    tags = {e.container for e in events}
    assert {"hops", "history", "brewing", "untagged"} <= tags
    leaks = [
        "This is a matter of taste I guess.",  # a comment
        "What is a citra hop",  # a title
        "reportedly made with citra hops",  # a body
        "Geoff Dalgas",  # a display name
        "Community",
    ]
    for event in events:
        fields = (event.native_id, event.actor, event.container, event.item, event.parent)
        values = " ".join(str(v) for v in (*fields, event.target))
        assert not any(leak in values for leak in leaks)


@pytest.mark.realdata
def test_real_dump_without_post_history(data_dir: Path) -> None:
    records, tally = read_all(stackexchange, data_dir / "stackexchange-quantumcomputing")
    events = [r for r in records if isinstance(r, Event)]
    # README: Posts 1,986, Users 3,461, Comments 3,413, Votes 12,560 rows; no PostHistory.xml
    assert tally.summary() == (
        "1,986 posts, 3,461 users, 3,413 comments, 12,560 votes read; "
        "PostHistory.xml missing: no edits, so content freshness sees only new posts"
    )
    # the only edits are the 157 tag wikis and 157 excerpts, from Posts.xml
    assert Counter(e.kind for e in events)["edit"] == 157 + 157
    assert [r for r in records if isinstance(r, Signal)] == [Signal("members", count=3_460)]
