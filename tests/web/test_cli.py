"""`wi3 user`, `wi3 token` and `wi3 serve`: as a user would type them."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from .conftest import ACME, PASSWORD, Run, serving


def test_the_first_administrator_is_made_on_the_command_line(
    run: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert run("init").exit_code == 0
    monkeypatch.setenv("WI3_PASSWORD", PASSWORD)
    made = run("user", "add", "Admin@Example.org", "--role", "administrator")
    assert made.exit_code == 0, made.output
    assert made.output.strip() == "admin@example.org: administrator of every organisation"
    (tmp_path / "acme.yaml").write_text(ACME)
    assert run("org", "import", str(tmp_path / "acme.yaml")).exit_code == 0
    owner = run("user", "add", "ann@example.org", "--role", "owner", "--org", "acme",
                "--initiative", "team-wiki")  # fmt: skip
    assert owner.output.strip() == "ann@example.org: owner of acme (team-wiki)"
    listed = run("user", "list")
    assert "admin@example.org" in listed.output and "owner of acme (team-wiki)" in listed.output
    refused = run("user", "add", "bob@example.org", "--role", "viewer")
    assert refused.exit_code == 1
    assert "a viewer holds the role in one organisation: name it with --org" in refused.output
    removed = run("user", "remove", "ann@example.org", "--org", "acme")
    assert removed.output.strip() == "ann@example.org: no roles left"


def test_a_new_user_is_asked_for_the_password_twice(
    run: Run,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("WI3_PASSWORD", raising=False)
    run("init")
    typed = f"{PASSWORD}\n{PASSWORD}\n"
    made = run("user", "add", "admin@example.org", "--role", "administrator", input=typed)
    assert made.exit_code == 0, made.output
    assert PASSWORD not in made.output  # hidden as it is typed
    short = run("user", "add", "bob@example.org", "--role", "administrator", input="short\nshort\n")
    assert short.exit_code == 1 and "use at least 12" in short.output


def test_tokens_are_made_listed_and_revoked(
    run: Run,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run("init")
    monkeypatch.setenv("WI3_PASSWORD", PASSWORD)
    run("user", "add", "admin@example.org", "--role", "administrator")
    made = run("token", "add", "admin@example.org", "--name", "nightly export")
    found = re.search(r"token (\d+) \(nightly export\): (wi3_\S+)", made.output)
    assert found is not None, made.output
    listed = run("token", "list", "admin@example.org")
    assert "nightly export" in listed.output and found.group(2) not in listed.output
    revoked = run("token", "revoke", "admin@example.org", found.group(1))
    assert revoked.output.strip() == f"token {found.group(1)} (nightly export) revoked"
    unknown = run("token", "revoke", "admin@example.org", "999")
    assert unknown.exit_code == 1 and "has no token 999" in unknown.output


def test_serve_runs_several_workers_that_share_one_session_key(
    run: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Signed in on one worker, the session holds on every other: they read one key."""
    run("init")
    monkeypatch.setenv("WI3_PASSWORD", PASSWORD)
    run("user", "add", "admin@example.org", "--role", "administrator")
    with serving(tmp_path / "ws", "--workers", "2") as server:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        form = opener.open(f"{server.url}/login").read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert token is not None
        data = urllib.parse.urlencode(
            {"email": "admin@example.org", "password": PASSWORD, "csrf_token": token.group(1)}
        ).encode()
        opener.open(f"{server.url}/login", data=data)
        for _ in range(12):  # new connections, so both workers answer some
            with opener.open(f"{server.url}/model") as answer:
                assert answer.geturl().endswith("/model")  # not sent back to sign in
                assert "The eight practical tips" in answer.read().decode()
    assert (tmp_path / "ws" / "web-secret").stat().st_mode & 0o777 == 0o600


def test_serve_refuses_a_missing_workspace_with_the_cli_message(
    run: Run,
    tmp_path: Path,
) -> None:
    result = run("serve", workspace=tmp_path / "nowhere")
    assert result.exit_code == 1
    assert "no wi3 workspace at" in result.output and "run `wi3 init`" in result.output
