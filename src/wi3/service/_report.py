"""A stored diagnosis as a report: written to a file, or as the view a web page lays out."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Literal

from sqlalchemy import func, select

from wi3.diagnosis import Snapshot
from wi3.errors import InputError, NotFoundError
from wi3.reports import (
    CHART_SCRIPTS,
    ChartView,
    ComparisonView,
    Locale,
    PlanView,
    Rendered,
    Report,
    UsageFigures,
    build_report,
    chart_script,
    chart_spec,
    comparison_section,
    plan_section,
    render,
)
from wi3.service._diagnose import lifecycles, previous_snapshot, stored_snapshot
from wi3.service._kept import Kept
from wi3.service._metrics import last_complete_quarter, organisation_metrics
from wi3.service._plan import action_plan
from wi3.service._workspace import Workspace, find_organisation
from wi3.store import Action as StoredAction
from wi3.store import Snapshot as StoredSnapshot

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
    *,
    compare: date | None = None,
    summary_only: bool = False,
) -> Path:
    """Render the snapshot of `as_of` (the newest when None) and write it, whole or not at all.

    Without `output` the file goes to the workspace's reports folder, named after the
    organisation, the date and the language (and `-summary` for `summary_only`). HTML, PDF,
    Markdown and the spreadsheet show each initiative's lifecycle over the stored snapshots up
    to the report's date, and its usage metrics per quarter up to the last complete one. A
    Markdown report's charts are SVG files in a folder beside it, named after it (`…-en.md` and
    `…-en-charts/`). Every report opens with the management summary, shows the action plan as
    of its date and compares with the snapshot of `compare`, else with the one before it.

    Raises:
        NotFoundError: when there is no snapshot of `as_of` or of `compare`.
        InputError: when `compare` is not before the report's date, or `output` is a folder
            or cannot be written; nothing is left behind.
    """
    snapshot = stored_snapshot(ws, org_slug, as_of)
    day = snapshot.as_of
    if output is None:
        part = "-summary" if summary_only else ""
        name = f"{snapshot.organisation}-{day.isoformat()}-{language}{part}{SUFFIX[fmt]}"
        output = ws.reports_dir / name
    rendered = _rendered(ws, snapshot, fmt, language, compare, summary_only, output.stem)
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


_views: Kept[Report] = Kept(32)
"""The report views a process keeps, for the pages that show the same snapshot again."""


def report_view(
    ws: Workspace,
    org_slug: str | None,
    as_of: date | None,
    language: Literal["en", "nl"],
    compare: date | None = None,
) -> Report:
    """What the report of the snapshot of `as_of` (the newest when None) shows, in words: the
    same view the HTML and Markdown reports render, with every initiative's lifecycle, compared
    with the snapshot of `compare` (the one before it when None).

    A view is kept (the last 32) until the organisation's snapshots or action plan change:
    reading and laying out a stored diagnosis costs far more than asking whether it changed.

    Raises:
        NotFoundError: when there is no such snapshot.
        InputError: when `compare` is not before the report's date.
    """
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        stamp = session.execute(
            select(func.count(), func.max(StoredSnapshot.created_at)).where(
                StoredSnapshot.organisation_id == org.id
            )
        ).one()
        planned = session.execute(
            select(func.count(), func.max(StoredAction.id), func.max(StoredAction.done_on)).where(
                StoredAction.organisation_id == org.id
            )
        ).one()
    key = (ws.store.url, ws.model_digest, org.slug, as_of, compare, language, *stamp, *planned)

    def make() -> Report:
        snapshot = stored_snapshot(ws, org.slug, as_of)
        day = snapshot.as_of
        return build_report(
            snapshot,
            ws.model,
            Locale(language),
            lifecycles(ws, snapshot.organisation, day),
            previous=_previous(ws, snapshot, compare),
            plan=action_plan(ws, snapshot.organisation, as_of=day),
        )

    return _views.get(key, make)


def plan_section_view(
    ws: Workspace, org_slug: str | None, language: Literal["en", "nl"]
) -> PlanView:
    """The action plan as it stands today, each action re-checked in every snapshot since it
    was accepted, in words: the report's plan section, for a page of its own.

    Raises:
        NotFoundError: when the organisation has no snapshot yet.
    """
    snapshot = stored_snapshot(ws, org_slug, None)
    plan = action_plan(ws, snapshot.organisation)
    return plan_section(snapshot, ws.model, Locale(language), plan, date.today())


def comparison_section_view(
    ws: Workspace,
    org_slug: str | None,
    as_of: date | None,
    compare: date | None,
    language: Literal["en", "nl"],
) -> ComparisonView | None:
    """What changed between the snapshot of `compare` (the one before it when None) and that
    of `as_of` (the newest when None), in words; None when there is no earlier snapshot.

    Raises:
        NotFoundError: when either snapshot does not exist.
        InputError: when `compare` is not before `as_of`.
    """
    snapshot = stored_snapshot(ws, org_slug, as_of)
    previous = _previous(ws, snapshot, compare)
    if previous is None:
        return None
    return comparison_section(snapshot, previous, ws.model, Locale(language))


def report_content(
    ws: Workspace,
    org_slug: str | None,
    fmt: ReportFormat,
    as_of: date | None,
    language: Literal["en", "nl"],
    compare: date | None = None,
) -> bytes:
    """The report of the snapshot of `as_of` (the newest when None), compared with the
    snapshot of `compare` (the one before it when None), as the file would hold it (a Markdown
    report without the chart files it links to).

    Raises:
        NotFoundError: when there is no such snapshot.
        InputError: when `compare` is not before the report's date.
    """
    snapshot = stored_snapshot(ws, org_slug, as_of)
    return _rendered(ws, snapshot, fmt, language, compare).content


def _rendered(
    ws: Workspace,
    snapshot: Snapshot,
    fmt: ReportFormat,
    language: Literal["en", "nl"],
    compare: date | None = None,
    summary_only: bool = False,
    stem: str = "report",
) -> Rendered:
    day = snapshot.as_of
    previous = _previous(ws, snapshot, compare)
    # the JSON report is the snapshot's document, which holds no lifecycle and no metrics
    whole = fmt != "json" and not summary_only
    return render(
        snapshot,
        ws.model,
        fmt,
        language,
        lifecycles(ws, snapshot.organisation, day) if whole else None,
        usage_figures(ws, snapshot.organisation, day) if whole else None,
        previous=previous,
        plan=action_plan(ws, snapshot.organisation, as_of=day),
        summary_only=summary_only,
        charts_folder=f"{stem}-charts",
    )


def _previous(ws: Workspace, snapshot: Snapshot, compare: date | None) -> Snapshot | None:
    """The snapshot a report compares with: that of `compare`, else the one before it."""
    day = snapshot.as_of
    if compare is None:
        return previous_snapshot(ws, snapshot.organisation, day)
    if compare >= day:
        raise InputError(
            f"--compare {compare.isoformat()}: a report compares with an earlier snapshot, and "
            f"this one is of {day.isoformat()}; give a date before it (`wi3 history "
            "INITIATIVE` lists the snapshots)"
        )
    return stored_snapshot(ws, snapshot.organisation, compare)


CHART_LIBRARIES = CHART_SCRIPTS
"""The vendored chart libraries, in the order a page must load them."""


def chart_library(name: str) -> str:
    """The vendored chart library `name` (vega, vega-lite or vega-embed, as `*.min.js`) that
    draws the report's charts, for a page to load.

    Raises:
        NotFoundError: for any other name.
    """
    if name not in CHART_LIBRARIES:
        raise NotFoundError(f"no chart library {name!r}; there are {', '.join(CHART_LIBRARIES)}")
    return chart_script(name)


def chart_json(chart: ChartView) -> str:
    """A chart's Vega-Lite specification as JSON that is safe inside an HTML `<script>`."""
    return chart_spec(chart.spec)


def report_stylesheet() -> str:
    """The report's stylesheet: its colours, badges, heatmap and board, for other pages to share."""
    return (resources.files("wi3.reports") / "templates" / "report.css").read_text("utf-8")


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
