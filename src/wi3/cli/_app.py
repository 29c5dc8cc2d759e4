"""The `wi3` command: global options, the workspace each command works in, and error handling."""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.core
from rich.console import Console, ConsoleOptions, RenderableType
from rich.logging import RichHandler
from rich.segment import Segment
from rich.text import Text

from wi3 import service
from wi3.errors import InputError, Wi3Error

if TYPE_CHECKING:
    from wi3.service import Language, Locale, Workspace

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Characters a terminal obeys rather than shows: C0 and C1 controls but tab and newline (ESC
starts colours, links and cursor moves), and the marks that reverse the direction of text."""


_NOT_UTF8 = re.compile("[\udc80-\udcff]")
"""How Python reads a command-line byte that is not UTF-8 (surrogateescape)."""


def printable(text: str) -> str:
    """`text` with every control character written out as its escape: ESC as `\\x1b`."""
    if _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub(lambda found: ascii(found.group())[1:-1], text)


class TextConsole(Console):
    """A console that prints what it is given as text, whatever it holds.

    What wi3 prints holds names, units and paths from organisation files, exports and the
    command line. Markup and emoji codes are off, so `[/x]` and `:smile:` print as written;
    styles come from `rich.text.Text` spans. Control characters are written out as escapes,
    both in strings (before they are measured for a table) and in everything rendered (log
    lines, progress, `Text`), so no input can colour, link or move the terminal.
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(soft_wrap=True, markup=False, emoji=False, highlight=False, **options)

    def render_str(self, text: str, **options: Any) -> Text:
        return super().render_str(printable(text), **options)

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control is None and _CONTROL.search(segment.text):
                yield Segment(printable(segment.text), segment.style)
            else:
                yield segment


console = TextConsole()
errors = TextConsole(stderr=True)
"""Output and messages."""


@dataclass
class Options:
    """What the global options say; commands read it from the context."""

    workspace: Path | None = None
    org: str | None = None
    model: Path | None = None
    debug: bool = False
    language: Language = "en"

    @property
    def locale(self) -> Locale:
        """How this invocation writes its texts, numbers and dates."""
        return service.Locale(self.language)

    @contextmanager
    def open(self) -> Iterator[Workspace]:
        """The workspace these options name, closed again after the block."""
        ws = service.open_workspace(self.workspace, self.model)
        try:
            yield ws
        finally:
            ws.close()


class Wi3Group(typer.core.TyperGroup):
    """The `wi3` command: global options anywhere, and errors as messages.

    A `Wi3Error` is shown as its message and exits 1 (`--debug` adds the traceback). Global
    options given after the command (`wi3 init -w DIR`) are moved before it, where click looks
    for them. An argument that is not UTF-8 text is refused before anything runs: names and
    paths are stored and printed, in UTF-8. (Usage errors, such as a mistyped command, are
    typer's own: it writes out the control characters of what they quote.)
    """

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        if parent is None:
            args = self.global_options_first(args)
            undecodable = next((a for a in args if _NOT_UTF8.search(a)), None)
            if undecodable is not None:
                raw = undecodable.encode("utf-8", "surrogateescape")
                errors.print(
                    Text.assemble(
                        ("error:", "bold red"),
                        f" the argument {printable(repr(raw)[2:-1][:200])!s} is not UTF-8 text; "
                        "wi3 stores and prints names and paths as UTF-8. Retype it, or rename "
                        "the file to a UTF-8 name.",
                    )
                )
                raise typer.Exit(2)
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except Wi3Error as exc:
            options = ctx.obj if isinstance(ctx.obj, Options) else Options()
            if options.debug:
                errors.print(traceback.format_exc())
            errors.print(
                Text.assemble(
                    (options.locale.label("cli.error"), "bold red"),
                    f" {exc.message(options.language)}",
                )
            )
            raise typer.Exit(1) from None

    def global_options_first(self, args: list[str]) -> list[str]:
        """`args` with each global option after the command moved before the command.

        The command's own options stay where they are, with their values (`simulate --org`
        is simulate's own; `--name -w` names something "-w"), and so does all after `--`.
        """
        own = _option_arity(self.params)
        position = 0
        while position < len(args) and args[position].startswith("-"):  # before the command
            if args[position] == "--":
                return args
            name = args[position].partition("=")[0]
            position += 2 if own.get(name) and "=" not in args[position] else 1
        command: Any = self
        rest = args[position:]
        kept: list[str] = []
        moved: list[str] = []
        leaf: dict[str, bool] = {}
        index = 0
        while index < len(rest):
            arg = rest[index]
            index += 1
            if arg == "--":
                kept.extend([arg, *rest[index:]])
                break
            if not arg.startswith("-") or arg == "-":
                kept.append(arg)
                group = getattr(command, "commands", None)
                if group is not None and arg in group:  # a command or sub-command
                    command = group[arg]
                    leaf = _option_arity(command.params)
                continue
            name = arg.partition("=")[0]
            takes_value = "=" not in arg and index < len(rest)
            if name in leaf or name not in own:
                kept.append(arg)
                if takes_value and leaf.get(name):
                    kept.append(rest[index])
                    index += 1
            else:
                moved.append(arg)
                if takes_value and own[name]:
                    moved.append(rest[index])
                    index += 1
        return [*args[:position], *moved, *kept]


def _option_arity(params: Iterable[Any]) -> dict[str, bool]:
    """Each option name of these click parameters, and whether it takes a value."""
    return {
        name: not param.is_flag
        for param in params
        if param.param_type_name == "option"
        for name in (*param.opts, *param.secondary_opts)
    }


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
    language: Annotated[
        str,
        typer.Option(
            envvar="WI3_LANGUAGE",
            help="The language of everything wi3 writes: en (English) or nl (Dutch).",
        ),
    ] = "en",
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log each step.")] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks and per-record logging.")] = False,
) -> None:
    """Diagnose and grow Enterprise 2.0 initiatives with the WI3 growth model."""
    chosen = service.language_of(language)
    if chosen is None:
        raise typer.BadParameter(
            f"{language!r} is not a language of wi3; use en or nl", param_hint="--language"
        )
    level = logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(
        level=level,
        format="%(message)s",
        handlers=[RichHandler(console=errors, show_path=False, show_time=False)],
        force=True,
    )
    ctx.obj = Options(workspace=workspace, org=org, model=model, debug=debug, language=chosen)


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
        raise InputError(key="error.not_a_date", option=option, value=repr(text)) from None
