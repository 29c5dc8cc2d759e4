"""The texts a report shows for the ids a diagnosis holds, in one language.

A diagnosis refers to phases, categories, tips, factors and indicators by id; the model has their
names and texts, the report's labels the rest. An id the model does not know (a snapshot made
with another model file) is shown as the id itself, never dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

from wi3.diagnosis import (
    UNDETERMINED,
    CategoryResult,
    Confidence,
    FactorSignalled,
    GateResult,
    NextStep,
    Reading,
    describe_rule,
)
from wi3.model import PHASES, ActivityState, Gate, Model, Phase, Test
from wi3.notes import render_note
from wi3.reports._view import (
    Cell,
    ConditionView,
    ConfidenceView,
    ConflictView,
    FactorView,
    GateView,
    HeatRow,
    PhaseLabel,
    ReadingStatus,
    ReadingView,
    StepView,
    Tagged,
)
from wi3.texts import Locale

MEAN_SUBJECT = "all categories"
"""The subject the diagnosis gives a gate's mean condition (and next steps acting on the mean)."""


class Words:
    """The model's texts and the report's labels for every id a diagnosis holds."""

    def __init__(self, model: Model, locale: Locale) -> None:
        self.model = model
        self.locale = locale
        self.language = locale.language
        self._phases: dict[str, Phase] = {p.id: p for p in model.phases}
        self._categories = {c.id: c for c in model.categories}
        self._perspectives = {p.id: p for p in model.perspectives}
        self._factors = {f.id: f for f in model.factors}
        self._tips = {t.id: t for t in model.tips}
        self._ends = {e.id: e for e in model.activity.end_of_life}
        self._states: dict[str, ActivityState] = {s.id: s for s in model.activity.states}
        self._indicators = {i.id: i for i in model.indicators}
        self._anchored = {a.id for a in model.assessment}
        self._facts = {f.id: f for f in model.facts}
        self._survey = {s.id: s for s in model.survey}
        self._units = {(i.evidence, i.ref): i.unit for i in model.indicators if i.unit}
        self._groups = {
            g.id: g.name.get(self.language)
            for gate in (model.gates.facilitating, model.gates.strategic)
            for g in gate.groups
        }

    def phase(self, phase: str) -> PhaseLabel:
        """A phase's number and name; an undetermined phase has no number."""
        if phase == UNDETERMINED:
            return PhaseLabel(phase, 0, self.locale.label("phase_undetermined"))
        known = self._phases.get(phase)
        if known is None:
            return PhaseLabel(id=phase, number=0, name=phase)
        return PhaseLabel(id=phase, number=known.number, name=known.name.get(self.language))

    def category(self, category: str) -> str:
        known = self._categories.get(category)
        return category if known is None else known.name.get(self.language)

    def confidence(self, confidence: Confidence) -> ConfidenceView:
        locale = self.locale
        kinds = [self.evidence(k) for k in confidence.kinds_present]
        return ConfidenceView(
            id=confidence.label,
            label=locale.label_or(f"confidence_{confidence.label}", confidence.label),
            score=locale.percent(confidence.score),
            coverage=locale.percent(confidence.coverage),
            kinds=locale.percent(confidence.kinds),
            agreement=locale.percent(confidence.agreement),
            kinds_present=", ".join(kinds) if kinds else locale.label("none"),
            recency=locale.percent(confidence.recency),
        )

    def evidence(self, kind: str) -> str:
        return self.locale.label_or(f"evidence_{kind}", kind)

    def heatmap(self, categories: Sequence[CategoryResult]) -> tuple[HeatRow, ...]:
        """Category cells grouped by perspective, perspectives and categories in model order."""
        by_perspective: dict[str, list[Cell]] = {}
        for result in categories:
            known = self._categories.get(result.category)
            perspective = "" if known is None else known.perspective
            by_perspective.setdefault(perspective, []).append(self._cell(result))
        rows = []
        for perspective, cells in by_perspective.items():
            named = self._perspectives.get(perspective)
            name = perspective if named is None else named.name.get(self.language)
            rows.append(HeatRow(perspective=name, cells=tuple(cells)))
        return tuple(rows)

    def _cell(self, result: CategoryResult) -> Cell:
        known = self._categories.get(result.category)
        phase = result.phase
        descriptor = None
        if known is not None and phase is not None:
            descriptor = known.levels.of(phase).text.get(self.language)
        conflict = None
        if result.conflict is not None:
            conflict = ConflictView(
                spread=self.locale.number(result.conflict.spread),
                high=result.conflict.high,
                low=result.conflict.low,
            )
        gauge = 0 if result.level is None else round((result.level - 1) / 2 * 100)
        return Cell(
            id=result.category,
            name=self.category(result.category),
            level=self.locale.level(result.level),
            phase=None if phase is None else self.phase(phase),
            gauge=min(max(gauge, 0), 100),
            descriptor=descriptor,
            conflict=conflict,
        )

    def gate(self, gate: GateResult, rules: Gate) -> GateView:
        locale = self.locale
        groups = {g.id: g.name.get(self.language) for g in rules.groups}
        conditions = []
        for c in gate.conditions:
            status = "unknown" if c.holds is None else "holds" if c.holds else "fails"
            if c.kind == "mean":
                subject = locale.label("mean_condition")
            elif c.kind == "group":
                subject = groups.get(c.subject, c.subject)
            else:
                subject = self.category(c.subject)
            conditions.append(
                ConditionView(
                    subject=subject,
                    required=locale.decimal(c.required, 2),
                    actual=locale.level(c.actual),
                    status=status,
                    status_text=locale.label(f"status_{status}"),
                )
            )
        return GateView(
            phase=self.phase(gate.phase),
            status=gate.status,
            status_text=locale.label(f"status_{gate.status}"),
            conditions=tuple(conditions),
        )

    def factor(self, signalled: FactorSignalled) -> FactorView:
        known = self._factors.get(signalled.factor)
        kind = "" if known is None else known.kind
        unit = self._units.get((signalled.evidence, signalled.ref))
        return FactorView(
            id=signalled.factor,
            kind=kind,
            kind_text=self.locale.label_or(kind, kind),
            phase=None if known is None else self.phase(known.phase),
            text=signalled.factor if known is None else known.text.get(self.language),
            evidence=self.evidence(signalled.evidence),
            ref=signalled.ref,
            value=self._answer(signalled.value, signalled.ref, unit),
            test=self._test(signalled.test, signalled.ref, unit),
            source=None if known is None else self.locale.label(f"source_{known.source}"),
        )

    def _test(self, test: Test | str, ref: str, unit: str | None) -> str:
        """A comparison in the report's style: `≥ 20%`, `> 0,7`, `= yes`."""
        try:
            parsed = Test.parse(test) if isinstance(test, str) else test
        except ValueError:
            return str(test)
        op = {">=": "≥", "<=": "≤", "==": "=", "!=": "≠"}.get(parsed.op, parsed.op)
        return f"{op} {self._answer(parsed.operand, ref, unit)}"

    def _answer(self, value: float | str, ref: str, unit: str | None) -> str:
        """A value in words: an answer option's text, yes/no, a share, hours or a number."""
        if isinstance(value, str):
            if value in self._phases:
                return self.phase(value).name
            fact = self._facts.get(ref)
            for option in [] if fact is None else fact.options:
                if option.id == value:
                    return option.text.get(self.language)
            return self.locale.label_or(f"answer_{value.lower()}", value)
        if unit == "share":
            return self.locale.percent(value)
        if unit == "hours":
            return f"{self.locale.number(value)} {self.locale.label('hours')}"
        return self.locale.number(value)

    def rule(self, reading: Reading) -> str:
        """The indicator's rule in the report's language, when the model still has that rule.

        The rule stored in the reading is what the diagnosis applied; when the model given to
        the report describes it differently (another model file), the stored text is shown.
        """
        known = self._indicators.get(reading.indicator)
        if known is None or describe_rule(known) != reading.rule:
            return reading.rule
        if reading.indicator in self._anchored:
            return self.locale.label("rule_anchored")
        if known.answers is not None:
            return "; ".join(
                f"{self._answer(answer, known.ref, None)} → {self.phase(phase).name}"
                for answer, phase in known.answers.items()
            )
        parts = [
            f"{self.phase(phase).name} {self._test(test, known.ref, known.unit)}"
            for phase, test in (known.levels or {}).items()
        ]
        for cap in known.caps:
            unit = self._units.get((known.evidence, cap.ref))
            parts.append(
                self.locale.label(
                    "rule_cap",
                    phase=self.phase(cap.level).name,
                    ref=cap.ref,
                    test=self._test(cap.test, cap.ref, unit),
                )
            )
        return "; ".join(parts)

    def factor_tag(self, factor: str) -> Tagged:
        known = self._factors.get(factor)
        return Tagged(id=factor, text=None if known is None else known.text.get(self.language))

    def state(self, state: str) -> str:
        """An activity state's name in the model ("Declining"), or the id it does not know."""
        known = self._states.get(state)
        return state if known is None else known.name.get(self.language)

    def state_description(self, state: str) -> str | None:
        """What an activity state means, in the model's words."""
        known = self._states.get(state)
        return None if known is None else known.description.get(self.language)

    def step(self, step: NextStep) -> StepView:
        end = self._ends.get(step.tip)
        if end is not None:
            return StepView(
                tip=step.tip,
                title=end.title.get(self.language),
                why=end.why.get(self.language),
                what_to_do=end.what_to_do.get(self.language),
                source=self.locale.label(f"source_{end.source}"),
                categories=(),
                conditions=(),
                counters=(),
                evidence=(),
                measure=(),
                end_of_life=True,
            )
        tip = self._tips.get(step.tip)
        conditions = tuple(
            self.locale.label("mean_condition")
            if c == MEAN_SUBJECT
            else self._groups.get(c) or self.category(c)
            for c in step.conditions
        )
        return StepView(
            tip=step.tip,
            title=step.tip if tip is None else tip.title.get(self.language),
            why=None if tip is None else tip.why.get(self.language),
            what_to_do=None if tip is None else tip.what_to_do.get(self.language),
            source=None if tip is None else self.locale.label(f"source_{tip.source}"),
            categories=tuple(self.category(c) for c in step.categories),
            conditions=conditions,
            counters=tuple(self.factor_tag(f) for f in step.counters),
            evidence=tuple(self.indicator(i) for i in step.evidence),
            measure=tuple(self.indicator(i) for i in step.measure),
            first_because=None
            if step.activity is None
            else self.locale.label("step_first", state=self.state(step.activity).lower()),
        )

    def indicator(self, indicator: str) -> Tagged:
        """An indicator id with the question, statement or category it reads, when known."""
        known = self._indicators.get(indicator)
        if known is None:
            return Tagged(id=indicator)
        if known.name is not None:
            return Tagged(indicator, known.name.get(self.language))
        if indicator in self._anchored:
            category = self.category(known.category)
            return Tagged(indicator, self.locale.label("owner_assessment_of", category=category))
        fact = self._facts.get(known.ref)
        if known.evidence == "owner" and fact is not None:
            return Tagged(indicator, fact.question.get(self.language))
        item = self._survey.get(known.ref)
        if known.evidence == "survey" and item is not None:
            return Tagged(indicator, item.statement.get(self.language))
        return Tagged(indicator)

    def reading(self, reading: Reading) -> ReadingView:
        status = _status(reading)
        note = reading.note
        if status == "missing":
            note = self.locale.label("no_kind_evidence", kind=self.evidence(reading.evidence))
        return ReadingView(
            indicator=self.indicator(reading.indicator),
            category=self.category(reading.category),
            evidence=self.evidence(reading.evidence),
            value=None
            if status != "observed"
            else self.indicator_value(reading.indicator, reading.value),
            status=status,
            level=reading.level,
            level_phase=self.phase(PHASES[reading.level - 1])
            if reading.level in (1, 2, 3)
            else None,
            weight=self.locale.number(reading.weight),
            rule=self.rule(reading),
            basis=self.note(reading.basis),
            note=None if note is None else self.note(note),
            dated=None if reading.dated is None else reading.dated.isoformat(),
            kept=None if reading.dated is None else self.locale.percent(reading.age_factor),
            stale=reading.dated is not None and reading.age_factor <= 0,
            counts=reading.counts,
        )

    def note(self, text: str) -> str:
        """A note (basis, or why there is no level) in the report's language; English as made."""
        if self.language == "en":
            return text

        def argument(name: str, value: str) -> str:
            if name == "phase" and value in self._phases:
                return self.phase(value).name.lower()
            if name == "answer":  # a yes or no answer, quoted
                answer = value.strip("'")
                return f"'{self.locale.label_or(f'answer_{answer.lower()}', answer)}'"
            return value

        return render_note(text, self.language, argument)

    def indicator_value(self, indicator: str, value: float | str | None) -> str:
        """An indicator's value in words (a share as 4%, an answer as its text); — for None."""
        if value is None:
            return "—"
        known = self._indicators.get(indicator)
        if known is None:
            return value if isinstance(value, str) else self.locale.number(value)
        return self._answer(value, known.ref, known.unit)


def _status(reading: Reading) -> ReadingStatus:
    """Observed, withheld or missing; a value is only ever shown for an observed reading."""
    return "observed" if reading.value is not None else reading.status
