"""Commands of the web application: serve it, and manage who signs in and their API tokens."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from wi3 import service
from wi3.cli._app import app, console, options
from wi3.errors import InputError

user_app = typer.Typer(
    help="The people who sign in to the web application, and their roles.", no_args_is_help=True
)
token_app = typer.Typer(help="Personal access tokens for the JSON API.", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")

PASSWORD_ENV = "WI3_PASSWORD"


@app.command("serve")
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(help="Worker processes; each serves any request (they share the store).")
    ] = 1,
    secure_cookies: Annotated[
        bool,
        typer.Option(help="Send the session cookie over HTTPS only (behind a TLS proxy)."),
    ] = False,
    max_upload_mb: Annotated[
        int, typer.Option(help="The largest file an import may upload, in MB.", min=1)
    ] = 1000,
    import_folder: Annotated[
        Path | None,
        typer.Option(
            help="A folder on the server whose exports administrators may import by path "
            "(default: none may be).",
            exists=True,
            file_okay=False,
        ),
    ] = None,
) -> None:
    """Start the web application on the workspace: growth board, pages and the JSON API."""
    opts = options(ctx)
    if workers < 1:
        raise InputError(f"--workers {workers}: give at least 1")
    if not 1 <= port <= 65535:
        raise InputError(f"--port {port}: give a port from 1 to 65535, e.g. 8000")
    with opts.open() as ws:  # fail here, with the CLI's message, if the workspace is unusable
        service.web_secret(ws)
        folder = ws.path
    from wi3.web import SETTINGS_ENV, Settings, serve_app

    settings = Settings(
        workspace=folder.absolute(),
        model=opts.model.absolute() if opts.model else None,
        secure_cookies=secure_cookies,
        max_upload_mb=max_upload_mb,
        import_folder=import_folder.absolute() if import_folder else None,
    )
    os.environ[SETTINGS_ENV] = settings.model_dump_json()  # for every worker process
    console.print(
        opts.locale.label("cli.web.serving", folder=folder.absolute(), host=host, port=port)
    )
    serve_app(host, port, workers)


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The user's e-mail address: they sign in with it.")],
    role: Annotated[str, typer.Option(help="administrator, analyst, owner or viewer.")],
    initiative: Annotated[
        list[str] | None,
        typer.Option(help="An initiative an owner owns (repeat the option for more)."),
    ] = None,
) -> None:
    """Give a user a role in --org (an administrator without --org: in every organisation).

    A new user is asked for a password, or it is read from WI3_PASSWORD (for scripts). A role
    the user held in that organisation before is replaced.
    """
    opts = options(ctx)
    with opts.open() as ws:
        password = os.environ.get(PASSWORD_ENV)
        if password is None and not service.user_exists(ws, email):
            password = typer.prompt(
                opts.locale.label("cli.web.password", email=email.strip()),
                hide_input=True,
                confirmation_prompt=True,
            )
        row = service.add_user(
            ws,
            email,
            role,  # type: ignore[arg-type]  # the service refuses an unknown role by name
            opts.org,
            password,
            initiative or (),
        )
    console.print(f"{row.email}: {_roles(row, opts.locale)}")


@user_app.command("remove")
def user_remove(
    ctx: typer.Context, email: Annotated[str, typer.Argument(help="The user's e-mail address.")]
) -> None:
    """Take away a user's role in --org (without --org: their role in every organisation)."""
    opts = options(ctx)
    with opts.open() as ws:
        row = service.remove_role(ws, email, opts.org)
    roles = _roles(row, opts.locale) or opts.locale.label("cli.web.no_roles")
    console.print(f"{row.email}: {roles}")


@user_app.command("list")
def user_list(ctx: typer.Context) -> None:
    """List the users and their roles (in --org only, when given)."""
    opts = options(ctx)
    with opts.open() as ws:
        rows = service.users(ws, opts.org)
    say = opts.locale.label
    table = Table(say("cli.web.user"), say("cli.web.active"), say("cli.web.roles"))
    table.title = say("cli.web.users")
    for row in rows:
        active = say("cli.web.yes") if row.active else say("cli.web.no")
        table.add_row(row.email, active, _roles(row, opts.locale))
    console.print(table)


def _roles(row: service.UserRow, locale: service.Locale) -> str:
    every = locale.label("cli.web.every_organisation")
    return "; ".join(
        locale.label("cli.web.role_of", role=r.role, organisation=r.organisation or every)
        + (f" ({', '.join(r.initiatives)})" if r.initiatives else "")
        for r in row.roles
    )


@token_app.command("add")
def token_add(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The user the token acts for.")],
    name: Annotated[str, typer.Option(help="What the token is for, e.g. the script using it.")],
) -> None:
    """Make a personal access token for the JSON API; it is shown this once."""
    opts = options(ctx)
    with opts.open() as ws:
        made = service.add_token(ws, email, name)
    say = opts.locale.label
    console.print(say("cli.web.token_made", id=made.id, name=made.name, token=made.token))
    console.print(say("cli.web.token_keep"))


@token_app.command("list")
def token_list(ctx: typer.Context, email: Annotated[str, typer.Argument(help="The user.")]) -> None:
    """List a user's tokens (never their secrets)."""
    opts = options(ctx)
    with opts.open() as ws:
        rows = service.tokens(ws, email)
    say = opts.locale.label
    table = Table(
        say("cli.web.token_id"),
        say("cli.web.token_name"),
        say("cli.web.token_made_at"),
        say("cli.web.token_used"),
        say("cli.web.token_revoked_at"),
        title=say("cli.web.tokens_of", email=email),
    )
    for row in rows:
        table.add_row(
            str(row.id),
            row.name,
            f"{row.created_at:%Y-%m-%d %H:%M}",
            f"{row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "—",
            f"{row.revoked_at:%Y-%m-%d %H:%M}" if row.revoked_at else "—",
        )
    console.print(table)


@token_app.command("revoke")
def token_revoke(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The user.")],
    token_id: Annotated[int, typer.Argument(help="The token's id (`wi3 token list`).")],
) -> None:
    """Revoke a token: the API refuses it from now on."""
    opts = options(ctx)
    with opts.open() as ws:
        row = service.revoke_token(ws, email, token_id)
    console.print(opts.locale.label("cli.web.token_revoked", id=row.id, name=row.name))
