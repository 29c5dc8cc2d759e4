"""Arguments: global options anywhere, counts and dates in range, units that exist."""

from __future__ import annotations

import re
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


def refused(result, *needles: str, code: int = 1) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for needle in needles:
        assert needle in result.output, result.output


# --- global options after the command --------------------------------------------------------


def test_the_workspace_may_follow_the_command(run: Run, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    result = run("init", "-w", str(elsewhere))
    assert result.exit_code == 0, result.output
    assert f"workspace ready at {elsewhere}" in result.output
    assert (elsewhere / "wi3.sqlite").exists()
    result = run("initiative", "list", f"--workspace={elsewhere}")
    refused(result, "this workspace holds no organisation yet")


def test_global_options_anywhere_after_the_command(ready: Run, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    result = ready("initiative", "list", "--org", "acme", "-w", str(ws), "-v")
    assert result.exit_code == 0, result.output
    assert "team-wiki" in result.output
    refused(ready("initiative", "list", "--org", "nope"), "no organisation 'nope'")
    refused(ready("diagnose", "--debug", "--as-of", "31-12-2026"), "Traceback", "is not a date")


def test_a_commands_own_option_of_the_same_name_stays_its_own(ready: Run) -> None:
    result = ready("initiative", "add", "blog", "--name", "--org", "--kind", "blog")
    assert result.exit_code == 0, result.output
    assert "--org" in ready("initiative", "list").output  # the name, not the global option
    result = ready("simulate", "--org", "sim", "--people", "0")
    refused(result, "--people 0 is too few")  # simulate's own --org, checked after it


def test_after_a_double_dash_nothing_moves(ready: Run) -> None:
    refused(ready("history", "--", "-w"), "no initiative '-w' in acme")


def test_help_still_lists_the_global_options_once() -> None:
    from typer.testing import CliRunner

    from wi3.cli import app

    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    assert result.output.count("-w, --workspace") == 1 and "--org" in result.output
    result = CliRunner().invoke(app, ["init", "--help"])
    assert result.exit_code == 0 and "-w, --workspace" not in result.output


# --- counts and dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("metrics", "--last", "0"), "Invalid value for '--last': Input should be greater than"),
        (("metrics", "--last", "-3"), "Invalid value for '--last': Input should be greater"),
        (("simulate", "--seed", "-1"), "Invalid value for '--seed': Input should be greater"),
        (("simulate", "--people", str(10**12)), "Invalid value for '--people'"),
        (("simulate", "--months", "100000"), "Invalid value for '--months'"),
        (("simulate", "--initiatives", str(10**6)), "Invalid value for '--initiatives'"),
        (("simulate", "--events", str(10**30)), "Invalid value for '--events'"),
    ],
)
def test_counts_out_of_range_are_refused(ready: Run, args: tuple[str, ...], message: str) -> None:
    refused(ready(*args), message, code=2)


@pytest.mark.parametrize(
    "args",
    [
        ("diagnose", "--as-of", "9999-12-31"),
        ("diagnose", "--as-of", "0001-01-01"),
        ("diagnose", "--as-of", "9999-12-31", "--explain", "team-wiki"),
    ],
)
def test_a_diagnosis_date_out_of_range_is_refused(ready: Run, args: tuple[str, ...]) -> None:
    refused(ready(*args), "--as-of", "wi3 diagnoses days from 1970-01-01 to 2999-12-31")


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "2024-13", "soon"])
def test_a_simulated_month_out_of_range_is_refused(ready: Run, month: str) -> None:
    result = ready("simulate", "--people", "20", "--months", "1", "--last-month", month)
    refused(result, f"--last-month {month!r}")


# --- units --------------------------------------------------------------------------------------


def test_an_initiative_of_an_unknown_unit_is_refused(ready: Run) -> None:
    result = ready("initiative", "add", "blog", "--name", "Blog", "--kind", "blog", "--unit", "it")
    refused(
        result,
        "cannot register 'blog': acme has no unit 'it'; its units are hr, ict",
        "`wi3 org units` lists them",
    )
    assert "blog" not in ready("initiative", "list").output
    result = ready("initiative", "add", "blog", "--name", "Blog", "--kind", "blog", "--unit", "hr")
    assert result.exit_code == 0, result.output
    assert "blog" in ready("org", "units").output or "hr" in ready("org", "units").output


def test_an_organisation_without_units_takes_any_unit(run: Run, tmp_path: Path) -> None:
    assert run("init").exit_code == 0
    org = tmp_path / "org.yaml"
    org.write_text("organisation: {slug: acme, name: Acme}\n")
    assert run("org", "import", str(org)).exit_code == 0
    result = run("initiative", "add", "blog", "--name", "Blog", "--kind", "blog", "--unit", "it")
    assert result.exit_code == 0, result.output
    assert re.search(r"│ it\s+│", run("org", "units").output)


def test_a_scope_of_unknown_units_is_refused(ready: Run) -> None:
    result = ready(
        "initiative", "add", "blog", "--name", "Blog", "--kind", "blog", "--scope", "ict",
        "--scope", "sales",
    )  # fmt: skip
    refused(result, "acme has no unit 'sales'")


# --- events -------------------------------------------------------------------------------------


def test_events_never_count_fewer_than_five_actors(ready: Run, tmp_path: Path) -> None:
    mbox = tmp_path / "two.mbox"
    mbox.write_text(
        "".join(
            f"From {who}@example.org Tue Mar  5 14:00:00 2024\nFrom: {who}@example.org\n"
            f"Date: Tue, 05 Mar 2024 09:00:00 -0500\nSubject: hi\nMessage-ID: <{who}@x>\n\nhi\n\n"
            for who in ("ann", "bob")
        )
    )
    result = ready("ingest", "mbox", str(mbox), "--initiative", "team-wiki")
    assert result.exit_code == 0, result.output
    result = ready("events")
    assert result.exit_code == 0, result.output
    assert "fewer than 5 distinct actors" in result.output
    assert not re.search(r"\b[0-4] distinct actors", result.output)
