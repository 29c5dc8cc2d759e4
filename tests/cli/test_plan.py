"""`wi3 plan add`, `list` and `done` as a user types them, and what they say when refused."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.cli.conftest import Run, first_step


def test_add_list_and_done(diagnosed: Run, tmp_path: Path) -> None:
    tip = first_step(diagnosed, tmp_path, "2026-03-31")
    result = diagnosed(
        "plan", "add", "team-wiki", tip, "--owner", "community manager", "--due", "2026-09-30",
        "--accepted-on", "2026-03-31",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        result.output.startswith(f"action 1: {tip} ")
        and "for team-wiki, owned by community manager, due 2026-09-30" in result.output
    )
    assert "from the snapshot of 2026-03-31; measured again at each later snapshot: " in (
        result.output
    )
    listed = diagnosed("plan", "list")
    assert listed.exit_code == 0, listed.output
    row = next(line for line in listed.output.splitlines() if "team-wiki" in line)
    assert re.search(rf"│ 1 +│ team-wiki +│ {tip} ", row)
    assert "community manager" in row and "2026-09-30" in row
    assert "better (as of 2026-06-30)" in row  # the owner's answers rose a level
    assert "1 action, 0 done, 1 open" in listed.output
    done = diagnosed("plan", "done", "1", "--on", "2026-07-15")
    assert done.exit_code == 0, done.output
    assert done.output.strip() == f"action 1 ({tip} for team-wiki) done on 2026-07-15"
    assert "done 2026-07-15" in diagnosed("plan", "list", "--status", "done").output
    empty = diagnosed("plan", "list", "--status", "open")
    assert "the plan holds no such action; accept a next step with `wi3 plan add" in (empty.output)


def fails(result, *needles: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    text = " ".join(result.output.split())
    for needle in needles:
        assert needle in text, text


def test_refusals_say_what_is_wrong_and_what_to_do(diagnosed: Run, tmp_path: Path) -> None:
    tip = first_step(diagnosed, tmp_path, "2026-03-31")
    add = ("plan", "add", "team-wiki", tip, "--accepted-on", "2026-03-31")
    fails(
        diagnosed(*add, "--owner", "jan@acme.nl", "--due", "2026-09-30"),
        "error: --owner 'jan@acme.nl' looks like an e-mail address; the plan names a role",
    )
    fails(
        diagnosed(*add, "--owner", "lead", "--due", "2026-01-01"),
        "--due 2026-01-01 lies before the day the action is accepted (2026-03-31)",
    )
    fails(
        diagnosed(*add, "--owner", "lead", "--due", "30-09-2026"),
        "--due '30-09-2026' is not a date; write it as YYYY-MM-DD",
    )
    fails(
        diagnosed("plan", "add", "wiki", tip, "--owner", "lead", "--due", "2099-09-30"),
        "no initiative 'wiki' in acme; its initiatives are team-wiki",
    )
    fails(
        diagnosed("plan", "add", "team-wiki", "T0", "--owner", "lead", "--due", "2099-09-30"),
        "no tip 'T0' in the model; its tips are T1, T2, T3",
    )
    fails(
        diagnosed(
            "plan", "add", "team-wiki", tip, "--owner", "lead", "--due", "2026-09-30",
            "--accepted-on", "2025-12-31",
        ),
        "acme has no diagnosis on or before 2025-12-31: an action takes its evidence from the "
        "newest snapshot, so run `wi3 diagnose` first",
    )  # fmt: skip
    assert diagnosed(*add, "--owner", "lead", "--due", "2026-09-30").exit_code == 0
    fails(
        diagnosed(*add, "--owner", "lead", "--due", "2026-09-30"),
        f"{tip} of team-wiki is already in the plan as action 1, open and due 2026-09-30; "
        "mark it done with `wi3 plan done 1`",
    )
    fails(diagnosed("plan", "done", "7"), "acme has no action 7; `wi3 plan list` shows the plan")
    fails(
        diagnosed("plan", "done", "1", "--on", "2026-03-01"),
        "action 1 was accepted on 2026-03-31; it cannot be done on 2026-03-01",
    )
    fails(diagnosed("plan", "list", "--status", "closed"), "--status 'closed': use open or done")
    fails(diagnosed("plan", "list", "--initiative", "wiki"), "no initiative 'wiki' in acme")


def test_a_step_the_diagnosis_does_not_name_is_refused_with_the_steps_it_does(
    diagnosed: Run, tmp_path: Path
) -> None:
    out = tmp_path / "q1.json"
    assert (
        diagnosed("report", "--format", "json", "--as-of", "2026-03-31", "-o", str(out)).exit_code
        == 0
    )
    (wiki,) = json.loads(out.read_text())["diagnosis"]["initiatives"]
    steps = [s["tip"] for s in wiki["next_steps"]]
    other = next(f"T{n}" for n in range(1, 9) if f"T{n}" not in steps)
    fails(
        diagnosed(
            "plan", "add", "team-wiki", other, "--owner", "lead", "--due", "2026-09-30",
            "--accepted-on", "2026-03-31",
        ),
        f"{other} is not among the next steps of team-wiki in the snapshot of 2026-03-31 "
        f"({', '.join(steps)})",
    )  # fmt: skip


def test_report_compare_and_summary_only(diagnosed: Run, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    result = diagnosed("report", "--format", "md", "--compare", "2026-03-31", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "## Management summary" in text and "## Changes since 31 March 2026" in text
    assert "advanced: Team wiki" in text
    summary = diagnosed("report", "--summary-only", "--language", "nl")
    assert summary.exit_code == 0, summary.output
    path = Path(summary.output.split("rapport geschreven naar ", 1)[1].strip())
    assert path.name == "acme-2026-06-30-nl-summary.html"
    assert "Managementsamenvatting" in path.read_text() and "Groeibord" not in path.read_text()
    fails(
        diagnosed("report", "--compare", "2026-06-30"),
        "--compare 2026-06-30: a report compares with an earlier snapshot, and this one is of "
        "2026-06-30",
    )
