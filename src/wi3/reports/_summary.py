"""The growth table of `wi3 diagnose`: one row per initiative, the stopped ones apart.

The command line prints it as tables and lines; the web application can show the same rows. In
English, as the command line is.
"""

from __future__ import annotations

from dataclasses import dataclass

from wi3.diagnosis import InitiativeDiagnosis, Snapshot, describe_activity, standing
from wi3.model import Model


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


def growth_table(snapshot: Snapshot, model: Model) -> GrowthTable:
    """The growth table of a snapshot: live initiatives first, by phase, activity and mean."""
    diagnosis = snapshot.diagnosis
    titles = {t.id: t.title.en for t in model.tips} | {
        e.id: e.title.en for e in model.activity.end_of_life
    }
    states: dict[str, str] = {s.id: s.name.en.lower() for s in model.activity.states}
    no_usage = {n.initiative for n in snapshot.notices if n.kind == "no_usage"}
    ranked = sorted(diagnosis.initiatives, key=lambda d: (standing(d), d.initiative))
    live = [d for d in ranked if d.activity is None or d.activity.live]

    def label(d: InitiativeDiagnosis) -> str:
        return f"{snapshot.entry(d.initiative).name} ({d.initiative})"

    rows = []
    for d in live:
        step = d.next_steps[0] if d.next_steps else None
        rows.append(
            GrowthRow(
                initiative=label(d),
                phase=d.phase,
                activity=_activity(d, states),
                pointer=_pointer(d, d.initiative in no_usage),
                mean=_level(d.mean),
                confidence=f"{d.confidence.label} ({d.confidence.score:.2f})",
                next_step=f"{step.tip} {titles.get(step.tip, step.tip)}" if step else "—",
            )
        )
    stopped = tuple(
        StoppedRow(
            initiative=label(d),
            stopped=d.activity.since.isoformat() if d.activity.since else "date unknown",
            last_phase=d.phase,
            why=describe_activity(model, d.activity),
        )
        for d in ranked
        if d not in live and d.activity is not None
    )
    p = diagnosis.profile
    profile = "profile: " + ", ".join(
        f"{phase} {p.counts[phase]} ({p.shares[phase]:.0%})" for phase in p.counts
    )
    if p.stopped:
        profile += f"; {p.stopped} stopped, kept apart"
    own = diagnosis.own_phase
    return GrowthTable(
        title=f"{snapshot.organisation_name} as of {diagnosis.as_of.isoformat()}",
        rows=tuple(rows),
        stopped=stopped,
        profile=profile,
        own_phase=(
            f"the organisation's own way of organising Enterprise 2.0: {own.phase} "
            f"(mean {_level(own.mean)}, confidence {own.confidence.label})"
            if own
            else "the organisation's own phase: no organisation-level assessment yet "
            "(`wi3 assess @organisation`)"
        ),
        notices=tuple(n.text for n in snapshot.notices if n.kind != "no_usage"),
    )


def _level(level: float | None) -> str:
    return "—" if level is None else f"{level:.2f}"


def _activity(d: InitiativeDiagnosis, states: dict[str, str]) -> str:
    if d.activity is None:
        return "unknown (no usage data)"
    since = f" since {d.activity.since:%Y-%m}" if d.activity.since else ""
    return states.get(d.activity.state, d.activity.state) + since


def _pointer(d: InitiativeDiagnosis, no_usage: bool) -> str:
    if no_usage:
        return "no usage data in range"
    return d.usage_pointer.phase if d.usage_pointer else "—"
