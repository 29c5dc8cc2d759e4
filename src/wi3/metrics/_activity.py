"""What an initiative's activity state is read from: people's contributions per container and day.

Unlike the catalogue's figures these counts never leave wi3 as figures: the diagnosis turns them
into an activity state (active, declining, dormant, ...) and the days and shares that explain
it. So they are not withheld below the minimum group: a channel where two people still talk is
alive, and the diagnosis must see that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pyarrow as pa

from wi3.metrics._engine import Engine, MetricInputs, backend, raw_tables
from wi3.metrics._tables import CONTRIBUTIONS, SourceMonth, period_label

PERSON = "person"
"""Typed by someone in this initiative: not a bot's, an integration's or imported history."""


DAYS_SCHEMA = pa.schema(
    [
        ("initiative", pa.string()),
        ("container", pa.string()),
        ("day", pa.date32()),
        ("contributions", pa.int64()),
    ]
)
"""People's contributions (creates, replies, edits) per initiative, container and day."""


@dataclass(frozen=True)
class EventSpan:
    """The first and last day an initiative has an event of its own (a join or a bot's post
    counts; content imported from an earlier tool, with its original dates, does not)."""

    initiative: str
    first: date
    last: date


@dataclass(frozen=True)
class Activity:
    """An organisation's contribution days, event spans and sources, per initiative.

    The days are a table (DAYS_SCHEMA), one row per initiative, container and day with
    contributions: millions of rows for a large organisation, read in Arrow, not as objects.
    """

    days: pa.Table
    spans: tuple[EventSpan, ...]
    sources: tuple[SourceMonth, ...] = ()


def compute_activity(inputs: MetricInputs, engine: Engine = "duckdb") -> Activity:
    """Contributions per initiative, container and day, each initiative's span of events, and
    the sources of its events per month (of the initiatives `inputs` reads).

    Contributions are creates, replies and edits by people: not by bots or integrations, not
    reads, reactions or joins, which an administrator or a feed can make in bulk, and not
    content imported from an earlier tool (it keeps its original dates, but nobody used this
    initiative then).
    """
    files = inputs.event_files()
    if not files:
        return Activity(DAYS_SCHEMA.empty_table(), ())
    with backend(engine) as con:
        events, accounts, _people = raw_tables(con, engine, inputs, files)
        people = accounts.filter(~accounts.bot, accounts.person.notnull()).select(actor="account")
        made = events.filter(events.via == PERSON, events.kind.isin(CONTRIBUTIONS))
        made = made.join(people, "actor")
        made = made.mutate(day=made.ts.date())
        per_day = made.group_by(["initiative", "container", "day"]).agg(n=made.count())
        # imported history keeps its original dates: the initiative started with its own events
        own = events.filter(events.via != "import")
        spans = own.group_by("initiative").agg(first=own.ts.min(), last=own.ts.max())
        sources = events.select("initiative", "month_index", "source").distinct()
        per_day = per_day.select("initiative", "container", day=per_day.day, contributions="n")
        days = con.to_pyarrow(per_day.order_by(["initiative", "day", "container"]))
        span_rows = con.to_pyarrow(spans.order_by("initiative")).to_pylist()
        source_rows = con.to_pyarrow(sources.order_by(["initiative", "month_index", "source"]))
    return Activity(
        days=days.cast(DAYS_SCHEMA),
        spans=tuple(
            EventSpan(r["initiative"], _day(r["first"]), _day(r["last"])) for r in span_rows
        ),
        sources=tuple(
            SourceMonth(r["initiative"], period_label(r["month_index"], "month"), r["source"])
            for r in source_rows.to_pylist()
        ),
    )


def _day(value: date | datetime) -> date:
    """A date from what an engine returns for a date or a timestamp."""
    return value.date() if isinstance(value, datetime) else value
