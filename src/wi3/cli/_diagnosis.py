"""Commands that judge: diagnose (and explain), history, report and the demo."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.table import Table

from wi3.cli._app import app, console, options, parse_date
from wi3.cli._explain import explain
from wi3.diagnosis import InitiativeDiagnosis, describe_activity, standing
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
    """Find each initiative's phase and activity, store the dated snapshot, print the table."""
    opts = options(ctx)
    when = parse_date(as_of, "--as-of") or date.today()
    with opts.open() as ws:
        document = run_diagnosis(ws, opts.org, when)
        result = diagnosis_of(document)
        notices = document.get("notices") or []
        if explain_initiative is not None:
            found = [d for d in result.initiatives if d.initiative == explain_initiative]
            if not found:
                raise NotFoundError(
                    f"no initiative {explain_initiative!r} in the diagnosis of {when}; it holds "
                    f"{', '.join(d.initiative for d in result.initiatives) or 'none'} (an "
                    "initiative is left out before its start date or first event)"
                )
            explain(console, ws.model, found[0], document["initiatives"][explain_initiative])
            _print_notices(n for n in notices if n["initiative"] == explain_initiative)
            return
        model = ws.model
    names = {s: i["name"] for s, i in document["initiatives"].items()}
    titles = {t.id: t.title.en for t in model.tips} | {
        e.id: e.title.en for e in model.activity.end_of_life
    }
    states: dict[str, str] = {s.id: s.name.en.lower() for s in model.activity.states}
    no_usage = {n["initiative"] for n in notices if n["kind"] == "no_usage"}
    ranked = sorted(result.initiatives, key=lambda d: (standing(d), d.initiative))
    live = [d for d in ranked if d.activity is None or d.activity.live]
    stopped = [d for d in ranked if d not in live]
    table = Table(
        "initiative",
        "phase",
        "activity",
        "usage points to",
        "mean",
        "confidence",
        "top next step",
        title=f"{document['organisation']['name']} as of {when.isoformat()}",
    )
    for d in live:
        step = d.next_steps[0] if d.next_steps else None
        table.add_row(
            f"{names.get(d.initiative, d.initiative)} ({d.initiative})",
            d.phase,
            _activity(d, states),
            _pointer(d, d.initiative in no_usage),
            _fmt(d.mean),
            f"{d.confidence.label} ({d.confidence.score:.2f})",
            f"{step.tip} {titles.get(step.tip, step.tip)}" if step else "—",
        )
    console.print(table)
    if stopped:
        ended = Table("initiative", "stopped", "last phase", "why", title="stopped initiatives")
        for d in stopped:
            assert d.activity is not None
            ended.add_row(
                f"{names.get(d.initiative, d.initiative)} ({d.initiative})",
                d.activity.since.isoformat() if d.activity.since else "date unknown",
                d.phase,
                describe_activity(model, d.activity),
            )
        console.print(ended)
    p = result.profile
    console.print(
        "profile: "
        + ", ".join(f"{phase} {p.counts[phase]} ({p.shares[phase]:.0%})" for phase in p.counts)
        + (f"; {p.stopped} stopped, kept apart" if p.stopped else ""),
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
    _print_notices(n for n in notices if n["kind"] != "no_usage")
    console.print(
        f"snapshot of {when.isoformat()} stored; `wi3 diagnose --explain INITIATIVE` "
        "shows the evidence",
        highlight=False,
    )


def _activity(d: InitiativeDiagnosis, states: dict[str, str]) -> str:
    if d.activity is None:
        return "unknown (no usage data)"
    since = f" since {d.activity.since:%Y-%m}" if d.activity.since else ""
    return states.get(d.activity.state, d.activity.state) + since


def _pointer(d: InitiativeDiagnosis, no_usage: bool) -> str:
    if no_usage:
        return "no usage data in range"
    return d.usage_pointer.phase if d.usage_pointer else "—"


def _print_notices(notices: Iterable[dict[str, str]]) -> None:
    for notice in notices:
        console.print(f"[yellow]note:[/] {notice['text']}", highlight=False)


@app.command("history")
def show_history(
    ctx: typer.Context,
    initiative: Annotated[str, typer.Argument(help="The initiative.")],
) -> None:
    """Show an initiative's lifecycle: its phase and activity in every snapshot, with changes."""
    opts = options(ctx)
    with opts.open() as ws:
        rows = history(ws, opts.org, initiative)
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
