"""The `wi3` command: global options, the workspace each command works in, and error handling."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.core
from rich.console import Console
from rich.logging import RichHandler
from rich.text import Text

from wi3 import service
from wi3.errors import InputError, Wi3Error

if TYPE_CHECKING:
    from wi3.service import Workspace

console = Console(soft_wrap=True, markup=False, highlight=False)
errors = Console(stderr=True, soft_wrap=True, markup=False, highlight=False)
"""Output and messages. Markup is off: what wi3 prints holds names and paths from its users,
which must stay text; styles come from `rich.text.Text` spans."""


@dataclass
class Options:
    """What the global options say; commands read it from the context."""

    workspace: Path | None = None
    org: str | None = None
    model: Path | None = None
    debug: bool = False

    @contextmanager
    def open(self) -> Iterator[Workspace]:
        """The workspace these options name, closed again after the block."""
        ws = service.open_workspace(self.workspace, self.model)
        try:
            yield ws
        finally:
            ws.close()


class Wi3Group(typer.core.TyperGroup):
    """Shows a `Wi3Error` as its message and exits 1; `--debug` adds the traceback."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except Wi3Error as exc:
            options = ctx.obj if isinstance(ctx.obj, Options) else Options()
            if options.debug:
                errors.print(traceback.format_exc())
            errors.print(Text.assemble(("error:", "bold red"), f" {exc}"))
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=Wi3Group,
    no_args_is_help=True,
    help="Diagnose and grow Enterprise 2.0 initiatives with the WI3 growth model.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


@app.callback()
def configure(
    ctx: typer.Context,
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            "-w",
            help="Workspace folder (default: $WI3_HOME or ./wi3-workspace).",
        ),
    ] = None,
    org: Annotated[
        str | None,
        typer.Option(help="Organisation slug; may be left out when the workspace holds one."),
    ] = None,
    model: Annotated[
        Path | None, typer.Option(help="Your own growth-model file instead of the shipped one.")
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log each step.")] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks and per-record logging.")] = False,
) -> None:
    """Diagnose and grow Enterprise 2.0 initiatives with the WI3 growth model."""
    level = logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(
        level=level,
        format="%(message)s",
        handlers=[RichHandler(console=errors, show_path=False, show_time=False)],
        force=True,
    )
    ctx.obj = Options(workspace=workspace, org=org, model=model, debug=debug)


def options(ctx: typer.Context) -> Options:
    """The global options of this invocation."""
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Options) else Options()


def parse_date(text: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option value as a date.

    Raises:
        InputError: naming the option and the form expected.
    """
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"{option} {text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31"
        ) from None
