"""The geometry of the organisation profile's bar chart, drawn by the HTML template as inline SVG.

A horizontal bar per phase on a 0–100 % axis; when reach-weighted shares exist, each phase gets a
second, lighter bar. Every bar carries its figure as text, so the colour is never the only signal.
"""

from __future__ import annotations

from collections.abc import Sequence

from wi3.reports._view import Bar, Chart, ChartRow, ProfileRow, Tick

WIDTH = 520.0
PLOT_X = 124.0
PLOT_WIDTH = 330.0
BAR = 24.0
WEIGHTED_BAR = 16.0
BAR_GAP = 4.0
ROW_GAP = 16.0
LEGEND = 30.0
AXIS = 24.0


def bar_chart(
    rows: Sequence[ProfileRow],
    shares: Sequence[float],
    weighted: Sequence[float] | None,
    title: str,
    description: str,
) -> Chart:
    """Lay out one row of bars per phase; `shares` and `weighted` are fractions 0–1."""
    top = LEGEND if weighted is not None else 8.0
    y = top + 6.0
    chart_rows: list[ChartRow] = []
    for i, row in enumerate(rows):
        height = BAR if weighted is None else WEIGHTED_BAR
        bars = [_bar(y, height, shares[i], f"{row.count} · {row.share}", weighted=False)]
        if weighted is not None and row.weighted_share is not None:
            bars.append(
                _bar(y + height + BAR_GAP, height, weighted[i], row.weighted_share, weighted=True)
            )
        bottom = bars[-1].y + bars[-1].height
        chart_rows.append(ChartRow(phase=row.phase, label_y=(y + bottom) / 2, bars=tuple(bars)))
        y = bottom + ROW_GAP
    axis_y = y - ROW_GAP / 2
    ticks = tuple(Tick(x=PLOT_X + PLOT_WIDTH * p / 100, label=f"{p}%") for p in range(0, 101, 25))
    return Chart(
        width=WIDTH,
        height=axis_y + AXIS,
        plot_x=PLOT_X,
        top=top,
        axis_y=axis_y,
        rows=tuple(chart_rows),
        ticks=ticks,
        weighted=weighted is not None,
        title=title,
        description=description,
    )


def _bar(y: float, height: float, share: float, value: str, *, weighted: bool) -> Bar:
    width = PLOT_WIDTH * min(max(share, 0.0), 1.0)
    return Bar(
        y=y, width=width, height=height, text_x=PLOT_X + width + 6, value=value, weighted=weighted
    )
