"""Summaries of a snapshot: the growth table of `wi3 diagnose`, and the management summary
at the top of every report.

The growth table has one row per initiative, the stopped ones apart; the command line prints it
as tables and lines, in the language asked for, with the words of `wi3.texts`, and the web
application can show the same rows. The management summary (`management_summary`) picks, by the
rules in `docs/summary.md`, where the organisation stands and how that changed since the previous
snapshot, the initiatives to invest in (closest to their next gate, and the conditions that hold
them), the ones to close or revive, and the three most important next steps with their owner role
and due date from the action plan. It holds ids and figures; the report puts them in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from wi3.diagnosis import (
    UNDETERMINED,
    Action,
    Condition,
    InitiativeDiagnosis,
    OrganisationDiagnosis,
    Snapshot,
    describe_activity,
    standing,
)
from wi3.model import PHASES, Model
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


def growth_table(
    snapshot: Snapshot, model: Model, plan: Sequence[Action] = (), language: Language = "en"
) -> GrowthTable:
    """The growth table of a snapshot: live initiatives first, by phase, activity and mean.

    A top next step the `plan` holds says so, with its action's id.
    """
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

    held = {(a.initiative, a.tip): a.id for a in plan}

    def planned(d: InitiativeDiagnosis, tip: str) -> str:
        action = held.get((d.initiative, tip))
        return "" if action is None else say("view.in_plan", action=action)

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
                next_step=f"{step.tip} {titles.get(step.tip, step.tip)}{planned(d, step.tip)}"
                if step
                else "—",
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


COLUMNS = (*PHASES, UNDETERMINED)
"""The phases, then undetermined: the growth board's columns and the profile's rows."""
INVEST_LIMIT = 3
"""How many initiatives the summary names to invest in."""
KEY_STEPS = 3
"""How many next steps the summary names."""
INVESTABLE = (None, "growing", "active")
"""Activity states of an initiative worth investing in (None: no usage data to say)."""
FADING = ("declining", "dormant")


@dataclass(frozen=True)
class Standing:
    """Where the organisation stands, and how that changed since the previous snapshot."""

    counts: dict[str, int]
    """Live initiatives per phase and undetermined, as the profile counts them."""
    stopped: int
    own_phase: str | None
    previous: date | None
    """The date of the snapshot compared with; None when there is none."""
    counts_before: dict[str, int] | None = None
    stopped_before: int | None = None
    own_phase_before: str | None = None
    advanced: tuple[str, ...] = ()
    regressed: tuple[str, ...] = ()
    newly_stopped: tuple[str, ...] = ()
    started: tuple[str, ...] = ()
    """Initiatives the previous snapshot did not hold yet."""

    @property
    def live(self) -> int:
        return sum(self.counts.values())

    @property
    def grown(self) -> int:
        """Live initiatives past pioneering: the base for introducing new ones easily."""
        return sum(self.counts.get(p, 0) for p in PHASES[1:])


@dataclass(frozen=True)
class Invest:
    """An initiative worth investing in: what its next gate still needs."""

    initiative: str
    phase: str
    activity: str | None
    target: str
    unmet: tuple[Condition, ...]
    """The next gate's conditions that fail or lack evidence, in the gate's order."""
    shortfall: float
    """How far the judged unmet conditions fall short, summed over them."""


@dataclass(frozen=True)
class Fading:
    """An initiative to close or revive, and why."""

    initiative: str
    phase: str
    state: str
    """declining, dormant or stopped."""
    since: date | None
    advice: str
    """"close" (stopped), "revive_or_close" (dormant) or "revive" (declining)."""
    step: str | None
    """Its first next step: end-of-life advice or the first tip for its state."""


@dataclass(frozen=True)
class KeyStep:
    """One of the most important next steps; `action` when the plan holds it."""

    initiative: str
    tip: str
    action: Action | None


@dataclass(frozen=True)
class Summary:
    """The management summary's content, by the rules of `docs/summary.md`."""

    as_of: date
    standing: Standing
    invest: tuple[Invest, ...]
    fading: tuple[Fading, ...]
    steps: tuple[KeyStep, ...]


def management_summary(
    diagnosis: OrganisationDiagnosis,
    previous: OrganisationDiagnosis | None = None,
    plan: Sequence[Action] = (),
) -> Summary:
    """The management summary of `diagnosis`, against the `previous` one and the plan as of its
    date (see `docs/summary.md` for the rules)."""
    ranked = sorted(diagnosis.initiatives, key=lambda d: (standing(d), d.initiative))
    invest = _invest(ranked)
    fading = _fading(ranked, previous)
    return Summary(
        as_of=diagnosis.as_of,
        standing=_standing(diagnosis, previous),
        invest=invest,
        fading=fading,
        steps=_key_steps(ranked, invest, fading, plan, diagnosis.as_of),
    )


def _standing(diagnosis: OrganisationDiagnosis, previous: OrganisationDiagnosis | None) -> Standing:
    own = diagnosis.own_phase
    counts = dict(diagnosis.profile.counts)
    if previous is None:
        return Standing(counts, diagnosis.profile.stopped, own.phase if own else None, None)
    before = {d.initiative: d for d in previous.initiatives}
    advanced: list[str] = []
    regressed: list[str] = []
    stopped: list[str] = []
    started: list[str] = []
    for d in diagnosis.initiatives:
        was = before.get(d.initiative)
        if was is None:
            started.append(d.initiative)
            continue
        if _stopped(d) and not _stopped(was):
            stopped.append(d.initiative)
        elif d.phase in PHASES and was.phase in PHASES and d.phase != was.phase:
            moved = PHASES.index(d.phase) > PHASES.index(was.phase)
            (advanced if moved else regressed).append(d.initiative)
    own_before = previous.own_phase
    return Standing(
        counts=counts,
        stopped=diagnosis.profile.stopped,
        own_phase=own.phase if own else None,
        previous=previous.as_of,
        counts_before=dict(previous.profile.counts),
        stopped_before=previous.profile.stopped,
        own_phase_before=own_before.phase if own_before else None,
        advanced=tuple(advanced),
        regressed=tuple(regressed),
        newly_stopped=tuple(stopped),
        started=tuple(started),
    )


def _stopped(d: InitiativeDiagnosis) -> bool:
    return d.activity is not None and d.activity.state == "stopped"


def _invest(ranked: Sequence[InitiativeDiagnosis]) -> tuple[Invest, ...]:
    """Live, lively initiatives with a next phase, closest to its gate first.

    Closest: the fewest unmet conditions, then the smallest shortfall of the judged ones, then
    the higher phase and mean (the growth table's order).
    """
    found = []
    for d in ranked:
        state = None if d.activity is None else d.activity.state
        if d.target is None or d.phase == UNDETERMINED or state not in INVESTABLE:
            continue
        gate = next((g for g in d.gates if g.phase == d.target), None)
        if gate is None:
            continue
        unmet = tuple(c for c in gate.conditions if c.holds is not True)
        shortfall = sum(c.required - c.actual for c in unmet if c.actual is not None)
        found.append(Invest(d.initiative, d.phase, state, d.target, unmet, round(shortfall, 4)))
    order = {f.initiative: n for n, f in enumerate(found)}
    found.sort(key=lambda f: (len(f.unmet), f.shortfall, order[f.initiative]))
    return tuple(found[:INVEST_LIMIT])


def _fading(
    ranked: Sequence[InitiativeDiagnosis], previous: OrganisationDiagnosis | None
) -> tuple[Fading, ...]:
    """Declining and dormant initiatives, and those that stopped since the previous snapshot
    (every stopped one when there is none): dormant and stopped first, as the table orders."""
    before = {} if previous is None else {d.initiative: d for d in previous.initiatives}
    found = []
    for d in ranked:
        reading = d.activity
        if reading is None:
            continue
        step = d.next_steps[0].tip if d.next_steps else None
        if reading.state in FADING:
            advice = "revive_or_close" if reading.state == "dormant" else "revive"
            found.append(Fading(d.initiative, d.phase, reading.state, reading.since, advice, step))
        elif reading.state == "stopped":
            was = before.get(d.initiative)
            if previous is None or was is None or not _stopped(was):
                found.append(Fading(d.initiative, d.phase, "stopped", reading.since, "close", step))
    weight = {"stopped": 0, "dormant": 1, "declining": 2}
    return tuple(sorted(found, key=lambda f: weight[f.state]))


def _key_steps(
    ranked: Sequence[InitiativeDiagnosis],
    invest: Sequence[Invest],
    fading: Sequence[Fading],
    plan: Sequence[Action],
    as_of: date,
) -> tuple[KeyStep, ...]:
    """The plan's open actions, overdue and soonest due first; then, while fewer than three,
    the first next step of each initiative to invest in, then of each to revive."""
    live = {d.initiative for d in ranked if not _stopped(d)}
    open_actions = sorted(
        (a for a in plan if a.status == "open" and a.initiative in live),
        key=lambda a: (not a.overdue(as_of), a.due, a.id),
    )
    steps = [KeyStep(a.initiative, a.tip, a) for a in open_actions]
    taken = {(s.initiative, s.tip) for s in steps}
    firsts = {d.initiative: d.next_steps[0].tip for d in ranked if d.next_steps}
    candidates = [i.initiative for i in invest]
    candidates += [f.initiative for f in fading if f.advice != "close"]
    for slug in candidates:
        tip = firsts.get(slug)
        if tip is not None and (slug, tip) not in taken:
            steps.append(KeyStep(slug, tip, None))
            taken.add((slug, tip))
    return tuple(steps[:KEY_STEPS])
