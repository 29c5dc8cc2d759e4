"""Jobs started from uploads: an organisation file that may add its organisation, and an upload
refused before it is queued, which leaves nothing in the workspace."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest

from wi3.errors import AccessError, InputError
from wi3.service import (
    Job,
    Workspace,
    import_job,
    initiatives,
    organisations,
    save_upload,
    start_import,
    start_organisation_import,
)

GLOBEX = b"""\
organisation: {slug: globex, name: Globex}
units:
  - {path: sales, name: Sales}
initiatives:
  - {slug: forum, name: Forum, kind: forum, unit: sales}
"""


def ended(ws: Workspace, job: Job) -> Job:
    for thread in threading.enumerate():
        if thread.name == f"wi3-import-{job.id}":
            thread.join(timeout=60)
    return import_job(ws, job.organisation, job.id)


def test_an_organisation_file_adds_its_organisation_and_the_job_fills_it(team: Workspace) -> None:
    saved = save_upload(team, "globex.yaml", io.BytesIO(GLOBEX))
    job = ended(team, start_organisation_import(team, saved, uploaded=True))
    assert job.organisation == "globex" and job.state == "done", job.error
    assert job.result == {"added": 1, "updated": 0, "unchanged": 0}
    assert [r.slug for r in initiatives(team, "globex")] == ["forum"]
    assert not saved.parent.exists()


def test_a_refused_organisation_file_adds_nothing_and_leaves_no_upload(team: Workspace) -> None:
    def only_existing(slug: str, new: bool) -> None:
        if new:
            raise AccessError(f"{slug} is new")

    saved = save_upload(team, "globex.yaml", io.BytesIO(GLOBEX))
    with pytest.raises(AccessError, match="globex is new"):
        start_organisation_import(team, saved, only_existing, uploaded=True)
    assert [o.slug for o in organisations(team)] == ["acme"]
    assert not saved.parent.exists()
    bad = save_upload(team, "bad.yaml", io.BytesIO(b"organisation: {slug: x}\n"))
    with pytest.raises(InputError) as refused:
        start_organisation_import(team, bad, uploaded=True)
    assert str(refused.value).startswith("the organisation file does not fit:\n  bad.yaml:1:")
    assert str(team.path) not in str(refused.value)
    assert not bad.parent.exists()


def test_an_upload_refused_before_it_runs_is_removed(team: Workspace, tmp_path: Path) -> None:
    saved = save_upload(team, "export.zip", io.BytesIO(b"PK"))
    with pytest.raises(InputError, match="'myspace' is not a platform wi3 reads"):
        start_import(
            team, None, "export", saved, source="myspace", initiative="chat", uploaded=True
        )
    assert list((team.path / "uploads").iterdir()) == []
    kept = tmp_path / "export.zip"  # a file on the server is never removed
    kept.write_bytes(b"PK")
    with pytest.raises(InputError):
        start_import(team, None, "export", kept, source="myspace", initiative="chat")
    assert kept.exists()


def test_an_organisation_another_import_adds_meanwhile_is_no_error(team: Workspace) -> None:
    """Two uploads of a new organisation at once: the second to store it finds it stored and
    goes on (here the other import runs between the check and the insert, every time)."""
    from wi3.service import import_organisation_file

    saved = save_upload(team, "globex.yaml", io.BytesIO(GLOBEX))
    other = saved.parent.parent / "other-globex.yaml"
    other.write_bytes(GLOBEX)

    def meanwhile(slug: str, new: bool) -> None:
        assert new
        import_organisation_file(team, other)

    job = ended(team, start_organisation_import(team, saved, meanwhile, uploaded=True))
    assert job.state == "done", job.error
    assert job.result == {"added": 0, "updated": 0, "unchanged": 1}
    assert [o.slug for o in organisations(team)] == ["acme", "globex"]
