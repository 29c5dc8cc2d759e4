"""The users page of an organisation's administrators, and every user's own password: who may
give roles, that a new user's first password is shown once and works, that an existing user's
password is never touched from another organisation, and that a wrong current password counts
as a failed sign-in."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from wi3.service import add_user, users

from .conftest import PASSWORD, Site, csrf_of, sign_in

Browser = Callable[[str], TestClient]


def _org_admin(site: Site, email: str = "boss@acme.example") -> str:
    add_user(site.workspace, email, "administrator", "acme", PASSWORD)
    return email


def test_only_an_administrator_of_the_organisation_sees_its_users(
    site: Site, browser_as: Browser
) -> None:
    boss = browser_as(_org_admin(site))
    page = boss.get("/orgs/acme/users")
    assert page.status_code == 200
    assert 'data-user="viewer@acme.example"' in page.text
    assert "analyst@globex.example" not in page.text  # a user of another organisation only
    assert 'href="/orgs/acme/users"' in boss.get("/orgs/acme").text
    for email in ("analyst@acme.example", "viewer@acme.example", "owner@acme.example"):
        client = browser_as(email)
        assert client.get("/orgs/acme/users").status_code == 403, email
        assert 'href="/orgs/acme/users"' not in client.get("/orgs/acme").text
    assert boss.get("/orgs/globex/users").status_code == 404


def test_a_new_user_gets_a_first_password_shown_once_that_signs_them_in(
    site: Site, browser_as: Browser
) -> None:
    boss = browser_as(_org_admin(site))
    token = csrf_of(boss.get("/orgs/acme/users").text)
    made = boss.post(
        "/orgs/acme/users",
        data={
            "email": " New.Owner@Acme.example ",
            "role": "owner",
            "initiatives": ["team-wiki", "hr-chat"],
            "csrf_token": token,
        },
    )
    assert made.status_code == 200
    found = re.search(r'<code id="new-password">([^<]+)</code>', made.text)
    assert found is not None and len(found.group(1)) >= 12
    assert "new.owner@acme.example is now owner" in made.text
    assert found.group(1) not in boss.get("/orgs/acme/users").text  # shown once
    row = next(u for u in users(site.workspace, "acme") if u.email == "new.owner@acme.example")
    assert [(r.organisation, r.role, r.initiatives) for r in row.roles] == [
        ("acme", "owner", ("hr-chat", "team-wiki"))
    ]
    with TestClient(site.app) as fresh:
        sign_in(fresh, "new.owner@acme.example", found.group(1))
        assert fresh.get("/orgs/acme").status_code == 200


def test_an_existing_users_password_is_never_changed_from_the_users_page(
    site: Site, browser_as: Browser
) -> None:
    """An administrator of Acme gives Globex's analyst a role in Acme: no new password is made
    or shown, and the analyst still signs in with their own."""
    boss = browser_as(_org_admin(site))
    token = csrf_of(boss.get("/orgs/acme/users").text)
    given = boss.post(
        "/orgs/acme/users",
        data={"email": "analyst@globex.example", "role": "viewer", "csrf_token": token},
    )
    assert given.status_code == 200 and 'id="new-password"' not in given.text
    with TestClient(site.app) as own:
        sign_in(own, "analyst@globex.example", PASSWORD)
        assert own.get("/orgs/globex").status_code == 200
    removed = boss.post(
        "/orgs/acme/users/remove",
        data={"email": "analyst@globex.example", "csrf_token": token},
    )
    assert removed.status_code == 200
    row = next(u for u in users(site.workspace) if u.email == "analyst@globex.example")
    assert [(r.organisation, r.role) for r in row.roles] == [("globex", "analyst")]


def test_the_users_page_refuses_bad_requests_with_their_reason(
    site: Site, browser_as: Browser
) -> None:
    boss_email = _org_admin(site)
    boss = browser_as(boss_email)
    token = csrf_of(boss.get("/orgs/acme/users").text)
    owner_without = boss.post(
        "/orgs/acme/users", data={"email": "x@acme.example", "role": "owner", "csrf_token": token}
    )
    assert owner_without.status_code == 400
    assert "an owner owns named initiatives" in owner_without.text
    unknown = boss.post(
        "/orgs/acme/users",
        data={
            "email": "y@acme.example",
            "role": "owner",
            "initiatives": ["sales-forum"],  # Globex's
            "csrf_token": token,
        },
    )
    assert unknown.status_code == 404
    assert "Sales forum" not in unknown.text
    self_removal = boss.post(
        "/orgs/acme/users/remove", data={"email": boss_email, "csrf_token": token}
    )
    assert self_removal.status_code == 403
    assert "cannot take away your own role" in self_removal.text
    forged = boss.post("/orgs/acme/users", data={"email": "z@acme.example", "role": "viewer"})
    assert forged.status_code == 403
    assert not any(
        u.email in ("x@acme.example", "y@acme.example", "z@acme.example")
        for u in users(site.workspace)
    )
    assert any(u.email == boss_email for u in users(site.workspace, "acme"))


def test_a_user_changes_their_own_password(site: Site, browser_as: Browser) -> None:
    add_user(site.workspace, "mover@acme.example", "viewer", "acme", PASSWORD)
    client = browser_as("mover@acme.example")
    token = csrf_of(client.get("/account").text)
    differ = client.post(
        "/account/password",
        data={"current": PASSWORD, "new": "a" * 12, "again": "b" * 12, "csrf_token": token},
    )
    assert differ.status_code == 400 and "The two new passwords differ" in differ.text
    short = client.post(
        "/account/password",
        data={"current": PASSWORD, "new": "short", "again": "short", "csrf_token": token},
    )
    assert short.status_code == 400 and "use at least 12" in short.text
    changed = client.post(
        "/account/password",
        data={
            "current": PASSWORD,
            "new": "a new long passphrase",
            "again": "a new long passphrase",
            "csrf_token": token,
        },
    )
    assert changed.status_code == 200 and "Your password is changed." in changed.text
    with TestClient(site.app) as fresh:
        sign_in(fresh, "mover@acme.example", "a new long passphrase")


def test_a_wrong_current_password_counts_as_a_failed_sign_in(
    site: Site, browser_as: Browser
) -> None:
    add_user(site.workspace, "guessed@acme.example", "viewer", "acme", PASSWORD)
    client = browser_as("guessed@acme.example")
    token = csrf_of(client.get("/account").text)
    statuses = []
    for attempt in range(6):
        answer = client.post(
            "/account/password",
            data={
                "current": f"guess number {attempt}",
                "new": "a new long passphrase",
                "again": "a new long passphrase",
                "csrf_token": token,
            },
        )
        statuses.append(answer.status_code)
    assert statuses[:5] == [400] * 5
    assert statuses[5] == 429
    with TestClient(site.app) as fresh:
        form = fresh.get("/login")
        late = fresh.post(
            "/login",
            data={
                "email": "guessed@acme.example",
                "password": PASSWORD,
                "csrf_token": csrf_of(form.text),
            },
        )
        assert late.status_code == 429  # the right password waits too
