"""Every command of the command line, fed hostile input, answers with a message, never a traceback.

The commands are read off the Typer app, so a new command is swept too (and fails here until it
has sane values for its required arguments in `BASES`). Each argument and option is given, in
turn, each hostile value of its type, the others keeping a sane value: files that nest deep,
expand (YAML and XML entities, zip and gzip bombs), are binary, empty, of another encoding, one
huge line, NUL bytes, a folder or missing; and strings and numbers at the edges. The global
options get the same files (`--model`) and broken workspaces (`-w`). A clean answer is exit 0,
1 or 2 with no exception escaping, no "Traceback", and no output of megabytes.
"""

from __future__ import annotations

import csv
import gzip
import os
import shutil
import typing
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner, Result

from wi3 import web
from wi3.cli import app
from wi3.connectors import CONNECTORS, _files

FIXTURES = Path(__file__).parents[1] / "fixtures"
ESCAPE = "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\"

STRINGS = [
    "",
    "[/x]",
    "[link=https://evil.example]x[/link]",
    ESCAPE,
    "\udcff",  # a byte that is not UTF-8, as Python decodes it from the command line
    "x" * 100_000,
    "../../../etc/passwd",
    "-",
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "@organisation",
]
INTEGERS = ["-1", "0", str(2**63), str(10**30), "1e3"]

ROOT = get_command(app)
"""The click commands; the conftest has CliRunner use these rather than build them each run."""


def commands(group: Any = ROOT, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    """Every leaf command of the app, as ('survey import', its click command)."""
    for name, command in sorted(getattr(group, "commands", {}).items()):
        if getattr(command, "commands", None):
            yield from commands(command, (*path, name))
        else:
            yield " ".join((*path, name)), command


COMMANDS = dict(commands())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The hostile files: small ones from tests/fixtures/hostile, large ones made here."""
    folder = tmp_path_factory.mktemp("hostile")
    hostile = folder / "fixtures"  # copies: a command that writes a file may be given one
    shutil.copytree(FIXTURES / "hostile", hostile)

    def made(name: str, data: bytes) -> Path:
        (folder / name).write_bytes(data)
        return folder / name

    zip_bomb = folder / "bomb.zip"
    with zipfile.ZipFile(zip_bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("channels.json", "[]")
        with archive.open("users.json", "w", force_zip64=True) as fh:
            for _ in range(8):
                fh.write(b" " * 2**20)
    gzip_bomb = made("bomb.gz", gzip.compress(b"From x\n" + b" " * 8 * 2**20, 1))
    (folder / "a folder").mkdir()
    return {
        "deep.json": made("deep.json", b"[" * 100_000 + b"]" * 100_000),
        "deep.yaml": made("deep.yaml", b"a: " + b"[" * 5000 + b"]" * 5000),
        "deep.xml": made(
            "deep.xml", b"<mediawiki>" + b"<a>" * 5000 + b"</a>" * 5000 + b"</mediawiki>"
        ),
        "laughs.yaml": hostile / "laughs.yaml",
        "recursive-alias.yaml": hostile / "recursive-alias.yaml",
        "xxe.xml": hostile / "xxe.xml",
        "laughs.xml": hostile / "laughs.xml",
        "stackexchange-xxe": hostile / "stackexchange-xxe",
        "binary": made("binary.bin", os.urandom(4096) + bytes(range(256))),
        "empty": made("empty.csv", b""),
        "latin-1": made("latin1.yaml", "naam: café\nkolom;waarde\n".encode("latin-1")),
        "utf-16": made("utf16.csv", "a,b\n1,2\n".encode("utf-16")),
        "one huge line": made("line.jsonl", b"a" * 3 * 2**20),
        "NUL bytes": made("nul.csv", b"a,b\n\x00\x00,\x00\n{\x00}\n"),
        "a huge field": made("field.csv", b"a,b\n1," + b"x" * 200_000 + b"\n2,3\n"),
        "a huge header": made("header.csv", b"a," + b"x" * 200_000 + b"\n1,2\n"),
        "zip bomb": zip_bomb,
        "gzip bomb": gzip_bomb,
        "a folder": folder / "a folder",
        "missing": folder / "missing" / "file.yaml",
    }


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with an organisation, an initiative with events, people and a snapshot."""
    ws = tmp_path_factory.mktemp("ws") / "ws"
    org = ws.parent / "org.yaml"
    org.write_text(
        "organisation: {slug: acme, name: Acme}\nunits: [{path: ict}, {path: hr}]\n"
        "initiatives:\n  - {slug: team-wiki, name: Team wiki, kind: wiki}\n"
    )
    for args in (
        ["init"],
        ["org", "import", str(org)],
        ["ingest", "slack", str(FIXTURES / "slack" / "workspace"), "--initiative", "team-wiki"],
        ["people", "import", str(FIXTURES / "people" / "directory.csv")],
        ["diagnose", "--as-of", "2026-03-31"],
        ["survey", "round", "create", "team-wiki", "online"],
    ):
        result = CliRunner().invoke(app, ["--workspace", str(ws), *args])
        assert result.exit_code == 0, result.output
    return ws


BASES: dict[str, list[dict[str, str]]] = {
    "assess": [{"file": str(FIXTURES / "survey" / "assessment.yaml")}, {"initiative": "team-wiki"}],
    "demo": [],  # builds a whole example: only its global options are swept
    "history": [{"initiative": "team-wiki"}],
    "ingest": [
        {
            "source": "slack",
            "path": str(FIXTURES / "slack" / "workspace"),
            "initiative": "team-wiki",
        }
    ],
    "initiative add": [{"slug": "blog", "name": "Blog", "kind": "blog"}],
    "model validate": [{"file": str(Path(__file__).parents[2] / "src/wi3/model/wi3.yaml")}],
    "org import": [{"file": str(FIXTURES / "hostile" / "org.yaml")}],
    "people confirm": [{"first": "1", "second": "2"}],
    "people import": [{"file": str(FIXTURES / "people" / "directory.csv")}],
    "plan add": [{"initiative": "team-wiki", "tip": "T1", "owner": "lead", "due": "2099-01-01"}],
    "plan done": [{"action_id": "1"}],
    "people reject": [{"first": "1", "second": "2"}],
    "simulate": [{"people": "20", "months": "1", "initiatives": "1", "org": "sim"}],
    "survey import": [
        {
            "file": str(FIXTURES / "survey" / "forms-export.csv"),
            "initiative": "team-wiki",
            "mapping": str(FIXTURES / "survey" / "mapping.yaml"),
            "round_name": "r1",
        }
    ],
    "survey show": [{"initiative": "team-wiki"}],
    "survey round create": [{"initiative": "team-wiki", "name": "another"}],
    "survey round invite": [
        {
            "initiative": "team-wiki",
            "name": "online",
            "file": str(FIXTURES / "survey" / "invitees.csv"),
            "output": "links.csv",
        }
    ],
    "survey round close": [{"initiative": "team-wiki", "name": "online"}],
    "survey round status": [{"initiative": "team-wiki"}],
    "token add": [{"email": "ann@example.org", "name": "script"}],
    "token list": [{"email": "ann@example.org"}],
    "token revoke": [{"email": "ann@example.org", "token_id": "1"}],
    "user add": [{"email": "ann@example.org", "role": "administrator"}],
    "user remove": [{"email": "ann@example.org"}],
}
"""Sane values that take each command to its work; each is swapped for hostile ones in turn."""


def arguments(command: Any, values: dict[str, str]) -> list[str]:
    """The command line that gives `command` these values, by parameter name."""
    line: list[str] = []
    for param in command.params:
        if param.name not in values:
            continue
        if param.param_type_name == "argument":
            line.append(values[param.name])
        else:
            line.extend([param.opts[0], values[param.name]])
    return line


def hostile_values(param: Any, corpus: dict[str, Path]) -> list[str]:
    if param.param_type_name == "option" and param.is_flag:
        return []
    if param.name == "output":  # written to: places inside the corpus folder, never the files
        folder = corpus["a folder"]
        return [
            "",
            str(folder),
            str(folder / "missing" / "out.csv"),
            str(corpus["binary"] / "below a file"),
            str(folder / ("x" * 300)),
            str(folder / "[/x]"),
        ]
    kind = param.type_descriptor.annotation
    if Path in (kind, *typing.get_args(kind)):
        return [str(p) for p in corpus.values()]
    if int in (kind, *typing.get_args(kind)):
        return INTEGERS
    return STRINGS


def cases(name: str, corpus: dict[str, Path]) -> Iterator[list[str]]:
    """Each command line to try for the command called `name`."""
    command = COMMANDS[name]
    required = {p.name for p in command.params if p.required}
    bases = BASES.get(name, [{}])
    for base in bases:
        missing = required - set(base)
        assert not missing, f"add sane values for {sorted(missing)} of `wi3 {name}` to BASES"
    for base in bases:
        for param in command.params:
            for value in hostile_values(param, corpus):
                yield [*name.split(), *arguments(command, {**base, param.name: value})]
    if name == "ingest":  # every connector reads every file
        for source in sorted(CONNECTORS):
            for path in corpus.values():
                yield ["ingest", source, str(path), "--initiative", "team-wiki"]


def clean(args: list[str], result: Result) -> str | None:
    """Why this answer is not clean, or None."""
    shown = " ".join(a if len(a) < 60 else a[:57] + "..." for a in args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return f"wi3 {shown!r}: {type(result.exception).__name__}: {result.exception}"[:500]
    if "Traceback" in result.output:
        return f"wi3 {shown!r}: printed a traceback"
    if result.exit_code not in (0, 1, 2):
        return f"wi3 {shown!r}: exit code {result.exit_code}"
    if len(result.output) > 200_000:
        return f"wi3 {shown!r}: {len(result.output):,} characters of output"
    return None


@pytest.fixture
def run(workspace: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Any]:
    """Runs wi3 in the workspace, from a folder deep in tmp_path: a relative path such as
    ../../../etc/passwd given to an option that writes stays inside it."""
    deep = tmp_path.joinpath(*"abcdefgh")
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    monkeypatch.delenv("WI3_DATABASE_URL", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setattr(_files, "RATIO_FROM", 2**20)  # bombs are judged from 1 MB: small will do
    # `wi3 serve` checks its arguments and the workspace, then serves until stopped: stop short
    # of serving (tests/web/test_cli.py runs the real server)
    monkeypatch.setattr(web, "serve_app", lambda host, port, workers: None)
    limit = csv.field_size_limit(131_072)  # the csv module's own, which a reader may raise
    runner = CliRunner()

    def invoke(args: list[str], ws: Path = workspace) -> Result:
        return runner.invoke(app, ["--workspace", str(ws), *args])

    yield invoke
    csv.field_size_limit(limit)


def test_a_survey_row_with_a_huge_field_is_skipped_and_reported(run: Any, tmp_path: Path) -> None:
    lines = (FIXTURES / "survey" / "forms-export.csv").read_text().splitlines(keepends=True)
    export = tmp_path / "export.csv"
    export.write_text(lines[0] + lines[1] + "9;" + "x" * 200_000 + "\n" + "".join(lines[2:]))
    mapping = str(FIXTURES / "survey" / "mapping.yaml")
    args = ["survey", "import", str(export), "--initiative", "team-wiki", "--mapping", mapping]
    result = run([*args, "--round", "long"])
    assert result.exit_code == 0, result.output
    assert "7 responses read; 7 imported into round 'long'" in result.output
    assert "; 1 row skipped (line 3): a field longer than 131,072 characters" in result.output


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_answers_hostile_arguments_cleanly(
    name: str, run: Any, corpus: dict[str, Path]
) -> None:
    failures = [
        problem for args in cases(name, corpus) if (problem := clean(args, run(args))) is not None
    ]
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("name", sorted(n for n in COMMANDS if n != "demo"))
def test_every_command_answers_a_hostile_model_cleanly(
    name: str, run: Any, corpus: dict[str, Path]
) -> None:
    base = BASES.get(name, [{}])[0]
    failures = []
    for model in corpus.values():
        args = ["--model", str(model), *name.split(), *arguments(COMMANDS[name], base)]
        if (problem := clean(args, run(args))) is not None:
            failures.append(problem)
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_answers_a_broken_workspace_cleanly(
    name: str, run: Any, corpus: dict[str, Path], tmp_path: Path
) -> None:
    garbage = tmp_path / "garbage"
    garbage.mkdir()
    (garbage / "wi3.sqlite").write_bytes(corpus["binary"].read_bytes())
    base = BASES.get(name, [{}])[0] if name != "demo" else {}
    failures = []
    for ws in (corpus["binary"], corpus["binary"] / "below a file", garbage):
        args = [*name.split(), *arguments(COMMANDS[name], base)]
        if (problem := clean(["-w", str(ws), *args], run(args, ws))) is not None:
            failures.append(problem)
    assert failures == [], "\n".join(failures)
