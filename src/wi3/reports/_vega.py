"""The report's charts as Vega-Lite specifications, defined once with Altair.

Each kind of chart is an Altair definition over one named dataset, `values`; a chart is that
definition with its rows bound (`bind`). The HTML report draws the specification in the browser
with the vega, vega-lite and vega-embed builds kept in `static/`; the PDF and Markdown reports
draw the same specification as SVG with vl-convert. Altair and vl-convert load on first use, so
commands without charts do not pay for them.

A definition depends only on the language's words (titles, the phase and state names its colours
belong to), so it is built once per set of words and reused for every initiative.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

DATASET = "values"
VEGA_LITE = "6.4"
"""The Vega-Lite version Altair writes and vl-convert draws; `static/` holds the same build."""
SCRIPTS = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")
"""The vendored builds, in the order a page must load them."""
PHASE_COLOURS = {  # report.css's phase colours
    "pioneering": "#8a5300",
    "facilitating": "#1d6bb0",
    "strategic": "#0c6b4a",
    "undetermined": "#5f6b7a",
}
PHASE_TINTS = {
    "pioneering": "#f6d7a8",
    "facilitating": "#bcd6ef",
    "strategic": "#b3e2cb",
    "undetermined": "#e3e7ec",
}
STATE_COLOURS = {
    "not_started": "#9ca3af",
    "growing": "#12805a",
    "active": "#1d6bb0",
    "declining": "#a15c00",
    "dormant": "#6d4c9f",
    "stopped": "#4b5563",
}
NO_EVIDENCE = "#f1f2f4"
WITHHELD = "#c7ccd3"
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
"""One font for browser and vl-convert alike, so the PDF's charts measure as the page's text."""


NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML cannot hold. vl-convert writes SVG text as XML and aborts the whole process
on one of them (vl-convert-python 1.9), so a name holding a control character would kill
`wi3 report`."""

Rows = Sequence[Mapping[str, object]]


def bind(template: str, rows: Rows) -> dict[str, Any]:
    """The specification `template` (JSON, as the definitions below give it) with `rows` as its
    data; text the SVG cannot hold is shown as U+FFFD (�)."""
    spec: dict[str, Any] = json.loads(template)
    spec["datasets"] = {
        DATASET: [
            {k: NOT_XML.sub("\ufffd", v) if isinstance(v, str) else v for k, v in r.items()}
            for r in rows
        ]
    }
    return spec


def to_svg(spec: Mapping[str, Any]) -> str:
    """The chart drawn as SVG by vl-convert: text stays text, so it is vector and searchable."""
    import vl_convert

    svg: str = vl_convert.vegalite_to_svg(dict(spec), vl_version=VEGA_LITE)
    return svg


def scripts() -> tuple[str, ...]:
    """The vendored vega, vega-lite and vega-embed builds as text, to inline in a page.

    The source-map comment is left out: it names a file the report does not carry, which a
    browser's developer tools would try to fetch.
    """
    return tuple(script(name) for name in SCRIPTS)


@lru_cache(maxsize=len(SCRIPTS))
def script(name: str) -> str:
    """The vendored build `name` (one of `SCRIPTS`) as text, without its source-map comment."""
    text = resources.files("wi3.reports").joinpath("static", name).read_text(encoding="utf-8")
    return "\n".join(
        line for line in text.splitlines() if not line.startswith("//# sourceMappingURL=")
    )


def embeddable(spec: Mapping[str, Any]) -> str:
    """The specification as JSON that is safe inside an HTML `<script>` element."""
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _definition(chart: Any) -> str:
    """The chart's specification as JSON, in the report's font, without the `$schema` URL: the
    report names no address, and both vega-embed and vl-convert are told it is Vega-Lite."""
    spec = chart.configure(font=FONT, background="white").configure_view(stroke="#d8dde3")
    found: dict[str, Any] = spec.to_dict(validate=False)
    found.pop("$schema", None)
    return json.dumps(found)


def _domain(names: Mapping[str, str], colours: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """Scale domain (the names) and range (their colours), for ids both know, in `names` order."""
    ids = [i for i in names if i in colours]
    return [names[i] for i in ids], [colours[i] for i in ids]


@lru_cache(maxsize=8)
def profile(phases: tuple[tuple[str, str], ...], words: tuple[str, str, str, str]) -> str:
    """Initiatives per phase in each snapshot, stacked; the stopped ones in a chart of their own.

    Rows: `date` (ISO, the order), `group` ("live" or "stopped"), `phase` (a name), `rank`
    (stacking order) and `count`. `words`: the snapshot axis, the live and the stopped axis
    titles, and the legend title.
    """
    import altair as alt

    snapshot, live, stopped, legend = words
    domain, colours = _domain(dict(phases), PHASE_COLOURS)
    data = alt.NamedData(name=DATASET)
    x = alt.X("date:O", title=snapshot, axis=alt.Axis(labelAngle=-40))
    bars = (
        alt.Chart()
        .transform_filter("datum.group == 'live'")
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y("sum(count):Q", title=live, axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "phase:N",
                title=legend,
                scale=alt.Scale(domain=domain, range=colours),
                legend=alt.Legend(orient="right"),
            ),
            order=alt.Order("rank:Q"),
            tooltip=["date:O", "phase:N", "count:Q"],
        )
        .properties(width=460, height=200)
    )
    ended = (
        alt.Chart()
        .transform_filter("datum.group == 'stopped'")
        .mark_bar(color=STATE_COLOURS["stopped"])
        .encode(
            x=x,
            y=alt.Y("count:Q", title=stopped, axis=alt.Axis(tickMinStep=1)),
            tooltip=["date:O", "count:Q"],
        )
        .properties(width=460, height=60)
    )
    chart = alt.vconcat(bars, ended, data=data, spacing=12)
    return _definition(chart)


@lru_cache(maxsize=8)
def lifecycle(
    phases: tuple[tuple[str, str], ...],
    states: tuple[tuple[str, str], ...],
    changes: tuple[str, str, str],
    words: tuple[str, str, str, str],
) -> str:
    """An initiative's phase in each snapshot, its activity state as the colour of the point and
    a change of phase as its shape (▲ advanced, ▼ regressed).

    Rows: `date` (ISO), `phase` (a name), `state` (a name), `change` (one of `changes`: advanced,
    regressed, no change). `words`: the snapshot and phase axis titles, the activity and change
    legend titles.
    """
    import altair as alt

    snapshot, phase, activity, change = words
    phase_names = [name for _id, name in reversed(phases)]  # the highest phase on top
    state_domain, state_colours = _domain(dict(states), STATE_COLOURS)
    x = alt.X("date:O", title=snapshot, axis=alt.Axis(labelAngle=-40))
    y = alt.Y("phase:N", title=phase, scale=alt.Scale(domain=phase_names))
    line = alt.Chart().mark_line(color="#9aa4b1", strokeWidth=1.5).encode(x=x, y=y)
    points = (
        alt.Chart()
        .mark_point(filled=True, size=130, opacity=1)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "state:N", title=activity, scale=alt.Scale(domain=state_domain, range=state_colours)
            ),
            shape=alt.Shape(
                "change:N",
                title=change,
                scale=alt.Scale(
                    domain=list(changes), range=["triangle-up", "triangle-down", "circle"]
                ),
            ),
            tooltip=["date:O", "phase:N", "state:N", "change:N"],
        )
    )
    chart = alt.layer(line, points, data=alt.NamedData(name=DATASET))
    chart = chart.properties(width=420, height=120)
    return _definition(chart)


@lru_cache(maxsize=8)
def heatmap(
    phases: tuple[tuple[str, str], ...], no_evidence: str, words: tuple[str, str, str]
) -> str:
    """Every initiative's level in every category: the cell's colour its nearest phase, its text
    the level on the 1–3 scale.

    Rows: `initiative` (a name), `row` (its order), `category` (a name), `column` (its order),
    `phase` (the nearest phase's name, or `no_evidence`), `level` (text). `words`: the
    initiative and category axis titles and the legend title.
    """
    import altair as alt

    initiative, category, legend = words
    names = dict(phases)
    domain, tints = _domain(names, PHASE_TINTS)
    base = alt.Chart().encode(
        x=alt.X(
            "category:N",
            title=category,
            sort=alt.EncodingSortField("column"),
            axis=alt.Axis(orient="top", labelAngle=-40, labelLimit=160),
        ),
        y=alt.Y(
            "initiative:N",
            title=initiative,
            sort=alt.EncodingSortField("row"),
            axis=alt.Axis(labelLimit=220),
        ),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color(
            "phase:N",
            title=legend,
            scale=alt.Scale(domain=[*domain, no_evidence], range=[*tints, NO_EVIDENCE]),
        ),
        tooltip=["initiative:N", "category:N", "level:N", "phase:N"],
    )
    # a cell without evidence says so by its colour (and its legend); no "—" to draw 600 times
    text = (
        base.transform_filter(alt.datum.phase != no_evidence)
        .mark_text(fontSize=10, color="#1d2733")
        .encode(text="level:N")
    )
    chart = alt.layer(cells, text, data=alt.NamedData(name=DATASET)).properties(
        width=alt.Step(52), height=alt.Step(20)
    )
    return _definition(chart)


@lru_cache(maxsize=8)
def usage(phases: tuple[tuple[str, str], ...], withheld: str, words: tuple[str, str, str]) -> str:
    """An initiative's usage metrics per quarter, one row per metric, each over the bands of
    its model thresholds; a withheld quarter is a grey column that says so, with no figure.

    Rows of three kinds, told apart by `kind`: "band" (`metric`, `order`, `phase`, `low`,
    `high`), "figure" (`metric`, `order`, `period`, `value`, `shown`) and "withheld" (`metric`,
    `order`, `period`, and `value` null: the line breaks at it). `words`: the quarter axis, the
    value axis and the band legend titles.
    """
    import altair as alt

    quarter, value, legend = words
    # the bands are the model's three phases; undetermined is no band
    domain, tints = _domain({p: n for p, n in phases if p != "undetermined"}, PHASE_TINTS)
    x = alt.X("period:O", title=quarter, axis=alt.Axis(labelAngle=-40))
    bands = (
        alt.Chart()
        .transform_filter("datum.kind == 'band'")
        .mark_rect(opacity=0.7)
        .encode(
            y=alt.Y("low:Q", title=value),
            y2="high:Q",
            color=alt.Color("phase:N", title=legend, scale=alt.Scale(domain=domain, range=tints)),
        )
    )
    # hidden from assistive technology: the word drawn over it and the chart's table say the
    # quarter is withheld, and a metric without a withheld quarter would leave an empty mark
    # that vega announces as an image without a text alternative
    hidden = (
        alt.Chart()
        .transform_filter("datum.kind == 'withheld'")
        .mark_rect(color=WITHHELD, opacity=0.9, aria=False)
        .encode(x=x, tooltip=["period:O", alt.Tooltip("metric:N")])
    )
    hidden_text = (
        alt.Chart()
        .transform_filter("datum.kind == 'withheld'")
        .mark_text(angle=270, fontSize=9, color="#1d2733", text=withheld)
        .encode(x=x, y=alt.value(34))
    )
    # a withheld quarter is a row without a value, so the line breaks there rather than
    # joining its neighbours as if the quarter between them had been measured
    line = (
        alt.Chart()
        .transform_filter("datum.kind != 'band'")
        .mark_line(color="#1d2733", strokeWidth=1.5, invalid="break-paths-filter-domains")
        .encode(x=x, y="value:Q")
    )
    points = (
        alt.Chart()
        .transform_filter("datum.kind == 'figure'")
        .mark_point(filled=True, color="#1d2733", size=36)
        .encode(x=x, y="value:Q", tooltip=["period:O", alt.Tooltip("shown:N", title=value)])
    )
    layered = alt.layer(bands, hidden, hidden_text, line, points).properties(width=420, height=68)
    chart = (
        layered.facet(
            row=alt.Row(
                "metric:N",
                title=None,
                sort=alt.EncodingSortField("order"),
                header=alt.Header(labelAngle=0, labelAlign="left", labelLimit=300),
            ),
            data=alt.NamedData(name=DATASET),
        )
        .resolve_scale(y="independent")
        .properties(spacing=10)
    )
    return _definition(chart)


@lru_cache(maxsize=8)
def interaction(words: tuple[str, str, str]) -> str:
    """Per initiative and unit, the share of the unit's replies that go to another unit; a
    withheld cell is grey and says so.

    Rows: `initiative`, `unit`, `share` (0–100, or null when withheld), `text`. `words`: the
    initiative, unit and share titles.
    """
    import altair as alt

    initiative, unit, share = words
    base = alt.Chart().encode(
        x=alt.X("unit:N", title=unit, axis=alt.Axis(orient="top", labelAngle=-40)),
        y=alt.Y("initiative:N", title=initiative, axis=alt.Axis(labelLimit=220)),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.condition(
            "datum.share == null",
            alt.value(WITHHELD),
            alt.Color("share:Q", title=share, scale=alt.Scale(domain=[0, 100], scheme="blues")),
        ),
        tooltip=["initiative:N", "unit:N", alt.Tooltip("text:N", title=share)],
    )
    text = base.mark_text(fontSize=10).encode(
        text="text:N",
        color=alt.condition("datum.share > 60", alt.value("white"), alt.value("#1d2733")),
    )
    chart = alt.layer(cells, text, data=alt.NamedData(name=DATASET)).properties(
        width=alt.Step(64), height=alt.Step(20)
    )
    return _definition(chart)
