"""Simulated usage: a generated organisation (or the example one) with its directory and events.

The simulator (`wi3.simulate`) draws a people directory and events; here they go through the
same paths as real data: the directory as a people CSV read like `import_people` reads one, and
the accounts, events and import log through the ingest pipeline (`wi3.service._pipeline`), the
events in bulk with `IngestPipeline.add_month`. The organisation, its people, accounts and
events are one import: an interrupted simulation leaves nothing behind. Batches are written by
a background thread while the next one is drawn, so drawing and Parquet encoding overlap.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
from sqlalchemy import select

from wi3.errors import InputError, WorkspaceError
from wi3.events import Signal
from wi3.service._organisation import (
    InitiativeSpec,
    OrganisationFile,
    OrganisationSpec,
    UnitSpec,
    find_initiative,
    import_organisation,
)
from wi3.service._people import read_directory, store_people, write_directory
from wi3.service._pipeline import ImportLog, IngestPipeline, InitiativeImport
from wi3.service._workspace import Workspace, find_organisation
from wi3.simulate import (
    SOURCE,
    Directory,
    Simulator,
    Usage,
    Window,
    add_months,
    make_directory,
    plan_initiatives,
    unit_tree,
)
from wi3.store import Organisation
from wi3.texts import Locale

logger = logging.getLogger(__name__)

DEFAULT_ORG = "simulated"
PEOPLE_PER_UNIT = 140
MAX_PENDING = 1
"""Batches drawn and waiting to be written: with the one being written and the one being
drawn, at most three batches are in memory."""

Progress = Callable[[int, int], None]
"""Called with the events written so far and the number expected."""


@dataclass(frozen=True)
class SimulatedInitiative:
    slug: str
    kind: str
    phases: str
    """'pioneering', or 'pioneering → facilitating (2026-01)'."""
    units: int
    people: int
    """People in scope in the last month."""
    events: int
    lifecycle: str = "steady"
    """Its planned activity path: steady, declining, dormant or archived (with the month)."""


@dataclass(frozen=True)
class SimulationResult:
    """What a simulation wrote."""

    organisation: str
    first_month: str
    last_month: str
    people: int
    managers: int
    executives: int
    bots: int
    joiners: int
    leavers: int
    units: int
    initiatives: tuple[SimulatedInitiative, ...]
    scale: float
    floor: int
    written: int
    added: int
    history: int
    """Of the events written: the items established initiatives made before the first month."""
    accounts_new: int
    seconds: float
    """The whole simulation: directory import, events, accounts."""
    event_seconds: float
    """Drawing the events and writing them to staging (before accounts and the commit)."""

    @property
    def rate(self) -> float:
        """Events drawn and written per second."""
        return self.written / self.event_seconds if self.event_seconds > 0 else 0.0

    def text(self, locale: Locale) -> str:
        """What was simulated, and how fast, in `locale`'s language."""
        say = locale.label
        repeats = self.written - self.added
        return say(
            "cli.simulate.summary",
            events=locale.plural("cli.ingest.events", self.added),
            repeats=say("cli.simulate.repeats", repeats=repeats) if repeats else "",
            initiatives=len(self.initiatives),
            first=self.first_month,
            last=self.last_month,
            history=say("cli.simulate.history", history=self.history) if self.history else "",
            people=self.people,
            managers=self.managers,
            executives=self.executives,
            joiners=self.joiners,
            leavers=self.leavers,
            bots=self.bots,
            units=self.units,
            rate=round(self.rate),
            seconds=locale.decimal(self.seconds, 1),
        )

    def __str__(self) -> str:
        return self.text(Locale("en"))


def last_complete_month(today: date | None = None) -> str:
    """The month before this one, as YYYY-MM."""
    day = add_months(today or date.today(), -1)
    return f"{day.year:04d}-{day.month:02d}"


def simulate(
    ws: Workspace,
    org_slug: str | None,
    *,
    people: int,
    initiatives: int,
    months: int,
    seed: int,
    events: int | None = None,
    last_month: str | None = None,
    lifecycles: bool = False,
    progress: Progress | None = None,
) -> SimulationResult:
    """Generate an example organisation with `people` people and `initiatives` initiatives and
    write `months` months of their usage (about `events` events), up to `last_month`.

    With `lifecycles`, some initiatives decline, go silent or are archived (see
    `wi3.simulate.LIFECYCLES`). The same arguments give the same directory and events, so
    running it again adds nothing.

    Raises:
        InputError: for arguments out of range, or an organisation that holds real data.
    """
    if people < 20:
        raise InputError(f"--people {people} is too few; simulate at least 20 people")
    if initiatives < 1 or months < 1:
        raise InputError("--initiatives and --months must be at least 1")
    if events is not None and events < 1:
        raise InputError(f"--events {events} must be positive (or left out for the natural rate)")
    try:
        window = Window.ending(last_month or last_complete_month(), months)
    except ValueError as exc:
        raise InputError(f"--last-month: {exc}") from exc
    slug = org_slug or DEFAULT_ORG
    units = unit_tree(max(4, round(people / PEOPLE_PER_UNIT)), seed)
    directory = make_directory(
        people, units, window.start(0), window.last_day(months - 1), seed, board="board"
    )
    planned = plan_initiatives(initiatives, units, months, seed, lifecycles)
    spec = OrganisationFile(
        organisation=OrganisationSpec(
            slug=slug, name=f"Simulated organisation ({slug})", example=True
        ),
        units=[UnitSpec(path=u.path, name=u.name) for u in units],
        initiatives=[
            InitiativeSpec(
                slug=p.usage.slug,
                name=p.name,
                kind=p.usage.kind,
                platform=p.platform,
                unit=p.usage.home,
                start_date=window.start(min(p.usage.launch, 0)),
                audience=_in_scope(directory, p.usage, window),
                scope=sorted({p.usage.home, *p.usage.scope}),
            )
            for p in planned
        ],
    )
    with ws.store.transaction() as session:
        existing = session.scalar(select(Organisation).where(Organisation.slug == slug))
        if existing is not None and not existing.example:
            raise InputError(
                f"organisation {slug!r} holds real data; simulated usage would mix with it. "
                f"Simulate into an example organisation: --org {DEFAULT_ORG}, or a new slug."
            )
    people_csv = ws.path / "simulated" / slug / "people.csv"
    return simulate_usage(
        ws,
        slug,
        directory,
        [p.usage for p in planned],
        window,
        seed,
        people_csv,
        events=events,
        progress=progress,
        organisation=spec,
    )


def simulate_usage(
    ws: Workspace,
    org_slug: str,
    directory: Directory,
    usages: list[Usage],
    window: Window,
    seed: int,
    people_csv: Path,
    *,
    events: int | None = None,
    progress: Progress | None = None,
    organisation: OrganisationFile | None = None,
) -> SimulationResult:
    """Import `directory` into the organisation and write the usages' events; with
    `organisation`, create or update the organisation from it first.

    All of it is one transaction: it appears wholly or not at all, even when interrupted. Each
    initiative's import record covers the window to its last day, as an export taken then
    would, with an archive signal for each of its containers when the platform archived it.
    """
    started = time.perf_counter()
    fresh = not people_csv.exists()
    entries = read_directory(directory.write_csv(people_csv))
    pipeline = IngestPipeline(ws, org_slug, SOURCE, "simulated", origin=f"seed-{seed}")
    simulator = Simulator(directory, window, seed, pipeline.pseudonymiser)
    plan = simulator.plan(usages, events)
    logger.info("simulating %s at scale %.3f: about %s events", org_slug, plan.scale, plan.expected)
    drawing = time.perf_counter()
    staged: list[InitiativeImport] = []
    written = history = 0
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="wi3-simulate") as pool:
            pending: deque[Future[None]] = deque()
            for usage in usages:
                here = pipeline.initiative(usage.slug, usage.slug)
                staged.append(here)
                for month, table in simulator.tables(usage, plan.scale):
                    while len(pending) >= MAX_PENDING:
                        pending.popleft().result()
                    pending.append(pool.submit(pipeline.add_month, here, month, table))
                    written += table.num_rows
                    if month < window.months[0]:
                        history += table.num_rows
                    if progress is not None:
                        progress(written, plan.expected)
            while pending:
                pending.popleft().result()
        event_seconds = time.perf_counter() - drawing
        for i in map(int, simulator.acted.nonzero()[0]):
            pipeline.account(directory.account(i), bot=bool(directory.bot[i]))
        added = pipeline.prepare()
        with ws.store.transaction() as session:
            if organisation is not None:
                import_organisation(session, organisation)
            org = find_organisation(session, org_slug)
            store_people(session, org, entries, pipeline.pseudonymiser)
            new_accounts = pipeline.store_accounts(session, org)
            started_at = datetime.now(UTC)
            for usage, here in zip(usages, staged, strict=True):
                initiative = find_initiative(session, org, usage.slug)
                log = _import_log(usage, simulator, window, here.events, started_at)
                pipeline.record(session, here, initiative, log, added[usage.slug])
    except BaseException as exc:
        if fresh:  # the directory file was written for this simulation only
            people_csv.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise WorkspaceError(
                f"cannot write the simulated events to {ws.events_dir}: {exc}. Nothing of them "
                "was added; free disk space or ask for fewer --events, then simulate again."
            ) from exc
        raise
    finally:
        pipeline.close()
    write_directory(ws, org_slug)
    seconds = time.perf_counter() - started
    last = window.count - 1
    staff = ~directory.bot
    begin = np.datetime64(window.start(0), "D")
    end = np.datetime64(window.last_day(last), "D")
    return SimulationResult(
        organisation=org_slug,
        first_month=window.months[0],
        last_month=window.months[-1],
        people=int(staff.sum()),
        managers=int((directory.level == 1).sum()),
        executives=int((directory.level == 2).sum()),
        bots=int(directory.bot.sum()),
        joiners=int((staff & (directory.start >= begin)).sum()),
        leavers=int((staff & (directory.end <= end)).sum()),
        units=len(directory.units),
        initiatives=tuple(
            SimulatedInitiative(
                u.slug,
                u.kind,
                _phase_story(u, window),
                _units_in_scope(directory, u),
                _in_scope(directory, u, window),
                here.events,
                _lifecycle_story(u, window),
            )
            for u, here in zip(usages, staged, strict=True)
        ),
        scale=plan.scale,
        floor=plan.floor,
        written=written,
        added=sum(a.added for a in added.values()),
        history=history,
        accounts_new=new_accounts,
        seconds=seconds,
        event_seconds=event_seconds,
    )


def _import_log(
    usage: Usage, simulator: Simulator, window: Window, events: int, started_at: datetime
) -> ImportLog:
    """The import log of one simulated initiative, as an export of its platform would give it."""
    signals = []
    if usage.archived is not None and usage.archived < window.count:
        on = window.start(usage.archived)
        archived_at = datetime(on.year, on.month, on.day, 9, tzinfo=UTC)
        signals = [
            Signal(kind="archived", container=name, ts=archived_at)
            for name in simulator.containers(usage)
        ]
    return ImportLog(
        records_read=events,
        records_skipped=0,
        summary=f"{events:,} events simulated",
        started_at=started_at,
        covered_until=window.last_day(window.count - 1),
        covered_basis="export",
        signals=signals,
    )


def _in_scope(directory: Directory, usage: Usage, window: Window) -> int:
    """People in the usage's scope (sub-units included) who work there in the last month."""
    last = window.count - 1
    paths = (usage.home, *usage.scope)
    ids = [
        i
        for i, u in enumerate(directory.units)
        if any(u.path == p or u.path.startswith(f"{p}/") for p in paths)
    ]
    at_work = directory.eligible(window.start(last), window.last_day(last))
    return int((at_work & np.isin(directory.unit, ids)).sum())


def _units_in_scope(directory: Directory, usage: Usage) -> int:
    paths = (usage.home, *usage.scope)
    return sum(
        any(u.path == p or u.path.startswith(f"{p}/") for p in paths) for u in directory.units
    )


def _lifecycle_story(usage: Usage, window: Window) -> str:
    """'steady', 'declining (2025-04)', 'dormant (2025-05)' or 'archived (2026-01)'."""
    if usage.archived is not None:
        return f"archived ({window.months[usage.archived]})"
    fading = next((t for t, level in enumerate(usage.intensity) if level < 1), None)
    if fading is None:
        return "steady"
    kind = "dormant" if usage.intensity[-1] == 0 else "declining"
    return f"{kind} ({window.months[fading]})"


def _phase_story(usage: Usage, window: Window) -> str:
    """'facilitating → strategic (2025-07)': the planned phases and when they change."""
    parts: list[str] = []
    previous: str | None = None
    for t, phase in enumerate(usage.phases):
        if phase is not None and phase != previous:
            parts.append(phase if not parts and t == 0 else f"{phase} ({window.months[t]})")
        previous = phase
    return " → ".join(parts) or "not live"
