"""The report's charts with their data, text alternatives and tables, in the report's language.

Each function gathers one chart's rows from the diagnosis, the lifecycles or the usage figures,
binds them to the chart's definition (`wi3.reports._vega`), and says in words and in a table
what the chart draws, so that nothing is only in the picture.

Usage figures arrive as the metric engine gives them: a figure about fewer people than the
minimum group, or one from which such a figure could be worked out, has no value and says it is
withheld. The charts and tables show that it is withheld and never a number for it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from wi3.diagnosis import UNDETERMINED, Profile
from wi3.metrics import MetricValue
from wi3.model import PHASES, Indicator
from wi3.notes import Note
from wi3.reports import _vega
from wi3.reports._life import LifecycleRow
from wi3.reports._view import ChartView, DataTable, InitiativeView, LifecycleRowView
from wi3.reports._words import Words
from wi3.texts import Locale

PRIVACY_NOTES = ("too_few_people", "protects_small_group")
"""The notes of a figure the engine withholds to protect a small group (not "no data")."""
CHANGES = ("advanced", "regressed")
"""The changes of phase the lifecycle chart marks; any other row is "no change"."""
CROSS_UNIT = "cross_unit_share"
"""The metric of the interaction matrix: the share of a unit's replies that go to another."""


@dataclass(frozen=True)
class UsageFigures:
    """An organisation's usage metrics up to a report's date, as `wi3.service` reads them.

    `values`: every metric per initiative and quarter (without unit); `by_unit`: the figures per
    initiative and unit in `quarter`, the newest complete quarter (none without a people
    directory, which is what gives people a unit).
    """

    values: Sequence[MetricValue]
    by_unit: Sequence[MetricValue] = ()
    quarter: str | None = None


def withheld(value: MetricValue) -> bool:
    """Whether the engine withheld this figure to protect a small group."""
    return (
        value.value is None
        and isinstance(value.withheld, Note)
        and (value.withheld.key in PRIVACY_NOTES)
    )


def _phases(words: Words) -> tuple[tuple[str, str], ...]:
    return tuple((p, words.phase(p).name) for p in (*PHASES, UNDETERMINED))


def _states(words: Words) -> tuple[tuple[str, str], ...]:
    return tuple((s.id, words.state(s.id)) for s in words.model.activity.states)


def profile_chart(
    words: Words,
    profile: Profile,
    as_of: date,
    lifecycles: Mapping[str, Sequence[LifecycleRow]] | None,
) -> ChartView:
    """Live initiatives per phase in every snapshot up to this one, and the stopped apart.

    Earlier snapshots are counted from the lifecycles as the profile counts them (an initiative
    that is stopped or has not started is not live); this snapshot is its own profile.
    """
    locale = words.locale
    counts: dict[date, Counter[str]] = defaultdict(Counter)
    stopped: Counter[date] = Counter()
    for rows in (lifecycles or {}).values():
        for row in rows:
            if row.as_of >= as_of or row.activity == "not_started":
                continue
            if row.activity == "stopped":
                stopped[row.as_of] += 1
            else:
                counts[row.as_of][row.phase] += 1
    counts[as_of] = Counter(profile.counts)
    stopped[as_of] = profile.stopped
    phases = _phases(words)
    data: list[dict[str, object]] = []
    table = []
    for day in sorted(counts):
        for rank, (phase, name) in enumerate(phases):
            data.append(
                {
                    "date": day.isoformat(),
                    "group": "live",
                    "phase": name,
                    "rank": rank,
                    "count": counts[day][phase],
                }  # fmt: skip
            )
        data.append({"date": day.isoformat(), "group": "stopped", "count": stopped[day]})
        table.append(
            (
                locale.date(day),
                *(str(counts[day][p]) for p, _name in phases),
                str(stopped[day]),
            )
        )
    days = sorted(counts)
    now = counts[as_of]
    label = locale.label
    spec = _vega.bind(
        _vega.profile(
            phases,
            (label("snapshot"), label("live_initiatives"), label("stopped"), label("phase")),
        ),
        data,
    )
    return ChartView(
        id="profile-chart",
        title=label("profile_chart_title"),
        description=label(
            "profile_chart_desc",
            snapshots=len(days),
            first=locale.date(days[0]),
            last=locale.date(as_of),
            counts=", ".join(f"{now[p]} {name.lower()}" for p, name in phases),
            stopped=stopped[as_of],
        ),
        spec=spec,
        table=DataTable((label("date"), *(n for _p, n in phases), label("stopped")), tuple(table)),
    )


def lifecycle_chart(
    words: Words, view: InitiativeView, rows: Sequence[LifecycleRowView]
) -> ChartView | None:
    """An initiative's phase and activity per snapshot, its changes of phase marked; its table
    is the lifecycle table that follows it. None without any snapshot."""
    if not rows:
        return None
    label = words.locale.label
    marks = (label("chart_advanced"), label("chart_regressed"), label("chart_same"))
    data = []
    moves = []
    for row in rows:
        ids = {i for i, _text in row.changes}
        change = next((c for c in CHANGES if c in ids), None)
        data.append(
            {
                "date": row.as_of_iso,
                "phase": row.phase.name,
                "state": row.activity.name,
                "change": marks[CHANGES.index(change)] if change else marks[2],
            }
        )
        if change:
            moved = label(f"change_{change}", phase=row.phase.name.lower())
            moves.append(f"{moved} ({row.as_of})")
    spec = _vega.bind(
        _vega.lifecycle(
            _phases(words),
            _states(words),
            marks,
            (label("snapshot"), label("phase"), label("activity"), label("change")),
        ),
        data,
    )
    last = rows[-1]
    return ChartView(
        id=f"{view.anchor}-lifecycle-chart",
        title=label("lifecycle_chart_title"),
        description=label(
            "lifecycle_chart_desc",
            count=len(rows),
            first=rows[0].as_of,
            last=last.as_of,
            phase=last.phase.name.lower(),
            state=last.activity.name.lower(),
        )
        + " "
        + (label("lifecycle_chart_moves", moves="; ".join(moves)) if moves else label("no_moves")),
        spec=spec,
        table=None,
    )


def heatmap_chart(words: Words, views: Sequence[InitiativeView]) -> ChartView | None:
    """Every initiative's level in every category, coloured by the nearest phase."""
    if not views:
        return None
    label = words.locale.label
    none = label("no_evidence")
    categories = [c.id for c in words.model.categories]
    data = []
    table = []
    empty = 0
    for row, view in enumerate(views):
        cells = {cell.id: cell for line in view.heatmap for cell in line.cells}
        texts = []
        for column, category in enumerate(categories):
            cell = cells.get(category)
            level = cell.level if cell is not None and cell.level else "—"
            empty += level == "—"
            texts.append(level)
            data.append(
                {
                    "initiative": view.name,
                    "row": row,
                    "category": words.category(category),
                    "column": column,
                    "phase": cell.phase.name if cell is not None and cell.phase else none,
                    "level": level,
                }
            )
        table.append((view.name, *texts))
    spec = _vega.bind(
        _vega.heatmap(
            _phases(words), none, (label("initiative"), label("category"), label("phase"))
        ),
        data,
    )
    return ChartView(
        id="heatmap-chart",
        title=label("heatmap_chart_title"),
        description=label(
            "heatmap_chart_desc", categories=len(categories), count=len(views), empty=empty
        ),
        spec=spec,
        table=DataTable(
            (label("initiative"), *(words.category(c) for c in categories)), tuple(table)
        ),
        labelled=True,
    )


def usage_chart(
    words: Words, anchor: str, name: str, values: Sequence[MetricValue]
) -> ChartView | None:
    """An initiative's usage metrics per quarter over the bands of the model's thresholds;
    `anchor` is the id of the initiative's section, `name` its name.

    Only the metrics a usage indicator of the model reads, each once; a metric without any
    figure or withheld quarter is left out, and None when none is left.
    """
    locale = words.locale
    label = locale.label
    cells = {(v.metric, v.period): v for v in values if v.unit is None}
    periods = sorted({v.period for v in values if v.unit is None})
    data: list[dict[str, object]] = []
    table = []
    hidden = 0
    for order, indicator in enumerate(_usage_indicators(words)):
        metric = indicator.ref
        series = [cells.get((metric, p)) for p in periods]
        if not any(v is not None and (v.value is not None or withheld(v)) for v in series):
            continue
        name = _metric_title(words, indicator)
        scale = 100.0 if indicator.unit == "share" else 1.0
        texts = []
        shown = []
        for period, v in zip(periods, series, strict=True):
            if v is not None and v.value is not None:
                text = figure(locale, indicator.unit, v.value)
                shown.append(v.value * scale)
                data.append(
                    {
                        "kind": "figure",
                        "metric": name,
                        "order": order,
                        "period": period,
                        "value": v.value * scale,
                        "shown": text,
                    }  # fmt: skip
                )
            elif v is not None and withheld(v):
                text = label("withheld")
                hidden += 1
                data.append(
                    {
                        "kind": "withheld",
                        "metric": name,
                        "order": order,
                        "period": period,
                        "value": None,
                    }  # fmt: skip
                )
            else:
                text = "—"
            texts.append(text)
        for phase, low, high in _bands(indicator, max(shown, default=0.0), scale):
            data.append(
                {
                    "kind": "band",
                    "metric": name,
                    "order": order,
                    "phase": words.phase(phase).name,
                    "low": low,
                    "high": high,
                }  # fmt: skip
            )
        table.append((name, *texts))
    if not table:
        return None
    spec = _vega.bind(
        _vega.usage(
            _phases(words), label("withheld"), (label("quarter"), label("value"), label("band"))
        ),
        data,
    )
    return ChartView(
        id=f"{anchor}-usage-chart",
        title=label("usage_chart_title"),
        description=label(
            "usage_chart_desc",
            name=name,
            metrics=len(table),
            first=periods[0],
            last=periods[-1],
            withheld=hidden,
            min=words.model.settings.min_group_size,
        ),
        spec=spec,
        table=DataTable((label("metric"), *periods), tuple(table)),
    )


def interaction_chart(
    words: Words, views: Sequence[InitiativeView], usage: UsageFigures
) -> ChartView | None:
    """Per initiative and unit, the share of the unit's replies that reach another unit, in the
    newest complete quarter; None without a figure or withheld cell to show."""
    locale = words.locale
    label = locale.label
    cells = {
        (v.initiative, v.unit): v
        for v in usage.by_unit
        if v.metric == CROSS_UNIT and v.unit is not None and v.period == usage.quarter
    }
    units = sorted({u for (_i, u), v in cells.items() if v.value is not None or withheld(v)})
    if not units or usage.quarter is None:
        return None
    data: list[dict[str, object]] = []
    table = []
    shown = hidden = 0
    for view in views:
        texts = []
        for unit in units:
            v = cells.get((view.slug, unit))
            if v is not None and v.value is not None:
                text = locale.percent(v.value)
                shown += 1
                data.append(
                    {"initiative": view.name, "unit": unit, "share": v.value * 100, "text": text}
                )
            elif v is not None and withheld(v):
                text = label("withheld")
                hidden += 1
                data.append({"initiative": view.name, "unit": unit, "share": None, "text": text})
            else:
                text = "—"
            texts.append(text)
        if any(t != "—" for t in texts):
            table.append((view.name, *texts))
    spec = _vega.bind(
        _vega.interaction((label("initiative"), label("unit"), label("cross_unit"))), data
    )
    return ChartView(
        id="interaction-chart",
        title=label("interaction_chart_title"),
        description=label(
            "interaction_chart_desc",
            quarter=usage.quarter,
            shown=shown,
            withheld=hidden,
            min=words.model.settings.min_group_size,
        ),
        spec=spec,
        table=DataTable((label("initiative"), *units), tuple(table)),
        labelled=True,
    )


def figure(locale: Locale, unit: str | None, value: float) -> str:
    """A usage figure as the report writes it: shares in % (one decimal under 10 %), hours to
    one decimal, counts as they are."""
    if unit == "share":
        return locale.percent(value) if abs(value) >= 0.1 else f"{locale.decimal(value * 100, 1)}%"
    if unit == "hours":
        return locale.decimal(value, 1)
    return locale.number(value)


def _usage_indicators(words: Words) -> list[Indicator]:
    """The model's usage indicators with level thresholds, one per metric, in model order."""
    seen: set[str] = set()
    found = []
    for indicator in words.model.indicators:
        if indicator.evidence == "usage" and indicator.levels and indicator.ref not in seen:
            seen.add(indicator.ref)
            found.append(indicator)
    return found


def _metric_title(words: Words, indicator: Indicator) -> str:
    name = indicator.name.get(words.language) if indicator.name else indicator.ref
    unit = words.locale.label_or(f"unit_{indicator.unit}", indicator.unit or "")
    return f"{name} ({unit})" if unit else name


def _bands(indicator: Indicator, highest: float, scale: float) -> list[tuple[str, float, float]]:
    """The phase bands of an indicator's thresholds on the chart's scale, from 0 to a top that
    leaves room above the highest threshold and figure."""
    levels = indicator.levels or {}
    facilitating = levels.get("facilitating")
    strategic = levels.get("strategic")
    if facilitating is None or strategic is None:
        return []
    low = float(facilitating.operand) * scale
    high = float(strategic.operand) * scale
    rising = facilitating.op in (">=", ">")
    top = 100.0 if indicator.unit == "share" else max(highest, max(low, high) * 1.5)
    if rising:
        return [
            ("pioneering", 0.0, low),
            ("facilitating", low, high),
            ("strategic", high, top),
        ]
    return [
        ("strategic", 0.0, high),
        ("facilitating", high, low),
        ("pioneering", low, top),
    ]
