"""Complementary suppression: a withheld figure cannot be worked out from the figures shown.

Issue 11, item 3: `wi3 metrics --by unit` showed a quarter's total, every unit but one, and
that unit withheld, so the total minus the others gave it away.
"""

from __future__ import annotations

from pathlib import Path

from tests.metrics._tiny import write_org

from wi3.metrics import compute

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
