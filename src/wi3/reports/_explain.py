"""`wi3 diagnose --explain`: every figure of one initiative's diagnosis, traced to its evidence.

The explanation is lines of styled spans, not markup: the command line prints them with Rich,
the web application as HTML, and a name full of brackets or tags stays text in both. It is in
the language asked for: its words from `wi3.texts`, the model's from the model.
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
from wi3.notes import render_note
from wi3.texts import Language, Locale

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


def explain(
    snapshot: Snapshot, model: Model, initiative: str, language: Language = "en"
) -> Explanation:
    """The explanation of `initiative` in `snapshot`, in `language`.

    Raises:
        NotFoundError: when the snapshot does not hold the initiative (it had not started).
    """
    found = snapshot.initiative(initiative)
    if found is None:
        raise NotFoundError(
            key="error.not_in_diagnosis",
            initiative=repr(initiative),
            date=snapshot.as_of.isoformat(),
            held=[d.initiative for d in snapshot.diagnosis.initiatives] or "—",
        )
    out = _Writer(model, Locale(language))
    out.write(found, snapshot.entry(initiative))
    notices = tuple(
        Notice(n.initiative, n.kind, render_note(n.text, language))
        for n in snapshot.notices
        if n.initiative == initiative
    )
    return Explanation(initiative, tuple(out.lines), notices)


class _Writer:
    """Writes the lines of one explanation; a plain string is a plain span."""

    def __init__(self, model: Model, locale: Locale) -> None:
        self.model = model
        self.locale = locale
        self.say = locale.label
        self.language = locale.language
        self.lines: list[Line] = []
        self.names = {c.id: c.name.get(self.language) for c in model.categories}
        self.phases: dict[str, str] = {
            p.id: p.name.get(self.language).lower() for p in model.phases
        }
        self.states: dict[str, str] = {
            s.id: s.name.get(self.language).lower() for s in model.activity.states
        }

    def add(self, *parts: str | Span) -> None:
        self.lines.append(Line(tuple(p if isinstance(p, Span) else Span(p) for p in parts)))

    def blank(self) -> None:
        self.lines.append(Line())

    def heading(self, text: str) -> None:
        """A blank line, then `text` in strong."""
        self.blank()
        self.add(Span(text, "strong"))

    def phase(self, phase: str) -> str:
        return self.phases.get(phase) or self.locale.label_or(f"phase_{phase}", phase).lower()

    def state(self, state: str) -> str:
        """An activity state's name in lower case, or the id the model does not know."""
        return self.states.get(state, state)

    def level(self, level: float | None) -> str:
        return self.locale.level(level) or "—"

    def value(self, value: float | str | None) -> str:
        if value is None:
            return "—"
        if isinstance(value, float):
            return self.locale.number(float(f"{value:.3g}"))
        return str(value)

    def note(self, text: str | None) -> str:
        return "" if text is None else render_note(text, self.language)

    def outcome(self, r: Reading) -> str:
        """What one reading gave: its value and level, or why it has none."""
        say = self.say
        if r.status == "withheld":
            return say("view.explain.withheld", note=self.note(r.note))
        level = (
            say("view.explain.no_level")
            if r.level is None
            else say("view.explain.level", level=r.level)
        )
        return f"{self.value(r.value)} → {level}" + (f", {self.note(r.note)}" if r.note else "")

    def age(self, r: Reading) -> str:
        """How much of its weight a dated reading keeps."""
        if r.dated is None or r.age_factor == 1:
            return ""
        return self.say(
            "view.explain.dated",
            date=r.dated.isoformat(),
            kept=self.locale.decimal(r.age_factor, 2),
        )

    def write(self, d: InitiativeDiagnosis, about: InitiativeEntry) -> None:
        """The activity, categories with their readings, conflicts, gates, factors and steps."""
        say, locale, model = self.say, self.locale, self.model
        platform = f", {about.platform}" if about.platform else ""
        kind = locale.label_or(f"kind_{about.kind}", about.kind)
        self.add(
            Span(about.name, "strong"),
            f" ({d.initiative}, {kind}{platform}): ",
            Span(self.phase(d.phase), "strong"),
            ", " + say("view.explain.mean", mean=self.level(d.mean)),
        )
        enough = d.sufficiency
        if d.phase == UNDETERMINED and enough is not None:
            if enough.reason == "too_few_categories":
                why = say(
                    "view.explain.too_few_categories",
                    counted=enough.categories,
                    required=enough.required,
                    reason=model.evidence.min_categories.reason.get(self.language),
                )
            else:
                unknown = [
                    self.names.get(c.subject, c.subject)
                    for c in d.gates[0].conditions
                    if c.holds is None
                ]
                why = say(
                    "view.explain.gate_unknown",
                    facilitating=self.phase("facilitating"),
                    pioneering=self.phase("pioneering"),
                    conditions=", ".join(unknown),
                )
            self.add(say("view.explain.undetermined", why=why))
        if d.usage_pointer is not None:
            self.add(
                say("view.explain.pointer"),
                Span(self.phase(d.usage_pointer.phase), "strong"),
                say("view.explain.pointer_note"),
            )
        else:
            self.add(say("view.explain.no_pointer"))
        c = d.confidence
        self.add(
            say(
                "view.explain.confidence",
                label=say(f"confidence_{c.label}"),
                score=locale.decimal(c.score, 2),
                recency=locale.decimal(c.recency, 2),
                coverage=locale.decimal(c.coverage, 2),
                kinds=locale.decimal(c.kinds, 2),
                present=", ".join(c.kinds_present) or say("none"),
                agreement=locale.decimal(c.agreement, 2),
            )
        )
        self.activity(d.activity)
        self.categories(d)
        for claim in d.claims:
            against = (
                say(
                    "view.explain.claim_state_since" if claim.value else "view.explain.claim_state",
                    state=self.state(claim.contradiction),
                    since=str(claim.value),
                )
                if claim.contradiction in ("declining", "dormant", "stopped")
                else say(
                    "view.explain.claim_figure",
                    indicator=claim.contradiction,
                    value=self.value(claim.value),
                )
            )
            dated = say("claim_dated", date=claim.dated.isoformat()) if claim.dated else ""
            self.blank()
            self.add(
                Span(say("view.explain.claim_contradicted"), "bad"),
                say(
                    "view.explain.claim",
                    claim=claim.claim,
                    dated=dated,
                    claimed=claim.claimed,
                    against=against,
                    categories=", ".join(claim.categories),
                ),
            )
        self.gates(d)
        factors = {f.id: f for f in model.factors}
        if d.factors:
            self.heading(say("view.explain.factors"))
            for f in d.factors:
                factor = factors[f.factor]
                self.add(
                    f"  {f.factor} {say(factor.kind)}: {factor.text.get(self.language)} "
                    f"({f.evidence} {f.ref} = {self.value(f.value)} {f.test})"
                )
        self.steps(d)

    def categories(self, d: InitiativeDiagnosis) -> None:
        """Each category's level and its readings line by line; the missing evidence grouped."""
        say = self.say
        self.heading(say("view.explain.categories"))
        for result in d.categories:
            self.blank()
            conflict = (
                (Span("  " + say("view.explain.conflict").upper(), "bad"),)
                if result.conflict
                else ()
            )
            self.add(
                Span(self.names[result.category], "strong"),
                ": " + say("view.explain.category_level", level=self.level(result.level)),
                *conflict,
            )
            missing: dict[str, list[str]] = {}
            for r in result.readings:
                if r.status == "missing":
                    missing.setdefault(r.evidence, []).append(r.indicator)
                    continue
                self.add(f"  {r.indicator} ({r.evidence}): {self.outcome(r)}")
                weight = say("view.explain.weight", weight=self.locale.number(r.weight))
                context = " · ".join(
                    x for x in (self.note(r.basis), self.age(r), weight, r.rule) if x
                )
                self.add("      ", Span(context, "dim"))
            for evidence, indicators in missing.items():
                self.add(
                    "  ",
                    Span(
                        say(
                            "view.explain.no_evidence",
                            evidence=evidence,
                            indicators=", ".join(indicators),
                        ),
                        "dim",
                    ),
                )
        for result in d.categories:
            if result.conflict:
                k = result.conflict
                self.blank()
                self.add(
                    Span(say("view.explain.conflict"), "bad"),
                    say(
                        "view.explain.conflict_in",
                        category=self.names[result.category],
                        high=", ".join(k.high),
                        low=", ".join(k.low),
                        spread=round(k.spread),
                    ),
                )

    def gates(self, d: InitiativeDiagnosis) -> None:
        say = self.say
        style: dict[bool | None, tuple[str, Style]] = {
            True: ("holds", "good"),
            False: ("fails", "bad"),
            None: ("unknown", "warn"),
        }
        for gate in d.gates:
            self.blank()
            self.add(
                Span(say("view.explain.gate", phase=self.phase(gate.phase)), "strong"),
                f": {say(f'status_{gate.status}')}",
            )
            for cond in gate.conditions:
                subject = (
                    say("view.explain.all_categories")
                    if cond.kind == "mean"
                    else self.names.get(cond.subject, cond.subject)
                )
                status, look = style[cond.holds]
                self.add(
                    "  ",
                    Span(say(f"status_{status}"), look),
                    "  "
                    + say(
                        "view.explain.condition",
                        kind=self.locale.label_or(f"view.explain.kind.{cond.kind}", cond.kind),
                        subject=subject,
                        actual=self.level(cond.actual),
                        required=self.locale.number(cond.required),
                    ),
                )

    def steps(self, d: InitiativeDiagnosis) -> None:
        """The next steps (or end-of-life steps) with what each acts on and how to measure it."""
        say, language = self.say, self.language
        tips = {t.id: t for t in self.model.tips}
        ends = {e.id: e for e in self.model.activity.end_of_life}
        stopped = d.activity is not None and d.activity.state == "stopped"
        if stopped:
            self.heading(say("view.explain.steps_end"))
        elif d.target:
            self.heading(say("view.explain.steps", target=self.phase(d.target)))
        else:
            self.heading(say("view.explain.steps_consolidate", phase=self.phase("strategic")))
        if not d.next_steps:
            self.add("  " + say("view.explain.no_steps"))
        for n, step in enumerate(d.next_steps, 1):
            if step.tip in ends:
                end = ends[step.tip]
                self.add(f"  {n}. {step.tip} {end.title.get(language)}")
                self.add(f"     {end.what_to_do.get(language)}")
                continue
            tip = tips[step.tip]
            score = say("view.explain.score", score=self.locale.number(step.score))
            first = (
                ", " + say("view.explain.first", state=self.state(step.activity))
                if step.activity
                else ""
            )
            self.add(f"  {n}. {step.tip} {tip.title.get(language)} ({score}{first})")
            self.add(f"     {tip.what_to_do.get(language)}")
            self.add(
                "     "
                + say(
                    "view.explain.acts_on",
                    categories=", ".join(self.names[c] for c in step.categories),
                    conditions=", ".join(step.conditions),
                )
            )
            if step.counters:
                self.add("     " + say("view.explain.counters", factors=", ".join(step.counters)))
            self.add(
                "     "
                + say(
                    "view.explain.measure",
                    evidence=", ".join(step.evidence) or say("view.explain.none_yet"),
                    measure=", ".join(step.measure),
                )
            )
        if d.missing:
            self.blank()
            self.add(say("view.explain.missing", indicators=", ".join(d.missing)))

    def activity(self, a: ActivityReading | None) -> None:
        """The activity state, the rule that decided it with its thresholds, and what is missing."""
        say, locale, model = self.say, self.locale, self.model
        self.heading(say("view.explain.activity"))
        if a is None:
            self.add("  " + say("view.explain.activity_unknown"))
            return
        state = self.state(a.state)
        since = say("view.explain.since", date=a.since.isoformat()) if a.since else ""
        self.add(
            "  ",
            Span(state, "strong"),
            since
            + ", "
            + say(
                "view.explain.by_rule",
                rule=a.rule,
                says=describe_activity(model, a, self.language),
            ),
        )
        read = say("view.explain.read_until", date=a.read_until.isoformat()) if a.read_until else ""
        last = (
            say("view.explain.last", date=a.last.isoformat())
            if a.last
            else say("view.explain.no_contribution")
        )
        self.add("  ", Span("; ".join(x for x in (read, last) if x), "dim"))
        thresholds = model.activity.thresholds
        for name in RULE_THRESHOLDS.get(a.rule, ()):
            threshold = getattr(thresholds, name)
            self.add(
                "  ",
                Span(
                    f"{name} = {locale.number(threshold.value)}: "
                    f"{threshold.reason.get(self.language)}",
                    "dim",
                ),
            )
        if "archive_signals" in a.missing:
            self.add(
                "  ",
                Span(say("missing_label").lower() + ":", "warn"),
                " " + say("missing_archive_signals") + " " + say("record_end", slug="SLUG"),
            )
