"""The management summary in the report's language, and as plain data for the JSON report;
and the words the summary, the plan (`_actions.py`) and the comparison (`_changes.py`) share.

The rules that pick what the summary says are in `_summary.py` (`management_summary`); here they
are only put in words. `docs/summary.md` describes the rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from wi3.diagnosis import GateResult, Measured, Recheck
from wi3.model import PHASES
from wi3.reports._life import activity_badge
from wi3.reports._story_view import (
    KeyStepView,
    Named,
    OutcomeView,
    PhaseCount,
    SummaryItem,
    SummaryView,
)
from wi3.reports._summary import COLUMNS, Fading, Invest, KeyStep, Summary
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


def summary_document(summary: Summary, summary_words: SummaryView) -> dict[str, Any]:
    """The summary as JSON-ready data: ids, figures and ISO dates, and its sentences in the
    report's language (`summary_words`)."""
    s = summary.standing
    return {
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
