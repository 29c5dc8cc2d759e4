"""Running the catalogue: DuckDB in-process by default, the same expressions on Spark if asked.

The engine reads one organisation's events and people directory from the files the workspace's
`EventStore` lists for it, evaluates every metric per initiative and period (and per unit where
it makes sense), and withholds every figure about fewer people than the minimum group size, and
every figure from which one of those could be worked out (`wi3.metrics._protect`), before
anything leaves this module.
"""

from __future__ import annotations

import logging
import os
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import duckdb
import ibis
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from wi3.errors import EngineError
from wi3.events import EventStore, by_layout, older_columns, pseudonym_numbers, read_events
from wi3.metrics._catalogue import CATALOGUE, Metric
from wi3.metrics._context import Context
from wi3.metrics._membership import newcomers_by_month
from wi3.metrics._newcomers import Monthly
from wi3.metrics._protect import Raw, Verdict, judge
from wi3.metrics._tables import (
    INITIATIVES_SCHEMA,
    Period,
    SourceMonth,
    Tables,
    coverage_rows,
    first_period_from,
    period_label,
    scope_rows,
    source_rows,
)
from wi3.notes import note

logger = logging.getLogger(__name__)

Engine = Literal["duckdb", "spark"]
NO_DATA = note("no_data")
DUCKDB_MEMORY = "2.5GB"
"""DuckDB's memory for the metrics (WI3_DUCKDB_MEMORY overrides): the catalogue over 100 million
events then stays under 4 GB for the whole process, spilling to disk where it must."""
EVENT_COLUMNS = (
    "initiative",
    "month_index",
    "source",
    "event_id",
    "ts",
    "kind",
    "actor",
    "target",
    "item",
    "parent",
    "via",
    "size",
    "container",
)


@dataclass(frozen=True)
class InitiativeInfo:
    """What the metrics need to know about an initiative beyond its events."""

    kind: str
    platform: str | None = None
    audience: int | None = None
    scope: tuple[str, ...] = ()
    """Unit paths the initiative is meant for (with their sub-units); empty: everyone."""
    audience_from: date | None = None
    """The first day the audience speaks for; None: every period. A platform's member list is
    its state when exported, so it stands for the year before the export, not for the years
    when the community was smaller."""


@dataclass(frozen=True)
class MetricInputs:
    """The event store and organisation whose events and directory to read, and its initiatives.

    `coverage` gives, per initiative, the first and last day its evidence windows cover: every
    period in between is reported on, a period without events as zero activity.
    """

    store: EventStore
    org: str
    initiatives: dict[str, InitiativeInfo]
    coverage: dict[str, tuple[date, date]] = field(default_factory=dict)
    channels_of: str | None = None
    """When set, only this initiative's events, each of its containers (channel, stream,
    list) taken as an initiative of its own: `initiatives` and `coverage` are then keyed by
    container. See `channels`."""
    reading: frozenset[str] | None = None
    """The initiatives whose events a run reads and reports on; None: every one. The others
    count only towards `parallel_initiatives`, through `sources`, whose figures the run then
    gives for them as well (a tool one initiative starts or stops using changes the count of
    every initiative of its kind)."""
    sources: tuple[SourceMonth, ...] = ()
    """The sources per month of the initiatives not read (see `reading`)."""
    listed: dict[str, tuple[str, ...]] | None = None
    """The published event files per initiative, when the caller has listed them already (to
    fingerprint what it keeps): a run then reads those, and the partitions are not walked
    again (see `event_files`)."""

    def channels(
        self, initiative: str, containers: Sequence[str], members: dict[str, int]
    ) -> MetricInputs:
        """These inputs for the containers of one initiative side by side.

        Each container shares the initiative's kind, platform and scope; its audience is its
        own `members` where the platform lists them, else none.
        """
        info = self.initiatives[initiative]
        return MetricInputs(
            store=self.store,
            org=self.org,
            initiatives={
                c: InitiativeInfo(
                    info.kind, info.platform, members.get(c), info.scope, info.audience_from
                )
                for c in containers
            },
            coverage={
                c: self.coverage[initiative] for c in containers if initiative in self.coverage
            },
            channels_of=initiative,
        )

    def event_files(self) -> list[str]:
        """The published event files a run reads: the organisation's, or those of the
        initiatives read: those `listed`, or else listed once per run by a walk of the
        partition folders."""
        if self.listed is not None:
            slugs = sorted(self.listed if self.reading is None else self.reading)
            return [name for slug in slugs for name in self.listed.get(slug, ())]
        if self.reading is None:
            return self.store.file_names(self.org)
        return [name for i in sorted(self.reading) for name in self.store.file_names(self.org, i)]

    def read(self, initiative: str) -> bool:
        """Whether a run reads the initiative's events and reports on it."""
        return self.reading is None or initiative in self.reading


@dataclass(frozen=True)
class MetricValue:
    """One figure: a metric of an initiative in a period (and unit), or why it is withheld."""

    initiative: str
    period: str
    unit: str | None
    metric: str
    value: float | None
    withheld: str | None = None
    people: int | None = None
    """How many people the figure is about, when it is shown and about people: a level may
    need more of them than the privacy rule does (see `Indicator.min_group`)."""


@contextmanager
def backend(engine: Engine) -> Iterator[Any]:
    """An Ibis backend for the engine, set to UTC so periods are the same everywhere."""
    if engine == "duckdb":
        memory = os.environ.get("WI3_DUCKDB_MEMORY", DUCKDB_MEMORY)
        try:
            con = ibis.duckdb.connect(
                # bounded memory: DuckDB spills to disk beyond this instead of taking the machine
                memory_limit=memory,
                temp_directory=str(Path(tempfile.gettempdir()) / "wi3-duckdb"),
                preserve_insertion_order=False,
            )
        except duckdb.Error as exc:
            raise EngineError(
                f"cannot start DuckDB with a memory limit of {memory!r}: {exc}\n"
                "Set WI3_DUCKDB_MEMORY to a size such as 4GB, or unset it."
            ) from exc
        con.raw_sql("SET TimeZone = 'UTC'")
        try:
            yield con
        finally:
            con.disconnect()
        return
    session = spark_session()
    yield ibis.pyspark.connect(session)


def spark_session() -> Any:
    """A Spark session: `WI3_SPARK_MASTER` if set, else local[2], in UTC.

    Raises:
        EngineError: when PySpark (the `spark` extra) or a Java runtime is missing.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise EngineError(
            "--engine spark needs PySpark: install wi3 with the spark extra "
            "(uv sync --extra spark, or pip install 'wi3[spark]')"
        ) from exc
    master = os.environ.get("WI3_SPARK_MASTER", "local[2]")
    try:
        session = (
            SparkSession.builder.master(master)
            .appName("wi3-metrics")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        return session
    except Exception as exc:  # Py4J and the JVM raise many kinds; all mean "cannot start"
        raise EngineError(
            f"cannot start Spark at {master}: {exc}. Install a Java runtime (apt-get install "
            "default-jre-headless) or point WI3_SPARK_MASTER at a reachable cluster."
        ) from exc


def raw_tables(
    con: Any, engine: Engine, inputs: MetricInputs, files: list[str]
) -> tuple[Any, Any, Any]:
    """Events (of `files`, at least one: `MetricInputs.event_files`), accounts and people of
    the organisation, as tables on the backend.

    Both engines read the event files with the partition folders as columns; files an older wi3
    wrote are read on their own and joined to the others, with their pseudonyms as numbers
    (`read_events`).
    """
    store, org = inputs.store, inputs.org
    if engine == "duckdb":
        name = f"wi3_events_{uuid.uuid4().hex}"
        read_events(con.con, files).create_view(name)
        events = con.table(name)
    else:
        events = _spark_events(con, files, str(store.partition(org)))
    events = events.select(*EVENT_COLUMNS)
    if inputs.channels_of is not None:
        events = events.filter(events.initiative == inputs.channels_of)
        events = events.mutate(initiative=events.container)
    accounts, people = person_codes(
        pq.read_table(store.accounts_file(org)), pq.read_table(store.people_file(org))
    )
    return (
        events,
        _small_table(con, engine, "wi3_accounts", accounts),
        _small_table(con, engine, "wi3_people", people),
    )


def _spark_events(con: Any, files: list[str], base: str) -> Any:
    """The events of `files` on Spark, which finds the partition columns in the paths below
    `base`; as `read_events` does on DuckDB, an older wi3's files are read on their own, with
    their pseudonyms turned into numbers and their month folder's name into `month_index`."""
    session = con._session
    newer, older = by_layout(files)
    frames = []
    if newer or not older:
        frames.append(session.read.option("basePath", base).parquet(*newer))
    if older:
        frame = session.read.option("basePath", base).parquet(*older)
        frames.append(frame.selectExpr(*older_columns("spark", list(EVENT_COLUMNS))))
    frame = frames[0].select(*EVENT_COLUMNS)
    if len(frames) == 2:
        frame = frame.unionByName(frames[1])
    name = f"wi3_events_{uuid.uuid4().hex}"
    frame.createOrReplaceTempView(name)
    return con.table(name)


def person_codes(accounts: pa.Table, people: pa.Table) -> tuple[pa.Table, pa.Table]:
    """The accounts and people with each person's pseudonym replaced by an integer, and each
    account's by its number, as the event files hold actors and targets (`pseudonym_numbers`).

    The engine then groups and joins people by a number instead of a 16-character text, in
    tables of millions of rows. The numbers follow the pseudonyms' order, so whatever is
    ordered by person comes out in the same order.
    """
    at = accounts.schema.get_field_index("account")
    accounts = accounts.set_column(at, "account", pseudonym_numbers(accounts["account"]))
    texts = pa.chunked_array([*accounts["person"].chunks, *people["person"].chunks], pa.string())
    persons = pc.drop_null(pc.unique(texts))
    persons = persons.take(pc.sort_indices(persons))

    def coded(table: pa.Table) -> pa.Table:
        code = pc.index_in(table["person"], value_set=persons).cast(pa.int64())
        return table.set_column(table.schema.get_field_index("person"), "person", code)

    return coded(accounts), coded(people)


def _small_table(con: Any, engine: Engine, name: str, table: pa.Table) -> Any:
    """A small table from Python on the backend, as a real (temporary) table.

    Spark cannot see Ibis memtables inside cached expressions, so both engines get a named
    temporary table instead.
    """
    if engine == "duckdb":
        # registered with DuckDB itself: Ibis's create_table would go through pandas
        con.con.register(name, table)
        return con.table(name)
    session = con._session
    rows = [tuple(row.values()) for row in table.to_pylist()]
    frame = session.createDataFrame(rows, schema=_spark_schema(table.schema))
    frame.createOrReplaceTempView(name)
    return con.table(name)


def _spark_schema(schema: pa.Schema) -> str:
    types = {
        pa.string(): "string",
        pa.int64(): "bigint",
        pa.bool_(): "boolean",
        pa.date32(): "date",
    }
    return ", ".join(f"{f.name} {types[f.type]}" for f in schema)


def _lookups(
    inputs: MetricInputs, con: Any, engine: Engine, period: Period
) -> tuple[Any, Any, Any, Any]:
    rows = [
        {
            "initiative": slug,
            "kind": info.kind,
            "platform": info.platform,
            "audience": info.audience,
            "audience_period": None
            if info.audience_from is None
            else first_period_from(info.audience_from, period),
        }
        for slug, info in inputs.initiatives.items()
    ]
    initiatives = _small_table(
        con, engine, "wi3_initiatives", pa.Table.from_pylist(rows, schema=INITIATIVES_SCHEMA)
    )
    people_units = pq.read_table(inputs.store.people_file(inputs.org), columns=["unit"])
    units = sorted({u for u in people_units["unit"].to_pylist() if u})
    read = {slug: info for slug, info in inputs.initiatives.items() if inputs.read(slug)}
    scope = _small_table(
        con,
        engine,
        "wi3_scope",
        scope_rows({slug: list(info.scope) for slug, info in read.items()}, units),
    )
    covered = {slug: days for slug, days in inputs.coverage.items() if inputs.read(slug)}
    coverage = _small_table(con, engine, "wi3_coverage", coverage_rows(covered, period))
    elsewhere = _small_table(
        con, engine, "wi3_elsewhere", source_rows(inputs.sources, inputs.read, period)
    )
    return initiatives, scope, coverage, elsewhere


def compute(
    inputs: MetricInputs,
    period: Period = "quarter",
    *,
    by_unit: bool = False,
    engine: Engine = "duckdb",
    min_group: int = 5,
    metrics: Sequence[Metric] = CATALOGUE,
) -> list[MetricValue]:
    """Every metric per initiative and period (and unit, when asked), figures withheld below
    `min_group` people and wherever one of those could be worked out from the others.

    A whole initiative's figures are withheld alike with or without its units: none is ever
    withheld to protect them (units that cannot be protected otherwise are not listed).
    """
    files = inputs.event_files()
    if not files:
        return []
    channels = inputs.channels_of is not None
    with backend(engine) as con:
        events, accounts, people = raw_tables(con, engine, inputs, files)
        initiatives, scope, coverage, elsewhere = _lookups(inputs, con, engine, period)
        # newcomers add up over months; and who was active tells which units to list
        ids = {m.id for m in metrics}
        by_month = bool(ids & {"newcomers", "retention"}) or "active_users" not in ids
        tables = Tables.load(
            events, accounts, people, initiatives, scope, coverage, elsewhere, period
        )
        ctx = Context(tables, by_month=by_month)
        raws: list[Raw] = []
        try:
            # first the table of newcomers per month, the one besides `activity` that reads
            # `monthly`, so that its rows are dropped before the metrics read the events
            monthly = (
                [
                    Monthly(**row)
                    for row in con.to_pyarrow(
                        newcomers_by_month(ctx, by_unit and not channels)
                    ).to_pylist()
                ]
                if by_month
                else []
            )
            if by_month:
                ctx.release_monthly()
            for m in metrics:
                for per_unit in (
                    (False, True) if by_unit and m.by_unit and not channels else (False,)
                ):
                    table = con.to_pyarrow(m.compute(ctx, per_unit))
                    raws.extend(_raws(m, table))
        finally:
            ctx.release()
    verdict = judge(raws, monthly, period, min_group, channels=channels)
    values = [_value(r, verdict, period, min_group) for r in raws if r.key not in verdict.unlisted]
    values.extend(_gaps([v for v in values if inputs.read(v.initiative)], metrics))
    values.sort(key=lambda v: (v.initiative, v.period, v.unit or "", v.metric))
    return values


def _gaps(values: list[MetricValue], metrics: Sequence[Metric]) -> Iterator[MetricValue]:
    """A 'no data' figure for each metric an initiative's period has no row for.

    A metric gives no row where its basis is empty (no replies between known units, no
    managers in scope), so every period still lists every metric.
    """
    present = {(v.initiative, v.period, v.metric) for v in values if v.unit is None}
    periods = sorted({(v.initiative, v.period) for v in values})
    for initiative, label in periods:
        for m in metrics:
            if (initiative, label, m.id) not in present:
                yield MetricValue(initiative, label, None, m.id, None, NO_DATA)


def _raws(m: Metric, table: pa.Table) -> Iterator[Raw]:
    for row in table.to_pylist():
        yield Raw(row["initiative"], row["period"], row["unit"], m.id, row["value"], row["people"])


def _value(r: Raw, verdict: Verdict, period: Period, min_group: int) -> MetricValue:
    """A figure as it leaves the engine: its value and group, or why it is withheld."""
    withheld: str | None = None
    if r.key in verdict.too_few:
        # even "no data" can say something about a small group (no newcomers among three)
        withheld = note("too_few_people", n=min_group)
    elif r.key in verdict.protecting:
        withheld = note("protects_small_group", n=min_group)
    elif r.value is None:
        withheld = NO_DATA  # a metric without a basis gives no group (people is null)
    return MetricValue(
        r.initiative,
        period_label(r.period, period),
        r.unit,
        r.metric,
        None if withheld else r.value,
        withheld,
        None if withheld else r.people,
    )
