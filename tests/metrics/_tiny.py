"""A tiny organisation written straight into an event store: no workspace, no import.

Fast enough to build once per example of a property test.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from wi3.events import EventStore
from wi3.metrics import InitiativeInfo, MetricInputs
from wi3.service._people import ACCOUNTS_SCHEMA, PEOPLE_SCHEMA

Activity = tuple[str, str, str]
"""(person, day such as "2026-01-15", kind): one event by a person in the initiative `team`."""


def account(person: str) -> str:
    """The pseudonym of a person's one account: 16 hex digits, as the pipeline makes them."""
    return hashlib.sha256(f"account {person}".encode()).hexdigest()[:16]


def write_org(
    root: Path,
    units: dict[str, str | None],
    activity: list[Activity],
    *,
    levels: dict[str, str] | None = None,
    containers: dict[str, str] | None = None,
) -> MetricInputs:
    """The organisation `tiny` with one chat initiative, `team`, and these people and events.

    `units` gives each person's unit (None: an account nobody could link, unit "unknown");
    every event is typed by its person in their container from `containers` ("general" by
    default). Each person has one account, whose pseudonym is `account(person)`.
    """
    # no application store here: every import counts as recorded
    store = EventStore(root / "events", committed=lambda _batch: True)
    batch = store.batch("tiny")
    writer = batch.writer("team", source="csv", origin="tiny")
    for n, (person, day, kind) in enumerate(activity):
        writer.add(
            (
                f"e{n:05d}",
                datetime.fromisoformat(f"{day}T10:00:00+00:00"),
                kind,
                account(person),
                None,
                (containers or {}).get(person, "general"),
                f"{n:016x}",
                None,
                1,
                "person",
            )
        )
    batch.prepare()
    batch.close()
    people = pa.table(
        {
            "person": list(units),
            "unit": [u or "unknown" for u in units.values()],
            "location": [None] * len(units),
            "level": [(levels or {}).get(p, "staff") for p in units],
            "start_date": [None] * len(units),
            "end_date": [None] * len(units),
            "bot": [False] * len(units),
            "in_directory": [u is not None for u in units.values()],
        },
        schema=PEOPLE_SCHEMA,
    )
    accounts = pa.table(
        {
            "account": [account(p) for p in units],
            "source": ["csv"] * len(units),
            "person": list(units),
            "bot": [False] * len(units),
        },
        schema=ACCOUNTS_SCHEMA,
    )
    for target, table in (
        (store.people_file("tiny"), people),
        (store.accounts_file("tiny"), accounts),
    ):
        target.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, target)
    return MetricInputs(store=store, org="tiny", initiatives={"team": InitiativeInfo(kind="chat")})
