"""A reader of `wi3 metrics` views who tries to work withheld figures out from those shown.

It knows what the figures and their group sizes (`people`) give away, subtracts the units shown
from a whole, and the months shown from a quarter: the attacks of issue 11, item 3.
"""

from __future__ import annotations

from wi3.metrics import MetricValue

TOO_FEW = "fewer than 5 people; not shown"

Known = dict[tuple[str, str, str | None], int]
"""(count, period, unit or None) → the number a reader can tell from the figures shown."""


def told(values: list[MetricValue]) -> Known:
    """Every count of people the shown figures give away, with their group sizes (`people`)."""
    known: Known = {}
    for v in values:
        if v.value is None or v.people is None:
            continue
        at = (v.period, v.unit)
        if v.metric in GROUPS:
            known[(GROUPS[v.metric], *at)] = v.people
        elif v.metric == "newcomers":
            known[("newcomers", *at)] = round(v.value)
            if v.value == 0:
                known[("active", *at)] = v.people
        elif v.metric in SHARES:
            numerator, denominator = SHARES[v.metric]
            known[(numerator, *at)] = v.people if v.value else 0
            known[(denominator, *at)] = round(v.people / v.value) if v.value else v.people
        elif (
            v.unit is None
            and v.metric in ABOUT_THE_ACTIVE
            or v.unit is None
            and v.metric == "returning_members"
            and v.value == 0
        ):
            known[("active", *at)] = v.people
    return known


GROUPS = {
    "active_users": "active",
    "gini": "contributors",
    "top10_share": "contributors",
    "absence_factor": "contributors",
    "cross_unit_share": "unit_repliers",
    "ei_index": "unit_repliers",
    "cross_level_share": "level_repliers",
}
SHARES = {
    "contributor_ratio": ("contributors", "active"),
    "active_ratio": ("active_eligible", "eligible"),
    "management_participation": ("active_managers", "managers"),
}
ABOUT_THE_ACTIVE = ("units_reached", "units_reached_share", "locations_reached", "freshness")


def recovered(values: list[MetricValue], min_group: int = 5) -> list[str]:
    """Withheld unit figures a reader works out as the whole minus the units shown, and groups
    of withheld units whose sum, so known, is under the minimum."""
    known = told(values)
    rows = {(v.period, v.unit) for v in values if v.unit is not None}
    found = []
    # the eligible people of units where nobody was active count in the whole but have no
    # row: the whole minus the rows shown is not what the rows withheld hold
    for count, period, _whole in [k for k in known if k[2] is None and k[0] != "eligible"]:
        units = sorted(u for p, u in rows if p == period)
        hidden = [u for u in units if (count, period, u) not in known]
        rest = known[(count, period, None)] - sum(
            known[(count, period, u)] for u in units if (count, period, u) in known
        )
        if len(hidden) == 1 and rest > 0:
            found.append(f"{count} of {hidden[0]} in {period} is {rest}")
        elif hidden and 0 < rest < min_group:
            found.append(f"{count} of {hidden} in {period} together {rest}")
    return found


def recovered_over_months(months: list[MetricValue], quarters: list[MetricValue]) -> list[str]:
    """Withheld newcomers worked out as a quarter minus its other months, or as its months."""
    by_month, by_quarter = told(months), told(quarters)
    found = []
    for (count, quarter, unit), total in by_quarter.items():
        if count != "newcomers":
            continue
        year, q = int(quarter[:4]), int(quarter[-1])
        labels = [f"{year:04d}-{3 * (q - 1) + k + 1:02d}" for k in range(3)]
        # a unit with a row in a month was active then, so its newcomers are unknown unless
        # shown; a month listing no unit at all (too few people) leaves every unit unknown
        rows = {(v.period, v.unit) for v in months}
        active = {
            v.period
            for v in months
            if v.unit is None and v.metric == "active_users" and v.value != 0
        }
        unlisting = {m for m in active if not any(p == m and u for p, u in rows)}
        hidden = [
            m
            for m in labels
            if ((m, unit) in rows or (unit is not None and m in unlisting))
            and (count, m, unit) not in by_month
        ]
        rest = total - sum(by_month.get((count, m, unit), 0) for m in labels)
        if len(hidden) == 1 and rest > 0:
            found.append(f"newcomers of {unit or 'all'} in {hidden[0]} are {rest}")
    for (count, month, unit), _n in by_month.items():
        if count != "newcomers":
            continue
        quarter = f"{month[:4]}Q{(int(month[5:]) - 1) // 3 + 1}"
        year, q = int(quarter[:4]), int(quarter[-1])
        labels = [f"{year:04d}-{3 * (q - 1) + k + 1:02d}" for k in range(3)]
        shown_q = ("newcomers", quarter, unit) in by_quarter
        listed_q = any(v.period == quarter and v.unit == unit for v in quarters)
        if listed_q and not shown_q and all(("newcomers", m, unit) in by_month for m in labels):
            found.append(f"newcomers of {unit or 'all'} in {quarter} are the months' sum")
    return sorted(set(found))
