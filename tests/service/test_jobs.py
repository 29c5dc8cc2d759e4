"""Imports run in the background: progress, summary, errors, restarts and interruptions."""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from wi3.errors import ExportError, InputError, NotFoundError
from wi3.service import (
    Job,
    Workspace,
    event_counts,
    import_job,
    import_jobs,
    import_organisation_file,
    ingest,
    open_workspace,
    run_import_job,
    save_upload,
    start_import,
)
from wi3.store import Import, ImportJob


def finished(ws: Workspace, job: Job, timeout: float = 120) -> Job:
    """The job once it has ended, polled as a page would."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = import_job(ws, None, job.id)
        if job.finished:
            return job
        time.sleep(0.05)
    raise AssertionError(f"import job {job.id} still {job.state} after {timeout} s")


def test_an_export_job_records_its_summary_and_never_imports_twice(
    team: Workspace, fixture_path: Path
) -> None:
    export = fixture_path / "slack" / "workspace"
    first = finished(
        team, start_import(team, None, "export", export, source="slack", initiative="chat")
    )
    assert first.state == "done", first.error
    assert first.result is not None
    assert first.result["events_added"] > 0 and first.result["repeats"] == 0
    assert first.records_read == first.result["records"] > 0
    assert first.summary is not None and first.summary.startswith(
        f"{first.result['records'] - first.result['skipped']:,} of"
    )
    assert first.file == "workspace" and first.started_at and first.finished_at
    again = finished(
        team, start_import(team, None, "export", export, source="slack", initiative="chat")
    )
    assert again.result is not None
    assert (again.result["events_added"], again.result["repeats"]) == (
        0,
        first.result["events_added"],
    )
    assert [j.id for j in import_jobs(team, None)] == [again.id, first.id]


def test_an_uploaded_export_is_read_and_then_removed(team: Workspace, fixture_path: Path) -> None:
    data = (fixture_path / "vivaengage" / "network.zip").read_bytes()
    saved = save_upload(team, "../../Network export (1).zip", io.BytesIO(data))
    assert saved.parent.parent == team.path / "uploads"
    assert saved.name == "Network_export_1_.zip"
    job = finished(
        team,
        start_import(
            team, None, "export", saved, source="vivaengage", initiative="esn", uploaded=True
        ),
    )
    assert job.state == "done", job.error
    assert not saved.parent.exists()
    assert job.result is not None
    assert sum(event_counts(team, None, "esn").totals.values()) == job.result["events_added"]


def test_a_failed_job_says_what_the_command_line_says(team: Workspace, fixture_path: Path) -> None:
    broken = fixture_path / "slack" / "truncated.zip"
    with pytest.raises(ExportError) as direct:
        ingest(team, None, "slack", broken, "chat")
    job = finished(
        team, start_import(team, None, "export", broken, source="slack", initiative="chat")
    )
    assert (job.state, job.error) == ("failed", str(direct.value))
    uploaded = save_upload(team, "truncated.zip", io.BytesIO(broken.read_bytes()))
    job = finished(
        team,
        start_import(
            team, None, "export", uploaded, source="slack", initiative="chat", uploaded=True
        ),
    )
    assert job.error == str(direct.value).replace(str(broken), "truncated.zip")
    assert str(team.path) not in (job.error or "")
    with team.store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Import)) == 0


def test_files_of_every_kind_go_through_jobs(
    team: Workspace, fixture_path: Path, tmp_path: Path
) -> None:
    people = finished(
        team, start_import(team, None, "people", fixture_path / "people" / "directory.csv")
    )
    assert people.state == "done" and people.summary and people.summary.startswith("4 people")
    assessments = finished(
        team, start_import(team, None, "assessments", fixture_path / "survey" / "assessment.yaml")
    )
    assert (assessments.state, assessments.result) == ("done", {"imported": 2, "already": 0})
    survey = fixture_path / "survey"
    answered = finished(
        team,
        start_import(
            team,
            None,
            "survey",
            survey / "forms-export.csv",
            initiative="team-wiki",
            mapping=survey / "mapping.yaml",
            round_name="2026 Q1",
        ),
    )
    assert answered.state == "done" and answered.result and answered.result["imported"] == 7
    bad = finished(
        team,
        start_import(
            team,
            None,
            "survey",
            survey / "out-of-range.csv",
            initiative="team-wiki",
            mapping=survey / "mapping.yaml",
            round_name="2026 Q2",
        ),
    )
    assert bad.state == "failed" and f"{survey / 'out-of-range.csv'}:" in (bad.error or "")
    other = tmp_path / "other.yaml"
    other.write_text("organisation: {slug: globex, name: Globex}\n")
    refused = finished(team, start_import(team, None, "organisation", other))
    assert refused.error == (
        f"{other}: this file describes organisation 'globex', not 'acme'; import a file whose "
        "`organisation:` has slug acme"
    )


def test_a_job_that_cannot_run_is_refused_before_it_is_queued(
    team: Workspace, fixture_path: Path, tmp_path: Path
) -> None:
    export = fixture_path / "slack" / "workspace"
    cases = [
        (dict(kind="backup", path=export), "'backup' is not a kind of import"),
        (dict(kind="export", path=export, source="teams", initiative="x"), "'teams' is not a"),
        (dict(kind="export", path=export, source="slack"), "name the initiative the export"),
        (dict(kind="export", path=export, source="csv", initiative="x"), "needs its mapping"),
        (dict(kind="people", path=tmp_path / "missing.csv"), "no such file or folder on the"),
        (
            dict(kind="export", path=export, source="slack", initiative="Bad Name"),
            "initiative 'Bad Name' is not a slug",
        ),
    ]
    for given, message in cases:
        kind, path = given.pop("kind"), given.pop("path")
        with pytest.raises(InputError, match=message):
            start_import(team, None, kind, path, **given)  # type: ignore[arg-type]
    with team.store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(ImportJob)) == 0


def test_jobs_survive_a_restart_and_stay_in_their_organisation(
    team: Workspace, fixture_path: Path, tmp_path: Path
) -> None:
    job = finished(
        team, start_import(team, None, "people", fixture_path / "people" / "directory.csv")
    )
    with pytest.raises(InputError, match="is not waiting to run"):
        run_import_job(team, job.id)
    other = tmp_path / "globex.yaml"
    other.write_text("organisation: {slug: globex, name: Globex}\n")
    import_organisation_file(team, other)
    team.close()
    reopened = open_workspace(team.path)
    try:
        again = import_job(reopened, "acme", job.id)
        assert (again.state, again.summary, again.result) == (job.state, job.summary, job.result)
        with pytest.raises(NotFoundError, match="globex has no import job"):
            import_job(reopened, "globex", job.id)
        assert import_jobs(reopened, "globex") == []
    finally:
        reopened.close()


def test_a_job_whose_process_ended_is_marked_interrupted(
    team: Workspace, fixture_path: Path
) -> None:
    saved = save_upload(team, "directory.csv", io.BytesIO(b"person_id,unit\nE1,ict\n"))
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    with team.store.transaction() as session:
        row = ImportJob(
            organisation_id=1,
            kind="people",
            path=str(saved),
            uploaded=True,
            options={},
            state="running",
            runner=f"{socket.gethostname()}:{ended.stdout.strip()}:0",
        )
        session.add(row)
        session.flush()
        job_id = row.id
    job = import_job(team, None, job_id)
    assert job.state == "interrupted"
    assert job.error == (
        "the import was interrupted: the process running it ended before it finished. Nothing "
        "of it was stored; start it again, uploading the file anew."
    )
    assert not saved.parent.exists()
    # a job of another host counts as interrupted only once its heartbeat is old
    with team.store.transaction() as session:
        session.execute(
            update(ImportJob)
            .where(ImportJob.id == job_id)
            .values(state="running", runner="elsewhere:1:1")
        )
    assert import_job(team, None, job_id).state == "running"


KILLED = """
import sys, time
from pathlib import Path
from wi3.service import open_workspace, start_import
ws = open_workspace(Path(sys.argv[1]))
start_import(ws, None, "export", Path(sys.argv[2]), source="mbox", initiative="r-lists")
time.sleep(600)
"""


@pytest.mark.realdata
def test_a_killed_import_leaves_nothing_and_runs_again_whole(
    team: Workspace, data_dir: Path
) -> None:
    """A real export (eight R mailing lists, 51 k mails) killed while it is being read."""
    export = data_dir / "mailinglists-r-project"
    runner = subprocess.Popen([sys.executable, "-c", KILLED, str(team.path), str(export)])
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            jobs = import_jobs(team, None)
            if jobs and jobs[0].records_read > 0:
                break
            time.sleep(0.05)
        assert jobs and jobs[0].state == "running", jobs
    finally:
        os.kill(runner.pid, signal.SIGKILL)
        runner.wait()
    [killed] = import_jobs(team, None)
    assert killed.state == "interrupted" and killed.records_read > 0
    with pytest.raises(NotFoundError, match="no initiative 'r-lists'"):
        event_counts(team, None, "r-lists")  # the initiative it would have registered
    events = team.events()
    assert events.files("acme") == [] and events.unpublished("acme") == []
    with team.store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Import)) == 0
    whole = finished(
        team, start_import(team, None, "export", export, source="mbox", initiative="r-lists"), 600
    )
    assert whole.state == "done", whole.error
    assert whole.result is not None and whole.result["events_added"] > 40_000
    assert sum(event_counts(team, None, "r-lists").totals.values()) == whole.result["events_added"]
