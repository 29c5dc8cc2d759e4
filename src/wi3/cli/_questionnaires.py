"""Commands for what owners and users say: owner assessments and user surveys."""

from __future__ import annotations

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
    from wi3.service import Model

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
    if file is not None:
        with opts.open() as ws:
            result = service.import_assessments(ws, opts.org, file)
        console.print(f"{file}: {result}")
        return
    if initiative is None:
        raise InputError("name the initiative to assess (or @organisation), or give --file")
    with opts.open() as ws:
        entry = service.AssessmentInput(
            initiative,
            parse_date(on, "--on") or date.today(),
            assessor_role=role,
            where="interactive",
        )
        entry.answers = ask(ws.model, organisation_level=initiative == ORGANISATION)
        added = service.record_assessment(ws, opts.org, entry)
    answered = sum(v is not None for v in entry.answers.values())
    console.print(
        f"assessment of {initiative} on {entry.assessed_on}: {answered} answers, "
        f"{len(entry.answers) - answered} don't know"
        + ("" if added else " — identical to one already stored, so not added again"),
    )


def ask(model: Model, organisation_level: bool) -> dict[str, str | None]:
    """Ask each owner question in the terminal, showing the anchored options.

    For the organisation only the business and organisation perspectives are asked, and no
    facts (they describe a single initiative).
    """
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
                (f"{n}/{len(items)} {category.name.en}", "bold"), f" — {item.question.en}"
            )
        )
        for i, phase in enumerate(phases, 1):
            console.print(f"  {i}. {category.levels.of(phase).text.en}")
        console.print("  0. don't know")
        choice = Prompt.ask("answer", choices=["0", "1", "2", "3"], console=console)
        answers[item.id] = None if choice == "0" else phases[int(choice) - 1]
    if organisation_level:
        return answers
    for n, fact in enumerate(model.facts, 1):
        console.print()
        console.print(
            Text.assemble((f"fact {n}/{len(model.facts)}", "bold"), f" {fact.question.en}")
        )
        if fact.answer == "choice":
            for i, option in enumerate(fact.options, 1):
                console.print(f"  {i}. {option.text.en}")
            hint = f"1–{len(fact.options)}, or 0 for don't know"
        else:
            hint = (
                "yes / no, or 0 for don't know"
                if fact.answer == "yes_no"
                else "a number, or 0 for don't know"
            )
        while True:
            raw = Prompt.ask(f"answer ({hint})", console=console)
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
                console.print(str(exc), style="red")
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
    console.print(f"{file}: {result}")


@survey_app.command("show")
def survey_show(
    ctx: typer.Context,
    initiative: Annotated[str, typer.Argument(help="The initiative.")],
    round_name: Annotated[str | None, typer.Option("--round", help="Default: the newest.")] = None,
    by_unit: Annotated[bool, typer.Option("--by-unit", help="A column per unit.")] = False,
) -> None:
    """Show item means; groups and items with fewer than 5 answers are never shown."""
    opts = options(ctx)
    with opts.open() as ws:
        results = service.survey_results(ws, opts.org, initiative, round_name)
        statements = {s.id: s.statement.en for s in ws.model.survey}
    if results.round is None:
        console.print(f"{initiative} has no survey responses yet")
        return
    groups = results.groups if by_unit else results.groups[:1]
    table = Table("item", "statement", title=f"{initiative}: survey round {results.round!r}")
    for group in groups:
        size = f"n={group.respondents}" if group.respondents else "withheld"
        table.add_column(f"{group.group}\n({size})", justify="right")
    for item, statement in statements.items():
        cells = []
        for group in groups:
            score = None if group.withheld else group.score(item)
            cells.append("—" if score is None or score.mean is None else f"{score.mean:.2f}")
        table.add_row(item, statement, *cells)
    console.print(table)
    console.print(f"— : {results.withheld_note}")
