"""Render a snapshot as one self-contained HTML file, a PDF, Markdown with its charts, a
spreadsheet, or annotated JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal, get_args

import jinja2

from wi3.diagnosis import Action, Snapshot, compare
from wi3.model import Model
from wi3.reports import _vega
from wi3.reports._actions import action_document
from wi3.reports._build import build_report
from wi3.reports._changes import comparison_document
from wi3.reports._charts import UsageFigures
from wi3.reports._life import LifecycleRow
from wi3.reports._story import summary_document, summary_view
from wi3.reports._story_view import Named
from wi3.reports._summary import management_summary
from wi3.reports._view import ChartView, Report
from wi3.reports._words import Words
from wi3.texts import LANGUAGES, Language, Locale

Format = Literal["html", "pdf", "md", "xlsx", "json"]
FORMATS: tuple[Format, ...] = get_args(Format)

FORMAT_VERSION = 2
"""The version of the `report` block a JSON report adds; bump when its fields change. Version 2
added `summary_only`, and the `summary`, `plan` and `comparison` blocks beside it."""

_TEMPLATES: dict[Format, str] = {"html": "report.html", "pdf": "report.html", "md": "report.md"}
_BLANK_LINES = re.compile(r"\n{3,}")
_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"} | {"\n": " ", "\r": " "})


@dataclass(frozen=True)
class Rendered:
    """A report as it is written: its bytes, and the files it links to by relative path (the
    Markdown report's charts), to be written beside it."""

    content: bytes
    files: Mapping[str, bytes] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The content of a text format (HTML, Markdown, JSON) as text."""
        return self.content.decode("utf-8")


def render(
    snapshot: Snapshot,
    model: Model,
    fmt: Format,
    language: Language = "en",
    lifecycles: Mapping[str, Sequence[LifecycleRow]] | None = None,
    usage: UsageFigures | None = None,
    *,
    previous: Snapshot | None = None,
    plan: Sequence[Action] | None = None,
    summary_only: bool = False,
    charts_folder: str = "charts",
) -> Rendered:
    """The report of an organisation's diagnosis in `fmt` and `language`.

    `model` supplies the texts: phase, category, tip and factor names in the report's
    language. `lifecycles` gives, per initiative slug, its rows in the organisation's stored
    snapshots up to the report's date, oldest first (`wi3.service` reads them); the reports
    then show each initiative's lifecycle and the profile over the snapshots. `usage` gives the
    usage metrics up to the report's date, for the charts of usage over time and of replies
    between units. The JSON report is the snapshot's document and leaves both out.

    HTML and Markdown show the same content; the Markdown report links its charts as SVG files
    in `charts_folder`, which `Rendered.files` holds. The PDF, a document for management, holds
    the same front matter with the charts of the whole organisation, and each initiative in
    brief (docs/reports.md). The spreadsheet holds the same figures as sheets to filter.

    Every report opens with the management summary. `previous` is the earlier snapshot it and
    the comparison section read (none: no comparison); `plan` the action plan as of the
    snapshot's date (none: no plan section). `summary_only` leaves out all but the summary
    (and, in JSON, the snapshot's document).

    Raises:
        ValueError: for a format or language wi3 does not write.
    """
    if fmt not in FORMATS:
        raise ValueError(f"report format {fmt!r} is not one of {', '.join(FORMATS)}")
    if language not in LANGUAGES:
        raise ValueError(f"report language {language!r} is not one of {', '.join(LANGUAGES)}")
    if fmt == "json":
        return Rendered(
            _json(snapshot, model, language, previous, plan, summary_only).encode("utf-8")
        )
    locale = Locale(language)
    report = build_report(snapshot, model, locale, lifecycles, previous, plan, usage)
    if fmt == "xlsx":
        from wi3.reports._xlsx import workbook

        return Rendered(workbook(report, snapshot, model, locale, usage))
    if fmt == "html":
        return Rendered(_page(report, locale, fmt, {}, summary_only=summary_only).encode("utf-8"))
    if summary_only:
        charts: tuple[ChartView, ...] = ()
    else:
        charts = report.overview_charts() if fmt == "pdf" else report.charts()
    drawn = {c.id: _vega.to_svg(c.spec) for c in charts}
    if fmt == "pdf":
        from wi3.reports._pdf import to_pdf

        return Rendered(to_pdf(_page(report, locale, fmt, drawn, summary_only=summary_only)))
    files = {c: f"{charts_folder}/{c}.svg" for c in drawn}
    text = _page(report, locale, fmt, drawn, files, summary_only=summary_only)
    text = _BLANK_LINES.sub("\n\n", text)  # template blocks leave runs of blank lines
    return Rendered(
        text.encode("utf-8"), {files[c]: svg.encode("utf-8") for c, svg in drawn.items()}
    )


def _page(
    report: Report,
    locale: Locale,
    fmt: Format,
    drawn: Mapping[str, str],
    files: Mapping[str, str] | None = None,
    *,
    summary_only: bool = False,
) -> str:
    """The report through its template: charts to draw in the browser (HTML), else as the SVG
    in `drawn` (PDF) or the files it names (Markdown); the summary alone for `summary_only`."""
    return (
        _environment()
        .get_template(_TEMPLATES[fmt])
        .render(
            report=report,
            t=locale.label,
            drawn=drawn,
            files=files or {},
            spec=_spec,
            vendored=_vega.scripts() if fmt == "html" and not summary_only else (),
            pdf=fmt == "pdf",
            summary_only=summary_only,
        )
    )


def _spec(chart: ChartView) -> str:
    return _vega.embeddable(chart.spec)


def _json(
    snapshot: Snapshot,
    model: Model,
    language: Language,
    previous: Snapshot | None,
    plan: Sequence[Action] | None,
    summary_only: bool,
) -> str:
    """The snapshot's document with a `report` block saying how and in which language it was
    made, and the summary, plan and comparison blocks; with `summary_only`, the summary and
    the organisation alone."""
    before = None if previous is None else previous.diagnosis
    summary = management_summary(snapshot.diagnosis, before, plan or ())
    names = {slug: Named("", entry.name or slug) for slug, entry in snapshot.initiatives.items()}
    story: dict[str, Any] = {
        "summary": summary_document(
            summary, summary_view(summary, Words(model, Locale(language)), names)
        )
    }
    if plan is not None and not summary_only:
        story["plan"] = [action_document(a) for a in plan]
    if before is not None and not summary_only:
        story["comparison"] = comparison_document(compare(before, snapshot.diagnosis))
    if summary_only:
        annotated: dict[str, Any] = {
            "organisation": {"slug": snapshot.organisation, "name": snapshot.organisation_name},
            "as_of": snapshot.as_of.isoformat(),
        }
        if snapshot.example:
            annotated["example"] = True
    else:
        annotated = snapshot.to_document()
    annotated |= story
    annotated["report"] = {
        "format_version": FORMAT_VERSION,
        "language": language,
        "model": f"{model.id} {model.version}",
        "summary_only": summary_only,
    }
    return json.dumps(annotated, indent=2, ensure_ascii=False) + "\n"


def escape_markdown(value: object) -> str:
    """Text safe inside Markdown and its tables: markup characters escaped, one line."""
    return str(value).translate(_MARKDOWN_SPECIAL)


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """The templates shipped in the package; HTML autoescaped, Markdown escaped by filter."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("wi3.reports", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = escape_markdown
    return env
