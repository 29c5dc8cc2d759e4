"""Organisation files uploaded on the organisations page: who may, and what a bad file says."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from wi3.service import Workspace, add_user, organisations
from wi3.web import Settings, create_app

from .conftest import GLOBEX, PASSWORD, csrf_of, sign_in


@pytest.fixture
def client(workspace: Workspace) -> Iterator[TestClient]:
    """The app on the shared `workspace` fixture (Acme), with an administrator and an analyst."""
    add_user(workspace, "admin@example.org", "administrator", None, PASSWORD)
    add_user(workspace, "analyst@example.org", "analyst", "acme", PASSWORD)
    app = create_app(Settings(workspace=workspace.path))
    with TestClient(app) as opened:
        yield opened


def upload(client: TestClient, name: str, text: str) -> tuple[int, str]:
    token = csrf_of(client.get("/orgs").text)
    files = {"file": (name, text.encode())}
    response = client.post("/orgs/import", data={"csrf_token": token}, files=files)
    return response.status_code, response.text


def test_an_administrator_adds_an_organisation_from_a_file(
    client: TestClient, workspace: Workspace
) -> None:
    sign_in(client, "admin@example.org")
    status, page = upload(client, "globex.yaml", GLOBEX)
    assert status == 200
    assert "Imported: organisation globex: initiatives 1 added, 0 updated, 0 unchanged" in page
    assert [o.slug for o in organisations(workspace)] == ["acme", "globex"]
    assert 'href="/orgs/globex"' in client.get("/orgs").text


def test_an_analyst_updates_their_organisation_but_adds_none(
    client: TestClient, workspace: Workspace
) -> None:
    sign_in(client, "analyst@example.org")
    status, page = upload(client, "globex.yaml", GLOBEX)
    assert status == 403
    assert "only an administrator of the workspace may add organisations" in page
    renamed = "organisation: {slug: acme, name: Acme Group}\n"
    status, page = upload(client, "acme.yaml", renamed)
    assert status == 200 and "Imported: organisation acme" in page
    assert [o.name for o in organisations(workspace)] == ["Acme Group"]


def test_a_bad_file_is_refused_with_the_line_and_what_to_write(
    client: TestClient, workspace: Workspace
) -> None:
    sign_in(client, "admin@example.org")
    bad = (
        "organisation: {slug: acme, name: Acme}\n"
        "initiatives:\n"
        "  - {slug: x, name: X, kind: blog2}\n"
    )
    status, page = upload(client, "acme.yaml", bad)
    assert status == 400
    assert "the organisation file does not fit:\n  acme.yaml:3: initiatives[0].kind: " in page
    assert "kind &#39;blog2&#39; is not one of wiki" in page and "/tmp" not in page
    assert [o.name for o in organisations(workspace)] == ["Acme BV"]  # nothing changed
