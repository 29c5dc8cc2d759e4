"""Fixtures for the report tests: a diagnosis built from evidence in code, and a real browser.

The organisation has one initiative in each phase and a few more, so every section of the report
has something to show: a conflict (Intranet Q&A), a withheld survey figure (Dev Chat), a
signalled inhibitor and next steps (Team Wiki), and an organisation-level assessment.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from wi3.diagnosis import (
    InitiativeEvidence,
    Observation,
    OrganisationDiagnosis,
    diagnose_organisation,
    to_document,
)
from wi3.model import Model, load_model

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
AS_OF = date(2026, 9, 30)
ASSESSED = "owner assessment of 2026-09-01"

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


def owner(model: Model, phase: str, **categories: str | None) -> list[Observation]:
    """An owner assessment answering `phase` for every category, except those named.

    A category named with None is left unanswered, so it has no evidence at all.
    """
    return [
        Observation("owner", f"assess.{c.id}", categories.get(c.id, phase), ASSESSED)
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
            Observation("survey", "survey.kq_value", 3.9, "survey round Q3", n=20),
            Observation("usage", "top10_share", 0.85),
        ],
        # facilitating, with a conflict: the owner says strategic community, the data say 1
        "intranet-qa": owner(model, "facilitating", community="strategic")
        + [Observation("usage", "top10_share", 0.85)],
        "sales-yammer": owner(model, "strategic")
        + [
            Observation("survey", "survey.kq_value", 4.4, "survey round Q3", n=64),
            Observation("survey", "survey.kq_impact", 4.1, "survey round Q3", n=64),
            # a long answer text, which the evidence table must wrap rather than overflow
            Observation("owner", "fact.editorial_model", "knowledge_owners", ASSESSED),
        ],
        # pioneering, its only survey figure withheld, and nothing known about its platform
        "dev-chat": owner(model, "pioneering", platform=None)
        + [
            Observation(
                "survey", "survey.kq_value", None, withheld="fewer than 5 answers; not shown"
            )
        ],
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


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright; never Playwright's own browser download."""
    if not CHROMIUM.exists():
        pytest.skip("chromium not installed: apt-get install chromium (make test does this)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
