"""Commands that judge: diagnose (and explain), history, report and the demo."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.table import Table

from wi3.cli._app import app, console, options, parse_date
from wi3.cli._explain import explain
from wi3.errors import NotFoundError
from wi3.service import diagnose as run_diagnosis
from wi3.service import diagnosis_of, history, run_demo, write_report


def _fmt(level: float | None) -> str:
    return "—" if level is None else f"{level:.2f}"


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
    """Find each initiative's phase, store the dated snapshot and print the growth table."""
    opts = options(ctx)
    when = parse_date(as_of, "--as-of") or date.today()
    with opts.open() as ws:
        document = run_diagnosis(ws, opts.org, when)
        result = diagnosis_of(document)
        if explain_initiative is not None:
            found = [d for d in result.initiatives if d.initiative == explain_initiative]
            if not found:
                raise NotFoundError(
                    f"no initiative {explain_initiative!r} in the diagnosis of {when}; it holds "
                    f"{', '.join(d.initiative for d in result.initiatives) or 'none'}"
                )
            explain(console, ws.model, found[0], document["initiatives"][explain_initiative])
            return
        names = {s: i["name"] for s, i in document["initiatives"].items()}
        titles = {t.id: t.title.en for t in ws.model.tips}
    table = Table(
        "initiative",
        "phase",
        "mean",
        "confidence",
        "top next step",
        title=f"{document['organisation']['name']} as of {when.isoformat()}",
    )
    for d in sorted(
        result.initiatives,
        key=lambda d: (-["pioneering", "facilitating", "strategic"].index(d.phase), d.initiative),
    ):
        step = d.next_steps[0] if d.next_steps else None
        table.add_row(
            f"{names.get(d.initiative, d.initiative)} ({d.initiative})",
            d.phase,
            _fmt(d.mean),
            f"{d.confidence.label} ({d.confidence.score:.2f})",
            f"{step.tip} {titles[step.tip]}" if step else "—",
        )
    console.print(table)
    p = result.profile
    console.print(
        "profile: "
        + ", ".join(f"{phase} {p.counts[phase]} ({p.shares[phase]:.0%})" for phase in p.counts),
        highlight=False,
    )
    own = result.own_phase
    console.print(
        f"the organisation's own way of organising Enterprise 2.0: {own.phase} "
        f"(mean {_fmt(own.mean)}, confidence {own.confidence.label})"
        if own
        else "the organisation's own phase: no organisation-level assessment yet "
        "(`wi3 assess @organisation`)",
        highlight=False,
    )
    console.print(
        f"snapshot of {when.isoformat()} stored; `wi3 diagnose --explain INITIATIVE` "
        "shows the evidence",
        highlight=False,
    )


@app.command("history")
def show_history(
    ctx: typer.Context,
    initiative: Annotated[str, typer.Argument(help="The initiative.")],
) -> None:
    """Show an initiative's lifecycle: its phase in every snapshot, with transitions."""
    opts = options(ctx)
    with opts.open() as ws:
        rows = history(ws, opts.org, initiative)
    if not rows:
        console.print(f"{initiative} has no snapshots yet: run `wi3 diagnose`")
        return
    table = Table("as of", "phase", "confidence", "change", title=f"lifecycle of {initiative}")
    marks = {"first": "", "same": "", "advanced": "▲ advanced", "regressed": "▼ regressed"}
    for row in rows:
        table.add_row(row.as_of.isoformat(), row.phase, f"{row.confidence:.2f}", marks[row.change])
    console.print(table)
    moves = [r for r in rows if r.change in ("advanced", "regressed")]
    console.print(
        f"{len(rows)} snapshots, {len(moves)} transitions "
        f"({sum(r.change == 'regressed' for r in moves)} regressions)",
        highlight=False,
    )


@app.command("report")
def report(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="html, md or json.")] = "html",
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
    if fmt not in ("html", "md", "json"):
        raise typer.BadParameter("use html, md or json", param_hint="--format")
    if language not in ("en", "nl"):
        raise typer.BadParameter("use en or nl", param_hint="--language")
    with opts.open() as ws:
        path = write_report(
            ws,
            opts.org,
            _format(fmt),
            parse_date(as_of, "--as-of"),
            "nl" if language == "nl" else "en",
            output,
        )
    console.print(f"report written to {path}", highlight=False)


def _format(fmt: str) -> Literal["html", "md", "json"]:
    return "md" if fmt == "md" else "json" if fmt == "json" else "html"


@app.command("demo")
def demo(ctx: typer.Context) -> None:
    """Build the example organisation, diagnose it over two years and write its report."""
    opts = options(ctx)
    outcome = run_demo(opts.workspace, lambda line: console.print(line, highlight=False))
    console.print()
    console.print(f"[bold]Example report:[/] {outcome.report.absolute()}", highlight=False)
    console.print(f"Also: {outcome.markdown.absolute()}", highlight=False)
    console.print(
        f"Try: uv run wi3 -w {outcome.workspace} diagnose --explain {outcome.explain}",
        highlight=False,
    )
