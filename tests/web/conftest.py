"""Fixtures for the web tests: a workspace with two organisations and their users, the app on it,
and browsers signed in as each user."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url
from typer.testing import CliRunner, Result

from wi3.cli import app as cli_app
from wi3.service import (
    Workspace,
    add_token,
    add_user,
    create_round,
    diagnose,
    import_organisation_file,
    init_workspace,
)
from wi3.web import Settings, create_app

Run = Callable[..., Result]

PASSWORD = "correct horse battery staple"
AS_OF = date(2026, 3, 31)

ACME = """\
organisation: {slug: acme, name: Acme BV}
units:
  - {path: ict, name: ICT}
  - {path: hr, name: HR}
initiatives:
  - {slug: team-wiki, name: Team wiki, kind: wiki, platform: MediaWiki, unit: ict,
     start_date: 2025-01-01}
  - {slug: hr-chat, name: HR chat, kind: chat, platform: Slack, unit: hr, start_date: 2025-01-01}
"""
GLOBEX = """\
organisation: {slug: globex, name: Globex Corporation}
units:
  - {path: sales, name: Sales}
initiatives:
  - {slug: sales-forum, name: Sales forum, kind: forum, platform: Discourse, unit: sales,
     start_date: 2025-01-01}
"""

USERS = {
    "admin@example.org": ("administrator", None, ()),
    "analyst@acme.example": ("analyst", "acme", ()),
    "viewer@acme.example": ("viewer", "acme", ()),
    "owner@acme.example": ("owner", "acme", ("team-wiki",)),
    "analyst@globex.example": ("analyst", "globex", ()),
}
"""Each user: role, organisation (None: every one) and owned initiatives."""
ROUNDS = (("acme", "team-wiki", "Spring 2026"), ("globex", "sales-forum", "Globex pulse"))
"""An open survey round of each organisation (organisation, initiative, round)."""


@dataclass(frozen=True)
class Site:
    """The workspace the app serves, the app, and an API token per user."""

    workspace: Workspace
    app: FastAPI
    tokens: dict[str, str]


def build_workspace(folder: Path) -> Workspace:
    ws = init_workspace(folder)
    for name, text in (("acme.yaml", ACME), ("globex.yaml", GLOBEX)):
        path = folder.parent / name
        path.write_text(text)
        import_organisation_file(ws, path)
    for org in ("acme", "globex"):
        diagnose(ws, org, AS_OF)
    for email, (role, org, owned) in USERS.items():
        add_user(ws, email, role, org, PASSWORD, owned)  # type: ignore[arg-type]
    for org, initiative, name in ROUNDS:
        create_round(ws, org, initiative, name, "en")
    return ws


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    """Acme and Globex diagnosed, their users, and the app, on each backend: shared by a
    module's tests (they change nothing another test reads, or undo it)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("WI3_WEB_SECRET", raising=False)
        patch.delenv("WI3_DATABASE_URL", raising=False)
        database = None
        if request.param == "postgresql":
            database = module_database(request.getfixturevalue("postgres_url"))
            patch.setenv("WI3_DATABASE_URL", database)
        folder = tmp_path_factory.mktemp("web") / "ws"
        ws = build_workspace(folder)
        tokens = {email: add_token(ws, email, "tests").token for email in USERS}
        app = create_app(Settings(workspace=folder))
        yield Site(ws, app, tokens)
        for thread in threading.enumerate():  # an import job's thread ends with a store write
            if thread.name.startswith("wi3-import-"):
                thread.join(timeout=60)
        ws.close()
        app.state.workspace.close()
        if database is not None:
            drop_database(request.getfixturevalue("postgres_url"), database)


def module_database(server: str) -> str:
    """The URL of a new, empty database on the test server."""
    name = f"wi3web_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def drop_database(server: str, url: str) -> None:
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(
            f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'
        )
    admin.dispose()


def csrf_of(html: str) -> str:
    """The CSRF token a page's forms carry."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found is not None, "the page has no form with a CSRF token"
    return found.group(1)


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> TestClient:
    """`client`, signed in as `email`."""
    form = client.get("/login")
    response = client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": csrf_of(form.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client


@pytest.fixture
def browser_as(site: Site) -> Iterator[object]:
    """A function giving a test client signed in as a user; closed after the test."""
    opened: list[TestClient] = []

    def make(email: str) -> TestClient:
        client = TestClient(site.app, base_url="http://testserver")
        opened.append(client)
        return sign_in(client, email)

    yield make
    for client in opened:
        client.close()


@dataclass(frozen=True)
class Server:
    """A `wi3 serve` running in a process of its own."""

    url: str
    workspace: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(workspace: Path, *options: str) -> Iterator[Server]:
    """Run `wi3 -w WORKSPACE serve` on a free port until the block ends; its log goes to a file
    beside the workspace, shown if it fails to start."""
    port = free_port()
    log = workspace.parent / f"serve-{port}.log"
    env = {k: v for k, v in os.environ.items() if k not in ("WI3_DATABASE_URL", "WI3_WEB_SECRET")}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "wi3",
                "-w",
                str(workspace),
                "serve",
                "--port",
                str(port),
                *options,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/login", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"wi3 serve did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.2)
        yield Server(url, workspace)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """`run("user", "add", …)` runs wi3 in a workspace under tmp_path (or `workspace`)."""
    monkeypatch.delenv("WI3_DATABASE_URL", raising=False)
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, workspace: Path | None = None) -> Result:
        folder = workspace or tmp_path / "ws"
        return runner.invoke(cli_app, ["--workspace", str(folder), *args], input=input)

    return invoke
