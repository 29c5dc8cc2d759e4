"""Writing a stored diagnosis as a report file."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Literal

from wi3.reports import render
from wi3.service._diagnose import lifecycles, stored_snapshot
from wi3.service._workspace import Workspace

SUFFIX = {"html": ".html", "md": ".md", "json": ".json"}


def write_report(
    ws: Workspace,
    org_slug: str | None,
    fmt: Literal["html", "md", "json"],
    as_of: date | None,
    language: Literal["en", "nl"],
    output: Path | None = None,
) -> Path:
    """Render the snapshot of `as_of` (the newest when None) and write it, whole or not at all.

    Without `output` the file goes to the workspace's reports folder, named after the
    organisation, the date and the language. HTML and Markdown show each initiative's
    lifecycle over the stored snapshots up to the report's date.
    """
    snapshot = stored_snapshot(ws, org_slug, as_of)
    day = snapshot.as_of
    # the JSON report is the snapshot's document, which holds no lifecycle
    rows = None if fmt == "json" else lifecycles(ws, snapshot.organisation, day)
    text = render(snapshot, ws.model, fmt, language, lifecycles=rows)
    if output is None:
        output = (
            ws.reports_dir / f"{snapshot.organisation}-{day.isoformat()}-{language}{SUFFIX[fmt]}"
        )
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, output)
    return output
