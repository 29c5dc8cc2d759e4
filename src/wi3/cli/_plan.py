"""The action plan: accept a next step with an owner role and a due date, list it, mark it done."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.table import Table

from wi3 import service
from wi3.cli._app import app, console, options, parse_date
from wi3.errors import InputError

if TYPE_CHECKING:
    from wi3.service import Action

plan_app = typer.Typer(
    help="The action plan: next steps accepted with an owner role and a due date.",
    no_args_is_help=True,
)
app.add_typer(plan_app, name="plan")

OUTCOMES = {
    "better": "better",
    "unchanged": "unchanged",
    "worse": "worse",
    "no_new_evidence": "no new evidence",
}


@plan_app.command("add")
def add(
    ctx: typer.Context,
    initiative: Annotated[str, typer.Argument(help="The initiative.")],
    tip: Annotated[str, typer.Argument(help="One of its next steps, e.g. T5.")],
    owner: Annotated[
        str,
        typer.Option(help="The role that owns it, e.g. 'community manager'; never a name."),
    ],
    due: Annotated[str, typer.Option(help="When it is due, YYYY-MM-DD.")],
    accepted_on: Annotated[
        str | None,
        typer.Option(
            help="The day it was accepted, YYYY-MM-DD (default today); the step comes from "
            "the newest snapshot on or before it."
        ),
    ] = None,
) -> None:
    """Accept a next step of an initiative as an action, with the evidence it rests on."""
    opts = options(ctx)
    when = _date(due, "--due")
    with opts.open() as ws:
        action = service.add_action(
            ws, opts.org, initiative, tip, owner, when, parse_date(accepted_on, "--accepted-on")
        )
        title = _title(ws.model, action.tip)
    measure = ", ".join(m.indicator for m in action.baseline.measure) or "—"
    console.print(
        f"action {action.id}: {action.tip} {title} for {action.initiative}, owned by "
        f"{action.owner}, due {action.due.isoformat()}"
    )
    console.print(
        f"from the snapshot of {action.baseline.as_of.isoformat()}; measured again at each "
        f"later snapshot: {measure}"
    )


@plan_app.command("list")
def show(
    ctx: typer.Context,
    initiative: Annotated[
        str | None, typer.Option(help="Only the actions of this initiative.")
    ] = None,
    status: Annotated[str | None, typer.Option(help="Only open or done actions.")] = None,
) -> None:
    """List the plan: each action, its owner role and due date, and its latest re-check."""
    opts = options(ctx)
    with opts.open() as ws:
        actions = service.action_plan(ws, opts.org, initiative=initiative, status=_status(status))
        titles = {t.id: t.title.en for t in ws.model.tips}
    if not actions:
        console.print(
            "the plan holds no such action; accept a next step with `wi3 plan add INITIATIVE "
            "TIP --owner ROLE --due DATE`"
        )
        return
    today = date.today()
    table = Table(
        "id",
        "initiative",
        "tip",
        "owner",
        "due",
        "status",
        "accepted",
        "latest re-check",
        title="action plan",
    )
    for action in actions:
        table.add_row(
            str(action.id),
            action.initiative,
            f"{action.tip} {titles.get(action.tip, '')}".strip(),
            action.owner,
            action.due.isoformat(),
            _state(action, today),
            f"{action.accepted_on.isoformat()} (snapshot {action.baseline.as_of.isoformat()})",
            _latest(action),
        )
    console.print(table)
    done = sum(a.status == "done" for a in actions)
    console.print(f"{len(actions)} actions, {done} done, {len(actions) - done} open")


@plan_app.command("done")
def done(
    ctx: typer.Context,
    action_id: Annotated[int, typer.Argument(help="The action's id, as `wi3 plan list` shows.")],
    on: Annotated[
        str | None, typer.Option(help="The day it was done, YYYY-MM-DD (default today).")
    ] = None,
) -> None:
    """Mark an action done; later snapshots keep re-checking its indicators."""
    opts = options(ctx)
    with opts.open() as ws:
        action = service.mark_done(ws, opts.org, action_id, parse_date(on, "--on"))
    day = action.done_on.isoformat() if action.done_on else "?"
    console.print(f"action {action.id} ({action.tip} for {action.initiative}) done on {day}")


def _date(text: str, option: str) -> date:
    day = parse_date(text, option)
    assert day is not None  # a required option always has a value
    return day


def _status(text: str | None) -> Literal["open", "done"] | None:
    if text is None:
        return None
    if text not in ("open", "done"):
        raise InputError(f"--status {text!r}: use open or done")
    return "open" if text == "open" else "done"


def _title(model: service.Model, tip: str) -> str:
    return next((t.title.en for t in model.tips if t.id == tip), "")


def _state(action: Action, today: date) -> str:
    if action.status == "done":
        return f"done {action.done_on.isoformat()}" if action.done_on else "done"
    return "open, overdue" if action.overdue(today) else "open"


def _latest(action: Action) -> str:
    latest = action.latest
    if latest is None:
        return "no later snapshot yet"
    return f"{OUTCOMES.get(latest.outcome, latest.outcome)} (as of {latest.as_of.isoformat()})"
