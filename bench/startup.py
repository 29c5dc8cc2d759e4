"""How much CPU the command line spends before it does any work, and which libraries it loads.

Each command runs in a fresh process, several times; its CPU time (user + system, of the
process and its children) is the best of those runs, the figure least disturbed by other work
on the machine. Two floors frame it: the interpreter alone, and the interpreter with Typer and
Rich, which every Typer command line loads. `--python` measures another checkout's interpreter
(its `.venv/bin/python`), to compare a change against the code before it.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench._measure import MeasureError
from bench._report import RESULTS, machine, markdown_table, seconds, write_json

DESCRIPTION = "the CPU time of wi3 --help and wi3 model validate, against Python's own start"

HEAVY = ("ibis", "duckdb", "pyarrow", "sqlalchemy", "alembic", "numpy", "pandas", "pyspark")
"""The libraries a command should load only when it needs them."""

MODEL = Path(__file__).resolve().parents[1] / "src" / "wi3" / "model" / "wi3.yaml"

COMMANDS: dict[str, list[str]] = {
    "python (interpreter alone)": ["-c", "pass"],
    "import typer, rich.table (any Typer CLI)": ["-c", "import typer, rich.table"],
    "import wi3.cli": ["-c", "import wi3.cli"],
    "wi3 --help": ["-m", "wi3", "--help"],
    "wi3 ingest --help": ["-m", "wi3", "ingest", "--help"],
    "wi3 model validate": ["-m", "wi3", "model", "validate", str(MODEL)],
}
"""What is measured, by the name the table gives it: arguments to the interpreter."""


@dataclass(frozen=True)
class Measured:
    name: str
    cpu: float
    heavy: tuple[str, ...]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per command")
    parser.add_argument(
        "--python",
        type=Path,
        default=Path(sys.executable),
        help="the interpreter to measure (default: this one)",
    )
    parser.add_argument(
        "--output", type=Path, default=RESULTS / "startup.json", help="the JSON results"
    )


def main(args: argparse.Namespace) -> int:
    found = [
        Measured(name, _best_cpu(args.python, argv, args.runs), _heavy(args.python, argv))
        for name, argv in COMMANDS.items()
    ]
    print(f"interpreter: {args.python}; best of {args.runs} runs each\n")
    print(
        markdown_table(
            ["command", "CPU s", "heavy libraries loaded"],
            [[m.name, seconds(m.cpu), ", ".join(m.heavy) or "none"] for m in found],
        )
    )
    write_json(
        args.output,
        {
            "machine": machine(),
            "python": str(args.python),
            "runs": args.runs,
            "commands": [{"name": m.name, "cpu": m.cpu, "heavy": list(m.heavy)} for m in found],
        },
    )
    return 0


def _best_cpu(python: Path, argv: list[str], runs: int) -> float:
    """The least CPU time (user + system) of `runs` fresh processes running `argv`."""
    best = float("inf")
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(
            [str(python), *argv], capture_output=True, env=_environment(), check=False
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise MeasureError(f"{' '.join(argv)} exited with {done.returncode}: {done.stderr!r}")
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = min(best, used)
    return best


def _heavy(python: Path, argv: list[str]) -> tuple[str, ...]:
    """The heavy libraries the command imported, from Python's import-time log."""
    done = subprocess.run(
        [str(python), "-X", "importtime", *argv],
        capture_output=True,
        text=True,
        env=_environment(),
        check=False,
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    return tuple(m for m in HEAVY if m in imported)


def _environment() -> dict[str, str]:
    """This environment, without anything that would change what Python loads."""
    return {
        k: v for k, v in os.environ.items() if k not in ("PYTHONSTARTUP", "PYTHONPROFILEIMPORTTIME")
    }
