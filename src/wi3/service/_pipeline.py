"""The ingest pipeline: an import's records become pseudonymised events, accounts and import rows.

`wi3 ingest` feeds it the records a connector reads; `wi3 simulate` feeds it the batches of
events the simulator draws, already pseudonymised. Either way an `IngestPipeline`:

- turns each account key into a keyed-hash pseudonym and notes the account, its aliases and
  whether it is a bot; item and parent ids become opaque ids and each event gets its stable id.
  Everything else a connector saw (names, addresses, text) is dropped here;
- stages the events in one event-store `Batch`, with an `ImportWriter` per initiative, each
  followed by an `InitiativeImport` that counts its events and their span;
- `prepare` moves the events new to each initiative into place, not yet visible;
- inside the caller's application-store transaction, adds the accounts not yet known (each a
  person of its own until the people directory links it, with the digests of its aliases) and
  an import row per initiative that names the batch (`record`);
- `close` publishes the events if that transaction committed, and undoes them otherwise.

The import happens when the transaction commits, in both stores at once: a failure or a killed
process at any step before leaves neither store changed (see `wi3.events` for how a killed
process's import is settled), and any step after leaves both changed.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from typing import Any

import pyarrow as pa
from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from wi3.errors import InputError
from wi3.events import (
    BUFFER_ROWS,
    ITEM,
    Account,
    Added,
    Event,
    ImportWriter,
    Pseudonymiser,
    Record,
    Signal,
    id_state,
)
from wi3.service._hints import account_hints
from wi3.service._people import (
    MATCHED_KINDS,
    UNKNOWN_UNIT,
    DirectoryChange,
    alias_digests,
    next_directory_version,
    unknown_unit_id,
)
from wi3.service._workspace import Workspace
from wi3.store import Account as AccountRow
from wi3.store import (
    AliasDigest,
    Import,
    Initiative,
    Organisation,
    Person,
    PlatformSignal,
    utc_now,
)

logger = logging.getLogger(__name__)

_Sink = tuple[tuple[list[Any], ...], "hashlib.blake2b"]
"""Where `stage` puts a container's events: a writer's columns, and the hash of their ids."""


@dataclass
class SeenAccount:
    """An account an import named: its pseudonym, and its platform key and aliases.

    The key and the aliases stay in memory: the application store keeps the pseudonym, a masked
    hint and the digests of the aliases, never the names themselves.
    """

    source: str
    pseudonym: str
    key: str
    aliases: tuple[str, ...]
    bot: bool


@dataclass
class InitiativeImport:
    """The events of one initiative of an import while they are staged.

    `name` is what the initiative is called in the export (the channel it was split from), for
    an initiative the import registers; `signals` are the platform's facts about its containers.
    """

    slug: str
    writer: ImportWriter
    origin: str
    name: str
    signals: list[Signal] = field(default_factory=list)

    @property
    def events(self) -> int:
        """Events staged, repeats included."""
        return self.writer.written

    @property
    def first(self) -> datetime | None:
        return self.writer.first

    @property
    def last(self) -> datetime | None:
        return self.writer.last


@dataclass(frozen=True)
class ImportLog:
    """What an initiative's import row says besides its events: how its records were read.

    `covered_until` is the last day the export can show; `covered_basis` says what gave it
    ("export": the export's own date; "import": the day it was imported).
    """

    records_read: int
    records_skipped: int
    summary: str
    started_at: datetime
    covered_until: date
    covered_basis: str
    signals: Sequence[Signal] = ()


class IngestPipeline:
    """One import of one source into an organisation: pseudonyms, staged events, accounts, log.

    `path` is what the import rows name as read (a file, or "simulated"). `origin` names the
    platform instance, which with the source and the native id makes an event's id; without it
    each initiative is its own origin. `local` prefixes account keys that mean something only
    within one instance (user 17 of a Stack Exchange site).
    """

    def __init__(
        self,
        ws: Workspace,
        org: str,
        source: str,
        path: str,
        *,
        origin: str | None = None,
        local: str = "",
    ) -> None:
        self.org = org
        self.source = source
        self.path = path
        self.origin = origin
        self.local = local
        self.pseudonymiser = Pseudonymiser(ws.key())
        self.batch = ws.events().batch(org)
        self.accounts: dict[str, SeenAccount] = {}
        """Pseudonym → the account, in the order they were first seen."""
        self._pseudonyms: dict[str, str] = {}
        """Account key as the connector gave it → its pseudonym."""
        self.change: DirectoryChange | None = None
        """What `store_accounts` changed in the people directory."""
        self.initiatives: dict[str, InitiativeImport] = {}
        """Slug → the initiative's staged events, in the order they were first written to."""
        self._sinks: dict[str, _Sink] = {}

    def account(self, key: str, aliases: tuple[str, ...] = (), bot: bool = False) -> str:
        """The account's pseudonym, noting the account (and its aliases) on first sight.

        Keys that differ only in case or spacing are one account, as their pseudonym is.
        """
        pseudonym = self.pseudonymiser.account(self.source, self.local + key)
        self._pseudonyms[key] = pseudonym
        seen = self.accounts.get(pseudonym)
        if seen is None:
            self.accounts[pseudonym] = SeenAccount(
                self.source, pseudonym, self.local + key, aliases, bot
            )
        elif aliases or bot:
            seen.aliases = tuple(dict.fromkeys(seen.aliases + aliases))
            seen.bot = seen.bot or bot
        return pseudonym

    def initiative(self, slug: str, name: str) -> InitiativeImport:
        """The staged events of initiative `slug`, started (and called `name`) on first use."""
        if slug not in self.initiatives:
            origin = self.origin or slug
            self.initiatives[slug] = InitiativeImport(
                slug, self.batch.writer(slug, self.source, origin), origin, name
            )
        return self.initiatives[slug]

    def stage(
        self, records: Iterable[Record], route: Callable[[str], str | None], where: str
    ) -> list[Signal]:
        """Stage the events of a connector's records, pseudonymised, each with its stable id,
        into the initiative `route` gives its container (none: left out); note the accounts;
        return the signals. `where` names the export in messages.

        The loop every event of an import goes through, so it does little: a raw account key
        or item id seen before costs a dictionary look-up, not a keyed hash (`account` and the
        pseudonymiser's cache); each container's initiative is looked up once; each field is
        appended to its writer's column, so no object is made per event.

        Raises:
            InputError: an event's timestamp has no time zone (a connector bug).
        """
        signals: list[Signal] = []
        routes: dict[str, _Sink | None] = {}
        pseudonyms, account = self._pseudonyms, self.account
        items, opaque = self.pseudonymiser.cache(ITEM), self.pseudonymiser.opaque
        current: _Sink | None = None
        pending = 0
        for record in records:
            if type(record) is not Event:
                if isinstance(record, Account):
                    account(record.key, record.aliases, record.bot)
                elif isinstance(record, Signal):
                    signals.append(record)
                continue
            native_id, ts, kind, actor, container, item, parent, target, size, via = record
            if ts.tzinfo is None:
                raise InputError(
                    f"{where}: record {native_id} has a timestamp without a time zone; this "
                    "is a connector bug, please report it"
                )
            into = routes.get(container)
            if into is None:
                if container in routes:
                    continue  # routed nowhere
                into = routes[container] = self._sink(route, container)
                if into is None:
                    continue
            if into is not current:
                current = into
                columns, ids = into
                ids_, ts_, kinds, actors, targets, containers, items_, parents, sizes, vias = (
                    column.append for column in columns
                )
            state = ids.copy()
            state.update(native_id.encode())
            ids_(state.hexdigest())
            ts_(ts)
            kinds(kind)
            actors(pseudonyms.get(actor) or account(actor))
            targets(None if target is None else pseudonyms.get(target) or account(target))
            containers(container)
            items_(items.get(item) or opaque(item))
            parents(None if parent is None else items.get(parent) or opaque(parent))
            sizes(size)
            vias(via)
            pending += 1
            if pending == BUFFER_ROWS:
                self.batch.flush()
                pending = 0
        return signals

    def _sink(self, route: Callable[[str], str | None], container: str) -> _Sink | None:
        """Where the events of `container` are staged, and the hash their ids start from: one
        per initiative, so that containers of one initiative interleaved in the export share
        it (`stage` looks its columns up again only when the sink changes)."""
        slug = route(container)
        if slug is None:
            return None
        if slug not in self._sinks:
            staged = self.initiative(slug, container)
            self._sinks[slug] = staged.writer.columns, id_state(self.source, staged.origin)
        return self._sinks[slug]

    def add_month(self, into: InitiativeImport, month: str, table: pa.Table) -> None:
        """Stage a batch of one month's events that are pseudonymised already (the simulator's),
        with ids unique within this import; see `ImportWriter.add_month`."""
        into.writer.add_month(month, table)

    def store_accounts(self, session: Session, org: Organisation) -> int:
        """Add the accounts not yet known, each linked to the directory person it matches (or
        a person of its own, in unit "unknown"), flag known accounts that turn out to be bots;
        count the new accounts. What changed is `self.change`, for `write_directory`.

        Only the accounts this import named are read or written, with bulk statements: an
        export can hold tens of thousands of accounts, an organisation many more.
        """
        new, self.change = _add_accounts(
            session, org, self.pseudonymiser, list(self.accounts.values())
        )
        return new

    def prepare(self) -> dict[str, Added]:
        """Move each initiative's events that are new to it into place, not yet visible, and
        say what each adds; another import into the same initiatives is waited for.

        Raises:
            WorkspaceError: the event store cannot be written (nothing of these events is added).
        """
        return self.batch.prepare(_waiting)

    def record(
        self,
        session: Session,
        staged: InitiativeImport,
        initiative: Initiative,
        log: ImportLog,
        added: Added,
    ) -> None:
        """Add an initiative's import row, naming the batch, to `session`."""
        session.add(
            Import(
                organisation_id=initiative.organisation_id,
                initiative_id=initiative.id,
                source=self.source,
                origin=staged.origin,
                path=self.path,
                records_read=log.records_read,
                records_skipped=log.records_skipped,
                events_written=added.written,
                events_added=added.added,
                summary=log.summary,
                started_at=log.started_at,
                first_event=staged.first,
                last_event=staged.last,
                covered_until=log.covered_until,
                covered_basis=log.covered_basis,
                batch=self.batch.id,
                signals=[
                    PlatformSignal(kind=s.kind, container=s.container, ts=s.ts, count=s.count)
                    for s in dict.fromkeys(log.signals)
                ],
            )
        )

    def close(self) -> None:
        """Publish the prepared events if their import rows were committed, else undo them;
        throw the staging away either way."""
        self.batch.close()


def _waiting(initiative: str) -> None:
    logger.warning(
        "another import into initiative %s is being written; waiting for it to finish", initiative
    )


CHUNK = 900
"""Values per IN list: SQLite allows some 32,000 parameters in one statement."""


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _known_accounts(
    session: Session, org: Organisation, seen: list[SeenAccount]
) -> dict[tuple[str, str], tuple[int, bool]]:
    """(source, pseudonym) → (row id, bot) of the accounts of `seen` the organisation has."""
    found: dict[tuple[str, str], tuple[int, bool]] = {}
    for part in _chunks(sorted({a.pseudonym for a in seen})):
        rows = session.execute(
            select(AccountRow.source, AccountRow.pseudonym, AccountRow.id, AccountRow.bot).where(
                AccountRow.organisation_id == org.id, AccountRow.pseudonym.in_(part)
            )
        )
        found.update({(source, pseudonym): (i, bot) for source, pseudonym, i, bot in rows})
    return found


def _directory_people(
    session: Session, org: Organisation, digests: Iterable[str]
) -> tuple[dict[str, set[int]], dict[int, tuple[str, bool]]]:
    """The directory people who share one of `digests` (digest → their ids), and the
    pseudonym and bot flag of each."""
    people: dict[str, set[int]] = defaultdict(set)
    about: dict[int, tuple[str, bool]] = {}
    for part in _chunks(sorted(set(digests))):
        rows = session.execute(
            select(AliasDigest.digest, Person.id, Person.pseudonym, Person.bot)
            .join(Person, Person.id == AliasDigest.person_id)
            .where(
                AliasDigest.organisation_id == org.id,
                AliasDigest.digest.in_(part),
                Person.in_directory,
            )
        )
        for digest, person_id, pseudonym, bot in rows:
            people[digest].add(person_id)
            about[person_id] = (pseudonym, bot)
    return people, about


def _add_accounts(
    session: Session, org: Organisation, pseudonymiser: Pseudonymiser, seen: list[SeenAccount]
) -> tuple[int, DirectoryChange | None]:
    """Add the accounts of `seen` not yet known, with their alias digests, each linked to the
    one directory person it shares an id, e-mail or handle digest with, else to a new person
    of its own; flag known accounts that turn out to be bots. The number of new accounts, and
    the change to the directory files (None: nothing changed).

    The link is the one `relink_accounts` would make: names are not evidence, and an account
    that matches two people gets a person of its own.
    """
    known = _known_accounts(session, org, seen)
    new, bots = _changes(seen, known)
    if not new and not bots:
        return 0, None  # the usual re-read of an export
    # another import may have stored some of the new accounts since they were read: once this
    # transaction holds the organisation's people and accounts, read those again
    version = next_directory_version(session, org)
    known.update(_known_accounts(session, org, new))
    new, bots = _changes(seen, known)
    rows: list[dict[str, Any]] = []
    if bots:
        session.execute(update(AccountRow), [{"id": i, "bot": True} for _a, i in bots])
        owners = _account_owners(session, [i for _a, i in bots])
        rows += [
            {"account": a.pseudonym, "source": a.source, "person": owners[i], "bot": True}
            for a, i in bots
        ]
    if not new:
        return 0, DirectoryChange(version, rows, [])
    digests = {a.pseudonym: _digests(pseudonymiser, a) for a in new}
    matching, about = _directory_people(
        session,
        org,
        (d for found in digests.values() for kind, d in found if kind in MATCHED_KINDS),
    )
    linked: dict[str, int] = {}
    for a in new:
        people = {
            p for kind, d in digests[a.pseudonym] if kind in MATCHED_KINDS for p in matching[d]
        }
        if len(people) == 1:
            linked[a.pseudonym] = people.pop()
    own = {
        a.pseudonym: pseudonymiser.person(f"account:{a.source}:{a.key}")
        for a in new
        if a.pseudonym not in linked
    }
    unknown = unknown_unit_id(session, org)
    by_pseudonym = {a.pseudonym: a for a in new}
    # plain inserts through the driver (`_insert`), then queries for the new ids: a bulk
    # insert with RETURNING re-reads its growing result at every batch, quadratic in the rows
    if own:
        _insert(
            session,
            Person,
            ("organisation_id", "pseudonym", "unit_id", "bot", "in_directory"),
            [
                (org.id, person, unknown, by_pseudonym[account].bot, False)
                for account, person in own.items()
            ],
        )
    person_ids = _ids(session, Person, org, list(own.values()))
    hints = account_hints(session, org, {a.pseudonym: (a.aliases or (a.key,))[0] for a in new})
    _insert(
        session,
        AccountRow,
        ("organisation_id", "source", "pseudonym", "person_id", "bot", "hint"),
        [
            (
                org.id,
                a.source,
                a.pseudonym,
                linked.get(a.pseudonym) or person_ids[own[a.pseudonym]],
                a.bot,
                hints[a.pseudonym],
            )
            for a in new
        ],
    )
    account_ids = _ids(session, AccountRow, org, list(by_pseudonym))
    _insert(
        session,
        AliasDigest,
        ("organisation_id", "person_id", "account_id", "kind", "digest"),
        [
            (org.id, None, account_ids[a.pseudonym], kind, digest)
            for a in new
            for kind, digest in digests[a.pseudonym]
        ],
    )
    for a in new:
        if a.pseudonym in linked:
            person, person_bot = about[linked[a.pseudonym]]
            rows.append(
                {
                    "account": a.pseudonym,
                    "source": a.source,
                    "person": person,
                    "bot": a.bot or person_bot,
                }
            )
        else:
            rows.append(
                {
                    "account": a.pseudonym,
                    "source": a.source,
                    "person": own[a.pseudonym],
                    "bot": a.bot,
                }
            )
    people_rows = [
        {
            "person": person,
            "unit": UNKNOWN_UNIT,
            "location": None,
            "level": None,
            "start_date": None,
            "end_date": None,
            "bot": by_pseudonym[account].bot,
            "in_directory": False,
        }
        for account, person in own.items()
    ]
    return len(new), DirectoryChange(version, rows, people_rows)


def _changes(
    seen: list[SeenAccount], known: dict[tuple[str, str], tuple[int, bool]]
) -> tuple[list[SeenAccount], list[tuple[SeenAccount, int]]]:
    """The accounts of `seen` not `known`, and the known ones to flag as bots, with row ids."""
    new = [a for a in seen if (a.source, a.pseudonym) not in known]
    bots = [
        (a, known[(a.source, a.pseudonym)][0])
        for a in seen
        if a.bot and not known.get((a.source, a.pseudonym), (0, True))[1]
    ]
    return new, bots


def _digests(pseudonymiser: Pseudonymiser, account: SeenAccount) -> set[tuple[str, str]]:
    """The (kind, digest) pairs of an account: of its key, as an id and as written, and of
    each of its aliases."""
    found = {
        ("id", pseudonymiser.account_alias(account.source, account.key)),
        pseudonymiser.alias(account.key),
    }
    for alias in account.aliases:
        found.update(alias_digests(pseudonymiser, alias))
    return found


def _insert(
    session: Session,
    model: type[Person] | type[AccountRow] | type[AliasDigest],
    columns: tuple[str, ...],
    rows: list[tuple[Any, ...]],
) -> None:
    """Insert `rows` (tuples of str, int, bool or None, in the order of `columns`) into the
    model's table in one executemany through the database driver, with `created_at` (where
    the table has it) the current time.

    SQLAlchemy's own executemany processes every row's parameters in Python, which costs
    about as much as the insert itself at tens of thousands of rows (an export's accounts);
    the driver takes these values as they are. Only the timestamp needs the column type's
    conversion, done once.
    """
    if not rows:
        return
    table = model.__table__
    assert isinstance(table, Table)
    connection = session.connection()
    dialect = connection.dialect
    stamp: tuple[Any, ...] = ()
    names = columns
    if "created_at" in table.c:
        convert = table.c.created_at.type.dialect_impl(dialect).bind_processor(dialect)
        now = utc_now()
        stamp, names = (convert(now) if convert else now,), (*columns, "created_at")
    compiled = insert(table).compile(dialect=dialect, column_keys=list(names))
    params: list[Any]
    if compiled.positional:
        order = [names.index(key) for key in compiled.positiontup or []]
        if order == list(range(len(names))):
            params = [row + stamp for row in rows]
        else:
            pick = itemgetter(*order)
            params = [pick(row + stamp) for row in rows]
    else:
        params = [dict(zip(names, row + stamp, strict=True)) for row in rows]
    connection.exec_driver_sql(str(compiled), params)


def _account_owners(session: Session, ids: list[int]) -> dict[int, str]:
    """Account row id → the pseudonym of its person."""
    owners: dict[int, str] = {}
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(
            select(AccountRow.id, Person.pseudonym)
            .join(Person, Person.id == AccountRow.person_id)
            .where(AccountRow.id.in_(ids[start : start + CHUNK]))
        )
        owners.update(dict(rows.all()))
    return owners


def _ids(
    session: Session,
    table: type[Person] | type[AccountRow],
    org: Organisation,
    pseudonyms: list[str],
) -> dict[str, int]:
    """Pseudonym → row id of the organisation's people or accounts with those pseudonyms."""
    found: dict[str, int] = {}
    for part in _chunks(pseudonyms):
        rows = session.execute(
            select(table.pseudonym, table.id).where(
                table.organisation_id == org.id, table.pseudonym.in_(part)
            )
        )
        found.update(dict(rows.all()))
    return found
