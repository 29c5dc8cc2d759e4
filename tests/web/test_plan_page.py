"""The action plan page: everyone with a role reads it; analysts accept a next step of the
newest snapshot with an owner role and a due date, and mark an action done; what the service
refuses is shown with its reason."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from fastapi.testclient import TestClient

from wi3.service import action_plan

from .conftest import Site, csrf_of

Browser = Callable[[str], TestClient]


def _steps(html: str) -> list[str]:
    return re.findall(r'<option value="([a-z0-9-]+\|T\d)">', html)


def test_an_analyst_accepts_a_step_and_marks_it_done(site: Site, browser_as: Browser) -> None:
    client = browser_as("analyst@acme.example")
    page = client.get("/orgs/acme/plan")
    assert page.status_code == 200 and 'id="no-plan"' in page.text
    steps = _steps(page.text)
    assert steps, "the newest snapshot names next steps"
    due = (date.today() + timedelta(days=90)).isoformat()
    accepted = client.post(
        "/orgs/acme/plan",
        data={
            "step": steps[0],
            "owner": "community manager",
            "due": due,
            "csrf_token": csrf_of(page.text),
        },
    )
    assert accepted.status_code == 200
    initiative, tip = steps[0].split("|")
    assert f"({tip}) is in the plan" in accepted.text
    assert steps[0] not in _steps(accepted.text)  # no longer offered
    [action] = action_plan(site.workspace, "acme")
    assert (action.initiative, action.tip, action.owner, action.due.isoformat()) == (
        initiative,
        tip,
        "community manager",
        due,
    )
    assert f'data-action="{action.id}"' in accepted.text
    finished = client.post(
        f"/orgs/acme/plan/{action.id}/done", data={"csrf_token": csrf_of(accepted.text)}
    )
    assert finished.status_code == 200 and f"Action {action.id} is done" in finished.text
    assert action_plan(site.workspace, "acme")[0].done_on == date.today()
    viewer = browser_as("viewer@acme.example").get("/orgs/acme/plan")
    assert viewer.status_code == 200 and f'data-action="{action.id}"' in viewer.text
    assert 'id="accept-form"' not in viewer.text


def test_the_plan_page_refuses_a_name_as_owner_and_a_viewer(
    site: Site, browser_as: Browser
) -> None:
    client = browser_as("analyst@acme.example")
    page = client.get("/orgs/acme/plan")
    steps = _steps(page.text)
    before = action_plan(site.workspace, "acme")
    named = client.post(
        "/orgs/acme/plan",
        data={
            "step": steps[-1],
            "owner": "jan.jansen@acme.example",
            "due": (date.today() + timedelta(days=30)).isoformat(),
            "csrf_token": csrf_of(page.text),
        },
    )
    assert named.status_code == 400 and 'id="plan-problem"' in named.text
    assert "e-mail" in named.text
    unknown = client.post(
        "/orgs/acme/plan",
        data={
            "step": "no-such|T1",
            "owner": "lead",
            "due": "2030-01-01",
            "csrf_token": csrf_of(page.text),
        },
    )
    assert unknown.status_code == 404
    viewer = browser_as("viewer@acme.example")
    refused = viewer.post(
        "/orgs/acme/plan",
        data={
            "step": steps[-1],
            "owner": "lead",
            "due": "2030-01-01",
            "csrf_token": csrf_of(viewer.get("/orgs/acme/plan").text),
        },
    )
    assert refused.status_code == 403
    assert action_plan(site.workspace, "acme") == before
    assert (
        client.post(
            "/orgs/acme/plan/999999/done", data={"csrf_token": csrf_of(page.text)}
        ).status_code
        == 404
    )


def test_an_action_of_another_organisation_is_not_found(site: Site, browser_as: Browser) -> None:
    from wi3.service import add_action, report_view

    globex = report_view(site.workspace, "globex", None, "en").initiatives[0]
    theirs = add_action(
        site.workspace, "globex", globex.slug, globex.steps[0].tip, "lead", date(2030, 1, 1)
    )
    client = browser_as("analyst@acme.example")
    token = csrf_of(client.get("/orgs/acme/plan").text)
    answer = client.post(f"/orgs/acme/plan/{theirs.id}/done", data={"csrf_token": token})
    assert answer.status_code == 404
    assert action_plan(site.workspace, "globex")[0].done_on is None
    assert "Sales forum" not in client.get("/orgs/acme/plan").text


def test_the_api_reads_and_changes_the_plan_as_the_service_does(site: Site) -> None:
    analyst = {"Authorization": f"Bearer {site.tokens['analyst@acme.example']}"}
    viewer = {"Authorization": f"Bearer {site.tokens['viewer@acme.example']}"}
    with TestClient(site.app) as api:
        listed = api.get("/api/v1/organisations/acme/plan", headers=viewer)
        assert listed.status_code == 200
        assert [a["id"] for a in listed.json()] == [
            a.id for a in action_plan(site.workspace, "acme")
        ]
        body = {
            "initiative": "team-wiki",
            "tip": "T8",
            "owner": "wiki gardener",
            "due": "2030-06-30",
        }
        assert (
            api.post("/api/v1/organisations/acme/plan", json=body, headers=viewer).status_code
            == 403
        )
        made = api.post("/api/v1/organisations/acme/plan", json=body, headers=analyst)
        assert made.status_code == 201, made.text
        action = made.json()
        assert (action["initiative"], action["tip"], action["owner"], action["status"]) == (
            "team-wiki",
            "T8",
            "wiki gardener",
            "open",
        )
        assert action["baseline"]["as_of"] == "2026-03-31"
        again = api.post("/api/v1/organisations/acme/plan", json=body, headers=analyst)
        assert again.status_code == 400  # open in the plan already
        named = api.post(
            "/api/v1/organisations/acme/plan",
            json=body | {"owner": "x@acme.example"},
            headers=analyst,
        )
        assert named.status_code == 400 and "e-mail" in named.json()["detail"]
        done = api.post(f"/api/v1/organisations/acme/plan/{action['id']}/done", headers=analyst)
        assert done.status_code == 200 and done.json()["status"] == "done"
        opened = api.get("/api/v1/organisations/acme/plan?status=open", headers=viewer).json()
        assert action["id"] not in [a["id"] for a in opened]
