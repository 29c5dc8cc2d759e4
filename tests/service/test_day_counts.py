"""The contribution days a diagnosis reads: merged per day where containers cannot matter."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pyarrow as pa

from wi3.diagnosis import ActivityEvidence, DayCount, read_activity
from wi3.metrics import DAYS_SCHEMA
from wi3.model import load_model
from wi3.service._lifecycle import _day_counts


def _days(seed: int) -> list[tuple[str, str, date, int]]:
    """Two years of contribution days in three containers of two initiatives, thinning out."""
    draw = random.Random(seed)
    rows = []
    for initiative in ("archiving", "plain"):
        for offset in range(730):
            day = date(2024, 1, 1) + timedelta(days=offset)
            for container in ("a", "b", "c"):
                if draw.random() < 0.6 - offset / 1500:
                    rows.append((initiative, container, day, draw.randint(1, 9)))
    return rows


def test_days_merged_per_day_give_every_reading_the_container_days_give() -> None:
    rows = _days(seed=3)
    table = pa.table(
        {name: [r[i] for r in rows] for i, name in enumerate(DAYS_SCHEMA.names)},
        schema=DAYS_SCHEMA,
    )
    found = _day_counts(table, {"archiving"})
    full = {
        initiative: [DayCount(day, c, n) for i, c, day, n in rows if i == initiative]
        for initiative in ("archiving", "plain")
    }
    # the initiative with an archived container keeps its containers, as computed
    assert found["archiving"] == full["archiving"]
    # the other has one count per day: the day's contributions over all containers
    per_day: dict[date, int] = {}
    for d in full["plain"]:
        per_day[d.day] = per_day.get(d.day, 0) + d.contributions
    assert found["plain"] == [DayCount(day, "", n) for day, n in sorted(per_day.items())]
    model = load_model()
    states = set()
    for as_of in (date(2024, 3, 1), date(2024, 11, 30), date(2025, 6, 1), date(2027, 4, 1)):
        merged = read_activity(model, ActivityEvidence(days=tuple(found["plain"])), as_of)
        whole = read_activity(model, ActivityEvidence(days=tuple(full["plain"])), as_of)
        assert merged == whole
        assert merged is not None
        states.add(merged.state)
    assert len(states) > 1, "the dates give different readings"


def test_no_contribution_days_give_no_counts() -> None:
    assert _day_counts(DAYS_SCHEMA.empty_table(), set()) == {}
    assert _day_counts(DAYS_SCHEMA.empty_table(), {"archiving"}) == {}
