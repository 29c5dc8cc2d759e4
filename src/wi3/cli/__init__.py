"""The `wi3` command line: Typer commands that call the service and print with Rich."""

from wi3.cli import _diagnosis, _questionnaires, _setup  # noqa: F401  (they register commands)
from wi3.cli._app import app


def main() -> None:
    """Run the `wi3` command."""
    app()


__all__ = ["app", "main"]
