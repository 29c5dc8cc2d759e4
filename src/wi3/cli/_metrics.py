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
    opts = options(ctx)
    say = opts.locale.label
    if definitions:
        print_table(service.metric_definitions(opts.language))
        return
    for option, value, choices in (
        ("--period", period, ("month", "quarter")),
        ("--by", by, (None, "unit", "channel")),
        ("--format", fmt, ("table", "csv", "json", "parquet")),
        ("--engine", engine, ("duckdb", "spark")),
    ):
        if value not in choices:
            shown = [c for c in choices if c is not None]
            raise InputError(
                key="error.choose",
                option=option,
                value=repr(value),
                choices=say("cli.or", first=", ".join(shown[:-1]), last=shown[-1]),
            )
    if fmt == "parquet" and output is None:
        raise InputError(key="error.parquet_output")
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
            console.print(say("cli.metrics.written", figures=len(values), path=output))
        return
    if not values:
        console.print(say("cli.metrics.none"))
        return
    listing = (
        service.metric_tables(values, last, opts.language)
        if channels_of is None
        else service.channel_tables(channels_of, values, last, opts.language)
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
