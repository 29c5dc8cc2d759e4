"""Commands for survey rounds collected online: create, invite, follow and close a round."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from wi3 import service
from wi3.cli._app import console, options, parse_date
from wi3.cli._questionnaires import survey_app
from wi3.errors import InputError

round_app = typer.Typer(
    help="Survey rounds wi3 collects online: single-use links sent with your own mail.",
    no_args_is_help=True,
)
survey_app.add_typer(round_app, name="round")

BASE_URL = typer.Option(
    "--base-url",
    help="The address of the survey page of `wi3 serve`, e.g. https://wi3.example.org/survey; "
    "each link is this followed by /TOKEN.",
)


@round_app.command("create")
def round_create(
    ctx: typer.Context,
    initiative: Annotated[str, typer.Argument(help="The initiative the survey is about.")],
    name: Annotated[str, typer.Argument(help="The round's name, e.g. '2026 Q1'.")],
    language: Annotated[str, typer.Option(help="The language it asks in: en or nl.")] = "en",
    closes: Annotated[
        str | None,
        typer.Option(help="The last day it takes answers, YYYY-MM-DD (default: until closed)."),
    ] = None,
    open_link: Annotated[
        bool,
        typer.Option(
            "--open-link",
            help="Also make an open link anyone holding it may use (each visit gets a "
            "single-use link of its own).",
        ),
    ] = False,
    base_url: Annotated[str | None, BASE_URL] = None,
) -> None:
    """Create a survey round from the model's survey items, to be answered online."""
    opts = options(ctx)
    with opts.open() as ws:
        made = service.create_round(
            ws,
            opts.org,
            initiative,
            name,
            language,
            closes_on=parse_date(closes, "--closes"),
            open_link=open_link,
        )
    locale = opts.locale
    console.print(made.text(locale))
    if made.open_link is not None:
        console.print(
            locale.label("cli.round.open_link", link=service.survey_link(base_url, made.open_link))
        )


@round_app.command("invite")
def round_invite(
    ctx: typer.Context,
    initiative: Annotated[str, typer.Argument(help="The initiative of the round.")],
    name: Annotated[str, typer.Argument(help="The round's name.")],
    file: Annotated[
        Path, typer.Argument(help="CSV of invitees: address, unit and optionally level.")
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="Where to write each new invitee's address and single-use link (a CSV for "
            "your mail merge); it must not exist yet.",
        ),
    ],
    base_url: Annotated[str | None, BASE_URL] = None,
) -> None:
    """Make a single-use link for each invitee not yet invited, to send with your own mail."""
    opts = options(ctx)
    # made before any invitation, so that no link is made that cannot be written; readable by
    # its owner only, as the links are secrets until sent
    try:
        descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise InputError(key="error.round.links_exist", path=str(output)) from None
    except OSError as exc:
        raise InputError(
            key="error.round.links_unwritable", path=str(output), reason=str(exc.strerror)
        ) from exc
    with os.fdopen(descriptor, "w", newline="", encoding="utf-8") as fh:
        try:
            with opts.open() as ws:
                made = service.invite(ws, opts.org, initiative, name, file)
        except BaseException:
            output.unlink()
            raise
        fh.write(made.links_csv(base_url))
    locale = opts.locale
    console.print(
        f"{file}: {made.text(locale)}; {locale.label('cli.round.links', path=str(output))}"
    )


@round_app.command("close")
def round_close(
    ctx: typer.Context,
    initiative: Annotated[str, typer.Argument(help="The initiative of the round.")],
    name: Annotated[str, typer.Argument(help="The round's name.")],
) -> None:
    """Close a round now: its answers become results, and the next diagnosis reads them."""
    opts = options(ctx)
    with opts.open() as ws:
        closed = service.close_round(ws, opts.org, initiative, name)
    console.print(closed.text(opts.locale))


@round_app.command("status")
def round_status(
    ctx: typer.Context,
    initiative: Annotated[str, typer.Argument(help="The initiative.")],
    name: Annotated[str | None, typer.Argument(help="One round (default: every round).")] = None,
) -> None:
    """Show where the rounds stand; response rates only for groups of at least five."""
    opts = options(ctx)
    with opts.open() as ws:
        if name is None:
            found = service.survey_rounds(ws, opts.org, initiative)
        else:
            found = [service.round_status(ws, opts.org, initiative, name)]
    locale = opts.locale
    say = locale.label
    if not found:
        console.print(say("cli.round.none", initiative=initiative))
        return
    for status in found:
        console.print(status.text(locale))
        groups = status.by_unit + status.by_level
        if not groups:
            continue
        table = Table(
            say("cli.round.group"),
            say("cli.round.invited_column"),
            say("cli.round.responded_column"),
            say("cli.round.rate"),
        )
        for group in groups:
            table.add_row(
                locale.label_or(f"cli.round.group.{group.group}", group.group),
                locale.count(group.invited),
                "—" if group.responded is None else locale.count(group.responded),
                "—" if group.rate is None else locale.percent(group.rate),
            )
        console.print(table)
        console.print(f"— : {status.withheld_note.render(opts.language)}")
