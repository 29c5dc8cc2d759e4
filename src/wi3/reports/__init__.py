"""Reports of a diagnosis: one self-contained HTML file, PDF, Markdown, a spreadsheet or JSON;
English or Dutch.

    render(snapshot, model, "html", "nl", lifecycles, usage).content

renders a snapshot (`wi3 diagnose`) with the model's texts. HTML and Markdown show the same
content (the PDF the same front matter, and each initiative in brief): the management
summary, the notices on the evidence, the growth board (live initiatives by phase with their
activity state, stopped ones apart), the organisation profile over
the snapshots and own phase, the categories of all initiatives, the replies between units, the
changes since an earlier snapshot and the action plan (when given them), and per initiative its
activity state, lifecycle, usage over time, category heatmap, gates, drivers and inhibitors, next
steps (or end-of-life advice, and which steps the plan holds), missing evidence and evidence
table. Every chart is one Vega-Lite specification (`_vega`), drawn in the browser or as SVG, with
a text alternative and its table. The JSON report is the snapshot's document with the summary,
plan and comparison as data; the spreadsheet holds the diagnosis, readings and usage metrics as
sheets.

`build_report` gives the view itself (in words, nothing laid out), for a shell that lays it
out its own way: the web application's pages. `growth_table` and `explain` give what
`wi3 diagnose` and `wi3 diagnose --explain` print, as rows and styled lines that any shell can
show; `metric_tables`, `channel_tables` and
`metric_definitions` what `wi3 metrics` prints, and `export_metrics` its files.
"""

from wi3.reports._build import (
    build_report,
    comparison_section,
    initiative_usage_chart,
    plan_section,
)
from wi3.reports._charts import UsageFigures
from wi3.reports._explain import Explanation, Line, Span, explain
from wi3.reports._life import LifecycleRow
from wi3.reports._metrics import (
    FileFormat,
    MetricTables,
    TableView,
    channel_tables,
    export_metrics,
    format_figure,
    metric_definitions,
    metric_tables,
)
from wi3.reports._render import FORMAT_VERSION, FORMATS, Format, Rendered, render
from wi3.reports._story_view import ComparisonView, PlanView
from wi3.reports._summary import GrowthRow, GrowthTable, StoppedRow, growth_table
from wi3.reports._vega import SCRIPTS as CHART_SCRIPTS
from wi3.reports._vega import embeddable as chart_spec
from wi3.reports._vega import script as chart_script
from wi3.reports._view import ChartView, InitiativeView, Report
from wi3.texts import LANGUAGES, Language, Locale

__all__ = [
    "CHART_SCRIPTS",
    "FORMATS",
    "FORMAT_VERSION",
    "LANGUAGES",
    "ChartView",
    "ComparisonView",
    "Explanation",
    "FileFormat",
    "Format",
    "GrowthRow",
    "GrowthTable",
    "InitiativeView",
    "Language",
    "LifecycleRow",
    "Line",
    "Locale",
    "MetricTables",
    "PlanView",
    "Rendered",
    "Span",
    "Report",
    "StoppedRow",
    "TableView",
    "build_report",
    "chart_script",
    "chart_spec",
    "comparison_section",
    "UsageFigures",
    "channel_tables",
    "explain",
    "export_metrics",
    "initiative_usage_chart",
    "format_figure",
    "growth_table",
    "metric_definitions",
    "metric_tables",
    "plan_section",
    "render",
]
