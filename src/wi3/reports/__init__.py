"""Reports of a diagnosis: one self-contained HTML file, PDF, Markdown, a spreadsheet or JSON;
English or Dutch.

    render(snapshot, model, "html", "nl", lifecycles, usage).content

renders a snapshot (`wi3 diagnose`) with the model's texts. HTML, PDF and Markdown show the
same content: the notices on the evidence, the growth board (live initiatives by phase with their
activity state, stopped ones apart), the organisation profile over the snapshots and own phase,
the categories of all initiatives, the replies between units, and per initiative its activity
state, lifecycle, usage over time, category heatmap, gates, drivers and inhibitors, next steps
(or end-of-life advice), missing evidence and evidence table. Every chart is one Vega-Lite
specification (`_vega`), drawn in the browser or as SVG, with a text alternative and its table.
The spreadsheet holds the diagnosis, readings and usage metrics as sheets.

`growth_table` and `explain` give what `wi3 diagnose` and `wi3 diagnose --explain` print, as
rows and styled lines that any shell can show; `metric_tables`, `channel_tables` and
`metric_definitions` what `wi3 metrics` prints, and `export_metrics` its files.
"""

from wi3.reports._charts import UsageFigures
from wi3.reports._explain import Explanation, Line, Span, explain
from wi3.reports._life import LifecycleRow
from wi3.reports._locale import LANGUAGES, Language
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
from wi3.reports._summary import GrowthRow, GrowthTable, StoppedRow, growth_table

__all__ = [
    "FORMATS",
    "FORMAT_VERSION",
    "LANGUAGES",
    "Explanation",
    "FileFormat",
    "Format",
    "GrowthRow",
    "GrowthTable",
    "Language",
    "LifecycleRow",
    "Line",
    "MetricTables",
    "Rendered",
    "Span",
    "StoppedRow",
    "TableView",
    "UsageFigures",
    "channel_tables",
    "explain",
    "export_metrics",
    "format_figure",
    "growth_table",
    "metric_definitions",
    "metric_tables",
    "render",
]
