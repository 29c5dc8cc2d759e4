"""The management summary, the action plan and the comparison with an earlier snapshot, in the
report's language; and the same as plain data for the JSON report.

The rules that pick what the summary says are in `_summary.py` (`management_summary`), the
re-check of an action and the comparison of two snapshots in `wi3.diagnosis`; here they are
only put in words. `docs/summary.md` and `docs/plan.md` describe the rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from wi3.diagnosis import (
    Action,
    Comparison,
    GateResult,
    InitiativeChange,
    Measured,
    Recheck,
)
from wi3.model import PHASES
from wi3.reports._life import activity_badge
from wi3.reports._story_view import (
    ActionView,
    ChangeLine,
    ComparisonView,
    InitiativeChangeView,
    KeyStepView,
    MeasureView,
    Named,
    OutcomeView,
    PhaseCount,
    PlanView,
    SummaryItem,
    SummaryView,
)
from wi3.reports._summary import COLUMNS, Fading, Invest, KeyStep, Summary
from wi3.reports._view import ActivityBadge
from wi3.reports._words import Words

Names = Mapping[str, Named]
"""Each initiative's link and name in the report, by slug."""


def named(names: Names, slug: str) -> Named:
    """The initiative's link and name; its slug, unlinked, when the report does not show it."""
    return names.get(slug) or Named(anchor="", name=slug)


def summary_view(summary: Summary, words: Words, names: Names) -> SummaryView:
    """The management summary in words."""
    locale = words.locale
    s = summary.standing
    standing = []
    if s.live:
        standing.append(
            locale.label(
                "summary_grown",
                grown=s.grown,
                live=s.live,
                pioneering=words.phase(PHASES[0]).name.lower(),
                share=locale.percent(s.grown / s.live),
            )
        )
    else:
        standing.append(locale.label("summary_none_live"))
    if s.stopped:
        standing.append(locale.label("summary_stopped", count=s.stopped))
    if s.own_phase is None:
        standing.append(locale.label("summary_no_own_phase"))
    elif s.previous is not None and s.own_phase_before not in (None, s.own_phase):
        assert s.own_phase_before is not None
        standing.append(
            locale.label(
                "summary_own_phase_moved",
                phase=words.phase(s.own_phase).name.lower(),
                before=words.phase(s.own_phase_before).name.lower(),
                date=locale.date(s.previous),
            )
        )
    else:
        standing.append(
            locale.label("summary_own_phase", phase=words.phase(s.own_phase).name.lower())
        )

    def listed(slugs: Sequence[str]) -> str:
        return ", ".join(named(names, slug).name for slug in slugs)

    changes = [
        locale.label(f"summary_{kind}", names=listed(slugs))
        for kind, slugs in (
            ("advanced", s.advanced),
            ("regressed", s.regressed),
            ("newly_stopped", s.newly_stopped),
            ("started", s.started),
        )
        if slugs
    ]
    since = None
    if s.previous is None:
        standing.append(locale.label("summary_first"))
    elif changes:
        since = locale.label("summary_since", date=locale.date(s.previous))
    else:
        standing.append(locale.label("summary_no_change", date=locale.date(s.previous)))
    before = s.counts_before
    return SummaryView(
        standing=tuple(standing),
        since=since,
        changes=tuple(changes),
        profile=tuple(
            PhaseCount(
                words.phase(p), s.counts.get(p, 0), None if before is None else before.get(p, 0)
            )
            for p in COLUMNS
        ),
        stopped=s.stopped,
        stopped_before=s.stopped_before,
        previous=None if s.previous is None else locale.date(s.previous),
        invest=tuple(_invest(i, words, names) for i in summary.invest),
        fading=tuple(_fading(f, words, names) for f in summary.fading),
        steps=tuple(_key_step(k, summary.as_of, words, names) for k in summary.steps),
    )


def _invest(item: Invest, words: Words, names: Names) -> SummaryItem:
    locale = words.locale
    target = words.phase(item.target).name.lower()
    gate = words.gate(GateResult(item.target, item.unmet), words.model.gates.of(item.target))
    conditions = [
        locale.label("summary_condition_unknown", subject=c.subject)
        if c.actual is None
        else locale.label(
            "summary_condition", subject=c.subject, actual=c.actual, required=c.required
        )
        for c in gate.conditions
    ]
    why = (
        locale.label(
            "summary_invest_why",
            target=target,
            count=len(conditions),
            conditions="; ".join(conditions),
        )
        if conditions
        else locale.label("summary_invest_ready", target=target)
    )
    return SummaryItem(
        initiative=named(names, item.initiative),
        phase=words.phase(item.phase),
        activity=activity_badge(words, item.activity),
        why=why,
    )


def _fading(item: Fading, words: Words, names: Names) -> SummaryItem:
    step = "—" if item.step is None else _step_title(words, item.step)
    return SummaryItem(
        initiative=named(names, item.initiative),
        phase=words.phase(item.phase),
        activity=activity_badge(words, item.state, item.since),
        why=words.locale.label(f"summary_{item.advice}", step=step),
    )


def _step_title(words: Words, tip: str) -> str:
    return f"{tip} {step_title(words, tip)}"


def step_title(words: Words, tip: str) -> str:
    """A tip's or end-of-life step's title in the report's language; the id when unknown."""
    titles = {t.id: t.title for t in words.model.tips}
    titles |= {e.id: e.title for e in words.model.activity.end_of_life}
    title = titles.get(tip)
    return tip if title is None else title.get(words.language)


def _key_step(step: KeyStep, as_of: date, words: Words, names: Names) -> KeyStepView:
    locale = words.locale
    action = step.action
    return KeyStepView(
        initiative=named(names, step.initiative),
        tip=step.tip,
        title=step_title(words, step.tip),
        action=None if action is None else action.id,
        owner=None if action is None else action.owner,
        due=None if action is None else locale.date(action.due),
        due_iso=None if action is None else action.due.isoformat(),
        overdue=action is not None and action.overdue(as_of),
        outcome=None if action is None or action.latest is None else outcome(words, action.latest),
        not_in_plan=None
        if action is not None
        else locale.label("summary_not_in_plan", slug=step.initiative, tip=step.tip),
    )


def outcome(words: Words, check: Recheck) -> OutcomeView:
    """A re-check's outcome and the date of its snapshot."""
    return OutcomeView(
        id=check.outcome,
        text=words.locale.label(f"outcome_{check.outcome}"),
        as_of=words.locale.date(check.as_of),
        as_of_iso=check.as_of.isoformat(),
    )


def plan_view(plan: Sequence[Action], as_of: date, words: Words, names: Names) -> PlanView:
    """The plan as of the report's date, each action with its re-checks."""
    locale = words.locale
    done = sum(1 for a in plan if a.status == "done")
    return PlanView(
        actions=tuple(_action(a, as_of, words, names) for a in plan),
        counts=locale.label("plan_counts", open=len(plan) - done, done=done),
    )


def _action(action: Action, as_of: date, words: Words, names: Names) -> ActionView:
    locale = words.locale
    latest = action.latest
    measured = {} if latest is None else {c.then.indicator: c for c in latest.indicators}
    measures = []
    for then in action.baseline.measure:
        check = measured.get(then.indicator)
        measures.append(
            MeasureView(
                indicator=words.indicator(then.indicator),
                then=measured_text(words, then),
                now=None
                if latest is None
                else measured_text(words, None if check is None else check.now),
                outcome=None
                if check is None or latest is None
                else OutcomeView(
                    id=check.outcome,
                    text=locale.label(f"outcome_{check.outcome}"),
                    as_of=locale.date(latest.as_of),
                    as_of_iso=latest.as_of.isoformat(),
                ),
            )
        )
    status_text = (
        locale.label("action_done", date=locale.date(action.done_on))
        if action.done_on is not None
        else locale.label("action_open")
    )
    return ActionView(
        id=action.id,
        initiative=named(names, action.initiative),
        tip=action.tip,
        title=step_title(words, action.tip),
        owner=action.owner,
        due=locale.date(action.due),
        due_iso=action.due.isoformat(),
        status=action.status,
        status_text=status_text,
        overdue=action.overdue(as_of),
        accepted=locale.label(
            "accepted_from",
            date=locale.date(action.accepted_on),
            basis=locale.date(action.baseline.as_of),
        ),
        checks=tuple(outcome(words, c) for c in action.checks),
        latest=None if latest is None else outcome(words, latest),
        measured_on=locale.label(
            "measured_on",
            date=locale.date(action.baseline.as_of if latest is None else latest.as_of),
        ),
        measures=tuple(measures),
    )


def measured_text(words: Words, m: Measured | None) -> str:
    """An indicator's value and level in words: `62% · Facilitating`, withheld, or —."""
    locale = words.locale
    if m is None or m.status == "missing":
        return locale.label("no_evidence")
    if m.status == "withheld" or m.value is None:
        return locale.label("withheld")
    text = words.indicator_value(m.indicator, m.value)
    if m.level in (1, 2, 3):
        phase = words.phase(PHASES[m.level - 1]).name
        if phase != text:  # an anchored answer's value is the phase itself
            text += f" · {phase}"
    if not m.counts:
        text += f" ({locale.label('stale')})"
    return text


def planned_step(action: Action, as_of: date, words: Words) -> str:
    """The line under a next step that the plan holds: its action, owner, date and status."""
    locale = words.locale
    status = (
        locale.label("action_done", date=locale.date(action.done_on))
        if action.done_on is not None
        else locale.label("overdue")
        if action.overdue(as_of)
        else locale.label("action_open")
    )
    return locale.label(
        "in_plan", id=action.id, owner=action.owner, due=locale.date(action.due), status=status
    )


def comparison_view(comparison: Comparison, words: Words, names: Names) -> ComparisonView:
    """Two snapshots side by side, in words."""
    locale = words.locale
    changed = [c for c in comparison.initiatives if c.changed]
    unchanged = [named(names, c.initiative) for c in comparison.initiatives if not c.changed]

    def own(phase: str | None) -> str:
        return locale.label("not_assessed") if phase is None else words.phase(phase).name

    return ComparisonView(
        title=locale.label("comparison_title", date=locale.date(comparison.before)),
        intro=locale.label(
            "comparison_intro",
            before=locale.date(comparison.before),
            after=locale.date(comparison.after),
        ),
        before_iso=comparison.before.isoformat(),
        profile=tuple(
            PhaseCount(
                words.phase(p),
                comparison.counts_after.get(p, 0),
                comparison.counts_before.get(p, 0),
            )
            for p in COLUMNS
        ),
        stopped=ChangeLine(
            locale.label("stopped_count"),
            str(comparison.stopped_before),
            str(comparison.stopped_after),
        ),
        own_phase=ChangeLine(
            locale.label("own_phase_short"),
            own(comparison.own_phase_before),
            own(comparison.own_phase_after),
        ),
        changed=tuple(_change(c, words, names) for c in changed),
        unchanged=tuple(unchanged),
    )


def _change(change: InitiativeChange, words: Words, names: Names) -> InitiativeChangeView:
    locale = words.locale

    def level(value: float | None) -> str:
        return locale.level(value) or locale.label("no_evidence")

    def badge(state: str | None, present: bool) -> ActivityBadge | None:
        return activity_badge(words, state) if present else None

    before, after = change.phase_before, change.phase_after
    return InitiativeChangeView(
        initiative=named(names, change.initiative),
        phase_before=None if before is None else words.phase(before),
        phase_after=None if after is None else words.phase(after),
        phase_change=_phase_change(before, after),
        activity_before=badge(change.activity_before, before is not None),
        activity_after=badge(change.activity_after, after is not None),
        categories=tuple(
            ChangeLine(words.category(c.category), level(c.before), level(c.after))
            for c in change.categories
        ),
        gates=tuple(
            ChangeLine(
                f"{locale.label('gate_to')} {words.phase(g.phase).name}",
                locale.label(f"status_{g.before}"),
                locale.label(f"status_{g.after}"),
            )
            for g in change.gates
        ),
        evidence=tuple(
            (
                words.indicator(r.indicator),
                ChangeLine(
                    words.category(r.category),
                    measured_text(words, r.before),
                    measured_text(words, r.after),
                ),
            )
            for r in change.readings
        ),
    )


def _phase_change(before: str | None, after: str | None) -> str:
    if before is None:
        return "new"
    if after is None:
        return "gone"
    if before == after:
        return "same"
    if before not in PHASES:
        return "placed"
    if after not in PHASES:
        return "unplaced"
    return "advanced" if PHASES.index(after) > PHASES.index(before) else "regressed"


def story_document(
    summary: Summary,
    summary_words: SummaryView,
    plan: Sequence[Action] | None,
    comparison: Comparison | None,
) -> dict[str, Any]:
    """The summary, plan and comparison as JSON-ready data: ids, figures and ISO dates, and the
    summary's sentences in the report's language."""
    s = summary.standing
    document: dict[str, Any] = {
        "summary": {
            "previous": None if s.previous is None else s.previous.isoformat(),
            "counts": s.counts,
            "counts_before": s.counts_before,
            "stopped": s.stopped,
            "own_phase": s.own_phase,
            "own_phase_before": s.own_phase_before,
            "advanced": list(s.advanced),
            "regressed": list(s.regressed),
            "newly_stopped": list(s.newly_stopped),
            "started": list(s.started),
            "invest": [
                {
                    "initiative": i.initiative,
                    "phase": i.phase,
                    "target": i.target,
                    "unmet": [
                        {
                            "kind": c.kind,
                            "subject": c.subject,
                            "required": c.required,
                            "actual": c.actual,
                        }
                        for c in i.unmet
                    ],
                    "shortfall": i.shortfall,
                }
                for i in summary.invest
            ],
            "close_or_revive": [
                {
                    "initiative": f.initiative,
                    "activity": f.state,
                    "since": None if f.since is None else f.since.isoformat(),
                    "advice": f.advice,
                    "step": f.step,
                }
                for f in summary.fading
            ],
            "next_steps": [
                {
                    "initiative": k.initiative,
                    "tip": k.tip,
                    "action": None if k.action is None else k.action.id,
                    "owner": None if k.action is None else k.action.owner,
                    "due": None if k.action is None else k.action.due.isoformat(),
                }
                for k in summary.steps
            ],
            "text": [
                *summary_words.standing,
                *([summary_words.since, *summary_words.changes] if summary_words.since else []),
            ],
        }
    }
    if plan is not None:
        document["plan"] = [_action_document(a) for a in plan]
    if comparison is not None:
        document["comparison"] = _comparison_document(comparison)
    return document


def _action_document(action: Action) -> dict[str, Any]:
    return {
        "id": action.id,
        "initiative": action.initiative,
        "tip": action.tip,
        "owner": action.owner,
        "due": action.due.isoformat(),
        "status": action.status,
        "accepted_on": action.accepted_on.isoformat(),
        "done_on": None if action.done_on is None else action.done_on.isoformat(),
        "baseline": action.baseline.to_json(),
        "checks": [
            {
                "as_of": c.as_of.isoformat(),
                "outcome": c.outcome,
                "phase": c.phase,
                "activity": c.activity,
                "indicators": [
                    {
                        "indicator": i.then.indicator,
                        "outcome": i.outcome,
                        "value": None if i.now is None else i.now.value,
                        "level": None if i.now is None else i.now.level,
                        "status": "missing" if i.now is None else i.now.status,
                    }
                    for i in c.indicators
                ],
            }
            for c in action.checks
        ],
    }


def _comparison_document(comparison: Comparison) -> dict[str, Any]:
    def measured(m: Measured | None) -> dict[str, Any] | None:
        if m is None:
            return None
        return {"value": m.value, "level": m.level, "status": m.status}

    return {
        "before": comparison.before.isoformat(),
        "after": comparison.after.isoformat(),
        "counts_before": comparison.counts_before,
        "counts_after": comparison.counts_after,
        "stopped_before": comparison.stopped_before,
        "stopped_after": comparison.stopped_after,
        "own_phase_before": comparison.own_phase_before,
        "own_phase_after": comparison.own_phase_after,
        "initiatives": [
            {
                "initiative": c.initiative,
                "changed": c.changed,
                "phase": [c.phase_before, c.phase_after],
                "activity": [c.activity_before, c.activity_after],
                "categories": [
                    {"category": k.category, "before": k.before, "after": k.after}
                    for k in c.categories
                ],
                "gates": [
                    {"phase": g.phase, "before": g.before, "after": g.after} for g in c.gates
                ],
                "evidence": [
                    {
                        "indicator": r.indicator,
                        "before": measured(r.before),
                        "after": measured(r.after),
                    }
                    for r in c.readings
                ],
            }
            for c in comparison.initiatives
        ],
    }
