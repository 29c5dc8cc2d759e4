"""`wi3 metrics`: the usage metrics of the event store, as a table or a file."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import pyarrow as pa
import pyarrow.parquet as pq
import typer
from rich.table import Table

from wi3.cli._app import app, console, options
from wi3.errors import InputError
from wi3.metrics import CATALOGUE, MetricValue, metric
from wi3.service import organisation_metrics


def format_value(metric_id: str, value: float | None) -> str:
    """A figure as people read it: shares in %, hours to one decimal, counts whole."""
    if value is None:
        return "—"
    unit = metric(metric_id).unit
    if unit == "share":
        return f"{value:.0%}" if abs(value) >= 0.1 else f"{value:.1%}"
    if unit in ("hours", "index"):
        return f"{value:.2f}" if unit == "index" else f"{value:.1f}"
    return f"{value:,.0f}"


@app.command("metrics")
def metrics_command(
    ctx: typer.Context,
    initiative: Annotated[str | None, typer.Argument(help="Default: every initiative.")] = None,
    period: Annotated[str, typer.Option(help="month or quarter.")] = "quarter",
    by: Annotated[
        str | None,
        typer.Option(
            help="unit: figures per unit as well; channel: the channels (streams, lists) of "
            "one initiative side by side."
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, json or parquet.")] = "table",
    engine: Annotated[str, typer.Option(help="duckdb (default) or spark.")] = "duckdb",
    last: Annotated[int, typer.Option(help="Periods shown in the table (newest).")] = 4,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="File to write csv, json or parquet to (default: stdout)."
        ),
    ] = None,
    definitions: Annotated[
        bool, typer.Option(help="List the metrics with their definitions instead.")
    ] = False,
) -> None:
    """Usage metrics per initiative and period; figures about fewer than 5 people are withheld."""
    if definitions:
        _definitions()
        return
    if period not in ("month", "quarter"):
        raise InputError(f"--period {period!r}: use month or quarter")
    if by not in (None, "unit", "channel"):
        raise InputError(f"--by {by!r}: use unit or channel")
    if by == "channel" and initiative is None:
        raise InputError(
            "--by channel compares the channels of one initiative: name it, e.g. "
            "`wi3 metrics team-chat --by channel`"
        )
    if fmt not in ("table", "csv", "json", "parquet"):
        raise InputError(f"--format {fmt!r}: use table, csv, json or parquet")
    if engine not in ("duckdb", "spark"):
        raise InputError(f"--engine {engine!r}: use duckdb or spark")
    if fmt == "parquet" and output is None:
        raise InputError("--format parquet needs --output FILE")
    opts = options(ctx)
    with opts.open() as ws:
        values = organisation_metrics(
            ws,
            opts.org,
            "month" if period == "month" else "quarter",
            by_unit=by == "unit",
            engine="spark" if engine == "spark" else "duckdb",
            channels_of=initiative if by == "channel" else None,
        )
    if by == "channel":
        assert initiative is not None
        if fmt == "table":
            _channels(initiative, values, last)
        else:
            _write(values, fmt, output, channels_of=initiative)
        return
    if initiative is not None:
        known = sorted({v.initiative for v in values})
        values = [v for v in values if v.initiative == initiative]
        if not values:
            raise InputError(
                f"no usage data for {initiative!r}; initiatives with events: "
                f"{', '.join(known) or 'none (wi3 ingest reads an export)'}"
            )
    if fmt == "table":
        _table(values, last)
        return
    _write(values, fmt, output)


def _table(values: list[MetricValue], last: int) -> None:
    if not values:
        console.print(
            "no usage data yet: `wi3 ingest SOURCE PATH --initiative NAME` reads an "
            "export, `wi3 simulate` makes example data"
        )
        return
    for initiative in sorted({v.initiative for v in values}):
        rows = [v for v in values if v.initiative == initiative]
        periods = sorted({v.period for v in rows})[-last:]
        units = sorted({v.unit for v in rows if v.unit is not None})
        table = Table(
            "metric", *(["unit"] if units else []), *periods, title=f"{initiative}: usage metrics"
        )
        cells = {(v.metric, v.unit, v.period): v for v in rows}
        for m in CATALOGUE:
            for unit in [None, *units]:
                if unit is not None and not m.by_unit:
                    continue
                row = [
                    format_value(m.id, cells[(m.id, unit, p)].value)
                    if (m.id, unit, p) in cells
                    else ""
                    for p in periods
                ]
                if unit is not None and not any(row):
                    continue
                table.add_row(
                    m.title if unit is None else "", *([unit or ""] if units else []), *row
                )
        console.print(table)
    console.print(
        "— : withheld (fewer than 5 people) or no data; `wi3 metrics --definitions` "
        "says what each metric means",
    )


def _channels(initiative: str, values: list[MetricValue], last: int) -> None:
    """The channels of one initiative side by side: a row each, one table per period."""
    channels = sorted({v.initiative for v in values})
    cells = {(v.metric, v.initiative, v.period): v for v in values}
    for period in sorted({v.period for v in values})[-last:]:
        shown = [
            m
            for m in CATALOGUE
            if any((m.id, c, period) in cells and cells[(m.id, c, period)].value is not None
                   for c in channels)
        ]  # fmt: skip
        table = Table(
            "channel", *(m.id for m in shown), title=f"{initiative}: channels in {period}"
        )
        for c in channels:
            row = [
                format_value(m.id, cells[(m.id, c, period)].value)
                if (m.id, c, period) in cells
                else ""
                for m in shown
            ]
            if any(row):
                table.add_row(c, *row)
        console.print(table)
    console.print(
        "— : withheld (fewer than 5 people) or no data; columns are metric ids, "
        "`wi3 metrics --definitions` says what each means",
    )


def _write(
    values: list[MetricValue], fmt: str, output: Path | None, channels_of: str | None = None
) -> None:
    rows = [asdict(v) for v in values]
    if channels_of is not None:  # each value's initiative is a channel of `channels_of`
        rows = [{"initiative": channels_of, "channel": r.pop("initiative"), **r} for r in rows]
    if fmt == "parquet":
        assert output is not None
        schema = pa.schema(
            [
                ("initiative", pa.string()),
                *([("channel", pa.string())] if channels_of is not None else []),
                ("period", pa.string()),
                ("unit", pa.string()),
                ("metric", pa.string()),
                ("value", pa.float64()),
                ("withheld", pa.string()),
                ("people", pa.int64()),
            ]
        )
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), output)
        console.print(f"{len(rows):,} figures written to {output}")
        return
    if fmt == "json":
        text = json.dumps(rows, indent=1)
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["initiative"])
        writer.writeheader()
        writer.writerows(rows)
        text = buffer.getvalue()
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"{len(rows):,} figures written to {output}")


def _definitions() -> None:
    table = Table("metric", "unit", "better", "evidences", "definition", title="usage metrics")
    for m in CATALOGUE:
        table.add_row(f"{m.title}\n({m.id})", m.unit, m.direction, m.category or "—", m.definition)
    console.print(table)
