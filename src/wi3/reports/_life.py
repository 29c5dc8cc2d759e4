"""The words for an initiative's life: its activity state, why its phase is undetermined,
the claims usage contradicts, and its lifecycle over the organisation's snapshots.

The lifecycle rows come from the stored snapshots (`wi3.service` passes them); the report only
needs each row's date, phase, activity state and change of phase, as `LifecycleRow` says.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Protocol

from wi3.diagnosis import (
    RULE_THRESHOLDS,
    UNDETERMINED,
    ActivityReading,
    ClaimConflict,
    InitiativeDiagnosis,
    describe_activity,
)
from wi3.model import PHASES
from wi3.reports._view import (
    ActivityBadge,
    ActivityView,
    ClaimView,
    LifecycleRowView,
    ThresholdView,
)
from wi3.reports._words import Words
from wi3.texts import Locale

FADING = ("declining", "dormant", "stopped")
"""Activity states a claim of facilitating or strategic can be contradicted by."""
ASLEEP = ("dormant", "stopped")
"""Activity states from which a return to activity is a revival."""
_DECIMAL = re.compile(r"\d+\.\d")
"""A figure the diagnosis wrote as text with one decimal (a ratio such as 1.8)."""
UNKNOWN = "unknown"
"""The badge id of an initiative whose activity is unknown."""


class LifecycleRow(Protocol):
    """An initiative in one stored snapshot (`wi3.service.HistoryRow` is one)."""

    @property
    def as_of(self) -> date: ...

    @property
    def phase(self) -> str: ...

    @property
    def confidence(self) -> float: ...

    @property
    def change(self) -> str:
        """first, same, advanced, regressed, placed or unplaced."""
        ...

    @property
    def activity(self) -> str | None: ...


def activity_badge(words: Words, state: str | None, since: date | None = None) -> ActivityBadge:
    """An activity state's badge: its name, with the date it holds since when known."""
    locale = words.locale
    if state is None:
        text = locale.label("activity_unknown")
        return ActivityBadge(UNKNOWN, text, text)
    name = words.state(state)
    if since is None:
        return ActivityBadge(state, name, name)
    return ActivityBadge(
        state, name, locale.label("activity_since", state=name, date=locale.date(since))
    )


def activity_view(words: Words, reading: ActivityReading | None, slug: str) -> ActivityView:
    """The activity state, the rule that decided it, its thresholds and what it lacked."""
    locale = words.locale
    if reading is None:
        return ActivityView(
            badge=activity_badge(words, None),
            description=locale.label("activity_unknown_why"),
            rule_id=None,
            rule=None,
            read_until=None,
            last=None,
            thresholds=(),
            missing=(),
        )
    model = words.model
    rules = {r.id for r in model.activity.rules}
    thresholds = []
    for name in RULE_THRESHOLDS.get(reading.rule, ()):
        threshold = getattr(model.activity.thresholds, name)
        thresholds.append(
            ThresholdView(
                id=name,
                name=locale.label(f"threshold_{name}"),
                value=_threshold_value(words, name, threshold.value),
                reason=threshold.reason.get(words.language),
            )
        )
    missing: list[tuple[str, str | None]] = []
    for what in reading.missing:
        if what == "archive_signals":
            missing.append(
                (locale.label("missing_archive_signals"), locale.label("record_end", slug=slug))
            )
        else:
            missing.append((what, None))
    return ActivityView(
        badge=activity_badge(words, reading.state, reading.since),
        description=words.state_description(reading.state),
        rule_id=reading.rule,
        rule=describe(words, reading) if reading.rule in rules else reading.rule,
        read_until=None if reading.read_until is None else locale.date(reading.read_until),
        last=None if reading.last is None else locale.date(reading.last),
        thresholds=tuple(thresholds),
        missing=tuple(missing),
    )


def describe(words: Words, reading: ActivityReading) -> str:
    """The rule that decided the state, in the report's language, its figures written in it."""
    figures = {k: _figure(words, v) for k, v in reading.figures.items()}
    return describe_activity(words.model, replace(reading, figures=figures), words.language)


def _figure(words: Words, value: float | str) -> float | str:
    """A rule's figure as the report writes numbers: 2,4 in Dutch; dates and shares as given."""
    if isinstance(value, str):
        return words.locale.decimal(float(value), 1) if _DECIMAL.fullmatch(value) else value
    return words.locale.number(value)


def _threshold_value(words: Words, name: str, value: float) -> str:
    locale = words.locale
    if name.endswith("_days"):
        return locale.label("days", n=locale.number(value))
    if name.endswith("_share"):
        return locale.percent(value)
    if name.endswith(("_factor", "_ratio")):
        return locale.label("times", n=locale.number(value))
    return locale.number(value)


def undetermined_why(words: Words, diagnosis: InitiativeDiagnosis) -> tuple[str, ...]:
    """Why the phase is undetermined, and the model's reason for the rule; empty when it is not."""
    enough = diagnosis.sufficiency
    if diagnosis.phase != UNDETERMINED or enough is None:
        return ()
    locale = words.locale
    if enough.reason == "too_few_categories":
        rule = words.model.evidence.min_categories
        return (
            locale.label("too_few_categories", counted=enough.categories, required=enough.required),
            rule.reason.get(words.language),
        )
    unknown = [
        c.subject
        for gate in diagnosis.gates[:1]
        for c in words.gate(gate, words.model.gates.of(gate.phase)).conditions
        if c.status == "unknown"
    ]
    return (
        locale.label(
            "gate_unknown",
            facilitating=words.phase(PHASES[1]).name.lower(),
            pioneering=words.phase(PHASES[0]).name.lower(),
            conditions=", ".join(unknown) or "—",
        ),
    )


def claim_view(words: Words, claim: ClaimConflict) -> ClaimView:
    """An owner's claim and what in the usage contradicts it, in one sentence."""
    locale = words.locale
    dated = (
        "" if claim.dated is None else locale.label("claim_dated", date=locale.date(claim.dated))
    )
    claimed = words.phase(claim.claimed).name.lower()
    if claim.contradiction in FADING:
        since = (
            ""
            if claim.value is None
            else locale.label("claim_since", date=_day(locale, claim.value))
        )
        text = locale.label(
            "claim_owner",
            dated=dated,
            claimed=claimed,
            state=words.state(claim.contradiction).lower(),
            since=since,
        )
    else:
        claimer = words.indicator(claim.claim)
        indicator = words.indicator(claim.contradiction)
        text = locale.label(
            "claim_usage",
            claim=claimer.text or claimer.id,
            dated=dated,
            claimed=claimed,
            indicator=indicator.text or indicator.id,
            value=words.indicator_value(claim.contradiction, claim.value),
            pioneering=words.phase(PHASES[0]).name.lower(),
        )
    return ClaimView(
        text=text, categories=", ".join(words.category(c) for c in claim.categories) or "—"
    )


def _day(locale: Locale, value: float | str) -> str:
    """A claim's date (ISO text in the diagnosis) in words; anything else as it is."""
    try:
        return locale.date(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def lifecycle_rows(
    words: Words, rows: Sequence[LifecycleRow], as_of: date
) -> tuple[LifecycleRowView, ...]:
    """The initiative's rows oldest first, each with what changed since the row before."""
    out = []
    before: LifecycleRow | None = None
    for row in rows:
        out.append(
            LifecycleRowView(
                as_of=words.locale.date(row.as_of),
                as_of_iso=row.as_of.isoformat(),
                phase=words.phase(row.phase),
                activity=activity_badge(words, row.activity),
                confidence=words.locale.percent(row.confidence),
                changes=_changes(words, before, row),
                current=row.as_of == as_of,
            )
        )
        before = row
    return tuple(out)


def _changes(
    words: Words, before: LifecycleRow | None, row: LifecycleRow
) -> tuple[tuple[str, str], ...]:
    """What changed since the row before: (id, text) for the phase, then for the activity."""
    label = words.locale.label
    if before is None:
        return (("first", label("change_first")),)
    found = []
    phase = words.phase(row.phase).name
    if row.change in ("advanced", "regressed", "placed"):
        found.append((row.change, label(f"change_{row.change}", phase=phase)))
    elif row.change == "unplaced":
        found.append((row.change, label("change_unplaced")))
    was, now = before.activity, row.activity
    if was != now:
        if now is None:
            found.append(("unknown", label("change_unknown")))
        elif was is None:
            found.append(("known", label("change_known", state=words.state(now).lower())))
        elif now in FADING:
            found.append((now, label(f"change_{now}")))
        elif was in ASLEEP:
            found.append(("revived", label("change_revived")))
        elif now == "growing":
            found.append((now, label("change_growing")))
        elif now == "active" and was == "growing":
            found.append(("levelled", label("change_levelled")))
        elif now == "active":
            found.append((now, label("change_active")))
        else:  # a state another model file knows
            found.append((now, words.state(now)))
    return tuple(found)
