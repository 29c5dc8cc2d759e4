"""The main job end to end: the demo, diagnosis, explanation, history and reports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli.conftest import Run
from wi3.diagnosis import from_document


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from wi3.cli import app

    ws = tmp_path_factory.mktemp("demo") / "ws"
    result = CliRunner().invoke(app, ["--workspace", str(ws), "demo"])
    assert result.exit_code == 0, result.output
    assert "Example report:" in result.output
    assert "action plan: 4 actions; at the last snapshot 3 better, 1 worse" in result.output
    return ws


def test_demo_report_shows_every_phase_and_the_example_label(demo: Path) -> None:
    html = (demo / "reports" / "noordwind-2026-09-30-en.html").read_text()
    for phase in ("Pioneering", "Facilitating", "Strategic"):
        assert phase in html
    assert "Example organisation" in html
    assert not re.search(r"""(src|href)=["']https?://""", html)
    dutch = (demo / "reports" / "noordwind-2026-09-30-nl.html").read_text()
    assert "Pionierend" in dutch and "Faciliterend" in dutch and "Strategisch" in dutch


def test_demo_report_shows_each_initiatives_lifecycle(demo: Path) -> None:
    """The report reads the lifecycles from the stored snapshots, as `wi3 history` does."""
    html = (demo / "reports" / "noordwind-2026-09-30-en.html").read_text()

    def lifecycle(slug: str) -> list[str]:
        table = html.split(f'id="initiative-{slug}"')[1].split('<table class="lifecycle">')[1]
        body = table.split("</table>")[0]
        return re.findall(r'<tr data-as-of="([\d-]+)"', body)

    forum = lifecycle("verkoop-forum")
    assert len(forum) == 8 and forum[-1] == "2026-09-30"
    assert "▼</span> regressed to Pioneering" in html.split('id="initiative-verkoop-forum"')[1]
    assert len(lifecycle("hr-blog")) == 5  # started in July 2025: earlier snapshots lack it
    markdown = (demo / "reports" / "noordwind-2026-09-30-en.md").read_text()
    assert "#### Lifecycle" in markdown and "| **30 September 2026** (this report) |" in markdown


def test_demo_report_opens_with_the_summary_and_shows_the_plan_and_last_quarter(
    demo: Path,
) -> None:
    """The demo accepts actions early in its two years; the later snapshots re-check them."""
    html = (demo / "reports" / "noordwind-2026-09-30-en.html").read_text()
    body = html.split("<main", 1)[1]
    assert body.index('id="summary"') < body.index('id="board"')
    assert body.index('id="comparison"') < body.index('id="plan"')
    assert "Changes since 30 June 2026" in html
    plan = html.split('id="plan"')[1].split("</section>")[0]
    assert re.findall(r'<tr class="action[^"]*" data-action="(\d+)"', plan) == ["1", "2", "3", "4"]
    wiki = plan.split('data-action="1"')[1].split("</tr>")[0]
    # accepted on 31 December 2024: re-checked at each of the seven quarters after it
    assert len(re.findall(r'<li data-as-of="', wiki)) == 7
    assert "done on 20 June 2025" in wiki and "outcome-better" in wiki
    forum = plan.split('data-action="3"')[1].split("</tr>")[0]
    assert "outcome-worse" in forum  # the sales forum fell back when its sponsor left
    steps = html.split('id="summary-steps"')[1].split("</section>")[0]
    assert 'data-action="2"' in steps and "overdue" in steps
    assert "In the plan: action 2, community manager" in html
    dutch = (demo / "reports" / "noordwind-2026-09-30-nl.html").read_text()
    for label in ("Managementsamenvatting", "Actieplan", "Veranderingen sinds 30 juni 2026"):
        assert label in dutch
    markdown = (demo / "reports" / "noordwind-2026-09-30-en.md").read_text()
    for heading in ("## Management summary", "## Action plan", "## Changes since 30 June 2026"):
        assert f"\n{heading}\n" in markdown


def test_demo_phases_follow_the_documented_plan(run: Run, demo: Path) -> None:
    result = run("report", "--format", "json", "--output", str(demo / "r.json"), workspace=demo)
    assert result.exit_code == 0, result.output
    document = json.loads((demo / "r.json").read_text())
    diagnosis = from_document(document)
    phases = {d.initiative: d.phase for d in diagnosis.initiatives}
    # the developers' Slack was retired in May 2026: stopped, with the phase it ended in
    slack = next(d for d in diagnosis.initiatives if d.initiative == "dev-slack")
    assert slack.activity is not None and slack.activity.state == "stopped"
    assert slack.activity.since is not None and slack.activity.since.isoformat() == "2026-05-01"
    assert diagnosis.profile.stopped == 1
    assert phases == {
        "netbeheer-wiki": "strategic",
        "viva-engage": "strategic",
        "intranet-wiki": "strategic",
        "klantkennis-qa": "facilitating",
        "projecten-teams": "facilitating",
        "verkoop-forum": "pioneering",
        "dev-slack": "pioneering",
        "hr-blog": "pioneering",
    }


def test_history_shows_transitions_and_the_regression(run: Run, demo: Path) -> None:
    forum = run("history", "verkoop-forum", workspace=demo)
    assert forum.exit_code == 0
    assert any(
        line.startswith("│ 31 Mar 2026 ") and "│ Pioneering" in line
        for line in forum.output.splitlines()
    )
    assert "▼ regressed to pioneering" in forum.output
    assert "8 snapshots, 1 phase transition (1 regression)" in forum.output
    wiki = run("history", "intranet-wiki", workspace=demo).output
    assert wiki.count("▲ advanced") == 2
    blog = run("history", "hr-blog", workspace=demo).output
    assert "5 snapshots" in blog  # started in July 2025


def test_explain_traces_every_figure(run: Run, demo: Path) -> None:
    result = run(
        "diagnose", "--as-of", "2026-09-30", "--explain", "projecten-teams", workspace=demo
    )
    out = result.output
    assert result.exit_code == 0, out
    assert "Projectruimtes (projecten-teams" in out and "facilitating" in out
    assert "conflict in Focus: high assess.focus; low focus.survey.colleagues_on_it" in out
    # every reading with a figure: its value, level, basis, weight and rule
    assert "focus.survey.colleagues_on_it (survey): 2." in out
    assert (
        "survey round '2026 voorjaar', 13 answers · dated 2026-05-11, counts 0.76 of its weight "
        "· weight 1 · facilitating >= 3; strategic >= 4" in out
    )
    assert "gate facilitating: holds" in out and "gate strategic: fails" in out
    assert "survey round '2026 voorjaar'" in out
    assert "next steps towards strategic" in out


def test_diagnose_table_and_profile(run: Run, demo: Path) -> None:
    out = run("diagnose", "--as-of", "2025-06-30", workspace=demo).output
    assert "profile: pioneering 2 (29%), facilitating 4 (57%), strategic 1 (14%)" in out
    assert "own way of organising Enterprise 2.0: pioneering" in out


def test_survey_show_by_unit_hides_small_groups(run: Run, demo: Path) -> None:
    out = run("survey", "show", "dev-slack", "--by-unit", workspace=demo).output
    assert "all respondents" in out and "(n=6)" in out
    assert "ict" not in out.split("survey round")[1].split("\n")[1] or "withheld" in out


def test_interactive_assessment(run: Run, tmp_path: Path) -> None:
    assert run("init").exit_code == 0
    org = tmp_path / "org.yaml"
    org.write_text(
        "organisation: {slug: acme, name: Acme}\n"
        "initiatives: [{slug: wiki, name: Wiki, kind: wiki}]\n"
    )
    run("org", "import", str(org))
    answers = (
        ["2"] * 11
        + ["0"]
        + ["yes", "no", "2", "maybe", "yes", "3", "yes", "1", "no", "no", "1", "0", "0"]
    )
    result = run(
        "assess", "wiki", "--on", "2026-05-01", "--role", "owner", input="\n".join(answers) + "\n"
    )
    assert result.exit_code == 0, result.output
    assert "1. " in result.output and "0. don't know" in result.output
    assert "'maybe' is not an answer to fact.community_manager" in result.output
    assert "assessment of wiki on 1 May 2026: 21 answers, 3 don't know" in result.output
    out = run("diagnose", "--as-of", "2026-05-02", "--explain", "wiki").output
    assert "owner assessment of" in out and "2026-05-01" in out


def test_updating_an_initiative_keeps_what_was_not_given(run: Run, tmp_path: Path) -> None:
    assert run("init").exit_code == 0
    org = tmp_path / "org.yaml"
    org.write_text("organisation: {slug: acme, name: Acme}\n")
    run("org", "import", str(org))
    add = ("initiative", "add", "room", "--name", "Room")
    assert "initiative room: added" in run(*add, "--kind", "other", "--platform", "Gitter").output
    assert "initiative room: updated" in run(*add, "--audience", "40", "--scope", "ict").output
    assert "initiative room: updated" in run(*add, "--kind", "chat").output
    row = next(line for line in run("initiative", "list").output.splitlines() if "room" in line)
    assert "chat" in row and "Gitter" in row and "40" in row and "ict" in row


def test_a_new_initiative_needs_a_name_and_a_valid_kind(run: Run, tmp_path: Path) -> None:
    assert run("init").exit_code == 0
    org = tmp_path / "org.yaml"
    org.write_text("organisation: {slug: acme, name: Acme}\n")
    run("org", "import", str(org))
    missing = run("initiative", "add", "room", "--platform", "Gitter")
    assert missing.exit_code == 1
    assert "initiative 'room' is new, so it needs a name and a kind" in missing.output
    assert "wi3 initiative add room --name NAME --kind KIND" in missing.output
    wrong = run("initiative", "add", "room", "--name", "Room", "--kind", "intranet")
    assert wrong.exit_code == 1
    assert "cannot register 'room': kind:" in wrong.output and "is not one of" in wrong.output
    assert "room" not in run("initiative", "list").output
