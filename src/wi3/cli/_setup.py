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
    from wi3.service import Model

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
    ws = service.init_workspace(opts.workspace, opts.model)
    try:
        console.print(f"workspace ready at {ws.path.absolute()} (store: {ws.store.url})")
        key = ws.pseudonym_key
        console.print(f"pseudonymisation key: {key.place}" + (" (new)" if key.new else ""))
        if key.place.kind != "inside":
            console.print(
                "Back the key up now, apart from the workspace: without it wi3 cannot open the "
                "workspace, and new imports cannot be linked to the pseudonyms stored. Do not "
                "copy it into the workspace folder."
            )
    finally:
        ws.close()


@key_app.command("show")
def key_show(ctx: typer.Context) -> None:
    """Say where the workspace's pseudonymisation key is, and its fingerprint (never the key)."""
    console.print(str(service.key_status(options(ctx).workspace)))


@key_app.command("move")
def key_move(ctx: typer.Context) -> None:
    """Move a key kept inside the workspace (older workspaces) to your configuration folder."""
    console.print(str(service.move_key(options(ctx).workspace)))


@model_app.command("validate")
def model_validate(
    file: Annotated[Path, typer.Argument(help="The model YAML file to check.")],
) -> None:
    """Check a model file and list every problem with its place in the file."""
    problems = service.check_model_file(file)
    if problems:
        errors.print(f"{file}: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
        for problem in problems:
            errors.print(f"  {problem}")
        raise typer.Exit(1)
    model = service.load_model(file)
    console.print(
        f"{file}: valid — {len(model.categories)} categories, {len(model.indicators)} "
        f"indicators, {len(model.tips)} tips, {len(model.survey)} survey items",
    )


@model_app.command("show")
def model_show(
    ctx: typer.Context,
    language: Annotated[str, typer.Option(help="en or nl.")] = "en",
) -> None:
    """Show the model's categories, owner questions and survey items with their ids."""
    model = service.load_model(options(ctx).model)
    source = options(ctx).model or service.default_model_path()
    console.print(f"{model.name.get(language)} {model.version} ({source})")
    phases = [p.id for p in model.phases]
    table = Table("perspective", "category", *phases, title="Categories", show_lines=True)
    for c in model.categories:
        table.add_row(
            c.perspective,
            f"{c.name.get(language)} ({c.id})",
            *(c.levels.of(p).text.get(language) for p in phases),
        )
    console.print(table)
    questions = Table("id", "question", "answers", title="Owner assessment")
    for a in model.assessment:
        questions.add_row(a.id, a.question.get(language), " / ".join(phases))
    for f in model.facts:
        answers = (
            "yes / no"
            if f.answer == "yes_no"
            else "a number"
            if f.answer == "number"
            else " / ".join(o.id for o in f.options)
        )
        questions.add_row(f.id, f.question.get(language), answers)
    console.print(questions)
    survey = Table("id", "statement", "scale", title="User survey")
    for s in model.survey:
        survey.add_row(s.id, s.statement.get(language), s.scale)
    console.print(survey)
    _show_thresholds(model, language)


def _show_thresholds(model: Model, language: str) -> None:
    """The usage indicators' levels and every threshold, with where each number comes from."""
    usage = Table(
        "indicator", "category", "facilitating", "strategic", "fewest people", "calibration",
        title="Usage indicators (about no person: *)", show_lines=True,
    )  # fmt: skip
    for i in model.indicators:
        if i.levels is None or i.evidence in ("owner", "survey"):
            continue
        usage.add_row(
            i.id + ("" if i.about_people else " *"),
            i.category,
            str(i.levels["facilitating"]),
            str(i.levels["strategic"]),
            f"{i.min_group.value:g}" if i.min_group else "",
            i.calibration.get(language) if i.calibration else "",
        )
    console.print(usage)
    rules = Table("rule", "state", "says", title="Activity rules, in the order they apply")
    for r in model.activity.rules:
        rules.add_row(r.id, r.state, r.text.get(language))
    console.print(rules)
    table = Table("threshold", "value", "why", "calibration", title="Thresholds", show_lines=True)
    for name, threshold in model.thresholds():
        table.add_row(
            name,
            f"{threshold.value:g}",
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
    console.print(str(result))


@org_app.command("units")
def org_units(ctx: typer.Context) -> None:
    """List the organisation's units: from its file, its people directory and initiatives."""
    with options(ctx).open() as ws:
        rows = service.units(ws, options(ctx).org)
    if not rows:
        console.print(
            "no units yet: list them under `units:` in the organisation file, or import the "
            "people directory (`wi3 people import FILE`)"
        )
        return
    table = Table("unit", "name", title="units")
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
    console.print(f"initiative {slug}: {outcome}")


@initiative_app.command("list")
def initiative_list(ctx: typer.Context) -> None:
    """List the organisation's initiatives."""
    with options(ctx).open() as ws:
        rows = service.initiatives(ws, options(ctx).org)
    table = Table(
        "initiative", "name", "kind", "platform", "unit", "start", "status", "end", "audience",
        "scope",
    )  # fmt: skip
    for r in rows:
        table.add_row(
            r.slug,
            r.name,
            r.kind,
            r.platform or "",
            r.unit or "",
            r.start_date.isoformat() if r.start_date else "",
            r.status,
            r.end_date.isoformat() if r.end_date else "",
            str(r.audience or ""),
            ", ".join(r.scope) or "everyone",
        )
    console.print(table)
