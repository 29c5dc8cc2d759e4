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

import json
import logging
from collections import defaultdict
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import Literal

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy.orm import Session

from wi3.diagnosis import Observation
from wi3.errors import InputError, NotFoundError
from wi3.metrics import (
    DAYS_SCHEMA,
    Activity,
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
    EventFiles,
    Key,
    cached,
    directory_state,
    event_files,
    fingerprint,
    stored_directory,
)
from wi3.service._organisation import list_initiatives
from wi3.service._people import current_directory
from wi3.service._workspace import Workspace, find_organisation
from wi3.store import Organisation

logger = logging.getLogger(__name__)

CACHE_VERSION = "12"
"""Bump when a metric's definition changes, so cached figures are recomputed."""


def metric_inputs(
    ws: Workspace,
    session: Session,
    org: Organisation,
    spans: tuple[EventSpan, ...] = (),
    files: EventFiles | None = None,
) -> MetricInputs:
    """Where the organisation's events are, what metrics need to know of its initiatives, and
    the days their evidence windows cover (from the first event to the end of the exports).

    `files`, the organisation's event files as the caller listed them to fingerprint what it
    keeps (`event_files`), are the files a run reads; without them it lists its own."""
    ends = evidence_ends(session, org)
    members = audiences(session, org)
    store = ws.events()
    current_directory(store, session, org)
    return MetricInputs(
        store=store,
        org=org.slug,
        listed=None
        if files is None
        else {
            slug: tuple(str(store.root / path) for path, *_ in stats)
            for slug, stats in files.items()
        },
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


def organisation_files(ws: Workspace, org_slug: str | None) -> EventFiles:
    """The organisation's event files, per initiative (`event_files`)."""
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug).slug
    return event_files(ws.events(), org)


def _key(
    ws: Workspace,
    inputs: MetricInputs,
    files: EventFiles,
    name: str,
    *settings: object,
    per_initiative: bool = True,
) -> Key:
    """The fingerprints of a result: shared, of the directory, and per initiative (or, with
    `per_initiative` False, of the whole run as one part, named after the initiative whose
    channels it compares); `files` are the organisation's event files."""
    store, org = inputs.store, inputs.org
    shared = fingerprint(
        CACHE_VERSION,
        name,
        *settings,
        sorted((k, v.kind, v.platform) for k, v in inputs.initiatives.items()),
    )
    directory = directory_state(store, org, stored_directory(_cache_path(ws, org, name)))
    if not per_initiative:
        whole = inputs.channels_of or ""
        return Key(
            shared,
            directory,
            {
                whole: fingerprint(
                    files.get(whole, []),
                    sorted((k, asdict(v)) for k, v in inputs.initiatives.items()),
                    sorted(inputs.coverage.items()),
                )
            },
        )
    parts = {
        slug: fingerprint(
            stats,
            asdict(inputs.initiatives[slug]) if slug in inputs.initiatives else None,
            inputs.coverage.get(slug),
        )
        for slug, stats in files.items()
    }
    return Key(shared, directory, parts)


def _cache_path(ws: Workspace, org: str, name: str) -> Path:
    return ws.events_dir / "_metrics" / f"org={org}" / f"{name}.arrow"


ACTIVITY_SCHEMA = pa.schema(
    [
        ("part", pa.string()),
        ("kind", pa.string()),
        ("name", pa.string()),
        ("day", pa.date32()),
        ("count", pa.int64()),
    ]
)
"""The activity as kept, per initiative (`part`): its contribution days (kind "day": `name` the
container, `count` its contributions), the first and last day of its events ("first", "last"),
and each source it has events from in a month ("source": `name` the source, `day` the month's
first day)."""


def organisation_activity(
    ws: Workspace,
    org_slug: str | None,
    engine: Engine = "duckdb",
    *,
    files: EventFiles | None = None,
) -> Activity:
    """The organisation's contribution days, event spans and sources per month (see
    `wi3.metrics.compute_activity`), recomputed only for the initiatives whose events changed.

    `files`, when the caller has listed them, are the organisation's event files
    (`event_files`)."""
    if files is None:
        files = organisation_files(ws, org_slug)
    with ws.store.transaction() as session:
        inputs = metric_inputs(ws, session, find_organisation(session, org_slug), files=files)
    name = f"activity-{engine}"

    def make(reading: frozenset[str] | None) -> pa.Table:
        found = compute_activity(replace(inputs, reading=reading), engine)
        days = found.days
        facts = [
            {"part": s.initiative, "kind": kind, "day": day}
            for s in found.spans
            for kind, day in (("first", s.first), ("last", s.last))
        ] + [
            {"part": m.initiative, "kind": "source", "name": m.source, "day": _month_start(m.month)}
            for m in found.sources
        ]
        return pa.concat_tables(
            [
                pa.table(
                    {
                        "part": days["initiative"],
                        "kind": pa.array(["day"] * days.num_rows, pa.string()),
                        "name": days["container"],
                        "day": days["day"],
                        "count": days["contributions"],
                    },
                    schema=ACTIVITY_SCHEMA,
                ),
                pa.Table.from_pylist(facts, schema=ACTIVITY_SCHEMA),
            ]
        )

    kept = cached(_cache_path(ws, inputs.org, name), _key(ws, inputs, files, name), make)
    kind = kept["kind"]
    days = kept.filter(pc.equal(kind, "day"))
    facts = kept.filter(pc.not_equal(kind, "day")).to_pylist()
    bounds: dict[str, dict[str, date]] = defaultdict(dict)
    sources = []
    for row in facts:
        if row["kind"] == "source":
            month = row["day"].strftime("%Y-%m")
            sources.append(SourceMonth(row["part"], month, row["name"]))
        else:
            bounds[row["part"]][row["kind"]] = row["day"]
    spans = [EventSpan(i, b["first"], b["last"]) for i, b in sorted(bounds.items())]
    sources.sort(key=lambda m: (m.initiative, m.month, m.source))
    return Activity(
        pa.table(
            {
                "initiative": days["part"],
                "container": days["name"],
                "day": days["day"],
                "contributions": days["count"],
            },
            schema=DAYS_SCHEMA,
        ),
        tuple(spans),
        tuple(sources),
    )


def _month_start(month: str) -> date:
    return date(int(month[:4]), int(month[5:7]), 1)


METRICS_SCHEMA = pa.schema(
    [
        ("part", pa.string()),
        ("initiative", pa.string()),
        ("period", pa.string()),
        ("unit", pa.string()),
        ("metric", pa.string()),
        ("value", pa.float64()),
        ("withheld", pa.string()),
        ("people", pa.int64()),
    ]
)
"""Figures as kept: the fields of `MetricValue`, a withheld note as JSON text, per `part` (the
initiative, or for channels side by side the initiative they belong to)."""


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
    """Every metric of every initiative and period, withheld below the minimum group size,
    sorted by initiative, period, unit and metric (see `kept_metrics`)."""
    kept = kept_metrics(
        ws,
        org_slug,
        period,
        by_unit=by_unit,
        engine=engine,
        channels_of=channels_of,
        activity=activity,
    )
    return read_figures(kept)


def kept_metrics(
    ws: Workspace,
    org_slug: str | None,
    period: Period = "quarter",
    *,
    by_unit: bool = False,
    engine: Engine = "duckdb",
    channels_of: str | None = None,
    activity: Activity | None = None,
    files: EventFiles | None = None,
) -> pa.Table:
    """Every metric of every initiative and period, withheld below the minimum group size, as
    kept (METRICS_SCHEMA): `read_figures` turns the rows read into values.

    Every period inside an initiative's evidence windows is reported, one without events as
    zero activity. With `channels_of`, the figures of that initiative's channels (streams,
    lists) side by side instead: each value's `initiative` is then the channel. Figures are
    kept per initiative (`wi3.service._metric_cache`): after an import only the initiatives it
    changed are computed again. `activity` and `files`, when the caller has them already, are
    the organisation's activity on the same `engine` (`organisation_activity`) and its event
    files (`event_files`).

    Raises:
        NotFoundError: `channels_of` names no initiative with contributions.
    """
    if files is None:
        files = organisation_files(ws, org_slug)
    if activity is None:
        activity = organisation_activity(ws, org_slug, engine, files=files)
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        inputs = metric_inputs(ws, session, org, activity.spans, files)
        inputs = replace(inputs, sources=activity.sources)
        if channels_of is not None:
            days = activity.days
            containers = days.filter(pc.equal(days["initiative"], channels_of))["container"]
            if not len(containers):
                known = sorted(days["initiative"].unique().to_pylist())
                raise NotFoundError(
                    f"no contributions in {channels_of!r}, so no channels to compare; "
                    f"initiatives with contributions: {', '.join(known) or 'none'}"
                )
            members = channel_members(session, org, channels_of)
            inputs = inputs.channels(channels_of, sorted(containers.unique().to_pylist()), members)
    min_group = ws.model.settings.min_group_size
    name = f"{period}{'-units' if by_unit else ''}-{engine}" + (
        f"-channels-{channels_of}" if channels_of else ""
    )
    key = _key(
        ws, inputs, files, name, period, by_unit, min_group, per_initiative=channels_of is None
    )

    def make(reading: frozenset[str] | None) -> pa.Table:
        run = replace(inputs, reading=reading)
        values = compute(run, period, by_unit=by_unit, engine=engine, min_group=min_group)
        return _figure_table(values, channels_of)

    return cached(_cache_path(ws, inputs.org, name), key, make, _with_parallel)


def _with_parallel(kept: pa.Table, new: pa.Table) -> pa.Table:
    """Initiatives' kept figures with the parallel initiatives a run of others gave them."""
    fresh = _figure_keys(new)
    replaced = pc.and_(
        pc.equal(kept["metric"], "parallel_initiatives"),
        pc.is_in(_figure_keys(kept), value_set=fresh),
    )
    return pa.concat_tables([kept.filter(pc.invert(replaced)), new])


def _figure_keys(table: pa.Table) -> pa.Array:
    """Each figure's initiative, period and unit as one text (for a look-up in Arrow)."""
    columns = [pc.fill_null(table[c], "\x00") for c in ("initiative", "period", "unit")]
    return pc.binary_join_element_wise(*columns, "\x1f").combine_chunks()


def _figure_table(values: list[MetricValue], channels_of: str | None) -> pa.Table:
    """Figures as kept (METRICS_SCHEMA)."""
    return pa.table(
        {
            "part": [channels_of or v.initiative for v in values],
            "initiative": [v.initiative for v in values],
            "period": [v.period for v in values],
            "unit": [v.unit for v in values],
            "metric": [v.metric for v in values],
            "value": [v.value for v in values],
            "withheld": [_note_text(v.withheld) for v in values],
            "people": [v.people for v in values],
        },
        schema=METRICS_SCHEMA,
    )


def _note_text(withheld: str | None) -> str | None:
    """Why a figure is withheld as JSON text: a note's key and arguments, or plain text."""
    if withheld is None:
        return None
    return json.dumps(withheld.to_json() if isinstance(withheld, Note) else withheld)


def read_figures(table: pa.Table, periods: set[str] | None = None) -> list[MetricValue]:
    """Kept figures as values, of `periods` only when given, sorted by initiative, period, unit
    and metric; each distinct note is read once."""
    if periods is not None:
        table = table.filter(pc.is_in(table["period"], pa.array(sorted(periods), pa.string())))
    columns = table.select(
        ["initiative", "period", "unit", "metric", "value", "withheld", "people"]
    ).to_pydict()
    notes = {
        text: read_note(json.loads(text)) for text in set(columns["withheld"]) if text is not None
    }
    columns["withheld"] = [None if t is None else notes[t] for t in columns["withheld"]]
    values = [MetricValue(*row) for row in zip(*columns.values(), strict=True)]
    values.sort(key=lambda v: (v.initiative, v.period, v.unit or "", v.metric))
    return values


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
