"""Survey rounds in the web application through FastAPI's TestClient, on SQLite and PostgreSQL:
the analyst's pages, the respondent's form and its refusals, CSRF, the limit on guessing links,
anonymity through HTTP, the rounds API, and survey links kept out of the access log."""

from __future__ import annotations

import base64
import csv
import io
import json
import logging
import logging.config
import re
import uuid
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from wi3.service import close_round, create_round, invite_people, round_status
from wi3.service._respond import MAX_UNKNOWN_LINKS
from wi3.store import SurveyBallot, SurveyInvitation, SurveyResponse, SurveyRound
from wi3.web._app import HideSurveyLinks, log_config

from .conftest import Site, csrf_of

Browser = Callable[[str], TestClient]

ITEMS = 14
"""The survey statements of the shipped model."""


def unique(prefix: str) -> str:
    """A round name no other test of the module uses (the site is shared by the module)."""
    return f"{prefix} {uuid.uuid4().hex[:6]}"


def rounds_page(client: TestClient, initiative: str = "team-wiki") -> Any:
    return client.get(f"/orgs/acme/initiatives/{initiative}/rounds")


def invitees_csv(n: int, unit: str = "ict", start: int = 0) -> bytes:
    rows = "".join(f"p{i}@example.org,{unit},staff\n" for i in range(start, start + n))
    return ("address,unit,level\n" + rows).encode()


def links_of(response: Any) -> list[str]:
    """The single-use links of a downloaded links file."""
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["address", "link"]
    return [row[1] for row in rows[1:]]


def token_of(link: str) -> str:
    return link.rsplit("/", 1)[1]


def message(response: Any, element: str) -> str:
    found = re.search(rf'id="{element}"[^>]*>([^<]+)<', response.text)
    assert found is not None, response.text
    return found.group(1).replace("&#39;", "'").replace("&quot;", '"')


def new_round(site: Site, language: str = "en", open_link: bool = False) -> str:
    name = unique("Round")
    create_round(site.workspace, "acme", "team-wiki", name, language, open_link=open_link)
    return name


def answer_form(client: TestClient, token: str, answers: dict[str, str], action: str) -> Any:
    form = client.get(f"/survey/{token}")
    assert form.status_code == 200, form.text
    data = {"csrf_token": csrf_of(form.text), "action": action, **answers}
    return client.post(f"/survey/{token}", data=data, follow_redirects=False)


# -- the analyst's pages ----------------------------------------------------------------------


def test_the_rounds_of_every_initiative_are_listed(site: Site, browser_as: Browser) -> None:
    page = browser_as("viewer@acme.example").get("/orgs/acme/rounds")
    assert page.status_code == 200
    assert 'href="/orgs/acme/rounds" aria-current="page"' in page.text
    assert 'data-initiative="team-wiki"' in page.text and 'data-initiative="hr-chat"' in page.text
    assert "Spring 2026" in page.text and "Globex" not in page.text


def test_an_analyst_creates_a_round_and_sees_its_open_link_once(
    site: Site, browser_as: Browser
) -> None:
    client = browser_as("analyst@acme.example")
    token = csrf_of(rounds_page(client).text)
    name = unique("Open")
    made = client.post(
        "/orgs/acme/initiatives/team-wiki/rounds",
        data={"name": name, "language": "nl", "open_link": "true", "csrf_token": token},
    )
    assert made.status_code == 200
    assert message(made, "done") == f"survey round '{name}' of team-wiki created (nl)"
    link = message(made, "open-link")
    assert link.startswith("http://testserver/survey/") and len(token_of(link)) == 32
    again = rounds_page(client)
    assert f'data-round="{name}"' in again.text and token_of(link) not in again.text
    # the open link gives each visitor a single-use link of their own, in the round's language
    anonymous = TestClient(site.app)
    first = anonymous.get(f"/survey/{token_of(link)}", follow_redirects=False)
    second = anonymous.get(f"/survey/{token_of(link)}", follow_redirects=False)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] != second.headers["location"]
    form = anonymous.get(first.headers["location"])
    assert form.status_code == 200 and '<html lang="nl">' in form.text
    assert "Uw antwoorden zijn anoniem" in form.text
    assert round_status(site.workspace, "acme", "team-wiki", name).joined == 2


def test_a_round_that_cannot_be_made_says_why_beside_the_form(
    site: Site, browser_as: Browser
) -> None:
    client = browser_as("analyst@acme.example")
    token = csrf_of(rounds_page(client).text)
    data = {"language": "en", "csrf_token": token}
    taken = client.post(
        "/orgs/acme/initiatives/team-wiki/rounds", data={**data, "name": "Spring 2026"}
    )
    assert taken.status_code == 400
    assert message(taken, "create-problem") == (
        "team-wiki already has a survey round 'Spring 2026'; choose another name"
    )
    past = client.post(
        "/orgs/acme/initiatives/team-wiki/rounds",
        data={**data, "name": unique("Late"), "closes_on": "2020-01-01"},
    )
    assert past.status_code == 400
    assert "the closing day 2020-01-01 has passed" in message(past, "create-problem")
    client.get("/language/nl")
    dutch = client.post(
        "/orgs/acme/initiatives/team-wiki/rounds", data={**data, "name": "Spring 2026"}
    )
    assert "team-wiki heeft al een enquêteronde 'Spring 2026'" in message(dutch, "create-problem")
    client.get("/language/en")


def test_inviting_a_list_downloads_the_links_once(site: Site, browser_as: Browser) -> None:
    client = browser_as("analyst@acme.example")
    name = new_round(site)
    token = csrf_of(rounds_page(client).text)
    url = f"/orgs/acme/initiatives/team-wiki/rounds/{name}/invitations"
    made = client.post(url, data={"csrf_token": token}, files={"file": ("i.csv", invitees_csv(6))})
    assert made.status_code == 200
    assert made.headers["content-type"].startswith("text/csv")
    assert made.headers["content-disposition"].endswith('-links.csv"')
    assert made.headers["cache-control"] == "no-store"
    links = links_of(made)
    assert len(links) == 6 and all(link.startswith("http://testserver/survey/") for link in links)
    assert TestClient(site.app).get(f"/survey/{token_of(links[0])}").status_code == 200
    # the same list again invites nobody new and says so; a longer one only the new people
    again = client.post(url, data={"csrf_token": token}, files={"file": ("i.csv", invitees_csv(6))})
    assert again.status_code == 200
    assert message(again, "done") == "0 invitations made; 6 already invited before"
    more = client.post(url, data={"csrf_token": token}, files={"file": ("i.csv", invitees_csv(8))})
    assert len(links_of(more)) == 2
    page = rounds_page(client).text
    assert all(token_of(link) not in page for link in links)


def test_a_bad_invitee_file_is_refused_beside_the_upload(site: Site, browser_as: Browser) -> None:
    client = browser_as("analyst@acme.example")
    name = new_round(site)
    token = csrf_of(rounds_page(client).text)
    url = f"/orgs/acme/initiatives/team-wiki/rounds/{name}/invitations"
    cases = [
        (b"address,unit\nann,ict\n", "invitees.csv:2: 'ann' is not an e-mail address"),
        (b"address,unit\na@x.org,sales\n", "invitees.csv:2: unit 'sales' is not a unit"),
        (b"name,address,unit\n", "invitees.csv:1: unknown column(s) 'name'"),
        (b"address,unit\n" + b"a" * 2_000_001, "invitees.csv: the file is larger than 2 MB"),
    ]
    for content, expected in cases:
        refused = client.post(
            url, data={"csrf_token": token}, files={"file": ("invitees.csv", content)}
        )
        assert refused.status_code == 400
        problem = re.search(r'class="problem" id="(invite-problem-\d+)"', refused.text)
        assert problem is not None, refused.text
        assert message(refused, problem.group(1)).startswith(expected)
        assert "wi3-upload-" not in refused.text  # the file as uploaded, not where it was kept
        # the message sits beside the upload it is about, which points to it
        pointer = f'required aria-describedby="{problem.group(1)}"'
        assert f'type="file" accept=".csv,.txt,text/csv" {pointer}' in refused.text
    assert round_status(site.workspace, "acme", "team-wiki", name).invited == 0


def test_an_analyst_closes_a_round_by_hand(site: Site, browser_as: Browser) -> None:
    client = browser_as("analyst@acme.example")
    name = new_round(site)
    page = rounds_page(client).text
    assert (
        f'action="/orgs/acme/initiatives/team-wiki/rounds/{name.replace(" ", "%20")}/close"' in page
    )
    url = f"/orgs/acme/initiatives/team-wiki/rounds/{name}/close"
    closed = client.post(url, data={"csrf_token": csrf_of(page)})
    assert closed.status_code == 200
    assert message(closed, "done").startswith(f"survey round '{name}' closed on ")
    assert "Diagnose again" in message(closed, "done")
    assert round_status(site.workspace, "acme", "team-wiki", name).state == "closed"
    again = client.post(url, data={"csrf_token": csrf_of(page)})
    assert again.status_code == 400
    shown = re.search(r'id="(round-problem-\d+)"', again.text)
    assert shown is not None
    assert message(again, shown.group(1)).startswith(f"survey round '{name}' closed on")


def test_viewers_and_owners_read_rounds_but_change_nothing(site: Site, browser_as: Browser) -> None:
    name = new_round(site)
    for email in ("viewer@acme.example", "owner@acme.example"):
        client = browser_as(email)
        page = rounds_page(client)
        assert page.status_code == 200 and f'data-round="{name}"' in page.text
        assert "Create a round" not in page.text and "/invitations" not in page.text
        token = csrf_of(page.text)
        base = "/orgs/acme/initiatives/team-wiki/rounds"
        attempts = [
            client.post(base, data={"name": unique("X"), "language": "en", "csrf_token": token}),
            client.post(
                f"{base}/{name}/invitations",
                data={"csrf_token": token},
                files={"file": ("i.csv", invitees_csv(5))},
            ),
            client.post(f"{base}/{name}/close", data={"csrf_token": token}),
        ]
        assert [a.status_code for a in attempts] == [403, 403, 403], email
    status = round_status(site.workspace, "acme", "team-wiki", name)
    assert status.state == "open" and status.invited == 0


def test_forms_of_the_rounds_pages_need_the_csrf_token(site: Site, browser_as: Browser) -> None:
    client = browser_as("analyst@acme.example")
    name = new_round(site)
    base = "/orgs/acme/initiatives/team-wiki/rounds"
    assert client.post(base, data={"name": unique("Y"), "language": "en"}).status_code == 403
    assert client.post(f"{base}/{name}/close").status_code == 403
    assert round_status(site.workspace, "acme", "team-wiki", name).state == "open"


def test_another_organisations_rounds_are_not_there(site: Site, browser_as: Browser) -> None:
    client = browser_as("analyst@acme.example")
    token = csrf_of(rounds_page(client).text)
    base = "/orgs/globex/initiatives/sales-forum/rounds"
    for response in (
        client.get("/orgs/globex/rounds"),
        client.get(base),
        client.post(f"{base}/Globex pulse/close", data={"csrf_token": token}),
        client.post(
            f"{base}/Globex pulse/invitations",
            data={"csrf_token": token},
            files={"file": ("i.csv", invitees_csv(5, "sales"))},
        ),
        client.get("/orgs/acme/initiatives/sales-forum/rounds"),
    ):
        assert response.status_code == 404
        assert "Globex pulse" not in response.text and "Sales forum" not in response.text
    assert round_status(site.workspace, "globex", "sales-forum", "Globex pulse").state == "open"


# -- the respondent's form --------------------------------------------------------------------


def test_the_form_asks_every_statement_with_its_scale_and_not_applicable(site: Site) -> None:
    name = new_round(site)
    token = invite_people(site.workspace, "acme", "team-wiki", name, [{"address": "a@x.org"}])
    with TestClient(site.app) as respondent:
        form = respondent.get(f"/survey/{token.new[0].token}")
    assert form.status_code == 200
    html = form.text
    assert '<html lang="en">' in html and "Your answers are anonymous" in html
    assert "averages over at least 5 people" in html
    assert html.count("<fieldset") == ITEMS and html.count("<legend>") == ITEMS
    assert html.count('value="Not applicable"') == ITEMS
    assert 'name="survey.trust_content" value="5"' in html
    assert 'name="survey.overall" value="10"' in html
    assert "/static/respond.css" in html and "/report.css" not in html
    assert "Sign in" not in html and "Organisations" not in html  # its own minimal layout
    assert form.headers["referrer-policy"] == "no-referrer"
    assert "<script" not in html and " style=" not in html


def test_a_respondent_saves_comes_back_and_submits(site: Site) -> None:
    name = new_round(site, "nl")
    token = (
        invite_people(site.workspace, "acme", "team-wiki", name, [{"address": "a@x.org"}])
        .new[0]
        .token
    )
    with TestClient(site.app) as respondent:
        saved = answer_form(respondent, token, {"survey.trust_content": "4"}, "save")
        assert saved.status_code == 303
        assert saved.headers["location"] == f"/survey/{token}?saved=true"
        back = respondent.get(saved.headers["location"])
        assert "Uw antwoorden zijn bewaard (1 van 14)" in message(back, "saved")
        assert 'name="survey.trust_content" value="4" checked' in back.text
    with TestClient(site.app) as later:  # another day, another browser: the link holds them
        csrf = csrf_of(later.get(f"/survey/{token}").text)
        given = {"survey.overall": "8", "survey.kq_value": "Not applicable"}
        done = later.post(
            f"/survey/{token}", data={"csrf_token": csrf, "action": "submit", **given}
        )
        assert done.status_code == 200 and '<html lang="nl">' in done.text
        assert message(done, "thanks").startswith("Uw antwoorden op 3 stellingen zijn binnen")
        spent = later.get(f"/survey/{token}")
        assert spent.status_code == 410 and '<html lang="nl">' in spent.text
        assert message(spent, "refusal").startswith("de antwoorden bij deze enquêtelink zijn al")
        again = later.post(
            f"/survey/{token}",
            data={"csrf_token": csrf, "action": "submit", "survey.overall": "2"},
        )
        assert again.status_code == 410
    with site.workspace.store.transaction() as session:
        ballots = session.scalars(select(SurveyBallot)).all()
        assert {"survey.trust_content": 4.0, "survey.overall": 8.0, "survey.kq_value": None} in [
            b.answers for b in ballots
        ]


def test_refusals_are_pages_in_the_rounds_language(site: Site) -> None:
    name = new_round(site, "nl")
    sent = invite_people(
        site.workspace,
        "acme",
        "team-wiki",
        name,
        [{"address": "a@x.org"}, {"address": "b@x.org"}],
    ).new
    with TestClient(site.app, headers={"Accept-Language": "en-GB"}) as respondent:
        bad = answer_form(respondent, sent[0].token, {"survey.trust_content": "6"}, "save")
        assert bad.status_code == 400 and '<html lang="nl">' in bad.text
        assert message(bad, "refusal") == (
            "survey.trust_content: '6' is outside the scale 1–5. Er is niets bewaard."
        )
        foreign = answer_form(respondent, sent[0].token, {"survey.salary": "3"}, "submit")
        assert foreign.status_code == 400 and "is geen stelling van deze enquête" in foreign.text
        empty = answer_form(respondent, sent[0].token, {}, "submit")
        assert empty.status_code == 400 and "er is geen stelling beantwoord" in empty.text
        unknown = respondent.get(f"/survey/{sent[0].token[:-3]}")
        assert unknown.status_code == 404 and '<html lang="en">' in unknown.text
        assert message(unknown, "refusal").startswith("this survey link is not known")
        form = respondent.get(f"/survey/{sent[1].token}")
        close_round(site.workspace, "acme", "team-wiki", name)
        closed = respondent.post(
            f"/survey/{sent[1].token}",
            data={"csrf_token": csrf_of(form.text), "action": "submit", "survey.overall": "7"},
        )
        assert closed.status_code == 410 and '<html lang="nl">' in closed.text
        assert message(closed, "refusal").startswith("deze enquête is gesloten op ")
        assert respondent.get(f"/survey/{sent[0].token}").status_code == 410


def test_the_respondents_posts_need_the_forms_csrf_token(site: Site) -> None:
    name = new_round(site)
    token = (
        invite_people(site.workspace, "acme", "team-wiki", name, [{"address": "a@x.org"}])
        .new[0]
        .token
    )
    with site.workspace.store.transaction() as session:
        spent_before = session.scalars(select(SurveyInvitation.spent)).all().count(True)
    with TestClient(site.app) as respondent:
        form = respondent.get(f"/survey/{token}")
        cookie = respondent.cookies["wi3_session"]
        missing = respondent.post(
            f"/survey/{token}", data={"action": "submit", "survey.overall": "9"}
        )
        assert missing.status_code == 403 and "security token" in missing.text
    with TestClient(site.app) as other:  # a token from another browser's form
        other.get(f"/survey/{token}")
        forged = other.post(
            f"/survey/{token}",
            data={"csrf_token": csrf_of(form.text), "action": "submit", "survey.overall": "9"},
        )
        assert forged.status_code == 403
    with site.workspace.store.transaction() as session:
        assert session.scalars(select(SurveyInvitation.spent)).all().count(True) == spent_before
    # the respondent's cookie holds the CSRF token and nothing else: no link, no answer
    payload = json.loads(base64.b64decode(cookie.split(".")[0] + "=="))
    assert set(payload) == {"csrf"} and token not in cookie


def test_guessing_links_is_made_to_wait(site: Site) -> None:
    name = new_round(site)
    token = (
        invite_people(site.workspace, "acme", "team-wiki", name, [{"address": "a@x.org"}])
        .new[0]
        .token
    )
    with TestClient(site.app, client=("203.0.113.7", 4000)) as guesser:
        codes = {guesser.get(f"/survey/guess{n}").status_code for n in range(MAX_UNKNOWN_LINKS)}
        assert codes == {404}
        waiting = guesser.get(f"/survey/{token}")
        assert waiting.status_code == 429 and 0 < int(waiting.headers["retry-after"]) <= 900
        assert "Too many unknown survey links" in message(waiting, "refusal")
    with TestClient(site.app, client=("203.0.113.8", 4000)) as neighbour:
        assert neighbour.get(f"/survey/{token}").status_code == 200


def test_answers_sent_through_the_web_cannot_be_joined_to_their_links(site: Site) -> None:
    """Five respondents answer through HTTP, one saving first; after closing, the store holds
    their answers in responses that share no value with the invitations, and no ballot."""
    name = new_round(site)
    people = [{"address": f"r{n}@x.org", "unit": "ict"} for n in range(5)]
    sent = invite_people(site.workspace, "acme", "team-wiki", name, people).new
    given = [{"survey.overall": str(n + 3), "survey.trust_content": str(n + 1)} for n in range(5)]
    for invitation, answers in zip(sent, given, strict=True):
        with TestClient(site.app) as respondent:
            if invitation is sent[0]:
                answer_form(respondent, invitation.token, {"survey.overall": "1"}, "save")
            done = answer_form(respondent, invitation.token, answers, "submit")
            assert done.status_code == 200
    close_round(site.workspace, "acme", "team-wiki", name)
    with site.workspace.store.transaction() as session:
        round_id = session.scalar(select(SurveyRound.id).where(SurveyRound.name == name))
        invitations = session.scalars(
            select(SurveyInvitation).where(SurveyInvitation.round_id == round_id)
        ).all()
        responses = session.scalars(
            select(SurveyResponse).where(SurveyResponse.round_id == round_id)
        ).all()
        stored = sorted(sorted((a.item_id, f"{a.value:g}") for a in r.answers) for r in responses)
        kept = {v for i in invitations for v in (i.id, i.token, i.invitee, str(i.id))}
        response_values = {v for r in responses for v in (r.id, r.respondent, str(r.id))}
        assert (
            session.scalar(select(SurveyBallot.id).where(SurveyBallot.round_id == round_id)) is None
        )
    assert len(invitations) == 5 and all(i.spent and i.draft is None for i in invitations)
    assert stored == sorted(sorted(a.items()) for a in given)
    assert not {r for r in response_values if isinstance(r, str)} & kept


# -- survey links out of the log --------------------------------------------------------------


def test_survey_links_are_kept_out_of_the_access_log() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("10.0.0.1:5000", "POST", "/survey/otjdE1DjiUmUqYxmVcbZ?saved=true", "1.1", 303),
        None,
    )
    assert HideSurveyLinks().filter(record)
    assert record.getMessage() == '10.0.0.1:5000 - "POST /survey/…?saved=true HTTP/1.1" 303'
    config = log_config()
    assert config["handlers"]["access"]["filters"] == ["survey_links"]
    logging.config.dictConfig(config)  # uvicorn's own check: the configuration loads
    handler = logging.getLogger("uvicorn.access").handlers[0]
    assert any(isinstance(f, HideSurveyLinks) for f in handler.filters)


# -- the API -----------------------------------------------------------------------------------


def api(site: Site, email: str) -> TestClient:
    client = TestClient(site.app)
    client.headers["Authorization"] = f"Bearer {site.tokens[email]}"
    return client


ROUNDS = "/api/v1/organisations/acme/initiatives/team-wiki/rounds"


def test_the_api_runs_a_round(site: Site) -> None:
    client = api(site, "analyst@acme.example")
    name = unique("API")
    made = client.post(ROUNDS, json={"name": name, "language": "nl", "open_link": True})
    assert made.status_code == 201
    body = made.json()
    assert body["round"] == name and body["language"] == "nl" and len(body["open_link"]) == 32
    assert name in [r["round"] for r in client.get(ROUNDS).json()]
    people = [{"address": f"a{n}@x.org", "unit": "ict", "level": "staff"} for n in range(5)]
    invited = client.post(f"{ROUNDS}/{name}/invitations", json=people)
    assert invited.status_code == 201
    assert [i["address"] for i in invited.json()["new"]] == [p["address"] for p in people]
    tokens = [i["token"] for i in invited.json()["new"]]
    again = client.post(f"{ROUNDS}/{name}/invitations", json=people[:2])
    assert again.json() == {"round": name, "new": [], "already": 2}
    with TestClient(site.app) as respondent:
        assert (
            answer_form(respondent, tokens[0], {"survey.overall": "7"}, "submit").status_code == 200
        )
    status = client.get(f"{ROUNDS}/{name}").json()
    assert status["invited"] == 5 and status["responded"] == 1 and status["closed_on"] is None
    assert status["by_unit"] == [{"group": "ict", "invited": 5, "responded": 1}]
    assert status["withheld_note"] == "fewer than 5 people; not shown"
    closed = client.post(f"{ROUNDS}/{name}/close")
    assert closed.status_code == 200
    assert closed.json()["responses"] == 1 and closed.json()["round"] == name
    refused = client.post(f"{ROUNDS}/{name}/close")
    assert refused.status_code == 400 and "closed on" in refused.json()["detail"]


def test_the_api_refuses_bad_invitees_with_the_entry(site: Site) -> None:
    client = api(site, "analyst@acme.example")
    name = new_round(site)
    bad = client.post(
        f"{ROUNDS}/{name}/invitations",
        json=[{"address": "a@x.org"}, {"address": "b@x.org", "unit": "sales"}],
    )
    assert bad.status_code == 400
    assert bad.json()["detail"].startswith("invitees[1]: unit 'sales' is not a unit")
    assert round_status(site.workspace, "acme", "team-wiki", name).invited == 0
    missing = client.get(f"{ROUNDS}/no such round")
    assert missing.status_code == 404 and "has no survey round 'no such round'" in missing.text


def test_an_api_token_of_a_viewer_changes_nothing(site: Site) -> None:
    name = new_round(site)
    client = api(site, "viewer@acme.example")
    assert client.get(ROUNDS).status_code == 200
    attempts = [
        client.post(ROUNDS, json={"name": unique("V")}),
        client.post(f"{ROUNDS}/{name}/invitations", json=[{"address": "a@x.org"}]),
        client.post(f"{ROUNDS}/{name}/close"),
    ]
    assert [a.status_code for a in attempts] == [403, 403, 403]
    other = api(site, "analyst@acme.example")
    foreign = "/api/v1/organisations/globex/initiatives/sales-forum/rounds"
    assert other.get(foreign).status_code == 404
    assert other.post(f"{foreign}/Globex pulse/close").status_code == 404
    assert round_status(site.workspace, "acme", "team-wiki", name).state == "open"
