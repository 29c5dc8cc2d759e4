"""The whole story in a real browser, as a team would live it: an administrator made on the
command line signs in, simulates an organisation, diagnoses it, reads the growth board and an
initiative page, and downloads the report. Every page is screenshotted (kept under
test-artefacts/web/) and passes axe-core's WCAG 2.1 AA checks; nothing breaks the
Content-Security-Policy.

axe-core comes from the npm registry, installed once into a cache folder
($XDG_CACHE_HOME/wi3-tests, else ~/.cache/wi3-tests) by `npm install`; it is used in tests only.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from wi3.cli import app

from .conftest import PASSWORD, serving

pytestmark = pytest.mark.browser

AXE_VERSION = "4.14.1"
ARTEFACTS = Path(__file__).parents[2] / "test-artefacts" / "web"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, installed from the npm registry into the test cache once."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "wi3-tests"
    script = cache / f"axe-core-{AXE_VERSION}" / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm not installed: apt-get install npm (make test does this)")
        done = subprocess.run(
            [
                npm,
                "install",
                "--prefix",
                str(script.parents[2]),
                "--no-save",
                "--no-audit",
                "--no-fund",
                f"axe-core@{AXE_VERSION}",
            ],  # fmt: skip
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        if done.returncode != 0 or not script.exists():
            pytest.skip(f"axe-core could not be installed from the npm registry: {done.stderr}")
    return script.read_text(encoding="utf-8")


class Walk:
    """A page in the browser that checks each page it reaches: no console error (a blocked
    script or style would be one), no request to another site, and no WCAG 2.1 AA violation."""

    def __init__(self, page: Any, base: str, axe: str, name: str) -> None:
        self.page = page
        self.base = base
        self.axe = axe
        self.name = name
        self.problems: list[str] = []
        self.shots: list[Path] = []
        for old in ARTEFACTS.glob(f"{name}-*.png"):  # an earlier run's, perhaps of other pages
            old.unlink()
        page.on("console", lambda m: self.problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: self.problems.append(str(error)))
        page.route("**/*", self._only_our_site)

    def _only_our_site(self, route: Any) -> None:
        if route.request.url.startswith(self.base):
            route.continue_()
        else:
            self.problems.append(f"request to another site: {route.request.url}")
            route.abort()

    def check(self, label: str) -> dict[str, Any]:
        """Screenshot the page as `label`, run axe on it, and return axe's results."""
        self.page.wait_for_load_state("load")
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTEFACTS / f"{self.name}-{len(self.shots) + 1:02d}-{label}.png"
        self.page.screenshot(path=str(shot), full_page=True)
        self.shots.append(shot)
        # evaluated through the DevTools protocol, which the page's CSP does not govern
        self.page.evaluate(self.axe)
        results: dict[str, Any] = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
        )
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(n["target"][0] for n in v["nodes"][:5])
            for v in results["violations"]
        ]
        assert violations == [], f"{label}: WCAG 2.1 AA violations:\n" + "\n".join(violations)
        assert self.problems == [], f"{label}: {self.problems}"
        return results


def test_the_whole_story_in_a_browser(
    browser: Any, axe_source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = tmp_path / "ws"
    monkeypatch.delenv("WI3_DATABASE_URL", raising=False)
    monkeypatch.setenv("WI3_PASSWORD", PASSWORD)
    runner = CliRunner()
    assert runner.invoke(app, ["-w", str(workspace), "init"]).exit_code == 0
    made = runner.invoke(
        app, ["-w", str(workspace), "user", "add", "lead@example.org", "--role", "administrator"]
    )
    assert made.exit_code == 0, made.output
    with serving(workspace) as server:
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="en-GB"
        )
        walk = Walk(context.new_page(), server.url, axe_source, "story")
        page = walk.page
        try:
            page.goto(f"{server.url}/")
            assert page.url.startswith(f"{server.url}/login")
            walk.check("sign-in")
            page.get_by_label("E-mail address").fill("lead@example.org")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(f"{server.url}/orgs")
            walk.check("organisations-empty")

            page.get_by_label("Short name (slug)").fill("northwind")
            page.get_by_label("People").fill("300")
            page.get_by_label("Initiatives").fill("6")
            page.get_by_role("button", name="Simulate an organisation").click()
            page.wait_for_selector("#done", timeout=120_000)
            assert "new events for 6 initiatives" in page.inner_text("#done")
            walk.check("organisations-simulated")

            page.get_by_role("link", name="Simulated organisation (northwind)").click()
            assert page.locator("#no-snapshot").is_visible()
            walk.check("board-before-diagnosis")
            page.get_by_role("link", name="Snapshots").first.click()
            assert page.get_by_label("As of").input_value() == date.today().isoformat()
            page.get_by_role("button", name="Diagnose").click()
            page.wait_for_selector("#done", timeout=120_000)
            assert page.locator("table.snapshot-list tbody tr").count() == 1
            earlier = (date.today() - timedelta(days=91)).isoformat()
            page.get_by_label("As of").fill(earlier)
            page.get_by_role("button", name="Diagnose").click()
            page.wait_for_selector(f'tr[data-as-of="{earlier}"]', timeout=120_000)
            assert page.locator("table.snapshot-list tbody tr").count() == 2
            walk.check("snapshots")
            page.get_by_role("button", name="Compare").click()
            page.wait_for_selector("#comparison")
            assert page.locator("#comparison").get_attribute("data-before") == earlier
            walk.check("compare")

            page.get_by_role("link", name="Growth board").click()
            columns = page.locator("#board section.column")
            assert columns.count() >= 3
            cards = page.locator("#board .card")
            assert cards.count() + page.locator("#stopped tbody tr").count() == 6
            walk.check("board")

            # filter by kind through htmx: the board changes in place, the address follows
            kind = page.locator("#filter-kind option").nth(1).get_attribute("value")
            assert kind
            page.select_option("#filter-kind", kind)
            page.wait_for_url(f"**kind={kind}**")
            shown = page.locator("#board .card").count()
            assert 0 < shown < cards.count() or shown == cards.count()
            walk.check("board-filtered")
            page.select_option("#filter-kind", "")
            page.wait_for_url("**kind=&**")

            first = page.locator("#board .card h4 a").first
            name = first.inner_text()
            first.click()
            page.wait_for_selector("#initiative-title")
            assert page.inner_text("#initiative-title") == name
            assert page.locator("table.heatmap td.cell").count() >= 12
            assert page.locator("table.gate").count() >= 1
            assert page.locator("table.readings tbody tr").count() > 5
            assert page.locator("table.metric-trends").count() == 1
            page.wait_for_selector("figure.chart .vega-chart svg")  # its lifecycle, drawn
            # and its usage over the model's thresholds, as the report draws it
            page.wait_for_selector("figure[id$='-usage-chart'] .vega-chart svg")
            walk.check("initiative")

            page.get_by_role("link", name="Profile over time").click()
            assert page.locator("table.profile-over-time tbody tr").count() == 2
            # the report's own chart, drawn by the vendored vega under the pages' policy
            page.wait_for_selector(
                "#profile-chart .vega-chart svg .mark-rect, .vega-chart svg g.mark-rect"
            )
            assert "Live initiatives per phase" in page.inner_text("figure.chart figcaption")
            walk.check("profile")
            page.get_by_role("link", name="People and units").click()
            assert page.locator("table.units-table tbody tr").count() >= 4
            walk.check("units")
            page.get_by_role("link", name="The growth model").click()
            assert page.locator("#tips li.step").count() == 8
            walk.check("model")
            page.get_by_role("link", name="API tokens").click()
            walk.check("tokens")
            page.get_by_role("link", name="Your account").click()
            walk.check("account")

            page.get_by_role("link", name="Organisations").click()
            page.get_by_role("link", name="Simulated organisation (northwind)").click()
            page.get_by_role("link", name="Action plan").click()
            step = page.locator("#step option").first.inner_text()
            page.get_by_label("Owner").fill("community manager")
            page.get_by_label("Due").fill((date.today() + timedelta(days=90)).isoformat())
            page.get_by_role("button", name="Accept a next step").click()
            page.wait_for_selector("#done")
            assert page.locator("table.plan-table tbody tr").count() == 1
            assert step.split(" — ")[1].split(" ")[0] in page.inner_text("table.plan-table")
            walk.check("plan")
            page.get_by_role("link", name="Users and roles").click()
            page.get_by_label("E-mail address").fill("viewer@example.org")
            page.get_by_role("button", name="Give a role").click()
            page.wait_for_selector("#new-password")
            assert len(page.inner_text("#new-password")) >= 12
            walk.check("users")

            page.get_by_role("link", name="Organisations").click()
            page.get_by_role("link", name="Simulated organisation (northwind)").click()
            for fmt, opener in (("html", "<!DOCTYPE html>"), ("md", "# "), ("json", "{")):
                with page.expect_download() as download:
                    page.click(f"#download-{fmt}")
                saved = tmp_path / f"report.{fmt}"
                download.value.save_as(saved)
                text = saved.read_text(encoding="utf-8")
                assert text.startswith(opener), fmt
                if fmt == "json":
                    assert json.loads(text)["organisation"]["slug"] == "northwind"
            shutil.copy(tmp_path / "report.html", ARTEFACTS / "story-report.html")

            page.get_by_role("link", name="Nederlands").click()
            assert page.locator("html").get_attribute("lang") == "nl"
            assert page.get_by_role("heading", name="Groeibord", level=1).is_visible()
            walk.check("board-nl")
        finally:
            context.close()
    assert len(walk.shots) == 17 and all(s.stat().st_size > 10_000 for s in walk.shots)


def test_the_pages_fit_a_phone(browser: Any, axe_source: str, tmp_path: Path) -> None:
    """The sign-in page and the model on a phone-sized screen: nothing wider than the screen."""
    from wi3.service import init_workspace

    init_workspace(tmp_path / "ws").close()
    with serving(tmp_path / "ws") as server:
        context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
        walk = Walk(context.new_page(), server.url, axe_source, "phone")
        try:
            walk.page.goto(f"{server.url}/login")
            walk.check("sign-in")
            assert walk.page.evaluate("document.documentElement.scrollWidth") <= 375
        finally:
            context.close()
