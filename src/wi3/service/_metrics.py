"""Usage metrics and activity of an organisation: computed on an engine, remembered while the
data stand still.

Computing the whole catalogue reads every event of the organisation, so the result is kept in
the workspace (`events/_metrics/`) with a fingerprint of what it was computed from: the event
files, the people directory, the initiatives' kinds, audiences, scopes and evidence windows, and
the settings. A diagnosis of another date reuses it; a new import or directory changes the
fingerprint. The same goes for the contribution days the activity state is read from.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.orm import Session

from wi3.diagnosis import Observation
from wi3.errors import InputError, NotFoundError
from wi3.metrics import (
    Activity,
    ContributionDay,
    Engine,
    EventSpan,
    InitiativeInfo,
    MetricInputs,
    MetricValue,
    Period,
    compute,
    compute_activity,
    period_bounds,
)
from wi3.notes import Note, note, read_note
from wi3.service._lifecycle import audiences, channel_members, evidence_ends
from wi3.service._organisation import list_initiatives
from wi3.service._people import current_directory
from wi3.service._workspace import Workspace, find_organisation
from wi3.store import Organisation

logger = logging.getLogger(__name__)

CACHE_VERSION = "10"
"""Bump when a metric's definition changes, so cached figures are recomputed."""


def metric_inputs(
    ws: Workspace, session: Session, org: Organisation, spans: tuple[EventSpan, ...] = ()
) -> MetricInputs:
    """Where the organisation's events are, what metrics need to know of its initiatives, and
    the days their evidence windows cover (from the first event to the end of the exports)."""
    ends = evidence_ends(session, org)
    members = audiences(session, org)
    store = ws.events()
    current_directory(store, session, org)
    return MetricInputs(
        store=store,
        org=org.slug,
        initiatives={
            i.slug: InitiativeInfo(
                kind=i.kind,
                platform=i.platform,
                audience=members[i.slug].people if i.slug in members else None,
                scope=tuple(i.scope.split(";")) if i.scope else (),
                audience_from=members[i.slug].since if i.slug in members else None,
            )
            for i in list_initiatives(session, org)
        },
        coverage={
            span.initiative: (span.first, max(span.last, ends[span.initiative].until))
            for span in spans
            if span.initiative in ends
        },
    )


def organisation_inputs(ws: Workspace, org_slug: str | None) -> MetricInputs:
    """What the metric engines read of an organisation, for jobs that run the catalogue
    themselves (the Spark benchmark): its event store and its initiatives."""
    with ws.store.transaction() as session:
        return metric_inputs(ws, session, find_organisation(session, org_slug))


def _fingerprint(inputs: MetricInputs, *settings: object) -> str:
    parts: list[object] = [
        CACHE_VERSION,
        *settings,
        sorted((k, asdict(v)) for k, v in inputs.initiatives.items()),
        sorted(inputs.coverage.items()),
    ]
    store, org = inputs.store, inputs.org
    for path in [*store.files(org), store.people_file(org), store.accounts_file(org)]:
        if path.exists():
            stat = path.stat()
            parts.append((str(path.relative_to(store.root)), stat.st_size, stat.st_mtime_ns))
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:24]


def _cached(path: Path, fingerprint: str, make: Callable[[], Any]) -> Any:
    """The JSON-ready result kept at `path` for this fingerprint, else `make()`'s, kept."""
    if path.exists():
        stored = json.loads(path.read_text(encoding="utf-8"))
        if stored.get("fingerprint") == fingerprint:
            return stored["values"]
    values = make()
    path.parent.mkdir(parents=True, exist_ok=True)
    # a name of its own: two processes may compute the same figures at once
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(json.dumps({"fingerprint": fingerprint, "values": values}), encoding="utf-8")
    tmp.replace(path)
    return values


def _cache_path(ws: Workspace, org: str, name: str) -> Path:
    return ws.events_dir / "_metrics" / f"org={org}" / f"{name}.json"


def organisation_activity(
    ws: Workspace, org_slug: str | None, engine: Engine = "duckdb"
) -> Activity:
    """The organisation's contribution days and event spans (see `wi3.metrics.compute_activity`)."""
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        inputs = metric_inputs(ws, session, org)
    fingerprint = _fingerprint(inputs, "activity", engine)

    def make() -> dict[str, list[list[Any]]]:
        found = compute_activity(inputs, engine)
        return {
            "days": [
                [d.initiative, d.container, d.day.isoformat(), d.contributions] for d in found.days
            ],
            "spans": [[s.initiative, s.first.isoformat(), s.last.isoformat()] for s in found.spans],
        }

    stored = _cached(_cache_path(ws, inputs.org, f"activity-{engine}"), fingerprint, make)
    return Activity(
        days=tuple(
            ContributionDay(i, c, date.fromisoformat(d), n) for i, c, d, n in stored["days"]
        ),
        spans=tuple(
            EventSpan(i, date.fromisoformat(a), date.fromisoformat(b))
            for i, a, b in stored["spans"]
        ),
    )


def organisation_metrics(
    ws: Workspace,
    org_slug: str | None,
    period: Period = "quarter",
    *,
    by_unit: bool = False,
    engine: Engine = "duckdb",
    channels_of: str | None = None,
) -> list[MetricValue]:
    """Every metric of every initiative and period, withheld below the minimum group size.

    Every period inside an initiative's evidence windows is reported, one without events as
    zero activity. With `channels_of`, the figures of that initiative's channels (streams,
    lists) side by side instead: each value's `initiative` is then the channel.

    Raises:
        NotFoundError: `channels_of` names no initiative with contributions.
    """
    activity = organisation_activity(ws, org_slug, engine)
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        inputs = metric_inputs(ws, session, org, activity.spans)
        if channels_of is not None:
            containers = sorted({d.container for d in activity.days if d.initiative == channels_of})
            if not containers:
                known = sorted({d.initiative for d in activity.days})
                raise NotFoundError(
                    f"no contributions in {channels_of!r}, so no channels to compare; "
                    f"initiatives with contributions: {', '.join(known) or 'none'}"
                )
            members = channel_members(session, org, channels_of)
            inputs = inputs.channels(channels_of, containers, members)
    min_group = ws.model.settings.min_group_size
    fingerprint = _fingerprint(inputs, period, by_unit, engine, min_group, channels_of)
    name = f"{period}{'-units' if by_unit else ''}-{engine}" + (
        f"-channels-{channels_of}" if channels_of else ""
    )

    def make() -> list[dict[str, Any]]:
        values = compute(inputs, period, by_unit=by_unit, engine=engine, min_group=min_group)
        return [_stored(v) for v in values]

    return [_read(v) for v in _cached(_cache_path(ws, inputs.org, name), fingerprint, make)]


def _stored(value: MetricValue) -> dict[str, Any]:
    """A figure as JSON data; why it is withheld as a note's key and arguments."""
    stored = asdict(value)
    if isinstance(value.withheld, Note):
        stored["withheld"] = value.withheld.to_json()
    return stored


def _read(stored: dict[str, Any]) -> MetricValue:
    withheld = stored["withheld"]
    return MetricValue(**stored | {"withheld": None if withheld is None else read_note(withheld)})


def usage_metrics(
    ws: Workspace,
    org_slug: str | None,
    initiative: str | None = None,
    period: Period = "quarter",
    *,
    by: Literal["unit", "channel"] | None = None,
    engine: Engine = "duckdb",
) -> list[MetricValue]:
    """The metrics of one initiative (every initiative when None), per unit or per channel.

    Raises:
        InputError: `--by channel` without an initiative, or an initiative without usage data.
        NotFoundError: the initiative of `--by channel` has no contributions.
    """
    if by == "channel":
        if initiative is None:
            raise InputError(
                "--by channel compares the channels of one initiative: name it, e.g. "
                "`wi3 metrics team-chat --by channel`"
            )
        return organisation_metrics(ws, org_slug, period, engine=engine, channels_of=initiative)
    values = organisation_metrics(ws, org_slug, period, by_unit=by == "unit", engine=engine)
    if initiative is None:
        return values
    known = sorted({v.initiative for v in values})
    values = [v for v in values if v.initiative == initiative]
    if not values:
        raise InputError(
            f"no usage data for {initiative!r}; initiatives with events: "
            f"{', '.join(known) or 'none (wi3 ingest reads an export)'}"
        )
    return values


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
    """The usage evidence of an initiative: its metrics over the last complete quarter, dated
    by the quarter's last day."""
    quarter = last_complete_quarter(as_of)
    index = int(quarter[:4]) * 4 + int(quarter[-1]) - 1
    _start, end = period_bounds(index, "quarter")
    basis = note("usage_basis", period=quarter)
    return [
        Observation("usage", v.metric, v.value, basis, n=v.people, withheld=v.withheld, dated=end)
        for v in values
        if v.initiative == initiative and v.period == quarter and v.unit is None
    ]
