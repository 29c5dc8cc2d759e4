"""Usage metrics: the community-health catalogue as Ibis expressions, on DuckDB or Spark."""

from wi3.errors import EngineError
from wi3.metrics._activity import (
    DAYS_SCHEMA,
    Activity,
    EventSpan,
    compute_activity,
)
from wi3.metrics._catalogue import CATALOGUE, Metric, metric
from wi3.metrics._engine import (
    Engine,
    InitiativeInfo,
    MetricInputs,
    MetricValue,
    compute,
    spark_session,
)
from wi3.metrics._tables import Period, SourceMonth, period_bounds, period_label

__all__ = [
    "CATALOGUE",
    "DAYS_SCHEMA",
    "Activity",
    "Engine",
    "EngineError",
    "EventSpan",
    "InitiativeInfo",
    "Metric",
    "MetricInputs",
    "MetricValue",
    "Period",
    "SourceMonth",
    "compute",
    "compute_activity",
    "metric",
    "period_bounds",
    "period_label",
    "spark_session",
]
