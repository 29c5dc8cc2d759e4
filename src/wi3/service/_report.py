"""Writing a stored diagnosis as a report file."""

from __future__ import annotations

import errno
import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Literal

from wi3.errors import InputError
from wi3.reports import render
from wi3.service._diagnose import lifecycles, previous_snapshot, stored_snapshot
from wi3.service._plan import action_plan
from wi3.service._workspace import Workspace

SUFFIX = {"html": ".html", "md": ".md", "json": ".json"}


def write_report(
    ws: Workspace,
    org_slug: str | None,
    fmt: Literal["html", "md", "json"],
    as_of: date | None,
    language: Literal["en", "nl"],
    output: Path | None = None,
    *,
    compare: date | None = None,
    summary_only: bool = False,
) -> Path:
    """Render the snapshot of `as_of` (the newest when None) and write it, whole or not at all.

    Without `output` the file goes to the workspace's reports folder, named after the
    organisation, the date and the language (and `-summary` for `summary_only`). HTML and
    Markdown show each initiative's lifecycle over the stored snapshots up to the report's
    date. Every report opens with the management summary, shows the action plan as of its
    date and compares with the snapshot of `compare`, else with the one before it.

    Raises:
        NotFoundError: when there is no snapshot of `as_of` or of `compare`.
        InputError: when `compare` is not before the report's date, or `output` is a folder
            or cannot be written; nothing is left behind.
    """
    snapshot = stored_snapshot(ws, org_slug, as_of)
    day = snapshot.as_of
    if compare is not None and compare >= day:
        raise InputError(
            f"--compare {compare.isoformat()}: a report compares with an earlier snapshot, and "
            f"this one is of {day.isoformat()}; give a date before it (`wi3 history "
            "INITIATIVE` lists the snapshots)"
        )
    previous = (
        stored_snapshot(ws, snapshot.organisation, compare)
        if compare is not None
        else previous_snapshot(ws, snapshot.organisation, day)
    )
    # the JSON report is the snapshot's document, which holds no lifecycle
    rows = None if fmt == "json" or summary_only else lifecycles(ws, snapshot.organisation, day)
    text = render(
        snapshot,
        ws.model,
        fmt,
        language,
        lifecycles=rows,
        previous=previous,
        plan=action_plan(ws, snapshot.organisation, as_of=day),
        summary_only=summary_only,
    )
    if output is None:
        part = "-summary" if summary_only else ""
        name = f"{snapshot.organisation}-{day.isoformat()}-{language}{part}{SUFFIX[fmt]}"
        output = ws.reports_dir / name
    tmp: str | None = None
    try:
        if not output.name or output.is_dir():
            raise IsADirectoryError(errno.EISDIR, "it is a folder; give a file name in it")
        output.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name[:100]}.")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, output)
    except OSError as exc:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        raise InputError(
            f"cannot write the report to {output}: {exc.strerror or exc}. Choose another path "
            "with --output, or leave it out to write to the workspace's reports folder."
        ) from exc
    return output
