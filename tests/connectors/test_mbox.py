"""The mbox/pipermail connector on our own small archives (tests/fixtures/mbox) and on real ones."""

from __future__ import annotations

import gzip
import hashlib
import re
import tempfile
import zipfile
from collections import Counter
from datetime import UTC, datetime
from email.parser import BytesParser
from email.policy import compat32
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.connectors._records import ev as expected
from tests.connectors._records import read_all
from wi3.connectors import _mbox_mail, mbox
from wi3.errors import ExportError, SkippedRecordError
from wi3.events import Account, Event, Kind, Tally, Via


def mid(message_id: str) -> str:
    """The event id the connector gives a Message-ID (without angle brackets)."""
    return hashlib.blake2b(message_id.encode(), digest_size=12).hexdigest()


def ev(
    message_id: str,
    ts: str,
    kind: Kind,
    actor: str,
    container: str,
    item: str,
    parent: str | None = None,
    target: str | None = None,
    size: int = 0,
    via: Via = "person",
) -> Event:
    """An expected event; ids are given as Message-IDs, `ts` as ISO time in UTC."""
    native_id = mid(message_id) if "@" in message_id else message_id
    parent_id = mid(parent) if parent else None
    return expected(native_id, ts, kind, actor, container, mid(item), parent_id, target, size, via)


def test_ids_are_pinned() -> None:
    # Re-ingesting must give the same ids forever: pin the hash of one Message-ID.
    assert mid("kickoff-1@example.org") == "ca837adace4199fce640dbc2"


# --- pipermail folder: period order, threads across months, scrubbed attachments -------------

ALICE = "alice.liddell@example.org"
TEAM = "team-chat"
KICKOFF = "kickoff-1@example.org"
PIPERMAIL: list[Event | Account] = [
    Account(ALICE, ("Alice Liddell", ALICE)),
    # pipermail's "next part" note on a scrubbed attachment is not the author's text; a body
    # line starting "From " (no date after it) does not split the mail
    ev(
        KICKOFF,
        "2024-01-01T10:00:00",
        "create",
        ALICE,
        TEAM,
        KICKOFF,
        size=len("Welcome to the list.\nFrom the start, we keep it friendly."),
    ),
    # RFC 2047 name in ISO-8859-1; Date at +0100
    Account("bob@example.net", ("Bob Müller", "bob@example.net")),
    ev(
        "reply-1@example.net",
        "2024-01-01T12:30:00",
        "reply",
        "bob@example.net",
        TEAM,
        KICKOFF,
        parent=KICKOFF,
        target=ALICE,
        size=len("Thanks Alice!"),
    ),
    # February (gzip) is read after January although "February" sorts first by name
    Account("carol@example.com", ("Carol Chen", "carol@example.com")),
    ev(
        "reply-2@example.com",
        "2024-02-01T09:00:00",
        "reply",
        "carol@example.com",
        TEAM,
        KICKOFF,
        parent="reply-1@example.net",
        target="bob@example.net",
        size=len("Late to the party."),
    ),
    # answers mails that are not in the archive: a new thread
    ev(
        "orphan-1@example.org",
        "2024-02-01T10:00:00",
        "create",
        ALICE,
        TEAM,
        "orphan-1@example.org",
        size=len("Answering a mail from before this archive."),
    ),
]


def test_pipermail_folder(fixture_path: Path) -> None:
    records, tally = read_all(mbox, fixture_path / "mbox" / "pipermail")
    # notes.md and attachments/20240101/attachment.txt in the folder are left out
    assert records == PIPERMAIL
    assert (tally.seen, tally.skipped) == (4, 0)


def test_one_month_alone(fixture_path: Path) -> None:
    # The list name comes from the folder of a period-named file; without January, Carol's
    # reply has no parent to point at and starts a thread.
    records, tally = read_all(mbox, fixture_path / "mbox/pipermail/team-chat/2024-February.txt.gz")
    events = [r for r in records if isinstance(r, Event)]
    assert [(e.kind, e.container, e.item) for e in events] == [
        ("create", TEAM, mid("reply-2@example.com")),
        ("create", TEAM, mid("orphan-1@example.org")),
    ]
    assert tally.seen == 2


# --- raw mbox from a list server: MIME, encodings, bots, broken mails -------------------------

DANA = "dana@example.org"
ERIK = "erik@example.net"
DEV = "dev.lists.example.org"
PLAN = "plan-1@mail.example.org"
# Gina's reply has no Message-ID: its id is a hash of its Date, From and Subject
NO_ID = "486857a9d78383ef96ac545e"
RAW: list[Event | Account] = [
    # multipart/alternative: the quoted-printable UTF-8 plain part counts, the HTML one not;
    # mboxrd's ">From " is unquoted; the address is lower-cased; -0500 becomes UTC
    Account(DANA, ("Dana Østergaard", DANA)),
    ev(
        PLAN,
        "2024-03-05T14:00:00",
        "create",
        DANA,
        DEV,
        PLAN,
        size=len("Café at nine.\nFrom now on we ship monthly."),
    ),
    # base64 Latin-1 body; In-Reply-To with Gnus's prose after the id
    Account(ERIK, ("Erik Berg", ERIK)),
    ev(
        "plan-2@example.net",
        "2024-03-05T15:10:00",
        "reply",
        ERIK,
        DEV,
        PLAN,
        parent=PLAN,
        target=DANA,
        size=len("Sounds good, Dana. Skål!"),
    ),
    # Auto-Submitted: auto-replied → via bot; the person is no bot
    Account("frank@example.com", ("Frank Ode", "frank@example.com")),
    ev(
        "ooo-1@example.com",
        "2024-03-05T15:20:00",
        "reply",
        "frank@example.com",
        DEV,
        PLAN,
        parent="plan-2@example.net",
        target=ERIK,
        size=len("I am away until Monday."),
        via="bot",
    ),
    # a mailer daemon is a bot; charset "x-bogus" falls back to UTF-8
    Account(
        "mailer-daemon@lists.example.org",
        ("Mail Delivery System", "mailer-daemon@lists.example.org"),
        bot=True,
    ),
    ev(
        "bounce-1@lists.example.org",
        "2024-03-05T16:00:00",
        "create",
        "mailer-daemon@lists.example.org",
        DEV,
        "bounce-1@lists.example.org",
        size=len("Délivery failed."),
        via="bot",
    ),
    # no Message-ID; a reply through References alone
    Account("gina@example.org", ("Gina Ruiz", "gina@example.org")),
    ev(
        NO_ID,
        "2024-03-06T08:00:00",
        "reply",
        "gina@example.org",
        DEV,
        PLAN,
        parent=PLAN,
        target=DANA,
        size=2,
    ),
    # (four broken mails skipped here)
    # HTML only: text without markup; raw UTF-8 bytes in the From header
    Account("helene@example.org", ("Hélène Roy", "helene@example.org")),
    ev(
        "welcome-1@example.org",
        "2024-03-06T13:00:00",
        "create",
        "helene@example.org",
        DEV,
        "welcome-1@example.org",
        size=len("Hello & welcome"),
    ),
    # an attached file and a forwarded mail are not the author's text
    ev(
        "logs-1@example.net",
        "2024-03-06T14:00:00",
        "create",
        ERIK,
        DEV,
        "logs-1@example.net",
        size=len("Logs attached."),
    ),
]


def test_raw_mbox(fixture_path: Path) -> None:
    records, tally = read_all(mbox, fixture_path / "mbox" / "raw.mbox")
    assert records == RAW
    assert tally.seen == 11
    assert tally.reasons == Counter(
        {"without sender": 1, "without date": 1, "unparseable date": 1, "duplicate Message-ID": 1}
    )
    assert tally.first_place == {
        "without sender": "raw.mbox:70",
        "without date": "raw.mbox:77",
        "unparseable date": "raw.mbox:84",
        "duplicate Message-ID": "raw.mbox:92",
    }
    assert tally.summary().startswith("7 of 11 mails read; 4 skipped")


def test_strict_makes_a_broken_mail_fatal(fixture_path: Path) -> None:
    with pytest.raises(SkippedRecordError, match=r"raw\.mbox:70: without sender"):
        read_all(mbox, fixture_path / "mbox" / "raw.mbox", strict=True)


def test_mboxo_with_crlf(fixture_path: Path) -> None:
    # From_ lines without a date: any "From " line after an empty line separates, others are
    # body text. CRLF line ends count as one character.
    records, tally = read_all(mbox, fixture_path / "mbox" / "mboxo-crlf.mbox")
    assert records == [
        Account("alice@example.org", ("Alice Liddell", "alice@example.org")),
        ev(
            "o-1@example.org",
            "2024-03-01T10:00:00",
            "create",
            "alice@example.org",
            "mboxo-crlf",
            "o-1@example.org",
            size=len(
                "First line.\nQuoted below:\nFrom here on it is a body line, not a separator."
            ),
        ),
        Account("bob@example.net", ("bob@example.net",)),
        ev(
            "o-2@example.net",
            "2024-03-01T11:00:00",
            "reply",
            "bob@example.net",
            "mboxo-crlf",
            "o-1@example.org",
            parent="o-1@example.org",
            target="alice@example.org",
            size=6,
        ),
    ]
    assert tally.seen == 2


def test_mangled_addresses(fixture_path: Path) -> None:
    # stat.ethz.ch mangles addresses from mid-2018, differently by period. Hanna wrote with her
    # real address first, so every mangled form of it maps back to it; Oliver only ever wrote
    # mangled, and his two forms of one family share one canonical key.
    hanna = "hanna.schmidt@example.ac.at"
    oliver = "o||ver@kent@ex@mp|e@com"
    records, tally = read_all(mbox, fixture_path / "mbox" / "stats-list")
    assert records == [
        Account(hanna, ("Hanna Schmidt", hanna)),
        ev(
            "s-1@example.ac.at",
            "2018-05-15T08:00:00",
            "create",
            hanna,
            "stats-list",
            "s-1@example.ac.at",
            size=len("Which prior do you use?"),
        ),
        ev(
            "s-2@example.ac.at",
            "2018-07-02T08:00:00",
            "reply",
            hanna,
            "stats-list",
            "s-1@example.ac.at",
            parent="s-1@example.ac.at",
            target=hanna,
            size=len("Answering myself: a flat one."),
        ),
        Account(oliver, ("Oliver Kent", oliver)),
        ev(
            "s-3@example.com",
            "2018-07-03T08:00:00",
            "reply",
            oliver,
            "stats-list",
            "s-1@example.ac.at",
            parent="s-2@example.ac.at",
            target=hanna,
            size=len("Flat priors can hurt."),
        ),
        ev(
            "s-4@example.ac.at",
            "2019-03-01T08:00:00",
            "create",
            hanna,
            "stats-list",
            "s-4@example.ac.at",
            size=len("New question."),
        ),
        ev(
            "s-5@example.com",
            "2019-03-01T09:00:00",
            "reply",
            oliver,
            "stats-list",
            "s-4@example.ac.at",
            parent="s-4@example.ac.at",
            target=hanna,
            size=len("Use a hierarchy."),
        ),
        # the name is the mangled address repeated: not an alias
        ev(
            "s-6@example.ac.at",
            "2019-04-01T08:00:00",
            "reply",
            hanna,
            "stats-list",
            "s-4@example.ac.at",
            parent="s-5@example.com",
            target=oliver,
            size=len("Thanks."),
        ),
    ]
    assert tally.seen == 6


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64, 4096])
@pytest.mark.parametrize(
    "name", ["raw.mbox", "mboxo-crlf.mbox", "pipermail", "stats-list", "broken/message.eml"]
)
def test_block_size_does_not_matter(
    fixture_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, chunk: int
) -> None:
    # Mails are cut from blocks of whole lines; separators at block edges must not be missed.
    path = fixture_path / "mbox" / name
    try:
        expected: object = read_all(mbox, path)[0]
    except ExportError as exc:
        expected = str(exc)
    monkeypatch.setattr(mbox, "_CHUNK", chunk)
    try:
        got: object = read_all(mbox, path)[0]
    except ExportError as exc:
        got = str(exc)
    assert got == expected


# --- broken files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "phrases"),
    [
        ("broken/empty.mbox", ["empty.mbox: the file is empty", "Export it again"]),
        ("broken/blank.mbox", ["blank.mbox: the file holds only empty lines"]),
        (
            "broken/export.json",
            [
                "export.json: it is not an mbox or pipermail archive",
                "it starts like JSON",
                "Give the list's .txt or .txt.gz",
            ],
        ),
        ("broken/dump.xml", ["dump.xml: it is not an mbox", "it is XML"]),
        ("broken/archive.html", ["it is an HTML page (the web view of an archive"]),
        (
            "broken/message.eml",
            ["it starts with mail headers but no From_ line", "single message (.eml)"],
        ),
        (
            "broken/no-archives",
            [
                "no-archives: the folder holds no mail archives",
                "Give the folder of the list's archives",
            ],
        ),
        (
            "broken/truncated.txt.gz",
            [
                "truncated.txt.gz: the compressed file is truncated or damaged after line",
                "Download or copy the archive again",
            ],
        ),
        ("broken/corrupt.txt.gz", ["corrupt.txt.gz: the compressed file is truncated or damaged"]),
        ("broken/missing.mbox", ["missing.mbox: no such file. Check the path."]),
    ],
)
def test_broken_files(fixture_path: Path, name: str, phrases: list[str]) -> None:
    with pytest.raises(ExportError) as caught:
        read_all(mbox, fixture_path / "mbox" / name)
    message = str(caught.value)
    assert message.startswith("cannot read ")
    for phrase in phrases:
        assert phrase in message


def test_truncated_gzip_fails_after_the_mails_before_the_break(
    fixture_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mbox, "_CHUNK", 512)
    tally = Tally(noun=mbox.NOUN)
    records = mbox.read(fixture_path / "mbox/broken/truncated.txt.gz", tally)
    events = 0
    with pytest.raises(ExportError, match=r"truncated or damaged after line \d+ \(Compressed"):
        for record in records:
            events += isinstance(record, Event)
    assert events >= 3 and tally.seen == events


def test_first_line_from_but_not_mbox(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_bytes(b"\xef\xbb\xbf\n\nFrom: a friend\nhello\n")
    with pytest.raises(ExportError, match="letter.txt: it is not an mbox.*mail headers"):
        read_all(mbox, path)


def test_bzip2_and_xz(tmp_path: Path, fixture_path: Path) -> None:
    import bz2
    import lzma

    data = (fixture_path / "mbox" / "raw.mbox").read_bytes()
    (tmp_path / "a.mbox.bz2").write_bytes(bz2.compress(data))
    (tmp_path / "b.mbox.xz").write_bytes(lzma.compress(data))
    for name in ("a.mbox.bz2", "b.mbox.xz"):
        records, _ = read_all(mbox, tmp_path / name)
        assert records == RAW


# --- parsing details --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["raw.mbox", "mboxo-crlf.mbox", "pipermail/team-chat/2024-January.txt"]
)
def test_single_part_fast_path_matches_full_parse(fixture_path: Path, name: str) -> None:
    # Single-part bodies are decoded without parsing the whole mail; the length must be the
    # one a full parse gives.
    parser = BytesParser(policy=compat32)
    path = fixture_path / "mbox" / name
    with path.open("rb") as fh:
        for _, raw in mbox._split(fh, name):
            full = _mbox_mail.text_size(parser.parsebytes(raw))
            assert _mbox_mail.parse(parser, raw).size == full


@pytest.mark.parametrize(
    ("value", "address", "name"),
    [
        ("user at example.com (Full Name)", "user@example.com", "Full Name"),
        ("user at example.com", "user@example.com", ""),
        ('"Doe, Jane" <Jane.Doe@Example.com>', "jane.doe@example.com", "Doe, Jane"),
        ("sara@example.org (=?utf-8?Q?=C5=A0ara?= Novak)", "sara@example.org", "Šara Novak"),
        # declared UTF-8 but Latin-1 bytes: read as Latin-1
        ("=?UTF-8?Q?Ram=f3n_Ruiz?= <ramon@example.org>", "ramon@example.org", "Ramón Ruiz"),
        ("=?x-unknown?q?Zo=e9?= <zoe@example.org>", "zoe@example.org", "Zoé"),
        ("<only@example.org>", "only@example.org", ""),
    ],
)
def test_sender_forms(value: str, address: str, name: str) -> None:
    sender = _mbox_mail.sender(value)
    assert sender is not None
    assert (sender.address, sender.name) == (address, name)


@pytest.mark.parametrize("value", ["", "Just A Name", "undisclosed-recipients:;"])
def test_sender_without_address(value: str) -> None:
    assert _mbox_mail.sender(value) is None


_HEADER_TEXT = st.text(st.characters(codec="latin-1", exclude_characters="\r\n"), max_size=40)


@settings(max_examples=200, deadline=None)
@given(
    sender=_HEADER_TEXT,
    date=st.one_of(_HEADER_TEXT, st.just("Mon, 1 Jan 2024 10:00:00 +0000")),
    content_type=st.sampled_from(
        [
            "text/plain; charset=utf-8",
            "text/plain; charset=bogus",
            "text/html",
            'multipart/mixed; boundary="x"',
            "image/png",
            "text/plain; charset=utf-7",
        ]
    ),
    encoding=st.sampled_from(["", "base64", "quoted-printable", "8bit", "x-uuencode"]),
    body=st.binary(max_size=200),
    references=_HEADER_TEXT,
)
def test_any_mail_is_read_or_skipped(
    sender: str, date: str, content_type: str, encoding: str, body: bytes, references: str
) -> None:
    # Whatever the headers and bytes, a mail in a good file becomes an event or a counted skip.
    head = (
        f"From someone Mon Jan  1 10:00:00 2024\nFrom: {sender} <a@example.org>\n"
        f"Date: {date}\nReferences: {references}\nContent-Type: {content_type}\n"
        f"Content-Transfer-Encoding: {encoding}\n\n"
    )
    data = head.encode("latin-1") + b"x" + body.replace(b"\nFrom ", b"\n>From ") + b"\n"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.mbox"
        path.write_bytes(data)
        records, tally = read_all(mbox, path)
    assert tally.seen == 1
    events = [r for r in records if isinstance(r, Event)]
    assert len(events) == 1 - tally.skipped
    assert all(e.size >= 0 for e in events)


# --- real data ---------------------------------------------------------------------------------

R_LISTS = {  # README: messages per list; ours: mails read (see test_real_r_project_lists)
    "r-announce": (119, 118),
    "r-devel": (10_624, 10_556),
    "r-help": (7_676, 7_625),
    "r-package-devel": (11_147, 11_090),
    "r-sig-finance": (2_258, 2_252),
    "r-sig-geo": (7_431, 7_403),
    "r-sig-mac": (3_867, 3_812),
    "r-sig-mixed-models": (7_841, 7_810),
}


def check_accounts_and_privacy(records: list[Event | Account], secrets: set[str]) -> None:
    """Every actor/target has an Account before its first use; no alias or secret text leaks.

    Ids are hex hashes, so nothing can hide in them; containers are checked for every alias
    (names, addresses) and for the `secrets` (subjects and body lines of the archive).
    """
    known: set[str] = set()
    aliases: set[str] = set()
    containers: set[str] = set()
    hex_id = re.compile(r"[0-9a-f]{24}")
    for record in records:
        if isinstance(record, Account):
            assert record.key not in known
            known.add(record.key)
            aliases.update(a for a in record.aliases if len(a) > 3)
            continue
        assert record.actor in known
        assert record.target is None or record.target in known
        assert hex_id.fullmatch(record.native_id) and hex_id.fullmatch(record.item)
        assert record.parent is None or hex_id.fullmatch(record.parent)
        containers.add(record.container)
    for container in containers:
        assert "@" not in container and " " not in container
        assert not any(text in container for text in secrets | aliases)


def sample_texts(path: Path, limit: int = 5) -> set[str]:
    """A few subject and body lines of a real archive, read at test time (never committed)."""
    texts: set[str] = set()
    with gzip.open(path, "rt", encoding="utf-8", errors="replace") as fh:
        for line in fh:
            line = line.strip()
            if line.startswith("Subject: ") or (len(line) > 30 and not line.startswith(">")):
                texts.add(line.removeprefix("Subject: "))
            if len(texts) >= limit:
                break
    return texts


@pytest.mark.realdata
def test_real_r_project_lists(data_dir: Path) -> None:
    root = data_dir / "mailinglists-r-project"
    records, tally = read_all(mbox, root)
    events = [r for r in records if isinstance(r, Event)]

    # README: 50,963 messages, counted as Python's mailbox.mbox splits them. 125 of those
    # "messages" are body lines starting "From " (pipermail does not quote them) with no date
    # after them; we keep them in their mails, so there are 50,838. 172 of those repeat a
    # Message-ID already read (mails archived twice, cross-posts): skipped and counted.
    assert tally.seen == 50_838
    assert tally.reasons == Counter({"duplicate Message-ID": 172})
    per_list = Counter(e.container for e in events)
    assert per_list == {name: ours for name, (_, ours) in R_LISTS.items()}
    for name, (readme, ours) in R_LISTS.items():
        assert 0.98 * readme <= ours <= readme, name

    kinds = Counter(e.kind for e in events)
    assert kinds == {"create": 14_130, "reply": 36_536}
    assert {e.via for e in events} == {"person"}  # pipermail drops Auto-Submitted headers
    assert min(e.ts for e in events) >= datetime(2015, 1, 1, tzinfo=UTC)
    assert max(e.ts for e in events) < datetime(2026, 7, 15, tzinfo=UTC)
    assert sum(e.size for e in events) / len(events) == pytest.approx(3382, abs=1)

    accounts = [r for r in records if isinstance(r, Account)]
    # README: 2,960 distinct real addresses (3,061 as we read them). From mid-2018 addresses
    # are mangled; 611 mangled forms map back to a real address read before, the others
    # (people who only wrote after mid-2018) keep their canonical mangled key.
    assert len(accounts) == 5_772
    mangled = [a for a in accounts if "@" in a.key.partition("@")[2] or "|" in a.key]
    assert 2_000 <= len(mangled) <= 3_000

    secrets = sample_texts(root / "r-devel" / "2016-January.txt.gz")
    assert len(secrets) == 5
    check_accounts_and_privacy(records, secrets)


@pytest.mark.realdata
def test_real_r_project_one_list(data_dir: Path) -> None:
    records, tally = read_all(mbox, data_dir / "mailinglists-r-project" / "r-sig-finance")
    events = [r for r in records if isinstance(r, Event)]
    assert {e.container for e in events} == {"r-sig-finance"}
    # One more than in the read of all lists: a mail cross-posted to a list read before it.
    assert len(events) == 2_253 and tally.reasons == Counter({"duplicate Message-ID": 5})


@pytest.mark.realdata
def test_real_perceval_mbox_files(data_dir: Path) -> None:
    # GrimoireLab Perceval's captured test archives, several broken on purpose.
    folder = data_dir / "perceval-tests" / "mbox"

    def events_of(name: str) -> tuple[list[Event], list[Account], Tally]:
        records, tally = read_all(mbox, folder / name)
        return (
            [r for r in records if isinstance(r, Event)],
            [r for r in records if isinstance(r, Account)],
            tally,
        )

    # Full list-server headers: List-Id gives the container; the second mail's In-Reply-To
    # names a mail not in the file (a new thread); quoted-printable UTF-8 body.
    events, _, tally = events_of("mbox_complex.mbox")
    assert [(e.kind, e.container, e.size) for e in events] == [
        ("create", "desktop-devel-list.gnome.org", 200),
        ("create", "desktop-devel-list.gnome.org", 3_127),
    ]

    # A raw Latin-1 byte in the pipermail address and an RFC 2047 word declared UTF-8 that
    # holds Latin-1: both decoded as Latin-1, no crash; no List-Id → the file name.
    events, accounts, _ = events_of("mbox_iso8859_encoding.mbox")
    assert [(e.kind, e.container, e.size) for e in events] == [
        ("create", "mbox_iso8859_encoding", 672)
    ]
    assert "í" in accounts[0].key and any("í" in alias for alias in accounts[0].aliases)

    # multipart/alternative: only the plain-text parts count, the HTML with its CSS not.
    events, _, _ = events_of("mbox_multipart.mbox")
    assert [(e.container, e.size) for e in events] == [
        ("esl-dev.eclipse.org", 544),
        ("platform-dev.eclipse.org", 892),
    ]

    # Six copies of one mail, broken differently: "Message-id" (read), the same id again
    # (duplicate), no Date, an empty Message-Id (id hashed from date, sender, subject), a
    # blank Date, and "Date: RANDOM_Wed, 21 Sep 2016 ..." (the garbled weekday is ignored).
    events, _, tally = events_of("mbox_no_fields.mbox")
    assert [(e.native_id, e.ts.isoformat()) for e in events] == [
        (mid("4CF64D10.9020206@domain.com"), "2010-12-01T13:26:40+00:00"),
        ("9f8f1ea3043147672287ca72", "2010-12-01T13:26:40+00:00"),
        (mid("0000be042b7b@domain.com"), "2016-09-21T19:42:07+00:00"),
    ]
    assert tally.reasons == Counter({"without date": 2, "duplicate Message-ID": 1})
    assert tally.first_place == {
        "duplicate Message-ID": "mbox_no_fields.mbox:13",
        "without date": "mbox_no_fields.mbox:25",
    }

    events, _, _ = events_of("mbox_single.mbox")
    assert [(e.native_id, e.size) for e in events] == [(mid("4CF64D10.9020206@domain.com"), 86)]

    # UTF-8 curly quotes inside the From_ line's address; a body line " From my point..."
    events, _, tally = events_of("mbox_unixfrom_encoding.mbox")
    assert [(e.kind, e.size) for e in events] == [("create", 1_400)] and tally.seen == 1

    # Raw 8-bit bytes in the From display name, no charset anywhere: decoded, no crash.
    events, accounts, _ = events_of("mbox_unknown_encoding.mbox")
    assert [(e.container, e.size) for e in events] == [("platform-swt-dev.eclipse.org", 471)]
    assert accounts[0].key == "yuancong@example.com"


@pytest.mark.realdata
def test_real_perceval_pipermail(data_dir: Path) -> None:
    records, tally = read_all(mbox, data_dir / "perceval-tests" / "pipermail")
    events = [r for r in records if isinstance(r, Event)]
    assert tally.seen == 8 and tally.skipped == 0
    # November 2015: the second mail's In-Reply-To was anonymised to another domain than the
    # first mail's Message-ID, so it starts a thread; the next two answer it.
    assert [(e.container, e.kind) for e in events] == [
        ("pipermail_2015_november", "create"),
        ("pipermail_2015_november", "create"),
        ("pipermail_2015_november", "reply"),
        ("pipermail_2015_november", "reply"),
        ("pipermail_2016_april", "create"),
        ("pipermail_2016_april", "reply"),
        ("pipermail_2016_april", "reply"),
        ("pipermail_2016_march", "create"),
    ]
    assert events[3].parent == events[2].native_id and events[3].item == events[1].native_id
    assert all(re.fullmatch(r"[0-9a-f]{24}", e.native_id) for e in events)
    check_accounts_and_privacy(records, set())


@pytest.mark.realdata
def test_real_groupsio_mbox(data_dir: Path, tmp_path: Path) -> None:
    # groups.io hands out its archive as messages.zip holding one mbox; HTML-only mails.
    archive = data_dir / "perceval-tests" / "groupsio" / "messages.zip"
    with pytest.raises(ExportError, match="it is a zip archive \\(unzip it and give the folder"):
        read_all(mbox, archive)
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(tmp_path)
    records, tally = read_all(mbox, tmp_path)
    events = [r for r in records if isinstance(r, Event)]
    assert tally.seen == 49 and tally.skipped == 0
    assert {(e.kind, e.container) for e in events} == {("create", "messages")}
    assert all(e.size > 0 for e in events)
    check_accounts_and_privacy(records, set())
