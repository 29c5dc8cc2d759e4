"""docs/diagnosis.md's worked example, recomputed: the page and the code must agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from wi3.diagnosis import InitiativeDiagnosis, Observation, diagnose_initiative
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
