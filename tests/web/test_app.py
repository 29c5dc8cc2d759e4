"""The web application through FastAPI's TestClient: sign-in, sessions, CSRF, the rate limit,
security headers, roles, the API's tokens, and that no organisation sees another's objects."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Mount, Route

from wi3.service import snapshots

from .conftest import AS_OF, GLOBEX, PASSWORD, Site, csrf_of, sign_in

Browser = Callable[[str], TestClient]

PAGES = [
    "/orgs",
    "/orgs/acme",
    "/orgs/acme/profile",
    "/orgs/acme/units",
    "/orgs/acme/snapshots",
    "/orgs/acme/initiatives/team-wiki",
    "/orgs/acme/rounds",
    "/orgs/acme/initiatives/team-wiki/rounds",
    "/model",
    "/tokens",
    "/account",
    "/orgs/acme/imports",
    "/orgs/acme/initiatives/team-wiki/imports",
    "/orgs/acme/assessments",
    "/orgs/acme/assessments/team-wiki",
    "/orgs/acme/assessments/@organisation",
]


def test_a_page_without_a_session_sends_the_browser_to_sign_in_and_back(site: Site) -> None:
    with TestClient(site.app) as client:
        response = client.get("/orgs/acme/units?x=1", follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/login?next=%2Forgs%2Facme%2Funits%3Fx%3D1"
        form = client.get(response.headers["location"])
        assert 'name="next" value="/orgs/acme/units?x=1"' in form.text
        signed = client.post(
            "/login",
            data={
                "email": "viewer@acme.example",
                "password": PASSWORD,
                "next": "/orgs/acme/units?x=1",
                "csrf_token": csrf_of(form.text),
            },
            follow_redirects=False,
        )
        assert signed.status_code == 303
        assert signed.headers["location"] == "/orgs/acme/units?x=1"
        assert "httponly" in signed.headers["set-cookie"].lower()
        assert "samesite=lax" in signed.headers["set-cookie"].lower()
        assert client.get("/orgs/acme/units").status_code == 200


def test_sign_in_never_sends_the_browser_to_another_site(site: Site) -> None:
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        with TestClient(site.app) as client:
            form = client.get("/login")
            response = client.post(
                "/login",
                data={
                    "email": "viewer@acme.example",
                    "password": PASSWORD,
                    "next": target,
                    "csrf_token": csrf_of(form.text),
                },
                follow_redirects=False,
            )
            assert response.headers["location"] == "/"


def test_a_wrong_password_shows_the_form_again_with_the_reason(site: Site) -> None:
    with TestClient(site.app) as client:
        form = client.get("/login")
        response = client.post(
            "/login",
            data={"email": "nobody@x.example", "password": "x", "csrf_token": csrf_of(form.text)},
        )
        assert response.status_code == 401
        assert "do not match an active user" in response.text
        assert client.get("/orgs", follow_redirects=False).status_code == 303


def test_signing_in_is_rate_limited(site: Site) -> None:
    with TestClient(site.app) as client:
        form = client.get("/login")
        token = csrf_of(form.text)
        email = "owner@acme.example"
        codes = [
            client.post(
                "/login", data={"email": email, "password": "guess", "csrf_token": token}
            ).status_code
            for _ in range(5)
        ]
        assert codes == [401] * 5
        refused = client.post(
            "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
        )
        assert refused.status_code == 429
        assert 0 < int(refused.headers["retry-after"]) <= 900
        assert "too many failed sign-ins" in refused.text


def test_a_session_ends_when_it_is_too_old(site: Site, browser_as: Browser) -> None:
    client = browser_as("viewer@acme.example")
    assert client.get("/orgs", follow_redirects=False).status_code == 200
    # forge nothing: sign in "long ago" by moving the app's clock instead
    original = time.time
    try:
        time.time = lambda: original() + 25 * 3600  # type: ignore[assignment]
        assert client.get("/orgs", follow_redirects=False).status_code == 303
    finally:
        time.time = original  # type: ignore[assignment]


def test_a_session_cookie_signed_with_another_key_is_ignored(site: Site) -> None:
    with TestClient(site.app) as client:
        client.cookies.set("wi3_session", "eyJ1c2VyIjogMX0=.forged.signature")
        assert client.get("/orgs", follow_redirects=False).status_code == 303


def test_every_form_needs_the_session_csrf_token(site: Site, browser_as: Browser) -> None:
    client = browser_as("analyst@acme.example")
    before = len(snapshots(site.workspace, "acme"))
    missing = client.post("/orgs/acme/snapshots", data={"as_of": "2026-01-31"})
    assert missing.status_code == 403
    assert "security token" in missing.text
    other = browser_as("analyst@acme.example")
    foreign = csrf_of(other.get("/tokens").text)
    wrong = client.post("/orgs/acme/snapshots", data={"as_of": "2026-01-31", "csrf_token": foreign})
    assert wrong.status_code == 403
    assert len(snapshots(site.workspace, "acme")) == before
    # the login form too: a sign-in forged by another site is refused
    with TestClient(site.app) as fresh:
        forged = fresh.post("/login", data={"email": "viewer@acme.example", "password": PASSWORD})
        assert forged.status_code == 403


def test_htmx_sends_the_token_as_a_header(site: Site, browser_as: Browser) -> None:
    client = browser_as("analyst@acme.example")
    page = client.get("/orgs/acme/snapshots").text
    header = re.search(r'hx-headers=\'\{"X-CSRF-Token": "([^"]+)"\}\'', page)
    assert header is not None and header.group(1) == csrf_of(page)
    made = client.post("/tokens", data={"name": "by htmx"}, headers={"X-CSRF-Token": csrf_of(page)})
    assert made.status_code == 200 and 'id="new-token"' in made.text


@pytest.mark.parametrize("path", ["/login", "/orgs/acme", "/api/v1/organisations", "/nowhere"])
def test_every_answer_carries_the_security_headers(
    site: Site, browser_as: Browser, path: str
) -> None:
    client = browser_as("viewer@acme.example")
    response = client.get(
        path, headers={"Authorization": f"Bearer {site.tokens['viewer@acme.example']}"}
    )
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "default-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("path", PAGES)
def test_pages_hold_no_inline_script_or_style(site: Site, browser_as: Browser, path: str) -> None:
    """What the Content-Security-Policy would block must not be there to begin with."""
    html = browser_as("admin@example.org").get(path).text
    assert "<style" not in html and " style=" not in html
    # a script without src is a chart's data (never run) or the import map the policy hashes
    assert not re.search(r'<script(?![^>]*\b(src=|type="application/json"|type="importmap"))', html)
    assert not re.search(r"\son[a-z]+=", html)  # no event-handler attributes
    assert "https://" not in html.replace("https://evil", "")  # nothing from another site


def test_pages_speak_dutch_when_asked(site: Site, browser_as: Browser) -> None:
    client = browser_as("viewer@acme.example")
    assert "Growth board" in client.get("/orgs/acme").text
    client.get("/language/nl?next=/orgs/acme")
    page = client.get("/orgs/acme").text
    assert '<html lang="nl">' in page and "Groeibord" in page and "Growth board" not in page
    client.get("/language/en")


def test_the_board_filters_by_unit_kind_and_platform(site: Site, browser_as: Browser) -> None:
    client = browser_as("viewer@acme.example")
    every = client.get("/orgs/acme").text
    assert 'data-initiative="team-wiki"' in every and 'data-initiative="hr-chat"' in every
    for query in ("unit=ict", "kind=wiki", "platform=MediaWiki"):
        page = client.get(f"/orgs/acme?{query}").text
        assert 'data-initiative="team-wiki"' in page, query
        assert 'data-initiative="hr-chat"' not in page, query


def test_a_viewer_reads_but_cannot_change_anything(site: Site, browser_as: Browser) -> None:
    client = browser_as("viewer@acme.example")
    for path in PAGES:
        assert client.get(path).status_code == 200, path
    token = csrf_of(client.get("/tokens").text)
    before = snapshots(site.workspace, "acme")
    refused = client.post("/orgs/acme/snapshots", data={"as_of": "2026-01-31", "csrf_token": token})
    assert refused.status_code == 403
    assert "your role in acme (viewer) does not allow this" in refused.text
    files = {"file": ("acme.yaml", b"organisation: {slug: acme, name: Renamed}\n")}
    assert client.post("/orgs/import", data={"csrf_token": token}, files=files).status_code == 403
    assert (
        client.post("/orgs/simulate", data={"slug": "sim", "csrf_token": token}).status_code == 403
    )
    api = TestClient(site.app)
    bearer = {"Authorization": f"Bearer {site.tokens['viewer@acme.example']}"}
    denied = api.post(
        "/api/v1/organisations/acme/diagnoses", json={"as_of": "2026-01-31"}, headers=bearer
    )
    assert denied.status_code == 403
    assert snapshots(site.workspace, "acme") == before
    assert client.get("/orgs").text.count("Acme BV") == 1  # not renamed


def test_an_analyst_diagnoses_and_downloads_the_report(site: Site, browser_as: Browser) -> None:
    client = browser_as("analyst@acme.example")
    token = csrf_of(client.get("/orgs/acme/snapshots").text)
    done = client.post("/orgs/acme/snapshots", data={"as_of": "2026-02-28", "csrf_token": token})
    assert done.status_code == 200 and 'data-as-of="2026-02-28"' in done.text
    report = client.get("/orgs/acme/report.md?as_of=2026-02-28&language=nl")
    assert report.status_code == 200
    assert report.headers["content-disposition"] == 'attachment; filename="acme-2026-02-28-nl.md"'
    assert "Acme BV" in report.text
    document = client.get("/orgs/acme/report.json?as_of=2026-02-28").json()
    assert document["diagnosis"]["as_of"] == "2026-02-28"
    assert document["report"]["language"] == "en"


def test_the_api_needs_a_valid_token(site: Site) -> None:
    with TestClient(site.app) as api:
        missing = api.get("/api/v1/organisations")
        assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
        assert "Authorization: Bearer TOKEN" in missing.json()["detail"]
        bad = api.get("/api/v1/organisations", headers={"Authorization": "Bearer wi3_nope"})
        assert bad.status_code == 401
        # a browser session is no API credential
        sign_in(api, "analyst@acme.example")
        assert api.get("/api/v1/organisations").status_code == 401


def test_the_api_returns_the_service_types(site: Site) -> None:
    with TestClient(site.app) as api:
        api.headers["Authorization"] = f"Bearer {site.tokens['analyst@acme.example']}"
        assert api.get("/api/v1/organisations").json() == [
            {"slug": "acme", "name": "Acme BV", "example": False}
        ]
        rows = api.get("/api/v1/organisations/acme/initiatives").json()
        assert [r["slug"] for r in rows] == ["hr-chat", "team-wiki"]
        assert rows[1]["platform"] == "MediaWiki" and rows[1]["scope"] == []
        listed = api.get("/api/v1/organisations/acme/snapshots").json()
        assert AS_OF.isoformat() in [s["as_of"] for s in listed]
        document = api.get(f"/api/v1/organisations/acme/snapshots/{AS_OF.isoformat()}").json()
        assert document["organisation"] == {"slug": "acme", "name": "Acme BV"}
        history = api.get("/api/v1/organisations/acme/initiatives/team-wiki/history").json()
        assert history[0]["as_of"] <= AS_OF.isoformat() and "phase" in history[0]
        assert api.get("/api/v1/organisations/acme/initiatives/team-wiki/metrics").json() == []
        made = api.post("/api/v1/organisations/acme/diagnoses", json={"as_of": "2026-01-31"})
        assert made.status_code == 201 and made.json()["diagnosis"]["as_of"] == "2026-01-31"
        bad = api.post("/api/v1/organisations/acme/diagnoses", json={"as_of": "0001-01-01"})
        assert bad.status_code == 422 and "1970-01-01" in str(bad.json()["detail"])
        schema = api.get("/api/v1/openapi.json").json()
        assert "/api/v1/organisations/{org}/snapshots/{as_of}" in schema["paths"]
        assert not any(p.startswith("/orgs") for p in schema["paths"])


# -- isolation ---------------------------------------------------------------------------------

OTHER = {
    "org": "globex",
    "initiative": "sales-forum",
    "as_of": AS_OF.isoformat(),
    "fmt": "json",
    "language": "en",
    "action": "1",
    "name": "vega.min.js",
    "round": "Globex pulse",
    "link": "not-a-survey-link",
}
"""Organisation B's objects, by the path parameter that names them; `token` is added from the
site (the id of a Globex user's token). A survey `link` is the respondent's only key, whatever
their organisation: one no round has is refused like any object not there."""
TRACES = ("Globex Corporation", "Sales forum", "Discourse", "Hacked")
"""What only Globex's users may see (its name, its initiative's name and platform), and the
name a refused import would have written."""
SCOPED = {"org", "token", "job", "link"}
"""Parameters naming an object that belongs to an organisation or to another user."""
FORMS: dict[str, dict[str, Any]] = {
    "/orgs/{org}/snapshots": {"as_of": "2026-01-31"},
    "/tokens": {"name": "probe"},
    "/orgs/simulate": {"slug": "probe"},
    "/orgs/{org}/users": {"email": "probe@acme.example", "role": "viewer"},
    "/orgs/{org}/users/remove": {"email": "analyst@globex.example"},
    "/orgs/{org}/plan": {"step": "sales-forum|T1", "owner": "lead", "due": "2030-01-01"},
    "/orgs/{org}/imports": {"kind": "people"},
    "/orgs/{org}/assessments/{initiative}/draft": {"role": "probe", "assess.focus": "strategic"},
    "/orgs/{org}/assessments/{initiative}": {"role": "probe", "assessed_on": "2026-01-31"},
    "/orgs/{org}/initiatives/{initiative}/rounds": {"name": "probe", "language": "en"},
    "/survey/{link}": {"survey.overall": "5", "action": "submit"},
}


def routes(site: Site) -> list[tuple[str, str, set[str]]]:
    """Every (method, path template, path parameters) the app answers, from `app.routes`.

    FastAPI 0.16x keeps an included router as one entry that lists its routes, with their full
    paths, in `effective_route_contexts()`.
    """
    found = []
    for entry in site.app.routes:
        if isinstance(entry, Mount):  # the static files: the same for everyone
            continue
        if isinstance(entry, APIRoute | Route):
            listed = [(entry.path, entry.methods or set())]
        else:
            listed = [
                (context.path, context.original_route.methods or set())
                for context in entry.effective_route_contexts()  # type: ignore[attr-defined]
            ]
        for path, methods in listed:
            params = set(re.findall(r"\{(\w+)(?::\w+)?\}", path))
            found.extend((method, path, params) for method in sorted(set(methods) - {"HEAD"}))
    return found


def test_the_route_list_covers_the_whole_app(site: Site) -> None:
    found = routes(site)
    assert len(found) >= 25
    assert len([r for r in found if "org" in r[2]]) >= 15
    assert {p for _, _, params in found for p in params} <= set(OTHER) | SCOPED


def test_a_user_of_one_organisation_gets_404_for_every_object_of_another(
    site: Site, browser_as: Browser
) -> None:
    """For every route of the pages and the API: with Globex's objects in the path, an Acme
    analyst (the most an Acme user short of administrator may do) gets 404, and sees no trace
    of Globex on the routes that name no object."""
    client = browser_as("analyst@acme.example")
    token = csrf_of(client.get("/tokens").text)
    api_headers = {"Authorization": f"Bearer {site.tokens['analyst@acme.example']}"}
    globex_token = TestClient(site.app).get(
        "/api/v1/organisations",
        headers={"Authorization": f"Bearer {site.tokens['analyst@globex.example']}"},
    )
    assert globex_token.status_code == 200
    other = OTHER | {
        "token": str(_token_id(site, "analyst@globex.example")),
        "job": str(_globex_job(site)),
    }
    checked = 0
    for method, template, params in routes(site):
        path = template
        for name in params:
            path = re.sub(r"\{" + name + r"(?::\w+)?\}", other[name], path)
        if template.startswith("/api/"):
            body = {"json": {"as_of": "2026-01-31"}} if method in ("POST", "PUT") else {}
            response = client.request(method, path, headers=api_headers, **body)
        elif method == "POST":
            data = {"csrf_token": token, **FORMS.get(template, {})}
            files = None
            if template == "/orgs/import":
                files = {
                    "file": ("globex.yaml", GLOBEX.replace("Globex Corporation", "Hacked").encode())
                }
            if template.endswith("/invitations"):
                files = {"file": ("invitees.csv", b"address,unit\nprobe@example.org,sales\n")}
            if template in ("/login", "/logout"):
                continue  # the user's own session: nothing of another organisation
            response = client.post(path, data=data, files=files, follow_redirects=False)
        else:
            response = client.request(method, path, follow_redirects=False)
        where = f"{method} {path}"
        if params & SCOPED or template == "/orgs/import":
            assert response.status_code == 404, f"{where}: {response.status_code}"
            checked += 1
        else:
            assert response.status_code < 500, where
            assert "globex" not in response.text.lower(), where
        # a 404 may repeat the slug asked for, never what only Globex's users may know
        for secret in TRACES:
            assert secret not in response.text, f"{where}: shows {secret!r}"
    assert checked >= 15
    assert [o.name for o in _orgs(site)] == ["Acme BV", "Globex Corporation"]  # nothing changed


def _token_id(site: Site, email: str) -> int:
    from wi3.service import tokens

    return tokens(site.workspace, email)[-1].id


def _orgs(site: Site) -> list[Any]:
    from wi3.service import organisations

    return organisations(site.workspace)


def test_a_page_with_charts_allows_exactly_its_import_map(site: Site, browser_as: Browser) -> None:
    """The charts need one inline script, the import map naming vega-util; the policy allows
    it by its hash and nothing else inline, and the chart libraries are served by the app."""
    import base64
    import hashlib

    client = browser_as("viewer@acme.example")
    page = client.get("/orgs/acme/profile")
    found = re.search(r'<script type="importmap">([^<]*)</script>', page.text)
    assert found is not None
    digest = base64.b64encode(hashlib.sha256(found.group(1).encode()).digest()).decode()
    policy = page.headers["content-security-policy"]
    assert f"script-src 'self' 'sha256-{digest}';" in policy
    assert "unsafe" not in policy
    assert 'class="chart-drawing vega-chart"' in page.text
    for name in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js"):
        library = client.get(f"/vega/{name}")
        assert library.status_code == 200 and library.headers["content-type"].startswith(
            "text/javascript"
        )
        assert "sourceMappingURL" not in library.text
    assert client.get("/vega/..%2Fweb%2F_app.py").status_code == 404
    assert client.get("/static/vega-interpreter.js").status_code == 200


def _globex_job(site: Site) -> int:
    """An import job of Globex: its organisation file read again, waited for."""
    from wi3.service import import_job, start_import

    path = site.workspace.path.parent / "globex.yaml"
    job = start_import(site.workspace, "globex", "organisation", path)
    deadline = time.monotonic() + 60
    while not job.finished and time.monotonic() < deadline:
        time.sleep(0.05)
        job = import_job(site.workspace, "globex", job.id)
    assert job.state == "done", job.error
    return job.id


def test_a_malformed_form_gets_a_page_and_the_api_its_json(site: Site, browser_as: Browser) -> None:
    client = browser_as("analyst@acme.example")
    token = csrf_of(client.get("/orgs/acme/snapshots").text)
    bad = client.post("/orgs/acme/snapshots", data={"as_of": "31-01-2026", "csrf_token": token})
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("text/html")
    assert 'id="error-message"' in bad.text and "as_of:" in bad.text
    with TestClient(site.app) as api:
        answer = api.post(
            "/api/v1/organisations/acme/diagnoses",
            json={"as_of": "31-01-2026"},
            headers={"Authorization": f"Bearer {site.tokens['analyst@acme.example']}"},
        )
        assert answer.status_code == 422 and answer.json()["detail"][0]["loc"][-1] == "as_of"


def test_an_error_page_speaks_the_pages_language(site: Site, browser_as: Browser) -> None:
    client = browser_as("analyst@acme.example")
    client.get("/language/nl")
    token = csrf_of(client.get("/orgs/acme/plan").text)
    missing = client.post("/orgs/acme/plan/999999/done", data={"csrf_token": token})
    assert missing.status_code == 404
    assert 'lang="nl"' in missing.text
    assert "999999" in missing.text and "has no action" not in missing.text
