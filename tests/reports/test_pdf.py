"""The PDF report, read back with poppler: A4 pages that all render, the example banner and a page
number on each, a table of contents whose page numbers are right, every figure of the diagnosis
it shows the same as in the HTML report, charts as vectors, and nothing loaded from outside."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from PIL import Image
from tests.reports.conftest import body_text, zuidkust_document
from weasyprint.urls import FatalURLFetchingError

from wi3.diagnosis import OrganisationDiagnosis, Snapshot
from wi3.model import Model
from wi3.reports import InitiativeView, Locale, UsageFigures, build_report
from wi3.reports import render as render_snapshot
from wi3.reports._pdf import to_pdf
from wi3.service import HistoryRow

POPPLER = ("pdftoppm", "pdftotext", "pdfinfo", "pdfimages")
pytestmark = [
    pytest.mark.pdf,
    pytest.mark.skipif(
        any(shutil.which(tool) is None for tool in POPPLER),
        reason="poppler-utils (pdftoppm, pdftotext) is not installed; scripts/system-packages.sh "
        "installs it",
    ),
]
BANNER = "EXAMPLE ORGANISATION — GENERATED DATA"
FIGURE = re.compile(r"\d+(?:[.,]\d+)?%?")


def run(*argv: str | Path) -> str:
    return subprocess.run([str(a) for a in argv], check=True, capture_output=True, text=True).stdout


def pages(pdf: Path) -> list[str]:
    """The text of each page, as pdftotext reads it."""
    return run("pdftotext", "-layout", pdf, "-").split("\f")[:-1]


def page_number(number: int, count: int) -> re.Pattern[str]:
    """The page number as the footer prints it; pdftotext's layout may drop the spaces."""
    return re.compile(rf"(?<!\d){number} ?/ ?{count}(?!\d)")


@pytest.fixture(scope="module")
def report(
    life_diagnosis: OrganisationDiagnosis,
    model: Model,
    lifecycles: dict[str, list[HistoryRow]],
    usage_figures: UsageFigures,
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, str]:
    """Zuidkust as an example organisation, as PDF (a file) and as HTML (text)."""
    document = zuidkust_document(life_diagnosis)
    document["example"] = True
    snapshot = Snapshot.from_document(document)
    pdf = tmp_path_factory.mktemp("pdf") / "zuidkust.pdf"
    args: Any = (model, "en", lifecycles, usage_figures)
    pdf.write_bytes(render_snapshot(snapshot, args[0], "pdf", *args[1:]).content)
    html = render_snapshot(snapshot, args[0], "html", *args[1:]).text
    return pdf, html


def test_every_page_is_a4_renders_and_has_the_banner_and_its_number(
    report: tuple[Path, str], tmp_path: Path
) -> None:
    pdf, _html = report
    info = run("pdfinfo", pdf)
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))  # type: ignore[union-attr]
    assert "(A4)" in info
    assert count >= 5
    run("pdftoppm", "-r", "30", "-png", pdf, tmp_path / "page")
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == count
    for image in images:
        with Image.open(image) as drawn:
            assert drawn.size[0] < drawn.size[1]  # portrait
            low, _high = drawn.convert("L").getextrema()
            assert low < 128, image.name  # something is drawn on it
    texts = pages(pdf)
    assert len(texts) == count
    for number, text in enumerate(texts, start=1):
        assert BANNER in text, number
        assert page_number(number, count).search(text), number


def test_table_of_contents_gives_the_page_of_each_section(report: tuple[Path, str]) -> None:
    pdf, html = report
    texts = pages(pdf)
    first = " ".join(texts[0].split())  # as laid out: each entry with its page on its line
    assert "CONTENTS" in first  # the heading is set in capitals
    tree = lxml.html.document_fromstring(html)
    entries = [" ".join(a.text_content().split()) for a in tree.find(".//nav").iter("a")]
    assert "Growth board" in entries and "Kennisbank" in entries
    for entry in entries:
        found = re.search(re.escape(entry) + r"[ .]*?(\d+)(?: |$)", first)
        assert found, entry
        page = int(found.group(1))
        assert entry in " ".join(texts[page - 1].split()), (entry, page)


def section_text(section: Any) -> str:
    """The text of a section of the HTML report as a reader sees it: without its scripts (the
    charts' specifications)."""
    for script in list(section.iter("script")):
        script.getparent().remove(script)
    return " ".join(" ".join(section.itertext()).split())


def brief_figures(i: InitiativeView) -> set[str]:
    """The figures of an initiative that the PDF gives in brief: its mean level and confidence,
    the level of each category, the conditions of the gate to its next phase (a strategic
    one's own gate; none for a stopped one), and its usage figures of the newest two quarters."""
    c = i.confidence
    texts = [i.mean or "", c.score, c.coverage, c.kinds, c.agreement, c.recency]
    texts += [cell.level or "" for row in i.heatmap for cell in row.cells]
    gates = [g for g in i.gates if i.target and g.phase.id == i.target.id]
    if i.target is None and not i.stopped:
        gates = list(i.gates[-1:])
    texts += [f"{g.required} {g.actual or ''}" for gate in gates for g in gate.conditions]
    if i.usage_chart is not None and i.usage_chart.table is not None:
        texts += [" ".join(row[-2:]) for row in i.usage_chart.table.rows]
    return set(FIGURE.findall(" ".join(texts)))


def test_pdf_carries_every_figure_of_the_diagnosis_it_shows(
    report: tuple[Path, str],
    life_diagnosis: OrganisationDiagnosis,
    model: Model,
    lifecycles: dict[str, list[HistoryRow]],
    usage_figures: UsageFigures,
) -> None:
    """Everything before the initiatives (summary, board, profile, own phase, the charts of the
    whole organisation, comparison, plan) is the HTML report's, figure for figure; each
    initiative is in brief, and every figure of its brief is also in the HTML report's section
    of it. The rest of an initiative (evidence per reading, factors, every quarter) the PDF
    says it leaves to the HTML, spreadsheet and JSON reports."""
    pdf, html = report
    printed = set(FIGURE.findall(" ".join(pages(pdf))))
    tree = lxml.html.document_fromstring(html)
    sections = {s.get("data-slug"): s for s in tree.find_class("initiative")}
    for section in sections.values():
        section.getparent().remove(section)
    assert set(FIGURE.findall(body_text(tree))) - printed == set()
    document = zuidkust_document(life_diagnosis)
    document["example"] = True
    view = build_report(
        Snapshot.from_document(document), model, Locale("en"), lifecycles, usage=usage_figures
    )
    assert {i.slug for i in view.initiatives} == set(sections)
    shown: set[str] = set()
    for i in view.initiatives:
        figures = brief_figures(i)
        assert figures - set(FIGURE.findall(section_text(sections[i.slug]))) == set(), i.slug
        assert figures - printed == set(), i.slug
        shown |= figures
    assert {"55%", "1.5"} <= shown  # usage figures of the newest quarter are among them
    assert {"25%", "40%"} <= printed  # and the replies between units, in the matrix
    text = " ".join(" ".join(pages(pdf)).split())
    assert "are in the HTML report, the spreadsheet (--format xlsx) and the JSON report" in text


def test_charts_are_vectors_not_pictures(report: tuple[Path, str]) -> None:
    pdf, _html = report
    listed = run("pdfimages", "-list", pdf).splitlines()
    assert len(listed) == 2  # the heading and its rule: no image at all
    text = " ".join(pages(pdf))
    assert "Live initiatives" in text and "Snapshot" in text  # the charts' axes are text


def test_a_real_organisation_has_no_banner(
    document: dict[str, Any], model: Model, tmp_path: Path
) -> None:
    del document["example"]
    pdf = tmp_path / "acme.pdf"
    pdf.write_bytes(render_snapshot(Snapshot.from_document(document), model, "pdf").content)
    texts = pages(pdf)
    assert texts and not any(BANNER in t for t in texts)
    assert all(page_number(n, len(texts)).search(t) for n, t in enumerate(texts, start=1))


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="https://example.org/logo.png">',
        '<link rel="stylesheet" href="http://example.org/style.css">',
        '<img src="file:///etc/hostname">',
        '<p style="background: url(https://example.org/x.png)">x</p>',
    ],
)
def test_the_pdf_refuses_every_resource(markup: str) -> None:
    with pytest.raises(FatalURLFetchingError, match="loads nothing from outside itself"):
        to_pdf(f"<html><head></head><body>{markup}</body></html>")
