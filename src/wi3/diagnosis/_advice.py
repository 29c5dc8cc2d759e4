"""Drivers and inhibitors at work, and the next steps: tips that act on what holds a phase back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from wi3.diagnosis._readings import Ageing, Key
from wi3.diagnosis._types import (
    CategoryResult,
    Condition,
    FactorSignalled,
    GateResult,
    NextStep,
    Observation,
)
from wi3.model import PHASES, Model

EVIDENCE_PREFERENCE = ("usage", "survey", "owner")
"""Which indicator to re-measure first: what people did, then what they say, then the owner."""

DIFFICULTY_COST = {"low": 0.0, "medium": 0.25, "high": 0.5}


def signalled(
    model: Model, observations: Mapping[Key, Observation], ageing: Ageing | None = None
) -> tuple[FactorSignalled, ...]:
    """The drivers and inhibitors whose signal the evidence passes, in model order.

    Stale evidence signals nothing: a factor seen years ago may no longer be at work.
    """
    found = []
    for signal in model.factor_signals:
        obs = observations.get((signal.evidence, signal.ref))
        if obs is None or obs.value is None or not signal.present.holds(obs.value):
            continue
        if ageing is not None and ageing.factor(obs.evidence, obs.dated) == 0:
            continue
        found.append(
            FactorSignalled(
                factor=signal.factor,
                evidence=signal.evidence,
                ref=signal.ref,
                value=obs.value,
                test=str(signal.present),
            )
        )
    return tuple(found)


def next_phase(phase: str) -> str | None:
    i = PHASES.index(phase)
    return PHASES[i + 1] if i + 1 < len(PHASES) else None


def blocking_conditions(
    phase: str, gates: Sequence[GateResult], categories: Sequence[CategoryResult]
) -> tuple[Condition, ...]:
    """What holds the initiative below its next phase: the next gate's unmet conditions.

    A strategic initiative has no next gate; its weakest categories (below strategic) are what
    it must consolidate, so they are returned as conditions requiring level 3.
    """
    target = next_phase(phase)
    if target is not None:
        gate = next(g for g in gates if g.phase == target)
        return tuple(c for c in gate.conditions if c.holds is not True)
    return tuple(
        Condition(
            kind="category",
            subject=c.category,
            required=3.0,
            actual=c.level,
            holds=False,
            categories=(c.category,),
        )
        for c in categories
        if c.level is not None and c.level < 2.5
    )


def _indicator_to_measure(model: Model, category: str) -> str | None:
    candidates = [i for i in model.indicators if i.category == category]
    for kind in EVIDENCE_PREFERENCE:
        for indicator in candidates:
            if indicator.evidence == kind:
                return indicator.id
    return candidates[0].id if candidates else None


def advise(
    model: Model,
    phase: str,
    blocking: Sequence[Condition],
    categories: Sequence[CategoryResult],
    factors: Sequence[FactorSignalled],
    limit: int = 3,
    activity: str | None = None,
) -> tuple[NextStep, ...]:
    """Rank the tips by how much of what blocks the next phase they act on.

    score = 2 per gate category or group it acts on + 1 per other category below the mean it
    acts on + 1 per active inhibitor it counters + 0.5 when it fits the current phase − a cost
    for its difficulty (low 0, medium 0.25, high 0.5). Tips that act on nothing blocking are left
    out; ties go to the lower tip id.

    A declining or dormant initiative (`activity`) first gets the tips the model names for that
    state (`activity.tips`), which act on what fails; the ranked tips follow.
    """
    gate_cats = {c: cond for cond in blocking if cond.kind != "mean" for c in cond.categories}
    mean_cats = {c for cond in blocking if cond.kind == "mean" for c in cond.categories}
    inhibitors = {
        f.factor
        for f in factors
        if any(x.id == f.factor and x.kind == "inhibitor" for x in model.factors)
    }
    by_cat = {c.category: c for c in categories}
    steps = []
    for tip in model.tips:
        acts_gate = [c for c in tip.categories if c in gate_cats]
        acts_mean = [c for c in tip.categories if c in mean_cats and c not in gate_cats]
        if not acts_gate and not acts_mean:
            continue
        counters = tuple(f for f in tip.factors if f in inhibitors)
        score: float = 2 * len(acts_gate) + len(acts_mean) + len(counters)
        score += 0.5 if phase in tip.phases else 0.0
        score -= DIFFICULTY_COST[tip.difficulty]
        acted = acts_gate + acts_mean
        steps.append(
            NextStep(
                tip=tip.id,
                categories=tuple(acted),
                conditions=tuple(dict.fromkeys(gate_cats[c].subject for c in acts_gate))
                + (("all categories",) if acts_mean else ()),
                counters=counters,
                evidence=_evidence(acted, by_cat),
                measure=tuple(m for c in acted if (m := _indicator_to_measure(model, c))),
                score=score,
            )
        )
    steps.sort(key=lambda s: (-s.score, _tip_number(s.tip)))
    first = _activity_steps(model, activity, steps, by_cat, inhibitors)
    rest = [s for s in steps if s.tip not in {f.tip for f in first}]
    return tuple([*first, *rest][:limit])


def _activity_steps(
    model: Model,
    activity: str | None,
    ranked: Sequence[NextStep],
    by_cat: Mapping[str, CategoryResult],
    inhibitors: set[str],
) -> list[NextStep]:
    """The model's tips for a declining or dormant initiative, marked with that state."""
    if activity not in ("declining", "dormant"):
        return []
    tips = {t.id: t for t in model.tips}
    scored = {s.tip: s for s in ranked}
    out = []
    for tip_id in getattr(model.activity.tips, activity):
        tip = tips[tip_id]
        step = scored.get(tip_id)
        if step is None:
            step = NextStep(
                tip=tip_id,
                categories=tuple(tip.categories),
                conditions=(),
                counters=tuple(f for f in tip.factors if f in inhibitors),
                evidence=_evidence(tip.categories, by_cat),
                measure=tuple(m for c in tip.categories if (m := _indicator_to_measure(model, c))),
                score=0.0,
            )
        out.append(replace(step, activity=activity))
    return out


def end_of_life(model: Model) -> tuple[NextStep, ...]:
    """The model's advice for a stopped initiative, in the model's order."""
    return tuple(
        NextStep(
            tip=step.id,
            categories=(),
            conditions=(),
            counters=(),
            evidence=(),
            measure=(),
            score=0.0,
            activity="stopped",
        )
        for step in model.activity.end_of_life
    )


def _tip_number(tip: str) -> tuple[int, str]:
    digits = "".join(ch for ch in tip if ch.isdigit())
    return (int(digits) if digits else 0, tip)


def _evidence(acted: Sequence[str], by_cat: Mapping[str, CategoryResult]) -> tuple[str, ...]:
    """The readings behind the gap: the lowest-level readings of the categories the tip acts on."""
    ids: list[str] = []
    for category in acted:
        result = by_cat.get(category)
        if result is None:
            continue
        scored = sorted(
            (r for r in result.readings if r.counts),
            key=lambda r: (r.level, r.indicator),
        )
        ids.extend(r.indicator for r in scored[:2])
    return tuple(dict.fromkeys(ids))


def missing_evidence(
    model: Model, blocking: Sequence[Condition], categories: Sequence[CategoryResult]
) -> tuple[str, ...]:
    """Indicators with no level that a blocking condition depends on, usage and survey first."""
    readings = {r.indicator: r for c in categories for r in c.readings}
    wanted: list[str] = []
    for cond in blocking:
        if cond.kind == "group":
            wanted.extend(cond.indicators)
        elif cond.kind == "category":
            wanted.extend(i.id for i in model.indicators if i.category == cond.subject)
    order = {kind: n for n, kind in enumerate(EVIDENCE_PREFERENCE)}
    missing = [i for i in dict.fromkeys(wanted) if i in readings and readings[i].level is None]
    return tuple(sorted(missing, key=lambda i: order.get(readings[i].evidence, len(order))))
