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
    from wi3.service import Action, Language, Locale

plan_app = typer.Typer(
    help="The action plan: next steps accepted with an owner role and a due date.",
    no_args_is_help=True,
)
app.add_typer(plan_app, name="plan")


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
    say = opts.locale.label
    when = _date(due, "--due")
    with opts.open() as ws:
        action = service.add_action(
            ws, opts.org, initiative, tip, owner, when, parse_date(accepted_on, "--accepted-on")
        )
        step = _steps(ws.model, opts.language)[action.tip]
    measure = ", ".join(m.indicator for m in action.baseline.measure) or "—"
    console.print(
        say(
            "cli.plan.added",
            id=str(action.id),
            step=step,
            initiative=action.initiative,
            owner=action.owner,
            due=action.due.isoformat(),
        )
    )
    console.print(say("cli.plan.basis", date=action.baseline.as_of.isoformat(), measure=measure))


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
    locale = opts.locale
    say = locale.label
    with opts.open() as ws:
        actions = service.action_plan(ws, opts.org, initiative=initiative, status=_status(status))
        steps = _steps(ws.model, opts.language)
    if not actions:
        console.print(say("cli.plan.none"))
        return
    today = date.today()
    table = Table(
        say("action"),
        say("initiative"),
        say("step"),
        say("owner"),
        say("due"),
        say("status"),
        say("accepted"),
        say("cli.plan.latest"),
        title=say("plan"),
    )
    for action in actions:
        table.add_row(
            str(action.id),
            action.initiative,
            steps.get(action.tip, action.tip),
            action.owner,
            action.due.isoformat(),
            _state(locale, action, today),
            say(
                "cli.plan.accepted",
                date=action.accepted_on.isoformat(),
                basis=action.baseline.as_of.isoformat(),
            ),
            _latest(locale, action),
        )
    console.print(table)
    done = sum(a.status == "done" for a in actions)
    console.print(
        locale.plural("cli.plan.counts", len(actions), done=done, open=len(actions) - done)
    )


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
    assert action.done_on is not None  # marked done on this day
    console.print(
        opts.locale.label(
            "cli.plan.done",
            id=str(action.id),
            tip=action.tip,
            initiative=action.initiative,
            date=action.done_on.isoformat(),
        )
    )


def _date(text: str, option: str) -> date:
    day = parse_date(text, option)
    assert day is not None  # a required option always has a value
    return day


def _status(text: str | None) -> Literal["open", "done"] | None:
    if text is None:
        return None
    if text not in ("open", "done"):
        raise InputError(key="error.plan.status", value=repr(text))
    return "open" if text == "open" else "done"


def _steps(model: service.Model, language: Language) -> dict[str, str]:
    """Each tip of the model as a step: its id and title in `language`, e.g. 'T5 Appoint …'."""
    return {t.id: f"{t.id} {t.title.get(language)}" for t in model.tips}


def _state(locale: Locale, action: Action, today: date) -> str:
    if action.done_on is not None:
        return locale.label("cli.plan.done_on", date=action.done_on.isoformat())
    return locale.label("cli.plan.overdue" if action.overdue(today) else "action_open")


def _latest(locale: Locale, action: Action) -> str:
    latest = action.latest
    if latest is None:
        return locale.label("no_recheck")
    return locale.label(
        "cli.plan.checked",
        outcome=locale.label(f"outcome_{latest.outcome}"),
        date=latest.as_of.isoformat(),
    )
