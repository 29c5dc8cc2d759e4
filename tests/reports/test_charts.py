"""The report's charts: one Vega-Lite specification each, valid and drawable, with the data the
diagnosis, lifecycles and usage figures give, a text alternative and a table; withheld figures
shown as withheld and never as a number."""

from __future__ import annotations

import json
import re
from typing import Any

import lxml.etree
import lxml.html
import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema.core import load_schema
from tests.reports.conftest import render

from wi3.diagnosis import Snapshot
from wi3.model import Model
from wi3.reports import UsageFigures, _vega
from wi3.reports import render as render_snapshot
from wi3.service import HistoryRow


def page(html: str) -> Any:
    return lxml.html.document_fromstring(html)


def specs(tree: Any) -> dict[str, dict[str, Any]]:
    """Every chart's specification in an HTML report, by chart id."""
    return {
        s.get("id").removesuffix("-spec"): json.loads(s.text)
        for s in tree.iter("script")
        if s.get("type") == "application/json"
    }


def rows(spec: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = spec["datasets"]["values"]
    return found


def table(tree: Any, chart: str) -> list[list[str]]:
    """The table behind a chart: its heading row, then its rows, as text."""
    (figure,) = [f for f in tree.iter("figure") if f.get("id") == chart]
    return [
        [" ".join(c.text_content().split()) for c in tr.iter("th", "td")]
        for tr in figure.iter("tr")
    ]


@pytest.fixture
def life_page(
    life_document: dict[str, Any],
    model: Model,
    lifecycles: dict[str, list[HistoryRow]],
    usage_figures: UsageFigures,
) -> Any:
    return page(render(life_document, model, "html", "en", lifecycles, usage_figures))


def test_every_chart_is_valid_vega_lite_and_draws_as_svg(life_page: Any) -> None:
    found = specs(life_page)
    figures = [f.get("id") for f in life_page.iter("figure")]
    assert sorted(found) == sorted(figures)
    assert {"profile-chart", "heatmap-chart", "interaction-chart"} <= set(found)
    assert "initiative-kennisbank-usage-chart" in found
    assert len([c for c in found if c.endswith("-lifecycle-chart")]) == 7
    schema = load_schema()
    for chart, spec in found.items():
        validate_jsonschema(spec, schema)
        svg = lxml.etree.fromstring(_vega.to_svg(spec).encode())
        assert svg.tag == "{http://www.w3.org/2000/svg}svg", chart
        texts = " ".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text"))
        assert texts.strip(), chart  # axes and labels are text, not paths


def test_every_chart_says_what_it_shows_and_has_its_table(life_page: Any) -> None:
    for figure in life_page.iter("figure"):
        chart = figure.get("id")
        described = {e.get("id"): e for e in figure.iter() if e.get("id")}
        assert figure.get("aria-labelledby") in described
        desc = described[figure.get("aria-describedby")]
        assert len(desc.text_content().split()) >= 8, chart
        tables = list(figure.iter("table"))
        if chart.endswith("-lifecycle-chart"):
            # its table is the lifecycle table right after it
            assert not tables
            assert figure.getnext().find(".//table").get("class") == "lifecycle"
        else:
            assert len(tables) == 1, chart


def test_profile_over_snapshots_counts_live_initiatives_and_the_stopped_apart(
    life_page: Any,
) -> None:
    data = rows(specs(life_page)["profile-chart"])
    live: dict[str, dict[str, int]] = {}
    stopped = {}
    for r in data:
        if r["group"] == "live":
            live.setdefault(r["date"], {})[r["phase"]] = r["count"]
        else:
            stopped[r["date"]] = r["count"]
    # from the lifecycles: a stopped or not yet started initiative is not live
    assert live == {
        "2025-09-30": {"Pioneering": 1, "Facilitating": 0, "Strategic": 0, "Undetermined": 0},
        "2025-12-31": {"Pioneering": 3, "Facilitating": 1, "Strategic": 0, "Undetermined": 0},
        "2026-03-31": {"Pioneering": 1, "Facilitating": 1, "Strategic": 1, "Undetermined": 0},
        "2026-06-30": {"Pioneering": 2, "Facilitating": 1, "Strategic": 1, "Undetermined": 0},
        "2026-09-30": {"Pioneering": 1, "Facilitating": 2, "Strategic": 1, "Undetermined": 1},
    }
    assert stopped == {
        "2025-09-30": 0,
        "2025-12-31": 0,
        "2026-03-31": 0,
        "2026-06-30": 1,
        "2026-09-30": 2,
    }
    assert table(life_page, "profile-chart")[-1] == ["30 September 2026", "1", "2", "1", "1", "2"]
    # this snapshot's bar is its profile table
    profile = [
        " ".join(td.text_content().split())
        for tr in life_page.find_class("profile-table")[0].iter("tr")
        if tr.get("data-phase")
        for td in tr.iter("td")
    ][::3]
    assert profile == ["1", "2", "1", "1"]


def test_lifecycle_chart_marks_changes_of_phase_and_colours_activity(life_page: Any) -> None:
    found = specs(life_page)
    data = rows(found["initiative-projectplein-lifecycle-chart"])
    assert [(r["date"], r["phase"], r["state"], r["change"]) for r in data] == [
        ("2025-12-31", "Facilitating", "Active", "no change of phase"),
        ("2026-03-31", "Strategic", "Active", "advanced"),
        ("2026-06-30", "Facilitating", "Stopped", "regressed"),
        ("2026-09-30", "Facilitating", "Stopped", "no change of phase"),
    ]
    spec = found["initiative-projectplein-lifecycle-chart"]
    shape = spec["layer"][1]["encoding"]["shape"]["scale"]
    assert shape == {
        "domain": ["advanced", "regressed", "no change of phase"],
        "range": ["triangle-up", "triangle-down", "circle"],
    }
    (figure,) = [
        f
        for f in life_page.iter("figure")
        if f.get("id") == "initiative-projectplein-lifecycle-chart"
    ]
    assert (
        "Changes of phase: advanced to strategic (31 March 2026); regressed to facilitating "
        "(30 June 2026)." in (" ".join(figure.text_content().split()))
    )


def test_heatmap_has_every_initiative_and_category(life_page: Any, model: Model) -> None:
    data = rows(specs(life_page)["heatmap-chart"])
    names = [
        h.text_content().strip() for h in life_page.find_class("initiative") for h in h.iter("h3")
    ]
    assert len(data) == len(names) * len(model.categories)
    assert [r["initiative"] for r in data[:: len(model.categories)]] == names
    for r in data:
        assert (r["level"] == "—") == (r["phase"] == "no evidence")
    heading, *lines = table(life_page, "heatmap-chart")
    assert heading[0] == "Initiative" and len(heading) == 1 + len(model.categories)
    assert [line[0] for line in lines] == names


def test_usage_chart_draws_bands_and_withholds_without_a_figure(life_page: Any) -> None:
    data = rows(specs(life_page)["initiative-kennisbank-usage-chart"])
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for r in data:
        by_kind.setdefault(r["kind"], []).append(r)
    active = "Active share of the people in scope (%)"
    assert [(r["period"], r["value"]) for r in by_kind["figure"] if r["metric"] == active] == [
        ("2025Q4", pytest.approx(12.0)),
        ("2026Q1", pytest.approx(20.0)),
        ("2026Q3", pytest.approx(55.0)),
    ]
    (hidden,) = by_kind["withheld"]
    assert hidden == {
        "kind": "withheld",
        "metric": active,
        "order": 1,
        "period": "2026Q2",
        "value": None,
    }
    bands = {(r["metric"], r["phase"]): (r["low"], r["high"]) for r in by_kind["band"]}
    assert bands[(active, "Pioneering")] == pytest.approx((0, 15))
    assert bands[(active, "Facilitating")] == pytest.approx((15, 50))
    assert bands[(active, "Strategic")] == pytest.approx((50, 100))
    top10 = "Share of contributions by the ten most active (%)"
    assert bands[(top10, "Strategic")] == pytest.approx((0, 40))  # fewer is better
    assert bands[(top10, "Pioneering")] == pytest.approx((70, 100))
    hours = "Median time to the first reply (hours)"
    assert bands[(hours, "Pioneering")] == pytest.approx((24, 36))
    # a metric without any figure or withheld quarter is left out
    assert {r["metric"] for r in data} == {active, top10, hours}
    assert table(life_page, "initiative-kennisbank-usage-chart") == [
        ["Metric", "2025Q4", "2026Q1", "2026Q2", "2026Q3"],
        [active, "12%", "20%", "withheld", "55%"],
        [top10, "80%", "60%", "50%", "35%"],
        [hours, "30.0", "10.0", "—", "1.5"],
    ]
    assert "1 quarterly figures are withheld" in " ".join(
        life_page.get_element_by_id("initiative-kennisbank-usage-chart").text_content().split()
    )


def test_the_usage_line_breaks_at_a_withheld_quarter(life_page: Any) -> None:
    """Kennisbank's active share is withheld in 2026Q2: its line stops before that quarter and
    starts again after it. Its median time to the first reply has no figure in 2026Q2 but is not
    withheld there, so that line runs on, as does the one with every quarter."""
    svg = _vega.to_svg(specs(life_page)["initiative-kennisbank-usage-chart"])
    lines = re.findall(r'aria-roledescription="line mark" d="([^"]+)"', svg)
    assert len(lines) == 3
    assert sorted(d.count("M") for d in lines) == [1, 1, 2]


def test_interaction_matrix_withholds_small_groups_and_skips_no_data(life_page: Any) -> None:
    data = rows(specs(life_page)["interaction-chart"])
    assert data == [
        {"initiative": "Kennisbank", "unit": "ict", "share": None, "text": "withheld"},
        {"initiative": "Kennisbank", "unit": "zorg", "share": pytest.approx(25.0), "text": "25%"},
        {"initiative": "Klantvragen", "unit": "zorg", "share": pytest.approx(40.0), "text": "40%"},
    ]
    assert table(life_page, "interaction-chart") == [
        ["Initiative", "ict", "zorg"],
        ["Kennisbank", "withheld", "25%"],
        ["Klantvragen", "—", "40%"],
    ]
    text = " ".join(life_page.get_element_by_id("interaction-chart").text_content().split())
    assert "in 2026Q3: 2 figures shown, 1 withheld" in text


def test_withheld_figures_have_no_number_anywhere(
    life_document: dict[str, Any],
    model: Model,
    lifecycles: dict[str, list[HistoryRow]],
    usage_figures: UsageFigures,
) -> None:
    for value in usage_figures.values:
        if value.value is None:
            assert value.people is None  # the engine gives no group for them either
    html = render(life_document, model, "html", "en", lifecycles, usage_figures)
    spec_text = " ".join(json.dumps(s) for s in specs(page(html)).values())
    assert '"people"' not in spec_text  # no group size reaches a chart


def test_without_usage_there_is_no_usage_chart_and_no_matrix(
    life_document: dict[str, Any], model: Model, lifecycles: dict[str, list[HistoryRow]]
) -> None:
    found = specs(page(render(life_document, model, "html", "en", lifecycles)))
    assert not [c for c in found if c.endswith("-usage-chart")]
    assert "interaction-chart" not in found
    assert "profile-chart" in found and "heatmap-chart" in found


def test_markdown_links_each_chart_as_an_svg_file_with_its_table(
    life_document: dict[str, Any],
    model: Model,
    lifecycles: dict[str, list[HistoryRow]],
    usage_figures: UsageFigures,
) -> None:
    snapshot = Snapshot.from_document(life_document)
    rendered = render_snapshot(
        snapshot, model, "md", "nl", lifecycles, usage_figures, charts_folder="zk-charts"
    )
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", rendered.text)
    assert links and sorted(links) == sorted(rendered.files)
    assert all(link.startswith("zk-charts/") and link.endswith(".svg") for link in links)
    for name, svg in rendered.files.items():
        root = lxml.etree.fromstring(svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg", name
    profile = rendered.files["zk-charts/profile-chart.svg"].decode()
    assert "Momentopname" in profile and "Levende initiatieven" in profile
    assert "| Maatstaf | 2025Q4 | 2026Q1 | 2026Q2 | 2026Q3 |" in rendered.text
    assert "| Actief deel van de doelgroep (%) | 12% | 20% | niet getoond | 55% |" in (
        rendered.text
    )


def test_dutch_charts_speak_dutch(
    life_document: dict[str, Any],
    model: Model,
    lifecycles: dict[str, list[HistoryRow]],
    usage_figures: UsageFigures,
) -> None:
    tree = page(render(life_document, model, "html", "nl", lifecycles, usage_figures))
    text = json.dumps(specs(tree), ensure_ascii=False)
    for dutch in ("Momentopname", "Pionierend", "Kwartaal", "niet getoond", "doorgegroeid"):
        assert dutch in text, dutch
    for english in ("Snapshot", "Pioneering", "Quarter", "Replies to", "advanced", "Stopped"):
        assert english not in text, english
    assert table(tree, "initiative-kennisbank-usage-chart")[3][1:] == ["30,0", "10,0", "—", "1,5"]


def test_names_with_control_characters_are_drawn_not_fatal(
    life_document: dict[str, Any], model: Model, lifecycles: dict[str, list[HistoryRow]]
) -> None:
    """vl-convert aborts the process on text XML cannot hold; the charts replace it first."""
    life_document["initiatives"]["kennisbank"]["name"] = "bell\x07 esc\x1b]8;;x nul\x00 ok"
    rendered = render_snapshot(Snapshot.from_document(life_document), model, "md", "en", lifecycles)
    heatmap = rendered.files["charts/heatmap-chart.svg"].decode()
    assert "bell\ufffd esc\ufffd]8;;x nul\ufffd ok" in heatmap
