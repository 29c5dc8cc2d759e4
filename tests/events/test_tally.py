"""The Tally: records read and skipped per noun, containers not read, evidence the export lacks."""

from __future__ import annotations

import pytest

from wi3.errors import ExportError
from wi3.events import Gap, Lost, Tally


def test_one_noun_keeps_the_read_of_seen_summary() -> None:
    tally = Tally(noun="messages")
    for _ in range(3):
        tally.record()
    tally.skip("a.json:4", "without timestamp")
    assert tally.per_noun == {"messages": (3, 4)}
    assert (
        tally.summary()
        == "3 of 4 messages read; 1 skipped: 1 without timestamp (first at a.json:4)"
    )


def test_count_as_counts_each_file_in_its_own_noun() -> None:
    calls: list[int] = []
    tally = Tally(noun="posts", on_record=calls.append)
    tally.count_as("users")
    tally.record()
    tally.record()
    tally.count_as("posts")
    tally.record()
    tally.skip("Posts.xml:3", "without Id")
    tally.count_as("votes")
    tally.count_as("comments")  # an empty file still says it was read
    assert tally.seen == 4 and calls == [1, 2, 3, 4]
    # the tally's own noun first, then the others in the order read
    assert tally.per_noun == {"posts": (1, 2), "users": (2, 2), "votes": (0, 0), "comments": (0, 0)}
    assert tally.summary() == (
        "1 posts, 2 users, 0 votes, 0 comments read; 1 skipped: 1 without Id (first at Posts.xml:3)"
    )


def test_a_noun_named_twice_adds_up() -> None:
    tally = Tally(noun="mails")
    tally.count_as("mails")
    tally.record()
    tally.count_as("mails")
    tally.record()
    assert tally.summary() == "2 of 2 mails read"


def test_lost_containers_are_named_in_their_own_word_and_never_skipped() -> None:
    tally = Tally(noun="messages")
    tally.record()
    tally.lose("zulip_json/3-general", "general", "folder missing", word="stream")
    assert tally.lost == [Lost("stream", "general", "zulip_json/3-general", "folder missing")]
    assert tally.skipped == 0 and tally.seen == 1
    assert tally.summary() == "1 of 1 messages read; 1 stream not read: general (folder missing)"


def test_lost_containers_are_grouped_by_word_and_reason() -> None:
    tally = Tally(noun="mails")
    for n in range(12):
        tally.lose(f"lists/l{n}.mbox", f"l{n}", "file missing", word="list")
    tally.lose("lists/x.mbox.gz", "x", "file unreadable", word="list")
    tally.lose("extra.mbox", "extra", "file missing")
    assert tally.summary() == (
        "0 of 0 mails read; 13 lists not read: l0, l1, l2, l3, l4, l5, l6, l7, l8, l9 and 2 more "
        "(file missing), x (file unreadable); 1 file not read: extra (file missing)"
    )


def test_strict_makes_a_lost_container_fatal() -> None:
    tally = Tally(noun="messages", strict=True)
    with pytest.raises(ExportError, match=r"^cannot read stream general at 3-general: gone\.\n"):
        tally.lose("3-general", "general", "gone", word="stream")


def test_gaps_close_the_summary() -> None:
    tally = Tally(noun="posts")
    tally.record()
    tally.lack("PostHistory.xml", "no edits, so content freshness sees only new posts")
    assert tally.gaps == [
        Gap("PostHistory.xml", "no edits, so content freshness sees only new posts")
    ]
    assert tally.summary() == (
        "1 of 1 posts read; PostHistory.xml missing: no edits, so content freshness sees only "
        "new posts"
    )
