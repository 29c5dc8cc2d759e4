"""`wi3 --language nl` (or WI3_LANGUAGE=nl): every command writes Dutch, numbers and dates too."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.cli.conftest import Run
from wi3.cli import app

ENGLISH = ("Initiative", "Phase", "Confidence", "usage alone", "as of", "snapshot of", "error:")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = tmp_path_factory.mktemp("demo") / "ws"
    result = CliRunner().invoke(app, ["--workspace", str(ws), "--language", "nl", "demo"])
    assert result.exit_code == 0, result.output
    assert "Voorbeeldrapport:" in result.output
    assert "--language nl diagnose --explain" in result.output
    return ws


def dutch(run: Run, demo: Path, *args: str) -> Result:
    result = run("--language", "nl", *args, workspace=demo)
    assert result.exit_code == 0, result.output
    return result


def test_diagnose_in_dutch(run: Run, demo: Path) -> None:
    out = dutch(run, demo, "diagnose", "--as-of", "2026-09-30").output
    assert "Acme Energie BV per 30 september 2026" in out or " per 30 september 2026" in out
    for heading in ("Initiatief", "Fase", "Activiteit", "Gebruik alleen wijst op"):
        assert heading in out
    assert "profiel: pionierend" in out
    assert "momentopname van 30 september 2026 opgeslagen" in out
    assert "gemiddeld (0," in out or "hoog (0," in out or "laag (0," in out  # decimal comma
    for english in ENGLISH:
        assert english not in out, english


def test_explain_in_dutch(run: Run, demo: Path) -> None:
    out = dutch(
        run, demo, "diagnose", "--as-of", "2026-09-30", "--explain", "projecten-teams"
    ).output
    assert "Projectruimtes (projecten-teams" in out and "faciliterend" in out
    assert "betrouwbaarheid " in out and "actualiteit " in out
    assert "conflict in Focus: hoog assess.focus; laag focus.survey.colleagues_on_it" in out
    assert "enquêteronde '2026 voorjaar', 13 antwoorden · gedateerd 2026-05-11, telt voor 0,76" in (
        out
    )
    assert "poort faciliterend: voldaan" in out and "poort strategisch: niet voldaan" in out
    assert "volgende stappen naar strategisch" in out
    assert "meet opnieuw met" in out
    for english in ("confidence", "next steps", "gate ", "survey round", "weight "):
        assert english not in out, english


def test_history_in_dutch_with_dutch_dates(run: Run, demo: Path) -> None:
    out = dutch(run, demo, "history", "verkoop-forum").output
    assert "Levensloop van verkoop-forum" in out
    assert any(
        line.startswith("│ 31 mrt 2026 ") and "│ Pionierend" in line for line in out.splitlines()
    )
    assert "▼ teruggevallen naar pionierend" in out
    assert "8 momentopnamen, 1 faseovergang (1 terugval)" in out


def test_metrics_in_dutch_with_dutch_numbers(run: Run, demo: Path) -> None:
    out = dutch(run, demo, "metrics", "intranet-wiki").output
    assert "intranet-wiki: gebruiksmaatstaven" in out
    assert "Actieve gebruikers" in out and "Aandeel actieven" in out
    assert "niet getoond (minder dan 5 mensen" in out
    assert "Active users" not in out
    definitions = dutch(run, demo, "metrics", "--definitions").output
    assert "Gebruiksmaatstaven" in definitions and "hoger" in definitions


def test_a_hundred_thousand_events_are_grouped_the_dutch_way(run: Run, demo: Path) -> None:
    out = dutch(run, demo, "events").output
    assert "Gebeurtenissen van alle initiatieven" in out and "Totaal" in out
    total = next(line for line in out.splitlines() if line.startswith("│ Totaal"))
    figure = total.split("│")[-2].strip()
    assert "." in figure and "," not in figure  # e.g. 123.456
    english = run("events", workspace=demo).output
    assert figure.replace(".", ",") in english


def test_the_other_commands_in_dutch(run: Run, demo: Path) -> None:
    assert "Initiatief" in dutch(run, demo, "initiative", "list").output
    assert "Eenheden" in dutch(run, demo, "org", "units").output
    survey = dutch(run, demo, "survey", "show", "projecten-teams").output
    assert "enquêteronde" in survey and "Stelling" in survey
    model = dutch(run, demo, "model", "show").output
    assert "Categorieën" in model and "Drempels" in model and "Pionierend" in model
    key = dutch(run, demo, "key", "show").output
    assert "werkmap " in key and "vingerafdruk van de sleutel" in key


def test_the_report_takes_the_language_of_the_command(run: Run, demo: Path) -> None:
    out = dutch(run, demo, "report", "--format", "md").output
    assert "rapport geschreven naar" in out and out.strip().endswith("-nl.md")
    path = Path(out.split("rapport geschreven naar", 1)[1].strip())
    assert "## Groeibord" in path.read_text(encoding="utf-8")
    after = run("report", "--format", "md", "--language", "nl", workspace=demo)
    assert after.exit_code == 0 and "-nl.md" in after.output  # after the command, too


def test_wi3_language_sets_the_language(
    run: Run, demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WI3_LANGUAGE", "nl")
    out = run("history", "verkoop-forum", workspace=demo).output
    assert "Levensloop van verkoop-forum" in out
    monkeypatch.setenv("WI3_LANGUAGE", "en")
    assert "Lifecycle of verkoop-forum" in run("history", "verkoop-forum", workspace=demo).output


def test_an_unknown_language_is_refused(run: Run, demo: Path) -> None:
    result = run("--language", "de", "history", "verkoop-forum", workspace=demo)
    assert result.exit_code == 2
    assert "'de' is not a language of wi3; use en or nl" in result.output


def test_errors_in_dutch_keep_where_and_what_to_do(run: Run, demo: Path, tmp_path: Path) -> None:
    missing = run("--language", "nl", "diagnose", workspace=tmp_path / "nowhere")
    assert missing.exit_code == 1
    assert "fout: geen wi3-werkmap in" in missing.output and "wi3 init" in missing.output
    assert str(tmp_path / "nowhere") in missing.output.replace("\n", "")
    unknown = run("--language", "nl", "history", "wikki", workspace=demo)
    assert unknown.exit_code == 1
    assert "fout: geen initiatief 'wikki' in" in unknown.output
    assert "de initiatieven zijn" in unknown.output and "intranet-wiki" in unknown.output
    nofile = run("--language", "nl", "org", "import", str(tmp_path / "org.yaml"), workspace=demo)
    assert "org.yaml: dit bestand bestaat niet; controleer het pad" in nofile.output.replace(
        "\n", ""
    )
    date = run("--language", "nl", "diagnose", "--as-of", "30-09-2026", workspace=demo)
    assert "--as-of '30-09-2026' is geen datum; schrijf die als JJJJ-MM-DD" in date.output
    assert "error:" not in (missing.output + unknown.output + nofile.output + date.output)


def test_a_bad_csv_line_is_named_in_dutch(run: Run, demo: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("columns: {q1: survey.overall}\n", encoding="utf-8")
    answers = tmp_path / "answers.csv"
    answers.write_bytes(b'q1\n4\n"5"x\n')
    result = run(
        "--language", "nl", "survey", "import", str(answers), "--initiative", "intranet-wiki",
        "--mapping", str(mapping), "--round", "r", workspace=demo,
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    out = result.output.replace("\n", "")
    assert f"fout: {answers}:3: onleesbare CSV" in out
    assert "Exporteer het bestand opnieuw als CSV UTF-8." in out
