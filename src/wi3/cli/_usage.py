"""Commands for what people actually did: ingest exports, the people directory, the events."""

from __future__ import annotations

import gc
import re
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from wi3 import service
from wi3.cli._app import app, console, errors, options, parse_date
from wi3.errors import InputError

people_app = typer.Typer(
    help="The people directory: import it, and link accounts to people.", no_args_is_help=True
)
app.add_typer(people_app, name="people")

PROGRESS_EVERY = 500
ACCOUNT_MAX = 2**63 - 1
"""The largest account number the store can hold."""
MAX_PEOPLE = 1_000_000
MAX_INITIATIVES = 100
MAX_MONTHS = 600
MAX_EVENTS = 10**9
"""What `wi3 simulate` makes at most: far beyond any example, short of filling the disk."""
_MONTH = re.compile(r"(\d{4})-(\d{2})")


@app.command("ingest")
def ingest_command(
    ctx: typer.Context,
    source: Annotated[
        str, typer.Argument(help=f"One of: {', '.join(sorted(service.CONNECTORS))}.")
    ],
    path: Annotated[Path, typer.Argument(help="The export: a file, a zip or a folder.")],
    initiative: Annotated[
        str | None, typer.Option(help="The initiative; registered if new.")
    ] = None,
    split_by: Annotated[
        str | None,
        typer.Option(
            "--split-by",
            help="channel: each channel, stream or list becomes its own initiative (instead "
            "of --initiative).",
        ),
    ] = None,
    initiative_prefix: Annotated[
        str, typer.Option(help="With --split-by: put this before every initiative id.")
    ] = "",
    containers: Annotated[
        Path | None,
        typer.Option(
            help="With --split-by: a YAML file mapping channel names to initiative ids "
            "(rename, merge) or to skip."
        ),
    ] = None,
    mapping: Annotated[
        Path | None, typer.Option(help="Column mapping (YAML), for the csv source.")
    ] = None,
    origin: Annotated[
        str | None,
        typer.Option(
            help="The platform instance (default: the initiative); keeps ids stable across "
            "overlapping exports."
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option(help="Make a malformed record fatal instead of skipping it.")
    ] = False,
    partial: Annotated[
        bool,
        typer.Option(
            help="Import what is there when the export names containers it does not hold."
        ),
    ] = False,
    exported: Annotated[
        str | None,
        typer.Option(
            help="The day the export was taken, YYYY-MM-DD, when its format does not say; "
            "silence after it is no data, not zero activity."
        ),
    ] = None,
) -> None:
    """Read a platform export into pseudonymised events; reading it again adds nothing."""
    opts = options(ctx)
    locale = opts.locale
    say = locale.label
    exported_on = parse_date(exported, "--exported")
    if initiative is not None:
        service.check_slug(initiative, "--initiative")
    if split_by not in (None, "channel"):
        raise typer.BadParameter("the only split is by channel", param_hint="--split-by")
    if split_by is None and (initiative_prefix or containers is not None):
        raise typer.BadParameter(
            "--initiative-prefix and --containers go with --split-by channel",
            param_hint="--split-by",
        )
    routes = None if split_by is None else service.read_routes(containers, initiative_prefix)
    known = service.CONNECTORS
    noun = known[source].noun if source in known else say("cli.ingest.records")
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}", style="progress.description", markup=False),
        TextColumn("{task.completed:,.0f} " + noun, markup=False),
        TextColumn("{task.fields[rate]}", markup=False),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
    ) as progress:
        task = progress.add_task(say("cli.ingest.reading", file=path.name), total=None, rate="")

        def advance(seen: int) -> None:
            if seen % PROGRESS_EVERY == 0:
                elapsed = progress.tasks[task].elapsed or 0
                rate = f"{seen / elapsed:,.0f}/s" if elapsed else ""
                progress.update(task, completed=seen, rate=rate)

        with opts.open() as ws:
            # what exists now (modules, the model) lives as long as the command: keep it out
            # of the collector's full passes, which an import's millions of objects trigger
            gc.freeze()
            result = service.ingest(
                ws,
                opts.org,
                source,
                path,
                initiative,
                mapping=mapping,
                origin=origin,
                strict=strict,
                partial=partial,
                exported=exported_on,
                split=routes,
                progress=advance,
            )
    console.print(f"{path}: {result.text(locale)}")
    if len(result.parts) > 1:
        table = Table(
            say("initiative"),
            say("cli.ingest.new_events"),
            say("cli.ingest.registered_column"),
            title=say("cli.ingest.initiatives"),
        )
        for part in result.parts:
            table.add_row(
                part.initiative,
                locale.count(part.events_added),
                say("answer_yes") if part.registered else "",
            )
        console.print(table)


@app.command("simulate")
def simulate_command(
    ctx: typer.Context,
    people: Annotated[
        int, typer.Option(help="People in the directory (bots come on top).", max=MAX_PEOPLE)
    ] = 2000,
    initiatives: Annotated[
        int,
        typer.Option(
            help="Initiatives, spread over the three phases; some change phase.",
            max=MAX_INITIATIVES,
        ),
    ] = 6,
    months: Annotated[
        int, typer.Option(help="Months of usage, up to --last-month.", max=MAX_MONTHS)
    ] = 12,
    events: Annotated[
        int | None,
        typer.Option(
            help="About this many events in all (default: the natural rate).", max=MAX_EVENTS
        ),
    ] = None,
    seed: Annotated[
        int, typer.Option(help="The same seed gives the same people and events.", min=0)
    ] = 1,
    org: Annotated[
        str | None, typer.Option(help="Organisation to create or reuse (default: simulated).")
    ] = None,
    last_month: Annotated[
        str | None, typer.Option(help="Last month simulated, YYYY-MM (default: last month).")
    ] = None,
    lifecycles: Annotated[
        bool,
        typer.Option(
            help="Let initiatives decline, fall silent or be archived in turn (with --months "
            "of at least 18, so that each path runs its course)."
        ),
    ] = False,
) -> None:
    """Generate an example organisation with a people directory and the usage of its initiatives."""
    opts = options(ctx)
    locale = opts.locale
    say = locale.label
    _check_month(last_month)
    if org is not None:
        service.check_slug(org, "--org")
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}", style="progress.description", markup=False),
        BarColumn(),
        TextColumn("{task.completed:,.0f} " + say("cli.simulate.events"), markup=False),
        TextColumn("{task.fields[rate]}", markup=False),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=errors,
        transient=True,
    ) as progress:
        task = progress.add_task(say("cli.simulate.simulating"), total=None, rate="")

        def advance(done: int, expected: int) -> None:
            elapsed = progress.tasks[task].elapsed or 0
            rate = f"{done / elapsed:,.0f}/s" if elapsed else ""
            progress.update(task, completed=done, total=max(expected, done), rate=rate)

        ws = service.init_workspace(opts.workspace, opts.model)
        try:
            result = service.simulate(
                ws,
                org or opts.org,
                people=people,
                initiatives=initiatives,
                months=months,
                seed=seed,
                events=events,
                last_month=last_month,
                lifecycles=lifecycles,
                progress=advance,
            )
        finally:
            ws.close()
    table = Table(
        say("initiative"), say("kind"), say("cli.simulate.phases"), say("activity"),
        say("cli.simulate.units"), say("people"), say("cli.simulate.events"),
        title=say("cli.simulate.title", organisation=result.organisation, seed=str(seed)),
    )  # fmt: skip
    for i in result.initiatives:
        table.add_row(
            i.slug,
            locale.label_or(f"kind_{i.kind}", i.kind),
            i.phases,
            i.lifecycle,
            locale.count(i.units),
            locale.count(i.people),
            locale.count(i.events),
        )
    console.print(table)
    console.print(result.text(locale))
    if events is not None and result.floor > events:
        console.print(say("cli.simulate.floor", floor=result.floor))


def _check_month(month: str | None) -> None:
    """Refuse a --last-month that is no month between 1970-01 and 2999-12."""
    found = _MONTH.fullmatch(month) if month is not None else None
    if month is not None and (
        found is None or not 1970 <= int(found[1]) <= 2999 or not 1 <= int(found[2]) <= 12
    ):
        raise InputError(key="error.not_a_month", value=repr(month))


@app.command("events")
def events_command(
    ctx: typer.Context,
    initiative: Annotated[str | None, typer.Argument(help="Default: every initiative.")] = None,
) -> None:
    """Show how many events of each kind the store holds, by month."""
    opts = options(ctx)
    locale = opts.locale
    say, count = locale.label, locale.count
    with opts.open() as ws:
        counts = service.event_counts(ws, opts.org, initiative)
        fewest = ws.model.settings.min_group_size
    if not counts.months:
        console.print(say("cli.events.none"))
        return
    table = Table(
        say("cli.events.month"),
        *(locale.label_or(f"cli.events.kind.{k}", k) for k in counts.kinds),
        say("total"),
        title=say("cli.events.title", initiative=initiative)
        if initiative
        else say("cli.events.title_all"),
    )
    for month in counts.months:
        row = counts.by_month[month]
        table.add_row(
            month, *(count(row.get(k, 0)) for k in counts.kinds), count(sum(row.values()))
        )
    table.add_section()
    table.add_row(
        say("total"),
        *(count(counts.totals.get(k, 0)) for k in counts.kinds),
        count(sum(counts.totals.values())),
    )
    console.print(table)
    console.print(
        say("cli.events.actors", actors=counts.actors, files=counts.files)
        if counts.actors >= fewest
        else say("cli.events.few_actors", fewest=fewest, files=counts.files)
    )


@people_app.command("import")
def people_import(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV: person_id, unit, location, level, start_date, end_date, bot, aliases."
        ),
    ],
) -> None:
    """Import the people directory (only pseudonyms and digests are kept) and link accounts."""
    opts = options(ctx)
    with opts.open() as ws:
        result = service.import_people(ws, opts.org, file)
    console.print(
        opts.locale.label(
            "cli.people.imported",
            file=file,
            people=result.people,
            added=result.added,
            units=result.units_added,
            relinked=result.relinked,
        )
    )


@people_app.command("suggest")
def people_suggest(ctx: typer.Context) -> None:
    """List accounts on different platforms that look like one person, to confirm or reject."""
    opts = options(ctx)
    locale = opts.locale
    say = locale.label
    with opts.open() as ws:
        found = service.suggest_links(ws, opts.org)
    if not found:
        console.print(say("cli.people.no_suggestions"))
        return
    table = Table(
        say("cli.people.accounts"),
        say("cli.people.first"),
        say("cli.people.second"),
        say("cli.people.share"),
        say("cli.people.strength"),
        title=say("cli.people.suggestions"),
    )
    for s in found:
        table.add_row(
            f"{s.first} {s.second}",
            f"{s.first_source} {s.first_hint}",
            f"{s.second_source} {s.second_hint}",
            ", ".join(
                locale.label_or(f"cli.people.alias.{kind}", kind) for kind in s.evidence.split(", ")
            ),
            locale.label_or(f"cli.people.strength.{s.strength}", s.strength),
        )
    console.print(table)
    console.print(say("cli.people.decide"))


@people_app.command("confirm")
def people_confirm(
    ctx: typer.Context,
    first: Annotated[int, typer.Argument(min=1, max=ACCOUNT_MAX)],
    second: Annotated[int, typer.Argument(min=1, max=ACCOUNT_MAX)],
) -> None:
    """Confirm that two accounts belong to one person."""
    opts = options(ctx)
    with opts.open() as ws:
        service.decide_link(ws, opts.org, first, second, confirmed=True)
    console.print(opts.locale.label("cli.people.confirmed"))


@people_app.command("reject")
def people_reject(
    ctx: typer.Context,
    first: Annotated[int, typer.Argument(min=1, max=ACCOUNT_MAX)],
    second: Annotated[int, typer.Argument(min=1, max=ACCOUNT_MAX)],
) -> None:
    """Record that two accounts belong to different people."""
    opts = options(ctx)
    with opts.open() as ws:
        service.decide_link(ws, opts.org, first, second, confirmed=False)
    console.print(opts.locale.label("cli.people.rejected"))
