"""The organisation over time: its stored snapshots, each with the spread over the phases."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from wi3.service._workspace import Workspace, find_organisation
from wi3.store import Snapshot as StoredSnapshot


@dataclass(frozen=True)
class SnapshotRow:
    """A stored snapshot: its date, when it was made, and how many initiatives were in each
    phase then (live ones; the stopped ones are counted apart)."""

    as_of: date
    created_at: datetime
    phases: dict[str, int]
    stopped: int


def snapshots(ws: Workspace, org_slug: str | None) -> list[SnapshotRow]:
    """The organisation's stored snapshots, oldest first."""
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        found = session.scalars(
            select(StoredSnapshot)
            .where(StoredSnapshot.organisation_id == org.id)
            .options(selectinload(StoredSnapshot.phases))
            .order_by(StoredSnapshot.as_of)
        ).all()
        rows = []
        for snapshot in found:
            live = [p for p in snapshot.phases if p.activity != "stopped"]
            rows.append(
                SnapshotRow(
                    snapshot.as_of,
                    snapshot.created_at,
                    dict(Counter(p.phase for p in live)),
                    len(snapshot.phases) - len(live),
                )
            )
        return rows
