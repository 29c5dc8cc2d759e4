"""Usage metrics and activity of an organisation: computed on an engine, remembered while the
data stand still.

Computing the whole catalogue reads every event of the organisation, so the result is kept in
the workspace (`events/_metrics/`), per initiative, with a fingerprint of what its figures were
computed from (`wi3.service._metric_cache`): its event files, kind, audience, scope and evidence
windows, the people directory and the settings. A diagnosis of another date reuses them; an
import computes again the initiatives it changed, the others stay. The same goes for the
contribution days the activity state is read from.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import asdict, replace
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
    SourceMonth,
    compute,
    compute_activity,
    period_bounds,
)
from wi3.notes import Note, note, read_note
from wi3.service._lifecycle import audiences, channel_members, evidence_ends
from wi3.service._metric_cache import (
    Key,
    Parts,
    cached,
    directory_state,
    file_stats,
    files_by_initiative,
    fingerprint,
    stored_directory,
)
from wi3.service._organisation import list_initiatives
from wi3.service._people import current_directory
from wi3.service._workspace import Workspace, find_organisation
from wi3.store import Organisation

logger = logging.getLogger(__name__)

CACHE_VERSION = "11"
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


def _key(
    ws: Workspace, inputs: MetricInputs, name: str, *settings: object, per_initiative: bool = True
) -> Key:
    """The fingerprints of a result: shared, of the directory, and per initiative (or, with
    `per_initiative` False, of the whole run as one part, named after the initiative whose
    channels it compares)."""
    store, org = inputs.store, inputs.org
    shared = fingerprint(
        CACHE_VERSION,
        name,
        *settings,
        sorted((k, v.kind, v.platform) for k, v in inputs.initiatives.items()),
    )
    directory = directory_state(store, org, stored_directory(_cache_path(ws, org, name)))
    files = files_by_initiative(store, org)
    if not per_initiative:
        whole = inputs.channels_of or ""
        return Key(
            shared,
            directory,
            {
                whole: fingerprint(
                    file_stats(store, files.get(whole, [])),
                    sorted((k, asdict(v)) for k, v in inputs.initiatives.items()),
                    sorted(inputs.coverage.items()),
                )
            },
        )
    parts = {
        slug: fingerprint(
            file_stats(store, paths),
            asdict(inputs.initiatives[slug]) if slug in inputs.initiatives else None,
            inputs.coverage.get(slug),
        )
        for slug, paths in files.items()
    }
    return Key(shared, directory, parts)


def _cache_path(ws: Workspace, org: str, name: str) -> Path:
    return ws.events_dir / "_metrics" / f"org={org}" / f"{name}.json"


def organisation_activity(
    ws: Workspace, org_slug: str | None, engine: Engine = "duckdb"
) -> Activity:
    """The organisation's contribution days, event spans and sources per month (see
    `wi3.metrics.compute_activity`), recomputed only for the initiatives whose events changed."""
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        inputs = metric_inputs(ws, session, org)
    name = f"activity-{engine}"

    def make(reading: frozenset[str] | None) -> Parts:
        found = compute_activity(replace(inputs, reading=reading), engine)
        parts: Parts = defaultdict(list)
        for d in found.days:
            parts[d.initiative].append(["day", d.container, d.day.isoformat(), d.contributions])
        for s in found.spans:
            parts[s.initiative].append(["span", s.first.isoformat(), s.last.isoformat()])
        for m in found.sources:
            parts[m.initiative].append(["source", m.month, m.source])
        return parts

    stored = cached(_cache_path(ws, inputs.org, name), _key(ws, inputs, name), make)
    days, spans, sources = [], [], []
    for initiative in sorted(stored):
        for row in stored[initiative]:
            if row[0] == "day":
                days.append(ContributionDay(initiative, row[1], date.fromisoformat(row[2]), row[3]))
            elif row[0] == "span":
                first, last = date.fromisoformat(row[1]), date.fromisoformat(row[2])
                spans.append(EventSpan(initiative, first, last))
            else:
                sources.append(SourceMonth(initiative, row[1], row[2]))
    # each initiative's days are kept in the order computed: by day, then container
    return Activity(tuple(days), tuple(spans), tuple(sources))


def organisation_metrics(
    ws: Workspace,
    org_slug: str | None,
    period: Period = "quarter",
    *,
    by_unit: bool = False,
    engine: Engine = "duckdb",
    channels_of: str | None = None,
    activity: Activity | None = None,
) -> list[MetricValue]:
    """Every metric of every initiative and period, withheld below the minimum group size.

    Every period inside an initiative's evidence windows is reported, one without events as
    zero activity. With `channels_of`, the figures of that initiative's channels (streams,
    lists) side by side instead: each value's `initiative` is then the channel. Figures are
    kept per initiative (`wi3.service._metric_cache`): after an import only the initiatives it
    changed are computed again. `activity`, when the caller has it already, is the
    organisation's on the same `engine` (`organisation_activity`).

    Raises:
        NotFoundError: `channels_of` names no initiative with contributions.
    """
    if activity is None:
        activity = organisation_activity(ws, org_slug, engine)
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        inputs = replace(metric_inputs(ws, session, org, activity.spans), sources=activity.sources)
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
    name = f"{period}{'-units' if by_unit else ''}-{engine}" + (
        f"-channels-{channels_of}" if channels_of else ""
    )
    key = _key(ws, inputs, name, period, by_unit, min_group, per_initiative=channels_of is None)

    def make(reading: frozenset[str] | None) -> Parts:
        run = replace(inputs, reading=reading)
        values = compute(run, period, by_unit=by_unit, engine=engine, min_group=min_group)
        parts: Parts = defaultdict(list)
        for v in values:
            parts[channels_of or v.initiative].append(_stored(v))
        return parts

    stored = cached(_cache_path(ws, inputs.org, name), key, make, _with_parallel)
    values = [_read(v) for part in stored.values() for v in part]
    values.sort(key=lambda v: (v.initiative, v.period, v.unit or "", v.metric))
    return values


def _with_parallel(kept: list[Any], new: list[Any]) -> list[Any]:
    """An initiative's kept figures with the parallel initiatives a run of others gave it."""
    fresh = {(v["period"], v["unit"]) for v in new}
    return [
        v
        for v in kept
        if v["metric"] != "parallel_initiatives" or (v["period"], v["unit"]) not in fresh
    ] + new


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
