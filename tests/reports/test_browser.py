"""The HTML report in a real browser: offline, laid out, and drawn."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest

from wi3.model import Model
from wi3.reports import render

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

        chart = page.locator("#profile svg.chart")
        assert chart.is_visible()
        box = chart.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 80
        bar = page.locator("#profile svg.chart rect.bar").first.bounding_box()
        assert bar is not None and bar["width"] > 0 and bar["height"] > 0
        fill = page.locator("#profile svg.chart rect.bar.phase-pioneering").first.evaluate(
            "e => getComputedStyle(e).fill"
        )
        assert fill == "rgb(184, 110, 0)"  # the pioneering colour, from the inline CSS

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
