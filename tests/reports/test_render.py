"""The reports of Acme's and Zuidkust's diagnoses in HTML, Markdown and JSON, in English and
Dutch: Acme for the phases and their evidence, Zuidkust for the organisation's life (activity,
undetermined phases, stopped initiatives, lifecycles and notices)."""

from __future__ import annotations

import copy
import json
import re
from html import unescape
from typing import Any

import lxml.html
import pytest
from tests.reports.conftest import (
    MARKUP_STOPPED,
    MARKUP_UNDETERMINED,
    body_text,
    check_scripts,
    render,
    spec_rows,
)

from wi3.diagnosis import OrganisationDiagnosis, from_document
from wi3.errors import InputError
from wi3.model import Model
from wi3.reports import FORMAT_VERSION, FORMATS, LANGUAGES
from wi3.service import HistoryRow
from wi3.texts import LABELS

BOARD = {
    "pioneering": ["Team Wiki", "Dev Chat"],
    "facilitating": ["Intranet Q&A"],
    "strategic": ["Sales Yammer"],
}
WITHHELD = {"en": "fewer than 5 answers; not shown", "nl": "minder dan 5 antwoorden; niet getoond"}
OWN_PERSPECTIVES = ("business", "organisation")


_SIMPLE = re.compile(r'([a-z0-9]+|\*)?((?:#[\w-]+|\.[\w-]+|\[[\w-]+(?:="[^"]*")?\])*)')
_PART = re.compile(r'#[\w-]+|\.[\w-]+|\[[\w-]+(?:="[^"]*")?\]')


def html_tree(text: str) -> Any:
    return lxml.html.document_fromstring(text)


def select(element: Any, selector: str) -> list[Any]:
    """Elements matching a small CSS subset (tag, #id, .class, [attr="v"], descendants, `,`).

    lxml's own `cssselect` needs the cssselect package, which wi3 does not depend on.
    """
    paths = []
    for group in selector.split(","):
        steps = []
        for simple in group.split():
            match = _SIMPLE.fullmatch(simple)
            assert match, f"unsupported selector {simple!r}"
            tests = []
            for part in _PART.findall(match.group(2)):
                if part[0] == "#":
                    tests.append(f"@id='{part[1:]}'")
                elif part[0] == ".":
                    tests.append(
                        f"contains(concat(' ', normalize-space(@class), ' '), ' {part[1:]} ')"
                    )
                else:
                    name, _, value = part[1:-1].partition("=")
                    tests.append(f"@{name}={value}" if value else f"@{name}")
            steps.append((match.group(1) or "*") + "".join(f"[{t}]" for t in tests))
        paths.append("descendant-or-self::" + "//".join(steps))
    found: list[Any] = element.xpath(" | ".join(paths))
    return found


TEXT_FORMATS = [f for f in FORMATS if f not in ("pdf", "xlsx")]
"""The formats whose report is text (the PDF and the spreadsheet have tests of their own)."""


def text_of(element: Any) -> str:
    return " ".join(element.text_content().split())


def md_section(text: str, heading: str) -> str:
    """The Markdown from `heading` up to the next heading of the same or a higher level."""
    level = len(heading) - len(heading.lstrip("#"))
    start = text.index(heading + "\n")
    rest = text[start + len(heading) + 1 :]
    end = re.search(rf"^#{{1,{level}}} ", rest, flags=re.MULTILINE)
    return rest if end is None else rest[: end.start()]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_every_text_format_and_language_renders(
    document: dict[str, Any], model: Model, fmt: str, language: str
) -> None:
    text = render(document, model, fmt, language)  # type: ignore[arg-type]
    assert "Acme BV" in text
    for names in BOARD.values():
        for name in names:
            assert name in text or name.replace("&", "&amp;") in text


# --- growth board ---------------------------------------------------------------------------


def test_html_board_puts_each_initiative_in_its_phase_column(
    document: dict[str, Any], model: Model
) -> None:
    tree = html_tree(render(document, model, "html"))
    columns = select(tree, "#board section.column")
    assert [c.get("data-phase") for c in columns] == ["pioneering", "facilitating", "strategic"]
    for column in columns:
        names = [text_of(h) for h in select(column, ".card h4")]
        assert names == BOARD[column.get("data-phase")]
    headings = [text_of(select(c, "h3")[0]) for c in columns]
    assert headings == ["1 · Pioneering 2", "2 · Facilitating 1", "3 · Strategic 1"]


def test_html_card_shows_kind_platform_unit_confidence_and_top_next_step(
    document: dict[str, Any], model: Model
) -> None:
    tree = html_tree(render(document, model, "html"))
    (card,) = select(tree, '.card[data-initiative="initiative-team-wiki"]')
    text = text_of(card)
    assert "wiki · MediaWiki · ict" in text
    assert "Confidence: high" in text
    assert "Next step Facilitate" in text  # T5 is Team Wiki's first step
    assert select(card, "h4 a")[0].get("href") == "#initiative-team-wiki"
    (strategic,) = select(tree, '.card[data-initiative="initiative-sales-yammer"]')
    assert "enterprise social network · Viva Engage · sales" in text_of(strategic)
    assert "No next step" in text_of(strategic)


def test_markdown_board_lists_each_phase_with_its_initiatives(
    document: dict[str, Any], model: Model
) -> None:
    text = render(document, model, "md")
    board = md_section(text, "## Growth board")
    for number, (phase, names) in enumerate(BOARD.items(), start=1):
        column = md_section(board, f"### {number} · {phase.capitalize()} ({len(names)})")
        listed = re.findall(r"^- \*\*(.+?)\*\*", column, flags=re.MULTILINE)
        assert [n.replace("\\", "") for n in listed] == names
    assert "next step: Facilitate" in board


# --- organisation profile -------------------------------------------------------------------


def test_html_profile_table_and_chart(document: dict[str, Any], model: Model) -> None:
    tree = html_tree(render(document, model, "html"))
    rows = {
        r.get("data-phase"): [text_of(c) for c in select(r, "td")]
        for r in select(tree, ".profile-table tbody tr")
    }
    # shares 2/4, 1/4, 1/4; by audience 340/1260, 120/1260, 800/1260
    assert rows == {
        "pioneering": ["2", "50%", "27%"],
        "facilitating": ["1", "25%", "10%"],
        "strategic": ["1", "25%", "63%"],
        "undetermined": ["0", "0%", "0%"],
    }
    (figure,) = select(tree, "#profile figure.chart")
    assert figure.get("id") == "profile-chart"
    assert text_of(select(figure, ".chart-desc")[0]) == (
        "Live initiatives per phase in 1 snapshots from 30 September 2026 to 30 September 2026, "
        "stacked; stopped initiatives are counted apart below. On 30 September 2026: 2 "
        "pioneering, 1 facilitating, 1 strategic, 0 undetermined; 0 stopped."
    )
    bars = spec_rows(tree, "profile-chart")
    assert [(r["phase"], r["count"]) for r in bars if r["group"] == "live"] == [
        ("Pioneering", 2),
        ("Facilitating", 1),
        ("Strategic", 1),
        ("Undetermined", 0),
    ]
    assert [text_of(c) for c in select(figure, ".chart-table tbody td")] == [
        "2", "1", "1", "0", "0"
    ]  # fmt: skip
    assert not select(tree, "#stopped-count")  # nothing stopped, nothing to say


def test_profile_without_reach_has_no_weighted_column(
    document: dict[str, Any], model: Model
) -> None:
    document["diagnosis"]["profile"]["weighted_shares"] = None
    tree = html_tree(render(document, model, "html"))
    assert "weighted" not in text_of(select(tree, ".profile-table")[0]).lower()
    assert "Share weighted by reach" not in render(document, model, "md")


def test_own_phase_shows_phase_levels_and_gates(document: dict[str, Any], model: Model) -> None:
    tree = html_tree(render(document, model, "html"))
    (own,) = select(tree, "#own-phase")
    text = text_of(own)
    assert "2 · Facilitating" in text
    cells = {c.get("data-category"): c for c in select(own, "td.cell")}
    assert set(cells) == {c.id for c in model.categories if c.perspective in OWN_PERSPECTIVES}
    assert "2.00" in text_of(cells["vision"])
    gates = {g.get("data-phase"): text_of(g) for g in select(own, "table.gate")}
    assert "✓ holds" in gates["facilitating"]
    assert "✗ fails" in gates["strategic"]
    heading = "### How the organisation organises Enterprise 2.0"
    markdown = md_section(render(document, model, "md"), heading)
    assert "- **Phase:** 2 · Facilitating" in markdown
    assert "| Business | Vision | 2.00 | Facilitating |" in markdown


def test_no_organisation_assessment_says_so(document: dict[str, Any], model: Model) -> None:
    document["diagnosis"]["own_phase"] = None
    tree = html_tree(render(document, model, "html"))
    assert "No organisation-level assessment exists" in text_of(select(tree, "#no-own-phase")[0])
    assert not select(tree, "#own-phase td.cell")
    assert "No organisation-level assessment exists" in render(document, model, "md")
    assert "er geen beoordeling op organisatieniveau" in render(document, model, "md", "nl")


# --- initiatives ----------------------------------------------------------------------------


def test_heatmap_shows_every_category_level_by_perspective(
    document: dict[str, Any], model: Model
) -> None:
    tree = html_tree(render(document, model, "html"))
    (section,) = select(tree, "#initiative-team-wiki")
    rows = select(section, "table.heatmap tbody tr")
    assert [text_of(select(r, "th")[0]) for r in rows] == [
        "User",
        "Business",
        "Organisation",
        "Technology",
    ]
    cells = {c.get("data-category"): c for c in select(section, "td.cell")}
    assert len(cells) == 12
    community = cells["community"]
    assert select(community, ".cell-level")[0].text == "1.67"
    # 1.67 fails the facilitating gate's 1.75, so the cell is not coloured facilitating
    assert "phase-pioneering" in community.get("class")
    assert select(cells["focus"], ".cell-level")[0].text == "2.00"
    assert "phase-facilitating" in cells["focus"].get("class")


def test_category_without_evidence_is_distinct(document: dict[str, Any], model: Model) -> None:
    tree = html_tree(render(document, model, "html"))
    (platform,) = select(tree, '#initiative-dev-chat td.cell[data-category="platform"]')
    assert "no-evidence" in platform.get("class")
    assert "no evidence" in text_of(platform)
    assert "1.00" not in text_of(platform)
    section = md_section(render(document, model, "md"), "### Dev Chat — 1 · Pioneering")
    assert "|  | Platform | — | *no evidence* |" in section


def test_conflict_is_marked_with_its_high_and_low_indicators(
    document: dict[str, Any], model: Model
) -> None:
    tree = html_tree(render(document, model, "html"))
    (community,) = select(tree, '#initiative-intranet-qa td.cell[data-category="community"]')
    assert "has-conflict" in community.get("class")
    text = text_of(community)
    assert "2.33" in text
    assert "⚠ conflict" in text
    assert "▲ high: assess.community" in text
    assert "▼ low: community.usage.top10_share" in text
    assert not select(tree, "#initiative-team-wiki td.has-conflict")
    section = md_section(render(document, model, "md"), "### Intranet Q&A — 2 · Facilitating")
    assert (
        "| Community | 2.33 | Facilitating | ⚠ ▲ high: `assess.community`; "
        "▼ low: `community.usage.top10_share` |" in section
    )


def test_confidence_shows_score_label_and_parts(document: dict[str, Any], model: Model) -> None:
    tree = html_tree(render(document, model, "html"))
    text = text_of(select(tree, "#initiative-intranet-qa .summary")[0])
    assert "Confidence medium 67%" in text
    parts = text_of(select(tree, "#initiative-intranet-qa dl.parts")[0])
    # 12 of 12 categories, 2 of 3 kinds; the one category with two kinds is in conflict,
    # so none is corroborated without conflict
    assert "Coverage of categories 100%" in parts
    assert "Kinds of evidence 67%" in parts
    assert "Agreement 0%" in parts
    assert "Evidence from owner assessment, usage data" in parts


def test_gates_show_each_condition(document: dict[str, Any], model: Model) -> None:
    tree = html_tree(render(document, model, "html"))
    (gate,) = select(tree, '#initiative-team-wiki table.gate[data-phase="facilitating"]')
    assert "Gate to 2 · Facilitating ✗ fails" in text_of(select(gate, "caption")[0])
    rows = [[text_of(c) for c in select(r, "th, td")] for r in select(gate, "tbody tr")]
    assert rows == [
        ["mean over all categories", "≥ 1.75", "1.97", "✓ holds"],
        ["Community", "≥ 1.75", "1.67", "✗ fails"],
        ["Leadership", "≥ 1.75", "2.00", "✓ holds"],
        ["Tools", "≥ 1.75", "2.00", "✓ holds"],
        ["reach beyond the pioneers", "≥ 1.75", "2.00", "✓ holds"],
    ]
    (unknown,) = select(tree, '#initiative-dev-chat table.gate[data-phase="strategic"]')
    assert ["value and impact for the users", "≥ 2.50", "no evidence", "? unknown"] in [
        [text_of(c) for c in select(r, "th, td")] for r in select(unknown, "tbody tr")
    ]


def test_signalled_inhibitor_shows_model_text_and_signal(
    document: dict[str, Any], model: Model
) -> None:
    tree = html_tree(render(document, model, "html"))
    (factor,) = select(tree, "#initiative-team-wiki .factors li")
    text = text_of(factor)
    assert "inhibitor P1-I5 It depends on a few enthusiasts; there is no critical mass." in text
    assert "usage data, top10_share = 85% (> 70%)" in text
    assert "no driver or inhibitor" in text_of(select(tree, "#initiative-sales-yammer")[0])


def test_next_steps_show_tip_targets_evidence_and_what_to_measure(
    document: dict[str, Any], model: Model
) -> None:
    tree = html_tree(render(document, model, "html"))
    steps = select(tree, "#initiative-team-wiki .step")
    assert [s.get("data-tip") for s in steps] == ["T5", "T3"]
    text = text_of(steps[0])
    t5 = next(t for t in model.tips if t.id == "T5")
    assert "T5 Facilitate" in text
    assert t5.what_to_do.en.split(".")[0] in text
    assert "Acts on categories Community" in text
    assert "Gate conditions Community" in text
    assert "Counters P1-I5 — It depends on a few enthusiasts" in text
    assert "community.usage.top10_share" in text_of(select(steps[0], "dd")[3])
    assert "assess.community — Owner assessment: Community" in text
    assert (
        text_of(select(steps[0], "dd")[-1])
        == "community.usage.top10_share — Share of contributions by the ten most active"
    )
    section = md_section(render(document, model, "md"), "### Team Wiki — 1 · Pioneering")
    assert "1. **T5 Facilitate** *(published)*" in section
    assert "   - **Measure again:**\n     - `community.usage.top10_share` — Share of" in section
    assert "   - **Counters:**\n     - `P1-I5` — It depends on a few enthusiasts" in section


def test_next_step_on_the_mean_names_it(document: dict[str, Any], model: Model) -> None:
    tree = html_tree(render(document, model, "html"))
    conditions = [text_of(select(s, "dd")[1]) for s in select(tree, "#initiative-dev-chat .step")]
    assert any("mean over all categories" in c for c in conditions)
    assert any("reach beyond the pioneers" in c for c in conditions)
    assert "all categories" not in {item for c in conditions for item in c.split(", ")}


def test_missing_evidence_is_listed(document: dict[str, Any], model: Model) -> None:
    tree = html_tree(render(document, model, "html"))
    items = [text_of(li) for li in select(tree, "#initiative-team-wiki ul.missing li")]
    assert (
        items[0] == "community.usage.absence_factor — Fewest people who make half the contributions"
    )
    assert "community.survey.know_whom_to_ask — I know whom to ask when I need help with it." in (
        items
    )
    assert "Nothing missing" in text_of(select(tree, "#initiative-sales-yammer")[0])


def test_evidence_table_lists_every_reading(
    document: dict[str, Any], model: Model, diagnosis: OrganisationDiagnosis
) -> None:
    tree = html_tree(render(document, model, "html"))
    (details,) = select(tree, "#initiative-team-wiki details.evidence")
    rows = select(details, "tr.reading")
    team_wiki = diagnosis.initiatives[0]
    assert len(rows) == sum(len(c.readings) for c in team_wiki.categories)
    (top10,) = select(details, 'tr[data-indicator="community.usage.top10_share"]')
    cells = [text_of(c) for c in select(top10, "td")]
    assert cells == [
        "community.usage.top10_share Share of contributions by the ten most active",
        "usage data",
        "85%",
        "1 Pioneering",
        "0.5",
        "Facilitating ≤ 70%; Strategic < 40%",
        "",
    ]
    (value,) = select(details, 'tr[data-indicator="focus.survey.kq_value"]')
    assert [text_of(c) for c in select(value, "td")][2:4] == ["3.9", "2 Facilitating"]
    assert "survey round Q3" in text_of(value)
    (assessed,) = select(details, 'tr[data-indicator="assess.focus"]')
    assert "owner assessment of 2026-09-01" in text_of(assessed)
    (missing,) = select(details, 'tr[data-indicator="focus.survey.kq_impact"]')
    assert "reading-missing" in missing.get("class")
    assert "no user survey" in text_of(missing)
    assert "Evidence table: 46 readings, 14 with a value" in text_of(select(details, "summary")[0])


# --- privacy --------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "label"), [("en", "withheld"), ("nl", "niet getoond")])
def test_withheld_figure_shows_its_note_and_no_number(
    document: dict[str, Any], model: Model, language: str, label: str
) -> None:
    tree = html_tree(render(document, model, "html", language))  # type: ignore[arg-type]
    (row,) = select(tree, '#initiative-dev-chat tr[data-indicator="focus.survey.kq_value"]')
    assert "reading-withheld" in row.get("class")
    value = text_of(select(row, "td.value")[0])
    assert value == label
    assert WITHHELD[language] in text_of(row)
    assert not re.search(r"\d", text_of(select(row, "td")[3]))  # the level: none either
    markdown = render(document, model, "md", language)  # type: ignore[arg-type]
    pioneering = "Pioneering" if language == "en" else "Pionierend"
    section = md_section(markdown, f"### Dev Chat — 1 · {pioneering}")
    (line,) = [
        line for line in section.splitlines() if line.startswith("| `focus.survey.kq_value`")
    ]
    cells = [c.strip() for c in line.strip("|").split(" | ")]
    assert cells[3] == f"*{label}*"
    assert cells[4] == "—"
    assert cells[-1] == WITHHELD[language]


def test_reports_add_no_people(document: dict[str, Any], model: Model) -> None:
    """The document names no people, so neither may the report: only what it was given."""
    html = render(document, model, "html")
    body = body_text(html_tree(html))
    for word in ("@", "mailto:", "Author", "author"):
        assert word not in body
    assert "mailto:" not in html


# --- languages ------------------------------------------------------------------------------


def test_dutch_report_uses_dutch_texts(document: dict[str, Any], model: Model) -> None:
    html = render(document, model, "html", "nl")
    tree = html_tree(html)
    assert tree.get("lang") == "nl"
    headings = [text_of(select(c, "h3")[0]) for c in select(tree, "#board section.column")]
    assert headings == ["1 · Pionierend 2", "2 · Faciliterend 1", "3 · Strategisch 1"]
    assert text_of(select(tree, "#board-title")[0]) == "Groeibord"
    assert "30 september 2026" in html
    community = select(tree, '#initiative-team-wiki td.cell[data-category="community"]')[0]
    assert "1,67" in text_of(community)
    assert "Community" in text_of(community)
    assert "Het draait om mensen" in text_of(select(tree, "#board")[0])  # T1's Dutch title
    assert "Faciliteer" in text_of(select(tree, "#initiative-team-wiki .step")[0])
    assert "remmer P1-I5 Het leunt op een paar enthousiastelingen" in text_of(
        select(tree, "#initiative-team-wiki .factors")[0]
    )
    assert "community.usage.top10_share Aandeel van de tien actiefste bijdragers" in text_of(
        select(tree, '#initiative-team-wiki tr[data-indicator="community.usage.top10_share"]')[0]
    )
    for english in (
        "Growth board",
        "Next steps",
        "Pioneering",
        "mean over all categories",
        "ten most",
        "owner assessment of",
        "survey round",
        "not shown",
    ):
        assert english not in html
    assert "beoordeling door eigenaar op 2026-09-01" in html
    assert "enquêteronde Q3" in html
    markdown = render(document, model, "md", "nl")
    assert "## Groeibord" in markdown
    assert "### 1 · Pionierend (2)" in markdown
    assert "Voorbeeldorganisatie — gegenereerde gegevens" in markdown


def test_every_label_exists_in_both_languages() -> None:
    assert set(LABELS["en"]) == set(LABELS["nl"])


# --- header ---------------------------------------------------------------------------------


def test_header_names_organisation_date_model_and_example(
    document: dict[str, Any], model: Model
) -> None:
    tree = html_tree(render(document, model, "html"))
    (banner,) = select(tree, "#example")
    assert "Example organisation — generated data" in text_of(banner)
    header = text_of(select(tree, "header.report-header")[0])
    assert "Acme BV" in header
    assert "30 September 2026" in header
    assert "WI3 growth model for Enterprise 2.0 · wi3 2026.1" in header
    assert select(tree, "h1")[0].text == "Acme BV"
    markdown = render(document, model, "md")
    assert markdown.startswith("# Enterprise 2.0 growth report: Acme BV\n\n> **⚠ Example organ")


def test_real_organisation_has_no_example_banner(document: dict[str, Any], model: Model) -> None:
    del document["example"]
    assert "Example organisation" not in render(document, model, "html")
    assert "Example organisation" not in render(document, model, "md")


def test_another_model_version_is_pointed_out(document: dict[str, Any], model: Model) -> None:
    document["diagnosis"]["model"] = "wi3 2025.9"
    html = render(document, model, "html")
    assert "This diagnosis was made with model wi3 2025.9; the texts shown come from model " in (
        html
    )


def test_html_headings_descend_one_level_at_a_time(document: dict[str, Any], model: Model) -> None:
    tree = html_tree(render(document, model, "html"))
    levels = [int(h.tag[1]) for h in tree.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    assert all(th.get("scope") for th in select(tree, "table th"))


# --- self-contained HTML, escaping ----------------------------------------------------------


def test_html_is_self_contained(document: dict[str, Any], model: Model) -> None:
    html = render(document, model, "html")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.IGNORECASE)
    assert "<link" not in html.lower()
    assert "@import" not in html
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    tree = html_tree(html)
    check_scripts(html, tree)
    assert not [e for e in tree.iter() if e.get("src") is not None]
    assert all(a.get("href").startswith("#") for a in select(tree, "a[href]"))
    ids = {e.get("id") for e in tree.iter() if e.get("id")}
    assert {a.get("href")[1:] for a in select(tree, "a[href]")} <= ids
    assert not select(tree, "img, iframe, object, embed, video, audio")


def test_text_from_the_document_is_escaped(document: dict[str, Any], model: Model) -> None:
    document["organisation"]["name"] = "<script>alert(1)</script> | *Acme*"
    document["initiatives"]["team-wiki"]["name"] = 'Wiki "<b>bold</b>" & co'
    html = render(document, model, "html")
    assert "<script>alert" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    tree = html_tree(html)
    assert text_of(select(tree, "h1")[0]) == "<script>alert(1)</script> | *Acme*"
    markdown = render(document, model, "md")
    assert "<script>" not in markdown
    assert r"\<script\>alert(1)\</script\> \| \*Acme\*" in markdown


# --- JSON -----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_json_is_the_document_with_a_report_block_and_round_trips(
    document: dict[str, Any], model: Model, diagnosis: OrganisationDiagnosis, language: str
) -> None:
    before = copy.deepcopy(document)
    text = render(document, model, "json", language)  # type: ignore[arg-type]
    assert document == before  # the caller's document is not changed
    assert text.startswith('{\n  "schema_version": 3,')
    data = json.loads(text)
    assert data.pop("report") == {
        "format_version": FORMAT_VERSION,
        "language": language,
        "model": f"{model.id} {model.version}",
        "summary_only": False,
    }
    assert data.pop("summary")["previous"] is None  # the management summary, without history
    assert data == before  # no plan or comparison given: no blocks of theirs
    assert from_document(json.loads(text)) == diagnosis
    assert "Intranet Q&A" in text  # not escaped, not ASCII-encoded


# --- errors ---------------------------------------------------------------------------------


def test_document_of_another_schema_version_is_refused(
    document: dict[str, Any], model: Model
) -> None:
    document["schema_version"] = 99
    with pytest.raises(InputError, match="schema version 99, expected one of 1, 2.*wi3 diagnose"):
        render(document, model, "html")


def test_unknown_format_or_language_is_refused(document: dict[str, Any], model: Model) -> None:
    with pytest.raises(
        ValueError, match="report format 'docx' is not one of html, pdf, md, xlsx, json"
    ):
        render(document, model, "docx")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="report language 'de' is not one of en, nl"):
        render(document, model, "md", "de")  # type: ignore[arg-type]


def test_ids_the_model_does_not_know_are_shown_as_they_are(
    document: dict[str, Any], model: Model
) -> None:
    step = document["diagnosis"]["initiatives"][0]["next_steps"][0]
    step["tip"] = "T99"
    step["counters"] = ["X-1"]
    html = render(document, model, "html")
    assert "T99" in html and "X-1" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_markdown_tables_are_well_formed(
    document: dict[str, Any], model: Model, language: str
) -> None:
    """Every row of every table has as many cells as its header: escaped pipes stay in cells."""
    reading = document["diagnosis"]["initiatives"][0]["categories"][0]["readings"][0]
    reading["basis"] = "round A | B"
    text = render(document, model, "md", language)  # type: ignore[arg-type]
    assert r"round A \| B" in text
    tables = re.findall(r"(?:^\|.*\|\n)+", text, flags=re.MULTILINE)
    assert len(tables) >= 10
    for table in tables:
        widths = {len(re.split(r"(?<!\\)\|", row)) for row in table.splitlines()}
        assert len(widths) == 1, table
        assert set(table.splitlines()[1]) <= set("|-:")  # the delimiter row


# --- the organisation's life: activity, undetermined, stopped, lifecycle (Zuidkust) -----------

LIFE_BOARD = {
    "pioneering": ["HR-nieuws"],
    "facilitating": ["Klantvragen", "Verkoopchat"],
    "strategic": ["Kennisbank"],
    "undetermined": [MARKUP_UNDETERMINED],
}
BADGES = {
    "en": {
        "HR-nieuws": "Dormant since 20 August 2025",
        "Klantvragen": "Active",
        "Verkoopchat": "Declining since 12 June 2026",
        "Kennisbank": "Growing",
        MARKUP_UNDETERMINED: "Active",
    },
    "nl": {
        "HR-nieuws": "Slapend sinds 20 augustus 2025",
        "Klantvragen": "Actief",
        "Verkoopchat": "Afnemend sinds 12 juni 2026",
        "Kennisbank": "Groeiend",
        MARKUP_UNDETERMINED: "Actief",
    },
}
COLUMN_HEADINGS = {
    "en": ["1 · Pioneering 1", "2 · Facilitating 2", "3 · Strategic 1", "Undetermined 1"],
    "nl": ["1 · Pionierend 1", "2 · Faciliterend 2", "3 · Strategisch 1", "Onbepaald 1"],
}
STOPPED_ROWS = {
    "en": [
        ["Projectplein", "2 · Facilitating", "31 May 2026", "the owner ended it (2026-05-31)"],
        [
            MARKUP_STOPPED,
            "1 · Pioneering",
            "15 January 2026",
            "the platform archived every place it was used (2026-01-15)",
        ],
    ],
    "nl": [
        [
            "Projectplein",
            "2 · Faciliterend",
            "31 mei 2026",
            "de eigenaar heeft het beëindigd (2026-05-31)",
        ],
        [
            MARKUP_STOPPED,
            "1 · Pionierend",
            "15 januari 2026",
            "het platform heeft elke plek waar het werd gebruikt gearchiveerd (2026-01-15)",
        ],
    ],
}


def life_html(
    document: dict[str, Any],
    model: Model,
    lifecycles: dict[str, list[HistoryRow]] | None,
    language: str = "en",
) -> Any:
    return html_tree(render(document, model, "html", language, lifecycles))  # type: ignore[arg-type]


def life_md(
    document: dict[str, Any],
    model: Model,
    lifecycles: dict[str, list[HistoryRow]] | None,
    language: str = "en",
) -> str:
    return render(document, model, "md", language, lifecycles)  # type: ignore[arg-type]


def rule_text(model: Model, rule: str, language: str, **figures: str) -> str:
    """The model's text of an activity rule with the figures filled in as given."""
    return model.activity.rule(rule).text.get(language).format(**figures)


def rows_of(table: Any) -> list[list[str]]:
    return [[text_of(c) for c in select(r, "th, td")] for r in select(table, "tbody tr")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_board_has_an_undetermined_column_and_activity_badges(
    life_document: dict[str, Any],
    model: Model,
    lifecycles: dict[str, list[HistoryRow]],
    language: str,
) -> None:
    tree = life_html(life_document, model, lifecycles, language)
    (board,) = select(tree, "#board .board")
    assert "columns-4" in board.get("class")
    columns = select(tree, "#board section.column")
    assert [c.get("data-phase") for c in columns] == list(LIFE_BOARD)
    assert [text_of(select(c, "h3")[0]) for c in columns] == COLUMN_HEADINGS[language]
    for column in columns:
        names = [text_of(h) for h in select(column, ".card h4")]
        assert names == LIFE_BOARD[column.get("data-phase")]  # stopped ones are not here
        for card in select(column, ".card"):
            name = text_of(select(card, "h4")[0])
            badge = select(card, ".activity-badge")[0]
            assert text_of(badge) == BADGES[language][name]
    (dormant,) = select(tree, '.card[data-initiative="initiative-hr-nieuws"]')
    assert dormant.get("data-activity") == "dormant"
    assert "activity-dormant" in select(dormant, ".activity-badge")[0].get("class")
    # an undetermined card says what usage alone points to, the others do not
    (undetermined,) = select(tree, '.card[data-initiative="initiative-datalijst"]')
    pointer = {
        "en": "Usage alone points to 2 · Facilitating",
        "nl": "Gebruik alleen wijst op 2 · Faciliterend",
    }
    assert text_of(select(undetermined, ".pointer")[0]) == pointer[language]
    assert len(select(tree, "#board .card .pointer")) == 1
    note = {
        "en": "The evidence cannot carry a phase yet.",
        "nl": "Het bewijs kan nog geen fase dragen.",
    }
    assert text_of(select(columns[3], ".column-note")[0]) == note[language]


def test_markdown_board_lists_activity_and_the_undetermined_column(
    life_document: dict[str, Any], model: Model, lifecycles: dict[str, list[HistoryRow]]
) -> None:
    board = md_section(life_md(life_document, model, lifecycles), "## Growth board")
    assert (
        "- **Verkoopchat** — chat · Slack; activity: Declining since 12 June 2026; mean level "
        "2.00; confidence: low; next step: Facilitate" in board
    )
    column = md_section(board, "### Undetermined (1)")
    assert column.startswith("\nThe evidence cannot carry a phase yet.\n")
    assert (
        '- **\\<i\\>Data\\</i\\> & "lijst" \\| \\*x\\*** — mailing list; activity: Active; usage '
        "alone points to: Facilitating; mean level 2.00;" in column
    )
    dutch = md_section(life_md(life_document, model, lifecycles, "nl"), "## Groeibord")
    assert "### Onbepaald (1)" in dutch
    assert "activiteit: Slapend sinds 20 augustus 2025" in dutch


def test_board_without_undetermined_initiatives_has_three_columns(
    document: dict[str, Any], model: Model
) -> None:
    tree = html_tree(render(document, model, "html"))
    assert "columns-3" in select(tree, "#board .board")[0].get("class")
    assert not select(tree, '#board section.column[data-phase="undetermined"]')
    assert "### Undetermined" not in render(document, model, "md")
    assert not select(tree, "#stopped")
    # without any activity reading, a card says its activity is unknown
    (card,) = select(tree, '.card[data-initiative="initiative-team-wiki"]')
    assert text_of(select(card, ".activity-badge")[0]) == "Activity unknown"


@pytest.mark.parametrize("language", LANGUAGES)
def test_stopped_initiatives_are_shown_apart_with_their_last_phase_and_why(
    life_document: dict[str, Any],
    model: Model,
    lifecycles: dict[str, list[HistoryRow]],
    language: str,
) -> None:
    tree = life_html(life_document, model, lifecycles, language)
    (stopped,) = select(tree, "#board #stopped")
    heading = {"en": "Stopped initiatives 2", "nl": "Gestopte initiatieven 2"}
    assert text_of(select(stopped, "h3")[0]) == heading[language]
    assert rows_of(select(stopped, "table")[0]) == STOPPED_ROWS[language]
    links = [a.get("href") for a in select(stopped, "tbody a")]
    assert links == ["#initiative-projectplein", "#initiative-oud-forum"]
    header = text_of(select(tree, "header.report-header dl.meta")[0])
    assert {"en": "Initiatives 7 (2 stopped)", "nl": "Initiatieven 7 (2 gestopt)"}[
        language
    ] in header
    markdown = life_md(life_document, model, lifecycles, language)
    title = {"en": "### Stopped initiatives (2)", "nl": "### Gestopte initiatieven (2)"}
    section = md_section(markdown, title[language])
    for name, phase, day, why in STOPPED_ROWS[language]:
        shown = name.replace("<", "\\<").replace(">", "\\>")
        assert f"| {shown} | {phase} | {day} | {why} |" in section


@pytest.mark.parametrize("language", LANGUAGES)
def test_profile_counts_undetermined_and_keeps_stopped_apart(
    life_document: dict[str, Any],
    model: Model,
    lifecycles: dict[str, list[HistoryRow]],
    language: str,
) -> None:
    tree = life_html(life_document, model, lifecycles, language)
    rows = {
        r.get("data-phase"): [text_of(c) for c in select(r, "th, td")]
        for r in select(tree, ".profile-table tbody tr")
    }
    # five live initiatives; by audience 600, 450, 900 and 50 of 2,000
    names = {"en": "Undetermined", "nl": "Onbepaald"}[language]
    assert rows["undetermined"] == [names, "1", "20%", "2%"]
    assert [r[1:] for r in rows.values()] == [
        ["1", "20%", "30%"],
        ["2", "40%", "22%"],
        ["1", "20%", "45%"],
        ["1", "20%", "2%"],
    ]
    assert [text_of(c) for c in select(tree, ".profile-table tfoot td")][0] == "5"
    note = {"en": "2 stopped, not counted", "nl": "2 gestopt, niet meegeteld"}[language]
    assert text_of(select(tree, "#stopped-count")[0]) == note
    rows = spec_rows(tree, "profile-chart")
    now = [r for r in rows if r["date"] == "2026-09-30"]
    assert {r["phase"]: r["count"] for r in now if r["group"] == "live"}[names] == 1
    assert [r["count"] for r in now if r["group"] == "stopped"] == [2]
    markdown = md_section(
        life_md(life_document, model, lifecycles, language),
        "## " + ("Organisation profile" if language == "en" else "Profiel van de organisatie"),
    )
    assert f"| {names} | 1 | 20% | 2% |" in markdown
    assert f"\n{note}\n" in markdown


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            {
                "badge": "Declining since 12 June 2026",
                "decided": "Decided by:",
                "decimal": ".",
                "read": "Evidence read up to 30 September 2026 · Last contribution 12 June 2026",
                "thresholds": ["Quiet after = 90 days", "Rhythm factor = 0×"],
                "missing": "Missing: these exports do not record whether a channel or list was "
                "closed, so wi3 cannot tell a stop from a silence. If it has ended, record its "
                "end: wi3 initiative add verkoopchat --status retired --end YYYY-MM-DD",
                "growing_thresholds": ["Growth ratio = 1.5×", "Minimum contributions = 10"],
            },
        ),
        (
            "nl",
            {
                "badge": "Afnemend sinds 12 juni 2026",
                "decided": "Bepaald door:",
                "decimal": ",",
                "read": "Bewijs gelezen tot en met 30 september 2026 · Laatste bijdrage 12 juni "
                "2026",
                "thresholds": ["Stil na = 90 dagen", "Ritmefactor = 0×"],
                "missing": "Ontbreekt: deze exports leggen niet vast of een kanaal of lijst is "
                "gesloten, dus wi3 kan een einde niet van stilte onderscheiden. Is het beëindigd, "
                "leg dan het einde vast: wi3 initiative add verkoopchat --status retired --end "
                "YYYY-MM-DD",
                "growing_thresholds": ["Groeifactor = 1,5×", "Minimum aantal bijdragen = 10"],
            },
        ),
    ],
)
def test_activity_section_gives_the_rule_its_thresholds_and_what_is_missing(
    life_document: dict[str, Any],
    model: Model,
    lifecycles: dict[str, list[HistoryRow]],
    language: str,
    expected: dict[str, Any],
) -> None:
    tree = life_html(life_document, model, lifecycles, language)
    (block,) = select(tree, "#initiative-verkoopchat .activity-block")
    assert "activity-declining" in block.get("class")
    first = select(block, "p")[0]
    assert text_of(select(first, ".activity-badge")[0]) == expected["badge"]
    description = model.activity.state("declining").description.get(language)
    assert text_of(select(first, ".muted")[0]) == " ".join(description.split())
    # the model's text of the rule, its figures written in the report's language
    point = expected["decimal"]
    quiet = rule_text(
        model, "quiet", language, silence="110", limit="90", gap=f"2{point}4", rhythm_factor="3"
    )
    assert text_of(select(block, ".rule-text")[0]) == f"{expected['decided']} {quiet} quiet"
    assert text_of(select(block, "p.muted")[0]) == expected["read"]
    assert [text_of(dt) for dt in block.iter("dt")] == expected["thresholds"]
    reasons = [text_of(dd) for dd in block.iter("dd")]
    quiet = model.activity.thresholds.quiet_days.reason.get(language)
    assert reasons[0] == " ".join(quiet.split())
    assert text_of(select(block, ".missing-note")[0]) == expected["missing"]
    (growing,) = select(tree, "#initiative-kennisbank .activity-block")
    rising = rule_text(model, "rising", language, ratio=f"1{point}8", growth_ratio=f"1{point}5")
    assert text_of(select(growing, ".rule-text")[0]) == f"{expected['decided']} {rising} rising"
    assert [text_of(dt) for dt in growing.iter("dt")] == expected["growing_thresholds"]
    assert not select(growing, ".missing-note")
    (stat,) = [s for s in select(tree, "#initiative-verkoopchat .stat") if "ctivit" in text_of(s)]
    assert text_of(select(stat, ".stat-value")[0]) == expected["badge"].split()[0]


def test_activity_in_markdown(
    life_document: dict[str, Any], model: Model, lifecycles: dict[str, list[HistoryRow]]
) -> None:
    section = md_section(
        life_md(life_document, model, lifecycles), "### Verkoopchat — 2 · Facilitating"
    )
    activity = md_section(section, "#### Activity")
    assert activity.startswith(
        "\n**Declining since 12 June 2026** — Still alive, but much quieter than at its best"
    )
    quiet = rule_text(model, "quiet", "en", silence="110", limit="90", gap="2.4", rhythm_factor="3")
    assert (
        f"- **Decided by:** {quiet} (`quiet`)\n- **Evidence read up to:** 30 September 2026\n"
        "- **Last contribution:** 12 June 2026\n- **Thresholds behind this rule:**\n"
        "  - **Quiet after = 90 days**: A quarter without a single contribution" in activity
    )
    assert (
        "> **Missing:** these exports do not record whether a channel or list was closed, so wi3 "
        "cannot tell a stop from a silence. If it has ended, record its end: "
        "`wi3 initiative add verkoopchat --status retired --end YYYY-MM-DD`" in activity
    )


def test_unknown_activity_says_why(document: dict[str, Any], model: Model) -> None:
    tree = html_tree(render(document, model, "html"))
    (block,) = select(tree, "#initiative-team-wiki .activity-block")
    assert text_of(block) == (
        "Activity unknown There is no usage data, and the owner gave no status or end date."
    )
    assert not select(block, "dl.thresholds")


@pytest.mark.parametrize("language", LANGUAGES)
def test_undetermined_phase_says_why_and_what_usage_alone_points_to(
    life_document: dict[str, Any],
    model: Model,
    lifecycles: dict[str, list[HistoryRow]],
    language: str,
) -> None:
    tree = life_html(life_document, model, lifecycles, language)
    (section,) = select(tree, "#initiative-datalijst")
    assert section.get("data-phase") == "undetermined"
    name = {"en": "Undetermined", "nl": "Onbepaald"}[language]
    assert text_of(select(section, ".initiative-header .phase-badge")[0]) == name
    why = [text_of(p) for p in select(section, ".undetermined-why p")]
    counted = {
        "en": "Categories with evidence that can carry a phase: 2, fewer than the 3 a phase needs.",
        "nl": "Categorieën met bewijs dat een fase kan dragen: 2, minder dan de 3 die een fase "
        "vraagt.",
    }
    reason = model.evidence.min_categories.reason.get(language)
    assert why == [counted[language], " ".join(reason.split())]
    (pointer,) = select(section, "p.pointer")
    note = {
        "en": "2 · Facilitating The usage evidence judged on its own through the gates, beside "
        "the phase and not instead of it: conditions usage cannot judge are set aside, and a gate "
        "counts only on a figure about people.",
        "nl": "2 · Faciliterend Het gebruiksbewijs op zichzelf beoordeeld langs de poorten, naast "
        "de fase en niet in plaats ervan: voorwaarden die gebruik niet kan beoordelen blijven "
        "buiten beschouwing, en een poort telt alleen op een cijfer over mensen.",
    }
    assert text_of(pointer) == note[language]
    none = {
        "en": "Usage alone points to nothing: there is no usage figure about people.",
        "nl": "Het gebruik alleen wijst nergens op: er is geen gebruikscijfer over mensen.",
    }
    assert text_of(select(tree, "#initiative-verkoopchat p.pointer")[0]) == none[language]
    assert not select(tree, "#initiative-verkoopchat .undetermined-why")


def test_an_unknown_gate_names_the_conditions_without_evidence(
    life_document: dict[str, Any], model: Model
) -> None:
    datalijst = next(
        i for i in life_document["diagnosis"]["initiatives"] if i["initiative"] == "datalijst"
    )
    datalijst["sufficiency"]["reason"] = "gate_unknown"
    tree = html_tree(render(life_document, model, "html"))
    (why,) = select(tree, "#initiative-datalijst .undetermined-why p")
    assert text_of(why) == (
        "No condition of the gate to facilitating fails, but there is no evidence for "
        "Leadership, reach beyond the pioneers: pioneering would be a default, not a finding."
    )


@pytest.mark.parametrize(
    ("language", "claim", "usage_claim"),
    [
        (
            "en",
            "The owner's assessment of 1 March 2025 claims facilitating, but the initiative is "
            "now declining (since 12 June 2026). Not counted as agreement in: Focus, Content, "
            "Culture, Vision, Leadership, Governance, Community, Policies, Measurement, Tools, "
            "Architecture, Platform",
            "Owner assessment: Focus of 15 January 2025 claims strategic, but Active share of the "
            "people in scope = 4% (level 1, pioneering), measured later. Not counted as "
            "agreement in: Focus",
        ),
        (
            "nl",
            "De beoordeling door de eigenaar van 1 maart 2025 stelt faciliterend, maar het "
            "initiatief is nu afnemend (sinds 12 juni 2026). Telt niet als overeenstemming in: "
            "Focus, Inhoud, Cultuur, Visie, Leiderschap, Governance, Community, Beleid, Meten, "
            "Tools, Architectuur, Platform",
            "Beoordeling door eigenaar: Focus van 15 januari 2025 stelt strategisch, maar Actief "
            "deel van de doelgroep = 4% (niveau 1, pionierend), later gemeten. Telt niet als "
            "overeenstemming in: Focus",
        ),
    ],
)
def test_claims_that_usage_contradicts_are_a_warning(
    life_document: dict[str, Any],
    model: Model,
    lifecycles: dict[str, list[HistoryRow]],
    language: str,
    claim: str,
    usage_claim: str,
) -> None:
    datalijst = next(
        i for i in life_document["diagnosis"]["initiatives"] if i["initiative"] == "datalijst"
    )
    datalijst["claims"] = [
        {
            "claim": "assess.focus",
            "claimed": "strategic",
            "dated": "2025-01-15",
            "contradiction": "focus.usage.active_ratio",
            "value": 0.04,
            "categories": ["focus"],
        }
    ]
    tree = life_html(life_document, model, lifecycles, language)
    (block,) = select(tree, "#initiative-verkoopchat .claims")
    assert block.get("role") == "note"
    assert (
        text_of(select(block, "h4")[0])
        == {
            "en": "⚠ Claims that usage contradicts",
            "nl": "⚠ Beweringen die het gebruik tegenspreekt",
        }[language]
    )
    assert [text_of(li) for li in select(block, "li")] == [claim]
    assert [text_of(li) for li in select(tree, "#initiative-datalijst .claims li")] == [usage_claim]
    assert not select(tree, "#initiative-klantvragen .claims")
    markdown = life_md(life_document, model, lifecycles, language)
    assert f"> - {claim}\n" in markdown


@pytest.mark.parametrize(
    ("language", "stale", "kept", "level"),
    [
        (
            "en",
            ["2024-03-31 stale", "stale: 30 months old, older than 24 months; no longer counts"],
            "2025-09-30 keeps 50%",
            "2 Facilitating does not count",
        ),
        (
            "nl",
            [
                "2024-03-31 verouderd",
                "verouderd: 30 maanden oud, ouder dan 24 maanden; telt niet meer mee",
            ],
            "2025-09-30 behoudt 50%",
            "2 Faciliterend telt niet mee",
        ),
    ],
)
def test_evidence_table_dates_each_reading_and_shows_stale_ones_as_not_counting(
    life_document: dict[str, Any],
    model: Model,
    lifecycles: dict[str, list[HistoryRow]],
    language: str,
    stale: list[str],
    kept: str,
    level: str,
) -> None:
    tree = life_html(life_document, model, lifecycles, language)
    (row,) = select(tree, '#initiative-hr-nieuws tr[data-indicator="focus.survey.kq_value"]')
    assert "reading-stale" in row.get("class")
    cells = [text_of(c) for c in select(row, "td")]
    assert cells[3] == level
    assert cells[4] == f"1 {stale[0]}"  # its weight, its date, and that it is stale
    assert cells[-1].endswith(stale[1])
    (old,) = select(tree, '#initiative-klantvragen tr[data-indicator="assess.focus"]')
    assert text_of(select(old, "td.weight")[0]) == f"1 {kept}"
    assert "reading-stale" not in old.get("class")
    assert text_of(select(old, "td.level")[0]) == (
        "2 Facilitating" if language == "en" else "2 Faciliterend"
    )
    (undated,) = select(
        tree, '#initiative-kennisbank tr[data-indicator="focus.fact.linked_projects"]'
    )
    assert text_of(select(undated, "td.weight")[0]) == "1"
    recency = {"en": "Recency 73%", "nl": "Actualiteit 73%"}[language]
    assert recency in text_of(select(tree, "#initiative-hr-nieuws dl.parts")[0])
    markdown = life_md(life_document, model, lifecycles, language)
    (line,) = [
        line
        for line in md_section(
            markdown, "### HR-nieuws — 1 · " + ("Pioneering" if language == "en" else "Pionierend")
        ).splitlines()
        if line.startswith("| `focus.survey.kq_value`")
    ]
    cells = [c.strip() for c in line.strip("|").split(" | ")]
    struck, note = level.split(" ", 2)[:2], level.split(" ", 2)[2]
    assert cells[4] == f"~~{' '.join(struck)}~~ *{note}*"
    assert cells[6] == f"2024-03-31, *{stale[0].split()[1]}*"


@pytest.mark.parametrize(
    ("language", "heading", "intro", "first"),
    [
        (
            "en",
            "End of its life",
            "It has stopped, so instead of growth steps:",
            "E1 Archive it and point people elsewhere derived",
        ),
        (
            "nl",
            "Einde van de levensduur",
            "Het is gestopt, dus in plaats van groeistappen:",
            "E1 Archiveer het en wijs mensen de weg afgeleid",
        ),
    ],
)
def test_a_stopped_initiative_gets_end_of_life_advice_instead_of_next_steps(
    life_document: dict[str, Any],
    model: Model,
    lifecycles: dict[str, list[HistoryRow]],
    language: str,
    heading: str,
    intro: str,
    first: str,
) -> None:
    tree = life_html(life_document, model, lifecycles, language)
    (section,) = select(tree, "#initiative-projectplein")
    assert "is-stopped" in section.get("class") and section.get("data-activity") == "stopped"
    headings = [text_of(h) for h in select(section, "h4")]
    assert heading in headings
    assert ("Next steps" if language == "en" else "Volgende stappen") not in headings
    assert ("Evidence still missing" if language == "en" else "Ontbrekend bewijs") not in headings
    steps = select(section, ".step")
    assert [s.get("data-tip") for s in steps] == ["E1", "E2", "E3"]
    assert all("end-of-life" in s.get("class") for s in steps)
    assert text_of(select(steps[0], "h5")[0]) == first
    e1 = model.activity.end_of_life[0]
    text = text_of(steps[0])
    assert " ".join(e1.what_to_do.get(language).split()) in text
    assert " ".join(e1.why.get(language).split()) in text
    assert not select(steps[0], "dl")  # no categories, conditions or measures
    assert intro in text_of(section)
    stat = text_of(select(section, ".stat")[0])
    assert stat == (
        "Phase it ended in Facilitating" if language == "en" else "Fase bij het einde Faciliterend"
    )
    markdown = life_md(life_document, model, lifecycles, language)
    phase = "2 · Facilitating" if language == "en" else "2 · Faciliterend"
    part = md_section(markdown, f"### Projectplein — {phase}")
    title, source = first.rsplit(" ", 1)
    assert f"#### {heading}\n\n{intro}\n\n1. **{title}** *({source})*" in part
    assert "Acts on categories" not in part and "Werkt op categorieën" not in part


@pytest.mark.parametrize(
    ("language", "declining", "dormant"),
    [
        (
            "en",
            "First, because it acts on what fails in a declining initiative.",
            "First, because it acts on what fails in a dormant initiative.",
        ),
        (
            "nl",
            "Eerst, omdat het werkt op wat faalt in een afnemend initiatief.",
            "Eerst, omdat het werkt op wat faalt in een slapend initiatief.",
        ),
    ],
)
def test_first_steps_of_a_fading_initiative_say_they_act_on_it(
    life_document: dict[str, Any],
    model: Model,
    lifecycles: dict[str, list[HistoryRow]],
    language: str,
    declining: str,
    dormant: str,
) -> None:
    tree = life_html(life_document, model, lifecycles, language)
    steps = select(tree, "#initiative-verkoopchat .step")
    assert [s.get("data-tip") for s in steps] == ["T5", "T1", "T8"]
    marks = [[text_of(p) for p in select(s, ".first-because")] for s in steps]
    assert marks == [[declining], [declining], []]
    assert "acts-on-activity" in steps[0].get("class")
    assert "acts-on-activity" not in steps[2].get("class")
    asleep = select(tree, "#initiative-hr-nieuws .step")
    assert asleep[0].get("data-tip") == "T3"
    assert [text_of(p) for p in select(asleep[0], ".first-because")] == [dormant]
    assert not select(tree, "#initiative-klantvragen .first-because")
    markdown = life_md(life_document, model, lifecycles, language)
    assert f"   - *{declining}*\n" in markdown


LIFECYCLE_ROWS = {
    "en": {
        "hr-nieuws": [
            ["30 September 2025", "1 · Pioneering", "Active", "50%", "first diagnosis"],
            ["31 December 2025", "1 · Pioneering", "Dormant", "45%", "◌ became dormant"],
            ["31 March 2026", "1 · Pioneering", "Growing", "50%", "↺ revived"],
            ["30 June 2026", "1 · Pioneering", "Declining", "50%", "↘ began to decline"],
            [
                "30 September 2026 (this report)",
                "1 · Pioneering",
                "Dormant",
                "40%",
                "◌ became dormant",
            ],
        ],
        "projectplein": [
            ["31 December 2025", "2 · Facilitating", "Active", "70%", "first diagnosis"],
            ["31 March 2026", "3 · Strategic", "Active", "75%", "▲ advanced to Strategic"],
            [
                "30 June 2026",
                "2 · Facilitating",
                "Stopped",
                "70%",
                "▼ regressed to Facilitating ■ stopped",
            ],
            ["30 September 2026 (this report)", "2 · Facilitating", "Stopped", "70%", ""],
        ],
        "verkoopchat": [
            ["31 December 2025", "1 · Pioneering", "Growing", "60%", "first diagnosis"],
            [
                "31 March 2026",
                "2 · Facilitating",
                "Active",
                "70%",
                "▲ advanced to Facilitating growth levelled off",
            ],
            ["30 June 2026", "2 · Facilitating", "Active", "70%", ""],
            [
                "30 September 2026 (this report)",
                "2 · Facilitating",
                "Declining",
                "50%",
                "↘ began to decline",
            ],
        ],
        "datalijst": [
            ["30 June 2026", "1 · Pioneering", "Activity unknown", "30%", "first diagnosis"],
            [
                "30 September 2026 (this report)",
                "Undetermined",
                "Active",
                "20%",
                "○ phase undetermined activity now known: active",
            ],
        ],
    },
    "nl": {
        "hr-nieuws": [
            ["30 september 2025", "1 · Pionierend", "Actief", "50%", "eerste diagnose"],
            ["31 december 2025", "1 · Pionierend", "Slapend", "45%", "◌ werd slapend"],
            ["31 maart 2026", "1 · Pionierend", "Groeiend", "50%", "↺ kwam weer tot leven"],
            ["30 juni 2026", "1 · Pionierend", "Afnemend", "50%", "↘ begon af te nemen"],
            [
                "30 september 2026 (dit rapport)",
                "1 · Pionierend",
                "Slapend",
                "40%",
                "◌ werd slapend",
            ],
        ],
        "projectplein": [
            ["31 december 2025", "2 · Faciliterend", "Actief", "70%", "eerste diagnose"],
            [
                "31 maart 2026",
                "3 · Strategisch",
                "Actief",
                "75%",
                "▲ doorgegroeid naar Strategisch",
            ],
            [
                "30 juni 2026",
                "2 · Faciliterend",
                "Gestopt",
                "70%",
                "▼ teruggevallen naar Faciliterend ■ gestopt",
            ],
            ["30 september 2026 (dit rapport)", "2 · Faciliterend", "Gestopt", "70%", ""],
        ],
        "verkoopchat": [
            ["31 december 2025", "1 · Pionierend", "Groeiend", "60%", "eerste diagnose"],
            [
                "31 maart 2026",
                "2 · Faciliterend",
                "Actief",
                "70%",
                "▲ doorgegroeid naar Faciliterend groei vlakte af",
            ],
            ["30 juni 2026", "2 · Faciliterend", "Actief", "70%", ""],
            [
                "30 september 2026 (dit rapport)",
                "2 · Faciliterend",
                "Afnemend",
                "50%",
                "↘ begon af te nemen",
            ],
        ],
        "datalijst": [
            ["30 juni 2026", "1 · Pionierend", "Activiteit onbekend", "30%", "eerste diagnose"],
            [
                "30 september 2026 (dit rapport)",
                "Onbepaald",
                "Actief",
                "20%",
                "○ fase onbepaald activiteit nu bekend: actief",
            ],
        ],
    },
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_lifecycle_table_shows_every_snapshot_and_its_transitions(
    life_document: dict[str, Any],
    model: Model,
    lifecycles: dict[str, list[HistoryRow]],
    language: str,
) -> None:
    tree = life_html(life_document, model, lifecycles, language)
    for slug, expected in LIFECYCLE_ROWS[language].items():
        (table,) = select(tree, f"#initiative-{slug} table.lifecycle")
        assert rows_of(table) == expected, slug
        current = [r.get("data-as-of") for r in select(table, "tr.current")]
        assert current == ["2026-09-30"]
    intro = {
        "en": "Its phase and activity state in every snapshot of the organisation up to 30 "
        "September 2026; a snapshot from before it started does not hold it.",
        "nl": "De fase en activiteit in elke momentopname van de organisatie tot en met 30 "
        "september 2026; een momentopname van vóór de start bevat het niet.",
    }
    assert intro[language] in text_of(select(tree, "#initiative-datalijst")[0])
    (revived,) = select(tree, '#initiative-hr-nieuws tr[data-as-of="2026-03-31"] .change')
    assert "change-revived" in revived.get("class")


def test_lifecycle_in_markdown(
    life_document: dict[str, Any], model: Model, lifecycles: dict[str, list[HistoryRow]]
) -> None:
    section = md_section(
        life_md(life_document, model, lifecycles), "### Projectplein — 2 · Facilitating"
    )
    assert (
        "| Date | Phase | Activity | Confidence | Change |\n|---|---|---|--:|---|\n"
        "| 31 December 2025 | 2 · Facilitating | Active | 70% | first diagnosis |\n"
        "| 31 March 2026 | 3 · Strategic | Active | 75% | ▲ advanced to Strategic |\n"
        "| 30 June 2026 | 2 · Facilitating | Stopped | 70% | ▼ regressed to Facilitating; "
        "■ stopped |\n"
        "| **30 September 2026** (this report) | 2 · Facilitating | Stopped | 70% |  |\n"
    ) in section


def test_without_lifecycles_the_report_has_no_lifecycle(
    life_document: dict[str, Any], model: Model, lifecycles: dict[str, list[HistoryRow]]
) -> None:
    tree = html_tree(render(life_document, model, "html"))
    assert not select(tree, "table.lifecycle")
    assert "Lifecycle" not in text_of(select(tree, "body")[0])
    assert "#### Lifecycle" not in render(life_document, model, "md")
    # an initiative no stored snapshot holds says so
    partial = {slug: rows for slug, rows in lifecycles.items() if slug != "klantvragen"}
    tree = life_html(life_document, model, partial)
    assert not select(tree, "#initiative-klantvragen table.lifecycle")
    assert "No stored snapshot holds this initiative." in text_of(
        select(tree, "#initiative-klantvragen")[0]
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "Verkoopchat: its usage evidence ends on 2026-08-31 (the export's own date); what "
                "came later is not known. Diagnose as of that day: wi3 diagnose --as-of 2026-08-31",
                "HR-nieuws: no usage data for 2026Q3, the quarter this diagnosis reads",
            ],
        ),
        (
            "nl",
            [
                "Verkoopchat: het gebruiksbewijs eindigt op 2026-08-31 (de eigen datum van de "
                "export); wat daarna kwam is niet bekend. Diagnosticeer per die dag: wi3 diagnose "
                "--as-of 2026-08-31",
                "HR-nieuws: geen gebruiksgegevens voor 2026Q3, het kwartaal dat deze diagnose "
                "leest",
            ],
        ),
    ],
)
def test_notices_are_shown_near_the_top_in_the_reports_language(
    life_document: dict[str, Any],
    model: Model,
    lifecycles: dict[str, list[HistoryRow]],
    language: str,
    expected: list[str],
) -> None:
    tree = life_html(life_document, model, lifecycles, language)
    (notices,) = select(tree, "#notices")
    assert [text_of(li) for li in select(notices, "li")] == expected
    assert [a.get("href") for a in select(notices, "a")] == [
        "#initiative-verkoopchat",
        "#initiative-hr-nieuws",
    ]
    order = [e.get("id") for e in tree.iter() if e.get("id") in ("notices", "board")]
    assert order == ["notices", "board"]
    markdown = life_md(life_document, model, lifecycles, language)
    # after the management summary, before the growth board
    before_board = markdown.split(f"\n## {LABELS[language]['growth_board']}\n")[0]
    assert before_board.index(LABELS[language]["summary"]) < before_board.index("> - **")
    for text in expected:
        name, rest = text.split(": ", 1)
        assert f"> - **{name}**: {rest}\n" in before_board


def test_a_notice_about_no_initiative_in_the_report_is_shown_as_written(
    life_document: dict[str, Any], document: dict[str, Any], model: Model
) -> None:
    life_document["notices"].append({"initiative": "elders", "kind": "other", "text": "<b>x</b>"})
    tree = html_tree(render(life_document, model, "html"))
    assert text_of(select(tree, "#notices li")[-1]) == "<b>x</b>"
    assert not select(html_tree(render(document, model, "html")), "#notices")


def test_names_full_of_markup_stay_text_in_board_stopped_list_and_sections(
    life_document: dict[str, Any], model: Model, lifecycles: dict[str, list[HistoryRow]]
) -> None:
    html = render(life_document, model, "html", "en", lifecycles)
    assert "<script>alert" not in html and "<i>Data</i>" not in html
    tree = html_tree(html)
    assert text_of(select(tree, '.card[data-initiative="initiative-datalijst"] h4')[0]) == (
        MARKUP_UNDETERMINED
    )
    assert text_of(select(tree, '#stopped tr[data-initiative="initiative-oud-forum"] th')[0]) == (
        MARKUP_STOPPED
    )
    assert text_of(select(tree, "#initiative-oud-forum-title")[0]) == MARKUP_STOPPED
    assert not select(tree, "i")
    check_scripts(html, tree)
    markdown = life_md(life_document, model, lifecycles)
    assert "<script>" not in markdown and "<i>" not in markdown
    assert '\\<script\\>alert("forum")\\</script\\> Oud forum' in markdown
    assert '\\<i\\>Data\\</i\\> & "lijst" \\| \\*x\\*' in markdown


def test_dutch_life_report_has_no_english_left(
    life_document: dict[str, Any], model: Model, lifecycles: dict[str, list[HistoryRow]]
) -> None:
    for text in (
        body_text(life_html(life_document, model, lifecycles, "nl")),
        life_md(life_document, model, lifecycles, "nl"),
    ):
        for english in (
            "Stopped",
            "stopped",
            "since",
            "Declining",
            "Dormant",
            "Growing",
            "Usage alone",
            "Lifecycle",
            "this report",
            "first diagnosis",
            "keeps",
            "stale",
            "does not count",
            "Missing",
            "Undetermined",
            "End of its life",
            "Notes on the evidence",
            "not counted",
            "became",
            "revived",
            "the owner ended",
            "own date",
            "Decided by",
            "Thresholds",
            "claims",
        ):
            assert english not in text, english


def test_json_of_a_life_document_is_the_document_and_ignores_the_lifecycles(
    life_document: dict[str, Any],
    model: Model,
    life_diagnosis: OrganisationDiagnosis,
    lifecycles: dict[str, list[HistoryRow]],
) -> None:
    text = render(life_document, model, "json", "en", lifecycles)
    assert text == render(life_document, model, "json")
    data = json.loads(text)
    assert data.pop("report")["format_version"] == FORMAT_VERSION == 2
    data.pop("summary")
    assert data == life_document
    assert from_document(data) == life_diagnosis


@pytest.mark.parametrize("language", LANGUAGES)
def test_life_report_markdown_tables_headings_and_links_are_well_formed(
    life_document: dict[str, Any],
    model: Model,
    lifecycles: dict[str, list[HistoryRow]],
    language: str,
) -> None:
    text = life_md(life_document, model, lifecycles, language)
    tables = re.findall(r"(?:^\|.*\|\n)+", text, flags=re.MULTILINE)
    for table in tables:
        widths = {len(re.split(r"(?<!\\)\|", row)) for row in table.splitlines()}
        assert len(widths) == 1, table
    html = render(life_document, model, "html", language, lifecycles)  # type: ignore[arg-type]
    tree = html_tree(html)
    levels = [int(h.tag[1]) for h in tree.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    assert all(th.get("scope") for th in select(tree, "table th"))
    ids = {e.get("id") for e in tree.iter() if e.get("id")}
    assert {a.get("href")[1:] for a in select(tree, "a[href]")} <= ids
    check_scripts(html, tree)


@pytest.mark.parametrize(
    ("language", "owner", "platform"),
    [
        ("en", "300 people (the owner's target audience)", "150 people (members on the platform)"),
        ("nl", "300 mensen (doelgroep volgens de eigenaar)", "150 mensen (leden op het platform)"),
    ],
)
def test_the_audience_says_whose_it_is(
    life_document: dict[str, Any], model: Model, language: str, owner: str, platform: str
) -> None:
    page = unescape(render(life_document, model, "html", language))  # type: ignore[arg-type]
    assert owner in page and platform in page
