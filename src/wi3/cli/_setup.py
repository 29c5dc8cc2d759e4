"""Commands that set things up: the workspace and its key, the model, organisations and
initiatives."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from wi3 import service
from wi3.cli._app import app, console, errors, options, parse_date

if TYPE_CHECKING:
    from wi3.service import Locale, Model

model_app = typer.Typer(help="Check and show the growth model.", no_args_is_help=True)
org_app = typer.Typer(help="Import and show organisations.", no_args_is_help=True)
initiative_app = typer.Typer(help="Register and list initiatives.", no_args_is_help=True)
key_app = typer.Typer(
    help="Where the pseudonymisation key is kept, and moving it out of the workspace.",
    no_args_is_help=True,
)
app.add_typer(key_app, name="key")
app.add_typer(model_app, name="model")
app.add_typer(org_app, name="org")
app.add_typer(initiative_app, name="initiative")


@app.command("init")
def init(ctx: typer.Context) -> None:
    """Create a workspace (the folder of --workspace, WI3_HOME or ./wi3-workspace)."""
    opts = options(ctx)
    say = opts.locale.label
    ws = service.init_workspace(opts.workspace, opts.model)
    try:
        console.print(say("cli.init.ready", path=ws.path.absolute(), store=ws.store.url))
        key = ws.pseudonym_key
        place = key.place.text(opts.locale)
        console.print(say("cli.init.key_new" if key.new else "cli.init.key", place=place))
        if key.place.kind != "inside":
            console.print(say("cli.init.back_up"))
    finally:
        ws.close()


@key_app.command("show")
def key_show(ctx: typer.Context) -> None:
    """Say where the workspace's pseudonymisation key is, and its fingerprint (never the key)."""
    locale = options(ctx).locale
    say = locale.label
    status = service.key_status(options(ctx).workspace)
    console.print(
        say("cli.key.workspace", path=status.workspace.absolute(), id=status.id)
        if status.id
        else say("cli.key.workspace_no_id", path=status.workspace.absolute())
    )
    console.print(say("cli.key.place", place=status.place.text(locale)))
    console.print(say("cli.key.fingerprint", fingerprint=status.fingerprint[:16]))
    if status.inside:
        console.print(say("cli.key.still_inside"))


@key_app.command("move")
def key_move(ctx: typer.Context) -> None:
    """Move a key kept inside the workspace (older workspaces) to your configuration folder."""
    say = options(ctx).locale.label
    moved = service.move_key(options(ctx).workspace)
    if not moved.moved:
        console.print(say("cli.key.not_inside", target=moved.target))
        return
    console.print(say("cli.key.moved", source=moved.source.absolute(), target=moved.target))


@model_app.command("validate")
def model_validate(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The model YAML file to check.")],
) -> None:
    """Check a model file and list every problem with its place in the file."""
    locale = options(ctx).locale
    problems = service.check_model_file(file)
    if problems:
        errors.print(locale.plural("cli.model.problems", len(problems), file=file))
        for problem in problems:
            errors.print(f"  {problem}")
        raise typer.Exit(1)
    model = service.load_model(file)
    console.print(
        locale.label(
            "cli.model.valid",
            file=file,
            categories=len(model.categories),
            indicators=len(model.indicators),
            tips=len(model.tips),
            items=len(model.survey),
        )
    )


@model_app.command("show")
def model_show(ctx: typer.Context) -> None:
    """Show the model's categories, owner questions and survey items with their ids."""
    locale = options(ctx).locale
    say, language = locale.label, locale.language
    model = service.load_model(options(ctx).model)
    source = options(ctx).model or service.default_model_path()
    console.print(f"{model.name.get(language)} {model.version} ({source})")
    phases = {p.id: p.name.get(language) for p in model.phases}
    perspectives = {p.id: p.name.get(language) for p in model.perspectives}
    table = Table(
        say("perspective"),
        say("category"),
        *phases.values(),
        title=say("categories"),
        show_lines=True,
    )
    for c in model.categories:
        table.add_row(
            perspectives.get(c.perspective, c.perspective),
            f"{c.name.get(language)} ({c.id})",
            *(c.levels.of(p).text.get(language) for p in phases),
        )
    console.print(table)
    questions = Table(
        "id", say("cli.model.question"), say("cli.model.answers"), title=say("evidence_owner")
    )
    for a in model.assessment:
        questions.add_row(a.id, a.question.get(language), " / ".join(phases.values()))
    for f in model.facts:
        answers = (
            f"{say('answer_yes')} / {say('answer_no')}"
            if f.answer == "yes_no"
            else say("cli.model.a_number")
            if f.answer == "number"
            else " / ".join(o.id for o in f.options)
        )
        questions.add_row(f.id, f.question.get(language), answers)
    console.print(questions)
    survey = Table(
        "id", say("cli.model.statement"), say("cli.model.scale"), title=say("evidence_survey")
    )
    for s in model.survey:
        survey.add_row(s.id, s.statement.get(language), s.scale)
    console.print(survey)
    _show_thresholds(model, locale)


def _show_thresholds(model: Model, locale: Locale) -> None:
    """The usage indicators' levels and every threshold, with where each number comes from."""
    say, language = locale.label, locale.language
    phases = {p.id: p.name.get(language) for p in model.phases}
    usage = Table(
        say("indicator"),
        say("category"),
        phases["facilitating"],
        phases["strategic"],
        say("cli.model.fewest_people"),
        say("cli.model.calibration"),
        title=say("cli.model.usage_indicators"),
        show_lines=True,
    )
    for i in model.indicators:
        if i.levels is None or i.evidence in ("owner", "survey"):
            continue
        usage.add_row(
            i.id + ("" if i.about_people else " *"),
            i.category,
            str(i.levels["facilitating"]),
            str(i.levels["strategic"]),
            locale.number(i.min_group.value) if i.min_group else "",
            i.calibration.get(language) if i.calibration else "",
        )
    console.print(usage)
    states = {s.id: s.name.get(language) for s in model.activity.states}
    rules = Table(
        say("rule"), say("cli.model.state"), say("cli.model.says"), title=say("cli.model.rules")
    )
    for r in model.activity.rules:
        rules.add_row(r.id, states.get(r.state, r.state), r.text.get(language))
    console.print(rules)
    table = Table(
        say("cli.model.threshold"),
        say("value"),
        say("why"),
        say("cli.model.calibration"),
        title=say("cli.model.thresholds"),
        show_lines=True,
    )
    for name, threshold in model.thresholds():
        table.add_row(
            name,
            locale.number(threshold.value),
            threshold.reason.get(language),
            threshold.calibration.get(language) if threshold.calibration else "",
        )
    console.print(table)


@org_app.command("import")
def org_import(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="Organisation YAML: organisation, units, initiatives.")
    ],
) -> None:
    """Import an organisation with its units and initiatives (again: updates, no duplicates)."""
    with options(ctx).open() as ws:
        result = service.import_organisation_file(ws, file)
    console.print(result.text(options(ctx).locale))


@org_app.command("units")
def org_units(ctx: typer.Context) -> None:
    """List the organisation's units: from its file, its people directory and initiatives."""
    say = options(ctx).locale.label
    with options(ctx).open() as ws:
        rows = service.units(ws, options(ctx).org)
    if not rows:
        console.print(say("cli.org.no_units"))
        return
    table = Table(say("unit"), say("cli.name"), title=say("cli.org.units"))
    for row in rows:
        table.add_row(row.path, row.name)
    console.print(table)


@initiative_app.command("add")
def initiative_add(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(help="Short id, e.g. team-wiki.")],
    name: Annotated[str | None, typer.Option(help="Display name (needed when new).")] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            help="wiki, esn, chat, qa, forum, blog, mailing_list or other (needed when new)."
        ),
    ] = None,
    platform: Annotated[str | None, typer.Option(help="e.g. MediaWiki, Slack.")] = None,
    unit: Annotated[str | None, typer.Option(help="Owning unit path, e.g. ict/workplace.")] = None,
    start: Annotated[str | None, typer.Option(help="Start date, YYYY-MM-DD.")] = None,
    audience: Annotated[int | None, typer.Option(help="People in scope.")] = None,
    status: Annotated[str | None, typer.Option(help="active (default), paused or retired.")] = None,
    end: Annotated[
        str | None,
        typer.Option(help="The day it ended (or will end), YYYY-MM-DD: stopped from then on."),
    ] = None,
    scope: Annotated[
        list[str] | None,
        typer.Option(help="A unit it is meant for (repeat for several); default everyone."),
    ] = None,
) -> None:
    """Register an initiative, or change the options given of the one with this slug."""
    given = {
        "name": name,
        "kind": kind,
        "platform": platform,
        "unit": unit,
        "start_date": parse_date(start, "--start"),
        "status": status,
        "end_date": parse_date(end, "--end"),
        "audience": audience,
        "scope": scope,
    }
    with options(ctx).open() as ws:
        outcome = service.add_initiative(
            ws, options(ctx).org, slug, **{k: v for k, v in given.items() if v is not None}
        )
    console.print(options(ctx).locale.label(f"cli.initiative.{outcome}", initiative=slug))


@initiative_app.command("list")
def initiative_list(ctx: typer.Context) -> None:
    """List the organisation's initiatives."""
    locale = options(ctx).locale
    say = locale.label
    with options(ctx).open() as ws:
        rows = service.initiatives(ws, options(ctx).org)
    table = Table(
        say("initiative"), say("cli.name"), say("kind"), say("platform"), say("unit"),
        say("started"), say("status"), say("end_date"), say("audience"), say("cli.scope"),
    )  # fmt: skip
    for r in rows:
        table.add_row(
            r.slug,
            r.name,
            locale.label_or(f"kind_{r.kind}", r.kind),
            r.platform or "",
            r.unit or "",
            locale.day(r.start_date) if r.start_date else "",
            locale.label_or(f"status_{r.status}", r.status),
            locale.day(r.end_date) if r.end_date else "",
            locale.count(r.audience) if r.audience else "",
            ", ".join(r.scope) or say("cli.everyone"),
        )
    console.print(table)
