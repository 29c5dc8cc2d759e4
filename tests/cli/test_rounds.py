"""`wi3 survey round`: create a round, write the invitation links, follow it and close it."""

from __future__ import annotations

import csv
import stat
from pathlib import Path

from tests.cli.conftest import Run
from wi3.service import open_workspace, submit_answers


def test_a_round_from_the_command_line(run: Run, tmp_path: Path) -> None:
    organisation = tmp_path / "organisation.yaml"
    organisation.write_text(
        "organisation: {slug: acme, name: Acme}\n"
        "units: [{path: ict, name: ICT}]\n"
        "initiatives: [{slug: wiki, name: Wiki, kind: wiki}]\n"
    )
    assert run("init").exit_code == 0
    assert run("org", "import", str(organisation)).exit_code == 0
    made = run("survey", "round", "create", "wiki", "2026 Q1", "--language", "nl", "--open-link")
    assert made.exit_code == 0, made.output
    assert "survey round '2026 Q1' of wiki created (nl)" in made.output
    assert "open link (shown only now" in made.output
    invitees = tmp_path / "invitees.csv"
    invitees.write_text(
        "address,unit\n" + "".join(f"p{i}@example.org,ict\n" for i in range(6)), encoding="utf-8"
    )
    links = tmp_path / "links.csv"
    base = "https://wi3.example.org/survey/"
    invited = run(
        "survey", "round", "invite", "wiki", "2026 Q1", str(invitees), "--output", str(links),
        "--base-url", base,
    )  # fmt: skip
    assert invited.exit_code == 0, invited.output
    assert "6 invitations made; the links are in" in invited.output
    assert stat.S_IMODE(links.stat().st_mode) == 0o600
    with links.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["address"] for r in rows] == [f"p{i}@example.org" for i in range(6)]
    assert all(r["link"].startswith(base) for r in rows)
    again = run(
        "survey", "round", "invite", "wiki", "2026 Q1", str(invitees), "--output", str(links)
    )
    assert again.exit_code == 1 and "exists already; choose a new file" in again.output

    ws = open_workspace(tmp_path / "ws")
    try:
        for row in rows[:5]:
            token = row["link"].removeprefix(base)
            submit_answers(ws, token, {"survey.trust_content": "4"})
    finally:
        ws.close()
    status = run("survey", "round", "status", "wiki")
    assert status.exit_code == 0, status.output
    assert "survey round '2026 Q1' of wiki: open; 6 invited, 0 through the open link" in (
        status.output
    )
    assert "5 responded; 0 responses published" in status.output
    closed = run("survey", "round", "close", "wiki", "2026 Q1")
    assert closed.exit_code == 0 and "5 responses" in closed.output
    shown = run("survey", "show", "wiki")
    assert "survey.trust_content" in shown.output and "4.00" in shown.output
