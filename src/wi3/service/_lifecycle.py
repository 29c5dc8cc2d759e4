"""What is known about each initiative's life and reach: its contribution days, evidence
windows, the platform's archive signals and members, and the owner's word, as plain data for the
metrics and the diagnosis (`ActivityEvidence`).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import select
from sqlalchemy.orm import Session

from wi3.connectors import CONNECTORS
from wi3.diagnosis import ActivityEvidence, Archived, AudienceBasis, DayCount
from wi3.metrics import Activity
from wi3.service._organisation import list_initiatives
from wi3.store import Import, Initiative, Organisation, PlatformSignal


@dataclass(frozen=True)
class Covered:
    """How far an initiative's exports reach: their latest own date, or the latest import day."""

    until: date
    basis: str
    """"export" when an export gave its own date, else "import"."""


def evidence_ends(session: Session, org: Organisation) -> dict[str, Covered]:
    """Per initiative with imports, the last day its exports can show.

    An import without its own window (made before wi3 recorded windows) counts to the day it
    finished. Of several imports the latest reach wins; it rests on an export's date only when
    that import's does.
    """
    rows = session.execute(
        select(
            Initiative.slug,
            Import.covered_until,
            Import.covered_basis,
            Import.finished_at,
        )
        .join(Import, Import.initiative_id == Initiative.id)
        .where(Initiative.organisation_id == org.id)
    ).all()
    ends: dict[str, Covered] = {}
    for slug, until, basis, finished in rows:
        covered = Covered(until, basis or "import") if until else Covered(finished.date(), "import")
        known = ends.get(slug)
        if known is None or covered.until > known.until:
            ends[slug] = covered
    return ends


@dataclass(frozen=True)
class Audience:
    """The people an initiative is for: the owner's target audience, or the platform's members.

    `basis` is "owner" (the audience registered with the initiative) or "platform" (members as
    the newest export of each origin lists them: the whole platform's when the import was not
    split, else its channels'; of several origins or merged channels the largest, a lower
    bound of the people it reaches). A member list is its state when exported: `since` is the
    first day it speaks for, a year before that export (None for the owner's).
    """

    people: int
    basis: AudienceBasis
    since: date | None = None


MEMBER_LIST_DAYS = 365
"""How far back a platform's member list speaks for the audience of earlier periods."""


def audiences(session: Session, org: Organisation) -> dict[str, Audience]:
    """Every initiative's audience that is known, by slug (see `Audience`)."""
    rows = session.execute(
        select(
            Initiative.slug,
            Import.id,
            Import.source,
            Import.origin,
            Import.covered_until,
            Import.finished_at,
            PlatformSignal.container,
            PlatformSignal.count,
        )
        .join(Import, Import.initiative_id == Initiative.id)
        .join(PlatformSignal, PlatformSignal.import_id == Import.id)
        .where(Initiative.organisation_id == org.id, PlatformSignal.kind == "members")
    ).all()
    newest: dict[tuple[str, str, str], int] = {}
    for slug, import_id, source, origin, *_rest in rows:
        key = (slug, source, origin)
        newest[key] = max(newest.get(key, import_id), import_id)
    current = [
        (slug, origin, until or finished.date(), container, count)
        for slug, import_id, source, origin, until, finished, container, count in rows
        if newest[(slug, source, origin)] == import_id and count is not None
    ]
    platform: dict[str, dict[str, int]] = defaultdict(dict)  # slug → origin → members
    exported: dict[str, date] = {}
    for slug, origin, until, container, count in current:
        exported[slug] = max(exported.get(slug, until), until)
        if container is None:
            platform[slug][origin] = count
    whole = {(slug, origin) for slug, by in platform.items() for origin in by}
    for slug, origin, _until, container, count in current:
        if container is not None and (slug, origin) not in whole:
            platform[slug][origin] = max(platform[slug].get(origin, 0), count)
    found = {
        slug: Audience(
            max(by.values()),
            "platform",
            exported[slug] - timedelta(days=MEMBER_LIST_DAYS),
        )
        for slug, by in platform.items()
        if by
    }
    for initiative in list_initiatives(session, org):
        if initiative.audience is not None:
            found[initiative.slug] = Audience(initiative.audience, "owner")
    return found


def channel_members(session: Session, org: Organisation, slug: str) -> dict[str, int]:
    """The members of each channel of an initiative, as its newest import lists them."""
    newest = session.scalar(
        select(Import.id)
        .join(Initiative, Import.initiative_id == Initiative.id)
        .join(PlatformSignal, PlatformSignal.import_id == Import.id)
        .where(
            Initiative.organisation_id == org.id,
            Initiative.slug == slug,
            PlatformSignal.kind == "members",
            PlatformSignal.container.is_not(None),
        )
        .order_by(Import.id.desc())
        .limit(1)
    )
    if newest is None:
        return {}
    rows = session.execute(
        select(PlatformSignal.container, PlatformSignal.count).where(
            PlatformSignal.import_id == newest,
            PlatformSignal.kind == "members",
            PlatformSignal.container.is_not(None),
        )
    ).all()
    return {c: n for c, n in rows if c is not None and n is not None}


@dataclass(frozen=True)
class _Signals:
    archived: list[Archived]
    unarchived: list[Archived]


def _signals(session: Session, org: Organisation) -> dict[str, _Signals]:
    """Archive and unarchive signals per initiative.

    Dated events stay true whatever came later, so every import's count. An undated archive
    flag says what held when its export was taken: only the newest import of each origin
    speaks for it.
    """
    rows = session.execute(
        select(
            Initiative.slug,
            Import.id,
            Import.source,
            Import.origin,
            PlatformSignal.kind,
            PlatformSignal.container,
            PlatformSignal.ts,
        )
        .join(Import, Import.initiative_id == Initiative.id)
        .join(PlatformSignal, PlatformSignal.import_id == Import.id)
        .where(
            Initiative.organisation_id == org.id,
            PlatformSignal.kind.in_(("archived", "unarchived")),
        )
    ).all()
    newest: dict[tuple[str, str, str], int] = {}
    for slug, import_id, source, origin, *_rest in rows:
        key = (slug, source, origin)
        newest[key] = max(newest.get(key, import_id), import_id)
    found: dict[str, _Signals] = defaultdict(lambda: _Signals([], []))
    for slug, import_id, source, origin, kind, container, ts in rows:
        if ts is None and newest[(slug, source, origin)] != import_id:
            continue
        signal = Archived(container or "", _day(ts))
        target = found[slug].archived if kind == "archived" else found[slug].unarchived
        if signal not in target:
            target.append(signal)
    return found


EPOCH = date(1970, 1, 1)
"""Day 0 of Arrow's `date32`."""


def _day_counts(table: pa.Table, archiving: set[str]) -> dict[str, list[DayCount]]:
    """Per initiative, its days with contributions, oldest first (then by container).

    Containers matter to one activity rule only, the platform's archiving: for an initiative
    with no archived container, each day's contributions are one count (container ""), which
    every other rule reads alike. An organisation's million container days become a few
    hundred thousand objects, sharing one `date` per day.
    """
    split = pc.is_in(table["initiative"], value_set=pa.array(sorted(archiving), pa.string()))
    merged = (
        table.filter(pc.invert(split))
        .group_by(["initiative", "day"])
        .aggregate([("contributions", "sum")])
        .rename_columns(["initiative", "day", "contributions"])
        .sort_by([("initiative", "ascending"), ("day", "ascending")])
    )
    kept = table.filter(split).sort_by(
        [("initiative", "ascending"), ("day", "ascending"), ("container", "ascending")]
    )
    found = _per_initiative(merged, itertools.repeat(""))
    found.update(_per_initiative(kept, kept["container"].to_pylist()))
    return found


def _per_initiative(rows: pa.Table, containers: Iterable[str]) -> dict[str, list[DayCount]]:
    """The `DayCount`s of rows sorted by initiative, per initiative."""
    numbers = rows["day"].cast(pa.int32()).to_pylist()  # days since 1970-01-01
    dates = {n: EPOCH + timedelta(days=n) for n in set(numbers)}
    counts = list(
        map(
            DayCount,
            map(dates.__getitem__, numbers),
            containers,
            rows["contributions"].to_pylist(),
        )
    )
    found: dict[str, list[DayCount]] = {}
    start = 0
    runs = pc.run_end_encode(rows["initiative"].combine_chunks())  # a run per initiative
    for initiative, end in zip(runs.values.to_pylist(), runs.run_ends.to_pylist(), strict=True):
        found[initiative] = counts[start:end]
        start = end
    return found


def _archive_capable(session: Session, org: Organisation) -> set[str]:
    """The initiatives with an import from a connector that records archiving."""
    rows = session.execute(
        select(Initiative.slug, Import.source)
        .join(Import, Import.initiative_id == Initiative.id)
        .where(Initiative.organisation_id == org.id)
        .distinct()
    ).all()
    return {
        slug for slug, source in rows if source in CONNECTORS and CONNECTORS[source].archive_signals
    }


def _day(ts: datetime | None) -> date | None:
    return None if ts is None else ts.date()


def activity_evidence(
    session: Session, org: Organisation, activity: Activity
) -> dict[str, ActivityEvidence]:
    """Every initiative's `ActivityEvidence`, by slug."""
    spans = {s.initiative: s for s in activity.spans}
    ends: dict[str, Covered] = evidence_ends(session, org)
    signals = _signals(session, org)
    days = _day_counts(activity.days, {slug for slug, found in signals.items() if found.archived})
    capable = _archive_capable(session, org)
    evidence = {}
    for initiative in list_initiatives(session, org):
        slug = initiative.slug
        span = spans.get(slug)
        end = ends.get(slug)
        found = signals.get(slug)
        evidence[slug] = ActivityEvidence(
            days=tuple(days.get(slug, ())),
            first_event=None if span is None else span.first,
            covered_until=None if end is None else end.until,
            covered_basis="import" if end is None else end.basis,
            archived=() if found is None else tuple(found.archived),
            unarchived=() if found is None else tuple(found.unarchived),
            archive_signals=slug in capable or bool(found and found.archived),
            start=initiative.start_date,
            status=initiative.status,
            end_date=initiative.end_date,
        )
    return evidence
