"""The report downloads of the snapshots page: every format the command line writes, as the
same bytes, compared with the snapshot asked for."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from wi3.service import diagnose, report_content

from .conftest import AS_OF, Site

Browser = Callable[[str], TestClient]
EARLIER = date(2025, 12, 31)


@pytest.fixture(scope="module")
def two_snapshots(site: Site) -> Site:
    diagnose(site.workspace, "acme", EARLIER)
    return site


def test_the_snapshots_page_offers_every_format(two_snapshots: Site, browser_as: Browser) -> None:
    page = browser_as("viewer@acme.example").get("/orgs/acme/snapshots").text
    for fmt in ("html", "pdf", "md", "xlsx", "json"):
        assert f"/orgs/acme/report.{fmt}?as_of={AS_OF.isoformat()}" in page, fmt


def test_the_spreadsheet_download_is_the_reports_workbook(
    two_snapshots: Site, browser_as: Browser
) -> None:
    client = browser_as("viewer@acme.example")
    answer = client.get(f"/orgs/acme/report.xlsx?as_of={AS_OF.isoformat()}&language=nl")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert answer.headers["content-disposition"] == (
        f'attachment; filename="acme-{AS_OF.isoformat()}-nl.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(answer.content), read_only=True)
    expected = load_workbook(
        io.BytesIO(report_content(two_snapshots.workspace, "acme", "xlsx", AS_OF, "nl")),
        read_only=True,
    )
    assert workbook.sheetnames == expected.sheetnames and len(workbook.sheetnames) >= 5


def test_a_download_compares_with_the_snapshot_asked_for(
    two_snapshots: Site, browser_as: Browser
) -> None:
    client = browser_as("viewer@acme.example")
    answer = client.get(
        f"/orgs/acme/report.html?as_of={AS_OF.isoformat()}&compare={EARLIER.isoformat()}"
    )
    assert answer.status_code == 200
    assert f'data-before="{EARLIER.isoformat()}"' in answer.text
    later = client.get(f"/orgs/acme/report.md?as_of={EARLIER.isoformat()}&compare=2026-03-31")
    assert later.status_code == 400
    assert "a report compares with an earlier snapshot" in later.text
    missing = client.get(f"/orgs/acme/report.md?as_of={AS_OF.isoformat()}&compare=2025-06-30")
    assert missing.status_code == 404


@pytest.mark.pdf
def test_the_pdf_download_is_a_pdf_of_the_snapshot(
    two_snapshots: Site, browser_as: Browser
) -> None:
    answer = browser_as("viewer@acme.example").get(
        f"/orgs/acme/report.pdf?as_of={AS_OF.isoformat()}"
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF-") and len(answer.content) > 10_000


def test_the_compare_page_shows_what_changed_between_two_snapshots(
    two_snapshots: Site, browser_as: Browser
) -> None:
    client = browser_as("viewer@acme.example")
    snapshots_page = client.get("/orgs/acme/snapshots").text
    assert 'id="compare-form"' in snapshots_page
    page = client.get(f"/orgs/acme/compare?as_of={AS_OF.isoformat()}&before={EARLIER.isoformat()}")
    assert page.status_code == 200
    assert f'data-before="{EARLIER.isoformat()}"' in page.text
    assert f"compare={EARLIER.isoformat()}" in page.text  # the downloads compare the same
    assert 'href="#' not in page.text.split('id="comparison"')[1]  # no link into a report
    newest = client.get("/orgs/acme/compare")
    assert newest.status_code == 200 and f'data-before="{EARLIER.isoformat()}"' in newest.text
    oldest = client.get(f"/orgs/acme/compare?as_of={EARLIER.isoformat()}")
    assert oldest.status_code == 200 and 'id="nothing-to-compare"' in oldest.text
    backwards = client.get(
        f"/orgs/acme/compare?as_of={EARLIER.isoformat()}&before={AS_OF.isoformat()}"
    )
    assert backwards.status_code == 400
