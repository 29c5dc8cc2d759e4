"""An accepted next step's baseline, and the re-check of its indicators at a later snapshot.

When a next step becomes an action, `freeze` keeps what it rested on in that snapshot: the
initiative's phase and next phase, the readings behind the gap and the indicators to measure
again, each with its value, level and date then. `recheck` compares a later snapshot's
readings of those indicators with the baseline, by the rules in `docs/plan.md`:

- an indicator has **no new evidence** when the later snapshot gives it no level that counts
  (missing, withheld, stale), or reads the same evidence as before (same date and value);
- otherwise it is **better** when its level rose toward the next phase, **worse** when it
  fell, and **unchanged** when it kept its level (a value moving within a level crosses no
  threshold of the model, so it is shown but not judged). An indicator that had no level at
  acceptance (no evidence yet, or withheld) is compared with the level of the phase the
  initiative was in then; when that phase was undetermined, there is nothing to compare with
  and it has no new evidence;
- the action is better when more of its judged indicators are better than worse, worse when
  more are worse than better, unchanged when they balance, and has no new evidence when no
  indicator could be judged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from wi3.diagnosis._types import InitiativeDiagnosis, NextStep, Reading
from wi3.model import PHASES

Outcome = Literal["better", "unchanged", "worse", "no_new_evidence"]
OUTCOMES: tuple[Outcome, ...] = ("better", "unchanged", "worse", "no_new_evidence")
JUDGED: tuple[Outcome, ...] = ("better", "unchanged", "worse")


@dataclass(frozen=True)
class Measured:
    """An indicator as one snapshot read it: its value, level and the date of its evidence.

    `value` is None when the evidence gave no figure that may be shown (withheld: fewer than
    the minimum group) or there was none (missing).
    """

    indicator: str
    category: str
    evidence: str
    value: float | str | None
    level: int | None
    status: str
    """observed, withheld or missing (as `Reading.status`)."""
    dated: date | None
    counts: bool
    """Whether its level counted in its category then (it had one, and was not stale)."""

    @classmethod
    def of(cls, reading: Reading) -> Measured:
        return cls(
            indicator=reading.indicator,
            category=reading.category,
            evidence=reading.evidence,
            value=None if reading.status != "observed" else reading.value,
            level=reading.level,
            status=reading.status,
            dated=reading.dated,
            counts=reading.counts,
        )

    @property
    def judged_level(self) -> int | None:
        """The level a re-check compares: the reading's level when it counted, else None."""
        return self.level if self.counts else None


@dataclass(frozen=True)
class Baseline:
    """What an accepted next step rested on, frozen as the snapshot of `as_of` gave it."""

    as_of: date
    phase: str
    target: str | None
    """The next phase the step works toward; None for a strategic initiative."""
    categories: tuple[str, ...]
    conditions: tuple[str, ...]
    evidence: tuple[Measured, ...]
    """The readings behind the gap."""
    measure: tuple[Measured, ...]
    """The indicators to measure again, with their values then."""

    def to_json(self) -> dict[str, Any]:
        """As stored in the action plan: JSON-ready, dates as ISO text."""
        return {
            "as_of": self.as_of.isoformat(),
            "phase": self.phase,
            "target": self.target,
            "categories": list(self.categories),
            "conditions": list(self.conditions),
            "evidence": [_measured_json(m) for m in self.evidence],
            "measure": [_measured_json(m) for m in self.measure],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Baseline:
        return cls(
            as_of=date.fromisoformat(data["as_of"]),
            phase=str(data["phase"]),
            target=data.get("target"),
            categories=tuple(data.get("categories") or ()),
            conditions=tuple(data.get("conditions") or ()),
            evidence=tuple(_measured(m) for m in data.get("evidence") or ()),
            measure=tuple(_measured(m) for m in data.get("measure") or ()),
        )


def _measured_json(m: Measured) -> dict[str, Any]:
    return {
        "indicator": m.indicator,
        "category": m.category,
        "evidence": m.evidence,
        "value": m.value,
        "level": m.level,
        "status": m.status,
        "dated": None if m.dated is None else m.dated.isoformat(),
        "counts": m.counts,
    }


def _measured(data: Mapping[str, Any]) -> Measured:
    dated = data.get("dated")
    return Measured(
        indicator=str(data["indicator"]),
        category=str(data.get("category") or ""),
        evidence=str(data.get("evidence") or ""),
        value=data.get("value"),
        level=data.get("level"),
        status=str(data.get("status") or "missing"),
        dated=None if dated is None else date.fromisoformat(dated),
        counts=bool(data.get("counts")),
    )


def freeze(diagnosis: InitiativeDiagnosis, step: NextStep, as_of: date) -> Baseline:
    """The baseline of `step`, one of the next steps of `diagnosis` (the snapshot of `as_of`)."""
    readings = _readings(diagnosis)
    return Baseline(
        as_of=as_of,
        phase=diagnosis.phase,
        target=diagnosis.target,
        categories=step.categories,
        conditions=step.conditions,
        evidence=tuple(Measured.of(readings[i]) for i in step.evidence if i in readings),
        measure=tuple(
            Measured.of(readings[i]) if i in readings else _missing(i) for i in step.measure
        ),
    )


def _readings(diagnosis: InitiativeDiagnosis) -> dict[str, Reading]:
    return {r.indicator: r for c in diagnosis.categories for r in c.readings}


def _missing(indicator: str) -> Measured:
    """An indicator the diagnosis holds no reading of (a model file without it)."""
    return Measured(indicator, "", "", None, None, "missing", None, False)


@dataclass(frozen=True)
class IndicatorCheck:
    """One indicator of an action, at acceptance and in a later snapshot, and how it moved."""

    then: Measured
    now: Measured | None
    """None when the later snapshot holds no reading of it."""
    outcome: Outcome


@dataclass(frozen=True)
class Recheck:
    """An action's indicators in one later snapshot, and the outcome they add up to."""

    as_of: date
    outcome: Outcome
    indicators: tuple[IndicatorCheck, ...]
    phase: str | None
    """The initiative's phase in that snapshot; None when the snapshot does not hold it."""
    activity: str | None = None


def check_indicator(then: Measured, now: Measured | None, phase: str) -> Outcome:
    """How one indicator moved from acceptance to a later snapshot (see the module's rules);
    `phase` is the initiative's phase at acceptance."""
    before = then.judged_level
    if before is None and phase in PHASES:
        before = PHASES.index(phase) + 1
    after = None if now is None else now.judged_level
    if now is None or after is None or before is None:
        return "no_new_evidence"
    if now.dated == then.dated and now.value == then.value:
        return "no_new_evidence"
    if after > before:
        return "better"
    return "worse" if after < before else "unchanged"


def overall(outcomes: Iterable[Outcome]) -> Outcome:
    """What an action's indicator outcomes add up to: the majority of better and worse."""
    judged = [o for o in outcomes if o in JUDGED]
    if not judged:
        return "no_new_evidence"
    better = judged.count("better")
    worse = judged.count("worse")
    if better > worse:
        return "better"
    return "worse" if worse > better else "unchanged"


def recheck(baseline: Baseline, later: InitiativeDiagnosis | None, as_of: date) -> Recheck:
    """The action's indicators in the snapshot of `as_of` (`later`: its initiative's diagnosis,
    None when that snapshot does not hold the initiative) compared with its baseline."""
    readings = {} if later is None else _readings(later)
    checks = []
    for then in baseline.measure:
        found = readings.get(then.indicator)
        now = None if found is None else Measured.of(found)
        checks.append(IndicatorCheck(then, now, check_indicator(then, now, baseline.phase)))
    return Recheck(
        as_of=as_of,
        outcome=overall(c.outcome for c in checks),
        indicators=tuple(checks),
        phase=None if later is None else later.phase,
        activity=None if later is None or later.activity is None else later.activity.state,
    )


@dataclass(frozen=True)
class Action:
    """A next step accepted into the action plan, as of the day the plan is read for.

    `status` and `done_on` are as of that day (an action done later was still open then), and
    `checks` holds its re-check in every snapshot after its baseline up to that day, oldest
    first.
    """

    id: int
    initiative: str
    tip: str
    owner: str
    """A role, such as "community manager"; never a person's name."""
    due: date
    status: Literal["open", "done"]
    accepted_on: date
    done_on: date | None
    baseline: Baseline
    checks: tuple[Recheck, ...] = ()

    @property
    def latest(self) -> Recheck | None:
        """The re-check in the newest snapshot; None before a snapshot after its baseline."""
        return self.checks[-1] if self.checks else None

    def overdue(self, on: date) -> bool:
        """Whether it is still open after its due date, as of `on`."""
        return self.status == "open" and self.due < on
