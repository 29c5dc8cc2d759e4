"""Ingesting a platform export: connector → pseudonyms → event store, all or nothing.

The connector streams accounts and events with the platform's own keys; the ingest pipeline
(`wi3.service._pipeline`) turns them into pseudonyms, opaque ids and alias digests, drops
everything else a connector saw (names, addresses, text) and stages the events in the event
store. Here an export's containers are routed to initiatives and its signals collected; the
initiatives, accounts and import rows are written in one application-store transaction, and
the events become visible because that transaction committed. A failure anywhere before that
commit, or a process killed at any moment before it, leaves both stores as they were.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

from sqlalchemy.orm import Session

from wi3.connectors import connector, load_mapping
from wi3.errors import ExportError, InputError
from wi3.events import Reading, Signal, Tally
from wi3.service._organisation import InitiativeSpec, initiative_named, upsert_initiative
from wi3.service._people import write_directory
from wi3.service._pipeline import ImportLog, IngestPipeline
from wi3.service._split import Routes
from wi3.service._workspace import Workspace, find_organisation
from wi3.store import Initiative, Organisation
from wi3.texts import Locale

logger = logging.getLogger(__name__)

REGISTERED_AS = {
    "slack": ("chat", "Slack"),
    "mattermost": ("chat", "Mattermost"),
    "zulip": ("chat", "Zulip"),
    "stackexchange": ("qa", "Stack Exchange"),
    "mediawiki": ("wiki", "MediaWiki"),
    "mbox": ("mailing_list", "Mailman"),
    "vivaengage": ("esn", "Viva Engage"),
}
"""The kind and platform an initiative gets when `wi3 ingest` registers it. A csv import is of
kind other, on the platform its mapping names (`platform: Gitter`), if it names one."""


@dataclass(frozen=True)
class Ingested:
    """What one import added to one initiative."""

    initiative: str
    registered: bool
    events_written: int
    events_added: int


@dataclass(frozen=True)
class IngestResult:
    """What an ingest read, skipped and added, per initiative it went to."""

    reading: Reading
    """What the connector read and skipped."""
    parts: tuple[Ingested, ...]
    accounts: int
    accounts_new: int
    unused: tuple[str, ...] = ()
    """Containers a containers file named that the export did not hold."""

    @property
    def initiative(self) -> str:
        """The initiative of an import that was not split (the first of a split one)."""
        return self.parts[0].initiative if self.parts else ""

    @property
    def registered(self) -> bool:
        return any(p.registered for p in self.parts)

    @property
    def events_written(self) -> int:
        return sum(p.events_written for p in self.parts)

    @property
    def events_added(self) -> int:
        return sum(p.events_added for p in self.parts)

    @property
    def summary(self) -> str:
        """What the connector read and skipped, in English."""
        return self.reading.summary()

    def text(self, locale: Locale) -> str:
        """What was read, added and registered, in `locale`'s language."""
        say = locale.label
        duplicates = self.events_written - self.events_added
        new = [p.initiative for p in self.parts if p.registered]
        parts = [
            self.reading.summary(locale),
            locale.plural("cli.ingest.events", self.events_added),
            *([locale.plural("cli.ingest.repeats", duplicates)] if duplicates else []),
            say("cli.ingest.accounts", accounts=self.accounts, new=self.accounts_new),
        ]
        if len(self.parts) > 1:
            parts.append(say("cli.ingest.split", initiatives=len(self.parts), registered=len(new)))
        elif new:
            parts.append(say("cli.ingest.registered", initiative=new[0]))
        if self.unused:
            parts.append(say("cli.ingest.unused", containers=", ".join(self.unused)))
        return "; ".join(parts)

    def __str__(self) -> str:
        return self.text(Locale("en"))


def ingest(
    ws: Workspace,
    org_slug: str | None,
    source: str,
    path: Path,
    initiative_slug: str | None,
    *,
    mapping: Path | None = None,
    origin: str | None = None,
    strict: bool = False,
    partial: bool = False,
    exported: date | None = None,
    split: Routes | None = None,
    progress: Callable[[int], None] | None = None,
) -> IngestResult:
    """Read one export into an initiative's events (or, `split`, one per channel); re-reading
    it adds nothing.

    `origin` names the platform instance the export comes from (default: the initiative), so
    that an overlapping later export of the same instance gives the same event ids. `exported`
    is the day the export was taken, for a format that does not say (its own date wins); without
    either, the import day bounds what the export can show. An export that names containers it
    does not hold (a stream without its folder) is refused unless `partial` allows it. With
    `split`, each container goes to the initiative its routes give (see `wi3.service._split`);
    each initiative gets its own import record, window and signals.

    Raises:
        ExportError: the export is broken or incomplete (nothing is stored).
        SkippedRecordError: under `strict`, the first malformed record (nothing is stored).
        InputError: neither an initiative nor a split is given.
    """
    found = connector(source)
    read = found.reader(mapping)
    if exported is not None and exported > datetime.now(UTC).date():
        raise InputError(
            f"--exported {exported.isoformat()} lies in the future: give the day the export "
            "was taken (or leave it out, and the import day bounds what it can show)"
        )
    if (initiative_slug is None) == (split is None):
        raise InputError(
            "give either --initiative SLUG (the whole export is one initiative) or "
            "--split-by channel (each channel its own initiative)"
        )
    with ws.store.transaction() as session:  # fail early on an unknown organisation
        org_slug = find_organisation(session, org_slug).slug
    whole = None if split is None or found.split != "export" else split.whole(path)
    route = _router(initiative_slug or whole, split)
    # account ids that mean something only within one instance (user 17 of one Stack Exchange
    # site is not user 17 of another) are keyed by the instance, as other platforms' ids are
    local = f"{origin or initiative_slug or whole}/" if found.local_accounts else ""
    pipeline = IngestPipeline(ws, org_slug, source, str(path), origin=origin, local=local)
    tally = Tally(noun=found.noun, strict=strict, on_record=progress)
    started = datetime.now(UTC)
    try:
        signals = pipeline.stage(read(path, tally), route, str(path))
        export_signals = [s for s in signals if s.container is None]
        container_signals: dict[str, list[Signal]] = {}
        for signal in signals:
            if signal.container is not None:
                container_signals.setdefault(signal.container, []).append(signal)
        if tally.lost and not partial:
            raise ExportError(
                f"cannot import {path} whole: {tally.summary()}. Nothing was imported. Export "
                "again with everything, or pass --partial to import what is there (the "
                "diagnosis then misses what the export lacks)."
            )
        if initiative_slug is not None:
            pipeline.initiative(initiative_slug, initiative_slug)
        for container, theirs in container_signals.items():
            # a channel that was archived is a community that ended, even without a message
            slug = route(container)
            if slug is not None and (
                slug in pipeline.initiatives or any(s.kind == "archived" for s in theirs)
            ):
                pipeline.initiative(slug, container).signals.extend(theirs)
        exported_at = _exported(export_signals) or _day_end(exported)
        added = pipeline.prepare()
        done = []
        with ws.store.transaction() as session:
            org = find_organisation(session, org_slug)
            new = pipeline.store_accounts(session, org)
            whole_export = split is None or whole is not None
            for slug, here in sorted(pipeline.initiatives.items()):
                initiative, registered = _initiative(session, org, slug, here.name, source, mapping)
                log = ImportLog(
                    records_read=tally.seen if whole_export else here.events,
                    records_skipped=tally.skipped if whole_export else 0,
                    summary=tally.summary()
                    if whole_export
                    else f"{here.events:,} events of {here.name!r}, split from: {tally.summary()}",
                    started_at=started,
                    covered_until=(exported_at or started).date(),
                    covered_basis="export" if exported_at else "import",
                    signals=here.signals
                    + [s for s in export_signals if s.kind != "exported" and whole_export],
                )
                pipeline.record(session, here, initiative, log, added[slug])
                done.append(Ingested(slug, registered, added[slug].written, added[slug].added))
    finally:
        pipeline.close()
    if pipeline.change is not None:
        write_directory(ws, org_slug, pipeline.change)
    logger.info("ingested %s into %d initiatives: %s", path, len(done), tally.summary())
    return IngestResult(
        tally.reading(),
        tuple(done),
        len(pipeline.accounts),
        new,
        tuple(split.unused()) if split is not None else (),
    )


def _router(slug: str | None, split: Routes | None) -> Callable[[str], str | None]:
    """Container → initiative: everything to `slug`, or by the split's routes."""
    if slug is not None:
        return lambda _container: slug
    assert split is not None
    return split.slug


def _exported(signals: list[Signal]) -> datetime | None:
    """The export's own date, when the export gives one (the latest, if it gives several)."""
    return max((s.ts for s in signals if s.kind == "exported" and s.ts is not None), default=None)


def _day_end(day: date | None) -> datetime | None:
    return None if day is None else datetime.combine(day, time.max, UTC)


def _registered_as(source: str, mapping: Path | None) -> tuple[str, str | None]:
    """The kind and platform this export gives an initiative (see REGISTERED_AS)."""
    if source in REGISTERED_AS:
        return REGISTERED_AS[source]
    return "other", None if mapping is None else load_mapping(mapping).platform


def _initiative(
    session: Session, org: Organisation, slug: str, name: str, source: str, mapping: Path | None
) -> tuple[Initiative, bool]:
    existing = initiative_named(session, org, slug)
    if existing is not None:
        if existing.platform is None:  # registered by hand without one: the export tells
            existing.platform = _registered_as(source, mapping)[1]
        return existing, False
    try:
        kind, platform = _registered_as(source, mapping)
        spec = InitiativeSpec(slug=slug, name=name or slug, kind=kind, platform=platform)
    except ValueError as exc:
        raise InputError(
            f"cannot register initiative {slug!r}: use lower-case letters, digits "
            "and '-' in an initiative id"
        ) from exc
    upsert_initiative(session, org, spec)
    created = initiative_named(session, org, slug)
    assert created is not None
    return created, True
