"""Fixtures for the report tests: diagnoses built from evidence in code.

Acme has one initiative in each phase and a few more, so every section of the report has
something to show: a conflict (Intranet Q&A), a withheld survey figure (Dev Chat), a signalled
inhibitor and next steps (Team Wiki), and an organisation-level assessment.

Zuidkust has an initiative in every state of life: growing, active, declining (with an old claim
its usage contradicts), dormant (with a stale survey round), one whose phase is undetermined,
and two stopped ones; with notices, lifecycle rows over five snapshots, and names full of markup.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pytest

from wi3.diagnosis import (
    ActivityReading,
    InitiativeEvidence,
    Observation,
    OrganisationDiagnosis,
    Snapshot,
    diagnose_organisation,
    to_document,
)
from wi3.metrics import MetricValue
from wi3.model import Model, load_model
from wi3.notes import note
from wi3.reports import Format, Language, LifecycleRow, UsageFigures, _vega
from wi3.reports import render as render_snapshot
from wi3.service import HistoryRow
from wi3.service._diagnose import with_changes


def render(
    document: dict[str, Any],
    model: Model,
    fmt: Format,
    language: Language = "en",
    lifecycles: Mapping[str, Sequence[LifecycleRow]] | None = None,
    usage: UsageFigures | None = None,
) -> str:
    """Render a snapshot document as the service renders a stored one: read it, render it; the
    text of a text format."""
    snapshot = Snapshot.from_document(document)
    return render_snapshot(snapshot, model, fmt, language, lifecycles, usage).text


AS_OF = date(2026, 9, 30)
ASSESSED = note("owner_basis", date="2026-09-01")
ROUND_Q3 = note("survey_basis", round="Q3")

DIRECTORY: dict[str, dict[str, Any]] = {
    "team-wiki": {
        "name": "Team Wiki",
        "kind": "wiki",
        "platform": "MediaWiki",
        "unit": "ict",
        "start_date": "2024-01-01",
        "status": "active",
        "audience": 300,
    },
    "intranet-qa": {
        "name": "Intranet Q&A",
        "kind": "qa",
        "platform": "Stack Overflow for Teams",
        "unit": "operations",
        "start_date": "2023-05-01",
        "status": "active",
        "audience": 120,
    },
    "sales-yammer": {
        "name": "Sales Yammer",
        "kind": "esn",
        "platform": "Viva Engage",
        "unit": "sales",
        "start_date": "2021-02-01",
        "status": "active",
        "audience": 800,
    },
    "dev-chat": {
        "name": "Dev Chat",
        "kind": "chat",
        "platform": "Mattermost",
        "unit": "ict/dev",
        "start_date": "2025-11-01",
        "status": "active",
        "audience": 40,
    },
}
"""The initiatives' descriptions, as the service adds them to a snapshot document."""


def owner(
    model: Model, phase: str, dated: date | None = None, **categories: str | None
) -> list[Observation]:
    """An owner assessment answering `phase` for every category, except those named.

    A category named with None is left unanswered, so it has no evidence at all.
    """
    basis = ASSESSED if dated is None else note("owner_basis", date=dated.isoformat())
    return [
        Observation("owner", f"assess.{c.id}", categories.get(c.id, phase), basis, dated=dated)
        for c in model.categories
        if categories.get(c.id, phase) is not None
    ]


@pytest.fixture(scope="session")
def model() -> Model:
    return load_model()


def acme_diagnosis(model: Model) -> OrganisationDiagnosis:
    """Acme's diagnosis: two pioneering, one facilitating and one strategic initiative."""
    evidence = {
        # pioneering: community 1.67 (owner 2, top-10 share 85 % gives 1) misses the 1.75 gate
        "team-wiki": owner(model, "facilitating")
        + [
            Observation("survey", "survey.kq_value", 3.9, ROUND_Q3, n=20),
            Observation("usage", "top10_share", 0.85),
        ],
        # facilitating, with a conflict: the owner says strategic community, the data say 1
        "intranet-qa": owner(model, "facilitating", community="strategic")
        + [Observation("usage", "top10_share", 0.85)],
        "sales-yammer": owner(model, "strategic")
        + [
            Observation("survey", "survey.kq_value", 4.4, ROUND_Q3, n=64),
            Observation("survey", "survey.kq_impact", 4.1, ROUND_Q3, n=64),
            # a long answer text, which the evidence table must wrap rather than overflow
            Observation("owner", "fact.editorial_model", "knowledge_owners", ASSESSED),
        ],
        # pioneering, its only survey figure withheld, and nothing known about its platform
        "dev-chat": owner(model, "pioneering", platform=None)
        + [Observation("survey", "survey.kq_value", None, withheld=note("too_few_answers", n=5))],
    }
    perspectives = model.organisation.perspectives
    organisation_evidence = [
        Observation("owner", f"assess.{c.id}", "facilitating", "organisation assessment")
        for c in model.categories
        if c.perspective in perspectives
    ]
    return diagnose_organisation(
        model,
        "acme",
        AS_OF,
        [
            InitiativeEvidence(slug, tuple(obs), DIRECTORY[slug]["audience"])
            for slug, obs in evidence.items()
        ],
        organisation_evidence,
    )


@pytest.fixture(scope="session")
def diagnosis(model: Model) -> OrganisationDiagnosis:
    return acme_diagnosis(model)


@pytest.fixture
def document(diagnosis: OrganisationDiagnosis) -> dict[str, Any]:
    """The snapshot document as `wi3 diagnose` stores it, flagged as the example organisation."""
    document = to_document(diagnosis)
    document["organisation"] = {"slug": "acme", "name": "Acme BV"}
    document["initiatives"] = {slug: dict(about) for slug, about in DIRECTORY.items()}
    document["example"] = True
    return document


# --- Zuidkust: initiatives in every state of life --------------------------------------------

MARKUP_UNDETERMINED = '<i>Data</i> & "lijst" | *x*'
MARKUP_STOPPED = '<script>alert("forum")</script> Oud forum'

LIFE_DIRECTORY: dict[str, dict[str, Any]] = {
    "kennisbank": {"name": "Kennisbank", "kind": "wiki", "platform": "MediaWiki", "audience": 900},
    "klantvragen": {
        "name": "Klantvragen",
        "kind": "qa",
        "audience": 300,
        "audience_basis": "owner",
    },
    "verkoopchat": {
        "name": "Verkoopchat",
        "kind": "chat",
        "platform": "Slack",
        "audience": 150,
        "audience_basis": "platform",
    },
    "hr-nieuws": {"name": "HR-nieuws", "kind": "blog", "audience": 600},
    "datalijst": {"name": MARKUP_UNDETERMINED, "kind": "mailing_list", "audience": 50},
    "projectplein": {
        "name": "Projectplein",
        "kind": "esn",
        "status": "retired",
        "start_date": "2024-01-01",
        "end_date": "2026-05-31",
        "audience": 400,
    },
    "oud-forum": {"name": MARKUP_STOPPED, "kind": "forum", "audience": 200},
}

LIFE_ACTIVITY = {
    "kennisbank": ActivityReading(
        "growing", "rising", None, AS_OF, date(2026, 9, 29), {"ratio": "1.8", "growth_ratio": "1.5"}
    ),
    "klantvragen": ActivityReading("active", "steady", None, AS_OF, date(2026, 9, 28), {}),
    "verkoopchat": ActivityReading(
        "declining",
        "quiet",
        date(2026, 6, 12),
        AS_OF,
        date(2026, 6, 12),
        {"silence": 110, "limit": 90, "gap": 2.4, "rhythm_factor": "3"},
        ("archive_signals",),
    ),
    "hr-nieuws": ActivityReading(
        "dormant",
        "silent",
        date(2025, 8, 20),
        AS_OF,
        date(2025, 8, 20),
        {"silence": 406, "limit": 365, "gap": 5.0, "rhythm_factor": "3"},
        ("archive_signals",),
    ),
    "datalijst": ActivityReading("active", "steady", None, AS_OF, date(2026, 9, 30), {}),
    "projectplein": ActivityReading(
        "stopped", "owner_ended", date(2026, 5, 31), AS_OF, date(2026, 5, 20), {}
    ),
    "oud-forum": ActivityReading(
        "stopped",
        "platform_archived",
        date(2026, 1, 15),
        AS_OF,
        date(2026, 1, 10),
        {"containers": 3},
    ),
}


def usage(**values: float) -> list[Observation]:
    return [
        Observation("usage", ref, v, note("usage_basis", period="2026Q3"), dated=AS_OF)
        for ref, v in values.items()
    ]


def zuidkust_diagnosis(model: Model) -> OrganisationDiagnosis:
    """Zuidkust's diagnosis as of 30 September 2026: every activity state, two stopped."""
    evidence = {
        "kennisbank": owner(model, "strategic", AS_OF)
        + [
            Observation("survey", "survey.kq_value", 4.4, ROUND_Q3, n=64, dated=AS_OF),
            Observation("survey", "survey.kq_impact", 4.1, ROUND_Q3, n=64, dated=AS_OF),
        ],
        # a year-old assessment: it keeps half its weight
        "klantvragen": owner(model, "facilitating", date(2025, 9, 30)),
        # the owner said facilitating in March 2025; it is declining now
        "verkoopchat": owner(model, "facilitating", date(2025, 3, 1)),
        # a recent assessment, and a survey round of 30 months ago: stale
        "hr-nieuws": owner(model, "pioneering", date(2026, 6, 1))
        + [
            Observation(
                "survey",
                "survey.kq_value",
                3.0,
                note("survey_basis_answers", round="'2024 Q1'", n=12),
                n=12,
                dated=date(2024, 3, 31),
            )
        ],
        # usage alone: two categories about people, too few to carry a phase
        "datalijst": usage(
            top10_share=0.5,
            absence_factor=9,
            reply_coverage=0.7,
            retention=0.3,
            parallel_initiatives=1,
        ),
        "projectplein": owner(model, "facilitating", date(2026, 3, 1)),
        "oud-forum": owner(model, "pioneering", date(2025, 11, 1)),
    }
    return diagnose_organisation(
        model,
        "zuidkust",
        AS_OF,
        [
            InitiativeEvidence(
                slug, tuple(obs), LIFE_DIRECTORY[slug]["audience"], LIFE_ACTIVITY[slug]
            )
            for slug, obs in evidence.items()
        ],
    )


LIFECYCLES: dict[str, list[tuple[date, str, float, str | None]]] = {
    "kennisbank": [
        (date(2026, 6, 30), "strategic", 0.8, "active"),
        (AS_OF, "strategic", 0.85, "growing"),
    ],
    "klantvragen": [(AS_OF, "facilitating", 0.5, "active")],
    "verkoopchat": [
        (date(2025, 12, 31), "pioneering", 0.6, "growing"),
        (date(2026, 3, 31), "facilitating", 0.7, "active"),
        (date(2026, 6, 30), "facilitating", 0.7, "active"),
        (AS_OF, "facilitating", 0.5, "declining"),
    ],
    "hr-nieuws": [
        (date(2025, 9, 30), "pioneering", 0.5, "active"),
        (date(2025, 12, 31), "pioneering", 0.45, "dormant"),
        (date(2026, 3, 31), "pioneering", 0.5, "growing"),
        (date(2026, 6, 30), "pioneering", 0.5, "declining"),
        (AS_OF, "pioneering", 0.4, "dormant"),
    ],
    # started in the second quarter of 2026: the snapshots before it do not hold it
    "datalijst": [
        (date(2026, 6, 30), "pioneering", 0.3, None),
        (AS_OF, "undetermined", 0.2, "active"),
    ],
    "projectplein": [
        (date(2025, 12, 31), "facilitating", 0.7, "active"),
        (date(2026, 3, 31), "strategic", 0.75, "active"),
        (date(2026, 6, 30), "facilitating", 0.7, "stopped"),
        (AS_OF, "facilitating", 0.7, "stopped"),
    ],
    "oud-forum": [
        (date(2025, 12, 31), "pioneering", 0.6, "dormant"),
        (AS_OF, "pioneering", 0.6, "stopped"),
    ],
}


@pytest.fixture(scope="session")
def life_diagnosis(model: Model) -> OrganisationDiagnosis:
    return zuidkust_diagnosis(model)


@pytest.fixture
def life_document(life_diagnosis: OrganisationDiagnosis) -> dict[str, Any]:
    """Zuidkust's snapshot document, with notices about the dates of its usage evidence."""
    return zuidkust_document(life_diagnosis)


def zuidkust_document(life_diagnosis: OrganisationDiagnosis) -> dict[str, Any]:
    """Zuidkust's snapshot document, with notices about the dates of its usage evidence."""
    document = to_document(life_diagnosis)
    document["organisation"] = {"slug": "zuidkust", "name": "Zuidkust Zorg"}
    document["initiatives"] = {slug: dict(about) for slug, about in LIFE_DIRECTORY.items()}
    document["notices"] = [
        {
            "initiative": "verkoopchat",
            "kind": "after_evidence",
            "text": note(
                "after_evidence",
                initiative="verkoopchat",
                date="2026-08-31",
                basis=note("covered_by_export"),
            ).to_json(),
        },
        {
            "initiative": "hr-nieuws",
            "kind": "no_usage",
            "text": note("no_usage_in_quarter", initiative="hr-nieuws", period="2026Q3").to_json(),
        },
    ]
    return document


@pytest.fixture(scope="session")
def lifecycles() -> dict[str, list[HistoryRow]]:
    """Each initiative's rows in Zuidkust's snapshots, as `wi3.service.lifecycles` gives them."""
    return {slug: with_changes(rows) for slug, rows in LIFECYCLES.items()}


QUARTERS = ("2025Q4", "2026Q1", "2026Q2", "2026Q3")
TOO_FEW = note("too_few_people", n=5)
PROTECTS = note("protects_small_group", n=5)
NO_DATA = note("no_data")
USAGE: dict[str, dict[str, tuple[float | str, ...]]] = {
    "kennisbank": {
        "active_ratio": (0.12, 0.2, "too_few", 0.55),
        "top10_share": (0.8, 0.6, 0.5, 0.35),
        "median_first_reply_hours": (30.0, 10.0, "no_data", 1.5),
        "freshness": ("no_data", "no_data", "no_data", "no_data"),
    },
    "klantvragen": {"reply_coverage": ("too_few", "too_few", 0.62, 0.85)},
}
"""Quarterly usage of two Zuidkust initiatives: a figure, or why the engine gave none."""
BY_UNIT: dict[tuple[str, str], float | str] = {
    ("kennisbank", "zorg"): 0.25,
    ("kennisbank", "ict"): "protects",
    ("klantvragen", "zorg"): 0.4,
    ("klantvragen", "ict"): "no_data",
}
"""Replies to another unit in 2026Q3, per initiative and unit."""


def figure_value(
    initiative: str, period: str, unit: str | None, metric: str, found: float | str
) -> MetricValue:
    """A figure as the metric engine gives it: a value, or none and the note that says why."""
    if isinstance(found, float):
        return MetricValue(initiative, period, unit, metric, found, None, 12)
    reason = {"too_few": TOO_FEW, "protects": PROTECTS, "no_data": NO_DATA}[found]
    return MetricValue(initiative, period, unit, metric, None, reason)


@pytest.fixture(scope="session")
def usage_figures() -> UsageFigures:
    """Zuidkust's usage figures up to 2026Q3, with withheld quarters and cells."""
    values = [
        figure_value(slug, period, None, metric, found)
        for slug, metrics in USAGE.items()
        for metric, series in metrics.items()
        for period, found in zip(QUARTERS, series, strict=True)
    ]
    by_unit = [
        figure_value(slug, "2026Q3", unit, "cross_unit_share", found)
        for (slug, unit), found in BY_UNIT.items()
    ]
    return UsageFigures(values, by_unit, "2026Q3")


def body_text(tree: Any) -> str:
    """The text of a report page's body as a reader sees it: without its scripts."""
    body = copy.deepcopy(tree.find(".//body"))
    for script in body.findall(".//script"):
        script.getparent().remove(script)
    return " ".join(" ".join(body.itertext()).split())


def check_scripts(html: str, tree: Any) -> None:
    """Every script of a report page is a chart's specification, one of the vendored builds or
    the lines that draw the charts with them; none loads a file. Apart from the vendored
    builds (whose code names the SVG namespace and such), the page holds no web address."""
    vendored = _vega.scripts()
    figures = {f.get("id") for f in tree.iter("figure")}
    for script in tree.iter("script"):
        assert script.get("src") is None
        if script.get("type") == "application/json":
            assert script.get("id").removesuffix("-spec") in figures
            assert "$schema" not in json.loads(script.text)
        else:
            assert script.text.strip() in vendored or "vegaEmbed(element" in script.text
    rest = html
    for build in vendored:
        rest = rest.replace(build, "")
    assert "http:" not in rest and "https:" not in rest and "//" not in rest.replace("://", "")


def spec_rows(tree: Any, chart: str) -> list[dict[str, Any]]:
    """The data rows of a chart's Vega-Lite specification in an HTML report page."""
    (script,) = [s for s in tree.iter("script") if s.get("id") == f"{chart}-spec"]
    rows: list[dict[str, Any]] = json.loads(script.text)["datasets"]["values"]
    return rows
