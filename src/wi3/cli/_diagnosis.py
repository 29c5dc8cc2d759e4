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
    say = opts.locale.label
    when = parse_date(as_of, "--as-of") or date.today()
    with opts.open() as ws:
        snapshot = service.diagnose(ws, opts.org, when)
        if explain_initiative is not None:
            explanation = service.explain(snapshot, ws.model, explain_initiative, opts.language)
            for line in explanation.lines:
                console.print(_text(line))
            _print_notices(ctx, (n.text for n in explanation.notices))
            return
        growth = service.growth_table(
            snapshot, ws.model, service.action_plan(ws, opts.org, as_of=when), opts.language
        )
    table = Table(
        say("initiative"),
        say("phase"),
        say("activity"),
        say("usage_points_to"),
        say("mean_level"),
        say("confidence"),
        say("top_next_step"),
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
        ended = Table(
            say("initiative"),
            say("stopped_on"),
            say("ended_in_phase"),
            say("why"),
            title=say("stopped_initiatives"),
        )
        for stopped in growth.stopped:
            ended.add_row(stopped.initiative, stopped.stopped, stopped.last_phase, stopped.why)
        console.print(ended)
    console.print(growth.profile)
    console.print(growth.own_phase)
    _print_notices(ctx, growth.notices)
    console.print(say("cli.diagnose.stored", date=when))


def _text(line: Line) -> Text:
    """An explanation's line as Rich text: its spans styled, never read as markup."""
    return Text.assemble(*((s.text, STYLES[s.style] if s.style else "") for s in line.spans))


def _print_notices(ctx: typer.Context, notices: Iterable[str]) -> None:
    """Each notice on the evidence, after a yellow `note:`."""
    mark = options(ctx).locale.label("cli.note")
    for notice in notices:
        console.print(Text.assemble((mark, "yellow"), " ", notice))


@app.command("history")
def show_history(
    ctx: typer.Context,
    initiative: Annotated[str, typer.Argument(help="The initiative.")],
) -> None:
    """Show an initiative's lifecycle: its phase and activity in every snapshot, with changes."""
    opts = options(ctx)
    locale = opts.locale
    say, language = locale.label, locale.language
    with opts.open() as ws:
        rows = service.history(ws, opts.org, initiative)
        states: dict[str, str] = {
            s.id: s.name.get(language).lower() for s in ws.model.activity.states
        }
        phases: dict[str, str] = {p.id: p.name.get(language) for p in ws.model.phases}
    if not rows:
        console.print(say("cli.history.none", initiative=initiative))
        return
    table = Table(
        say("cli.history.as_of"),
        say("phase"),
        say("activity"),
        say("confidence"),
        say("change"),
        title=say("cli.history.title", initiative=initiative),
    )
    marks = {"advanced": "▲", "regressed": "▼", "placed": "●", "unplaced": "○"}
    for row in rows:
        phase = phases.get(row.phase) or locale.label_or(f"phase_{row.phase}", row.phase)
        change = (
            [f"{marks[row.change]} {say(f'change_{row.change}', phase=phase.lower())}"]
            if row.change in marks
            else []
        )
        if row.activity_change:
            change.append(f"→ {states.get(row.activity_change, row.activity_change)}")
        table.add_row(
            locale.day(row.as_of),
            phase,
            states.get(row.activity or "", row.activity or "—"),
            locale.decimal(row.confidence, 2),
            "  ".join(change),
        )
    console.print(table)
    moves = [r for r in rows if r.change in ("advanced", "regressed")]
    console.print(
        say(
            "cli.history.summary",
            snapshots=locale.plural("cli.history.snapshots", len(rows)),
            transitions=locale.plural("cli.history.transitions", len(moves)),
            regressions=locale.plural(
                "cli.history.regressions", sum(r.change == "regressed" for r in moves)
            ),
            shifts=locale.plural("cli.history.shifts", sum(1 for r in rows if r.activity_change)),
        )
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
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Where to write (default: the workspace's reports folder)."
        ),
    ] = None,
    compare: Annotated[
        str | None,
        typer.Option(
            help="Compare with the snapshot of this date, YYYY-MM-DD (default: the one before)."
        ),
    ] = None,
    summary_only: Annotated[
        bool, typer.Option("--summary-only", help="Write the management summary alone.")
    ] = False,
) -> None:
    """Write the organisation's diagnosis as a report file, opening with a management summary,
    in the language of --language."""
    opts = options(ctx)
    if fmt not in REPORT_FORMATS:
        raise typer.BadParameter(f"use {', '.join(REPORT_FORMATS)}", param_hint="--format")
    with opts.open() as ws:
        path = service.write_report(
            ws,
            opts.org,
            REPORT_FORMATS[fmt],
            parse_date(as_of, "--as-of"),
            opts.language,
            output,
            compare=parse_date(compare, "--compare"),
            summary_only=summary_only,
        )
    console.print(opts.locale.label("cli.report.written", path=path))


@app.command("demo")
def demo(ctx: typer.Context) -> None:
    """Build the example organisation, diagnose it over two years and write its report."""
    opts = options(ctx)
    say = opts.locale.label
    outcome = service.run_demo(opts.workspace, console.print, opts.language)
    console.print()
    console.print(Text.assemble((say("cli.demo.report"), "bold"), f" {outcome.report.absolute()}"))
    console.print(say("cli.demo.also", path=outcome.markdown.absolute()))
    console.print(say("cli.demo.try", workspace=outcome.workspace, initiative=outcome.explain))
    console.print(say("cli.demo.web", workspace=outcome.workspace))
