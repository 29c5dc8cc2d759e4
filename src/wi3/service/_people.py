"""The people directory: who is behind each account, by pseudonym, unit, location and level.

`wi3 people import FILE.csv` reads an HR or directory export with the columns

    person_id, unit, location, level, start_date, end_date, bot, aliases

where `aliases` lists the person's e-mail addresses, user names and platform ids, separated by
`;` or `|`, each optionally prefixed with its platform (`slack:U024BE7LH`). Only keyed hashes of
the HR id and the aliases are stored. Accounts seen in exports are linked to the person whose
alias digests they share; an account that matches nobody is a person of its own in the unit
"unknown". The directory is also written as Parquet into the event store, for the metrics.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session, aliased

from wi3.errors import InputError, NotFoundError
from wi3.events import EventStore, Pseudonymiser
from wi3.service._organisation import ensure_unit
from wi3.service._workspace import Workspace, find_organisation
from wi3.store import (
    PERSON_LEVELS,
    Account,
    AliasDigest,
    LinkDecision,
    Organisation,
    Person,
    Unit,
)
from wi3.survey import csv_reader

logger = logging.getLogger(__name__)

UNKNOWN_UNIT = "unknown"
DIRECTORY_VERSION = b"wi3.directory_version"
"""The key, in the directory files' Parquet metadata, of the organisation's version they show."""
PEOPLE_SCHEMA = pa.schema(
    [
        ("person", pa.string()),
        ("unit", pa.string()),
        ("location", pa.string()),
        ("level", pa.string()),
        ("start_date", pa.date32()),
        ("end_date", pa.date32()),
        ("bot", pa.bool_()),
        ("in_directory", pa.bool_()),
    ]
)
"""people.parquet: the directory by pseudonym, with what metrics group by."""
ACCOUNTS_SCHEMA = pa.schema(
    [
        ("account", pa.string()),
        ("source", pa.string()),
        ("person", pa.string()),
        ("bot", pa.bool_()),
    ]
)
"""accounts.parquet: which person each actor pseudonym of the event store belongs to."""
COLUMNS = ("person_id", "unit", "location", "level", "start_date", "end_date", "bot", "aliases")


@dataclass(frozen=True)
class DirectoryEntry:
    person_id: str
    unit: str | None
    location: str | None
    level: str | None
    start_date: date | None
    end_date: date | None
    bot: bool
    aliases: tuple[str, ...]


def read_directory(path: Path) -> list[DirectoryEntry]:
    """Read and check a people CSV in full.

    Raises:
        InputError: naming file, line, column and what to write instead.
    """
    reader = csv_reader(path)
    header = reader.fieldnames or []
    if "person_id" not in header:
        raise InputError(
            f"{path}:1: no person_id column; a people file has the columns "
            f"{', '.join(COLUMNS)} (all but person_id optional)"
        )
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        raise InputError(
            f"{path}:1: unknown column(s) {', '.join(unknown)}; the columns are "
            f"{', '.join(COLUMNS)}"
        )
    entries: list[DirectoryEntry] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        where = f"{path}:{line}"
        values = {k: (v or "").strip() for k, v in row.items() if k is not None}
        person = values.get("person_id", "")
        if not person:
            raise InputError(f"{where}: person_id is empty; every row needs the person's id")
        if person in seen:
            raise InputError(
                f"{where}: person {person!r} is listed again (first on line "
                f"{seen[person]}); give each person one row"
            )
        seen[person] = line
        level = values.get("level") or None
        if level is not None and level.lower() not in PERSON_LEVELS:
            raise InputError(
                f"{where}: level {level!r} is not one of {', '.join(PERSON_LEVELS)} (or empty)"
            )
        entries.append(
            DirectoryEntry(
                person_id=person,
                unit=values.get("unit") or None,
                location=values.get("location") or None,
                level=level.lower() if level else None,
                start_date=_date(values.get("start_date"), where, "start_date"),
                end_date=_date(values.get("end_date"), where, "end_date"),
                bot=_flag(values.get("bot"), where),
                aliases=tuple(
                    a.strip()
                    for a in values.get("aliases", "").replace("|", ";").split(";")
                    if a.strip()
                ),
            )
        )
    if not entries:
        raise InputError(f"{path}: no people found; the file has a header but no rows")
    return entries


def _date(raw: str | None, where: str, column: str) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InputError(
            f"{where}: {column} {raw!r} is not a date; write it as 2024-02-01"
        ) from None


def _flag(raw: str | None, where: str) -> bool:
    text = (raw or "").lower()
    if text in ("", "0", "no", "false", "nee"):
        return False
    if text in ("1", "yes", "true", "ja"):
        return True
    raise InputError(f"{where}: bot {raw!r} is not yes or no")


def alias_digests(pseudonymiser: Pseudonymiser, alias: str) -> list[tuple[str, str]]:
    """(kind, digest) pairs for one directory alias; `platform:key` also gives the id digest."""
    found = [pseudonymiser.alias(alias)]
    platform, sep, key = alias.partition(":")
    if sep and platform.isidentifier() and key and "@" not in platform:
        found.append(("id", pseudonymiser.account_alias(platform.lower(), key)))
        found.append(pseudonymiser.alias(key))
    return found


def unknown_unit_id(session: Session, org: Organisation) -> int:
    return ensure_unit(session, org, UNKNOWN_UNIT, "Unknown").id


@dataclass(frozen=True)
class PeopleImport:
    people: int
    added: int
    relinked: int
    units_added: int

    def __str__(self) -> str:
        return (
            f"{self.people:,} people ({self.added:,} new, {self.units_added:,} new units); "
            f"{self.relinked:,} accounts linked to them"
        )


def import_people(ws: Workspace, org_slug: str | None, path: Path) -> PeopleImport:
    """Import a people directory in one transaction, then relink accounts to it."""
    entries = read_directory(path)
    pseudonymiser = Pseudonymiser(ws.key())
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        found = store_people(session, org, entries, pseudonymiser)
        slug = org.slug
    write_directory(ws, slug)
    return found


def store_people(
    session: Session, org: Organisation, entries: list[DirectoryEntry], pseudonymiser: Pseudonymiser
) -> PeopleImport:
    """Add or update the directory's people in `session`, and relink accounts to them."""
    next_directory_version(session, org)  # before reading: see there
    units_before = _unit_count(session, org)
    known = person_ids(session, org)
    unit_ids = {u: ensure_unit(session, org, u).id for u in {e.unit for e in entries if e.unit}}
    rows: list[dict[str, Any]] = [
        {
            "pseudonym": pseudonymiser.person(entry.person_id),
            "organisation_id": org.id,
            "in_directory": True,
            "unit_id": unit_ids[entry.unit] if entry.unit else None,
            "location": entry.location,
            "level": entry.level,
            "start_date": entry.start_date,
            "end_date": entry.end_date,
            "bot": entry.bot,
        }
        for entry in entries
    ]
    # bulk statements: a directory can hold tens of thousands of people
    new = [r for r in rows if r["pseudonym"] not in known]
    old = [{**r, "id": known[r["pseudonym"]]} for r in rows if r["pseudonym"] in known]
    if new:
        # no RETURNING: SQLAlchemy's bulk insert with it is quadratic in the rows
        session.execute(insert(Person), new)
        known = person_ids(session, org)
    if old:
        session.execute(update(Person), old)
    added = len(new)
    # the aliases are replaced as a whole: a directory export is the current truth
    ids = [known[r["pseudonym"]] for r in rows]
    for start in range(0, len(ids), 900):  # SQLite allows some 32,000 parameters
        session.execute(
            delete(AliasDigest).where(AliasDigest.person_id.in_(ids[start : start + 900]))
        )
    digests = [
        {
            "organisation_id": org.id,
            "person_id": known[row["pseudonym"]],
            "kind": kind,
            "digest": digest,
        }
        for row, entry in zip(rows, entries, strict=True)
        for alias in entry.aliases
        for kind, digest in alias_digests(pseudonymiser, alias)
    ]
    if digests:
        session.execute(insert(AliasDigest), digests)
    relinked = relink_accounts(session, org)
    units_added = _unit_count(session, org) - units_before
    return PeopleImport(len(entries), added, relinked, units_added)


def person_ids(session: Session, org: Organisation) -> dict[str, int]:
    """Pseudonym → row id of every person of the organisation."""
    rows = session.execute(
        select(Person.pseudonym, Person.id).where(Person.organisation_id == org.id)
    )
    return {pseudonym: ident for pseudonym, ident in rows}


def _unit_count(session: Session, org: Organisation) -> int:
    return len(session.scalars(select(Unit.id).where(Unit.organisation_id == org.id)).all())


MATCHED_KINDS = ("id", "email", "handle")
"""The alias digests that link an account to a person: two colleagues can share a name,
never an address or a user id."""


def directory_matches(session: Session, org: Organisation) -> dict[int, set[int]]:
    """Account id → the directory people sharing an id, e-mail or handle digest with it.

    Names are left out: two colleagues can share a name, never an address or a user id.
    """
    theirs = aliased(AliasDigest)
    rows = session.execute(
        select(AliasDigest.account_id, theirs.person_id)
        .join(
            theirs,
            (theirs.digest == AliasDigest.digest)
            & (theirs.organisation_id == AliasDigest.organisation_id),
        )
        .join(Person, Person.id == theirs.person_id)
        .where(
            AliasDigest.organisation_id == org.id,
            AliasDigest.account_id.is_not(None),
            AliasDigest.kind.in_(MATCHED_KINDS),
            Person.in_directory,
        )
    ).all()
    matches: dict[int, set[int]] = defaultdict(set)
    for account_id, person_id in rows:
        if account_id is not None and person_id is not None:
            matches[account_id].add(person_id)
    return matches


def next_directory_version(session: Session, org: Organisation) -> int:
    """Count one more change to the organisation's people or accounts, and return the count;
    from here to the end of the transaction, no other transaction changes them.

    Raised in the database (`directory_version + 1`), so that two transactions that change
    the directory at once get different versions: the directory files of each tell them apart.
    The update also holds the organisation's row until the transaction ends, so every change
    to its people and accounts calls this first and reads what it changes after: a second
    import adding the same new accounts (or people) waits here for the first to commit, then
    finds them stored. On SQLite a transaction holds the whole database from its start
    (`BEGIN IMMEDIATE`); on PostgreSQL, without this, both would insert the same rows.
    """
    version: int = session.execute(
        update(Organisation)
        .where(Organisation.id == org.id)
        .values(directory_version=Organisation.directory_version + 1)
        .returning(Organisation.directory_version)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    session.expire(org, ["directory_version"])
    return version


def relink_accounts(session: Session, org: Organisation) -> int:
    """Link each account to the one directory person it matches; returns the accounts moved.

    Every change to the organisation's people (a directory import, a link decided) ends here,
    in a transaction that has raised the organisation's `directory_version` before it read
    anything (`next_directory_version`). (An import's new accounts are linked as they are
    added: see `wi3.service._pipeline`.)

    An account matching two directory people stays where it is (a shared mailbox, say), and is
    left for `wi3 people suggest`. People made from accounts and left without any are removed.
    Plain rows and one bulk update: an organisation can hold hundreds of thousands of accounts.
    """
    matches = directory_matches(session, org)
    linked = dict(
        session.execute(
            select(Account.id, Account.person_id).where(Account.organisation_id == org.id)
        ).all()
    )
    moves = []
    for account_id, found in matches.items():
        if len(found) == 1:
            (person_id,) = found
            if linked.get(account_id) != person_id:
                moves.append({"id": account_id, "person_id": person_id})
    if moves:
        session.execute(update(Account), moves)
    orphans = select(Person.id).where(
        Person.organisation_id == org.id,
        ~Person.in_directory,
        ~Person.id.in_(select(Account.person_id)),
    )
    session.execute(delete(Person).where(Person.id.in_(orphans)))
    return len(moves)


@dataclass(frozen=True)
class DirectoryChange:
    """What one transaction changed in the directory files: the rows to add or replace.

    `accounts` are rows of ACCOUNTS_SCHEMA (replacing any row of the same account and source),
    `people` rows of PEOPLE_SCHEMA to add; `version` is the organisation's `directory_version`
    after the change. The files take the change only when they show the version before it;
    otherwise they are written whole from the application store.
    """

    version: int
    accounts: list[dict[str, Any]]
    people: list[dict[str, Any]]


def write_directory(ws: Workspace, org_slug: str, change: DirectoryChange | None = None) -> None:
    """Write the organisation's people and accounts as Parquet for the metrics, atomically.

    With a `change` whose version follows the files' own, only the change is written into
    them (an import adds a few accounts to many); otherwise the files are written whole. The
    event store says where the two files go (`people_file`, `accounts_file`).
    """
    store = ws.events()
    if change is not None and _apply(store, org_slug, change):
        return
    with ws.store.transaction() as session:
        _write_directory(store, session, find_organisation(session, org_slug))


def current_directory(store: EventStore, session: Session, org: Organisation) -> None:
    """Write the directory files again when they are missing or older than the organisation's
    people and accounts (a process killed between committing an import and writing them)."""
    files = (store.people_file(org.slug), store.accounts_file(org.slug))
    if all(_directory_version(path) == org.directory_version for path in files):
        return
    logger.info("the people directory of %s was out of date; writing it again", org.slug)
    _write_directory(store, session, org)


def _directory_version(path: Path) -> int | None:
    try:
        metadata = pq.read_schema(path).metadata or {}
    except (OSError, pa.ArrowInvalid):
        return None
    found = metadata.get(DIRECTORY_VERSION)
    return int(found) if found is not None else None


def _apply(store: EventStore, org_slug: str, change: DirectoryChange) -> bool:
    """Write `change` into the directory files if they show the version before it."""
    people_path, accounts_path = store.people_file(org_slug), store.accounts_file(org_slug)
    if any(_directory_version(p) != change.version - 1 for p in (people_path, accounts_path)):
        return False
    try:
        people, accounts = pq.read_table(people_path), pq.read_table(accounts_path)
    except (OSError, pa.ArrowInvalid):
        return False
    if change.accounts:
        replaced = pa.array({f"{r['account']}\x1f{r['source']}" for r in change.accounts})
        key = pc.binary_join_element_wise(accounts["account"], accounts["source"], "\x1f")
        accounts = pa.concat_tables(
            [
                accounts.filter(pc.invert(pc.is_in(key, value_set=replaced))),
                pa.Table.from_pylist(change.accounts, schema=ACCOUNTS_SCHEMA),
            ]
        )
    people = pa.concat_tables([people, pa.Table.from_pylist(change.people, schema=PEOPLE_SCHEMA)])
    _write_files(store, org_slug, change.version, people, accounts)
    return True


def _write_directory(store: EventStore, session: Session, org: Organisation) -> None:
    """Write the directory files whole, from the application store."""
    person = aliased(Person)
    people = session.execute(
        select(
            Person.pseudonym,
            Unit.path,
            Person.location,
            Person.level,
            Person.start_date,
            Person.end_date,
            Person.bot,
            Person.in_directory,
        )
        .outerjoin(Unit, Unit.id == Person.unit_id)
        .where(Person.organisation_id == org.id)
    ).all()
    accounts = session.execute(
        select(Account.pseudonym, Account.source, person.pseudonym, Account.bot, person.bot)
        .join(person, person.id == Account.person_id)
        .where(Account.organisation_id == org.id)
    ).all()
    columns = list(zip(*people, strict=True)) or [()] * len(PEOPLE_SCHEMA)
    columns[1] = tuple(path or UNKNOWN_UNIT for path in columns[1])
    people_table = pa.table(
        dict(zip(PEOPLE_SCHEMA.names, columns, strict=True)), schema=PEOPLE_SCHEMA
    )
    account_table = pa.table(
        {
            "account": [a[0] for a in accounts],
            "source": [a[1] for a in accounts],
            "person": [a[2] for a in accounts],
            "bot": [a[3] or a[4] for a in accounts],
        },
        schema=ACCOUNTS_SCHEMA,
    )
    _write_files(store, org.slug, org.directory_version, people_table, account_table)


def _write_files(
    store: EventStore, org_slug: str, version: int, people: pa.Table, accounts: pa.Table
) -> None:
    stamp = {DIRECTORY_VERSION: str(version).encode()}
    for target, table in (
        (store.people_file(org_slug), people),
        (store.accounts_file(org_slug), accounts),
    ):
        target.parent.mkdir(parents=True, exist_ok=True)
        # a name of its own: two processes may write the directory at once
        tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
        pq.write_table(table.replace_schema_metadata(stamp), tmp)
        tmp.replace(target)


@dataclass(frozen=True)
class Suggestion:
    """Two accounts that look like one person, and why."""

    first: int
    second: int
    first_source: str
    second_source: str
    first_hint: str
    second_hint: str
    evidence: str  # the alias kinds they share: email, name, handle
    strength: str  # strong (e-mail or id), medium (name), weak (handle)


STRENGTH = {"id": "strong", "email": "strong", "name": "medium", "handle": "weak"}


def suggest_links(ws: Workspace, org_slug: str | None) -> list[Suggestion]:
    """Pairs of accounts of different people that share an alias, not yet decided on."""
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        rows = session.execute(
            select(AliasDigest.digest, AliasDigest.kind, Account)
            .join(Account, Account.id == AliasDigest.account_id)
            .where(AliasDigest.organisation_id == org.id)
        ).all()
        decided = {
            (d.first_account_id, d.second_account_id)
            for d in session.scalars(
                select(LinkDecision).where(LinkDecision.organisation_id == org.id)
            )
        }
        groups: dict[str, list[tuple[str, Account]]] = defaultdict(list)
        for digest, kind, account in rows:
            groups[digest].append((kind, account))
        shared: dict[tuple[int, int], set[str]] = defaultdict(set)
        accounts: dict[int, Account] = {}
        for members in groups.values():
            if len(members) > 20:  # a common first name, a team mailbox: not evidence
                continue
            for i, (kind, a) in enumerate(members):
                for _kind, b in members[i + 1 :]:
                    if a.id == b.id or a.person_id == b.person_id:
                        continue
                    pair = (min(a.id, b.id), max(a.id, b.id))
                    if pair in decided:
                        continue
                    shared[pair].add(kind)
                    accounts[a.id], accounts[b.id] = a, b
        out = []
        for (first, second), kinds in shared.items():
            best = min(kinds, key=lambda k: ["id", "email", "name", "handle"].index(k))
            a, b = accounts[first], accounts[second]
            out.append(
                Suggestion(
                    first,
                    second,
                    a.source,
                    b.source,
                    a.hint,
                    b.hint,
                    ", ".join(sorted(kinds)),
                    STRENGTH[best],
                )
            )
    order = {"strong": 0, "medium": 1, "weak": 2}
    return sorted(out, key=lambda s: (order[s.strength], s.first, s.second))


@dataclass(frozen=True)
class LinkVerdict:
    """A verdict on two accounts: one person (their accounts now share the person) or two."""

    first: int
    second: int
    confirmed: bool

    def __str__(self) -> str:
        return "confirmed: one person now" if self.confirmed else "rejected: they stay apart"


def decide_link(
    ws: Workspace, org_slug: str | None, first: int, second: int, confirmed: bool
) -> LinkVerdict:
    """Record a verdict on two accounts; a confirmed link moves the second's person's accounts.

    Raises:
        NotFoundError: when either account does not exist in the organisation.
    """
    a_id, b_id = min(first, second), max(first, second)
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        next_directory_version(session, org)  # before reading: see there
        a = session.get(Account, a_id)
        b = session.get(Account, b_id)
        if a is None or b is None or a.organisation_id != org.id or b.organisation_id != org.id:
            raise NotFoundError(
                f"no accounts {first} and {second} in {org.slug}; "
                "`wi3 people suggest` lists the account numbers"
            )
        session.add(
            LinkDecision(
                organisation_id=org.id,
                first_account_id=a_id,
                second_account_id=b_id,
                decision="confirmed" if confirmed else "rejected",
            )
        )
        if confirmed:
            keep, merge = (a, b) if not b.person.in_directory or a.person.in_directory else (b, a)
            if keep.person_id != merge.person_id:
                old = merge.person_id
                for account in session.scalars(select(Account).where(Account.person_id == old)):
                    account.person_id = keep.person_id
                session.flush()
                relink_accounts(session, org)
        slug = org.slug
    write_directory(ws, slug)
    return LinkVerdict(first, second, confirmed)
