"""Imports with progress through the web: uploads (and server paths) start background jobs, the
job page follows them to their summary or error, refusals say why next to the form, and no
organisation sees another's jobs. On SQLite and PostgreSQL, through FastAPI's TestClient."""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from wi3.cli import app as cli_app
from wi3.service import event_counts, import_job, organisations, start_import
from wi3.store import ImportJob, Organisation
from wi3.web import Settings, create_app

from .conftest import GLOBEX, Site, csrf_of, sign_in

Browser = Callable[[str], TestClient]

ACME_RENAMED = "organisation: {slug: acme, name: Acme Group}\n"
INITECH = """\
organisation: {slug: initech, name: Initech}
initiatives:
  - {slug: tps-wiki, name: TPS wiki, kind: wiki}
"""


def finished(client: TestClient, job_url: str, timeout: float = 120) -> str:
    """The job page once the job has ended, polled through its progress fragment."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        fragment = client.get(f"{job_url}/progress")
        assert fragment.status_code == 200, fragment.text
        if "hx-get" not in fragment.text:  # an ended job's fragment polls no more
            return client.get(job_url).text
        time.sleep(0.1)
    raise AssertionError(f"{job_url} still running after {timeout} s")


def upload(
    client: TestClient,
    path: str,
    files: dict[str, tuple[str, bytes]],
    page: str = "/orgs/acme/imports",
    **fields: str,
) -> Any:
    token = csrf_of(client.get(page).text)
    return client.post(
        path, data={"csrf_token": token, **fields}, files=files, follow_redirects=False
    )


def start(client: TestClient, kind: str, name: str, content: bytes, **fields: str) -> Any:
    return upload(client, "/orgs/acme/imports", {"file": (name, content)}, kind=kind, **fields)


def uploads_left(site: Site) -> list[Path]:
    folder = site.workspace.path / "uploads"
    return [p for p in folder.iterdir()] if folder.exists() else []


def test_an_administrator_adds_an_organisation_through_a_job(
    site: Site, browser_as: Browser
) -> None:
    client = browser_as("admin@example.org")
    response = upload(client, "/orgs/import", {"file": ("initech.yaml", INITECH.encode())}, "/orgs")
    assert response.status_code == 303
    job_url = response.headers["location"]
    assert re.fullmatch(r"/orgs/initech/imports/\d+", job_url)
    page = finished(client, job_url)
    assert 'data-state="done"' in page
    assert "organisation initech: initiatives 1 added, 0 updated, 0 unchanged" in page
    assert 'data-count="added"' in page
    assert "initech" in [o.slug for o in organisations(site.workspace)]
    assert uploads_left(site) == []  # the job removed its upload


def test_an_analyst_updates_their_organisation_but_adds_none(
    site: Site, browser_as: Browser
) -> None:
    client = browser_as("analyst@acme.example")
    refused = upload(
        client,
        "/orgs/import",
        {"file": ("x.yaml", b"organisation: {slug: newco, name: New}\n")},
        "/orgs",
    )
    assert refused.status_code == 403
    assert "only an administrator of the workspace may add organisations" in refused.text
    assert "newco" not in [o.slug for o in organisations(site.workspace)]
    assert uploads_left(site) == []  # a refused upload is removed at once
    other = upload(client, "/orgs/import", {"file": ("g.yaml", GLOBEX.encode())}, "/orgs")
    assert other.status_code == 404  # Globex does not exist for them
    done = start(client, "organisation", "acme.yaml", ACME_RENAMED.encode())
    assert done.status_code == 303
    assert "organisation acme: initiatives 0 added" in finished(client, done.headers["location"])
    assert [o.name for o in organisations(site.workspace) if o.slug == "acme"] == ["Acme Group"]
    start(client, "organisation", "acme.yaml", b"organisation: {slug: acme, name: Acme BV}\n")


def test_an_organisation_file_of_another_organisation_is_refused_on_its_page(
    site: Site, browser_as: Browser
) -> None:
    client = browser_as("admin@example.org")
    response = start(client, "organisation", "globex.yaml", GLOBEX.encode())
    assert response.status_code == 400
    assert "this file describes organisation &#39;globex&#39;, not &#39;acme&#39;" in response.text
    assert 'id="problem-organisation"' in response.text
    assert 'aria-describedby="problem-organisation"' in response.text


def test_a_bad_organisation_file_is_refused_with_its_line_and_what_to_write(
    site: Site, browser_as: Browser
) -> None:
    client = browser_as("admin@example.org")
    bad = (
        "organisation: {slug: acme, name: Acme}\n"
        "initiatives:\n"
        "  - {slug: x, name: X, kind: blog2}\n"
    )
    response = upload(client, "/orgs/import", {"file": ("acme.yaml", bad.encode())}, "/orgs")
    assert response.status_code == 400
    text = response.text
    assert "the organisation file does not fit:\n  acme.yaml:3: initiatives[0].kind: " in text
    assert "kind &#39;blog2&#39; is not one of wiki" in text
    assert str(site.workspace.path) not in text and "/uploads/" not in text
    assert 'id="problem-organisation"' in text
    assert [o.name for o in organisations(site.workspace) if o.slug == "acme"] == ["Acme BV"]
    assert uploads_left(site) == []


def test_a_platform_export_is_read_in_the_background_with_its_summary(
    site: Site, browser_as: Browser, fixture_path: Path
) -> None:
    client = browser_as("analyst@acme.example")
    page = client.get("/orgs/acme/initiatives/hr-chat/imports").text
    assert '<option value="slack" selected>' in page  # the initiative's platform, preselected
    export = (fixture_path / "vivaengage" / "network.zip").read_bytes()
    response = upload(
        client,
        "/orgs/acme/imports",
        {"file": ("network.zip", export)},
        "/orgs/acme/initiatives/hr-chat/imports",
        kind="export",
        initiative="hr-chat",
        source="vivaengage",
    )
    assert response.status_code == 303, response.text
    job_url = response.headers["location"]
    page = finished(client, job_url)
    job = import_job(site.workspace, "acme", int(job_url.rsplit("/", 1)[1]))
    assert job.state == "done" and job.result is not None, job.error
    assert job.summary is not None and job.summary in page
    added = job.result["events_added"]
    assert added > 0 and job.result["repeats"] == 0
    assert sum(event_counts(site.workspace, "acme", "hr-chat").totals.values()) == added
    counts = dict(re.findall(r'data-count="(\w+)"><dt>[^<]+</dt><dd>([\d,]+)</dd>', page))
    assert counts["events_added"] == f"{added:,}" and counts["repeats"] == "0"
    assert 'id="job-file">network.zip<' in page
    listed = client.get("/orgs/acme/initiatives/hr-chat/imports").text
    assert f'data-job="{job.id}" data-state="done"' in listed
    again = finished(
        client,
        upload(
            client,
            "/orgs/acme/imports",
            {"file": ("network.zip", export)},
            kind="export",
            initiative="hr-chat",
            source="vivaengage",
        ).headers["location"],
    )
    repeats = dict(re.findall(r'data-count="(\w+)"><dt>[^<]+</dt><dd>([\d,]+)</dd>', again))
    assert repeats["events_added"] == "0" and repeats["repeats"] == f"{added:,}"


@pytest.mark.parametrize(
    ("kind", "name", "fields", "expected"),
    [
        (
            "export",
            "not-a-zip.zip",
            {"source": "slack", "initiative": "hr-chat"},
            "cannot read Slack export not-a-zip.zip: it is not a zip archive but JSON text",
        ),
        ("people", "bad-level.csv", {}, "bad-level.csv:2: level &#39;boss&#39; is not one of"),
    ],
)
def test_a_bad_file_fails_its_job_with_the_line_and_what_to_do(
    site: Site,
    browser_as: Browser,
    fixture_path: Path,
    kind: str,
    name: str,
    fields: dict[str, str],
    expected: str,
) -> None:
    folder = "slack" if kind == "export" else "people"
    client = browser_as("analyst@acme.example")
    response = start(client, kind, name, (fixture_path / folder / name).read_bytes(), **fields)
    assert response.status_code == 303, response.text
    page = finished(client, response.headers["location"])
    assert 'data-state="failed"' in page and 'id="job-error"' in page
    assert expected in page
    assert str(site.workspace.path) not in page
    assert uploads_left(site) == []


def test_a_refused_form_says_why_next_to_it(site: Site, browser_as: Browser) -> None:
    client = browser_as("analyst@acme.example")
    empty = upload(client, "/orgs/acme/imports", {}, kind="people")
    assert empty.status_code == 400 and 'id="problem-people"' in empty.text
    assert "choose the file to upload" in empty.text
    unknown = start(client, "export", "x.zip", b"PK", source="myspace", initiative="hr-chat")
    assert unknown.status_code == 400
    assert "&#39;myspace&#39; is not a platform wi3 reads; choose one of" in unknown.text
    assert 'id="problem-export"' in unknown.text  # on the initiative's page, by its form
    assert "<h1>Imports of HR chat</h1>" in unknown.text
    no_mapping = start(client, "survey", "s.csv", b"a,b\n", initiative="hr-chat", round_name="Q1")
    assert no_mapping.status_code == 400 and "needs its mapping file" in no_mapping.text
    assert uploads_left(site) == []
    path = upload(client, "/orgs/acme/imports", {}, kind="people", on_server="people.csv")
    assert path.status_code == 403  # only administrators name server paths
    assert "only an administrator of acme may import a file by its path" in path.text


def test_a_viewer_reads_the_jobs_but_starts_none(site: Site, browser_as: Browser) -> None:
    client = browser_as("viewer@acme.example")
    page = client.get("/orgs/acme/imports").text
    assert "Recent imports" in page and 'name="kind"' not in page
    refused = start(client, "people", "p.csv", b"person_id\n")
    assert refused.status_code == 403
    assert "your role in acme (viewer) does not allow this" in refused.text
    owner = browser_as("owner@acme.example")
    assert start(owner, "people", "p.csv", b"person_id\n").status_code == 403


def test_another_organisations_job_does_not_exist(site: Site, browser_as: Browser) -> None:
    job = start_import(
        site.workspace, "globex", "organisation", site.workspace.path.parent / "globex.yaml"
    )
    client = browser_as("analyst@acme.example")
    for path in (f"/orgs/acme/imports/{job.id}", f"/orgs/acme/imports/{job.id}/progress"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Globex" not in response.text
    assert client.get(f"/orgs/globex/imports/{job.id}").status_code == 404
    api = TestClient(site.app)
    bearer = {"Authorization": f"Bearer {site.tokens['analyst@acme.example']}"}
    assert (
        api.get(f"/api/v1/organisations/acme/imports/{job.id}", headers=bearer).status_code == 404
    )
    listed = api.get("/api/v1/organisations/acme/imports", headers=bearer).json()
    assert job.id not in [j["id"] for j in listed]


def test_an_upload_needs_the_sessions_csrf_token(site: Site, browser_as: Browser) -> None:
    client = browser_as("analyst@acme.example")
    refused = client.post(
        "/orgs/acme/imports", data={"kind": "people"}, files={"file": ("p.csv", b"person_id\n")}
    )
    assert refused.status_code == 403 and "security token" in refused.text
    assert uploads_left(site) == []


@pytest.fixture
def small_site(site: Site, tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    """The same workspace served with a 1 MB upload cap and a server import folder."""
    folder = tmp_path / "exports"
    folder.mkdir()
    app = create_app(Settings(workspace=site.workspace.path, max_upload_mb=1, import_folder=folder))
    with TestClient(app) as client:
        yield client, folder
    app.state.workspace.close()


def test_an_upload_over_the_cap_is_refused_with_what_to_do(
    small_site: tuple[TestClient, Path], site: Site
) -> None:
    client, _ = small_site
    sign_in(client, "analyst@acme.example")
    over = start(client, "people", "big.csv", b"x" * 1_500_000)
    assert over.status_code == 400 and 'id="problem-people"' in over.text
    assert "big.csv: the file is larger than 1 MB, the most this server takes" in over.text
    far_over = start(client, "people", "huge.csv", b"x" * 2_100_000)
    assert far_over.status_code == 413
    assert "The upload is larger than 1 MB" in far_over.text
    assert uploads_left(site) == []


def test_an_administrator_imports_a_file_on_the_server_by_its_path(
    small_site: tuple[TestClient, Path], site: Site, fixture_path: Path
) -> None:
    client, folder = small_site
    (folder / "directory.csv").write_bytes((fixture_path / "people" / "directory.csv").read_bytes())
    sign_in(client, "admin@example.org")
    page = client.get("/orgs/acme/imports").text
    assert 'name="on_server"' in page and str(folder) in page
    outside = upload(client, "/orgs/acme/imports", {}, kind="people", on_server="../../etc/passwd")
    assert outside.status_code == 400
    assert "this path leads outside the import folder" in outside.text
    both = start(client, "people", "p.csv", b"person_id\n", on_server="directory.csv")
    assert both.status_code == 400 and "not both" in both.text
    done = upload(client, "/orgs/acme/imports", {}, kind="people", on_server="directory.csv")
    assert done.status_code == 303, done.text
    page = finished(client, done.headers["location"])
    assert 'data-state="done"' in page and 'data-count="people"' in page
    assert (folder / "directory.csv").exists()  # a server file is never removed


def test_without_an_import_folder_no_path_is_taken(site: Site, browser_as: Browser) -> None:
    client = browser_as("admin@example.org")
    assert 'name="on_server"' not in client.get("/orgs/acme/imports").text
    refused = upload(client, "/orgs/acme/imports", {}, kind="people", on_server="/etc/passwd")
    assert refused.status_code == 400
    assert "this server imports no files by their path" in refused.text


def test_a_job_interrupted_by_a_stop_shows_as_interrupted_after_a_restart(
    site: Site, browser_as: Browser
) -> None:
    """A job whose process ended (here: a runner that no longer exists) is marked interrupted
    when the app starts again, and its page says so and what to do."""
    with site.workspace.store.transaction() as session:
        org_id = session.scalar(select(Organisation.id).where(Organisation.slug == "acme"))
        row = ImportJob(
            organisation_id=org_id,
            kind="people",
            initiative=None,
            path=str(site.workspace.path / "gone.csv"),
            uploaded=False,
            options={},
            state="running",
            runner=f"{socket.gethostname()}:2147483646:1",  # no such process
            records_read=42,
        )
        session.add(row)
        session.flush()
        job_id = row.id
    restarted = create_app(Settings(workspace=site.workspace.path))
    with TestClient(restarted) as client:
        sign_in(client, "viewer@acme.example")
        page = client.get(f"/orgs/acme/imports/{job_id}").text
        assert 'data-state="interrupted"' in page
        assert "the import was interrupted" in page and "start it again" in page
        assert "hx-get" not in page
        assert (
            f'data-job="{job_id}" data-state="interrupted"' in client.get("/orgs/acme/imports").text
        )
    restarted.state.workspace.close()


def test_the_api_starts_an_import_and_follows_its_job(site: Site, fixture_path: Path) -> None:
    with TestClient(site.app) as api:
        api.headers["Authorization"] = f"Bearer {site.tokens['analyst@acme.example']}"
        csv = (fixture_path / "people" / "directory.csv").read_bytes()
        made = api.post(
            "/api/v1/organisations/acme/imports",
            data={"kind": "people"},
            files={"file": ("directory.csv", csv)},
        )
        assert made.status_code == 202, made.text
        job = made.json()
        assert job["organisation"] == "acme" and job["file"] == "directory.csv"
        deadline = time.monotonic() + 60
        while job["state"] in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(0.05)
            job = api.get(f"/api/v1/organisations/acme/imports/{job['id']}").json()
        assert job["state"] == "done" and job["result"]["people"] > 0, job
        listed = api.get("/api/v1/organisations/acme/imports").json()
        assert listed[0]["id"] == job["id"]
        bad = api.post("/api/v1/organisations/acme/imports", data={"kind": "people"}, files={})
        assert bad.status_code == 400 and "choose the file to upload" in bad.json()["detail"]
        viewer = {"Authorization": f"Bearer {site.tokens['viewer@acme.example']}"}
        denied = api.post(
            "/api/v1/organisations/acme/imports",
            data={"kind": "people"},
            files={"file": ("directory.csv", csv)},
            headers=viewer,
        )
        assert denied.status_code == 403
        schema = api.get("/api/v1/openapi.json").json()
        assert "/api/v1/organisations/{org}/imports/{job}" in schema["paths"]


@pytest.mark.realdata
def test_a_real_export_uploaded_over_http_reads_as_the_command_line_reads_it(
    site: Site, browser_as: Browser, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The R-devel Slack workspace export (12,564 messages), uploaded through the page, and
    the same file read by `wi3 ingest` in a workspace of its own: the same summary."""
    export = data_dir / "slack-r-devel-community" / "r-devel-slack-export.zip"
    client = browser_as("analyst@acme.example")
    response = upload(
        client,
        "/orgs/acme/imports",
        {"file": (export.name, export.read_bytes())},
        kind="export",
        initiative="r-devel",
        source="slack",
    )
    assert response.status_code == 303, response.text
    job_url = response.headers["location"]
    page = finished(client, job_url, 300)
    job = import_job(site.workspace, "acme", int(job_url.rsplit("/", 1)[1]))
    assert job.state == "done", job.error
    assert job.result is not None and job.summary is not None and job.summary in page

    monkeypatch.delenv("WI3_DATABASE_URL", raising=False)
    runner = CliRunner()
    folder = tmp_path / "cli"
    organisation = tmp_path / "acme.yaml"
    organisation.write_text("organisation: {slug: acme, name: Acme}\n")
    for args in (["init"], ["org", "import", str(organisation)]):
        assert runner.invoke(cli_app, ["-w", str(folder), *args]).exit_code == 0
    cli = runner.invoke(
        cli_app, ["-w", str(folder), "ingest", "slack", str(export), "--initiative", "r-devel"]
    )
    assert cli.exit_code == 0, cli.output
    assert " ".join(job.summary.split()) in " ".join(cli.output.split())
    assert job.result["records"] == 12_564 and job.result["skipped"] == 0
    assert f"{job.result['events_added']:,} new events" in cli.output
