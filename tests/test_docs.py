"""The documentation keeps up with the code: every command has help, every metric a definition."""

from __future__ import annotations

import re
from pathlib import Path

from typer.main import get_command

from wi3.cli import app
from wi3.metrics import CATALOGUE
from wi3.model import load_model

DOCS = Path(__file__).parents[1] / "docs"
README = Path(__file__).parents[1] / "README.md"


def _commands(command, prefix: str = "") -> list[tuple[str, object]]:  # type: ignore[no-untyped-def]
    found = []
    for name, sub in getattr(command, "commands", {}).items():
        path = f"{prefix} {name}".strip()
        found.append((path, sub))
        found.extend(_commands(sub, path))
    return found


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    for path, command in _commands(get_command(app)):
        assert (command.help or "").strip(), f"`wi3 {path}` has no help text"
        top = path.split()[0]
        assert f"wi3 {top}" in readme, f"`wi3 {top}` is not in the README"


def test_every_metric_is_documented_with_its_definition() -> None:
    text = " ".join((DOCS / "metrics.md").read_text(encoding="utf-8").split())
    for m in CATALOGUE:
        assert m.definition, f"{m.id} has no definition in its docstring"
        assert f"`{m.id}`" in text, f"{m.id} is not in docs/metrics.md"
        assert m.definition in text, f"docs/metrics.md does not give {m.id}'s definition"


def test_usage_indicators_of_the_model_name_metrics_of_the_catalogue() -> None:
    ids = {m.id for m in CATALOGUE}
    model = load_model()
    refs = {i.ref for i in model.indicators if i.evidence == "usage"}
    refs |= {c.ref for i in model.indicators if i.evidence == "usage" for c in i.caps}
    refs |= {s.ref for s in model.factor_signals if s.evidence == "usage"}
    assert refs <= ids, f"unknown metrics in the model: {sorted(refs - ids)}"


def test_docs_link_to_files_that_exist() -> None:
    for doc in [README, *DOCS.glob("*.md")]:
        for target in re.findall(r"`((?:docs|src|bench|tests)/[\w./-]+)`", doc.read_text()):
            assert (README.parent / target).exists(), f"{doc.name} names {target}, not found"


def test_every_guarantee_names_a_test_that_exists() -> None:
    text = (DOCS / "reliability.md").read_text()
    named = re.findall(r"`(tests/[\w/]+\.py)::(\w+)", text)
    assert len(named) >= 10, "docs/reliability.md names the test of each guarantee"
    for path, name in named:
        source = (README.parent / path).read_text()
        assert re.search(rf"^def {name}\(", source, re.M), f"{path}::{name} does not exist"
