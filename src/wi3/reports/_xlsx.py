"""The report as a spreadsheet: the diagnosis, its readings, the usage metrics per period and
the action plan as sheets a consultant can filter and sort.

Each sheet is a header row and one row per thing, with a filter on every column and numbers
stored as numbers (shares as fractions shown in %). A figure the metric engine or the diagnosis
withheld to protect a small group is the word for withheld, never a number. `SHEETS` lists the
sheets in order; a new sheet is one more function there.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from wi3.diagnosis import InitiativeDiagnosis, Snapshot
from wi3.metrics import CATALOGUE
from wi3.model import Model
from wi3.notes import render_note
from wi3.reports._charts import UsageFigures, withheld
from wi3.reports._view import Report
from wi3.reports._words import Words
from wi3.texts import Locale

Cell = str | float | int | None
PERCENT = "0.0%"
HEADER = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="24364B")


@dataclass(frozen=True)
class Sheet:
    """One sheet: its title, the number format of each column (None: as it is), and rows."""

    title: str
    columns: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    formats: dict[int, str | Sequence[str | None]]
    """Number formats by column: one for the column, or one per row."""


@dataclass(frozen=True)
class Source:
    """What every sheet is made from."""

    report: Report
    snapshot: Snapshot
    words: Words
    usage: UsageFigures | None

    def diagnosed(self) -> Iterator[tuple[str, InitiativeDiagnosis]]:
        """Each diagnosed initiative the report shows, with its name."""
        names = {v.slug: v.name for v in self.report.initiatives}
        for d in self.snapshot.diagnosis.initiatives:
            if d.initiative in names:
                yield names[d.initiative], d


def workbook(
    report: Report, snapshot: Snapshot, model: Model, locale: Locale, usage: UsageFigures | None
) -> bytes:
    """The report's spreadsheet (xlsx) as bytes."""
    source = Source(report, snapshot, Words(model, locale), usage)
    book = Workbook()
    first = book.active
    assert first is not None  # a new workbook has one sheet
    book.remove(first)
    for make in SHEETS:
        _write(book.create_sheet(), make(source))
    book.properties.title = f"{report.title} — {report.organisation} — {report.as_of_iso}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write(ws: Worksheet, sheet: Sheet) -> None:
    ws.title = sheet.title[:31]
    ws.append(list(sheet.columns))
    for cell in ws[1]:
        cell.font = HEADER
        cell.fill = HEADER_FILL
    for row in sheet.rows:
        ws.append(list(row))
    for column, fmt in sheet.formats.items():
        cells = ws.iter_rows(min_row=2, min_col=column + 1, max_col=column + 1)
        for i, (cell,) in enumerate(cells):
            each = fmt if isinstance(fmt, str) else fmt[i]
            if each is not None and isinstance(cell.value, int | float):
                cell.number_format = each
    for i, title in enumerate(sheet.columns, start=1):
        longest = max([len(title), *(len(str(r[i - 1] or "")) for r in sheet.rows[:200])])
        ws.column_dimensions[get_column_letter(i)].width = min(max(longest + 2, 10), 60)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def about(source: Source) -> Sheet:
    """The report's subject: organisation, date, model, and what a withheld figure is."""
    report, label = source.report, source.words.locale.label
    rows: list[tuple[Cell, ...]] = [
        (label("organisation"), report.organisation),
        (label("diagnosis_date"), report.as_of_iso),
        (label("model"), f"{report.model_name} · {report.model}"),
        (label("withheld"), label("footer")),
    ]
    if report.example:
        rows.insert(0, (label("example_banner"), label("example_note")))
    return Sheet(label("report_title"), (label("about"), label("value")), rows, {})


def diagnosis(source: Source) -> Sheet:
    """One row per initiative: phase, activity, mean level, confidence, next phase and step."""
    label = source.words.locale.label
    found = {d.initiative: d for d in source.snapshot.diagnosis.initiatives}
    rows: list[tuple[Cell, ...]] = []
    for view in source.report.initiatives:
        d = found[view.slug]
        rows.append(
            (
                view.name,
                view.slug,
                view.phase.name,
                view.activity.badge.name,
                d.mean,
                d.confidence.score,
                view.confidence.label,
                view.target.name if view.target else None,
                view.steps[0].title if view.steps else None,
            )
        )
    columns = (
        label("initiative"),
        "id",
        label("phase"),
        label("activity"),
        label("mean_level"),
        label("confidence"),
        label("confidence_label"),
        label("next_phase"),
        label("top_next_step"),
    )
    return Sheet(label("diagnosis"), columns, rows, {4: "0.00", 5: PERCENT})


def categories(source: Source) -> Sheet:
    """One row per initiative and category: its level, nearest phase and any conflict."""
    words = source.words
    label = words.locale.label
    rows: list[tuple[Cell, ...]] = []
    for name, d in source.diagnosed():
        for result in d.categories:
            cell = words.heatmap((result,))[0]
            rows.append(
                (
                    name,
                    cell.perspective,
                    words.category(result.category),
                    result.level,
                    cell.cells[0].phase.name if cell.cells[0].phase else label("no_evidence"),
                    label("conflict") if result.conflict else None,
                )
            )
    columns = (
        label("initiative"),
        label("perspective"),
        label("category"),
        label("level"),
        label("phase"),
        label("conflict"),
    )
    return Sheet(label("categories"), columns, rows, {3: "0.00"})


def readings(source: Source) -> Sheet:
    """One row per reading of every initiative: indicator, evidence, value, level and weight."""
    words = source.words
    label = words.locale.label
    rows: list[tuple[Cell, ...]] = []
    for name, d in source.diagnosed():
        for result in d.categories:
            for r in result.readings:
                indicator = words.indicator(r.indicator)
                value: Cell
                if r.status == "withheld":
                    value = label("withheld")
                elif isinstance(r.value, int | float):
                    value = r.value
                else:
                    value = None if r.value is None else str(r.value)
                rows.append(
                    (
                        name,
                        words.category(result.category),
                        r.indicator,
                        indicator.text,
                        words.evidence(r.evidence),
                        value,
                        r.level,
                        r.weight,
                        None if r.dated is None else r.dated.isoformat(),
                        words.note(r.basis) if r.basis else None,
                        words.note(r.note) if r.note else None,
                    )
                )
    columns = (
        label("initiative"),
        label("category"),
        "id",
        label("indicator"),
        label("evidence_kind"),
        label("value"),
        label("level"),
        label("weight"),
        label("dated"),
        label("basis"),
        label("note"),
    )
    return Sheet(label("evidence"), columns, rows, {7: "0.00"})


def metrics(source: Source) -> Sheet:
    """One row per usage figure: per initiative and quarter, and per unit in the newest complete
    quarter; a withheld figure says so and why, with no number."""
    words = source.words
    language = words.language
    label = words.locale.label
    names = {v.slug: v.name for v in source.report.initiatives}
    titles = {m.id: (m.title, m.unit) for m in CATALOGUE}
    usage = source.usage
    values = [] if usage is None else [*usage.values, *usage.by_unit]
    rows: list[tuple[Cell, ...]] = []
    shares: list[str | None] = []
    for v in values:
        title, unit = titles.get(v.metric, (v.metric, ""))
        shares.append(PERCENT if unit == "share" else None)
        shown: Cell
        if v.value is not None:
            shown = v.value
        elif withheld(v):
            shown = label("withheld")
        else:
            shown = None
        rows.append(
            (
                names.get(v.initiative, v.initiative),
                v.period,
                v.unit,
                v.metric,
                title,
                unit,
                shown,
                None if v.withheld is None else render_note(v.withheld, language),
            )
        )
    columns = (
        label("initiative"),
        label("quarter"),
        label("unit"),
        "id",
        label("metric"),
        label("metric_unit"),
        label("value"),
        label("note"),
    )
    return Sheet(label("usage_metrics"), columns, rows, {6: shares})


def plan(source: Source) -> Sheet:
    """One row per action of the plan as of the report's date: the step, its owner role, due
    date and status, and the outcome of its latest re-check (empty before the first)."""
    label = source.words.locale.label
    actions = () if source.report.plan is None else source.report.plan.actions
    rows: list[tuple[Cell, ...]] = [
        (
            a.id,
            a.initiative.name,
            a.tip,
            a.title,
            a.owner,
            a.due_iso,
            a.status_text,
            label("overdue") if a.overdue else None,
            a.accepted,
            None if a.latest is None else a.latest.text,
            None if a.latest is None else a.latest.as_of_iso,
        )
        for a in actions
    ]
    columns = (
        label("action"),
        label("initiative"),
        "tip",
        label("step"),
        label("owner"),
        label("due"),
        label("status"),
        label("overdue"),
        label("accepted"),
        label("outcome"),
        label("latest"),
    )
    return Sheet(label("plan"), columns, rows, {})


SHEETS: tuple[Callable[[Source], Sheet], ...] = (
    about,
    diagnosis,
    categories,
    readings,
    metrics,
    plan,
)
"""The workbook's sheets in order."""
