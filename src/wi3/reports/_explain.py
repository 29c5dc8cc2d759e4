"""`wi3 diagnose --explain`: every figure of one initiative's diagnosis, traced to its evidence.

The explanation is lines of styled spans, not markup: the command line prints them with Rich,
the web application as HTML, and a name full of brackets or tags stays text in both. It is in
English, as the command line is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from wi3.diagnosis import (
    RULE_THRESHOLDS,
    UNDETERMINED,
    ActivityReading,
    InitiativeDiagnosis,
    InitiativeEntry,
    Notice,
    Reading,
    Snapshot,
    describe_activity,
)
from wi3.errors import NotFoundError
from wi3.model import Model

Style = Literal["strong", "dim", "good", "bad", "warn"]
"""How a span stands out: a name or heading, a detail, what holds, what fails or conflicts,
what is unknown or missing."""


@dataclass(frozen=True)
class Span:
    """A run of text in one style (None: plain)."""

    text: str
    style: Style | None = None


@dataclass(frozen=True)
class Line:
    """One line of an explanation; no spans is a blank line."""

    spans: tuple[Span, ...] = ()

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True)
class Explanation:
    """The lines that explain one initiative's diagnosis, and the notices about its evidence."""

    initiative: str
    lines: tuple[Line, ...]
    notices: tuple[Notice, ...]


def explain(snapshot: Snapshot, model: Model, initiative: str) -> Explanation:
    """The explanation of `initiative` in `snapshot`.

    Raises:
        NotFoundError: when the snapshot does not hold the initiative (it had not started).
    """
    found = snapshot.initiative(initiative)
    if found is None:
        held = ", ".join(d.initiative for d in snapshot.diagnosis.initiatives) or "none"
        raise NotFoundError(
            f"no initiative {initiative!r} in the diagnosis of {snapshot.as_of}; it holds "
            f"{held} (an initiative is left out before its start date or first event)"
        )
    lines = _Lines()
    _write(lines, model, found, snapshot.entry(initiative))
    notices = tuple(n for n in snapshot.notices if n.initiative == initiative)
    return Explanation(initiative, tuple(lines.lines), notices)


class _Lines:
    """Collects lines; a plain string is a plain span."""

    def __init__(self) -> None:
        self.lines: list[Line] = []

    def add(self, *parts: str | Span) -> None:
        self.lines.append(Line(tuple(p if isinstance(p, Span) else Span(p) for p in parts)))

    def heading(self, text: str) -> None:
        """A blank line, then `text` in strong."""
        self.lines.append(Line())
        self.add(Span(text, "strong"))


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
    """How much of its weight a dated reading keeps, e.g. 'dated 2025-03-01, counts 0.61 …'."""
    if r.dated is None or r.age_factor == 1:
        return ""
    return f"dated {r.dated.isoformat()}, counts {r.age_factor:.2f} of its weight"


def _write(out: _Lines, model: Model, d: InitiativeDiagnosis, about: InitiativeEntry) -> None:
    """The activity, categories with their readings, conflicts, gates, factors and steps."""
    names = {c.id: c.name.en for c in model.categories}
    platform = f", {about.platform}" if about.platform else ""
    out.add(
        Span(about.name, "strong"),
        f" ({d.initiative}, {about.kind}{platform}): ",
        Span(d.phase, "strong"),
        f", mean level {_level(d.mean)}",
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
        out.add(f"phase undetermined: {why}")
    if d.usage_pointer is not None:
        out.add(
            "usage alone points to ",
            Span(d.usage_pointer.phase, "strong"),
            " (conditions usage cannot judge set aside; a gate counts only on a figure about "
            "people)",
        )
    else:
        out.add("usage alone points to nothing: no usage figure about people")
    c = d.confidence
    out.add(
        f"confidence {c.label} {c.score:.2f} = recency {c.recency:.2f} × weighted mean of "
        f"coverage {c.coverage:.2f} (categories with evidence), kinds {c.kinds:.2f} "
        f"({', '.join(c.kinds_present) or 'none'}), agreement {c.agreement:.2f} (categories "
        "corroborated without conflict)"
    )
    _activity(out, model, d.activity)
    _categories(out, names, d)
    for claim in d.claims:
        against = (
            f"the initiative is {claim.contradiction}"
            + (f" since {claim.value}" if claim.value else "")
            if claim.contradiction in ("declining", "dormant", "stopped")
            else f"{claim.contradiction} = {_value(claim.value)} (level 1), measured later"
        )
        dated = f" of {claim.dated.isoformat()}" if claim.dated else ""
        out.lines.append(Line())
        out.add(
            Span("claim contradicted", "bad"),
            f": {claim.claim}{dated} claims {claim.claimed}, but {against}; not counted as "
            f"agreement in {', '.join(claim.categories)}",
        )
    _gates(out, names, d)
    factors = {f.id: f for f in model.factors}
    if d.factors:
        out.heading("drivers and inhibitors at work")
        for f in d.factors:
            factor = factors[f.factor]
            out.add(
                f"  {f.factor} {factor.kind}: {factor.text.en} "
                f"({f.evidence} {f.ref} = {_value(f.value)} {f.test})"
            )
    _steps(out, model, names, d)


def _categories(out: _Lines, names: dict[str, str], d: InitiativeDiagnosis) -> None:
    """Each category's level and its readings line by line; the missing evidence grouped."""
    out.heading("categories and their evidence")
    for result in d.categories:
        out.lines.append(Line())
        conflict = (Span("  CONFLICT", "bad"),) if result.conflict else ()
        out.add(
            Span(names[result.category], "strong"), f": level {_level(result.level)}", *conflict
        )
        missing: dict[str, list[str]] = {}
        for r in result.readings:
            if r.status == "missing":
                missing.setdefault(r.evidence, []).append(r.indicator)
                continue
            out.add(f"  {r.indicator} ({r.evidence}): {_outcome(r)}")
            context = " · ".join(x for x in (r.basis, _age(r), f"weight {r.weight:g}", r.rule) if x)
            out.add("      ", Span(context, "dim"))
        for evidence, indicators in missing.items():
            out.add("  ", Span(f"no {evidence} evidence: {', '.join(indicators)}", "dim"))
    for result in d.categories:
        if result.conflict:
            k = result.conflict
            out.lines.append(Line())
            out.add(
                Span("conflict", "bad"),
                f" in {names[result.category]}: high {', '.join(k.high)}; "
                f"low {', '.join(k.low)} ({k.spread:.0f} levels apart)",
            )


_CONDITION: dict[bool | None, Span] = {
    True: Span("holds", "good"),
    False: Span("fails", "bad"),
    None: Span("unknown", "warn"),
}


def _gates(out: _Lines, names: dict[str, str], d: InitiativeDiagnosis) -> None:
    for gate in d.gates:
        out.lines.append(Line())
        out.add(Span(f"gate {gate.phase}", "strong"), f": {gate.status}")
        for cond in gate.conditions:
            subject = names.get(cond.subject, cond.subject)
            out.add(
                "  ",
                _CONDITION[cond.holds],
                f"  {cond.kind} {subject}: {_level(cond.actual)} (needs ≥ {cond.required:g})",
            )


def _steps(out: _Lines, model: Model, names: dict[str, str], d: InitiativeDiagnosis) -> None:
    """The next steps (or end-of-life steps) with what each acts on and how to measure it."""
    tips = {t.id: t for t in model.tips}
    ends = {e.id: e for e in model.activity.end_of_life}
    stopped = d.activity is not None and d.activity.state == "stopped"
    target = "the end of its life" if stopped else d.target or "consolidating strategic"
    out.heading(f"next steps towards {target}")
    if not d.next_steps:
        out.add("  none: nothing in the evidence holds this initiative back")
    for n, step in enumerate(d.next_steps, 1):
        if step.tip in ends:
            end = ends[step.tip]
            out.add(f"  {n}. {step.tip} {end.title.en}")
            out.add(f"     {end.what_to_do.en}")
            continue
        tip = tips[step.tip]
        first = f", first because it acts on what fails in a {step.activity} initiative"
        out.add(
            f"  {n}. {step.tip} {tip.title.en} (score {step.score:g}"
            f"{first if step.activity else ''})"
        )
        out.add(f"     {tip.what_to_do.en}")
        out.add(
            f"     acts on {', '.join(names[c] for c in step.categories)}; "
            f"for the gate conditions {', '.join(step.conditions)}"
        )
        if step.counters:
            out.add(f"     counters {', '.join(step.counters)}")
        out.add(
            f"     evidence: {', '.join(step.evidence) or 'none yet'}; "
            f"measure again with {', '.join(step.measure)}"
        )
    if d.missing:
        out.lines.append(Line())
        out.add(f"evidence that would settle the next gate: {', '.join(d.missing)}")


def _activity(out: _Lines, model: Model, a: ActivityReading | None) -> None:
    """The activity state, the rule that decided it with its thresholds, and what is missing."""
    out.heading("activity")
    if a is None:
        out.add("  unknown: no usage data, and the owner gave no status or end date")
        return
    state = model.activity.state(a.state).name.en.lower()
    since = f" since {a.since.isoformat()}" if a.since else ""
    out.add(
        "  ", Span(state, "strong"), f"{since}, by rule {a.rule}: {describe_activity(model, a)}"
    )
    read = f"evidence read up to {a.read_until.isoformat()}" if a.read_until else ""
    last = f"last contribution {a.last.isoformat()}" if a.last else "no contribution"
    out.add("  ", Span("; ".join(x for x in (read, last) if x), "dim"))
    thresholds = model.activity.thresholds
    for name in RULE_THRESHOLDS.get(a.rule, ()):
        threshold = getattr(thresholds, name)
        out.add("  ", Span(f"{name} = {threshold.value:g}: {threshold.reason.en}", "dim"))
    if "archive_signals" in a.missing:
        out.add(
            "  ",
            Span("missing:", "warn"),
            " these exports do not record whether a channel or list was closed, so wi3 cannot "
            "tell a stop from a silence. If it has ended, say so: "
            "wi3 initiative add SLUG --status retired --end YYYY-MM-DD",
        )
