"""The spreadsheet report, opened with openpyxl: its sheets and headers, a filter on each, numbers
as numbers, and withheld figures as words with no number behind them."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from wi3.diagnosis import Snapshot
from wi3.model import Model
from wi3.reports import UsageFigures
from wi3.reports import render as render_snapshot
from wi3.service import HistoryRow

SHEETS = {
    "en": [
        "Enterprise 2.0 growth report",
        "Diagnosis",
        "Categories",
        "Evidence",
        "Usage metrics",
        "Action plan",
    ],
    "nl": [
        "Groeirapport Enterprise 2.0",
        "Diagnose",
        "Categorieën",
        "Bewijs",
        "Gebruiksmaatstaven",
        "Actieplan",
    ],
}


def workbook(
    document: dict[str, Any],
    model: Model,
    language: str,
    lifecycles: dict[str, list[HistoryRow]] | None = None,
    usage: UsageFigures | None = None,
) -> Any:
    snapshot = Snapshot.from_document(document)
    content = render_snapshot(snapshot, model, "xlsx", language, lifecycles, usage).content  # type: ignore[arg-type]
    return load_workbook(io.BytesIO(content))


@pytest.mark.parametrize("language", ["en", "nl"])
def test_sheets_have_headers_filters_and_a_row_per_thing(
    life_document: dict[str, Any],
    model: Model,
    lifecycles: dict[str, list[HistoryRow]],
    usage_figures: UsageFigures,
    language: str,
) -> None:
    book = workbook(life_document, model, language, lifecycles, usage_figures)
    assert book.sheetnames == SHEETS[language]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == sheet.dimensions
        assert all(c.value for c in sheet[1])  # every column has a heading
    diagnosis = book.worksheets[1]
    names = [r[0] for r in diagnosis.iter_rows(min_row=2, values_only=True)]
    assert len(names) == 7 and "Kennisbank" in names
    kennisbank = next(
        r for r in diagnosis.iter_rows(min_row=2, values_only=True) if r[0] == "Kennisbank"
    )
    assert all(isinstance(v, int | float) for v in kennisbank[4:6])  # mean, confidence
    categories = book.worksheets[2]
    assert categories.max_row - 1 == 7 * len(model.categories)


def test_withheld_figures_are_words_never_numbers(
    life_document: dict[str, Any],
    model: Model,
    lifecycles: dict[str, list[HistoryRow]],
    usage_figures: UsageFigures,
) -> None:
    book = workbook(life_document, model, "en", lifecycles, usage_figures)
    metrics = book["Usage metrics"]
    heading = [c.value for c in metrics[1]]
    value, note = heading.index("Value"), heading.index("Note")
    rows = list(metrics.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(usage_figures.values) + len(usage_figures.by_unit)
    withheld = [r for r in rows if r[note] and "fewer than 5 people" in r[note]]
    assert len(withheld) == 4  # a quarter of one initiative, two of another, one unit cell
    assert all(r[value] == "withheld" for r in withheld)
    no_data = [r for r in rows if r[note] == "no data for this metric"]
    assert no_data and all(r[value] is None for r in no_data)
    shown = [r for r in rows if r[note] is None]
    assert all(isinstance(r[value], int | float) for r in shown)
    share = next(
        c
        for c in metrics.iter_rows(min_row=2)
        if c[3].value == "active_ratio" and isinstance(c[value].value, float)
    )
    assert share[value].number_format == "0.0%"
    evidence = book["Evidence"]
    heading = [c.value for c in evidence[1]]
    column = heading.index("Value")
    found = {r[2]: r[column] for r in evidence.iter_rows(min_row=2, values_only=True)}
    for d in Snapshot.from_document(life_document).diagnosis.initiatives:
        for c in d.categories:
            for r in c.readings:
                if r.status == "withheld":
                    assert found[r.indicator] == "withheld"


def test_the_about_sheet_says_it_is_an_example(document: dict[str, Any], model: Model) -> None:
    book = workbook(document, model, "en")
    about = {r[0]: r[1] for r in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert about["Example organisation — generated data"].startswith("Every figure")
    assert about["Organisation"] == "Acme BV"
    assert book["Usage metrics"].max_row == 1  # no usage given, no rows
