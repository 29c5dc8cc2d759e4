"""Writing a stored diagnosis as a report file."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Literal

from wi3.errors import InputError
from wi3.reports import Rendered, UsageFigures, render
from wi3.service._diagnose import lifecycles, stored_snapshot
from wi3.service._metrics import last_complete_quarter, organisation_metrics
from wi3.service._workspace import Workspace

ReportFormat = Literal["html", "pdf", "md", "xlsx", "json"]
SUFFIX = {"html": ".html", "pdf": ".pdf", "md": ".md", "xlsx": ".xlsx", "json": ".json"}
CROSS_UNIT = "cross_unit_share"
"""The only metric per unit a report shows: the interaction matrix's."""


def write_report(
    ws: Workspace,
    org_slug: str | None,
    fmt: ReportFormat,
    as_of: date | None,
    language: Literal["en", "nl"],
    output: Path | None = None,
) -> Path:
    """Render the snapshot of `as_of` (the newest when None) and write it, whole or not at all.

    Without `output` the file goes to the workspace's reports folder, named after the
    organisation, the date and the language. HTML, PDF, Markdown and the spreadsheet show each
    initiative's lifecycle over the stored snapshots up to the report's date, and its usage
    metrics per quarter up to the last complete one. A Markdown report's charts are SVG files in
    a folder beside it, named after it (`…-en.md` and `…-en-charts/`).

    Raises:
        InputError: when `output` is a folder or cannot be written; nothing is left behind.
    """
    snapshot = stored_snapshot(ws, org_slug, as_of)
    day = snapshot.as_of
    if output is None:
        output = (
            ws.reports_dir / f"{snapshot.organisation}-{day.isoformat()}-{language}{SUFFIX[fmt]}"
        )
    # the JSON report is the snapshot's document, which holds no lifecycle and no metrics
    rows = None if fmt == "json" else lifecycles(ws, snapshot.organisation, day)
    usage = None if fmt == "json" else usage_figures(ws, snapshot.organisation, day)
    rendered = render(
        snapshot, ws.model, fmt, language, rows, usage, charts_folder=f"{output.stem}-charts"
    )
    try:
        if not output.name or output.is_dir():
            raise IsADirectoryError(errno.EISDIR, "it is a folder; give a file name in it")
        output.parent.mkdir(parents=True, exist_ok=True)
        _write(output, rendered)
    except OSError as exc:
        raise InputError(
            f"cannot write the report to {output}: {exc.strerror or exc}. Choose another path "
            "with --output, or leave it out to write to the workspace's reports folder."
        ) from exc
    return output


def usage_figures(ws: Workspace, org_slug: str, as_of: date) -> UsageFigures:
    """The organisation's usage metrics per quarter up to the last complete one on `as_of`, and
    the replies between units in that quarter when a people directory gives people units.

    The figures per unit come with those of each whole initiative, so one reading serves both;
    the first after new data computes them (`wi3 metrics --by unit` keeps the same).
    """
    quarter = last_complete_quarter(as_of)
    by_unit = ws.events().people_file(org_slug).exists()
    values = [
        v
        for v in organisation_metrics(ws, org_slug, "quarter", by_unit=by_unit)
        if v.period <= quarter
    ]
    matrix = [v for v in values if v.period == quarter and v.metric == CROSS_UNIT]
    return UsageFigures(
        [v for v in values if v.unit is None], [v for v in matrix if v.unit is not None], quarter
    )


def _write(output: Path, rendered: Rendered) -> None:
    """Write the report and the files it links to, each through a temporary name beside it.

    The files (a Markdown report's charts, in a folder) are in place before the report that
    links to them; a failure removes what this call staged and leaves an older report whole.
    """
    stages: dict[str, Path] = {}
    tmp: str | None = None
    try:
        for name, data in rendered.files.items():
            folder, *rest = Path(name).parts
            if folder not in stages:
                prefix = f".{folder[:100]}."
                stages[folder] = Path(tempfile.mkdtemp(dir=output.parent, prefix=prefix))
            target = stages[folder].joinpath(*rest)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name[:100]}.")
        with os.fdopen(fd, "wb") as fh:
            fh.write(rendered.content)
        for folder, stage in stages.items():
            final = output.parent / folder
            if final.exists():
                shutil.rmtree(final)
            stage.rename(final)
        os.replace(tmp, output)
    except OSError:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        for stage in stages.values():
            shutil.rmtree(stage, ignore_errors=True)
        raise
