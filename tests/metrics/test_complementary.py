"""Complementary suppression: a withheld figure cannot be worked out from the figures shown.

Issue 11, item 3: `wi3 metrics --by unit` showed a quarter's total, every unit but one, and
that unit withheld, so the total minus the others gave it away.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.metrics._reader import recovered, recovered_over_months
from tests.metrics._tiny import Activity, write_org

from wi3.metrics import MetricValue, compute

TOO_FEW = "fewer than 5 people; not shown"
PROTECTS = (
    "withheld so that a group of fewer than 5 people cannot be worked out from the figures shown"
)


def test_a_withheld_unit_is_not_the_total_minus_the_units_shown(tmp_path: Path) -> None:
    units = {f"s{i}": "sales" for i in range(8)}
    units |= {f"i{i}": "ict" for i in range(8)}
    units |= {f"h{i}": "hr" for i in range(3)}
    activity = [(p, "2026-01-15", "create") for p in units]
    values = compute(write_org(tmp_path, units, activity), by_unit=True)
    got = {(v.unit, v.metric): v for v in values if v.period == "2026Q1"}
    assert got[(None, "active_users")].value == 19
    assert got[("hr", "active_users")].withheld == TOO_FEW
    # 19 − 8 − 8 would give hr's 3: the smallest unit shown (ict and sales tie; by name) goes too
    assert got[("ict", "active_users")].value is None
    assert got[("ict", "active_users")].withheld == PROTECTS
    assert got[("ict", "active_users")].people is None
    assert got[("sales", "active_users")].value == 8


@st.composite
def organisations(draw: st.DrawFn) -> tuple[dict[str, str | None], list[Activity]]:
    """Two to four units of one to nine people (and perhaps unlinked accounts), each person
    active or not in each month of 2026-Q1, by reading or by writing."""
    units: dict[str, str | None] = {}
    for u, size in enumerate(draw(st.lists(st.integers(1, 9), min_size=2, max_size=4))):
        units |= {f"p{u}-{i}": f"unit{u}" for i in range(size)}
    units |= {f"x{i}": None for i in range(draw(st.integers(0, 3)))}
    activity: list[Activity] = []
    for person in units:
        for month in draw(st.sets(st.sampled_from(["01", "02", "03"]))):
            kind = draw(st.sampled_from(["create", "view"]))
            activity.append((person, f"2026-{month}-10", kind))
    if not activity:
        activity.append((next(iter(units)), "2026-01-10", "create"))
    return units, activity


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisations())
def test_no_withheld_figure_can_be_recovered_from_both_views(
    tmp_path_factory: pytest.TempPathFactory,
    org: tuple[dict[str, str | None], list[Activity]],
) -> None:
    units, activity = org
    inputs = write_org(tmp_path_factory.mktemp("org"), units, activity)
    quarters = compute(inputs, "quarter", by_unit=True)
    months = compute(inputs, "month", by_unit=True)
    assert recovered(quarters) == []
    assert recovered(months) == []
    assert recovered_over_months(months, quarters) == []


def channel_view(tmp_path: Path, sizes: dict[str, int]) -> dict[tuple[str, str], MetricValue]:
    """The channels of `team`, each with its own people (nobody in two), in 2026-Q1."""
    units: dict[str, str | None] = {}
    containers: dict[str, str] = {}
    for channel, size in sizes.items():
        for i in range(size):
            units[f"{channel}-{i}"] = "ict"
            containers[f"{channel}-{i}"] = channel
    activity = [(p, "2026-01-15", "create") for p in units]
    inputs = write_org(tmp_path, units, activity, containers=containers)
    values = compute(inputs.channels("team", sorted(sizes), {}))
    return {(v.initiative, v.metric): v for v in values if v.period == "2026Q1"}


def test_a_channel_is_not_the_initiative_minus_the_others(tmp_path: Path) -> None:
    # the initiative's 12 active people and the 8 of `general` shown would say that `small`,
    # withheld, has at least 12 − 8 = 4: all it can have below 5
    got = channel_view(tmp_path, {"general": 8, "small": 4})
    assert got[("small", "active_users")].withheld == TOO_FEW
    assert got[("general", "active_users")].withheld == PROTECTS


def test_a_channel_that_could_still_have_more_people_is_no_giveaway(tmp_path: Path) -> None:
    # 11 − 8 = 3: `small` has at least 3 and, as far as anyone can tell, perhaps 4
    got = channel_view(tmp_path, {"general": 8, "small": 3})
    assert got[("small", "active_users")].withheld == TOO_FEW
    assert got[("general", "active_users")].value == 8


def test_a_withheld_month_is_not_the_quarter_minus_the_other_months(tmp_path: Path) -> None:
    # newcomers: 10 in January, 3 in February, 7 in March; the quarter's 20 minus 10 and 7
    # would give February's 3, so March goes too
    units: dict[str, str | None] = {f"p{i}": "ict" for i in range(20)}
    first = ["01"] * 10 + ["02"] * 3 + ["03"] * 7
    activity = [(p, f"2026-{m}-10", "create") for p, m in zip(units, first, strict=True)]
    inputs = write_org(tmp_path, units, activity)
    months = {v.period: v for v in compute(inputs, "month") if v.metric == "newcomers"}
    quarter = next(
        v for v in compute(inputs, "quarter") if (v.metric, v.period) == ("newcomers", "2026Q1")
    )
    assert quarter.value == 20
    assert months["2026-01"].value == 10
    assert months["2026-02"].withheld == TOO_FEW
    assert months["2026-03"].withheld == PROTECTS
