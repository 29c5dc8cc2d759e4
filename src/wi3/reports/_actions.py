"""The action plan in the report's language, and as plain data for the JSON report.

The re-check of an action is `wi3.diagnosis.recheck`; `docs/plan.md` gives its rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from wi3.diagnosis import Action
from wi3.reports._story import Names, measured_text, named, outcome, step_title
from wi3.reports._story_view import ActionView, MeasureView, OutcomeView, PlanView
from wi3.reports._words import Words


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


def action_document(action: Action) -> dict[str, Any]:
    """An action as JSON-ready data: its baseline and every re-check."""
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
