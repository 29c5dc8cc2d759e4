"""Commands that judge: diagnose (and explain), history, report and the demo."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.table import Table
from rich.text import Text

from wi3 import service
from wi3.cli._app import app, console, options, parse_date

if TYPE_CHECKING:
    from wi3.service import Line

REPORT_FORMATS: dict[str, Literal["html", "pdf", "md", "xlsx", "json"]] = {
    "html": "html",
    "pdf": "pdf",
    "md": "md",
    "xlsx": "xlsx",
    "json": "json",
}
"""What `wi3 report --format` takes."""
STYLES = {"strong": "bold", "dim": "dim", "good": "green", "bad": "red", "warn": "yellow"}
"""How each style of an explanation's spans looks in the terminal."""


@app.command("diagnose")
def diagnose(
    ctx: typer.Context,
    as_of: Annotated[
        str | None, typer.Option(help="Diagnose as of this date, YYYY-MM-DD (default today).")
    ] = None,
    explain_initiative: Annotated[
        str | None,
        typer.Option(
            "--explain", help="Show every category, reading, gate and step of one initiative."
        ),
    ] = None,
) -> None:
    """Find each initiative's phase and activity, store the dated snapshot, print the table."""
    opts = options(ctx)
    when = parse_date(as_of, "--as-of") or date.today()
    with opts.open() as ws:
        snapshot = service.diagnose(ws, opts.org, when)
        if explain_initiative is not None:
            explanation = service.explain(snapshot, ws.model, explain_initiative)
            for line in explanation.lines:
                console.print(_text(line))
            _print_notices(n.text for n in explanation.notices)
            return
        growth = service.growth_table(snapshot, ws.model)
    table = Table(
        "initiative",
        "phase",
        "activity",
        "usage points to",
        "mean",
        "confidence",
        "top next step",
        title=growth.title,
    )
    for row in growth.rows:
        table.add_row(
            row.initiative,
            row.phase,
            row.activity,
            row.pointer,
            row.mean,
            row.confidence,
            row.next_step,
        )
    console.print(table)
    if growth.stopped:
        ended = Table("initiative", "stopped", "last phase", "why", title="stopped initiatives")
        for stopped in growth.stopped:
            ended.add_row(stopped.initiative, stopped.stopped, stopped.last_phase, stopped.why)
        console.print(ended)
    console.print(growth.profile)
    console.print(growth.own_phase)
    _print_notices(growth.notices)
    console.print(
        f"snapshot of {when.isoformat()} stored; `wi3 diagnose --explain INITIATIVE` "
        "shows the evidence",
    )


def _text(line: Line) -> Text:
    """An explanation's line as Rich text: its spans styled, never read as markup."""
    return Text.assemble(*((s.text, STYLES[s.style] if s.style else "") for s in line.spans))


def _print_notices(notices: Iterable[str]) -> None:
    for notice in notices:
        console.print(Text.assemble(("note:", "yellow"), " ", notice))


@app.command("history")
def show_history(
    ctx: typer.Context,
    initiative: Annotated[str, typer.Argument(help="The initiative.")],
) -> None:
    """Show an initiative's lifecycle: its phase and activity in every snapshot, with changes."""
    opts = options(ctx)
    with opts.open() as ws:
        rows = service.history(ws, opts.org, initiative)
        states: dict[str, str] = {s.id: s.name.en.lower() for s in ws.model.activity.states}
    if not rows:
        console.print(
            f"{initiative} has no snapshots yet: run `wi3 diagnose` (a snapshot before its "
            "start date or first event leaves it out)"
        )
        return
    table = Table(
        "as of", "phase", "activity", "confidence", "change", title=f"lifecycle of {initiative}"
    )
    marks = {
        "first": "",
        "same": "",
        "advanced": "▲ advanced",
        "regressed": "▼ regressed",
        "placed": "● phase now known",
        "unplaced": "○ phase undetermined",
    }
    for row in rows:
        change = [marks[row.change]] if marks[row.change] else []
        if row.activity_change:
            change.append(f"→ {states.get(row.activity_change, row.activity_change)}")
        table.add_row(
            row.as_of.isoformat(),
            row.phase,
            states.get(row.activity or "", row.activity or "—"),
            f"{row.confidence:.2f}",
            "  ".join(change),
        )
    console.print(table)
    moves = [r for r in rows if r.change in ("advanced", "regressed")]
    shifts = [r for r in rows if r.activity_change]
    console.print(
        f"{len(rows)} snapshots, {len(moves)} phase transitions "
        f"({sum(r.change == 'regressed' for r in moves)} regressions), "
        f"{len(shifts)} changes of activity",
    )


@app.command("report")
def report(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="html (one file, works offline), pdf (A4), md (with its charts as SVG files "
            "beside it), xlsx (sheets to filter) or json.",
        ),
    ] = "html",
    as_of: Annotated[
        str | None, typer.Option(help="The snapshot date (default: the newest snapshot).")
    ] = None,
    language: Annotated[str, typer.Option(help="en or nl.")] = "en",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Where to write (default: the workspace's reports folder)."
        ),
    ] = None,
) -> None:
    """Write the organisation's diagnosis as a report file."""
    opts = options(ctx)
    if fmt not in REPORT_FORMATS:
        raise typer.BadParameter(f"use {', '.join(REPORT_FORMATS)}", param_hint="--format")
    if language not in ("en", "nl"):
        raise typer.BadParameter("use en or nl", param_hint="--language")
    with opts.open() as ws:
        path = service.write_report(
            ws,
            opts.org,
            REPORT_FORMATS[fmt],
            parse_date(as_of, "--as-of"),
            "nl" if language == "nl" else "en",
            output,
        )
    console.print(f"report written to {path}")


@app.command("demo")
def demo(ctx: typer.Context) -> None:
    """Build the example organisation, diagnose it over two years and write its report."""
    opts = options(ctx)
    outcome = service.run_demo(opts.workspace, lambda line: console.print(line))
    console.print()
    console.print(Text.assemble(("Example report:", "bold"), f" {outcome.report.absolute()}"))
    console.print(f"Also: {outcome.markdown.absolute()}")
    console.print(
        f"Try: uv run wi3 -w {outcome.workspace} diagnose --explain {outcome.explain}",
    )
