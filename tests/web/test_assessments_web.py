"""Owner assessments on a form through the web: the anchored items with their phase descriptors,
drafts per role kept across restarts (button and htmx autosave), recording with date and role,
who may answer, errors next to their field, and the JSON API. On SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient
from markupsafe import escape

from wi3.service import assessment_form, diagnose, snapshots, stored_snapshot
from wi3.web import Settings, create_app

from .conftest import Site, csrf_of, sign_in

Browser = Callable[[str], TestClient]

FORM = "/orgs/acme/assessments/team-wiki"


def post(client: TestClient, path: str, page: str = FORM, **fields: str) -> TestClient:
    token = csrf_of(client.get(page).text)
    return client.post(path, data={"csrf_token": token, **fields})  # type: ignore[return-value]


def checked(html: str) -> dict[str, str]:
    """The answers a form page shows chosen: question id → value."""
    return dict(
        re.findall(r'name="([\w.]+)" type="(?:radio|checkbox)" value="(\w+)" checked', html)
    )


def test_the_form_shows_each_category_with_its_phase_descriptors(
    site: Site, browser_as: Browser
) -> None:
    html = browser_as("owner@acme.example").get(FORM).text
    anchored = re.findall(r'data-question="(assess\.\w+)"', html)
    assert len(anchored) == 12
    focus = html[html.index('data-question="assess.focus"') :]
    focus = focus[: focus.index("</fieldset>")]
    expected = next(q for q in assessment_form(site.workspace, "acme", "team-wiki").questions)
    assert expected.id == "assess.focus"
    for option in expected.options:  # each phase's descriptor of the category
        assert f">{escape(option.text)}</label>" in focus
    assert re.findall(r'value="(\w+)"', focus) == [
        "pioneering",
        "facilitating",
        "strategic",
        "dont_know",
    ]
    assert "Don&#39;t know" in focus
    assert 'data-question="fact.community_manager"' in html
    assert 'hx-post="/orgs/acme/assessments/team-wiki/draft"' in html
    assert 'hx-trigger="change delay:500ms"' in html
    assert "<script" not in html.split("</head>")[1]  # autosave needs no inline script


def test_an_owner_saves_a_draft_comes_back_after_a_restart_and_records_it(
    site: Site, browser_as: Browser
) -> None:
    client = browser_as("owner@acme.example")
    saved = post(
        client,
        f"{FORM}/draft",
        role="community manager",
        **{"assess.focus": "facilitating", "fact.community_manager": "yes"},
        **{"assess.vision": "dont_know"},
    )
    assert saved.status_code == 200
    assert "Draft saved" in saved.text and "3 of 24 questions answered" in saved.text
    assert checked(saved.text) == {
        "assess.focus": "facilitating",
        "assess.vision": "dont_know",
        "fact.community_manager": "yes",
    }
    again = client.get(FORM).text  # the session remembers the role
    assert 'name="role" value="community manager"' in again
    assert checked(again)["assess.focus"] == "facilitating"

    restarted = create_app(Settings(workspace=site.workspace.path))
    with TestClient(restarted) as fresh:
        sign_in(fresh, "owner@acme.example")
        back = fresh.get(f"{FORM}?role=community+manager").text
        assert checked(back)["assess.vision"] == "dont_know"
        recorded = post(
            fresh,
            FORM,
            f"{FORM}?role=community+manager",
            role="community manager",
            assessed_on="2026-03-15",
            **{"assess.culture": "strategic"},
        )
        assert recorded.status_code == 200, recorded.text
        assert "Assessment recorded" in recorded.text
        assert "of 2026-03-15 by the community manager: 3 answers, 1 don&#39;t know" in (
            recorded.text
        )
        assert 'href="/orgs/acme/initiatives/team-wiki" id="subject-link"' in recorded.text
        assert 'id="diagnose-now"' not in recorded.text  # an owner does not diagnose
    restarted.state.workspace.close()
    form = assessment_form(site.workspace, "acme", "team-wiki", role="community manager")
    assert form.saved_at is None and form.last_assessed_on == date(2026, 3, 15)  # draft gone
    judged = diagnose(site.workspace, "acme", date(2026, 3, 31)).initiative("team-wiki")
    assert judged is not None
    reading = next(
        r
        for c in judged.categories
        for r in c.readings
        if r.evidence == "owner" and r.indicator == "assess.focus"
    )
    assert reading.level == 2  # facilitating, from the form


def test_htmx_autosave_answers_with_the_drafts_status_line(site: Site, browser_as: Browser) -> None:
    client = browser_as("analyst@acme.example")
    page = client.get("/orgs/acme/assessments/hr-chat").text
    saved = client.post(
        "/orgs/acme/assessments/hr-chat/draft",
        data={"role": "sponsor", "assess.tools": "pioneering"},
        headers={"HX-Request": "true", "X-CSRF-Token": csrf_of(page)},
    )
    assert saved.status_code == 200
    assert saved.text.startswith('<p id="draft-status"') and "<html" not in saved.text
    assert 'data-answered="1"' in saved.text
    assert "1 of 24 questions answered" in saved.text
    bad = client.post(
        "/orgs/acme/assessments/hr-chat/draft",
        data={"role": "", "assess.tools": "pioneering"},
        headers={"HX-Request": "true", "X-CSRF-Token": csrf_of(page)},
    )
    assert bad.status_code == 200 and 'class="problem"' in bad.text
    assert "give your role" in bad.text


def test_an_answer_that_does_not_fit_is_refused_next_to_its_question(
    site: Site, browser_as: Browser
) -> None:
    client = browser_as("analyst@acme.example")
    refused = post(client, f"{FORM}/draft", role="sponsor", **{"assess.focus": "legendary"})
    assert refused.status_code == 400
    assert 'id="q-assess-focus-problem"' in refused.text
    assert 'aria-describedby="q-assess-focus-problem"' in refused.text
    assert "assess.focus:" in refused.text and "Nothing was saved" in refused.text
    no_role = post(client, f"{FORM}/draft", role=" ", **{"assess.focus": "strategic"})
    assert no_role.status_code == 400 and 'id="problem"' in no_role.text
    assert "give your role" in no_role.text and 'aria-describedby="role-hint problem"' in (
        no_role.text
    )
    empty = post(client, FORM, role="board member", assessed_on="2026-03-01")
    assert empty.status_code == 400 and "the assessment has no answers" in empty.text
    unknown = post(client, f"{FORM}/draft", role="sponsor", **{"assess.nonsense": "strategic"})
    assert unknown.status_code == 200  # only the form's own questions are read
    assert "assess.nonsense" not in unknown.text


def test_who_may_answer_which_form(site: Site, browser_as: Browser) -> None:
    owner = browser_as("owner@acme.example")
    other = owner.get("/orgs/acme/assessments/hr-chat").text
    assert 'id="read-only"' in other and '<fieldset class="assessment-questions" disabled' in (
        other
    )
    refused = post(
        owner,
        "/orgs/acme/assessments/hr-chat/draft",
        "/orgs/acme/assessments/hr-chat",
        role="owner",
        **{"assess.focus": "strategic"},
    )
    assert refused.status_code == 403
    assert "you own no initiative &#39;hr-chat&#39; in acme" in refused.text
    viewer = browser_as("viewer@acme.example")
    page = viewer.get(FORM).text
    assert 'id="read-only"' in page and 'id="record"' not in page
    assert viewer.get(f"{FORM}?role=community+manager").text.count(" checked") == 0
    denied = post(viewer, FORM, role="viewer", assessed_on="2026-03-01")
    assert denied.status_code == 403
    listing = owner.get("/orgs/acme/assessments").text
    mine = re.findall(r'data-subject="([^"]+)".*?<span class="muted">([^<]+)</span>', listing, re.S)
    assert dict(mine) == {
        "@organisation": "you may read it",
        "hr-chat": "you may read it",
        "team-wiki": "you may answer it",
    }
    globex = browser_as("analyst@globex.example")
    assert globex.get(FORM).status_code == 404


def test_the_organisation_is_assessed_on_its_own_form(site: Site, browser_as: Browser) -> None:
    client = browser_as("analyst@acme.example")
    html = client.get("/orgs/acme/assessments/@organisation").text
    asked = re.findall(r'data-question="([\w.]+)"', html)
    assert asked and not any(q.startswith("fact.") for q in asked)
    assert "assess.tools" not in asked and "assess.vision" in asked  # business, organisation
    before = len(snapshots(site.workspace, "acme"))
    recorded = post(
        client,
        "/orgs/acme/assessments/@organisation",
        "/orgs/acme/assessments/@organisation",
        role="digital workplace lead",
        assessed_on="2026-03-20",
        **{"assess.vision": "facilitating"},
    )
    assert recorded.status_code == 200 and 'href="/orgs/acme/profile"' in recorded.text
    assert 'id="diagnose-now"' in recorded.text  # an analyst may diagnose at once
    today = re.search(r'name="as_of" value="([\d-]+)"', recorded.text)
    assert today is not None
    done = client.post(
        "/orgs/acme/snapshots", data={"as_of": today.group(1), "csrf_token": csrf_of(recorded.text)}
    )
    assert done.status_code == 200 and len(snapshots(site.workspace, "acme")) == before + 1
    stored = stored_snapshot(site.workspace, "acme", date.fromisoformat(today.group(1)))
    own = stored.diagnosis.own_phase
    assert own is not None  # read from the organisation's assessment
    vision = next(c for c in own.categories if c.category == "vision")
    assert vision.level == 2


def test_a_form_post_needs_the_sessions_csrf_token(site: Site, browser_as: Browser) -> None:
    client = browser_as("owner@acme.example")
    refused = client.post(f"{FORM}/draft", data={"role": "x", "assess.focus": "strategic"})
    assert refused.status_code == 403 and "security token" in refused.text
    assert assessment_form(site.workspace, "acme", "team-wiki", role="x").saved_at is None


def test_the_form_speaks_dutch(site: Site, browser_as: Browser) -> None:
    client = browser_as("owner@acme.example")
    client.get("/language/nl")
    html = client.get(FORM).text
    assert "Eigenaarsbeoordeling" in html and "Weet niet" in html and "Concept opslaan" in html
    client.get("/language/en")


def test_the_api_reads_saves_and_records_an_owner_assessment(site: Site) -> None:
    with TestClient(site.app) as api:
        owner = {"Authorization": f"Bearer {site.tokens['owner@acme.example']}"}
        path = "/api/v1/organisations/acme/assessments/team-wiki"
        form = api.get(path, params={"language": "nl"}, headers=owner).json()
        assert form["initiative"] == "team-wiki" and form["language"] == "nl"
        focus = next(q for q in form["questions"] if q["id"] == "assess.focus")
        assert [o["value"] for o in focus["options"]] == ["pioneering", "facilitating", "strategic"]
        saved = api.put(
            f"{path}/draft",
            json={"role": "api owner", "answers": {"assess.focus": "strategic"}},
            headers=owner,
        )
        assert saved.status_code == 200, saved.text
        answered = {q["id"]: q["answer"] for q in saved.json()["questions"] if q["answer"]}
        assert answered == {"assess.focus": "strategic"}
        recorded = api.post(
            path,
            json={"role": "api owner", "assessed_on": "2026-03-10", "answers": {}},
            headers=owner,
        )
        assert recorded.status_code == 201, recorded.text
        assert recorded.json() == {
            "initiative": "team-wiki",
            "assessed_on": "2026-03-10",
            "role": "api owner",
            "answered": 1,
            "dont_know": 0,
            "added": True,
        }
        other = api.put(
            "/api/v1/organisations/acme/assessments/hr-chat/draft",
            json={"role": "x", "answers": {}},
            headers=owner,
        )
        assert other.status_code == 403
        viewer = {"Authorization": f"Bearer {site.tokens['viewer@acme.example']}"}
        assert api.get(path, headers=viewer).status_code == 200
        assert api.get(path, params={"role": "api owner"}, headers=viewer).status_code == 403
        globex = {"Authorization": f"Bearer {site.tokens['analyst@globex.example']}"}
        assert api.get(path, headers=globex).status_code == 404
