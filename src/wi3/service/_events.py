"""Reading the event store back: counts by kind and month, for `wi3 events`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import duckdb

from wi3.events import KINDS, read_events
from wi3.service._organisation import find_initiative
from wi3.service._workspace import Workspace, find_organisation


@dataclass(frozen=True)
class EventCounts:
    """Events per month and kind, with totals."""

    kinds: tuple[str, ...]
    months: tuple[str, ...]
    by_month: dict[str, dict[str, int]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    actors: int = 0
    files: int = 0


def event_counts(ws: Workspace, org_slug: str | None, initiative: str | None) -> EventCounts:
    """Count the stored events of an organisation, or of one of its initiatives."""
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        if initiative is not None:
            find_initiative(session, org, initiative)
        slug = org.slug
    store = ws.events()
    files = store.file_names(slug, initiative)
    if not files:
        return EventCounts((), ())
    con = duckdb.connect()
    try:
        # the files go to DuckDB as a list, never pasted into SQL
        read_events(con, files).create_view("events")
        rows = con.execute(
            "SELECT month_index, kind, count(*) FROM events GROUP BY ALL ORDER BY ALL"
        ).fetchall()
        actors = con.execute("SELECT count(DISTINCT actor) FROM events").fetchone()
    finally:
        con.close()
    by_month: dict[str, dict[str, int]] = defaultdict(dict)
    totals: dict[str, int] = defaultdict(int)
    for month, kind, n in rows:
        by_month[f"{month // 12:04d}-{month % 12 + 1:02d}"][kind] = n  # months from year 0
        totals[kind] += n
    kinds = tuple(k for k in KINDS if k in totals)
    return EventCounts(
        kinds,
        tuple(sorted(by_month)),
        dict(by_month),
        dict(totals),
        int(actors[0]) if actors else 0,
        len(files),
    )
