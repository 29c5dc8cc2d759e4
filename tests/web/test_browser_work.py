"""Imports with progress and an owner assessment in a real browser: an administrator uploads
the organisation file and a real Slack export, watches the job page reach its summary (reloading
it on the way), and the initiative's owner answers the assessment on a phone: autosaved, saved,
come back to, recorded. Every page is screenshotted under test-artefacts/web/, passes axe-core's
WCAG 2.1 AA checks, and breaks nothing of the Content-Security-Policy (`Walk`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from wi3.cli import app

from .conftest import PASSWORD, serving
from .test_browser import Walk
from .test_browser import axe_source as axe_source  # the fixture, shared

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


def test_imports_with_progress_and_an_owner_assessment_in_a_browser(
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
    shots = walk.shots + walk_phone.shots
    assert len(shots) == 9 and all(s.stat().st_size > 5_000 for s in shots)
