"""The growth table of `wi3 diagnose`: one row per initiative, the stopped ones apart.

The command line prints it as tables and lines; the web application can show the same rows. In
the language asked for, with the words of `wi3.texts`.
"""

from __future__ import annotations

from dataclasses import dataclass

from wi3.diagnosis import InitiativeDiagnosis, Snapshot, describe_activity, standing
from wi3.model import Model
from wi3.notes import render_note
from wi3.texts import Language, Locale


@dataclass(frozen=True)
class GrowthRow:
    """A live initiative: its phase, activity, what usage alone says, and its top next step."""

    initiative: str
    """Its name and slug, e.g. `Team wiki (team-wiki)`."""
    phase: str
    activity: str
    pointer: str
    """The phase usage alone points to, `—`, or that there is no usage data in range."""
    mean: str
    confidence: str
    next_step: str


@dataclass(frozen=True)
class StoppedRow:
    """An initiative that stopped: since when, the phase it ended in, and the rule's words."""

    initiative: str
    stopped: str
    last_phase: str
    why: str


@dataclass(frozen=True)
class GrowthTable:
    """What `wi3 diagnose` prints for an organisation as of a date."""

    title: str
    rows: tuple[GrowthRow, ...]
    stopped: tuple[StoppedRow, ...]
    profile: str
    own_phase: str
    notices: tuple[str, ...]
    """The notices about the dates of the evidence, but for the initiatives whose missing
    usage data the `pointer` column already says."""


def growth_table(snapshot: Snapshot, model: Model, language: Language = "en") -> GrowthTable:
    """The growth table of a snapshot: live initiatives first, by phase, activity and mean."""
    locale = Locale(language)
    say = locale.label
    diagnosis = snapshot.diagnosis
    titles = {t.id: t.title.get(language) for t in model.tips} | {
        e.id: e.title.get(language) for e in model.activity.end_of_life
    }
    states: dict[str, str] = {s.id: s.name.get(language).lower() for s in model.activity.states}
    phases: dict[str, str] = {p.id: p.name.get(language).lower() for p in model.phases}
    no_usage = {n.initiative for n in snapshot.notices if n.kind == "no_usage"}
    ranked = sorted(diagnosis.initiatives, key=lambda d: (standing(d), d.initiative))
    live = [d for d in ranked if d.activity is None or d.activity.live]

    def label(d: InitiativeDiagnosis) -> str:
        return f"{snapshot.entry(d.initiative).name} ({d.initiative})"

    def phase(id_: str) -> str:
        return phases.get(id_) or locale.label_or(f"phase_{id_}", id_).lower()

    def level(value: float | None) -> str:
        return locale.level(value) or "—"

    rows = []
    for d in live:
        step = d.next_steps[0] if d.next_steps else None
        confidence = say(f"confidence_{d.confidence.label}")
        rows.append(
            GrowthRow(
                initiative=label(d),
                phase=phase(d.phase),
                activity=_activity(d, states, locale),
                pointer=say("view.no_usage_in_range")
                if d.initiative in no_usage
                else phase(d.usage_pointer.phase)
                if d.usage_pointer
                else "—",
                mean=level(d.mean),
                confidence=f"{confidence} ({locale.decimal(d.confidence.score, 2)})",
                next_step=f"{step.tip} {titles.get(step.tip, step.tip)}" if step else "—",
            )
        )
    stopped = tuple(
        StoppedRow(
            initiative=label(d),
            stopped=locale.day(d.activity.since) if d.activity.since else say("date_unknown"),
            last_phase=phase(d.phase),
            why=describe_activity(model, d.activity, language),
        )
        for d in ranked
        if d not in live and d.activity is not None
    )
    p = diagnosis.profile
    profile = say(
        "view.profile",
        phases=", ".join(
            f"{phase(id_)} {locale.count(p.counts[id_])} ({locale.percent(p.shares[id_])})"
            for id_ in p.counts
        ),
    )
    if p.stopped:
        profile += say("view.profile_stopped", count=p.stopped)
    own = diagnosis.own_phase
    return GrowthTable(
        title=say(
            "view.growth_title", organisation=snapshot.organisation_name, date=diagnosis.as_of
        ),
        rows=tuple(rows),
        stopped=stopped,
        profile=profile,
        own_phase=say(
            "view.own_phase",
            phase=phase(own.phase),
            mean=level(own.mean),
            confidence=say(f"confidence_{own.confidence.label}"),
        )
        if own
        else say("view.no_own_phase"),
        notices=tuple(
            render_note(n.text, language) for n in snapshot.notices if n.kind != "no_usage"
        ),
    )


def _activity(d: InitiativeDiagnosis, states: dict[str, str], locale: Locale) -> str:
    if d.activity is None:
        return locale.label("view.activity_unknown")
    state = states.get(d.activity.state, d.activity.state)
    if d.activity.since is None:
        return state
    return locale.label("activity_since", state=state, date=f"{d.activity.since:%Y-%m}")
