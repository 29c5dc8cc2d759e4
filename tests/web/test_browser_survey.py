"""A survey round in a real browser: an analyst creates a round, invites three people with a CSV
file and downloads their links; three respondents answer on a phone-sized screen (one saves
part of the survey first and completes it later); the analyst closes the round. Every page is
screenshotted (kept under test-artefacts/web/), passes axe-core's WCAG 2.1 AA checks and breaks
nothing of the Content-Security-Policy; the server's access log holds no survey link.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from wi3.cli import app

from .conftest import ACME, PASSWORD, serving
from .test_browser import Walk, axe_source

__all__ = ["axe_source"]  # the fixture, imported for this module's test

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True}
INVITEES = "address;unit;level\nann@example.org;ict;staff\nben@example.org;ict;manager\n" + (
    "cleo@example.org;hr;staff\n"
)


def answer(walk: Walk, statements: int, option: int) -> None:
    """Tap the answer option `option` (0: the scale's lowest, -1: "not applicable") of the
    first `statements` statements."""
    fieldsets = walk.page.locator("fieldset.statement")
    for n in range(statements):
        options = fieldsets.nth(n).locator("label.option")
        options.nth(option if option >= 0 else options.count() + option).tap()


def refused(walk: Walk, status: int) -> None:
    """Expect the page just loaded to be a refusal with `status`: the browser reports it on
    its console, which is no problem of the page."""
    expected = f"the server responded with a status of {status}"
    assert any(expected in p for p in walk.problems), walk.problems
    walk.problems[:] = [p for p in walk.problems if expected not in p]


def test_a_survey_round_in_the_browser_on_a_phone(
    browser: Any, axe_source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = tmp_path / "ws"
    monkeypatch.delenv("WI3_DATABASE_URL", raising=False)
    monkeypatch.setenv("WI3_PASSWORD", PASSWORD)
    organisation = tmp_path / "acme.yaml"
    organisation.write_text(ACME)
    runner = CliRunner()
    for args in (
        ["init"],
        ["org", "import", str(organisation)],
        ["user", "add", "analyst@example.org", "--role", "analyst", "--org", "acme"],
    ):
        done = runner.invoke(app, ["-w", str(workspace), *args])
        assert done.exit_code == 0, done.output
    invitees = tmp_path / "invitees.csv"
    invitees.write_text(INVITEES)
    with serving(workspace) as server:
        desk = browser.new_context(
            viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="en-GB"
        )
        walk = Walk(desk.new_page(), server.url, axe_source, "survey-analyst")
        page = walk.page
        try:
            page.goto(f"{server.url}/login")
            page.get_by_label("E-mail address").fill("analyst@example.org")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(f"{server.url}/orgs/acme")
            page.get_by_role("link", name="Survey rounds").click()
            page.wait_for_url("**/orgs/acme/rounds")
            walk.check("overview")
            page.get_by_role("link", name="Survey rounds of Team wiki").click()
            walk.check("rounds-empty")

            page.get_by_label("Name of the round").fill("2026 Q3")
            page.get_by_label("Language it asks in").select_option("en")
            page.get_by_label("Also make an open link").check()
            page.get_by_role("button", name="Create a round").click()
            page.wait_for_selector("#open-link")
            open_link = page.inner_text("#open-link")
            assert open_link.startswith(f"{server.url}/survey/")
            walk.check("round-created")

            page.get_by_label("Invitees of 2026 Q3 (CSV)").set_input_files(str(invitees))
            with page.expect_download() as download:
                page.get_by_role("button", name="Invite and download the links").click()
            saved = tmp_path / "links.csv"
            download.value.save_as(saved)
            with saved.open(encoding="utf-8") as fh:
                rows = list(csv.DictReader(fh))
            assert [r["address"] for r in rows] == [
                "ann@example.org",
                "ben@example.org",
                "cleo@example.org",
            ]
            links = [r["link"] for r in rows]
            assert all(link.startswith(f"{server.url}/survey/") for link in links)

            # three respondents on a phone: the first saves part, comes back, completes
            phone = browser.new_context(**PHONE, locale="en-GB")
            try:
                respondent = Walk(phone.new_page(), server.url, axe_source, "survey-phone")
                form = respondent.page
                form.goto(links[0])
                assert form.locator("fieldset.statement").count() == 14
                assert "Your answers are anonymous" in form.inner_text("main")
                assert form.evaluate("document.documentElement.scrollWidth") <= 375
                box = form.locator("label.option").first.bounding_box()
                assert box is not None and box["height"] >= 44  # a finger's size
                form.set_viewport_size({"width": 320, "height": 568})
                assert form.evaluate("document.documentElement.scrollWidth") <= 320
                form.set_viewport_size(PHONE["viewport"])
                respondent.check("form")
                answer(respondent, 3, 3)
                form.get_by_role("button", name="Save and continue later").tap()
                form.wait_for_selector("#saved")
                assert "(3 of 14)" in form.inner_text("#saved")
                respondent.check("saved")
                form.goto("about:blank")
                form.goto(links[0])  # later: the saved answers are there
                assert form.locator("input[type=radio]:checked").count() == 3
                answer(respondent, 14, -1)
                form.get_by_role("button", name="Submit my answers").tap()
                form.wait_for_selector("#thanks")
                assert "14 statements" in form.inner_text("#thanks")
                respondent.check("thanks")
                form.goto(links[0])
                assert "submitted already" in form.inner_text("#refusal")
                refused(respondent, 410)
                respondent.check("spent")
                for n, link in enumerate(links[1:], start=2):
                    form.goto(link)
                    answer(respondent, 14, 4 if n == 2 else 1)
                    form.get_by_role("button", name="Submit my answers").tap()
                    form.wait_for_selector("#thanks")
                form.goto(open_link)  # the open link: a single-use link of the visitor's own
                form.wait_for_selector("fieldset.statement")
                assert form.url.startswith(f"{server.url}/survey/") and form.url != open_link
                form.goto(f"{server.url}/survey/no-such-link")
                assert "this survey link is not known" in form.inner_text("#refusal")
                refused(respondent, 404)
                respondent.check("unknown-link")
            finally:
                phone.close()

            page.goto(f"{server.url}/orgs/acme/initiatives/team-wiki/rounds")
            cells = page.locator('tr[data-round="2026 Q3"] td')
            state, invited, joined, responded = (cells.nth(n).inner_text() for n in (2, 3, 4, 5))
            # four links in all: who responded is withheld under five
            assert (state, invited, joined, responded) == ("open", "3", "1", "—")
            walk.check("rounds-open")
            page.get_by_role("button", name="Close 2026 Q3 now").click()
            page.wait_for_selector("#done")
            done = page.inner_text("#done")
            # four links in all: how many answered stays withheld once the round is closed
            assert "closed on" in done and "how many responded is withheld" in done
            cells = page.locator('tr[data-round="2026 Q3"] td')
            assert (cells.nth(5).inner_text(), cells.nth(6).inner_text()) == ("—", "—")
            walk.check("rounds-closed")
        finally:
            desk.close()
        log = (workspace.parent / f"serve-{server.url.rsplit(':', 1)[1]}.log").read_text()
    assert '"GET /survey/… HTTP/1.1" 200' in log
    for link in [*links, open_link]:
        assert link.rsplit("/", 1)[1] not in log
    assert len(walk.shots) == 5 and len(respondent.shots) == 5
