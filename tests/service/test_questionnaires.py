"""Importing owner assessments and survey exports into a workspace: all or nothing, no twice."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from wi3.errors import InputError, SurveyImportError
from wi3.service import (
    Workspace,
    import_assessments,
    import_survey,
    survey_results,
)
from wi3.store import Answer, Assessment, SurveyAnswer, SurveyResponse


def count(ws: Workspace, table: type) -> int:
    with ws.store.transaction() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def test_assessments_import_once(workspace: Workspace, fixture_path: Path) -> None:
    file = fixture_path / "survey" / "assessment.yaml"
    first = import_assessments(workspace, None, file)
    assert (first.imported, first.already) == (2, 0)
    again = import_assessments(workspace, None, file)
    assert (again.imported, again.already) == (0, 2)
    assert str(again) == "0 assessments imported, 2 already in the store"
    assert count(workspace, Assessment) == 2 and count(workspace, Answer) == 7


def test_a_bad_assessment_leaves_the_store_as_it_was(
    workspace: Workspace, tmp_path: Path, fixture_path: Path
) -> None:
    import_assessments(workspace, None, fixture_path / "survey" / "assessment.csv")
    before = count(workspace, Answer)
    file = tmp_path / "two.yaml"
    file.write_text(
        "assessments:\n"
        "  - {initiative: team-wiki, assessed_on: 2026-07-01, answers: {assess.focus: 2}}\n"
        "  - {initiative: wiki2, assessed_on: 2026-07-01, answers: {assess.focus: 2}}\n"
    )
    with pytest.raises(InputError) as caught:
        import_assessments(workspace, None, file)
    assert (
        "two.yaml:3: no initiative 'wiki2' in acme; its initiatives are chat, team-wiki. "
        "Nothing was imported." in str(caught.value)
    )
    assert count(workspace, Answer) == before


def test_survey_import_skips_respondents_already_there(
    workspace: Workspace, fixture_path: Path
) -> None:
    folder = fixture_path / "survey"
    result = import_survey(
        workspace,
        None,
        "team-wiki",
        folder / "forms-export.csv",
        folder / "mapping.yaml",
        "2026 Q1",
        date(2026, 3, 1),
    )
    assert (result.read, result.imported, result.already) == (7, 7, 0)
    again = import_survey(
        workspace,
        None,
        "team-wiki",
        folder / "forms-export.csv",
        folder / "mapping.yaml",
        "2026 Q1",
        date(2026, 3, 1),
    )
    assert (again.imported, again.already) == (0, 7)
    assert count(workspace, SurveyResponse) == 7
    na = 0
    with workspace.store.transaction() as session:
        na = (
            session.scalar(
                select(func.count()).select_from(SurveyAnswer).where(SurveyAnswer.not_applicable)
            )
            or 0
        )
    assert na == 2


def test_failed_survey_import_writes_nothing(workspace: Workspace, fixture_path: Path) -> None:
    folder = fixture_path / "survey"
    with pytest.raises(SurveyImportError, match="out-of-range.csv:3"):
        import_survey(
            workspace,
            None,
            "team-wiki",
            folder / "out-of-range.csv",
            folder / "mapping.yaml",
            "2026 Q1",
            date(2026, 3, 1),
        )
    assert count(workspace, SurveyResponse) == 0


def test_survey_unit_must_exist(workspace: Workspace, fixture_path: Path, tmp_path: Path) -> None:
    folder = fixture_path / "survey"
    export = tmp_path / "export.csv"
    export.write_text((folder / "forms-export.csv").read_text().replace(";hr;", ";finance;"))
    with pytest.raises(InputError, match="export.csv:5: unit 'finance' is not a unit of acme"):
        import_survey(
            workspace, None, "team-wiki", export, folder / "mapping.yaml", "r", date(2026, 3, 1)
        )
    assert count(workspace, SurveyResponse) == 0


def test_results_never_show_small_groups(workspace: Workspace, fixture_path: Path) -> None:
    folder = fixture_path / "survey"
    import_survey(
        workspace,
        None,
        "team-wiki",
        folder / "forms-export.csv",
        folder / "mapping.yaml",
        "2026 Q1",
        date(2026, 3, 1),
    )
    results = survey_results(workspace, None, "team-wiki")
    everyone, *units = results.groups
    assert everyone.respondents == 7
    scores = {s.item: s for s in everyone.scores}
    kq_value = scores["survey.kq_value"]
    assert kq_value.answers == 7
    assert kq_value.mean == pytest.approx((4 + 5 + 2 + 3 + 4 + 4 + 4) / 7)
    # ict has 5 respondents, hr 2: hr would be recoverable from the total, so ict is pooled too
    assert [(g.group, g.respondents) for g in units] == [("other units", 7)]
    colleagues = scores["survey.colleagues_on_it"]
    assert colleagues.mean is not None and colleagues.answers == 5
    assert scores["survey.need_locations"].mean is None  # not asked


@pytest.mark.realdata
def test_real_utaut2_survey_through_a_mapping(workspace: Workspace, data_dir: Path) -> None:
    """The UTAUT2 Trello survey (216 respondents, 7-point) through docs/mappings/utaut2-trello."""
    import csv

    export = data_dir / "survey-utaut2-trello" / "utaut2_216.csv"
    mapping = Path(__file__).parents[2] / "docs" / "mappings" / "utaut2-trello.yaml"
    result = import_survey(
        workspace, None, "team-wiki", export, mapping, "trello", date(2020, 1, 1)
    )
    assert (result.read, result.imported) == (216, 216)
    assert (
        import_survey(
            workspace, None, "team-wiki", export, mapping, "trello", date(2020, 1, 1)
        ).imported
        == 0
    )
    with export.open(newline="", encoding="utf-8") as fh:
        pe1 = [int(row["PE1"]) for row in csv.DictReader(fh)]
    expected = 1 + (sum(pe1) / len(pe1) - 1) * 4 / 6
    scores = {s.item: s for s in survey_results(workspace, None, "team-wiki").groups[0].scores}
    assert scores["survey.kq_value"].mean == pytest.approx(expected)
    assert scores["survey.kq_value"].answers == 216
    assert scores["survey.manager_supports"].mean is None  # not in this questionnaire
