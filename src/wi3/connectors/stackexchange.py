"""Stack Exchange data dumps (also Stack Overflow for Teams/Enterprise): a folder of XML files.

Each file is `<posts><row …/>…</posts>` with one attribute-only `row` per record; all times are UTC
without a zone. The files are streamed with `iterparse` in the order Users, Tags, Posts,
PostHistory, Comments, Votes; only Posts.xml is required. Badges and PostLinks are not read.

Mapping (kind: container / item / parent / target; native_id):

- Users.xml row → `Account` keyed by Id, aliases DisplayName and AccountId; Id -1 (Community)
  is a bot, and its events come `via` "bot". Deleted or unregistered users, known only by the
  display name on their posts, get an Account keyed `name:<digest of the name>` with the name
  as alias.
- question (PostTypeId 1) → create: first tag or "untagged" / question / – / –; `post:<Id>`.
- answer (PostTypeId 2) → reply: question's tag / question / question / asker; `post:<Id>`.
- tag wiki or its excerpt (PostTypeId 4, 5) → edit: the tag (from Tags.xml) or "untagged" /
  the post / – / –; `post:<Id>`. Writing a tag's wiki adds to the site's content, but it is no
  question anyone should answer: as a create it would count as an unanswered thread.
- edit (PostHistory rows of types 4-9 sharing one RevisionGUID) → edit: the post's tag / the
  post's question / the post / –; `history:<Id of the revision's first row>`.
- comment → reply: the post's tag / the post's question / the post / its owner; `comment:<Id>`.
- accepted answer → accept by the asker: question's tag / question / answer / answerer;
  `accept:<answer Id>` (one per answer, whether its time comes from a vote or not).
- vote with a UserId (favourite, bounty; up/down in exports that name voters) → react: the
  post's tag / the post's question / the post / its owner; `vote:<Id>`.
- no event: other post types (privilege wikis, moderator nominations), PostHistory rows that are
  not edits (initial text, close, lock, bump, …), anonymous and moderation votes.

Every row of every file read counts once in the tally, under its file's own noun (users, posts,
history entries, comments, votes), so the summary says what was read per file. Rows that are
well-formed but produce no event (anonymous votes, moderation history, votes and comments on
posts deleted before the dump) are counted as read and summed up in one INFO log line. A file left
out of the dump is noted on the tally with what its absence hides (`Tally.lack`): without
PostHistory.xml there are no edits, so content freshness sees only new posts.

Signals: Users.xml lists the site's registered accounts, so the dump yields `members` for the
whole site (every user but Community). The dump carries no date of its own (no header, and the
files' times are those of whoever unpacked them), so it yields no `exported`: the last event
bounds what it can show. Stack Exchange has no containers that open or close (tags are labels),
so there is no `archived`; closed and deleted questions are moderation, not the end of a space.

Memory: everything streams except what answers, comments, edits, votes and accepts need to know
about earlier posts: post id → (question id, owner, creation time) packed in one int, question id
→ tag, and the set of account keys. It grows with the number of posts and users (about 100 bytes
each), not with the size of the text: a few MB for a company's Teams instance, several GB for
Stack Overflow itself.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from wi3.connectors._stackexchange_dump import Dump
from wi3.errors import ExportError
from wi3.events import Record, Tally

logger = logging.getLogger(__name__)

NOUN = "posts"
DESCRIPTION = "Stack Exchange data dump folder (also Stack Overflow for Teams/Enterprise)"
LOCAL_ACCOUNTS = True
SPLIT = "export"
"""A dump is one site; its containers are tags, which `--split-by channel` does not split."""
"""User ids are the site's own: ingest keys them by the site (the import's origin)."""

_GAPS = {
    "Users.xml": "no display names to match the people directory, and no member count",
    "PostHistory.xml": "no edits, so content freshness sees only new posts",
    "Comments.xml": "no comments, so fewer replies",
    "Votes.xml": "no favourites or bounties, and accepts are timed when the answer was written",
}
"""The optional files, and what the import cannot see without them."""


def _folder(path: Path) -> dict[str, Path]:
    """The dump's files by name; raises ExportError when `path` is not a dump folder."""
    if not path.exists():
        raise ExportError(f"cannot read {path}: no such folder. Check the path.")
    if not path.is_dir():
        hint = ""
        if path.suffix == ".7z":
            hint = " If it is the site's .7z archive, unpack it first (7z x FILE)."
        raise ExportError(
            f"cannot read {path}: a Stack Exchange data dump is a folder of XML files "
            f"(Posts.xml, Users.xml, …), not a single file.{hint} Give the unpacked folder."
        )
    files = {p.name: p for p in path.iterdir() if p.is_file()}
    if "Posts.xml" not in files:
        nested = sorted(path.glob("*/Posts.xml"))
        if nested:
            found = f" Posts.xml is in {nested[0].parent}; give that folder."
        elif any(name.endswith(".7z") for name in files):
            found = " The folder holds .7z archives: unpack them (7z x FILE) and give the folder."
        else:
            listing = ", ".join(sorted(files)[:5]) or "nothing"
            found = f" It holds {listing}. Give the folder of an unpacked Stack Exchange dump."
        raise ExportError(f"cannot read {path}: Posts.xml is missing.{found}")
    return files


def read(path: Path, tally: Tally) -> Iterator[Record]:
    """Read a Stack Exchange data-dump folder; only Posts.xml is required.

    Raises:
        ExportError: when `path` is not a dump folder, Posts.xml is missing, or a file is
            truncated, malformed or of another kind.
    """
    dump = Dump(_folder(path), tally)
    for name, consequence in _GAPS.items():
        if name not in dump.files:
            tally.lack(name, consequence)
    if "Users.xml" in dump.files:
        yield from dump.users()
    if "Tags.xml" in dump.files:
        dump.tags()
    yield from dump.questions_and_answers()
    if "PostHistory.xml" in dump.files:
        yield from dump.edits()
    if "Comments.xml" in dump.files:
        yield from dump.comments()
    if "Votes.xml" in dump.files:
        yield from dump.votes()
    yield from dump.unvoted_accepts()
    if dump.ignored:
        logger.info(
            "%s: read without events: %s",
            path,
            ", ".join(f"{n:,} {what}" for what, n in dump.ignored.most_common()),
        )
