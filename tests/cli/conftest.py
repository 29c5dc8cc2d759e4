"""Running `wi3` in-process, as a user would type it; a workspace diagnosed twice."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
import typer.main
import typer.testing
from typer.testing import CliRunner, Result

from wi3.cli import app
from wi3.model import load_model

Run = Callable[..., Result]

built = cache(typer.main.get_command)
"""Typer builds the click commands anew at every run, which costs more than most commands do."""


@pytest.fixture(autouse=True)
def _commands_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(typer.testing, "_get_command", built)


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """`run("diagnose", "--as-of", …)` runs wi3 in a workspace under tmp_path."""
    monkeypatch.delenv("WI3_DATABASE_URL", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, workspace: Path | None = None) -> Result:
        ws = workspace or tmp_path / "ws"
        return runner.invoke(app, ["--workspace", str(ws), *args], input=input)

    return invoke


def assessment(path: Path, day: str, phase: str) -> Path:
    answers = "\n".join(f"      assess.{c.id}: {phase}" for c in load_model().categories)
    path.write_text(
        "assessments:\n  - initiative: team-wiki\n"
        f"    assessed_on: {day}\n    answers:\n{answers}\n"
    )
    return path


@pytest.fixture
def diagnosed(run: Run, tmp_path: Path) -> Run:
    """Acme with Team wiki, pioneering on 31 March 2026 and facilitating on 30 June."""
    assert run("init").exit_code == 0
    org = tmp_path / "org.yaml"
    org.write_text(
        "organisation: {slug: acme, name: Acme}\nunits: [{path: ict}]\n"
        "initiatives:\n  - {slug: team-wiki, name: Team wiki, kind: wiki}\n"
    )
    assert run("org", "import", str(org)).exit_code == 0
    for day, phase, as_of in (
        ("2026-03-01", "pioneering", "2026-03-31"),
        ("2026-06-01", "facilitating", "2026-06-30"),
    ):
        path = assessment(tmp_path / f"{day}.yaml", day, phase)
        assert run("assess", "--file", str(path)).exit_code == 0
        result = run("diagnose", "--as-of", as_of)
        assert result.exit_code == 0, result.output
    return run


def first_step(run: Run, tmp_path: Path, as_of: str) -> str:
    out = tmp_path / f"{as_of}.json"
    assert run("report", "--format", "json", "--as-of", as_of, "-o", str(out)).exit_code == 0
    (wiki,) = json.loads(out.read_text())["diagnosis"]["initiatives"]
    return str(wiki["next_steps"][0]["tip"])
