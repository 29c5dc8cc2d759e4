"""docs/diagnosis.md's worked example, recomputed: the page and the code must agree."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
import yaml

from wi3.diagnosis import (
    ActivityEvidence,
    DayCount,
    InitiativeDiagnosis,
    Observation,
    diagnose_initiative,
    read_activity,
)
from wi3.model import load_model

DOC = Path(__file__).parents[2] / "docs" / "diagnosis.md"


def _example() -> tuple[str, InitiativeDiagnosis]:
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"```yaml worked-example\n(.*?)```", text, re.S)
    assert block, "the worked example's YAML block is missing from docs/diagnosis.md"
    observations = [
        Observation(kind, ref, value, withheld=None if value is not None else "withheld")
        for kind, values in yaml.safe_load(block.group(1)).items()
        for ref, value in values.items()
    ]
    return text, diagnose_initiative(load_model(), "team-wiki", observations)


def test_category_table_matches() -> None:
    text, result = _example()
    table = text.split("**Category levels.**", 1)[1].split("**Mean**", 1)[0]
    rows = {
        m.group(1): m.group(2)
        for m in re.finditer(r"^\| (\w+) \|[^|]*\| ([\d.]+|—) \|", table, re.M)
    }
    assert len(rows) == 12
    for category in result.categories:
        shown = rows[category.category]
        assert shown == ("—" if category.level is None else f"{category.level:.2f}")
    conflicts = {c.category for c in result.categories if c.conflict}
    assert conflicts == {"focus"}
    assert re.search(r"^\| focus \|.*\| yes:", table, re.M)


def test_mean_gate_phase_confidence_and_step_match() -> None:
    text, result = _example()
    mean = re.search(r"\*\*Mean\*\*.*= \*\*([\d.]+)\*\*", text)
    assert mean and float(mean.group(1)) == pytest.approx(result.mean, abs=0.005)
    assert "the phase is **pioneering**" in text and result.phase == "pioneering"
    facilitating = result.gates[0]
    failing = [c.subject for c in facilitating.conditions if not c.holds]
    assert failing == ["leadership"]
    assert "**leadership 1.67 fails**" in text
    score = re.search(r"score = .* = \*\*([\d.]+)\*\* \((\w+)\)", text)
    assert score
    assert float(score.group(1)) == pytest.approx(result.confidence.score, abs=0.005)
    assert score.group(2) == result.confidence.label
    (step,) = result.next_steps
    assert step.tip == "T4" and f"**{step.score:.2f}**" in text
    assert step.measure == ("leadership.usage.management_participation",)
    assert result.missing == ("leadership.usage.management_participation",)


def _lifecycle_example() -> tuple[str, InitiativeDiagnosis]:
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"```yaml lifecycle-example\n(.*?)```", text, re.S)
    assert block, "the lifecycle example's YAML block is missing from docs/diagnosis.md"
    given = yaml.safe_load(block.group(1))
    model = load_model()
    made = given["contributions"]
    days, day = [], made["from"]
    while day <= made["to"]:
        if day.weekday() < 5:
            days.append(DayCount(day, made["container"], made["each_weekday"]))
        day += timedelta(days=1)
    exports = given["exports"]
    evidence = ActivityEvidence(
        days=tuple(days),
        first_event=made["from"],
        covered_until=exports["covered_until"],
        covered_basis=exports["basis"],
        archive_signals=exports["archive_signals"],
    )
    as_of = given["as_of"]
    activity = read_activity(model, evidence, as_of)
    owner = given["owner"]
    usage = given["usage"]
    observations = [
        Observation("owner", ref, phase, dated=owner["dated"])
        for ref, phase in owner["answers"].items()
    ] + [
        Observation("usage", ref, v["value"], n=v["people"], dated=usage["dated"])
        for ref, v in usage.items()
        if ref != "dated"
    ]
    diagnosis = diagnose_initiative(
        model, "team-chat", observations, as_of=as_of, activity=activity
    )
    return text.split("## 16. Worked example over time", 1)[1], diagnosis


def test_lifecycle_example_matches() -> None:
    text, result = _lifecycle_example()
    activity = result.activity
    assert activity is not None
    assert (activity.state, activity.rule) == ("dormant", "silent")
    assert f"**{activity.figures['silence']} days**" in text
    assert f"**dormant since {activity.since}**" in text
    focus = result.categories[0]
    owner = focus.readings[0]
    assert f"**{owner.age_factor:.2f}**" in text
    assert focus.level is not None and f"**{focus.level:.2f}**" in text and focus.conflict
    assert result.mean is not None and f"**{result.mean:.2f}**" in text
    reach = next(c for c in result.gates[0].conditions if c.kind == "group")
    assert reach.holds is False and "**fails**" in text
    assert result.phase == "pioneering" and "**pioneering**" in text
    assert [(c.claim, c.contradiction) for c in result.claims] == [
        ("owner", "dormant"),
        ("assess.focus", "focus.usage.active_ratio"),
    ]
    c = result.confidence
    assert c.coverage == 0 and c.agreement == 0 and c.label == "low"
    assert (
        f"= **{c.score:.2f}** (low)" in text
        and f"Recency is (6 · 0.42 + 1 · 1) / 7 = {c.recency:.2f}" in text
    )
    assert [(s.tip, s.activity) for s in result.next_steps] == [
        ("T3", "dormant"),
        ("T1", "dormant"),
        ("T8", None),
    ]
    assert f"= {result.next_steps[2].score:.1f}" in text
