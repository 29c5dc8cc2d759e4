"""The metric catalogue: every community-health metric, what it means, and how it is computed.

`CATALOGUE` is a table with one `Metric` per row. The expressions it names are written once,
over the shared tables of `Context`, in one module per family of metrics: participation and
concentration, reach across units and levels, responsiveness, freshness, membership over time,
and tools; DuckDB and Spark run them unchanged. The first paragraph of each expression's
docstring is the metric's definition, shown by the CLI, documents and reports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ibis import Table

from wi3.metrics._context import Context
from wi3.metrics._freshness import freshness
from wi3.metrics._membership import (
    lost_regulars,
    newcomers,
    retention,
    returning_members,
)
from wi3.metrics._participation import (
    absence_factor,
    active_ratio,
    active_users,
    contributor_ratio,
    gini,
    management_participation,
    top10_share,
)
from wi3.metrics._reach import (
    cross_level_share,
    cross_unit_share,
    ei_index,
    locations_reached,
    units_reached,
    units_reached_share,
)
from wi3.metrics._responsiveness import median_first_reply_hours, reply_coverage, unanswered_share
from wi3.metrics._tools import integration_share, parallel_initiatives

Direction = Literal["higher", "lower", "neither"]
"""Which way a metric's value is better; "neither" for one that only gives context."""


@dataclass(frozen=True, kw_only=True)
class Metric:
    """One row of the catalogue: a named metric, how to compute it, and how to read its value.

    Its fields are always given by name, so that `CATALOGUE` reads as a table.
    """

    id: str
    """The stable name: in `wi3 metrics` output and files, and in the model file's usage
    indicators and signals (`ref`)."""
    title: str
    """A short English heading for tables and reports."""
    unit: str
    """What a value measures, which decides how it is printed: people, share (0 to 1), index,
    hours, units, locations or initiatives."""
    direction: Direction
    """Which way is better."""
    category: str | None
    """The model category the metric is evidence for (focus, culture, community, governance,
    leadership, content, architecture, tools); None when it only gives context."""
    by_unit: bool
    """Whether it is also computed per unit of the organisation (`wi3 metrics --by unit`)."""
    compute: Callable[[Context, bool], Table]
    """The Ibis expression: given the shared tables and whether to group per unit, the rows
    `initiative, period, unit, value, people`. The first paragraph of its docstring is the
    metric's definition."""

    @property
    def definition(self) -> str:
        """The first paragraph of the metric's docstring."""
        doc = self.compute.__doc__ or ""
        return " ".join(doc.strip().split("\n\n", 1)[0].split())


CATALOGUE: tuple[Metric, ...] = (
    Metric(
        id="active_users",
        title="Active users",
        unit="people",
        direction="higher",
        category=None,
        by_unit=True,
        compute=active_users,
    ),
    Metric(
        id="active_ratio",
        title="Active ratio",
        unit="share",
        direction="higher",
        category="focus",
        by_unit=True,
        compute=active_ratio,
    ),
    Metric(
        id="contributor_ratio",
        title="Contributor ratio",
        unit="share",
        direction="higher",
        category="culture",
        by_unit=True,
        compute=contributor_ratio,
    ),
    Metric(
        id="gini",
        title="Gini of contributions",
        unit="index",
        direction="lower",
        category=None,
        by_unit=True,
        compute=gini,
    ),
    Metric(
        id="top10_share",
        title="Top-10 share",
        unit="share",
        direction="lower",
        category="community",
        by_unit=True,
        compute=top10_share,
    ),
    Metric(
        id="absence_factor",
        title="Absence factor",
        unit="people",
        direction="higher",
        category="community",
        by_unit=True,
        compute=absence_factor,
    ),
    Metric(
        id="units_reached",
        title="Units reached",
        unit="units",
        direction="higher",
        category="focus",
        by_unit=False,
        compute=units_reached,
    ),
    Metric(
        id="units_reached_share",
        title="Share of units reached",
        unit="share",
        direction="higher",
        category="focus",
        by_unit=False,
        compute=units_reached_share,
    ),
    Metric(
        id="locations_reached",
        title="Locations reached",
        unit="locations",
        direction="higher",
        category=None,
        by_unit=False,
        compute=locations_reached,
    ),
    Metric(
        id="cross_unit_share",
        title="Cross-unit replies",
        unit="share",
        direction="higher",
        category="governance",
        by_unit=True,
        compute=cross_unit_share,
    ),
    Metric(
        id="cross_level_share",
        title="Cross-level replies",
        unit="share",
        direction="higher",
        category=None,
        by_unit=True,
        compute=cross_level_share,
    ),
    Metric(
        id="ei_index",
        title="E-I index over units",
        unit="index",
        direction="higher",
        category=None,
        by_unit=True,
        compute=ei_index,
    ),
    Metric(
        id="management_participation",
        title="Management participation",
        unit="share",
        direction="higher",
        category="leadership",
        by_unit=True,
        compute=management_participation,
    ),
    Metric(
        id="freshness",
        title="Freshness",
        unit="share",
        direction="higher",
        category="content",
        by_unit=False,
        compute=freshness,
    ),
    Metric(
        id="reply_coverage",
        title="Reply coverage (7 days)",
        unit="share",
        direction="higher",
        category="community",
        by_unit=False,
        compute=reply_coverage,
    ),
    Metric(
        id="median_first_reply_hours",
        title="Median time to first reply",
        unit="hours",
        direction="lower",
        category="community",
        by_unit=False,
        compute=median_first_reply_hours,
    ),
    Metric(
        id="unanswered_share",
        title="Unanswered threads",
        unit="share",
        direction="lower",
        category=None,
        by_unit=False,
        compute=unanswered_share,
    ),
    Metric(
        id="newcomers",
        title="Newcomers",
        unit="people",
        direction="higher",
        category=None,
        by_unit=True,
        compute=newcomers,
    ),
    Metric(
        id="retention",
        title="Retention after three months",
        unit="share",
        direction="higher",
        category="culture",
        by_unit=False,
        compute=retention,
    ),
    Metric(
        id="lost_regulars",
        title="Lost regulars",
        unit="people",
        direction="lower",
        category=None,
        by_unit=False,
        compute=lost_regulars,
    ),
    Metric(
        id="returning_members",
        title="Returning members",
        unit="people",
        direction="higher",
        category=None,
        by_unit=False,
        compute=returning_members,
    ),
    Metric(
        id="integration_share",
        title="Integration share",
        unit="share",
        direction="higher",
        category="architecture",
        by_unit=False,
        compute=integration_share,
    ),
    Metric(
        id="parallel_initiatives",
        title="Parallel initiatives of the same kind",
        unit="initiatives",
        direction="lower",
        category="tools",
        by_unit=False,
        compute=parallel_initiatives,
    ),
)
"""Every metric, in the order the CLI and reports list them."""


_BY_ID = {m.id: m for m in CATALOGUE}


def metric(metric_id: str) -> Metric:
    """The metric called `metric_id` (KeyError when there is none)."""
    return _BY_ID[metric_id]
