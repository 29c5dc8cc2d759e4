"""Commands for what owners and users say: owner assessments and user surveys."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.prompt import Prompt
from rich.table import Table
from rich.text import Text

from wi3 import service
from wi3.cli._app import app, console, options, parse_date
from wi3.errors import AnswerError, InputError

if TYPE_CHECKING:
    from wi3.service import Locale, Model

survey_app = typer.Typer(
    help="Import user-survey exports and show their results.", no_args_is_help=True
)
app.add_typer(survey_app, name="survey")

ORGANISATION = "@organisation"


@app.command("assess")
def assess(
    ctx: typer.Context,
    initiative: Annotated[
        str | None,
        typer.Argument(
            help=f"The initiative to assess, or {ORGANISATION} for the organisation itself."
        ),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file", "-f", help="Import assessments from a YAML or CSV file instead of asking."
        ),
    ] = None,
    on: Annotated[
        str | None, typer.Option(help="Assessment date, YYYY-MM-DD (default today).")
    ] = None,
    role: Annotated[
        str | None, typer.Option(help="Your role, e.g. 'community manager' (never your name).")
    ] = None,
) -> None:
    """Record an owner assessment: asked item by item, or imported with --file."""
    opts = options(ctx)
    locale = opts.locale
    if file is not None:
        with opts.open() as ws:
            result = service.import_assessments(ws, opts.org, file)
        console.print(f"{file}: {result.text(locale)}")
        return
    if initiative is None:
        raise InputError(key="error.assess_what")
    with opts.open() as ws:
        entry = service.AssessmentInput(
            initiative,
            parse_date(on, "--on") or date.today(),
            assessor_role=role,
            where="interactive",
        )
        entry.answers = ask(ws.model, locale, organisation_level=initiative == ORGANISATION)
        added = service.record_assessment(ws, opts.org, entry)
    answered = sum(v is not None for v in entry.answers.values())
    console.print(
        locale.label(
            "cli.assess.recorded" if added else "cli.assess.identical",
            initiative=initiative,
            date=entry.assessed_on,
            answers=answered,
            unknown=len(entry.answers) - answered,
        )
    )


def ask(model: Model, locale: Locale, organisation_level: bool) -> dict[str, str | None]:
    """Ask each owner question in the terminal, showing the anchored options.

    For the organisation only the business and organisation perspectives are asked, and no
    facts (they describe a single initiative).
    """
    say, language = locale.label, locale.language
    answers: dict[str, str | None] = {}
    phases = [p.id for p in model.phases]
    categories = {c.id: c for c in model.categories}
    scope = set(model.organisation.perspectives) if organisation_level else None
    items = [
        a for a in model.assessment if scope is None or categories[a.category].perspective in scope
    ]
    for n, item in enumerate(items, 1):
        category = categories[item.category]
        console.print()
        console.print(
            Text.assemble(
                (f"{n}/{len(items)} {category.name.get(language)}", "bold"),
                f" — {item.question.get(language)}",
            )
        )
        for i, phase in enumerate(phases, 1):
            console.print(f"  {i}. {category.levels.of(phase).text.get(language)}")
        console.print(f"  0. {say('cli.assess.dont_know')}")
        choice = Prompt.ask(say("cli.assess.answer"), choices=["0", "1", "2", "3"], console=console)
        answers[item.id] = None if choice == "0" else phases[int(choice) - 1]
    if organisation_level:
        return answers
    for n, fact in enumerate(model.facts, 1):
        console.print()
        console.print(
            Text.assemble(
                (say("cli.assess.fact", n=n, of=len(model.facts)), "bold"),
                f" {fact.question.get(language)}",
            )
        )
        if fact.answer == "choice":
            for i, option in enumerate(fact.options, 1):
                console.print(f"  {i}. {option.text.get(language)}")
            hint = say("cli.assess.hint_choice", last=len(fact.options))
        else:
            hint = say(
                "cli.assess.hint_yes_no" if fact.answer == "yes_no" else "cli.assess.hint_number"
            )
        while True:
            raw = Prompt.ask(f"{say('cli.assess.answer')} ({hint})", console=console)
            if raw.strip() == "0":
                answers[fact.id] = None
                break
            if (
                fact.answer == "choice"
                and raw.strip().isdigit()
                and 1 <= int(raw) <= len(fact.options)
            ):
                raw = fact.options[int(raw) - 1].id
            try:
                answers[fact.id] = service.read_fact_answer(raw, fact)
                break
            except AnswerError as exc:
                console.print(exc.message(language), style="red")
    return answers


@survey_app.command("import")
def survey_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The survey tool's CSV export.")],
    initiative: Annotated[str, typer.Option(help="The initiative the survey is about.")],
    mapping: Annotated[Path, typer.Option(help="YAML mapping export columns to survey items.")],
    round_name: Annotated[str, typer.Option("--round", help="Name of the survey round.")],
    opened: Annotated[
        str | None, typer.Option(help="Date the round opened, YYYY-MM-DD (default today).")
    ] = None,
) -> None:
    """Import survey responses (again: only new respondents are added)."""
    opts = options(ctx)
    locale = opts.locale
    with opts.open() as ws:
        result = service.import_survey(
            ws,
            opts.org,
            initiative,
            file,
            mapping,
            round_name,
            parse_date(opened, "--opened") or date.today(),
        )
    parts = [
        locale.label(
            "cli.survey.imported",
            read=result.read,
            imported=result.imported,
            round=repr(result.round),
        )
    ]
    if result.already:
        parts.append(locale.label("cli.survey.already", already=result.already))
    if result.too_long:
        parts.append(
            locale.plural(
                "cli.survey.too_long",
                len(result.too_long),
                lines=locale.listing(result.too_long, limit=5),
                limit=csv.field_size_limit(),
            )
        )
    console.print(f"{file}: " + "; ".join(parts))


@survey_app.command("show")
def survey_show(
    ctx: typer.Context,
    initiative: Annotated[str, typer.Argument(help="The initiative.")],
    round_name: Annotated[str | None, typer.Option("--round", help="Default: the newest.")] = None,
    by_unit: Annotated[bool, typer.Option("--by-unit", help="A column per unit.")] = False,
) -> None:
    """Show item means; groups and items with fewer than 5 answers are never shown."""
    opts = options(ctx)
    locale = opts.locale
    say = locale.label
    with opts.open() as ws:
        results = service.survey_results(ws, opts.org, initiative, round_name)
        statements = {s.id: s.statement.get(opts.language) for s in ws.model.survey}
        fewest = ws.model.settings.min_group_size
    if results.round is None:
        console.print(say("cli.survey.none", initiative=initiative))
        return
    groups = results.groups if by_unit else results.groups[:1]
    table = Table(
        say("cli.survey.item"),
        say("cli.model.statement"),
        title=say("cli.survey.title", initiative=initiative, round=repr(results.round)),
    )
    for group in groups:
        size = f"n={locale.count(group.respondents)}" if group.respondents else say("withheld")
        table.add_column(f"{group.group}\n({size})", justify="right")
    for item, statement in statements.items():
        cells = []
        for group in groups:
            score = None if group.withheld else group.score(item)
            cells.append(
                "—" if score is None or score.mean is None else locale.decimal(score.mean, 2)
            )
        table.add_row(item, statement, *cells)
    console.print(table)
    console.print(f"— : {say('cli.survey.withheld', fewest=fewest)}")
