"""The `wi3` command line: Typer commands that call the service and print with Rich."""

from wi3.cli import (  # noqa: F401  (they register their commands)
    _diagnosis,
    _metrics,
    _plan,
    _questionnaires,
    _rounds,
    _setup,
    _usage,
    _web,
)
from wi3.cli._app import app


def main() -> None:
    """Run the `wi3` command."""
    app()


__all__ = ["app", "main"]
