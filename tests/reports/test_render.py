"""The reports of Acme's diagnosis in HTML, Markdown and JSON, in English and Dutch."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import lxml.html
import pytest

from wi3.diagnosis import OrganisationDiagnosis, from_document
from wi3.errors import InputError
from wi3.model import Model
from wi3.reports import FORMAT_VERSION, FORMATS, LANGUAGES, render
from wi3.reports._labels import LABELS, MONTHS

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
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_and_language_renders(
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
    }
    (svg,) = select(tree, "#profile svg.chart")
    assert svg.get("role") == "img"
    bars = select(svg, "rect.bar")
    assert len(bars) == 6  # a share bar and a weighted bar per phase
    widths = [float(b.get("width")) for b in bars]
    assert widths[0] == pytest.approx(2 * widths[2])  # 50 % against 25 %
    assert [text_of(t) for t in select(svg, "text.phase-label")] == [
        "Pioneering",
        "Facilitating",
        "Strategic",
    ]


def test_profile_without_reach_has_no_weighted_column(
    document: dict[str, Any], model: Model
) -> None:
    document["diagnosis"]["profile"]["weighted_shares"] = None
    tree = html_tree(render(document, model, "html"))
    assert len(select(tree, "#profile svg.chart rect.bar")) == 3
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
    body = text_of(select(html_tree(html), "body")[0])
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
    assert all(len(months) == 12 for months in MONTHS.values())


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
    assert "<script" not in html.lower()
    assert "<link" not in html.lower()
    assert "@import" not in html
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    assert "http://" not in html and "https://" not in html
    tree = html_tree(html)
    assert all(a.get("href").startswith("#") for a in select(tree, "a[href]"))
    ids = {e.get("id") for e in tree.iter() if e.get("id")}
    assert {a.get("href")[1:] for a in select(tree, "a[href]")} <= ids
    assert not select(tree, "img, iframe, object, embed, video, audio")


def test_text_from_the_document_is_escaped(document: dict[str, Any], model: Model) -> None:
    document["organisation"]["name"] = "<script>alert(1)</script> | *Acme*"
    document["initiatives"]["team-wiki"]["name"] = 'Wiki "<b>bold</b>" & co'
    html = render(document, model, "html")
    assert "<script>" not in html and "<b>bold</b>" not in html
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
    assert text.startswith('{\n  "schema_version": 2,')
    data = json.loads(text)
    assert data.pop("report") == {
        "format_version": FORMAT_VERSION,
        "language": language,
        "model": f"{model.id} {model.version}",
    }
    assert data == before
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
    with pytest.raises(ValueError, match="report format 'pdf' is not one of html, md, json"):
        render(document, model, "pdf")  # type: ignore[arg-type]
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
