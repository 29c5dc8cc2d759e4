"""The tables every metric starts from, as Ibis expressions on whichever backend runs them.

`Tables.load` reads the event store and the people directory of one organisation (Parquet, on
DuckDB or Spark) and adds what every metric needs: the period of each event (an integer index,
months or quarters since year 0, so "three months earlier" is plain arithmetic on both engines),
the person behind each actor and target with their unit, location and level, and whether they
are a bot. Nothing here is computed: these are expressions, evaluated by the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

import pyarrow as pa
from ibis import Table

Period = Literal["month", "quarter"]
UNKNOWN_UNIT = "unknown"
CONTRIBUTIONS = ("create", "reply", "edit")
"""Kinds that add content: the basis of contributors, concentration and freshness."""
HUMAN_VIA = ("person", "import")
"""Events typed by people (imports keep their original author); bots and integrations aside."""
MEMBERSHIP = ("join", "leave")
"""Membership changes, not activity: an administrator may add a hundred people to a channel."""
CONTENT_KINDS = ("wiki", "qa", "blog")
"""Initiatives whose items are content that can go stale; conversations (chat, forums, lists,
social networks) do not, so freshness is left out for them."""
MONTHS_PER = {"month": 1, "quarter": 3}
MANAGERS = ("manager", "executive")
"""The levels counted as management."""
OPEN_END = 1 << 40
"""A period index after every real one: the last period of someone still employed."""

INITIATIVES_SCHEMA = pa.schema(
    [
        ("initiative", pa.string()),
        ("kind", pa.string()),
        ("platform", pa.string()),
        ("audience", pa.int64()),
        ("audience_period", pa.int64()),
    ]
)
"""The organisation's initiatives: kind and platform (for parallel initiatives), audience and the
first period it speaks for (null: all)."""
SCOPE_SCHEMA = pa.schema([("initiative", pa.string()), ("unit", pa.string())])
"""The units whose people each initiative is meant for (its scope, sub-units included)."""
COVERAGE_SCHEMA = pa.schema([("initiative", pa.string()), ("period", pa.int64())])
"""The periods each initiative's evidence windows cover, with or without events."""
ELSEWHERE_SCHEMA = pa.schema(
    [("initiative", pa.string()), ("period", pa.int64()), ("source", pa.string())]
)
"""The sources per period of the initiatives a run does not read (for parallel initiatives)."""


@dataclass(frozen=True)
class SourceMonth:
    """A source an initiative has events from (any event, a bot's too) in a month ("2026-07").

    What `parallel_initiatives` counts for an initiative whose events a run does not read
    (`MetricInputs.reading`)."""

    initiative: str
    month: str
    source: str


def left_join(left: Table, right: Table, keys: str | list[str]) -> Table:
    """A left join keeping the left's columns and the right's others, without key copies."""
    keys = [keys] if isinstance(keys, str) else keys
    joined = left.left_join(right, keys)
    return joined.select(*left.columns, *(c for c in right.columns if c not in keys))


def period_label(index: int, period: Period) -> str:
    """'2026-07' or '2026Q3' for a period index."""
    if period == "month":
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    return f"{index // 4:04d}Q{index % 4 + 1}"


def period_bounds(index: int, period: Period) -> tuple[Any, Any]:
    """The first and last day of a period, as Python dates."""
    import datetime as dt

    months = MONTHS_PER[period]
    first_month = index * months
    start = dt.date(first_month // 12, first_month % 12 + 1, 1)
    after = first_month + months
    end = dt.date(after // 12, after % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


@dataclass(frozen=True)
class Tables:
    """The base expressions of one organisation's metrics."""

    events: Table
    """Every event as stored, with its `period`: for counts that need no people."""
    acts: Table
    """Activity as stored: not through integrations, not membership changes. Still per
    account, bots included; metrics aggregate it per account first and only then map accounts
    to people (`people_accounts`), so the join touches aggregates, not every event."""
    people_accounts: Table
    """Every account that is not a bot's (`actor`) with the person behind it (`person`)."""
    persons: Table
    """What metrics group people by: person, unit ("unknown" when not in the directory),
    location, level. Joined to events only after they are aggregated per person."""
    people: Table
    """The people directory: person, unit, location, level, start_date, end_date, bot,
    in_directory."""
    initiatives: Table
    scope: Table
    coverage: Table
    """(initiative, period) for every period inside the initiative's evidence windows."""
    elsewhere: Table
    """(initiative, period, source) of the initiatives whose events are not read."""
    period: Period

    @classmethod
    def load(
        cls,
        events: Table,
        accounts: Table,
        people: Table,
        initiatives: Table,
        scope: Table,
        coverage: Table,
        elsewhere: Table,
        period: Period,
    ) -> Tables:
        """Join the raw tables into the shapes the metrics read.

        `events` carries each event's `month_index` (months from the year 0, in UTC, as the
        event files hold it): periods come from it rather than from each timestamp, which both
        engines would convert through their calendar code row by row. The accounts file already
        folds the person's bot flag into each account's, so the actor join needs no people.
        """
        month = events.month_index.cast("int64")
        timed = events.mutate(month_index=month, period=month // MONTHS_PER[period])
        acts = timed.filter(timed.via.isin(HUMAN_VIA), ~timed.kind.isin(MEMBERSHIP))
        people_accounts = accounts.filter(~accounts.bot, accounts.person.notnull()).select(
            actor="account", person="person"
        )
        persons = people.select("person", "unit", "location", "level")
        return cls(
            timed,
            acts,
            people_accounts,
            persons,
            people,
            initiatives,
            scope,
            coverage,
            elsewhere,
            period,
        )

    @property
    def human(self) -> Table:
        """People's activity event by event, with the `person` behind each (bots left out)."""
        return self.acts.join(self.people_accounts, "actor")

    @property
    def staff(self) -> Table:
        """The people who can be eligible: in the directory and no bots, each with the first and
        last period they were employed in (`first`, `last`; -1 and `OPEN_END` when the
        directory gives no date)."""
        p = self.people.filter(self.people.in_directory, ~self.people.bot)
        months = MONTHS_PER[self.period]
        start = (p.start_date.year() * 12 + p.start_date.month() - 1) // months
        end = (p.end_date.year() * 12 + p.end_date.month() - 1) // months
        return p.select(
            "person",
            "unit",
            "location",
            "level",
            first=start.fill_null(-1),
            last=end.fill_null(OPEN_END),
        )


def period_index(day: Any, period: Period) -> int:
    """The index of the period (month or quarter since year 0) that holds a day."""
    return int((day.year * 12 + day.month - 1) // MONTHS_PER[period])


def first_period_from(day: Any, period: Period) -> int:
    """The index of the first period that starts on or after `day`."""
    index = period_index(day, period)
    start, _end = period_bounds(index, period)
    return index if start == day else index + 1


def coverage_rows(coverage: dict[str, tuple[Any, Any]], period: Period) -> pa.Table:
    """(initiative, period) for every period from the first to the last day each covers."""
    rows = [
        {"initiative": initiative, "period": index}
        for initiative, (first, last) in coverage.items()
        for index in range(period_index(first, period), period_index(last, period) + 1)
    ]
    return pa.Table.from_pylist(rows, schema=COVERAGE_SCHEMA)


def source_rows(
    sources: Iterable[SourceMonth], read: Callable[[str], bool], period: Period
) -> pa.Table:
    """(initiative, period, source) of each source month (`SourceMonth`) of an initiative a run
    does not read."""
    rows = {
        (
            s.initiative,
            (int(s.month[:4]) * 12 + int(s.month[5:7]) - 1) // MONTHS_PER[period],
            s.source,
        )
        for s in sources
        if not read(s.initiative)
    }
    return pa.Table.from_pylist(
        [{"initiative": i, "period": p, "source": src} for i, p, src in sorted(rows)],
        schema=ELSEWHERE_SCHEMA,
    )


def scope_rows(initiatives: dict[str, list[str]], units: list[str]) -> pa.Table:
    """(initiative, unit) for every directory unit within each initiative's scope paths.

    An empty scope means the whole organisation; a scope path covers its sub-units.
    """
    rows: list[tuple[str, str]] = []
    for initiative, paths in initiatives.items():
        for unit in units:
            if not paths or any(unit == p or unit.startswith(f"{p}/") for p in paths):
                rows.append((initiative, unit))
    return pa.Table.from_pylist(
        [{"initiative": i, "unit": u} for i, u in rows], schema=SCOPE_SCHEMA
    )
