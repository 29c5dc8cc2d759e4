"""Users, roles, sign-in with its rate limit, and API tokens, in the store: on SQLite and on
PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from wi3.errors import AccessError, InputError, NotFoundError, SignInError, StoreError
from wi3.service import (
    Workspace,
    add_token,
    add_user,
    import_organisation_file,
    init_workspace,
    principal,
    remove_role,
    revoke_token,
    sign_in,
    token_principal,
    tokens,
    users,
    visible_organisations,
    web_secret,
)
from wi3.store import AccessToken, LoginFailure, User

from .conftest import ACME, GLOBEX, PASSWORD


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def ws(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    """A workspace holding Acme and Globex, its store on each backend."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("WI3_WEB_SECRET", raising=False)
        if request.param == "sqlite":
            patch.delenv("WI3_DATABASE_URL", raising=False)
        else:
            patch.setenv("WI3_DATABASE_URL", request.getfixturevalue("postgres_database_url"))
        opened = init_workspace(tmp_path / "ws")
        for name, text in (("acme.yaml", ACME), ("globex.yaml", GLOBEX)):
            (tmp_path / name).write_text(text)
            import_organisation_file(opened, tmp_path / name)
        yield opened
        opened.close()


def test_a_user_gets_roles_and_the_password_is_kept_only_as_an_argon2_hash(ws: Workspace) -> None:
    row = add_user(ws, " Ann@Example.org ", "analyst", "acme", PASSWORD)
    assert row.email == "ann@example.org"
    assert [(r.organisation, r.role) for r in row.roles] == [("acme", "analyst")]
    # a second role, in another organisation; the same organisation's role is replaced
    add_user(ws, "ann@example.org", "viewer", "globex")
    row = add_user(ws, "ann@example.org", "owner", "acme", initiatives=["team-wiki"])
    assert [(r.organisation, r.role, r.initiatives) for r in row.roles] == [
        ("acme", "owner", ("team-wiki",)),
        ("globex", "viewer", ()),
    ]
    with ws.store.transaction() as session:
        stored = session.scalars(select(User.password_hash)).one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert [u.email for u in users(ws, "globex")] == ["ann@example.org"]
    row = remove_role(ws, "ann@example.org", "globex")
    assert [r.organisation for r in row.roles] == ["acme"]
    assert users(ws, "globex") == []


@pytest.mark.parametrize(
    ("email", "role", "org", "password", "owned", "message"),
    [
        ("ann", "viewer", "acme", PASSWORD, (), "is not an e-mail address"),
        ("ann@example.org", "viewer", "acme", None, (), "is a new user: give them a password"),
        ("ann@example.org", "viewer", "acme", "short", (), "use at least 12"),
        ("ann@example.org", "boss", "acme", PASSWORD, (), "is not one of administrator"),
        ("ann@example.org", "viewer", None, PASSWORD, (), "name it with --org"),
        ("ann@example.org", "owner", "acme", PASSWORD, (), "give them with --initiative"),
        ("ann@example.org", "viewer", "acme", PASSWORD, ("team-wiki",), "only an owner"),
    ],
)
def test_bad_user_input_is_refused_with_what_to_do(
    ws: Workspace,
    email: str,
    role: str,
    org: str | None,
    password: str | None,
    owned: tuple[str, ...],
    message: str,
) -> None:
    with pytest.raises(InputError, match=message):
        add_user(ws, email, role, org, password, owned)  # type: ignore[arg-type]
    assert users(ws) == []


def test_an_owner_of_an_initiative_of_another_organisation_is_refused(ws: Workspace) -> None:
    with pytest.raises(NotFoundError, match="no initiative 'sales-forum' in acme"):
        add_user(ws, "ann@example.org", "owner", "acme", PASSWORD, ["sales-forum"])
    assert users(ws) == []  # nothing half-made: not even the user


def test_roles_decide_what_a_user_may_see_and_do(ws: Workspace) -> None:
    add_user(ws, "viewer@example.org", "viewer", "acme", PASSWORD)
    add_user(ws, "owner@example.org", "owner", "acme", PASSWORD, ["team-wiki"])
    add_user(ws, "admin@example.org", "administrator", None, PASSWORD)
    viewer = sign_in(ws, "viewer@example.org", PASSWORD, "10.0.0.1")
    viewer.require("acme", "read")
    with pytest.raises(AccessError, match=r"your role in acme \(viewer\) does not allow"):
        viewer.require("acme", "analyse")
    with pytest.raises(NotFoundError, match="no organisation 'globex' among those you may see"):
        viewer.require("globex", "read")
    assert [o.slug for o in visible_organisations(ws, viewer)] == ["acme"]
    owner = sign_in(ws, "owner@example.org", PASSWORD, "10.0.0.1")
    owner.require("acme", "assess", "team-wiki")
    with pytest.raises(AccessError, match="you own no initiative 'hr-chat'"):
        owner.require("acme", "assess", "hr-chat")
    admin = sign_in(ws, "admin@example.org", PASSWORD, "10.0.0.1")
    assert admin.workspace_admin
    admin.require("globex", "administer")
    assert [o.slug for o in visible_organisations(ws, admin)] == ["acme", "globex"]


def test_wrong_passwords_are_limited_per_address_and_per_client(ws: Workspace) -> None:
    add_user(ws, "ann@example.org", "viewer", "acme", PASSWORD)
    for _ in range(5):
        with pytest.raises(SignInError, match="do not match an active user") as refused:
            sign_in(ws, "ann@example.org", "wrong password", "10.0.0.1")
        assert refused.value.retry_after is None
    # the sixth try waits, even with the right password and from another client
    with pytest.raises(SignInError, match="too many failed sign-ins") as refused:
        sign_in(ws, "ANN@example.org", PASSWORD, "10.0.0.2")
    assert refused.value.retry_after is not None and 800 < refused.value.retry_after <= 900
    # once the window has passed, the right password works again (and old failures go)
    with ws.store.transaction() as session:
        session.execute(update(LoginFailure).values(at=datetime.now(UTC) - timedelta(hours=1)))
    assert sign_in(ws, "ann@example.org", PASSWORD, "10.0.0.2").email == "ann@example.org"
    with ws.store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(LoginFailure)) == 0


def test_one_client_trying_many_addresses_is_limited_too(ws: Workspace) -> None:
    add_user(ws, "ann@example.org", "viewer", "acme", PASSWORD)
    for n in range(20):
        with pytest.raises(SignInError, match="do not match"):
            sign_in(ws, f"guess{n}@example.org", "wrong password", "10.9.9.9")
    with pytest.raises(SignInError, match="too many failed sign-ins"):
        sign_in(ws, "ann@example.org", PASSWORD, "10.9.9.9")
    assert sign_in(ws, "ann@example.org", PASSWORD, "10.0.0.1").email == "ann@example.org"


def test_the_failure_log_holds_no_address_tried(ws: Workspace) -> None:
    with pytest.raises(SignInError):
        sign_in(ws, "nobody@example.org", "wrong password", "10.0.0.1")
    with ws.store.transaction() as session:
        subjects = session.scalars(select(LoginFailure.subject)).all()
    assert len(subjects) == 2
    assert not any("nobody" in s or "10.0.0.1" in s for s in subjects)


def test_a_deactivated_user_cannot_sign_in_nor_use_a_session(ws: Workspace) -> None:
    add_user(ws, "ann@example.org", "viewer", "acme", PASSWORD)
    who = sign_in(ws, "ann@example.org", PASSWORD, "10.0.0.1")
    with ws.store.transaction() as session:
        session.execute(update(User).values(active=False))
    with pytest.raises(SignInError, match="do not match an active user"):
        sign_in(ws, "ann@example.org", PASSWORD, "10.0.0.1")
    with pytest.raises(SignInError, match="deactivated"):
        principal(ws, who.user_id)


def test_tokens_are_kept_as_digests_and_can_be_revoked(ws: Workspace) -> None:
    add_user(ws, "ann@example.org", "analyst", "acme", PASSWORD)
    add_user(ws, "bob@example.org", "analyst", "globex", PASSWORD)
    made = add_token(ws, "ann@example.org", "nightly export")
    assert made.token.startswith("wi3_") and len(made.token) > 40
    who = token_principal(ws, made.token)
    assert (who.email, who.role("acme"), who.role("globex")) == ("ann@example.org", "analyst", None)
    listed = tokens(ws, "ann@example.org")
    assert [(t.id, t.name) for t in listed] == [(made.id, "nightly export")]
    assert listed[0].last_used_at is not None
    with ws.store.transaction() as session:
        (digest,) = session.scalars(select(AccessToken.digest)).all()
    assert digest != made.token and made.token[4:] not in digest
    # another user cannot revoke it; its owner can, and it stops working at once
    with pytest.raises(NotFoundError, match=f"bob@example.org has no token {made.id}"):
        revoke_token(ws, "bob@example.org", made.id)
    assert revoke_token(ws, "ann@example.org", made.id).revoked_at is not None
    with pytest.raises(SignInError, match="unknown or revoked"):
        token_principal(ws, made.token)
    with pytest.raises(SignInError, match="unknown or revoked"):
        token_principal(ws, made.token[:-1] + ("A" if made.token[-1] != "A" else "B"))


def test_the_session_key_is_made_once_and_kept_private(ws: Workspace) -> None:
    first = web_secret(ws)
    assert len(first) == 64 and web_secret(ws) == first
    assert (ws.path / "web-secret").stat().st_mode & 0o777 == 0o600


def test_an_email_used_twice_is_one_user(ws: Workspace) -> None:
    add_user(ws, "ann@example.org", "viewer", "acme", PASSWORD)
    add_user(ws, "ANN@example.org", "viewer", "globex", PASSWORD)
    assert len(users(ws)) == 1
    with pytest.raises(StoreError, match="duplicate"), ws.store.transaction() as session:
        session.add(User(email="ann@example.org", password_hash="x"))
