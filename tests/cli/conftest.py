"""Running `wi3` in-process, as a user would type it."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
import typer.main
import typer.testing
from typer.testing import CliRunner, Result

from wi3.cli import app

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
