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

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from wi3.events import (
    Added,
    Event,
    ImportWriter,
    Pseudonymiser,
    Row,
    Signal,
    event_id,
)
from wi3.service._hints import account_hints
from wi3.service._people import alias_digests, person_ids, relink_accounts, unknown_unit_id
from wi3.service._workspace import Workspace
from wi3.store import Account as AccountRow
from wi3.store import AliasDigest, Import, Initiative, Organisation, Person, PlatformSignal

logger = logging.getLogger(__name__)


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
    """The events of one initiative of an import while they are staged: how many, and their span.

    `name` is what the initiative is called in the export (the channel it was split from), for
    an initiative the import registers; `signals` are the platform's facts about its containers.
    """

    slug: str
    writer: ImportWriter
    origin: str
    name: str
    events: int = 0
    first: datetime | None = None
    last: datetime | None = None
    signals: list[Signal] = field(default_factory=list)

    def saw(self, ts: datetime) -> None:
        """Count one event at `ts`."""
        self.events += 1
        self.first = ts if self.first is None or ts < self.first else self.first
        self.last = ts if self.last is None or ts > self.last else self.last

    def saw_batch(self, table: pa.Table) -> None:
        """Count a batch of events, spanning its first to its last timestamp."""
        bounds = pc.min_max(table["ts"]).as_py()
        low, high = bounds["min"], bounds["max"]
        self.events += table.num_rows
        self.first = low if self.first is None or low < self.first else self.first
        self.last = high if self.last is None or high > self.last else self.last


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
        self.initiatives: dict[str, InitiativeImport] = {}
        """Slug → the initiative's staged events, in the order they were first written to."""

    def account(self, key: str, aliases: tuple[str, ...] = (), bot: bool = False) -> str:
        """The account's pseudonym, noting the account (and its aliases) on first sight.

        Keys that differ only in case or spacing are one account, as their pseudonym is.
        """
        key = self.local + key
        pseudonym = self.pseudonymiser.account(self.source, key)
        seen = self.accounts.get(pseudonym)
        if seen is None:
            seen = self.accounts[pseudonym] = SeenAccount(self.source, pseudonym, key, aliases, bot)
        elif aliases or bot:
            seen.aliases = tuple(dict.fromkeys(seen.aliases + aliases))
            seen.bot = seen.bot or bot
        return seen.pseudonym

    def initiative(self, slug: str, name: str) -> InitiativeImport:
        """The staged events of initiative `slug`, started (and called `name`) on first use."""
        if slug not in self.initiatives:
            self.initiatives[slug] = InitiativeImport(
                slug, self.batch.writer(slug), self.origin or slug, name
            )
        return self.initiatives[slug]

    def add(self, into: InitiativeImport, event: Event) -> None:
        """Stage one event a connector read, pseudonymised, with its stable id."""
        into.saw(event.ts)
        actor = self.account(event.actor)
        target = None if event.target is None else self.account(event.target)
        opaque = self.pseudonymiser.opaque
        into.writer.add(
            Row(
                event_id(self.source, into.origin, event.native_id),
                self.source,
                into.origin,
                event.ts,
                event.kind,
                actor,
                target,
                event.container,
                opaque(event.item),
                None if event.parent is None else opaque(event.parent),
                event.size,
                event.via,
            )
        )

    def add_month(self, into: InitiativeImport, month: str, table: pa.Table) -> None:
        """Stage a batch of one month's events that are pseudonymised already (the simulator's),
        with ids unique within this import; see `ImportWriter.add_month`."""
        into.saw_batch(table)
        into.writer.add_month(month, table)

    def store_accounts(self, session: Session, org: Organisation) -> int:
        """Add the accounts not yet known, relink the organisation's accounts to its people
        directory, and count the new accounts.

        A new account is a person of its own (in unit "unknown") until the directory links it.
        Written with bulk statements: an export can hold tens of thousands of accounts.
        """
        new = _add_accounts(session, org, self.pseudonymiser, list(self.accounts.values()))
        relink_accounts(session, org)
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


def _account_ids(session: Session, org: Organisation) -> dict[tuple[str, str], int]:
    """(source, pseudonym) → row id of every account of the organisation."""
    rows = session.execute(
        select(AccountRow.source, AccountRow.pseudonym, AccountRow.id).where(
            AccountRow.organisation_id == org.id
        )
    )
    return {(source, pseudonym): ident for source, pseudonym, ident in rows}


def _add_accounts(
    session: Session, org: Organisation, pseudonymiser: Pseudonymiser, seen: list[SeenAccount]
) -> int:
    """Add the accounts of `seen` not yet known, with their people and alias digests; count them.

    A known account that turns out to be a bot is flagged as one.
    """
    existing = _account_ids(session, org)
    bots = [
        existing[(a.source, a.pseudonym)]
        for a in seen
        if a.bot and (a.source, a.pseudonym) in existing
    ]
    if bots:
        session.execute(update(AccountRow), [{"id": i, "bot": True} for i in bots])
    new = [a for a in seen if (a.source, a.pseudonym) not in existing]
    if not new:
        return 0
    unknown = unknown_unit_id(session, org)
    person_of = {a.pseudonym: pseudonymiser.person(f"account:{a.source}:{a.key}") for a in new}
    # plain bulk inserts, then one query for the new ids: SQLAlchemy's bulk insert with
    # RETURNING re-reads its growing result at every batch, quadratic in the rows
    session.execute(
        insert(Person),
        [
            {
                "organisation_id": org.id,
                "pseudonym": person_of[a.pseudonym],
                "unit_id": unknown,
                "bot": a.bot,
            }
            for a in new
        ],
    )
    ids = person_ids(session, org)
    hints = account_hints(session, org, {a.pseudonym: (a.aliases or (a.key,))[0] for a in new})
    session.execute(
        insert(AccountRow),
        [
            {
                "organisation_id": org.id,
                "source": a.source,
                "pseudonym": a.pseudonym,
                "person_id": ids[person_of[a.pseudonym]],
                "bot": a.bot,
                "hint": hints[a.pseudonym],
            }
            for a in new
        ],
    )
    account_ids = _account_ids(session, org)
    digests = []
    for a in new:
        found = {("id", pseudonymiser.account_alias(a.source, a.key)), pseudonymiser.alias(a.key)}
        for alias in a.aliases:
            found.update(alias_digests(pseudonymiser, alias))
        digests += [
            {
                "organisation_id": org.id,
                "account_id": account_ids[(a.source, a.pseudonym)],
                "kind": kind,
                "digest": digest,
            }
            for kind, digest in found
        ]
    session.execute(insert(AliasDigest), digests)
    return len(new)
