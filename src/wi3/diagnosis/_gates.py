"""Phase gates and confidence: which phase the evidence supports, and how sure that is."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from wi3.diagnosis._types import CategoryResult, Condition, Confidence, GateResult, Reading
from wi3.model import Gate, Gates, Model


def mean_level(categories: Iterable[CategoryResult]) -> float | None:
    """The unweighted mean of the category levels that can carry a phase; None when none can.

    A category whose level rests only on figures about no person (platforms in use,
    integration events) is left out: any initiative with events has those, a dead one too.
    """
    levels = [c.level for c in categories if c.level is not None and c.carried]
    return sum(levels) / len(levels) if levels else None


def _holds(actual: float | None, required: float) -> bool | None:
    return None if actual is None else actual >= required


def check_gate(phase: str, gate: Gate, categories: Sequence[CategoryResult]) -> GateResult:
    """Judge every condition of one phase's gate against the category results.

    The mean condition compares the mean over categories with evidence; a category condition its
    level; a group condition the weighted mean level of the group's indicators that have evidence.
    """
    by_id = {c.category: c for c in categories}
    readings: dict[str, Reading] = {r.indicator: r for c in categories for r in c.readings}
    mean = mean_level(categories)
    conditions = [
        Condition(
            kind="mean",
            subject="all categories",
            required=gate.min_mean,
            actual=mean,
            holds=_holds(mean, gate.min_mean),
            categories=tuple(
                c.category for c in categories if c.level is None or c.level < gate.min_mean
            ),
        )
    ]
    for category, required in gate.categories.items():
        level = by_id[category].level if category in by_id else None
        conditions.append(
            Condition(
                kind="category",
                subject=category,
                required=required,
                actual=level,
                holds=_holds(level, required),
                categories=(category,),
            )
        )
    for group in gate.groups:
        members = [readings[i] for i in group.indicators if i in readings]
        scored = [r for r in members if r.counts]
        weight = sum(r.weight * r.age_factor for r in scored)
        actual = (
            sum(r.weight * r.age_factor * (r.level or 0) for r in scored) / weight
            if scored
            else None
        )
        conditions.append(
            Condition(
                kind="group",
                subject=group.id,
                required=group.min,
                actual=actual,
                holds=_holds(actual, group.min),
                categories=tuple(dict.fromkeys(r.category for r in members)),
                indicators=tuple(group.indicators),
            )
        )
    return GateResult(phase=phase, conditions=tuple(conditions))


def judge(gates: Gates, categories: Sequence[CategoryResult]) -> tuple[str, tuple[GateResult, ...]]:
    """The phase reached and both gate results. Pioneering is the floor; strategic needs both."""
    facilitating = check_gate("facilitating", gates.facilitating, categories)
    strategic = check_gate("strategic", gates.strategic, categories)
    phase = "pioneering"
    if facilitating.holds:
        phase = "strategic" if strategic.holds else "facilitating"
    return phase, (facilitating, strategic)


def confidence(
    model: Model, categories: Sequence[CategoryResult], contested: Iterable[str] = ()
) -> Confidence:
    """Confidence from coverage of categories, coverage of evidence kinds, agreement and age.

    coverage  = categories with a level, not contested / categories judged
    kinds     = evidence kinds that gave at least one level / kinds the model expects
    agreement = categories corroborated without conflict / categories with a level
    recency   = Σ weight · age factor / Σ weight over the readings with a level, stale included
    score     = recency × the weighted mean of the first three with the model's weights;
                0 without any evidence.

    A category is corroborated when at least two kinds of evidence give it a level: an owner's
    answer that nothing else checks cannot show agreement, however consistent it is. A category
    `contested` by a claim that usage contradicts is neither covered nor corroborated: its level
    rests on a word that what people did disputes.
    """
    settings = model.settings.confidence
    with_level = [c for c in categories if c.level is not None]
    present = sorted({r.evidence for c in categories for r in c.readings if r.counts})
    if not with_level:
        return Confidence(0.0, "low", 0.0, 0.0, 0.0, ())
    disputed = set(contested)
    coverage = sum(1 for c in with_level if c.category not in disputed) / len(categories)
    kinds = len(set(present) & set(settings.evidence_kinds)) / len(settings.evidence_kinds)
    corroborated = [
        c
        for c in with_level
        if not c.conflict
        and c.category not in disputed
        and len({r.evidence for r in c.readings if r.counts}) >= 2
    ]
    agreement = len(corroborated) / len(with_level)
    levelled = [r for c in categories for r in c.readings if r.level is not None]
    recency = sum(r.weight * r.age_factor for r in levelled) / sum(r.weight for r in levelled)
    weights = settings.coverage + settings.kinds + settings.agreement
    score = (
        recency
        * (settings.coverage * coverage + settings.kinds * kinds + settings.agreement * agreement)
        / weights
    )
    label = "high" if score >= settings.high else "medium" if score >= settings.medium else "low"
    return Confidence(
        score=score,
        label=label,
        coverage=coverage,
        kinds=kinds,
        agreement=agreement,
        kinds_present=tuple(present),
        recency=recency,
    )
