"""The direction of imports between wi3's packages, and that the command line starts light.

docs/architecture.md draws the layers. A package imports only from layers below its own (and
from itself); a shell imports only `wi3.service` and `wi3.errors`. No module imports a private
name (one starting with `_`) from another module, nor a private module of another package.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
SOURCE = ROOT / "src"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("texts",),
    ("errors",),
    ("notes", "yamldoc"),
    ("model",),
    ("events",),
    ("connectors", "store", "metrics", "survey", "simulate", "example"),
    ("diagnosis",),
    ("reports",),
    ("service",),
)
"""wi3's packages from the bottom up: each may import from the layers below it only."""

SHELLS = ("cli", "web", "__main__")
SHELL_IMPORTS = frozenset({"service", "errors"})
"""What a shell may import: the service, and the errors it raises."""

RANK = {package: rank for rank, layer in enumerate(LAYERS) for package in layer}

HEAVY = ("ibis", "duckdb", "pyarrow", "sqlalchemy", "alembic", "numpy", "pandas", "pyspark")
"""Libraries `import wi3.cli` must not load: a command loads them when it needs them."""


@dataclass(frozen=True)
class Violation:
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


def module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(module: str, source: str, is_package: bool) -> Iterator[tuple[int, str, str | None]]:
    """(line, module imported, name imported or None) for every import of a wi3 module."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "wi3":
                    yield node.lineno, alias.name, None
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            if target == "wi3":  # from wi3 import service
                for alias in node.names:
                    yield node.lineno, f"wi3.{alias.name}", None
            elif target.split(".")[0] == "wi3":
                for alias in node.names:
                    yield node.lineno, target, alias.name


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def check(module: str, source: str, is_package: bool = False) -> list[Violation]:
    """Every import of `module` (its `source`) that goes against the layers or reaches in."""
    found = []
    own = package_of(module)
    seen = set()
    for line, target, name in imports(module, source, is_package):
        where = f"{module}:{line}"
        if name is not None and name.startswith("_") and not is_module(f"{target}.{name}"):
            found.append(Violation(where, f"imports the private name {name} of {target}"))
        other = package_of(target)
        if other == own or (line, target) in seen:
            continue
        seen.add((line, target))
        if any(part.startswith("_") for part in target.split(".")[2:]):
            found.append(Violation(where, f"imports the private module {target}"))
        if own in SHELLS:
            if other not in SHELL_IMPORTS and other not in SHELLS:
                found.append(Violation(where, f"a shell imports {target}; use wi3.service"))
        elif own not in RANK or other not in RANK:
            found.append(Violation(where, f"{own or 'wi3'} imports {target}, outside the layers"))
        elif RANK[other] >= RANK[own]:
            found.append(
                Violation(where, f"{own} imports {target}, which is not below it in the layers")
            )
    return found


def is_module(name: str) -> bool:
    """Whether `name` is a module or package of wi3 (not a name inside one)."""
    path = SOURCE.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def test_every_package_has_a_place_in_the_layers() -> None:
    packages = {p.name for p in (SOURCE / "wi3").iterdir() if p.is_dir() and p.name[0] != "_"}
    packages |= {p.stem for p in (SOURCE / "wi3").glob("*.py") if p.stem != "__init__"}
    assert packages - set(RANK) - set(SHELLS) == set()


def test_imports_follow_the_layers() -> None:
    found = [
        violation
        for path in sorted((SOURCE / "wi3").rglob("*.py"))
        for violation in check(module_name(path), path.read_text(), path.name == "__init__.py")
    ]
    assert not found, "\n".join(map(str, found))


REACH_INS = [
    ("wi3.cli._usage", "from wi3.connectors import CONNECTORS"),
    ("wi3.cli._explain", "from wi3.diagnosis import describe_activity"),
    ("wi3.cli._metrics", "from wi3.metrics import CATALOGUE"),
    ("wi3.cli._setup", "from wi3.model import load_model"),
    ("wi3.cli._questionnaires", "from wi3.survey import read_fact_answer"),
    ("wi3.service._ingest", "from wi3.connectors._column_mapping import load_mapping"),
    ("wi3.service._simulate", "from wi3.service._ingest import _SeenAccount, _store_accounts"),
    ("wi3.connectors.slack", "from wi3.events._event import Record"),
    ("wi3.store.migrations.env", "from wi3.store._engine import _create_engine"),
    ("wi3.metrics._engine", "from wi3.diagnosis import Observation"),
    ("wi3.diagnosis._readings", "from wi3.reports import render"),
    ("wi3.events._store", "import wi3.service"),
    ("wi3.web._app", "from wi3.store import open_store"),
    ("wi3.web.routes.api", "from wi3.service._users import Principal"),
    ("wi3.service._users", "from wi3.web import create_app"),
]
"""Imports the layering forbids: each reach-in a review of the code once found, and two that
go up the layers."""


@pytest.mark.parametrize(("module", "line"), REACH_INS)
def test_a_reach_in_is_caught(module: str, line: str) -> None:
    assert check(module, line), f"{module}: {line} passed the layering check"


@pytest.mark.parametrize(
    "command",
    [(), ("--help",), ("ingest", "--help"), ("model", "validate", "src/wi3/model/wi3.yaml")],
    ids=["import", "help", "ingest help", "model validate"],
)
def test_the_command_line_starts_without_heavy_libraries(command: tuple[str, ...]) -> None:
    """`wi3 --help` and `wi3 model validate` start in a blink: no DuckDB, Ibis, pyarrow,
    SQLAlchemy or numpy until a command needs them."""
    probe = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from wi3.cli import app\n"
        f"if {command!r}:\n"
        f"    result = CliRunner().invoke(app, {list(command)!r})\n"
        "    assert result.exit_code == 0, result.output\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == []


def test_tools_beside_the_package_use_its_public_names_only() -> None:
    """The benchmarks and scripts are shells too: they may use any package's public names."""
    found = []
    for path in sorted([*(ROOT / "bench").glob("*.py"), *(ROOT / "scripts").glob("*.py")]):
        where = str(path.relative_to(ROOT))
        for line, target, name in imports("tools", path.read_text(), False):
            if any(part.startswith("_") for part in target.split(".")[1:]):
                found.append(Violation(f"{where}:{line}", f"imports the private module {target}"))
            elif name is not None and name.startswith("_") and not is_module(f"{target}.{name}"):
                found.append(Violation(f"{where}:{line}", f"imports the private name {name}"))
    assert not found, "\n".join(map(str, found))


def test_every_public_name_of_the_service_loads_and_is_typed() -> None:
    """`PUBLIC`, `__all__` and the imports type checkers read name the same things."""
    import wi3.service as service

    names = {name for names in service.PUBLIC.values() for name in names}
    assert set(service.__all__) - {"PUBLIC"} == names
    tree = ast.parse((SOURCE / "wi3" / "service" / "__init__.py").read_text())
    (checked,) = [n for n in tree.body if isinstance(n, ast.If)]  # if TYPE_CHECKING:
    typed = {
        (node.module, alias.name)
        for node in checked.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert typed == {(module, name) for module, names in service.PUBLIC.items() for name in names}
    for name in sorted(names):
        assert getattr(service, name) is not None, name
