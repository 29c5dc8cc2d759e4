"""What a user sees when something is wrong: the message, exit code 1, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Run


@pytest.fixture
def ready(run: Run, tmp_path: Path) -> Run:
    assert run("init").exit_code == 0
    org = tmp_path / "org.yaml"
    org.write_text(
        "organisation: {slug: acme, name: Acme}\nunits: [{path: ict}, {path: hr}]\n"
        "initiatives:\n  - {slug: team-wiki, name: Team wiki, kind: wiki}\n"
    )
    assert run("org", "import", str(org)).exit_code == 0
    return run


def fails(result, *needles: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in result.output, result.output


def test_missing_workspace(run: Run, tmp_path: Path) -> None:
    fails(
        run("diagnose"),
        f"no wi3 workspace at {tmp_path / 'ws'}",
        "run `wi3 init` to create one there",
    )


def test_unknown_initiative(ready: Run) -> None:
    fails(ready("history", "nope"), "no initiative 'nope' in acme; its initiatives are team-wiki")
    fails(ready("diagnose", "--explain", "nope"), "no initiative 'nope' in the diagnosis")


def test_malformed_yaml_names_line_and_column(ready: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("organisation: {slug: acme\nunits: []\n")
    fails(ready("org", "import", str(bad)), f"{bad}:2:6: not valid YAML: expected ',' or '}}'")


def test_organisation_file_that_does_not_fit(ready: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "organisation: {slug: acme, name: Acme}\ninitiatives:\n"
        "  - {slug: wiki, name: Wiki, kind: wikki}\n"
    )
    fails(
        ready("org", "import", str(bad)),
        f"{bad}:3: initiatives[0].kind: kind 'wikki' is not one of wiki, esn",
    )


def test_survey_answer_out_of_range_and_unknown_column(ready: Run, fixture_path: Path) -> None:
    folder = fixture_path / "survey"
    common = [
        "--initiative",
        "team-wiki",
        "--mapping",
        str(folder / "mapping.yaml"),
        "--round",
        "r1",
    ]
    fails(
        ready("survey", "import", str(folder / "out-of-range.csv"), *common),
        "out-of-range.csv:3: column 'Vernieuwing' (survey.kq_innovation): '6' is outside the "
        "scale 1–5",
    )
    fails(
        ready("survey", "import", str(folder / "renamed-column.csv"), *common),
        "the mapping names column(s) 'Manager', which the file does not have",
    )
    result = ready("survey", "show", "team-wiki")
    assert "no survey responses yet" in result.output  # nothing was half-imported


def test_broken_model_file(ready: Run, fixture_path: Path) -> None:
    model = fixture_path / "model" / "broken-levels.yaml"
    fails(
        ready("--model", str(model), "diagnose"),
        "has 3 problems",
        "categories[0].levels.facilitating: missing",
    )
    result = ready("model", "validate", str(model))
    assert result.exit_code == 1
    assert "categories[1].levels.facilitating.text.nl: missing" in result.output


def test_bad_date(ready: Run) -> None:
    fails(
        ready("diagnose", "--as-of", "31-12-2026"),
        "--as-of '31-12-2026' is not a date; write it as YYYY-MM-DD",
    )


def test_debug_shows_the_traceback(run: Run) -> None:
    result = run("--debug", "diagnose")
    assert result.exit_code == 1
    assert "Traceback" in result.output and "WorkspaceError" in result.output


def test_no_diagnosis_yet_for_a_report(ready: Run) -> None:
    fails(ready("report"), "acme has no diagnosis yet: run `wi3 diagnose` first")


def test_a_cut_short_or_lost_key_is_named_and_never_replaced(
    ready: Run, tmp_path: Path, fixture_path: Path, key_home: Path
) -> None:
    identity = json.loads((tmp_path / "ws" / "workspace.json").read_text())
    key = key_home / "wi3" / "keys" / f"{identity['id']}.key"
    original = key.read_bytes()
    key.write_bytes(b"short")
    fails(
        ready("ingest", "slack", str(fixture_path / "slack" / "workspace"), "--initiative", "c"),
        f"the pseudonymisation key {key} holds 5 bytes, not 32",
        "Restore it from a backup",
    )
    key.write_bytes(original)
    assert "no events yet" in ready("events").output  # the refused import left nothing behind
    key.unlink()
    lost = f"the pseudonymisation key of the workspace at {tmp_path / 'ws'} was not found"
    fails(ready("people", "import", str(fixture_path / "people" / "directory.csv")), lost)
    fails(ready("init"), lost, f"Restore the key file from your backup to {key}")
    assert not key.exists()  # a new key would give everyone new pseudonyms


def test_a_memory_limit_duckdb_cannot_read(
    ready: Run, fixture_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slack = fixture_path / "slack" / "workspace"
    assert ready("ingest", "slack", str(slack), "--initiative", "chat").exit_code == 0
    monkeypatch.setenv("WI3_DUCKDB_MEMORY", "lots")
    fails(
        ready("metrics"),
        "cannot start DuckDB with a memory limit of 'lots'",
        "Set WI3_DUCKDB_MEMORY to a size such as 4GB",
    )
