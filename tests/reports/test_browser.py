"""The HTML report in a real browser: offline, laid out, and drawn; with the organisation's life
(an undetermined column, stopped initiatives, lifecycles) it still fits the window."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest
from tests.reports.conftest import MARKUP_STOPPED, MARKUP_UNDETERMINED, render

from wi3.model import Model
from wi3.reports import UsageFigures
from wi3.service import HistoryRow

pytestmark = pytest.mark.browser

BOARD = {
    "pioneering": ["Team Wiki", "Dev Chat"],
    "facilitating": ["Intranet Q&A"],
    "strategic": ["Sales Yammer"],
}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("language", ["en", "nl"])
def test_report_opens_offline_and_shows_board_chart_and_sections(
    browser: Any, document: dict[str, Any], model: Model, tmp_path: Path, language: str
) -> None:
    report = tmp_path / "report.html"
    report.write_text(render(document, model, "html", language), encoding="utf-8")  # type: ignore[arg-type]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requested: list[str] = []
    blocked: list[str] = []
    errors: list[str] = []

    def route(route: Any) -> None:
        url = route.request.url
        requested.append(url)
        if url.startswith("file://"):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page.route("**/*", route)
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(report.as_uri(), wait_until="load")

        assert requested == [report.as_uri()]  # the file itself, nothing else
        assert blocked == []
        assert errors == []

        for phase, names in BOARD.items():
            column = page.locator(f'#board section.column[data-phase="{phase}"]')
            assert column.is_visible()
            assert column.locator(".card h4").all_inner_texts() == names
        columns = [
            page.locator(f'#board section.column[data-phase="{p}"]').bounding_box() for p in BOARD
        ]
        assert columns[0]["x"] < columns[1]["x"] < columns[2]["x"]  # side by side, in order

        # the profile chart, drawn by the vendored vega-embed from its specification
        chart = page.locator("#profile-chart .vega-chart svg")
        chart.wait_for()
        box = chart.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 80
        bars = page.locator("#profile-chart svg .mark-rect path")
        assert bars.count() >= 3
        fills = set(bars.evaluate_all("ps => ps.map(p => p.getAttribute('fill'))"))
        assert "#8a5300" in fills  # the pioneering colour, the page's own

        conflict = page.locator(
            '#initiative-intranet-qa td.cell[data-category="community"] .conflict'
        )
        assert conflict.is_visible()
        evidence = page.locator("#initiative-dev-chat details.evidence")
        withheld = evidence.locator('tr[data-indicator="focus.survey.kq_value"] .withheld')
        assert not withheld.is_visible()  # collapsed until opened
        evidence.locator("summary").click()
        assert withheld.is_visible()

        # every evidence table fits the page: long answers wrap instead of pushing the rule and
        # basis columns out of view
        page.evaluate("document.querySelectorAll('details.evidence').forEach(d => d.open = true)")
        widths = page.locator("details.evidence .table-wrap").evaluate_all(
            "ws => ws.map(w => [w.scrollWidth, w.clientWidth])"
        )
        assert len(widths) == 4 and all(scroll <= client for scroll, client in widths), widths

        shot = tmp_path / "report.png"
        page.screenshot(path=str(shot), full_page=True)
    finally:
        page.close()
    data = shot.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", data[16:24])
    assert width == 1280 and height > 3000
    assert len(data) > 50_000


LIFE_BOARD = {
    "pioneering": ["HR-nieuws"],
    "facilitating": ["Klantvragen", "Verkoopchat"],
    "strategic": ["Kennisbank"],
    "undetermined": [MARKUP_UNDETERMINED],
}


def open_offline(browser: Any, path: Path, width: int) -> tuple[Any, list[str]]:
    """A page showing `path`, refusing every request but the file itself; and its errors."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    problems: list[str] = []

    def route(route: Any) -> None:
        if route.request.url == path.as_uri():
            route.continue_()
        else:
            problems.append(f"request {route.request.url}")
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(path.as_uri(), wait_until="load")
    return page, problems


@pytest.mark.parametrize("language", ["en", "nl"])
def test_life_report_shows_stopped_initiatives_and_lifecycles_and_still_fits(
    browser: Any,
    life_document: dict[str, Any],
    lifecycles: dict[str, list[HistoryRow]],
    model: Model,
    tmp_path: Path,
    language: str,
) -> None:
    report = tmp_path / "life.html"
    html = render(life_document, model, "html", language, lifecycles)  # type: ignore[arg-type]
    report.write_text(html, encoding="utf-8")
    page, problems = open_offline(browser, report, 1280)
    try:
        assert problems == []
        # four columns side by side, in order, on one line; stopped initiatives below them
        boxes = []
        for phase, names in LIFE_BOARD.items():
            column = page.locator(f'#board section.column[data-phase="{phase}"]')
            assert column.is_visible()
            assert column.locator(".card h4").all_inner_texts() == names
            boxes.append(column.bounding_box())
        assert [b["x"] for b in boxes] == sorted(b["x"] for b in boxes)
        assert len({round(b["y"]) for b in boxes}) == 1
        for box in boxes:  # no card spills out of its column
            assert box["width"] > 200
        cards = page.locator("#board .card").evaluate_all(
            "cs => cs.map(c => [c.scrollWidth, c.clientWidth])"
        )
        assert all(scroll <= client for scroll, client in cards), cards
        stopped = page.locator("#stopped")
        assert stopped.is_visible()
        assert stopped.bounding_box()["y"] > max(b["y"] + b["height"] for b in boxes)
        names = stopped.locator("tbody th").all_inner_texts()
        assert names == ["Projectplein", MARKUP_STOPPED]
        assert page.locator("#notices").is_visible()
        assert page.locator("#notices").bounding_box()["y"] < boxes[0]["y"]

        # the lifecycle of the dormant initiative: five snapshots, the report's own marked
        lifecycle = page.locator("#initiative-hr-nieuws table.lifecycle")
        lifecycle.scroll_into_view_if_needed()
        assert lifecycle.is_visible()
        assert lifecycle.locator("tbody tr").count() == 5
        current = lifecycle.locator("tr.current")
        assert current.is_visible() and current.get_attribute("data-as-of") == "2026-09-30"
        declining = page.locator("#initiative-verkoopchat .activity-badge.activity-declining")
        assert declining.first.evaluate("e => getComputedStyle(e).backgroundColor") == (
            "rgb(255, 246, 232)"
        )
        claims = page.locator("#initiative-verkoopchat .claims")
        assert claims.is_visible()

        # the page fits: nothing wider than the window, every table inside its wrapper
        page.evaluate("document.querySelectorAll('details.evidence').forEach(d => d.open = true)")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        widths = page.locator(".table-wrap").evaluate_all(
            "ws => ws.map(w => [w.scrollWidth, w.clientWidth])"
        )
        assert widths and all(scroll <= client for scroll, client in widths), widths
        shot = tmp_path / "life.png"
        page.screenshot(path=str(shot), full_page=True)
        # just wide enough for four columns side by side: the cards still hold their text
        page.set_viewport_size({"width": 900, "height": 900})
        cards = page.locator("#board .card").evaluate_all(
            "cs => cs.map(c => [c.scrollWidth, c.clientWidth])"
        )
        assert all(scroll <= client for scroll, client in cards), cards
        # on a narrow window the columns stack and the page still does not scroll sideways
        page.set_viewport_size({"width": 700, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= 700
        stacked = [
            page.locator(f'#board section.column[data-phase="{p}"]').bounding_box()
            for p in LIFE_BOARD
        ]
        assert [b["y"] for b in stacked] == sorted(b["y"] for b in stacked)
        assert len({round(b["x"]) for b in stacked}) == 1
    finally:
        page.close()
    data = shot.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", data[16:24])
    assert width == 1280 and height > 5000


def test_every_chart_draws_in_the_browser_with_the_network_blocked(
    browser: Any,
    life_document: dict[str, Any],
    lifecycles: dict[str, list[HistoryRow]],
    usage_figures: UsageFigures,
    model: Model,
    tmp_path: Path,
) -> None:
    report = tmp_path / "charts.html"
    html = render(life_document, model, "html", "nl", lifecycles, usage_figures)
    report.write_text(html, encoding="utf-8")
    page, problems = open_offline(browser, report, 1280)
    try:
        figures = page.locator("figure.chart")
        count = figures.count()
        assert count == 3 + 7 + 2  # profile, heatmap, matrix; 7 lifecycles; 2 usage charts
        page.wait_for_function(
            "n => document.querySelectorAll('figure.chart .vega-chart svg').length === n", arg=count
        )
        assert problems == []
        drawn = page.locator("figure.chart .vega-chart svg").evaluate_all(
            "ss => ss.map(s => [s.closest('figure').id, s.querySelectorAll('.role-mark').length,"
            " s.getBoundingClientRect().width])"
        )
        for chart, marks, width in drawn:
            assert marks > 0 and width > 100, chart
        # the withheld quarter is a grey column that says so in Dutch
        usage = page.locator("#initiative-kennisbank-usage-chart svg")
        usage.scroll_into_view_if_needed()
        assert "niet getoond" in usage.inner_html()
        matrix = page.locator("#interaction-chart svg").inner_html()
        assert "niet getoond" in matrix and "25%" in matrix
        shot = tmp_path / "usage.png"
        page.locator("#initiative-kennisbank-usage-chart").screenshot(path=str(shot))
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    finally:
        page.close()
    data = shot.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", data[16:24])
    assert width > 400 and height > 300
