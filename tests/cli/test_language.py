"""`wi3 --language nl` (or WI3_LANGUAGE=nl): every command writes Dutch, numbers and dates too."""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.cli.conftest import Run, first_step
from wi3.cli import app
from wi3.model import load_model
from wi3.service import open_workspace, submit_answers

ENGLISH = ("Initiative", "Phase", "Confidence", "usage alone", "as of", "snapshot of", "error:")


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The demo run in Dutch: its workspace, and what it printed."""
    ws = tmp_path_factory.mktemp("demo") / "ws"
    result = CliRunner().invoke(app, ["--workspace", str(ws), "--language", "nl", "demo"])
    assert result.exit_code == 0, result.output
    return ws, result.output


@pytest.fixture(scope="module")
def demo(demo_run: tuple[Path, str]) -> Path:
    return demo_run[0]


def test_the_demo_says_each_step_in_dutch(demo_run: tuple[Path, str]) -> None:
    out = demo_run[1]
    assert "voorbeeldorganisatie geschreven naar" in out
    assert "organisatie noordwind: initiatieven 8 toegevoegd, 0 bijgewerkt, 0 ongewijzigd" in out
    assert "beoordelingen door eigenaars: " in out and " beoordelingen geïmporteerd" in out
    assert "gebruikersenquêtes: " in out and " antwoorden gelezen, " in out
    usage = next(line for line in out.splitlines() if line.startswith("personeelsbestand en"))
    events = usage.split(": ", 1)[1].split(" nieuwe gebeurtenissen")[0]
    assert re.fullmatch(r"\d{1,3}(\.\d{3})+", events), usage  # 1.5 million, grouped the Dutch way
    assert "diagnose per 31 december 2024: " in out and " pionierend" in out
    assert "diagnose per 30 september 2026: " in out
    assert "actieplan: 4 acties; bij de laatste momentopname 3 beter, 1 slechter" in out
    assert "Voorbeeldrapport:" in out and "--language nl diagnose --explain" in out
    for english in ("written to", "owner assessments", "new events", "diagnosis as of", "action"):
        assert english not in out, english


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


def test_the_plan_in_dutch(diagnosed: Run, tmp_path: Path) -> None:
    tip = first_step(diagnosed, tmp_path, "2026-03-31")
    title = next(t.title for t in load_model().tips if t.id == tip)
    added = diagnosed(
        "--language", "nl", "plan", "add", "team-wiki", tip, "--owner", "community manager",
        "--due", "2026-09-30", "--accepted-on", "2026-03-31",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert added.output.startswith(f"actie 1: {tip} {title.nl} voor team-wiki, eigenaar ")
    assert "community manager, uiterlijk 2026-09-30" in added.output
    assert "uit de momentopname van 2026-03-31; bij elke latere momentopname opnieuw gemeten: " in (
        added.output
    )
    listed = diagnosed("--language", "nl", "plan", "list").output
    assert "Actieplan" in listed
    for heading in ("Actie", "Stap", "Eigenaar", "Uiterlijk", "Aangenomen", "Laatste hercontrole"):
        assert heading in listed, heading
    row = next(line for line in listed.splitlines() if "team-wiki" in line)
    assert title.nl in row and (title.en == title.nl or title.en not in row)
    assert "2026-03-31 (momentopname 2026-03-31)" in row
    assert "beter (per 2026-06-30)" in row
    assert "1 actie, 0 gedaan, 1 open" in listed
    done = diagnosed("--language", "nl", "plan", "done", "1", "--on", "2026-07-15")
    assert done.output.strip() == f"actie 1 ({tip} voor team-wiki) gedaan op 2026-07-15"
    assert "gedaan 2026-07-15" in diagnosed("--language", "nl", "plan", "list").output
    empty = diagnosed("--language", "nl", "plan", "list", "--status", "open").output
    assert "het plan bevat zo'n actie niet; neem een volgende stap aan met `wi3 plan add" in empty
    for english in ("action", "owned by", "due ", "from the snapshot", "better", "done on"):
        assert english not in added.output + listed + done.output, english


def test_plan_errors_in_dutch(diagnosed: Run, tmp_path: Path) -> None:
    tip = first_step(diagnosed, tmp_path, "2026-03-31")
    add = ("--language", "nl", "plan", "add", "team-wiki", tip, "--accepted-on", "2026-03-31")
    refusals = [
        (
            (*add, "--owner", "jan@acme.nl", "--due", "2026-09-30"),
            "fout: --owner 'jan@acme.nl' lijkt een e-mailadres; het plan noemt een rol",
        ),
        (
            (*add, "--owner", "lead", "--due", "2026-01-01"),
            "--due 2026-01-01 ligt vóór de dag waarop de actie wordt aangenomen (2026-03-31)",
        ),
        (
            ("--language", "nl", "plan", "add", "team-wiki", "T0", "--owner", "lead", "--due",
             "2099-09-30"),
            "fout: geen tip 'T0' in het model; de tips zijn T1, T2, T3",
        ),
        (
            (*add[:-1], "2025-12-31", "--owner", "lead", "--due", "2026-09-30"),
            "acme heeft geen diagnose op of vóór 2025-12-31: een actie neemt haar bewijs uit de "
            "nieuwste momentopname, dus voer eerst `wi3 diagnose` uit",
        ),
        (
            ("--language", "nl", "plan", "done", "7"),
            "fout: acme heeft geen actie 7; `wi3 plan list` toont het plan",
        ),
        (
            ("--language", "nl", "plan", "list", "--status", "closed"),
            "fout: --status 'closed': kies open of done",
        ),
    ]  # fmt: skip
    for args, needle in refusals:
        result = diagnosed(*args)
        assert result.exit_code == 1, result.output
        text = " ".join(result.output.split())
        assert needle in text and "error:" not in text, text
    assert diagnosed(*add, "--owner", "lead", "--due", "2026-09-30").exit_code == 0
    again = " ".join(diagnosed(*add, "--owner", "lead", "--due", "2026-09-30").output.split())
    assert f"{tip} van team-wiki staat al in het plan als actie 1, open en uiterlijk " in again
    assert "`wi3 plan done 1`" in again


def test_a_survey_round_in_dutch(run: Run, tmp_path: Path) -> None:
    organisation = tmp_path / "organisation.yaml"
    organisation.write_text(
        "organisation: {slug: acme, name: Acme}\n"
        "units: [{path: ict, name: ICT}]\n"
        "initiatives: [{slug: wiki, name: Wiki, kind: wiki}]\n"
    )
    assert run("init").exit_code == 0
    assert run("org", "import", str(organisation)).exit_code == 0

    def dutch(*args: str) -> str:
        result = run("--language", "nl", "survey", "round", *args)
        assert result.exit_code == 0, result.output
        return " ".join(result.output.split())

    assert "wiki heeft nog geen enquêterondes" in dutch("status", "wiki")
    made = dutch("create", "wiki", "2026 Q1", "--closes", "2099-12-31", "--open-link")
    assert "enquêteronde '2026 Q1' van wiki gemaakt (en); antwoorden kunnen tot en met " in made
    assert "2099-12-31" in made and "open link (alleen nu getoond; iedereen die hem heeft" in made
    invitees = tmp_path / "invitees.csv"
    invitees.write_text(
        "address,unit\n" + "".join(f"p{i}@example.org,ict\n" for i in range(6)), encoding="utf-8"
    )
    links = tmp_path / "links.csv"
    invited = dutch("invite", "wiki", "2026 Q1", str(invitees), "--output", str(links))
    assert f"{invitees}: 6 uitnodigingen gemaakt; de links staan in {links}" in invited
    more = tmp_path / "more.csv"
    more.write_text(invitees.read_text() + "p6@example.org,ict\n", encoding="utf-8")
    again = dutch("invite", "wiki", "2026 Q1", str(more), "--output", str(tmp_path / "l2.csv"))
    assert "1 uitnodiging gemaakt; 6 waren al eerder uitgenodigd" in again
    exists = run("--language", "nl", "survey", "round", "invite", "wiki", "2026 Q1",
                 str(invitees), "--output", str(links))  # fmt: skip
    assert exists.exit_code == 1
    assert "bestaat al; kies een nieuw bestand" in " ".join(exists.output.split())
    ws = open_workspace(tmp_path / "ws")
    try:
        for line in links.read_text(encoding="utf-8").splitlines()[1:6]:
            submit_answers(ws, line.split(",")[1], {"survey.trust_content": "4"})
    finally:
        ws.close()
    status = dutch("status", "wiki")
    assert (
        "enquêteronde '2026 Q1' van wiki: open tot en met 2099-12-31; 7 uitgenodigd, 0 via de "
        "open link; 5 hebben geantwoord; 0 antwoorden gepubliceerd" in status
    )
    for heading in ("Groep", "Uitgenodigd", "Geantwoord", "Respons", "onbekend"):
        assert heading in status, heading
    assert "71%" in status  # 5 of the 7 in ict
    assert "— : minder dan 5 mensen; niet getoond" in status
    closed = dutch("close", "wiki", "2026 Q1")
    today = datetime.now(UTC).date().isoformat()
    assert f"enquêteronde '2026 Q1' gesloten op {today}: 5 antwoorden" in closed
    refused = run("--language", "nl", "survey", "round", "close", "wiki", "2026 Q1")
    assert refused.exit_code == 1
    assert f"fout: enquêteronde '2026 Q1' is gesloten op {today}; maak een nieuwe ronde" in (
        " ".join(refused.output.split())
    )
    unknown = run("--language", "nl", "survey", "round", "status", "wiki", "2026 Q2")
    assert "fout: wiki heeft geen enquêteronde '2026 Q2'; de rondes zijn '2026 Q1'" in (
        " ".join(unknown.output.split())
    )


def test_what_a_connector_read_is_said_in_dutch(
    run: Run, tmp_path: Path, fixture_path: Path, organisation_file: Path
) -> None:
    assert run("init").exit_code == 0
    assert run("org", "import", str(organisation_file)).exit_code == 0
    slack = run("--language", "nl", "ingest", "slack", str(fixture_path / "slack" / "workspace"),
                "--initiative", "team-chat")  # fmt: skip
    assert slack.exit_code == 0, slack.output
    out = " ".join(slack.output.split())
    assert re.search(r"\d+ van \d+ berichten gelezen; \d+ overgeslagen: \d+ ", out), out
    assert "(eerst bij " in out and "nieuwe gebeurtenissen" in out
    assert "initiatief team-chat geregistreerd" in out
    english = run("ingest", "slack", str(fixture_path / "slack" / "workspace"),
                  "--initiative", "team-chat")  # fmt: skip
    assert re.search(r"\d+ of \d+ messages read; \d+ skipped: \d+ ", english.output)
    archive = tmp_path / "zulip"
    shutil.copytree(fixture_path / "zulip" / "archive", archive)
    shutil.rmtree(archive / "zulip_json" / "10-general")
    zulip = run("--language", "nl", "ingest", "zulip", str(archive), "--initiative", "team-zulip",
                "--partial")  # fmt: skip
    assert zulip.exit_code == 0, zulip.output
    assert "2 stromen niet gelezen: general, ghost (folder missing)" in " ".join(
        zulip.output.split()
    )


def test_key_show_says_the_key_is_inside_in_dutch(run: Run, tmp_path: Path, key_home: Path) -> None:
    assert run("init").exit_code == 0
    folder = tmp_path / "ws"
    identity = json.loads((folder / "workspace.json").read_text())
    outside = key_home / "wi3" / "keys" / f"{identity['id']}.key"
    (folder / "secret").write_bytes(outside.read_bytes())  # as wi3 kept it before
    (folder / "workspace.json").unlink()
    outside.unlink()
    shown = run("--language", "nl", "key", "show")
    assert shown.exit_code == 0, shown.output
    assert f"pseudonimiseringssleutel: {folder / 'secret'} (in de werkmap)" in shown.output
    assert "inside the workspace" not in shown.output


def test_users_and_tokens_in_dutch(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("init").exit_code == 0
    monkeypatch.setenv("WI3_PASSWORD", "a long enough passphrase 42")
    added = run("--language", "nl", "user", "add", "ann@example.org", "--role", "administrator")
    assert added.exit_code == 0, added.output
    assert "ann@example.org: administrator van elke organisatie" in added.output
    listed = run("--language", "nl", "user", "list")
    assert "gebruikers" in listed.output and "ja" in listed.output
    made = run("--language", "nl", "token", "add", "ann@example.org", "--name", "script")
    assert made.exit_code == 0, made.output
    assert "toegangstoken 1 (script): " in made.output and "Bewaar het" in made.output
    revoked = run("--language", "nl", "token", "revoke", "ann@example.org", "1")
    assert "toegangstoken 1 (script) ingetrokken" in revoked.output
    removed = run("--language", "nl", "user", "remove", "ann@example.org")
    assert "ann@example.org: geen rollen meer" in removed.output
    assert "every organisation" not in added.output + removed.output
