"""Imports with progress: upload a file (or, for administrators, name one on the server), watch
the job read it in the background, and read its summary or its error.

Every upload goes the same way: `save_upload` keeps the file in the workspace, `start_import`
(or `start_organisation_import` for a file that may add an organisation) queues the job and
runs it in a thread, and the job page polls `import_job` until it ends. The page shows the
job from the store, so it survives a reload, another worker and a restart.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from wi3 import service
from wi3.errors import AccessError, InputError, NotFoundError
from wi3.service import Job, Locale, Principal, Workspace
from wi3.web._deps import (
    Analysable,
    LocaleDep,
    Readable,
    SettingsDep,
    UserDep,
    WorkspaceDep,
    page,
    upload_limit,
    verify_csrf,
)
from wi3.web._settings import Settings

router = APIRouter(
    dependencies=[Depends(upload_limit), Depends(verify_csrf)], include_in_schema=False
)

JOBS_SHOWN = 20
"""How many recent jobs a page lists."""


def given_file(upload: UploadFile | None) -> bool:
    """Whether a file input was filled in (a browser sends an empty one without a name)."""
    return upload is not None and bool(upload.filename)


def check_size(upload: UploadFile, config: Settings) -> None:
    """Refuse an uploaded file over the cap.

    Raises:
        InputError: saying how large a file may be, and what to do instead.
    """
    if upload.size is not None and upload.size > config.max_upload:
        raise InputError(
            f"{upload.filename}: the file is larger than {config.max_upload_mb:,} MB, the most "
            "this server takes; ask its administrator to put it in the server's import folder "
            "and import it by its path, or to allow larger uploads (`wi3 serve "
            "--max-upload-mb`)"
        )


def server_path(config: Settings, who: Principal, org: str, given: str) -> Path:
    """The file or folder `given` names inside the server's import folder.

    Raises:
        AccessError: for a user who is not an administrator of `org`.
        InputError: when the server takes no paths, or `given` leads outside its folder.
    """
    if who.role(org) != "administrator":
        raise AccessError(
            f"only an administrator of {org} may import a file by its path on the server; "
            "upload it instead"
        )
    if config.import_folder is None:
        raise InputError(
            "this server imports no files by their path; upload the file, or ask the "
            "administrator to start `wi3 serve --import-folder FOLDER`"
        )
    folder = config.import_folder.resolve()
    target = (folder / given.strip()).resolve()
    if not target.is_relative_to(folder):
        raise InputError(
            f"{given}: this path leads outside the import folder; name a file or folder inside "
            f"it, relative to {folder}"
        )
    return target


def start_job(
    ws: Workspace,
    config: Settings,
    who: Principal,
    org: str,
    kind: str,
    *,
    file: UploadFile | None,
    on_server: str,
    mapping: UploadFile | None,
    initiative: str | None,
    source: str | None,
    round_name: str | None,
    opened_on: date | None,
    exported: date | None,
    strict: bool,
    partial: bool,
) -> Job:
    """Start the import a form or an API call asks for: an uploaded file, or one named on the
    server (administrators only).

    Raises:
        InputError: for no file, both a file and a path, or what `start_import` refuses.
        AccessError: for a path named by someone other than an administrator.
    """
    if given_file(file) == bool(on_server.strip()):
        raise InputError(
            "choose the file to upload"
            + ("" if config.import_folder is None else ", or name one on the server (not both)")
        )
    uploads = [u for u in (file, mapping) if u is not None and given_file(u)]
    for upload in uploads:
        check_size(upload, config)
    if file is not None and given_file(file):
        path = service.save_upload(ws, file.filename or "upload", file.file)
    else:
        path = server_path(config, who, org, on_server)
    uploaded = bool(uploads)  # the job removes what was uploaded, never the server's files
    extra = None
    if mapping is not None and given_file(mapping):
        extra = service.save_upload(ws, mapping.filename or "mapping.yaml", mapping.file)
    if kind == "organisation":
        return service.start_organisation_import(ws, path, _in(org), uploaded=uploaded)
    return service.start_import(
        ws,
        org,
        kind,
        path,
        initiative=initiative or None,
        source=source or None,
        mapping=extra,
        round_name=round_name,
        opened_on=opened_on,
        strict=strict,
        partial=partial,
        exported=exported,
        uploaded=uploaded,
    )


def _in(org: str) -> Callable[[str, bool], None]:
    """A check that an organisation file describes `org` itself."""

    def check(slug: str, new: bool) -> None:
        if slug != org:
            raise InputError(
                f"this file describes organisation {slug!r}, not {org!r}; import a file whose "
                f"`organisation:` has slug {org}"
            )

    return check


def _connectors() -> list[tuple[str, str]]:
    """The platforms wi3 reads, as `wi3 ingest` lists them: name and (English) description."""
    return sorted((c.name, c.description) for c in service.CONNECTORS.values())


def _can_analyse(who: Principal, org: str) -> bool:
    return who.role(org) in ("administrator", "analyst")


def imports_page(
    request: Request,
    ws: Workspace,
    config: Settings,
    who: Principal,
    locale: Locale,
    org: str,
    initiative: str | None = None,
    problem: tuple[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The imports of the organisation (or of one of its initiatives), with the forms an
    analyst may use and the recent jobs; `problem` is (form, message) for a refused form."""
    rows = service.initiatives(ws, org)
    row = None
    if initiative is not None:
        row = next((r for r in rows if r.slug == initiative), None)
        if row is None:
            raise NotFoundError(f"no initiative {initiative!r} in {org}")
    jobs = service.import_jobs(ws, org, JOBS_SHOWN if initiative is None else 200)
    if initiative is not None:
        jobs = [j for j in jobs if j.initiative == initiative][:JOBS_SHOWN]
    return page(
        request,
        locale,
        "imports.html",
        who,
        status_code,
        section="imports",
        org=org,
        name=service.organisation(ws, org).name,
        row=row,
        initiatives=rows,
        jobs=jobs,
        connectors=_connectors(),
        can_import=_can_analyse(who, org),
        on_server=config.import_folder is not None and who.role(org) == "administrator",
        import_folder=config.import_folder,
        max_mb=config.max_upload_mb,
        problem=problem,
        today=date.today().isoformat(),
        number=locale.count,
    )


@router.get("/orgs/{org}/imports")
def organisation_imports(
    request: Request,
    ws: WorkspaceDep,
    config: SettingsDep,
    who: UserDep,
    locale: LocaleDep,
    org: Readable,
) -> HTMLResponse:
    """The organisation's imports: organisation file, people, assessments, surveys; its jobs."""
    return imports_page(request, ws, config, who, locale, org)


@router.get("/orgs/{org}/initiatives/{initiative}/imports")
def initiative_imports(
    request: Request,
    ws: WorkspaceDep,
    config: SettingsDep,
    who: UserDep,
    locale: LocaleDep,
    org: Readable,
    initiative: str,
) -> HTMLResponse:
    """An initiative's imports: a platform export, and the jobs that read into it."""
    return imports_page(request, ws, config, who, locale, org, initiative)


@router.post("/orgs/{org}/imports")
def start(
    request: Request,
    ws: WorkspaceDep,
    config: SettingsDep,
    who: UserDep,
    locale: LocaleDep,
    org: Analysable,
    kind: Annotated[str, Form(max_length=20)],
    file: UploadFile | None = None,
    mapping: UploadFile | None = None,
    on_server: Annotated[str, Form(max_length=1000)] = "",
    initiative: Annotated[str, Form(max_length=80)] = "",
    source: Annotated[str, Form(max_length=40)] = "",
    round_name: Annotated[str, Form(max_length=200)] = "",
    opened_on: Annotated[date | None, Form()] = None,
    exported: Annotated[date | None, Form()] = None,
    strict: Annotated[bool, Form()] = False,
    partial: Annotated[bool, Form()] = False,
) -> Response:
    """Start an import and show its job; a refused one shows the form again, with the reason
    next to it."""
    try:
        job = start_job(
            ws,
            config,
            who,
            org,
            kind,
            file=file,
            on_server=on_server,
            mapping=mapping,
            initiative=initiative,
            source=source,
            round_name=round_name,
            opened_on=opened_on,
            exported=exported,
            strict=strict,
            partial=partial,
        )
    except (InputError, AccessError) as exc:
        back = initiative if kind == "export" and initiative else None
        status = 403 if isinstance(exc, AccessError) else 400
        return imports_page(request, ws, config, who, locale, org, back, (kind, str(exc)), status)
    return RedirectResponse(f"/orgs/{org}/imports/{job.id}", status_code=303)


@router.get("/orgs/{org}/imports/{job}")
def job_page(
    request: Request, ws: WorkspaceDep, who: UserDep, locale: LocaleDep, org: Readable, job: int
) -> HTMLResponse:
    """One import job: its progress while it runs (the page polls it), then its summary or
    its error."""
    found = service.import_job(ws, org, job)
    return page(
        request,
        locale,
        "import_job.html",
        who,
        section="imports",
        org=org,
        name=service.organisation(ws, org).name,
        job=found,
        number=locale.count,
    )


@router.get("/orgs/{org}/imports/{job}/progress")
def job_progress(
    request: Request, ws: WorkspaceDep, who: UserDep, locale: LocaleDep, org: Readable, job: int
) -> HTMLResponse:
    """The job's state alone, for the job page to poll about once a second."""
    found = service.import_job(ws, org, job)
    return page(
        request, locale, "_import_progress.html", who, org=org, job=found, number=locale.count
    )


@router.post("/orgs/import")
def import_organisation(
    request: Request,
    ws: WorkspaceDep,
    config: SettingsDep,
    who: UserDep,
    locale: LocaleDep,
    file: UploadFile,
) -> Response:
    """Import an uploaded organisation file: a new organisation needs a workspace
    administrator, an existing one an analyst or administrator of it."""

    def allowed(slug: str, new: bool) -> None:
        if new and not who.workspace_admin:
            raise AccessError(
                f"the file describes a new organisation {slug!r}; only an administrator of the "
                "workspace may add organisations"
            )
        if not new:
            who.require(slug, "analyse")

    try:
        check_size(file, config)
        path = service.save_upload(ws, file.filename or "organisation.yaml", file.file)
        job = service.start_organisation_import(ws, path, allowed, uploaded=True)
    except InputError as exc:
        visible = service.visible_organisations(ws, who)
        return page(
            request,
            locale,
            "organisations.html",
            who,
            400,
            organisations=visible,
            done=None,
            problem=str(exc),
        )
    return RedirectResponse(f"/orgs/{job.organisation}/imports/{job.id}", status_code=303)
