"""The shipped growth model, and the messages a broken model file gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from wi3.errors import ModelError
from wi3.model import PHASES, check_model_file, default_model_path, load_model


def test_shipped_model_holds_all_of_the_published_model() -> None:
    model = load_model()
    assert [p.id for p in model.phases] == list(PHASES)
    assert [p.id for p in model.perspectives] == ["user", "business", "organisation", "technology"]
    assert len(model.categories) == 12
    assert {c.perspective for c in model.categories} == {p.id for p in model.perspectives}
    assert len(model.factors) == 24
    assert [t.id for t in model.tips] == [f"T{n}" for n in range(1, 9)]
    assert [q.id for q in model.key_questions] == ["value", "innovation", "impact", "investment"]
    # one anchored item per category, each turned into an indicator by the loader
    assert {a.category for a in model.assessment} == {c.id for c in model.categories}
    assert {i.id for i in model.indicators} >= {a.id for a in model.assessment}


def test_provenance_follows_model_md() -> None:
    model = load_model()
    published = {f.id for f in model.factors if f.source == "published"}
    assert published == {"P1-D1", "P1-D2", "P1-D3", "P1-I1", "P1-I2", "P1-I3"}
    assert all(t.source == "published" and t.mapping_source == "derived" for t in model.tips)
    assert all(c.levels.of(p).source == "derived" for c in model.categories for p in PHASES)
    assert all(i.source == "derived" for i in model.indicators)


def test_every_text_is_in_english_and_dutch() -> None:
    model = load_model()
    assert model.phases[0].name.get("nl") == "Pionierend"
    for category in model.categories:
        for phase in PHASES:
            text = category.levels.of(phase).text
            assert text.en and text.nl and text.en != text.nl
    # an owner or survey indicator reads a question; every other indicator has its own name
    for indicator in model.indicators:
        if indicator.evidence not in ("owner", "survey"):
            assert indicator.name is not None, f"{indicator.id} has no name"
            assert indicator.name.en != indicator.name.nl


def test_tip_mapping_matches_model_md_table() -> None:
    tips = {t.id: t for t in load_model().tips}
    assert tips["T4"].categories == ["leadership"]
    assert set(tips["T5"].categories) == {"community", "measurement", "content"}
    assert set(tips["T8"].factors) == {"P3-D2", "P3-D3", "P2-I3"}


def test_usage_thresholds_keep_model_md_boundaries() -> None:
    indicators = {i.id: i for i in load_model().indicators}
    active = indicators["focus.usage.active_ratio"].levels
    assert active is not None
    assert not active["facilitating"].holds(0.149) and active["facilitating"].holds(0.15)
    assert not active["strategic"].holds(0.5) and active["strategic"].holds(0.51)
    top10 = indicators["community.usage.top10_share"].levels
    assert top10 is not None
    assert top10["facilitating"].holds(0.7) and not top10["facilitating"].holds(0.71)


def test_broken_model_lists_every_problem_with_its_path_and_line(fixture_path: Path) -> None:
    path = fixture_path / "model" / "broken-levels.yaml"
    levels = _line(path, "levels:")
    problems = check_model_file(path)
    assert problems == [
        f"categories[0].levels.facilitating: missing (line {levels})",
        f"categories[1].levels.facilitating.text.nl: missing (line {_line(path, '{en: b}')})",
        "categories[1].source: Input should be 'published' or 'derived' "
        f"(line {_line(path, 'invented')})",
    ]


def test_cross_references_are_checked_after_the_schema(tmp_path: Path, fixture_path: Path) -> None:
    text = (fixture_path / "model" / "broken-levels.yaml").read_text()
    fixed = text.replace(
        "      strategic: {text: {en: c, nl: c}, source: derived}\n  - id: culture",
        "      facilitating: {text: {en: b, nl: b}, source: derived}\n"
        "      strategic: {text: {en: c, nl: c}, source: derived}\n  - id: culture",
    )
    fixed = fixed.replace("{en: b}", "{en: b, nl: b}").replace("invented", "published")
    path = tmp_path / "model.yaml"
    path.write_text(fixed)
    problems = check_model_file(path)
    assert (
        f"categories[1].perspective: unknown perspective 'usr' (line {_line(path, 'usr')})"
        in problems
    )
    assert (
        f"assessment: category 'culture' has no anchored item (line {_line(path, 'assessment:')})"
        in problems
    )
    assert any(
        p.startswith("gates.strategic.categories.vision: unknown or out-of-scope") for p in problems
    )


def test_syntax_error_names_line_and_column(fixture_path: Path) -> None:
    problems = check_model_file(fixture_path / "model" / "syntax-error.yaml")
    assert len(problems) == 1
    assert "syntax-error.yaml:5:7: not valid YAML: expected ',' or '}'" in problems[0]


def test_repeated_keys_and_typos_are_caught(tmp_path: Path) -> None:
    text = default_model_path().read_text()
    path = tmp_path / "model.yaml"
    path.write_text(
        text.replace("  conflict_margin: 2", "  conflict_margin: 3\n  conflict_margin: 2")
    )
    assert check_model_file(path) == [
        f"settings.conflict_margin: given more than once (line {_line(path, 'conflict_margin: 2')})"
    ]
    path.write_text(text.replace("evidence: survey", "evidence: surveys", 1))
    assert any("unknown evidence kind 'surveys'" in p for p in check_model_file(path))


def _line(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_load_model_raises_with_all_problems(fixture_path: Path) -> None:
    with pytest.raises(ModelError) as caught:
        load_model(fixture_path / "model" / "broken-levels.yaml")
    message = str(caught.value)
    assert "has 3 problems" in message
    assert "wi3 model validate" in message


def test_missing_model_file(tmp_path: Path) -> None:
    (problem,) = check_model_file(tmp_path / "nope.yaml")
    assert problem.endswith("nope.yaml: no such file; check the path")


def test_model_show_prints_every_threshold_with_its_calibration() -> None:
    from typer.testing import CliRunner

    from wi3.cli import app

    shown = CliRunner().invoke(app, ["model", "show"], env={"COLUMNS": "250"})
    assert shown.exit_code == 0, shown.output
    assert "activity.rhythm_factor" in shown.output and "Fitted with" in shown.output
    assert "community.usage.top10_share" in shown.output and "Not refit" in shown.output
    assert "tools.usage.parallel_initiatives *" in shown.output  # about no person
    dutch = CliRunner().invoke(app, ["model", "show", "--language", "nl"], env={"COLUMNS": "250"})
    assert "Gefit met" in dutch.output
