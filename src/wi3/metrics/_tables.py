"""The tables every metric starts from, as Ibis expressions on whichever backend runs them.

`Tables.load` reads the event store and the people directory of one organisation (Parquet, on
DuckDB or Spark) and adds what every metric needs: the period of each event (an integer index,
months or quarters since year 0, so "three months earlier" is plain arithmetic on both engines),
the person behind each actor and target with their unit, location and level, and whether they
are a bot. Nothing here is computed: these are expressions, evaluated by the engine.
"""

from __future__ import annotations

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

INITIATIVES_SCHEMA = pa.schema(
    [
        ("initiative", pa.string()),
        ("kind", pa.string()),
        ("platform", pa.string()),
        ("audience", pa.int64()),
    ]
)
"""The organisation's initiatives: kind and platform (for parallel initiatives), audience."""
SCOPE_SCHEMA = pa.schema([("initiative", pa.string()), ("unit", pa.string())])
"""The units whose people each initiative is meant for (its scope, sub-units included)."""


def left_join(left: Table, right: Table, keys: str | list[str]) -> Table:
    """A left join keeping the left's columns and the right's others, without key copies."""
    keys = [keys] if isinstance(keys, str) else keys
    joined = left.left_join(right, keys)
    return joined.select(*left.columns, *(c for c in right.columns if c not in keys))


def period_index(ts: Any, period: Period) -> Any:
    """Months (or quarters) since year 0 of a UTC timestamp, as an integer expression."""
    if period == "month":
        return ts.year() * 12 + ts.month() - 1
    return ts.year() * 4 + ts.quarter() - 1


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
    """Every event, with `period`, the actor's person attributes (`person`, `unit`, `location`,
    `level`, `bot`) and the target's (`target_person`, `target_unit`, `target_level`)."""
    human: Table
    """Activity of people: not by bots, not through integrations, not membership changes."""
    people: Table
    """The people directory: person, unit, location, level, start_date, end_date, bot,
    in_directory."""
    initiatives: Table
    scope: Table
    period: Period

    @classmethod
    def load(
        cls,
        events: Table,
        accounts: Table,
        people: Table,
        initiatives: Table,
        scope: Table,
        period: Period,
    ) -> Tables:
        """Join the raw tables into the shapes the metrics read."""
        persons = people.select(
            person="person",
            unit="unit",
            location="location",
            level="level",
            person_bot="bot",
        )
        actors = left_join(
            accounts.select(account="account", person="person", account_bot="bot"),
            persons,
            "person",
        )
        actor = actors.select(
            actor="account",
            person="person",
            unit="unit",
            location="location",
            level="level",
            bot=actors.account_bot | actors.person_bot.fill_null(False),
        )
        target = actors.select(
            target="account",
            target_person="person",
            target_unit="unit",
            target_level="level",
        )
        enriched = left_join(
            left_join(events.mutate(period=period_index(events.ts, period)), actor, "actor"),
            target,
            "target",
        )
        enriched = enriched.mutate(
            unit=enriched.unit.fill_null(UNKNOWN_UNIT),
            bot=enriched.bot.fill_null(False),
        )
        human = enriched.filter(
            ~enriched.bot,
            enriched.via.isin(HUMAN_VIA),
            enriched.person.notnull(),
            ~enriched.kind.isin(MEMBERSHIP),
        )
        return cls(enriched, human, people, initiatives, scope, period)

    def eligible(self) -> Table:
        """Directory people in each initiative's scope, per period in which they were employed.

        One row per initiative, period and person, for the periods in which the initiative has
        events; bots and people made from unmatched accounts are not eligible.
        """
        periods = self.events.select("initiative", "period").distinct()
        people = self.people.filter(self.people.in_directory, ~self.people.bot)
        pairs = periods.join(self.scope, "initiative").join(people, "unit")
        months = MONTHS_PER[self.period]
        first = pairs.period * months
        start_index = pairs.start_date.year() * 12 + pairs.start_date.month() - 1
        end_index = pairs.end_date.year() * 12 + pairs.end_date.month() - 1
        employed = (pairs.start_date.isnull() | (start_index <= first + months - 1)) & (
            pairs.end_date.isnull() | (end_index >= first)
        )
        return pairs.filter(employed).select(
            "initiative", "period", "person", "unit", "location", "level"
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
