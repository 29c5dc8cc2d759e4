"""Usage metrics as evidence: read by the diagnosis, explained, and set against the owner."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from wi3.cli import app
from wi3.service import Workspace, diagnose, import_assessments, last_complete_quarter


def test_last_complete_quarter() -> None:
    assert last_complete_quarter(date(2026, 6, 30)) == "2026Q2"
    assert last_complete_quarter(date(2026, 6, 29)) == "2026Q1"
    assert last_complete_quarter(date(2026, 1, 1)) == "2025Q4"


def test_usage_contradicting_the_owner_is_a_conflict(acme: Workspace, tmp_path: Path) -> None:
    claims = tmp_path / "owner.yaml"
    claims.write_text(
        "initiative: answers\nassessed_on: 2026-03-15\nassessor_role: owner\n"
        "answers: {assess.community: strategic, assess.focus: strategic}\n"
    )
    import_assessments(acme, None, claims)
    result = diagnose(acme, None, date(2026, 3, 31)).diagnosis
    answers = next(d for d in result.initiatives if d.initiative == "answers")
    focus = next(c for c in answers.categories if c.category == "focus")
    # the owner says strategic reach; activity in only two units says pioneering
    assert focus.conflict is not None
    assert focus.conflict.high == ("assess.focus", "focus.usage.active_ratio")
    assert focus.conflict.low == ("focus.usage.units_reached_share",)
    # and that usage was measured after the claim: a claim that later usage contradicts
    (claim,) = answers.claims
    assert (claim.claim, claim.contradiction) == ("assess.focus", "focus.usage.units_reached_share")
    # eight contributors: the ten most active make everything, by construction, so no level
    community = next(c for c in answers.categories if c.category == "community")
    top10 = next(r for r in community.readings if r.indicator == "community.usage.top10_share")
    assert top10.value == 1.0 and top10.level is None and top10.basis == "usage data 2026Q1"
    assert top10.note == "about fewer than 11 people: too few for this figure to give a level"
    withheld = next(r for r in answers.categories if r.category == "leadership").readings
    managers = next(r for r in withheld if r.ref == "management_participation")
    assert managers.status == "withheld" and managers.level is None
    assert "usage" in answers.confidence.kinds_present


def test_explain_shows_metric_value_threshold_and_level(acme: Workspace) -> None:
    result = CliRunner().invoke(
        app,
        ["-w", str(acme.path), "diagnose", "--as-of", "2026-03-31", "--explain", "answers"],
        env={"COLUMNS": "250"},
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    at = next(i for i, x in enumerate(lines) if "community.usage.absence_factor (usage)" in x)
    assert lines[at].endswith("(usage): 3 → level 2")
    assert lines[at + 1].strip() == (
        "usage data 2026Q1 · weight 0.5 · facilitating >= 3; strategic >= 10"
    )
    top10 = next(x for x in lines if "community.usage.top10_share (usage)" in x)
    assert top10.endswith(
        "1 → no level, about fewer than 11 people: too few for this figure to give a level"
    )
    assert "fewer than 5 people; not shown" in result.output


def test_metrics_command_formats(acme: Workspace, tmp_path: Path) -> None:
    runner = CliRunner()
    table = runner.invoke(app, ["-w", str(acme.path), "metrics", "answers"], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "Active ratio" in table.output and "92%" in table.output
    csv_out = runner.invoke(
        app, ["-w", str(acme.path), "metrics", "--format", "csv", "--by", "unit"]
    )
    assert csv_out.exit_code == 0
    lines = csv_out.output.splitlines()
    assert lines[0] == "initiative,period,unit,metric,value,withheld,people"
    assert "answers,2026Q1,ict,active_users,6.0,,6" in lines
    monthly = runner.invoke(
        app, ["-w", str(acme.path), "metrics", "answers", "--format", "json", "--period", "month"]
    )
    assert '"period": "2026-01"' in monthly.output
    # January: two of ict's people were active, too few to show
    assert "answers,2026-01" not in csv_out.output
    out = tmp_path / "m.parquet"
    parquet = runner.invoke(
        app, ["-w", str(acme.path), "metrics", "--format", "parquet", "-o", str(out)]
    )
    assert parquet.exit_code == 0 and out.stat().st_size > 0
    missing = runner.invoke(app, ["-w", str(acme.path), "metrics", "nope"])
    assert missing.exit_code == 1
    assert "no usage data for 'nope'; initiatives with events: answers, answers2" in missing.output
