"""From evidence to levels: each indicator gives its category a level; categories roll up."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from wi3.diagnosis._types import CategoryResult, Conflict, Observation, Reading
from wi3.model import PHASES, Indicator, Model
from wi3.notes import note

DAYS_PER_MONTH = 365.25 / 12

Key = tuple[str, str]
"""An observation's key: (evidence kind, question or metric id)."""


def index(observations: Iterable[Observation]) -> dict[Key, Observation]:
    """Observations by (evidence, ref); a later observation of the same key replaces an earlier."""
    return {(o.evidence, o.ref): o for o in observations}


def level_number(phase: str) -> int:
    """1 for pioneering, 2 for facilitating, 3 for strategic."""
    return PHASES.index(phase) + 1


def describe_rule(indicator: Indicator) -> str:
    """The indicator's mapping in words, e.g. 'facilitating >= 0.15; strategic > 0.5'."""
    if indicator.answers is not None:
        if all(answer == phase for answer, phase in indicator.answers.items()):
            return "the chosen phase is the level"
        return "; ".join(f"{answer} → {phase}" for answer, phase in indicator.answers.items())
    assert indicator.levels is not None
    rule = "; ".join(f"{phase} {test}" for phase, test in indicator.levels.items())
    for cap in indicator.caps:
        rule += f"; at most {cap.level} when {cap.ref} {cap.test}"
    return rule


@dataclass(frozen=True)
class Ageing:
    """How evidence of the ageing kinds loses weight with its age at the diagnosis date."""

    as_of: date
    half_life_months: float
    stale_months: float
    kinds: frozenset[str]

    @classmethod
    def of(cls, model: Model, as_of: date) -> Ageing:
        rules = model.evidence
        return cls(
            as_of,
            rules.half_life_months.value,
            rules.stale_months.value,
            frozenset(rules.ageing),
        )

    def months(self, dated: date) -> float:
        """The evidence's age in months (0 for evidence dated after the diagnosis date)."""
        return max((self.as_of - dated).days, 0) / DAYS_PER_MONTH

    def factor(self, evidence: str, dated: date | None) -> float:
        """0.5 ** (age / half-life) for an ageing kind; 0 past the stale limit; else 1."""
        if evidence not in self.kinds or dated is None:
            return 1.0
        months = self.months(dated)
        if months > self.stale_months:
            return 0.0
        return float(0.5 ** (months / self.half_life_months))


def read(
    indicator: Indicator, observations: Mapping[Key, Observation], ageing: Ageing | None = None
) -> Reading:
    """Apply one indicator to the evidence: its level (1–3) or why it has none, and its age."""
    rule = describe_rule(indicator)
    obs = observations.get((indicator.evidence, indicator.ref))
    dated = None if obs is None else obs.dated
    factor = 1.0 if ageing is None else ageing.factor(indicator.evidence, dated)

    def reading(level: int | None, why: str | None) -> Reading:
        if level is not None and factor == 0 and ageing is not None and dated is not None:
            months = round(ageing.months(dated))
            stale = note("stale", months=months, limit=f"{ageing.stale_months:g}")
            why = stale if why is None else note("joined", first=why, then=stale)
        return Reading(
            indicator=indicator.id,
            category=indicator.category,
            evidence=indicator.evidence,
            ref=indicator.ref,
            value=None if obs is None else obs.value,
            level=level,
            weight=indicator.weight,
            rule=rule,
            status="missing" if obs is None else "withheld" if obs.value is None else "observed",
            basis="" if obs is None else obs.basis,
            n=None if obs is None else obs.n,
            note=why,
            dated=dated,
            age_factor=factor,
            about_people=indicator.about_people,
        )

    if obs is None:
        return reading(None, f"no {indicator.evidence} evidence")
    if obs.value is None:
        return reading(None, obs.withheld or note("no_value"))
    least = indicator.min_group
    if least is not None and obs.n is not None and obs.n < least.value:
        return reading(None, note("too_small_for_level", n=f"{least.value:g}"))
    if indicator.answers is not None:
        phase = indicator.answers.get(str(obs.value))
        if phase is None:
            return reading(None, note("answer_says_nothing", answer=repr(obs.value)))
        return reading(level_number(phase), None)
    assert indicator.levels is not None
    if isinstance(obs.value, str):
        return reading(None, note("not_a_number", value=repr(obs.value)))
    level = 1
    if indicator.levels["strategic"].holds(obs.value):
        level = 3
    elif indicator.levels["facilitating"].holds(obs.value):
        level = 2
    for cap in indicator.caps:
        other = observations.get((indicator.evidence, cap.ref))
        if other is None or other.value is None or not cap.test.holds(other.value):
            continue
        ceiling = level_number(cap.level)
        if level > ceiling:
            capped = note("capped", phase=cap.level, ref=cap.ref, value=other.value, test=cap.test)
            return reading(ceiling, capped)
    return reading(level, None)


def roll_up(category: str, readings: Iterable[Reading], margin: float) -> CategoryResult:
    """A category's level as the weighted mean of its readings' levels, with any conflict.

    Each reading weighs its indicator's weight times its age factor; readings without a level,
    and stale ones, do not count (they lower confidence instead). A conflict is reported when
    the highest and lowest counting levels are at least `margin` apart.
    """
    readings = tuple(readings)
    scored = [r for r in readings if r.counts]
    if not scored:
        return CategoryResult(category=category, level=None, readings=readings)
    total = sum(r.weight * r.age_factor for r in scored)
    level = sum(r.weight * r.age_factor * (r.level or 0) for r in scored) / total
    high = max(r.level for r in scored if r.level is not None)
    low = min(r.level for r in scored if r.level is not None)
    conflict = None
    if high - low >= margin:
        conflict = Conflict(
            spread=float(high - low),
            high=tuple(r.indicator for r in scored if r.level == high),
            low=tuple(r.indicator for r in scored if r.level == low),
        )
    return CategoryResult(category=category, level=level, readings=readings, conflict=conflict)


def categorise(
    model: Model,
    observations: Mapping[Key, Observation],
    categories: Iterable[str],
    ageing: Ageing | None = None,
) -> tuple[CategoryResult, ...]:
    """Every named category's result, in model order, from all indicators that evidence it."""
    wanted = set(categories)
    readings: dict[str, list[Reading]] = {c.id: [] for c in model.categories if c.id in wanted}
    for indicator in model.indicators:
        if indicator.category in readings:
            readings[indicator.category].append(read(indicator, observations, ageing))
    margin = model.settings.conflict_margin
    return tuple(roll_up(cat, rs, margin) for cat, rs in readings.items())
