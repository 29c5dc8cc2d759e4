"""Owner assessments from YAML and CSV, and the messages for bad ones."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from wi3.errors import InputError
from wi3.model import Model, load_model
from wi3.survey import read_assessments


@pytest.fixture(scope="module")
def model() -> Model:
    return load_model()


def test_yaml_with_numbers_dutch_names_dont_know_and_booleans(
    model: Model, fixture_path: Path
) -> None:
    wiki, org = read_assessments(fixture_path / "survey" / "assessment.yaml", model)
    assert wiki.initiative == "team-wiki" and wiki.assessed_on == date(2026, 3, 1)
    assert wiki.assessor_role == "community manager"
    assert wiki.answers == {
        "assess.focus": "facilitating",
        "assess.leadership": "facilitating",
        "assess.measurement": None,
        "fact.parallel_tools": "no",  # YAML reads an unquoted no as false
        "fact.sponsor_budget": "sponsor",
    }
    assert org.organisation_level and org.answers["assess.governance"] == "facilitating"


def test_csv_in_long_form(model: Model, fixture_path: Path) -> None:
    (entry,) = read_assessments(fixture_path / "survey" / "assessment.csv", model)
    assert entry.answers == {
        "assess.focus": "strategic",
        "fact.community_manager": "yes",
        "fact.monitoring": "monthly",
    }


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            "assessment-bad-answer.yaml",
            "assessment-bad-answer.yaml:5: 'lots' is not an answer to fact.sponsor_budget; choose "
            'one of none, sponsor, sponsor_and_budget, or "don\'t know". Nothing was imported.',
        ),
        (
            "assessment-unknown-item.csv",
            "assessment-unknown-item.csv:3: 'assess.fokus' is not an owner question of the model",
        ),
        (
            "assessment-bad-date.yaml",
            "assessment-bad-date.yaml:2: assessed_on 'first of March' is not a date; write it as "
            "2026-03-01",
        ),
        ("missing.yaml", "missing.yaml: no such file; check the path"),
    ],
)
def test_bad_assessment_files(model: Model, fixture_path: Path, file: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        read_assessments(fixture_path / "survey" / file, model)
    assert message in str(caught.value)
