"""`wi3 metrics`: the usage metrics of the event store, as a table or a file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from wi3 import service
from wi3.cli._app import app, console, options
from wi3.errors import InputError

if TYPE_CHECKING:
    from wi3.service import FileFormat, TableView


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
    last: Annotated[int, typer.Option(help="Periods shown in the table (newest).", min=1)] = 4,
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
        print_table(service.metric_definitions())
        return
    if period not in ("month", "quarter"):
        raise InputError(f"--period {period!r}: use month or quarter")
    if by not in (None, "unit", "channel"):
        raise InputError(f"--by {by!r}: use unit or channel")
    if fmt not in ("table", "csv", "json", "parquet"):
        raise InputError(f"--format {fmt!r}: use table, csv, json or parquet")
    if engine not in ("duckdb", "spark"):
        raise InputError(f"--engine {engine!r}: use duckdb or spark")
    if fmt == "parquet" and output is None:
        raise InputError("--format parquet needs --output FILE")
    opts = options(ctx)
    with opts.open() as ws:
        values = service.usage_metrics(
            ws,
            opts.org,
            initiative,
            "month" if period == "month" else "quarter",
            by="unit" if by == "unit" else "channel" if by == "channel" else None,
            engine="spark" if engine == "spark" else "duckdb",
        )
    channels_of = initiative if by == "channel" else None
    if fmt != "table":
        kind: FileFormat = "csv" if fmt == "csv" else "json" if fmt == "json" else "parquet"
        text = service.export_metrics(values, kind, output, channels_of)
        if text is not None:
            typer.echo(text, nl=False)
        else:
            console.print(f"{len(values):,} figures written to {output}")
        return
    if not values:
        console.print(
            "no usage data yet: `wi3 ingest SOURCE PATH --initiative NAME` reads an "
            "export, `wi3 simulate` makes example data"
        )
        return
    listing = (
        service.metric_tables(values, last)
        if channels_of is None
        else service.channel_tables(channels_of, values, last)
    )
    for table in listing.tables:
        print_table(table)
    console.print(listing.legend)


def print_table(view: TableView) -> None:
    """A table of text as a Rich table."""
    table = Table(*view.columns, title=view.title)
    for row in view.rows:
        table.add_row(*row)
    console.print(table)
