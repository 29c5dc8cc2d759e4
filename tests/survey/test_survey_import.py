"""Reading survey exports through a column mapping, and the errors a bad export gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from wi3.errors import SurveyImportError
from wi3.model import Model, load_model
from wi3.survey import load_mapping, read_scale_answer, read_survey


@pytest.fixture(scope="module")
def model() -> Model:
    return load_model()


@pytest.fixture
def survey(fixture_path: Path) -> Path:
    return fixture_path / "survey"


def likert(model: Model):  # type: ignore[no-untyped-def]
    return next(s for s in model.scales if s.id == "likert5")


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("4", 4.0),
        (" Mee eens ", 4.0),
        ("AGREE", 4.0),
        ("5 - Strongly agree", 5.0),
        ("Helemaal mee oneens", 1.0),
        ("n.v.t.", None),
        ("N/A", None),
        ("Niet van toepassing", None),
    ],
)
def test_codes_labels_and_not_applicable(model: Model, raw: str, value: float | None) -> None:
    assert read_scale_answer(raw, likert(model)).value == value


def test_other_scales_are_rescaled_linearly(model: Model) -> None:
    scale = likert(model)
    assert read_scale_answer("1", scale, (1, 7)).value == 1.0
    assert read_scale_answer("7", scale, (1, 7)).value == 5.0
    assert read_scale_answer("4", scale, (1, 7)).value == pytest.approx(3.0)


def test_reads_a_dutch_forms_export(model: Model, survey: Path) -> None:
    mapping = load_mapping(survey / "mapping.yaml", model)
    responses = read_survey(survey / "forms-export.csv", mapping, model)
    assert len(responses) == 7
    first = responses[0]
    assert first.line == 2 and first.unit == "ict" and str(first.submitted) == "2026-03-02"
    assert first.answers == {
        "survey.kq_value": 4.0,
        "survey.kq_innovation": 3.0,
        "survey.manager_supports": 5.0,
        "survey.colleagues_on_it": 4.0,
        "survey.overall": 8.0,
    }
    # a blank answer is left out, "n.v.t." is kept as not applicable
    assert "survey.manager_supports" not in responses[2].answers
    assert responses[1].answers["survey.colleagues_on_it"] is None
    # English labels in the same file are read too
    assert responses[6].answers["survey.kq_innovation"] == 5.0
    # respondents are opaque keys, never the export's values
    assert all(len(r.respondent) == 24 and "anoniem" not in r.respondent for r in responses)
    again = read_survey(survey / "forms-export.csv", mapping, model)
    assert [r.respondent for r in again] == [r.respondent for r in responses]


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            "renamed-column.csv",
            "renamed-column.csv:1: the mapping names column(s) 'Manager', which the file does not "
            "have",
        ),
        (
            "out-of-range.csv",
            "out-of-range.csv:3: column 'Vernieuwing' (survey.kq_innovation): '6' is outside the "
            "scale 1–5. Nothing was imported",
        ),
        (
            "bad-label.csv",
            "bad-label.csv:4: column 'Vernieuwing' (survey.kq_innovation): 'Misschien' is not an "
            "answer on this scale; use codes 1–5 or the labels 1 'Strongly disagree'/'Helemaal mee "
            "oneens'",
        ),
        ("ragged.csv", "ragged.csv:4: this row has more fields than the header (11)"),
        ("latin1.csv", "latin1.csv is not UTF-8 text (byte"),
        ("empty.csv", "empty.csv is empty; export the responses again"),
        ("header-only.csv", "header-only.csv has a header but no responses"),
        ("missing.csv", "missing.csv not found; check the path"),
    ],
)
def test_bad_exports_say_where_and_what_to_do(
    model: Model, survey: Path, file: str, message: str
) -> None:
    mapping = load_mapping(survey / "mapping.yaml", model)
    with pytest.raises(SurveyImportError) as caught:
        read_survey(survey / file, mapping, model)
    assert message in str(caught.value)


def test_unmapped_column_is_an_error(model: Model, survey: Path, tmp_path: Path) -> None:
    text = (
        (survey / "mapping.yaml")
        .read_text()
        .replace("ignore: [Starttijd, E-mail, Naam]", "ignore: [Starttijd, E-mail]")
    )
    (tmp_path / "mapping.yaml").write_text(text)
    mapping = load_mapping(tmp_path / "mapping.yaml", model)
    with pytest.raises(SurveyImportError) as caught:
        read_survey(survey / "forms-export.csv", mapping, model)
    assert str(caught.value).startswith(
        f"{survey / 'forms-export.csv'}:1: unknown column(s) 'Naam': the mapping neither maps "
        "nor ignores them. Map each to a survey item under `columns:`, or list it under `ignore:`."
    )


def test_mapping_to_an_unknown_item(model: Model, survey: Path, tmp_path: Path) -> None:
    text = (survey / "mapping.yaml").read_text().replace("survey.kq_value", "survey.kq_valu")
    (tmp_path / "mapping.yaml").write_text(text)
    with pytest.raises(
        SurveyImportError,
        match="column 'Waarde' maps to 'survey.kq_valu', which is not a survey item of the model",
    ):
        load_mapping(tmp_path / "mapping.yaml", model)


def test_malformed_mapping(model: Model, tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text("colums: {A: survey.kq_value}\n")
    with pytest.raises(
        SurveyImportError,
        match="does not fit: columns: Field required; colums: Extra inputs are not permitted",
    ):
        load_mapping(tmp_path / "m.yaml", model)
