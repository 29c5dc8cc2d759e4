"""Usage metrics as tables to read and as files to work with (CSV, JSON, Parquet).

`wi3 metrics` prints the tables; the web application can show the same. Figures are formatted
as people read them (shares in %, hours to one decimal, counts whole); a withheld figure is `—`.
A file holds every figure as a number, with why it is withheld and how many people it is about.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from wi3.errors import InputError
from wi3.metrics import CATALOGUE, Metric, MetricValue, metric
from wi3.texts import Language, Locale

FileFormat = Literal["csv", "json", "parquet"]


@dataclass(frozen=True)
class TableView:
    """A table of text: its title, column headings and rows, each as wide as the headings."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class MetricTables:
    """The tables of a metrics listing, and the line that says how to read them."""

    tables: tuple[TableView, ...]
    legend: str


def format_figure(metric_id: str, value: float | None, language: Language = "en") -> str:
    """A figure as people read it: shares in %, hours to one decimal, counts whole; — for none."""
    if value is None:
        return "—"
    locale = Locale(language)
    unit = metric(metric_id).unit
    if unit == "share":
        return locale.percent(value, 0 if abs(value) >= 0.1 else 1)
    if unit == "index":
        return locale.decimal(value, 2)
    if unit == "hours":
        return locale.decimal(value, 1)
    return locale.decimal(value, 0)


def _title(m: Metric, locale: Locale) -> str:
    """The metric's title in the locale's language; its own title where the catalogue has none."""
    return locale.label_or(f"metric.{m.id}", m.title)


def metric_tables(
    values: Sequence[MetricValue], last: int, language: Language = "en"
) -> MetricTables:
    """A table per initiative: a row per metric (and unit), a column per period, the newest
    `last` periods."""
    locale = Locale(language)
    tables = []
    of: dict[str, list[MetricValue]] = {}
    for v in values:  # once, not once per initiative
        of.setdefault(v.initiative, []).append(v)
    for initiative in sorted(of):
        rows = of[initiative]
        periods = sorted({v.period for v in rows})[-last:]
        units = sorted({v.unit for v in rows if v.unit is not None})
        cells = {(v.metric, v.unit, v.period): v for v in rows}
        lines: list[tuple[str, ...]] = []
        for m in CATALOGUE:
            for unit in [None, *units]:
                if unit is not None and not m.by_unit:
                    continue
                row = [
                    format_figure(m.id, cells[(m.id, unit, p)].value, language)
                    if (m.id, unit, p) in cells
                    else ""
                    for p in periods
                ]
                if unit is not None and not any(row):
                    continue
                lines.append(
                    (
                        _title(m, locale) if unit is None else "",
                        *([unit or ""] if units else []),
                        *row,
                    )
                )
        tables.append(
            TableView(
                locale.label("view.metrics.title", initiative=initiative),
                (
                    locale.label("view.metrics.metric"),
                    *([locale.label("unit")] if units else []),
                    *periods,
                ),
                tuple(lines),
            )
        )
    return MetricTables(tuple(tables), locale.label("view.metrics.legend"))


def channel_tables(
    initiative: str, values: Sequence[MetricValue], last: int, language: Language = "en"
) -> MetricTables:
    """The channels of one initiative side by side: a table per period (the newest `last`), a
    row per channel, a column per metric that has a figure."""
    locale = Locale(language)
    channels = sorted({v.initiative for v in values})
    cells = {(v.metric, v.initiative, v.period): v for v in values}
    tables = []
    for period in sorted({v.period for v in values})[-last:]:
        shown = [
            m
            for m in CATALOGUE
            if any(
                (m.id, c, period) in cells and cells[(m.id, c, period)].value is not None
                for c in channels
            )
        ]
        rows = []
        for c in channels:
            row = [
                format_figure(m.id, cells[(m.id, c, period)].value, language)
                if (m.id, c, period) in cells
                else ""
                for m in shown
            ]
            if any(row):
                rows.append((c, *row))
        tables.append(
            TableView(
                locale.label("view.metrics.channels_title", initiative=initiative, period=period),
                (locale.label("view.metrics.channel"), *(m.id for m in shown)),
                tuple(rows),
            )
        )
    return MetricTables(tuple(tables), locale.label("view.metrics.channels_legend"))


def metric_definitions(language: Language = "en") -> TableView:
    """Every metric of the catalogue: its title and id, unit, better direction, category and
    definition (the definition as the metric's docstring gives it, in English)."""
    locale = Locale(language)
    say = locale.label
    return TableView(
        say("view.metrics.definitions_title"),
        (
            say("view.metrics.metric"),
            say("view.metrics.unit"),
            say("view.metrics.better"),
            say("view.metrics.evidences"),
            say("view.metrics.definition"),
        ),
        tuple(
            (
                f"{_title(m, locale)}\n({m.id})",
                locale.label_or(f"view.metrics.unit.{m.unit}", m.unit),
                say(f"view.metrics.direction.{m.direction}"),
                m.category or "—",
                m.definition,
            )
            for m in CATALOGUE
        ),
    )


def export_metrics(
    values: Sequence[MetricValue],
    fmt: FileFormat,
    output: Path | None,
    channels_of: str | None = None,
) -> str | None:
    """Write the figures to `output` in `fmt`, whole or not at all; without `output`, the CSV
    or JSON text instead.

    A row per figure: initiative (and, with `channels_of`, the channel), period, unit, metric,
    value, withheld and people.

    Raises:
        InputError: for Parquet without `output`.
    """
    rows = [asdict(v) for v in values]
    if channels_of is not None:  # each value's initiative is a channel of `channels_of`
        rows = [{"initiative": channels_of, "channel": r.pop("initiative"), **r} for r in rows]
    if fmt == "parquet":
        if output is None:
            raise InputError("--format parquet needs --output FILE")
        _write_parquet(rows, output, channels_of is not None)
        return None
    if fmt == "json":
        text = json.dumps(rows, indent=1)
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["initiative"])
        writer.writeheader()
        writer.writerows(rows)
        text = buffer.getvalue()
    if output is None:
        return text
    _replace(output, text.encode("utf-8"))
    return None


def _write_parquet(rows: list[dict[str, Any]], output: Path, channels: bool) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            ("initiative", pa.string()),
            *([("channel", pa.string())] if channels else []),
            ("period", pa.string()),
            ("unit", pa.string()),
            ("metric", pa.string()),
            ("value", pa.float64()),
            ("withheld", pa.string()),
            ("people", pa.int64()),
        ]
    )
    sink = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), sink)
    _replace(output, sink.getvalue())


def _replace(output: Path, data: bytes) -> None:
    """Write `data` to `output` through a temporary file beside it: whole or not at all."""
    if not output.parent.is_dir():
        raise InputError(f"cannot write {output}: the folder {output.parent} does not exist")
    fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
