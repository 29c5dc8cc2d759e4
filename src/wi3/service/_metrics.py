"""Usage metrics of an organisation: computed on an engine, remembered while the data stand still.

Computing the whole catalogue reads every event of the organisation, so the result is kept in
the workspace (`events/_metrics/`) with a fingerprint of what it was computed from: the event
files, the people directory, the initiatives' kinds, audiences and scopes, and the settings. A
diagnosis of another date reuses it; a new import or directory changes the fingerprint.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from wi3.diagnosis import Observation
from wi3.metrics import (
    Engine,
    InitiativeInfo,
    MetricInputs,
    MetricValue,
    Period,
    compute,
    period_bounds,
)
from wi3.notes import note
from wi3.service._organisation import list_initiatives
from wi3.service._workspace import Workspace, find_organisation
from wi3.store import Organisation

logger = logging.getLogger(__name__)

CACHE_VERSION = "4"
"""Bump when a metric's definition changes, so cached figures are recomputed."""


def metric_inputs(ws: Workspace, session: Session, org: Organisation) -> MetricInputs:
    """Where the organisation's events are, and what metrics need to know of its initiatives."""
    return MetricInputs(
        events_root=ws.events_dir,
        org=org.slug,
        initiatives={
            i.slug: InitiativeInfo(
                kind=i.kind,
                platform=i.platform,
                audience=i.audience,
                scope=tuple(i.scope.split(";")) if i.scope else (),
            )
            for i in list_initiatives(session, org)
        },
    )


def _fingerprint(
    inputs: MetricInputs, period: Period, by_unit: bool, engine: Engine, min_group: int
) -> str:
    parts: list[object] = [
        CACHE_VERSION,
        period,
        by_unit,
        engine,
        min_group,
        sorted((k, asdict(v)) for k, v in inputs.initiatives.items()),
    ]
    for folder in (inputs.events, inputs.directory):
        if folder.exists():
            parts.extend(
                sorted(
                    (str(p.relative_to(folder)), p.stat().st_size, p.stat().st_mtime_ns)
                    for p in folder.rglob("*.parquet")
                )
            )
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:24]


def organisation_metrics(
    ws: Workspace,
    org_slug: str | None,
    period: Period = "quarter",
    *,
    by_unit: bool = False,
    engine: Engine = "duckdb",
) -> list[MetricValue]:
    """Every metric of every initiative and period, withheld below the minimum group size."""
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        inputs = metric_inputs(ws, session, org)
    min_group = ws.model.settings.min_group_size
    fingerprint = _fingerprint(inputs, period, by_unit, engine, min_group)
    cache = (
        ws.events_dir
        / "_metrics"
        / f"org={inputs.org}"
        / (f"{period}{'-units' if by_unit else ''}-{engine}.json")
    )
    if cache.exists():
        stored = json.loads(cache.read_text(encoding="utf-8"))
        if stored.get("fingerprint") == fingerprint:
            return [MetricValue(**v) for v in stored["values"]]
    values = compute(inputs, period, by_unit=by_unit, engine=engine, min_group=min_group)
    _write_cache(cache, fingerprint, values)
    return values


def _write_cache(path: Path, fingerprint: str, values: list[MetricValue]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        json.dumps({"fingerprint": fingerprint, "values": [asdict(v) for v in values]}),
        encoding="utf-8",
    )
    tmp.replace(path)


def last_complete_quarter(as_of: date) -> str:
    """The label of the newest quarter that ended on or before `as_of`, e.g. '2026Q3'."""
    index = as_of.year * 4 + (as_of.month - 1) // 3
    _start, end = period_bounds(index, "quarter")
    if end > as_of:
        index -= 1
    return f"{index // 4:04d}Q{index % 4 + 1}"


def usage_observations(
    values: list[MetricValue], initiative: str, as_of: date
) -> list[Observation]:
    """The usage evidence of an initiative: its metrics over the last complete quarter."""
    quarter = last_complete_quarter(as_of)
    basis = note("usage_basis", period=quarter)
    return [
        Observation("usage", v.metric, v.value, basis, withheld=v.withheld)
        for v in values
        if v.initiative == initiative and v.period == quarter and v.unit is None
    ]
