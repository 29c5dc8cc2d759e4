"""The whole story of issue 12 in a real browser, on real data: an administrator made on the
command line signs in, uploads the organisation file and a real Slack export and watches the job
page reach its summary (reloading it on the way); the initiative's owner answers the assessment
on a phone (autosaved, saved, come back to, recorded); the administrator runs a survey round that
three respondents answer on their phones, closes it, diagnoses, reads the board and the
initiative page, and downloads the report. Every page is screenshotted under
test-artefacts/web/, passes axe-core's WCAG 2.1 AA checks, and breaks nothing of the
Content-Security-Policy (`Walk`)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from wi3.cli import app

from .conftest import PASSWORD, serving
from .test_browser import Walk
from .test_browser import axe_source as axe_source  # the fixture, shared
from .test_browser_survey import PHONE, answer

pytestmark = [pytest.mark.browser, pytest.mark.realdata]

ORGANISATION = """\
organisation: {slug: acme, name: Acme BV}
units:
  - {path: research, name: Research}
initiatives:
  - {slug: r-devel, name: R-devel chat, kind: chat, platform: Slack, unit: research}
"""


def sign_in(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/orgs**")


INVITEES = (
    "address;unit;level\nann@example.org;research;staff\nben@example.org;research;manager\n"
    "cleo@example.org;research;staff\n"
)


def test_the_whole_story_on_a_real_export_in_a_browser(
    browser: Any,
    axe_source: str,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    export = data_dir / "slack-r-devel-community" / "r-devel-slack-export.zip"
    workspace = tmp_path / "ws"
    organisation = tmp_path / "acme.yaml"
    organisation.write_text(ORGANISATION)
    monkeypatch.delenv("WI3_DATABASE_URL", raising=False)
    monkeypatch.setenv("WI3_PASSWORD", PASSWORD)
    runner = CliRunner()

    def wi3(*args: str) -> None:
        done = runner.invoke(app, ["-w", str(workspace), *args])
        assert done.exit_code == 0, done.output

    wi3("init")
    wi3("user", "add", "lead@example.org", "--role", "administrator")
    with serving(workspace) as server:
        base = server.url
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        walk = Walk(context.new_page(), base, axe_source, "work")
        page = walk.page
        try:
            sign_in(page, base, "lead@example.org")
            page.set_input_files("#org-file", str(organisation))
            page.get_by_role("button", name="Import", exact=True).click()
            page.wait_for_url(f"{base}/orgs/acme/imports/*")
            page.wait_for_selector("#job-summary", timeout=60_000)
            assert "organisation acme: initiatives 1 added" in page.inner_text("#job-summary")
            walk.check("organisation-imported")

            page.get_by_role("link", name="Imports", exact=True).click()
            walk.check("imports")
            page.get_by_role("link", name="R-devel chat").click()
            assert page.locator("#export-source").input_value() == "slack"
            walk.check("initiative-imports")
            page.set_input_files("#export-file", str(export))
            page.get_by_role("button", name="Start the import").click()
            page.wait_for_url(f"{base}/orgs/acme/imports/*")
            first = page.locator("#job-progress").get_attribute("data-state")
            assert first in ("queued", "running"), first  # 12,564 messages take seconds
            walk.check("import-running")
            page.reload()  # the job lives in the store, not in the page
            page.wait_for_selector("#job-summary", timeout=300_000)
            summary = page.inner_text("#job-summary")
            assert "12,564 of 12,564 messages read" in summary
            assert page.locator("#job-counts [data-count=events_added] dd").inner_text() != "0"
            walk.check("import-done")
            page.get_by_role("link", name="Back to the imports").click()
            assert page.locator("table.job-list tbody tr[data-state=done]").count() == 1
        finally:
            context.close()

        wi3("user", "add", "owner@example.org", "--role", "owner", "--org", "acme",
            "--initiative", "r-devel")  # fmt: skip
        phone = browser.new_context(
            viewport={"width": 375, "height": 740}, is_mobile=True, locale="en-GB"
        )
        walk_phone = Walk(phone.new_page(), base, axe_source, "work-phone")
        page = walk_phone.page
        try:
            sign_in(page, base, "owner@example.org")
            page.goto(f"{base}/orgs/acme/assessments")
            walk_phone.check("assessments")
            page.get_by_role("link", name="R-devel chat").click()
            page.wait_for_selector("#assessment-title")
            assert page.locator("fieldset.question").count() == 24
            walk_phone.check("assessment-form")
            assert page.evaluate("document.documentElement.scrollWidth") <= 375

            page.get_by_label("Your role").fill("community manager")
            page.check("#q-assess-focus-facilitating")  # autosaved by htmx
            # a selector, not a function: the page's CSP forbids evaluating strings
            page.wait_for_selector("#draft-status[data-answered='1']")
            assert "1 of 24" in page.inner_text("#draft-status")
            page.check("#q-assess-community-dont-know")
            page.check("#q-fact-community_manager-yes")
            page.get_by_role("button", name="Save draft").click()
            page.wait_for_selector("#draft-status[data-answered='3']")
            assert "3 of 24" in page.inner_text("#draft-status")
            walk_phone.check("assessment-saved")

            page.goto(f"{base}/orgs/acme/imports")  # away, and back
            page.goto(f"{base}/orgs/acme/assessments/r-devel")
            assert page.get_by_label("Your role").input_value() == "community manager"
            assert page.is_checked("#q-assess-focus-facilitating")
            assert page.is_checked("#q-assess-community-dont-know")
            page.check("#q-assess-culture-pioneering")
            page.get_by_role("button", name="Record the assessment").click()
            page.wait_for_selector("#done")
            assert "by the community manager: 3 answers, 1 don't know" in page.inner_text("#done")
            walk_phone.check("assessment-recorded")
            page.click("#subject-link")
            page.wait_for_selector("#initiative-title")
            assert page.inner_text("#initiative-title") == "R-devel chat"
        finally:
            phone.close()

        invitees = tmp_path / "invitees.csv"
        invitees.write_text(INVITEES)
        desk = browser.new_context(
            viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="en-GB"
        )
        walk_lead = Walk(desk.new_page(), base, axe_source, "story-real")
        page = walk_lead.page
        try:
            sign_in(page, base, "lead@example.org")
            page.goto(f"{base}/orgs/acme/initiatives/r-devel/rounds")
            page.get_by_label("Name of the round").fill("Pulse")
            page.get_by_role("button", name="Create a round").click()
            page.wait_for_selector('tr[data-round="Pulse"]')
            page.get_by_label("Invitees of Pulse (CSV)").set_input_files(str(invitees))
            with page.expect_download() as download:
                page.get_by_role("button", name="Invite and download the links").click()
            saved = tmp_path / "links.csv"
            download.value.save_as(saved)
            with saved.open(encoding="utf-8") as fh:
                links = [row["link"] for row in csv.DictReader(fh)]
            assert len(links) == 3
            walk_lead.check("round-invited")

            respondents = browser.new_context(**PHONE, locale="en-GB")
            try:
                respondent = Walk(respondents.new_page(), base, axe_source, "story-respondent")
                for n, link in enumerate(links):
                    respondent.page.goto(link)
                    answer(respondent, 14, n + 1)
                    respondent.page.get_by_role("button", name="Submit my answers").tap()
                    respondent.page.wait_for_selector("#thanks")
                    respondent.check(f"thanks-{n + 1}")
            finally:
                respondents.close()

            page.goto(f"{base}/orgs/acme/initiatives/r-devel/rounds")
            page.get_by_role("button", name="Close Pulse now").click()
            page.wait_for_selector("#done")
            done = page.inner_text("#done")
            # three invitees: how many answered is withheld, as the service withholds it
            assert "how many responded is withheld" in done and "3 responses" not in done
            cells = page.locator('tr[data-round="Pulse"] td')
            assert (cells.nth(5).inner_text(), cells.nth(6).inner_text()) == ("—", "—")
            walk_lead.check("round-closed")

            page.goto(f"{base}/orgs/acme/snapshots")
            assert page.get_by_label("As of").input_value() == date.today().isoformat()
            page.get_by_role("button", name="Diagnose").click()
            page.wait_for_selector("#done", timeout=120_000)
            walk_lead.check("diagnosed")
            page.get_by_role("link", name="Growth board").click()
            card = page.locator(
                '#board .card[data-initiative="r-devel"], #stopped [data-initiative="r-devel"]'
            )
            assert card.count() == 1
            walk_lead.check("board")
            page.goto(f"{base}/orgs/acme/initiatives/r-devel")
            readings = page.inner_text("table.readings")
            assert "owner" in readings.lower()  # the assessment answered on the phone counts
            walk_lead.check("initiative")
            page.goto(f"{base}/orgs/acme")
            with page.expect_download() as download:
                page.click("#download-html")
            report = tmp_path / "report.html"
            download.value.save_as(report)
            text = report.read_text(encoding="utf-8")
            assert "R-devel chat" in text and text.startswith("<!DOCTYPE html>")
        finally:
            desk.close()
    shots = walk.shots + walk_phone.shots + walk_lead.shots + respondent.shots
    assert len(shots) == 9 + 5 + 3 and all(s.stat().st_size > 5_000 for s in shots)
