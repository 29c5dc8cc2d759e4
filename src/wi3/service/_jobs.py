"""Imports run in the background, with their progress and outcome kept in the store.

A job reads one file into an organisation: a platform export (for an initiative), an
organisation file, a people directory, owner assessments or a survey export. It runs the same
service function the command line runs, so it stores the same things and fails with the same
message (file, line, what to write instead). While it reads an export it records how many
records it has read; when it ends it records its summary — read, skipped with reasons, new
events, repeats — or its error. Everything is in the application store, so a page reloaded, or
another web worker, shows the same.

An import is atomic (see `wi3.service._ingest`), so a job whose process ends in the middle
leaves nothing half-written. `recover_jobs` (run when the application starts, and whenever jobs
are listed) finds such a job by its runner — the host, process id and process start time of
the process running it — marks it interrupted and settles what its import left in the event
store. A job of another host is judged by its heartbeat instead.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select, update

from wi3.connectors import CONNECTORS
from wi3.errors import InputError, NotFoundError, StoreError, Wi3Error
from wi3.service._ingest import ingest
from wi3.service._organisation import check_slug, import_organisation_file, read_organisation_file
from wi3.service._people import import_people
from wi3.service._questionnaires import import_assessments, import_survey
from wi3.service._workspace import Workspace, find_organisation
from wi3.store import JOB_KINDS, Import, ImportJob, Initiative, Organisation

logger = logging.getLogger(__name__)

UPLOADS = "uploads"
"""The workspace folder uploaded files are kept in until their job ends."""

PROGRESS_EVERY = 0.5
"""Seconds between two progress records of a running job."""

STALE_AFTER = timedelta(minutes=15)
"""How long a job of another host may go without a heartbeat before it counts as interrupted."""

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Job:
    """An import job as a page shows it: what it reads, how far it got, how it ended."""

    id: int
    organisation: str
    kind: str
    initiative: str | None
    file: str
    """The name of the file it reads (never the folder it was uploaded to)."""
    state: str
    """queued, running, done, failed or interrupted."""
    records_read: int
    result: dict[str, Any] | None
    """The final counts. An export: records (read, skipped ones included), skipped,
    events_added, repeats (events already stored), accounts, accounts_new; the skip reasons are
    in `summary`. An organisation file: added, updated, unchanged (initiatives). A people
    directory: people, added. Assessments: imported, already. A survey: records, imported,
    already, skipped."""
    summary: str | None
    """What the command line prints for the same import."""
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed", "interrupted")


def _job(row: ImportJob, org_slug: str) -> Job:
    return Job(
        id=row.id,
        organisation=org_slug,
        kind=row.kind,
        initiative=row.initiative,
        file=Path(row.path).name,
        state=row.state,
        records_read=row.records_read,
        result=row.result,
        summary=row.summary,
        error=row.error,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
    )


def save_upload(ws: Workspace, filename: str, content: IO[bytes]) -> Path:
    """Save an uploaded file in a folder of its own under the workspace, and say where.

    Only the last part of `filename` is kept, in safe characters, so an upload cannot write
    outside its folder. A job started with `uploaded=True` removes the folder when it ends.
    """
    name = _UNSAFE.sub("_", Path(filename.replace("\\", "/")).name).strip("._") or "upload"
    folder = ws.path / UPLOADS / secrets.token_hex(8)
    folder.mkdir(parents=True)
    target = folder / name
    with target.open("wb") as out:
        shutil.copyfileobj(content, out, 1024 * 1024)
    return target


def _as_uploaded(message: str, path: Path, uploaded: bool) -> str:
    """`message` naming an uploaded file by its own name, not by its folder in the workspace."""
    return message.replace(str(path.parent) + os.sep, "") if uploaded else message


def _process_start(pid: int) -> str:
    """When process `pid` started, in clock ticks since boot ("" where /proc cannot tell)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rpartition(")")[2].split()[19]


def _runner() -> str:
    """The runner name of this process: host, process id and process start time."""
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_process_start(pid)}"


def _gone(runner: str | None, heartbeat: datetime | None, now: datetime) -> bool:
    """Whether the process that runs (or was to run) a job has ended."""
    if runner is None:
        return True
    host, pid, started = runner.rsplit(":", 2)
    if host != socket.gethostname():
        return heartbeat is None or now - heartbeat > STALE_AFTER
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # alive, under another user
    return _process_start(int(pid)) != started


def _upload_folders(ws: Workspace, row: ImportJob) -> list[Path]:
    """The upload folders of a job's files; never anything outside the workspace's uploads."""
    if not row.uploaded:
        return []
    uploads = (ws.path / UPLOADS).resolve()
    files = [row.path, row.options.get("mapping")]
    folders = [Path(f).resolve().parent for f in files if isinstance(f, str)]
    return [folder for folder in folders if folder.parent == uploads]


def _remove_uploads(ws: Workspace, row: ImportJob) -> None:
    for folder in _upload_folders(ws, row):
        shutil.rmtree(folder, ignore_errors=True)


def recover_jobs(ws: Workspace) -> list[Job]:
    """Mark the jobs whose process ended before they did as interrupted, and settle what their
    imports left in the event store; the jobs so marked."""
    now = datetime.now(UTC)
    with ws.store.transaction() as session:
        rows = session.execute(
            select(ImportJob, Organisation.slug)
            .join(Organisation, Organisation.id == ImportJob.organisation_id)
            .where(ImportJob.state.in_(("queued", "running")))
        ).all()
        jobs = []
        for row, org_slug in rows:
            if not _gone(row.runner, row.heartbeat_at or row.created_at, now):
                continue
            row.state = "interrupted"
            row.error = (
                "the import was interrupted: the process running it ended before it finished. "
                "Nothing of it was stored; start it again"
                + (", uploading the file anew." if row.uploaded else ".")
            )
            row.finished_at = now
            _remove_uploads(ws, row)
            jobs.append(_job(row, org_slug))
    if jobs:
        ws.events()  # opening the event store settles the imports of ended processes
        logger.warning("%d import job(s) were interrupted", len(jobs))
    return jobs


def _check(
    kind: str,
    path: Path,
    initiative: str | None,
    source: str | None,
    mapping: Path | None,
    round_name: str | None,
) -> None:
    """Refuse a job that cannot run, before it is queued.

    Raises:
        InputError: naming what is missing or wrong.
    """
    if kind not in JOB_KINDS:
        raise InputError(f"{kind!r} is not a kind of import; choose one of {', '.join(JOB_KINDS)}")
    if kind in ("export", "survey") and initiative is None:
        raise InputError(f"name the initiative the {kind} is imported into")
    if initiative is not None:
        check_slug(initiative, "initiative")
    if kind == "export" and source not in CONNECTORS:
        raise InputError(
            f"{source!r} is not a platform wi3 reads; choose one of {', '.join(sorted(CONNECTORS))}"
        )
    if (kind == "survey" or source == "csv") and mapping is None:
        raise InputError(f"a {source if kind == 'export' else kind} import needs its mapping file")
    if kind == "survey" and not (round_name or "").strip():
        raise InputError("name the survey round the responses are imported into")
    for given in (path, mapping):
        if given is not None and not given.exists():
            raise InputError(f"{given}: no such file or folder on the server; check the path")


def start_import(
    ws: Workspace,
    org_slug: str | None,
    kind: str,
    path: Path,
    *,
    initiative: str | None = None,
    source: str | None = None,
    mapping: Path | None = None,
    round_name: str | None = None,
    opened_on: date | None = None,
    strict: bool = False,
    partial: bool = False,
    exported: date | None = None,
    uploaded: bool = False,
) -> Job:
    """Queue an import of `path` and start it in a background thread of this process.

    `kind` is export (a platform export of `source` for `initiative`), organisation, people,
    assessments or survey (for `initiative`, into `round_name`); the other options are those
    of the command line. `uploaded` says the files were saved with `save_upload`, to be removed
    when the job ends, or at once when it is refused. Follow it with `import_job`.

    Raises:
        InputError: when the job cannot run (unknown kind or source, missing file or option).
        NotFoundError: for an unknown organisation.
    """
    try:
        _check(kind, path, initiative, source, mapping, round_name)
    except InputError as exc:
        if uploaded:
            shutil.rmtree(path.parent, ignore_errors=True)
            if mapping is not None:
                shutil.rmtree(mapping.parent, ignore_errors=True)
        raise InputError(_as_uploaded(str(exc), path, uploaded)) from exc
    options = {
        "source": source,
        "mapping": None if mapping is None else str(mapping),
        "round": round_name,
        "opened_on": None if opened_on is None else opened_on.isoformat(),
        "strict": strict,
        "partial": partial,
        "exported": None if exported is None else exported.isoformat(),
    }
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        row = ImportJob(
            organisation_id=org.id,
            kind=kind,
            initiative=initiative,
            path=str(path),
            uploaded=uploaded,
            options={k: v for k, v in options.items() if v not in (None, False)},
            runner=_runner(),
        )
        session.add(row)
        session.flush()
        job = _job(row, org.slug)
    thread = threading.Thread(
        target=run_import_job, args=(ws, job.id), name=f"wi3-import-{job.id}", daemon=True
    )
    thread.start()
    return job


def start_organisation_import(
    ws: Workspace,
    path: Path,
    allowed: Callable[[str, bool], None] | None = None,
    *,
    uploaded: bool = False,
) -> Job:
    """Queue the import of an organisation file into the organisation it describes, which is
    added by its slug and name first when it is new.

    The file is read and checked here, so a file that does not fit is refused at once with
    the file, line and field at fault. `allowed(slug, new)`, when given, is called with the
    organisation the file describes (and whether it is new) before anything is written; what
    it raises refuses the import. The job then adds or updates the units and initiatives.

    Raises:
        InputError: for a file that does not fit (an uploaded one named by its own name).
    """
    try:
        spec = read_organisation_file(path).organisation
        with ws.store.transaction() as session:
            known = session.scalar(select(Organisation.id).where(Organisation.slug == spec.slug))
        if allowed is not None:
            allowed(spec.slug, known is None)
        if known is None:
            try:
                with ws.store.transaction() as session:
                    session.add(Organisation(slug=spec.slug, name=spec.name, example=spec.example))
            except StoreError:
                # another import added it in the meantime: it exists, which is all this needs
                with ws.store.transaction() as session:
                    if (
                        session.scalar(
                            select(Organisation.id).where(Organisation.slug == spec.slug)
                        )
                        is None
                    ):
                        raise
    except Wi3Error as exc:
        if uploaded:
            shutil.rmtree(path.parent, ignore_errors=True)
        if isinstance(exc, InputError):
            raise InputError(_as_uploaded(str(exc), path, uploaded)) from exc
        raise
    return start_import(ws, spec.slug, "organisation", path, uploaded=uploaded)


class _Progress:
    """Records the records read so far, at most every `PROGRESS_EVERY` seconds."""

    def __init__(self, ws: Workspace, job_id: int) -> None:
        self.ws = ws
        self.job_id = job_id
        self.seen = 0
        self._last = time.monotonic()

    def __call__(self, seen: int) -> None:
        self.seen = seen
        now = time.monotonic()
        if now - self._last >= PROGRESS_EVERY:
            self._last = now
            with self.ws.store.transaction() as session:
                session.execute(
                    update(ImportJob)
                    .where(ImportJob.id == self.job_id)
                    .values(records_read=seen, heartbeat_at=datetime.now(UTC))
                )


def _date(text: Any) -> date | None:
    return None if text is None else date.fromisoformat(str(text))


def _import(
    ws: Workspace, org_slug: str, row: ImportJob, progress: Callable[[int], None]
) -> tuple[str, dict[str, Any]]:
    """Run the job's import as the command line would; its summary and its counts."""
    path = Path(row.path)
    options = row.options
    mapping = None if options.get("mapping") is None else Path(options["mapping"])
    if row.kind == "export":
        assert row.initiative is not None
        done = ingest(
            ws,
            org_slug,
            options["source"],
            path,
            row.initiative,
            mapping=mapping,
            strict=bool(options.get("strict")),
            partial=bool(options.get("partial")),
            exported=_date(options.get("exported")),
            progress=progress,
        )
        with ws.store.transaction() as session:
            log = session.scalars(
                select(Import)
                .join(Initiative, Initiative.id == Import.initiative_id)
                .where(Initiative.slug == row.initiative, Import.path == str(path))
                .order_by(Import.id.desc())
                .limit(1)
            ).one()
            records, skipped = log.records_read, log.records_skipped
        counts = {
            "records": records,
            "skipped": skipped,
            "events_added": done.events_added,
            "repeats": done.events_written - done.events_added,
            "accounts": done.accounts,
            "accounts_new": done.accounts_new,
        }
        return str(done), counts
    if row.kind == "organisation":
        described = read_organisation_file(path).organisation.slug
        if described != org_slug:
            raise InputError(
                f"{path}: this file describes organisation {described!r}, not {org_slug!r}; "
                f"import a file whose `organisation:` has slug {org_slug}"
            )
        organisation = import_organisation_file(ws, path)
        summary = organisation.initiatives
        return str(organisation), {
            "added": summary.added,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
        }
    if row.kind == "people":
        people = import_people(ws, org_slug, path)
        return str(people), {"people": people.people, "added": people.added}
    if row.kind == "assessments":
        assessed = import_assessments(ws, org_slug, path)
        return str(assessed), {"imported": assessed.imported, "already": assessed.already}
    assert row.initiative is not None and mapping is not None
    survey = import_survey(
        ws,
        org_slug,
        row.initiative,
        path,
        mapping,
        str(options["round"]),
        _date(options.get("opened_on")) or datetime.now(UTC).date(),
    )
    return str(survey), {
        "records": survey.read,
        "imported": survey.imported,
        "already": survey.already,
        "skipped": len(survey.too_long),
    }


def run_import_job(ws: Workspace, job_id: int) -> Job:
    """Run a queued job here and now, recording its progress and how it ended.

    An import error ends the job as failed, with the message the command line would print
    (an uploaded file named by its own name, not its folder in the workspace). Any other
    error is recorded too, then raised.

    Raises:
        InputError: when the job is not queued (it ran, or runs, already).
    """
    now = datetime.now(UTC)
    with ws.store.transaction() as session:
        claimed = session.execute(
            update(ImportJob)
            .where(ImportJob.id == job_id, ImportJob.state == "queued")
            .values(state="running", runner=_runner(), started_at=now, heartbeat_at=now)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            raise InputError(f"import job {job_id} is not waiting to run; it ran already")
        row, org_slug = session.execute(
            select(ImportJob, Organisation.slug)
            .join(Organisation, Organisation.id == ImportJob.organisation_id)
            .where(ImportJob.id == job_id)
        ).one()
    progress = _Progress(ws, job_id)
    outcome: dict[str, Any] = {}
    try:
        summary, counts = _import(ws, org_slug, row, progress)
        outcome = {"state": "done", "summary": summary, "result": counts}
        if row.kind == "export":
            outcome["records_read"] = counts["records"]
    except Wi3Error as exc:
        message = _as_uploaded(str(exc), Path(row.path), row.uploaded)
        outcome = {"state": "failed", "error": message, "records_read": progress.seen}
    except BaseException as exc:
        outcome = {
            "state": "failed",
            "error": f"the import stopped on an unexpected error ({type(exc).__name__}: {exc}); "
            "nothing of it was stored. Please report this.",
            "records_read": progress.seen,
        }
        raise
    finally:
        # The job's last act is this write: a page polling it may then find the store gone.
        _remove_uploads(ws, row)
        with ws.store.transaction() as session:
            session.execute(
                update(ImportJob)
                .where(ImportJob.id == job_id)
                .values(finished_at=datetime.now(UTC), **outcome)
            )
            ended = _job(session.get_one(ImportJob, job_id), org_slug)
    return ended


def import_job(ws: Workspace, org_slug: str | None, job_id: int) -> Job:
    """One import job of the organisation.

    Raises:
        NotFoundError: when the organisation has no such job.
    """
    recover_jobs(ws)
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        row = session.scalar(
            select(ImportJob).where(ImportJob.id == job_id, ImportJob.organisation_id == org.id)
        )
        if row is None:
            raise NotFoundError(f"{org.slug} has no import job {job_id}")
        return _job(row, org.slug)


def import_jobs(ws: Workspace, org_slug: str | None, limit: int = 50) -> list[Job]:
    """The organisation's newest import jobs, newest first; interrupted ones marked so."""
    recover_jobs(ws)
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        rows = session.scalars(
            select(ImportJob)
            .where(ImportJob.organisation_id == org.id)
            .order_by(ImportJob.id.desc())
            .limit(limit)
        ).all()
        return [_job(r, org.slug) for r in rows]
