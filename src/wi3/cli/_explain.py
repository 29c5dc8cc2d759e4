"""`wi3 diagnose --explain`: every figure of one initiative's diagnosis, traced to its evidence."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from wi3.diagnosis import (
    RULE_THRESHOLDS,
    UNDETERMINED,
    ActivityReading,
    InitiativeDiagnosis,
    Reading,
    describe_activity,
)
from wi3.model import Model


def _level(level: float | None) -> str:
    return "—" if level is None else f"{level:.2f}"


def _value(value: float | str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def _outcome(r: Reading) -> str:
    """What one reading gave: its value and level, or why it has none."""
    if r.status == "withheld":
        return f"no figure: {r.note}"
    level = "no level" if r.level is None else f"level {r.level}"
    return f"{_value(r.value)} → {level}" + (f", {r.note}" if r.note else "")


def _age(r: Reading) -> str:
    """How much of its weight a dated reading keeps, e.g. 'of 2025-03-01, counts 0.61'."""
    if r.dated is None or r.age_factor == 1:
        return ""
    return f"dated {r.dated.isoformat()}, counts {r.age_factor:.2f} of its weight"


def explain(console: Console, model: Model, d: InitiativeDiagnosis, about: dict[str, Any]) -> None:
    """Print the activity, categories with their readings, conflicts, gates, factors and steps."""
    names = {c.id: c.name.en for c in model.categories}
    console.print(
        f"[bold]{about['name']}[/] ({d.initiative}, {about['kind']}"
        f"{', ' + about['platform'] if about.get('platform') else ''}): [bold]{d.phase}[/], "
        f"mean level {_level(d.mean)}",
        highlight=False,
    )
    enough = d.sufficiency
    if d.phase == UNDETERMINED and enough is not None:
        if enough.reason == "too_few_categories":
            why = (
                f"{enough.categories} categories have evidence that can carry a phase, and a "
                f"phase needs at least {enough.required}. "
                f"{model.evidence.min_categories.reason.en}"
            )
        else:
            unknown = [
                names.get(c.subject, c.subject) for c in d.gates[0].conditions if c.holds is None
            ]
            why = (
                "no condition of the facilitating gate fails, but there is no evidence for "
                f"{', '.join(unknown)}: pioneering would be a default, not a finding"
            )
        console.print(f"phase undetermined: {why}", highlight=False)
    if d.usage_pointer is not None:
        console.print(
            f"usage alone points to [bold]{d.usage_pointer.phase}[/] (conditions usage cannot "
            "judge set aside; a gate counts only on a figure about people)",
            highlight=False,
        )
    else:
        console.print(
            "usage alone points to nothing: no usage figure about people", highlight=False
        )
    c = d.confidence
    console.print(
        f"confidence {c.label} {c.score:.2f} = recency {c.recency:.2f} × weighted mean of "
        f"coverage {c.coverage:.2f} (categories with evidence), kinds {c.kinds:.2f} "
        f"({', '.join(c.kinds_present) or 'none'}), agreement {c.agreement:.2f} (categories "
        "corroborated without conflict)",
        highlight=False,
    )
    _explain_activity(console, model, d.activity)

    console.print("\n[bold]categories and their evidence[/]")
    for result in d.categories:
        conflict = "  [red]CONFLICT[/]" if result.conflict else ""
        console.print(
            f"\n[bold]{names[result.category]}[/]: level {_level(result.level)}{conflict}",
            highlight=False,
        )
        missing: dict[str, list[str]] = {}
        for r in result.readings:
            if r.status == "missing":
                missing.setdefault(r.evidence, []).append(r.indicator)
                continue
            console.print(f"  {r.indicator} ({r.evidence}): {_outcome(r)}", highlight=False)
            context = " · ".join(x for x in (r.basis, _age(r), f"weight {r.weight:g}", r.rule) if x)
            console.print(f"      [dim]{context}[/]", highlight=False)
        for evidence, indicators in missing.items():
            console.print(
                f"  [dim]no {evidence} evidence: {', '.join(indicators)}[/]", highlight=False
            )
    for result in d.categories:
        if result.conflict:
            k = result.conflict
            console.print(
                f"\n[red]conflict[/] in {names[result.category]}: high {', '.join(k.high)}; "
                f"low {', '.join(k.low)} ({k.spread:.0f} levels apart)",
                highlight=False,
            )

    for claim in d.claims:
        against = (
            f"the initiative is {claim.contradiction}"
            + (f" since {claim.value}" if claim.value else "")
            if claim.contradiction in ("declining", "dormant", "stopped")
            else f"{claim.contradiction} = {_value(claim.value)} (level 1), measured later"
        )
        dated = f" of {claim.dated.isoformat()}" if claim.dated else ""
        console.print(
            f"\n[red]claim contradicted[/]: {claim.claim}{dated} claims {claim.claimed}, but "
            f"{against}; not counted as agreement in {', '.join(claim.categories)}",
            highlight=False,
        )

    for gate in d.gates:
        console.print(f"\n[bold]gate {gate.phase}[/]: {gate.status}", highlight=False)
        for cond in gate.conditions:
            mark = {True: "[green]holds[/]", False: "[red]fails[/]", None: "[yellow]unknown[/]"}[
                cond.holds
            ]
            subject = names.get(cond.subject, cond.subject)
            console.print(
                f"  {mark}  {cond.kind} {subject}: {_level(cond.actual)} "
                f"(needs ≥ {cond.required:g})",
                highlight=False,
            )

    factors = {f.id: f for f in model.factors}
    if d.factors:
        console.print("\n[bold]drivers and inhibitors at work[/]")
        for f in d.factors:
            factor = factors[f.factor]
            console.print(
                f"  {f.factor} {factor.kind}: {factor.text.en} "
                f"({f.evidence} {f.ref} = {_value(f.value)} {f.test})",
                highlight=False,
            )

    tips = {t.id: t for t in model.tips}
    ends = {e.id: e for e in model.activity.end_of_life}
    stopped = d.activity is not None and d.activity.state == "stopped"
    target = "the end of its life" if stopped else d.target or "consolidating strategic"
    console.print(f"\n[bold]next steps towards {target}[/]")
    if not d.next_steps:
        console.print("  none: nothing in the evidence holds this initiative back")
    for n, step in enumerate(d.next_steps, 1):
        if step.tip in ends:
            end = ends[step.tip]
            console.print(f"  {n}. {step.tip} {end.title.en}", highlight=False)
            console.print(f"     {end.what_to_do.en}", highlight=False)
            continue
        tip = tips[step.tip]
        first = f", first because it acts on what fails in a {step.activity} initiative"
        console.print(
            f"  {n}. {step.tip} {tip.title.en} (score {step.score:g}"
            f"{first if step.activity else ''})",
            highlight=False,
        )
        console.print(f"     {tip.what_to_do.en}", highlight=False)
        console.print(
            f"     acts on {', '.join(names[c] for c in step.categories)}; "
            f"for the gate conditions {', '.join(step.conditions)}",
            highlight=False,
        )
        if step.counters:
            console.print(f"     counters {', '.join(step.counters)}", highlight=False)
        console.print(
            f"     evidence: {', '.join(step.evidence) or 'none yet'}; "
            f"measure again with {', '.join(step.measure)}",
            highlight=False,
        )
    if d.missing:
        console.print(
            f"\nevidence that would settle the next gate: {', '.join(d.missing)}", highlight=False
        )


def _explain_activity(console: Console, model: Model, a: ActivityReading | None) -> None:
    """The activity state, the rule that decided it with its thresholds, and what is missing."""
    console.print("\n[bold]activity[/]")
    if a is None:
        console.print(
            "  unknown: no usage data, and the owner gave no status or end date", highlight=False
        )
        return
    state = model.activity.state(a.state).name.en.lower()
    since = f" since {a.since.isoformat()}" if a.since else ""
    console.print(
        f"  [bold]{state}[/]{since}, by rule {a.rule}: {describe_activity(model, a)}",
        highlight=False,
    )
    read = f"evidence read up to {a.read_until.isoformat()}" if a.read_until else ""
    last = f"last contribution {a.last.isoformat()}" if a.last else "no contribution"
    console.print(f"  [dim]{'; '.join(x for x in (read, last) if x)}[/]", highlight=False)
    thresholds = model.activity.thresholds
    for name in RULE_THRESHOLDS.get(a.rule, ()):
        threshold = getattr(thresholds, name)
        console.print(
            f"  [dim]{name} = {threshold.value:g}: {threshold.reason.en}[/]", highlight=False
        )
    if "archive_signals" in a.missing:
        console.print(
            "  [yellow]missing:[/] these exports do not record whether a channel or list was "
            "closed, so wi3 cannot tell a stop from a silence. If it has ended, say so: "
            "wi3 initiative add SLUG --status retired --end YYYY-MM-DD",
            highlight=False,
        )
