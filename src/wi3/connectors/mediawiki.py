"""MediaWiki XML dumps (Special:Export or dumpBackup.php; schema 0.10 and 0.11; compressed or not).

A dump is `<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/">` holding `<siteinfo>`
(with the wiki's namespace names) and then one `<page>` per page (`<title>`, `<ns>`, `<id>`) with
its `<revision>`s in order (`<id>`, `<parentid>`, `<timestamp>`, `<contributor>`, `<text>`, …).
The namespace URI differs per schema version and is ignored. Plain, gzip, bzip2 and xz files are
read the same way, streamed with `iterparse`; memory does not grow with the dump.

Mapping, per revision (kind: container / item / parent / target):

- a page's first revision in the dump, without a `<parentid>` → create: namespace / title / – / –.
- a later revision, or one with a `<parentid>` (a `--current` dump holds only the latest revision
  of each page, which is an edit, not the page's creation) → edit: namespace / title / parentid /
  –. Two parentless revisions of one page (it happens after re-imports) give a create and an edit.
- any revision of a talk page (odd namespace number: Talk, User talk, Project talk, …) → reply:
  the talk namespace / the subject page's title (`Talk:Foo` → `Foo`, `User talk:Ann` →
  `User:Ann`) / parentid / the contributor of the talk page's previous revision (the nearest
  guess at whom a talk-page post answers; none when it is the same person).

The container is always a namespace name from siteinfo ("(Main)" for namespace 0), never a title,
since User-namespace titles hold user names. Items are titles; the event store hashes them.

`native_id` is the revision id, unique within a wiki and kept by every later dump. `size` is the
length of the revision's text in characters, or the `bytes` attribute (UTF-8 bytes) in stub dumps
that leave the text out.

Accounts, yielded on first sight (dumps hold no user records):

- a user name is the key and its alias; MediaWiki's own system users ("MediaWiki default",
  "Maintenance script", …) and names following the bot naming convention ("ClueBot", "Link bot")
  are flagged as bots and their revisions come `via` "bot".
- imported revisions (Special:Import writes the source wiki's prefix: `imported>Ann`, `en>Ann`)
  keep the prefixed name as key with the bare name as alias, and come `via` "import".
- an anonymous edit (`<ip>`) is keyed `ip:<address>` without aliases; an address is personal data
  too, and the event store pseudonymises it like any key.
- a contributor hidden by revision deletion (`<contributor deleted="deleted"/>`) cannot be
  attributed: the revision is skipped with reason "contributor deleted".
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from wi3.connectors._xml import describe_root, iter_elements, root_tag
from wi3.errors import ExportError
from wi3.events import Account, Event, Kind, Record, Tally, Via, utc

logger = logging.getLogger(__name__)

NOUN = "revisions"
DESCRIPTION = "MediaWiki XML dump (Special:Export or dumpBackup.php; plain, .gz, .bz2 or .xz)"
SPLIT = "export"
"""A dump is one wiki; its containers are namespaces, which `--split-by channel` does not split."""

_REMEDY = "The dump looks truncated or damaged; export or download it again."

MAIN = "(Main)"
"""The container for namespace 0, which has no name."""

DEFAULT_NAMESPACES = {
    -2: "Media",
    -1: "Special",
    0: "",
    1: "Talk",
    2: "User",
    3: "User talk",
    4: "Project",
    5: "Project talk",
    6: "File",
    7: "File talk",
    8: "MediaWiki",
    9: "MediaWiki talk",
    10: "Template",
    11: "Template talk",
    12: "Help",
    13: "Help talk",
    14: "Category",
    15: "Category talk",
}
"""The canonical names, used when a dump has no siteinfo."""

SYSTEM_USERS = frozenset(
    {
        "MediaWiki default",
        "Maintenance script",
        "MediaWiki message delivery",
        "MediaWiki spam cleanup",
        "Abuse filter",
    }
)
"""Accounts MediaWiki itself edits with (installer, maintenance scripts, extensions)."""

_BOT_NAME = re.compile(r"(?:Bot|[ _-][Bb]ot|^[Bb]ot)$")
"""The bot naming convention: "ClueBot", "Link bot", "Archive_bot"; not "Talbot"."""


def _account(key: str) -> Account:
    """The Account for a contributor key, with the bare user name as alias."""
    if key.startswith("ip:"):
        return Account(key)
    bare = key.rpartition(">")[2]
    bot = bare in SYSTEM_USERS or _BOT_NAME.search(bare) is not None
    return Account(key, aliases=(bare,), bot=bot)


def _place(title: str, ns_text: str | None, namespaces: dict[int, str]) -> tuple[str, str, bool]:
    """(container, item, is a talk page) of a page with this title and `<ns>`.

    Dumps older than schema 0.6 have no `<ns>`: the namespace then comes from the title's prefix.
    """
    if ns_text and ns_text.lstrip("-").isdigit():
        ns = int(ns_text)
    else:
        prefix, colon, _rest = title.partition(":")
        names = {name: key for key, name in namespaces.items() if name}
        ns = names.get(prefix, 0) if colon else 0
    name = namespaces.get(ns, f"namespace {ns}")
    if ns > 0 and ns % 2 == 1:
        subject = namespaces.get(ns - 1, "")
        rest = title.removeprefix(f"{name}:")
        return name, f"{subject}:{rest}" if subject else rest, True
    return name or MAIN, title, False


@dataclass
class _Dump:
    """One dump being read: its namespace names and where it stands in the current page."""

    path: Path
    q: str
    tally: Tally
    namespaces: dict[int, str] = field(default_factory=lambda: dict(DEFAULT_NAMESPACES))
    accounts: dict[str, Account] = field(default_factory=dict)
    started: bool = False
    """whether a revision of the current page has been read"""
    title: str | None = None
    container: str = MAIN
    item: str = ""
    talk: bool = False
    previous: str | None = None
    """the contributor of the current page's previous revision"""
    child_tags: tuple[str, ...] = ()
    page_tags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        names = ("id", "parentid", "timestamp", "contributor", "username", "ip", "text")
        self.child_tags = tuple(f"{self.q}{name}" for name in names)
        self.page_tags = (f"{self.q}title", f"{self.q}ns")

    def revisions(self) -> Iterator[Account | Event]:
        """Walk the dump, page by page, yielding each revision's event."""
        q = self.q
        page, revision, siteinfo = f"{q}page", f"{q}revision", f"{q}siteinfo"
        log_items = 0
        tags = (revision, page, siteinfo, f"{q}logitem")
        for element in iter_elements(self.path, tags, _REMEDY):
            tag = element.tag
            if tag == revision:
                if not self.started:
                    self.enter(element.getparent())
                account, event = self.revision(element)
                if account is not None:
                    yield account
                if event is not None:
                    yield event
            elif tag == page:
                self.started = False
            elif tag == siteinfo:
                self.read_namespaces(element)
            else:
                log_items += 1
        if log_items:
            logger.info("%s: %d log items left out (only revisions are read)", self.path, log_items)

    def enter(self, page: etree._Element) -> None:
        """Take the title and namespace of the page whose first revision has just been read.

        They come before the revisions and are freed with the first one, so they are read here,
        once per page.
        """
        self.title = ns = None
        for child in page.iterchildren(self.page_tags):
            if child.tag == self.page_tags[0]:
                self.title = child.text
            else:
                ns = child.text
        self.container, self.item, self.talk = _place(self.title or "", ns, self.namespaces)
        self.previous = None

    def read_namespaces(self, siteinfo: etree._Element) -> None:
        """Take the wiki's own namespace names (localised, and custom ones) from siteinfo."""
        for namespace in siteinfo.iter(f"{self.q}namespace"):
            key = namespace.get("key", "")
            if key.lstrip("-").isdigit():
                self.namespaces[int(key)] = namespace.text or ""

    def revision(self, element: etree._Element) -> tuple[Account | None, Event | None]:
        """One revision's event (None if skipped), with its contributor's Account when new."""
        q_id, q_parentid, q_timestamp, q_contributor, q_username, q_ip, q_text = self.child_tags
        native_id = parent = stamp = actor = None
        size = 0
        hidden = False
        # One walk over the revision's descendants: `<contributor>` holds a user `<id>` too, after
        # the revision's own `<id>`, which is why only the first `<id>` counts.
        for child in element.iter(self.child_tags):
            tag = child.tag
            if tag == q_id:
                native_id = native_id or child.text
            elif tag == q_parentid:
                parent = child.text
            elif tag == q_timestamp:
                stamp = child.text
            elif tag == q_username:
                actor = child.text
            elif tag == q_ip and child.text:
                actor = actor or f"ip:{child.text}"
            elif tag == q_contributor:
                hidden = child.get("deleted") is not None
            elif tag == q_text:
                text = child.text
                size = len(text) if text is not None else int(child.get("bytes") or 0)
        first = not self.started
        self.started = True
        try:
            ts = datetime.fromisoformat(stamp or "")  # dumps write "2023-01-01T20:49:09Z"
            if ts.tzinfo is not UTC:
                ts = utc(ts)
        except ValueError:
            reason = "unreadable timestamp" if stamp else "without timestamp"
        else:
            reason = ""
            if not native_id or not self.title:
                reason = "without revision id" if self.title else "page without title"
            elif actor is None:
                reason = "contributor deleted" if hidden else "without contributor"
        if reason or actor is None or native_id is None:
            self.tally.skip(f"{self.path.name}:{element.sourceline}", reason)
            return None, None
        self.tally.record()
        new = None
        account = self.accounts.get(actor)
        if account is None:
            account = new = self.accounts[actor] = _account(actor)
        if parent == "0":
            parent = None
        kind: Kind = "create" if first and parent is None else "edit"
        target = None
        if self.talk:
            kind = "reply"
            target = self.previous if self.previous != actor else None
        self.previous = actor
        via: Via = "import" if ">" in actor else "bot" if account.bot else "person"
        return new, Event(
            native_id, ts, kind, actor, self.container, self.item, parent, target, size, via
        )


def read(path: Path, tally: Tally) -> Iterator[Record]:
    """Read a MediaWiki XML dump, plain or gzip/bzip2/xz-compressed.

    Raises:
        ExportError: when the file is missing, empty, not a MediaWiki dump, or truncated
            (malformed XML or a cut-off compressed stream).
    """
    q, root = root_tag(path, "Give a dump made with Special:Export or dumpBackup.php.")
    if root != "mediawiki":
        raise ExportError(
            f"cannot read {path}: expected a MediaWiki XML dump (root element <mediawiki>), "
            f"found <{root}>; this is {describe_root(root)}. Give a dump made with "
            "Special:Export or dumpBackup.php."
        )
    if q and "mediawiki.org/xml/export-" not in q:
        logger.warning("%s: unexpected namespace %s; reading it as a MediaWiki dump", path, q)
    yield from _Dump(path, q, tally).revisions()
