"""`wi3 diagnose --explain`: every figure of one initiative's diagnosis, traced to its evidence."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from wi3.diagnosis import InitiativeDiagnosis, Reading
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


def explain(console: Console, model: Model, d: InitiativeDiagnosis, about: dict[str, Any]) -> None:
    """Print the categories with their readings, conflicts, gates, factors and next steps."""
    names = {c.id: c.name.en for c in model.categories}
    console.print(
        f"[bold]{about['name']}[/] ({d.initiative}, {about['kind']}"
        f"{', ' + about['platform'] if about.get('platform') else ''}): [bold]{d.phase}[/], "
        f"mean level {_level(d.mean)}",
        highlight=False,
    )
    c = d.confidence
    console.print(
        f"confidence {c.label} {c.score:.2f} = weighted mean of coverage {c.coverage:.2f} "
        f"(categories with evidence), kinds {c.kinds:.2f} ({', '.join(c.kinds_present) or 'none'})"
        f", agreement {c.agreement:.2f} (categories without conflict)",
        highlight=False,
    )

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
            context = " · ".join(x for x in (r.basis, f"weight {r.weight:g}", r.rule) if x)
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
    target = d.target or "consolidating strategic"
    console.print(f"\n[bold]next steps towards {target}[/]")
    if not d.next_steps:
        console.print("  none: nothing in the evidence holds this initiative back")
    for n, step in enumerate(d.next_steps, 1):
        tip = tips[step.tip]
        console.print(f"  {n}. {step.tip} {tip.title.en} (score {step.score:g})", highlight=False)
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
