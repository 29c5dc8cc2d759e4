"""The management summary, the comparison with an earlier snapshot and the action plan: the
summary's rules on small diagnoses, and the three sections in HTML, Markdown and JSON, in
English and Dutch (docs/summary.md, docs/plan.md)."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from tests.reports.conftest import (
    AS_OF,
    DIRECTORY,
    ROUND_Q3,
    acme_diagnosis,
    owner,
    zuidkust_diagnosis,
)
from tests.reports.test_browser import open_offline
from tests.reports.test_render import html_tree, md_section, rows_of, select, text_of

from wi3.diagnosis import (
    Action,
    InitiativeEvidence,
    Observation,
    OrganisationDiagnosis,
    Snapshot,
    diagnose_organisation,
    freeze,
    recheck,
    to_document,
)
from wi3.model import Model, load_model
from wi3.reports import LANGUAGES, growth_table, render
from wi3.reports._summary import management_summary
from wi3.texts._labels import LABELS

BEFORE = date(2026, 6, 30)


def acme_before(model: Model) -> OrganisationDiagnosis:
    """Acme a quarter earlier: the Q&A still pioneering, Dev Chat not started, the organisation
    itself pioneering."""
    evidence = {
        "team-wiki": owner(model, "facilitating")
        + [
            Observation("survey", "survey.kq_value", 3.9, ROUND_Q3, n=20),
            Observation("usage", "top10_share", 0.85),
        ],
        "intranet-qa": owner(model, "pioneering", community="strategic")
        + [Observation("usage", "top10_share", 0.85)],
        "sales-yammer": owner(model, "strategic")
        + [
            Observation("survey", "survey.kq_value", 4.4, ROUND_Q3, n=64),
            Observation("survey", "survey.kq_impact", 4.1, ROUND_Q3, n=64),
            Observation("owner", "fact.editorial_model", "knowledge_owners"),
        ],
    }
    own = [
        Observation("owner", f"assess.{c.id}", "pioneering")
        for c in model.categories
        if c.perspective in model.organisation.perspectives
    ]
    return diagnose_organisation(
        model,
        "acme",
        BEFORE,
        [InitiativeEvidence(s, tuple(o), DIRECTORY[s]["audience"]) for s, o in evidence.items()],
        own,
    )


def snapshot_of(diagnosis: OrganisationDiagnosis) -> Snapshot:
    document = to_document(diagnosis)
    document["organisation"] = {"slug": "acme", "name": "Acme BV"}
    document["initiatives"] = {slug: dict(about) for slug, about in DIRECTORY.items()}
    return Snapshot.from_document(document)


@pytest.fixture(scope="module")
def now(model: Model) -> Snapshot:
    return snapshot_of(acme_diagnosis(model))


@pytest.fixture(scope="module")
def before(model: Model) -> Snapshot:
    return snapshot_of(acme_before(model))


@pytest.fixture(scope="module")
def plan(now: Snapshot, before: Snapshot) -> list[Action]:
    """Three actions accepted on 30 June: Team Wiki's first step (overdue by 30 September),
    the Q&A's third step (due at the end of the year) and Team Wiki's second (done)."""

    def action(
        ident: int, slug: str, n: int, owner: str, due: date, done: date | None = None
    ) -> Action:
        then = before.initiative(slug)
        assert then is not None
        baseline = freeze(then, then.next_steps[n], BEFORE)
        return Action(
            id=ident,
            initiative=slug,
            tip=then.next_steps[n].tip,
            owner=owner,
            due=due,
            status="open" if done is None else "done",
            accepted_on=BEFORE,
            done_on=done,
            baseline=baseline,
            checks=(recheck(baseline, now.initiative(slug), AS_OF),),
        )

    return [
        action(1, "team-wiki", 0, "community manager", date(2026, 8, 31)),
        action(2, "intranet-qa", 2, "knowledge manager", date(2026, 12, 31)),
        action(3, "team-wiki", 1, "intranet lead", date(2026, 9, 30), date(2026, 9, 15)),
    ]


def rendered(
    now: Snapshot, before: Snapshot | None, plan: list[Action] | None, fmt: str, language: str
) -> str:
    return render(now, load(), fmt, language, previous=before, plan=plan).text  # type: ignore[arg-type]


@cache
def load() -> Model:
    """The shipped model, loaded once (the `model` fixture, for helpers outside a test)."""
    return load_model()


# --- the summary's rules ----------------------------------------------------------------------


def test_standing_counts_the_profile_and_what_changed_since(
    now: Snapshot, before: Snapshot
) -> None:
    first = management_summary(now.diagnosis).standing
    assert (first.live, first.grown, first.own_phase, first.previous) == (
        4,
        2,
        "facilitating",
        None,
    )
    since = management_summary(now.diagnosis, before.diagnosis).standing
    assert since.previous == BEFORE
    assert since.counts_before == {
        "pioneering": 2,
        "facilitating": 0,
        "strategic": 1,
        "undetermined": 0,
    }
    assert (since.advanced, since.regressed, since.started) == (("intranet-qa",), (), ("dev-chat",))
    assert (since.own_phase_before, since.own_phase) == ("pioneering", "facilitating")


def test_invest_in_the_initiatives_closest_to_their_next_gate(now: Snapshot) -> None:
    invest = management_summary(now.diagnosis).invest
    # Team Wiki misses one condition; Dev Chat five (shortfall 3.75); the Q&A six
    assert [(i.initiative, len(i.unmet)) for i in invest] == [
        ("team-wiki", 1),
        ("dev-chat", 5),
        ("intranet-qa", 6),
    ]
    (community,) = invest[0].unmet
    assert (community.subject, community.required) == ("community", 1.75)
    assert invest[0].shortfall == pytest.approx(1.75 - 5 / 3, abs=1e-4)
    assert invest[2].unmet[-1].holds is None  # the value and impact group: no evidence


def test_fading_initiatives_and_the_stopped_since_the_previous_snapshot(model: Model) -> None:
    life = zuidkust_diagnosis(model)
    summary = management_summary(life)
    assert [(f.initiative, f.advice, f.step) for f in summary.fading] == [
        ("projectplein", "close", "E1"),
        ("oud-forum", "close", "E1"),
        ("hr-nieuws", "revive_or_close", "T3"),
        ("verkoopchat", "revive", "T5"),
    ]
    # declining, dormant, stopped and undetermined initiatives are nobody's to invest in
    assert [i.initiative for i in summary.invest] == ["klantvragen"]
    # a quarter earlier Projectplein was active; the old forum had stopped already
    earlier = tuple(
        replace(d, activity=replace(d.activity, state="active"))  # type: ignore[arg-type]
        if d.initiative == "projectplein"
        else d
        for d in life.initiatives
        if d.initiative != "datalijst"
    )
    previous = replace(life, as_of=BEFORE, initiatives=earlier)
    since = management_summary(life, previous)
    assert [f.initiative for f in since.fading] == ["projectplein", "hr-nieuws", "verkoopchat"]
    assert since.standing.newly_stopped == ("projectplein",)
    assert since.standing.started == ("datalijst",)


def test_the_key_steps_are_the_plans_open_actions_then_the_first_steps(
    now: Snapshot, plan: list[Action], model: Model
) -> None:
    steps = management_summary(now.diagnosis, plan=plan).steps
    assert [(s.initiative, s.tip, s.action.id if s.action else None) for s in steps] == [
        ("team-wiki", plan[0].tip, 1),  # overdue
        ("intranet-qa", plan[1].tip, 2),
        ("dev-chat", "T3", None),  # Team Wiki's first step is in the plan already
    ]
    without = management_summary(now.diagnosis).steps
    assert [(s.initiative, s.action) for s in without] == [
        ("team-wiki", None),
        ("dev-chat", None),
        ("intranet-qa", None),
    ]
    # the plan's actions on a stopped initiative are no step to take
    life = zuidkust_diagnosis(model)
    stopped = replace(plan[1], initiative="projectplein")
    assert all(s.action is None for s in management_summary(life, plan=[stopped]).steps)


# --- the sections in every format ---------------------------------------------------------


SUMMARY_EN = [
    "2 of 4 live initiatives have grown past pioneering (50%).",
    "The organisation itself organises Enterprise 2.0 as facilitating, pioneering on 30 June 2026.",
]
SUMMARY_NL = [
    "2 van de 4 levende initiatieven zijn voorbij pionierend gegroeid (50%).",
    "De organisatie zelf organiseert Enterprise 2.0 als faciliterend, op 30 juni 2026 pionierend.",
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_html_opens_with_the_management_summary(
    now: Snapshot, before: Snapshot, plan: list[Action], language: str
) -> None:
    tree = html_tree(rendered(now, before, plan, "html", language))
    ids = [e.get("id") for e in tree.iter() if e.get("id") in ("summary", "board", "plan")]
    assert ids == ["summary", "board", "plan"]
    (summary,) = select(tree, "#summary")
    labels = LABELS[language]
    assert text_of(select(summary, "h2")[0]) == labels["summary"]
    standing = [text_of(p) for p in select(summary, "#summary-standing p")]
    assert standing[:2] == (SUMMARY_EN if language == "en" else SUMMARY_NL)
    changes = [text_of(li) for li in select(summary, "#summary-standing ul.changes li")]
    assert changes == (
        ["advanced: Intranet Q&A", "started: Dev Chat"]
        if language == "en"
        else ["doorgegroeid: Intranet Q&A", "gestart: Dev Chat"]
    )
    (profile,) = select(summary, "table.summary-profile")
    assert [r[1:] for r in rows_of(profile)] == [["2", "2"], ["0", "1"], ["1", "1"], ["0", "0"]]
    invest = select(summary, "#summary-invest li")
    assert [li.get("data-initiative") for li in invest] == [
        "initiative-team-wiki",
        "initiative-dev-chat",
        "initiative-intranet-qa",
    ]
    why = {"en": "Gate to facilitating: 1 unmet — Community 1.67 of 1.75",
           "nl": "Poort naar faciliterend: 1 niet voldaan — Community 1,67 van 1,75"}  # fmt: skip
    assert text_of(select(invest[0], ".why")[0]) == why[language]
    steps = select(summary, "#summary-steps li")
    assert [li.get("data-action") for li in steps] == ["1", "2", None]
    first = text_of(steps[0])
    owner_due = {"en": "community manager, due 31 August 2026 overdue",
                 "nl": "community manager, uiterlijk 31 augustus 2026 te laat"}  # fmt: skip
    assert owner_due[language] in first
    assert "wi3 plan add dev-chat T3 --owner" in text_of(steps[2])
    assert not select(summary, "#summary-fading li")  # nothing fades at Acme


@pytest.mark.parametrize("language", LANGUAGES)
def test_html_comparison_shows_what_changed_and_the_evidence_that_moved_it(
    now: Snapshot, before: Snapshot, language: str
) -> None:
    tree = html_tree(rendered(now, before, None, "html", language))
    (section,) = select(tree, "#comparison")
    assert section.get("data-before") == "2026-06-30"
    title = {"en": "Changes since 30 June 2026", "nl": "Veranderingen sinds 30 juni 2026"}
    assert text_of(select(section, "h2")[0]) == title[language]
    (profile,) = select(section, "table.comparison-profile")
    rows = rows_of(profile)
    assert [r[1:] for r in rows[:3]] == [["2", "2"], ["0", "1"], ["1", "1"]]
    own = {"en": ["Own phase", "Pioneering", "Facilitating"],
           "nl": ["Eigen fase", "Pionierend", "Faciliterend"]}  # fmt: skip
    assert rows[-1] == own[language]
    changed = {s.get("data-initiative"): s for s in select(section, "section.change")}
    assert list(changed) == ["initiative-intranet-qa", "initiative-dev-chat"]
    qa = changed["initiative-intranet-qa"]
    assert "phase-change-advanced" in qa.get("class")
    gate = [r for r in rows_of(select(qa, "table.changes-table")[0]) if len(r) == 3][-1]
    assert gate == (
        ["Gate to Facilitating", "fails", "holds"]
        if language == "en"
        else ["Poort naar Faciliterend", "niet voldaan", "voldaan"]
    )
    moved = {
        r.get("data-indicator"): r for r in select(qa, "table.evidence-moved tr[data-indicator]")
    }
    assert "assess.vision" in moved and "community.usage.top10_share" not in moved
    assert [text_of(c) for c in select(moved["assess.vision"], "td")][2:] == (
        ["Pioneering", "Facilitating"] if language == "en" else ["Pionierend", "Faciliterend"]
    )
    assert "phase-change-new" in changed["initiative-dev-chat"].get("class")
    unchanged = text_of(select(section, "p.unchanged")[0])
    assert unchanged == (
        "Unchanged: Team Wiki, Sales Yammer"
        if language == "en"
        else "Onveranderd: Team Wiki, Sales Yammer"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_html_plan_shows_each_action_its_re_checks_and_the_steps_it_holds(
    now: Snapshot, before: Snapshot, plan: list[Action], language: str
) -> None:
    tree = html_tree(rendered(now, before, plan, "html", language))
    (section,) = select(tree, "#plan")
    rows = select(section, "table.plan-table tbody tr")
    assert [r.get("data-action") for r in rows] == ["1", "2", "3"]
    assert "overdue" in rows[0].get("class") and "action-done" in rows[2].get("class")
    outcome = {"en": "30 September 2026: ▲ better", "nl": "30 september 2026: ▲ beter"}
    assert text_of(select(rows[1], "ol.checks li")[0]) == outcome[language]
    status = {"en": "done on 15 September 2026", "nl": "gedaan op 15 september 2026"}
    assert text_of(select(rows[2], "td")[5]) == status[language]
    detail = select(section, "#action-2 table.measures tr[data-indicator]")
    assert [r.get("data-indicator") for r in detail] == [
        m.indicator for m in plan[1].baseline.measure
    ]
    # Team Wiki's next steps say which the plan holds
    planned = select(tree, f'#initiative-team-wiki li.step[data-tip="{plan[0].tip}"] .planned')
    text = {
        "en": "In the plan: action 1, community manager, due 31 August 2026, overdue",
        "nl": "In het plan: actie 1, community manager, uiterlijk 31 augustus 2026, te laat",
    }
    assert text_of(planned[0]) == text[language]


def test_an_empty_plan_says_how_to_fill_it_and_no_history_means_no_comparison(
    now: Snapshot,
) -> None:
    tree = html_tree(rendered(now, None, [], "html", "en"))
    assert text_of(select(tree, "#no-plan")[0]).startswith("The plan holds no action")
    assert not select(tree, "#comparison")
    standing = text_of(select(tree, "#summary-standing")[0])
    assert "This is its first snapshot: there is nothing to compare with yet." in standing
    # without a plan at all (a report from a document alone) there is no plan section
    assert not select(html_tree(rendered(now, None, None, "html", "en")), "#plan")


@pytest.mark.parametrize("language", LANGUAGES)
def test_markdown_has_the_three_sections_with_well_formed_tables(
    now: Snapshot, before: Snapshot, plan: list[Action], language: str
) -> None:
    text = rendered(now, before, plan, "md", language)
    labels = LABELS[language]
    summary = md_section(text, f"## {labels['summary']}")
    assert (SUMMARY_EN if language == "en" else SUMMARY_NL)[0] in summary
    assert text.index(f"## {labels['summary']}") < text.index(f"## {labels['growth_board']}")
    steps = md_section(text, f"### {labels['summary_steps']}")
    assert f"1. **{plan[0].tip} " in steps and "(**" + labels["overdue"] + "**)" in steps
    title = "Changes since 30 June 2026" if language == "en" else "Veranderingen sinds 30 juni 2026"
    comparison = md_section(text, f"## {title}")
    assert "### Intranet Q&A" in comparison and "### Team Wiki" not in comparison
    assert "`assess.vision`" in md_section(comparison, "### Intranet Q&A")
    plan_text = md_section(text, f"## {labels['plan']}")
    assert re.search(r"^\| 2 \| Intranet Q&A \| ", plan_text, re.M)
    assert f"### {labels['action']} 2 · " in plan_text
    for table in re.findall(r"(?:^\|.*\|\n)+", summary + comparison + plan_text, flags=re.M):
        widths = {len(re.split(r"(?<!\\)\|", row)) for row in table.splitlines()}
        assert len(widths) == 1, table
    headings = [len(h) for h in re.findall(r"^(#+) ", text, flags=re.M)]
    assert all(b - a <= 1 for a, b in zip(headings, headings[1:], strict=False))


@pytest.mark.parametrize("language", LANGUAGES)
def test_json_carries_the_summary_plan_and_comparison_as_data(
    now: Snapshot, before: Snapshot, plan: list[Action], language: str
) -> None:
    data = json.loads(rendered(now, before, plan, "json", language))
    summary = data["summary"]
    assert summary["previous"] == "2026-06-30"
    assert [i["initiative"] for i in summary["invest"]] == ["team-wiki", "dev-chat", "intranet-qa"]
    assert summary["invest"][0]["unmet"] == [
        {"kind": "category", "subject": "community", "required": 1.75, "actual": 5 / 3}
    ]
    assert [(s["initiative"], s["action"]) for s in summary["next_steps"]] == [
        ("team-wiki", 1),
        ("intranet-qa", 2),
        ("dev-chat", None),
    ]
    assert summary["text"][0] == (SUMMARY_EN if language == "en" else SUMMARY_NL)[0]
    assert [a["id"] for a in data["plan"]] == [1, 2, 3]
    (check,) = data["plan"][1]["checks"]
    assert (check["as_of"], check["outcome"], check["phase"]) == (
        "2026-09-30",
        "better",
        "facilitating",
    )
    assert data["plan"][1]["baseline"]["phase"] == "pioneering"
    comparison = data["comparison"]
    assert (comparison["before"], comparison["after"]) == ("2026-06-30", "2026-09-30")
    qa = next(c for c in comparison["initiatives"] if c["initiative"] == "intranet-qa")
    assert qa["phase"] == ["pioneering", "facilitating"]
    assert {"phase": "facilitating", "before": "fails", "after": "holds"} in qa["gates"]


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_summary_only_leaves_out_the_rest(
    now: Snapshot, before: Snapshot, plan: list[Action], fmt: str
) -> None:
    model = load()
    text = render(now, model, fmt, "nl", previous=before, plan=plan, summary_only=True).text  # type: ignore[arg-type]
    if fmt == "json":
        data = json.loads(text)
        assert set(data) == {"organisation", "as_of", "summary", "report"}
        assert data["report"]["summary_only"] is True
        example = replace(now, example=True)
        summary_only = render(example, model, "json", "nl", summary_only=True).text
        assert json.loads(summary_only)["example"] is True  # labelled as the example it is
        return
    assert "Managementsamenvatting" in text
    for left_out in ("Groeibord", "Actieplan", "Veranderingen sinds", "Team Wiki — "):
        assert left_out not in text
    if fmt == "html":
        tree = html_tree(text)
        assert select(tree, "#summary") and not select(tree, "#board, #plan, #comparison")
        assert [a.get("href") for a in select(tree, "nav a")] == ["#summary"]


def test_names_in_the_summary_and_plan_stay_text(now: Snapshot, plan: list[Action]) -> None:
    document: dict[str, Any] = now.to_document()
    document["initiatives"]["team-wiki"]["name"] = "<b>Wiki</b> | *x*"
    marked = Snapshot.from_document(document)
    model = load()
    html = render(marked, model, "html", "en", plan=plan).text
    assert "<b>Wiki</b>" not in html and "&lt;b&gt;Wiki&lt;/b&gt;" in html
    md = render(marked, model, "md", "en", plan=plan).text
    assert r"\<b\>Wiki\</b\> \| \*x\*" in md_section(md, "## Management summary")


def test_the_growth_table_says_which_top_step_the_plan_holds(
    now: Snapshot, plan: list[Action]
) -> None:
    rows = {r.initiative: r.next_step for r in growth_table(now, load(), plan).rows}
    assert rows["Team Wiki (team-wiki)"].endswith("(in the plan: action 1)")
    assert "in the plan" not in rows["Dev Chat (dev-chat)"]
    assert not any("in the plan" in r.next_step for r in growth_table(now, load()).rows)


# --- in a real browser ----------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "nl"])
def test_in_a_browser_the_three_sections_are_laid_out_and_fit(
    browser: Any,
    now: Snapshot,
    before: Snapshot,
    plan: list[Action],
    tmp_path: Path,
    language: str,
) -> None:
    report = tmp_path / "report.html"
    html = render(now, load(), "html", language, previous=before, plan=plan).text  # type: ignore[arg-type]
    report.write_text(html, encoding="utf-8")
    page, problems = open_offline(browser, report, 1280)
    try:
        assert problems == []
        parts = [
            page.locator(f"#summary-{part}").bounding_box()
            for part in ("standing", "invest", "fading", "steps")
        ]
        assert all(p is not None for p in parts)
        # two by two: standing beside invest, fading beside the steps, below them
        assert parts[0]["x"] < parts[1]["x"] and round(parts[0]["y"]) == round(parts[1]["y"])
        assert parts[2]["y"] > parts[0]["y"] + parts[0]["height"] - 1
        assert (
            page.locator("#summary").bounding_box()["y"]
            < page.locator("#board").bounding_box()["y"]
        )
        overdue = page.locator('#summary-steps li[data-action="1"] .overdue-badge')
        assert overdue.is_visible()
        assert overdue.evaluate("e => getComputedStyle(e).color") == "rgb(180, 35, 24)"
        better = page.locator('#plan tr[data-action="2"] .outcome-better').first
        better.scroll_into_view_if_needed()
        assert better.is_visible()
        detail = page.locator("#action-2 table.measures")
        assert not detail.is_visible()  # collapsed until opened
        page.locator("#action-2 summary").click()
        assert detail.is_visible()
        for width in (1280, 420):
            page.set_viewport_size({"width": width, "height": 900})
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            spilled = page.evaluate(
                """w => [...document.querySelectorAll(
                    '#summary *, #comparison *, #plan *')].filter(
                    e => !e.closest('.table-wrap') && e.getBoundingClientRect().right > w
                ).map(e => e.tagName + ' ' + e.textContent.slice(0, 40))""",
                width,
            )
            assert spilled == [], spilled
            widths = page.locator(
                "#summary .table-wrap, #comparison .table-wrap, #plan .table-wrap"
            ).evaluate_all("ws => ws.map(w => [w.getBoundingClientRect().right])")
            assert widths and all(right <= width for (right,) in widths), widths
        # narrow: the summary's parts stack
        stacked = [
            page.locator(f"#summary-{part}").bounding_box() for part in ("standing", "invest")
        ]
        assert stacked[1]["y"] > stacked[0]["y"] + stacked[0]["height"] - 1
    finally:
        page.close()


def test_the_spreadsheet_holds_the_plan_with_its_latest_outcome(
    now: Snapshot, before: Snapshot, plan: list[Action]
) -> None:
    content = render(now, load(), "xlsx", "en", previous=before, plan=plan).content
    sheet = load_workbook(io.BytesIO(content))["Action plan"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Action", "Initiative", "tip"] and "Outcome" in header
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert sorted(rows) == [1, 2, 3]
    assert rows[1][5] == "2026-08-31" and rows[1][4] == "community manager"
    assert rows[1][7] == "overdue" and rows[2][7] is None  # due 31 August, read on 30 September
    assert rows[1][10] == AS_OF.isoformat()  # the re-check of the report's snapshot
