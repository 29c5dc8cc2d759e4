"""An initiative's activity state: whether it is alive, from its contributions and signals.

The rules are the model's (`activity.rules`, thresholds with their reasons in
`activity.thresholds`); they apply in the model's order and the first that holds decides. They
read plain data (`ActivityEvidence`): the days with contributions per container, the evidence
windows, the platform's archive signals and the owner's word. Nothing here reads a file.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from wi3.diagnosis._types import ActivityReading
from wi3.model import Model

YEAR_DAYS = 365
HALF_YEAR_DAYS = 182


@dataclass(frozen=True)
class DayCount:
    """People's contributions (creates, replies, edits) in one container on one day."""

    day: date
    container: str
    contributions: int


@dataclass(frozen=True)
class Archived:
    """A container the platform archived: when (None: the export only says that it is)."""

    container: str
    on: date | None


@dataclass(frozen=True)
class ActivityEvidence:
    """What is known about an initiative's life, whatever the diagnosis date.

    `days` holds every day with contributions, oldest first. `first_event` is the day of its
    first event of any kind (a join counts: the platform was there). `covered_until` is the
    last day the exports can show, `covered_basis` whether that is an export's own date
    ("export") or only the day it was imported ("import"). `archive_signals` says whether any
    of its exports could record archiving at all. `status` and `end_date` are the owner's word.
    """

    days: tuple[DayCount, ...] = ()
    first_event: date | None = None
    covered_until: date | None = None
    covered_basis: str = "import"
    archived: tuple[Archived, ...] = ()
    unarchived: tuple[Archived, ...] = ()
    archive_signals: bool = False
    start: date | None = None
    status: str = "active"
    end_date: date | None = None

    @property
    def start_day(self) -> date | None:
        """The registered start date, else the day of its first event."""
        return self.start or self.first_event


def read_activity(model: Model, evidence: ActivityEvidence, as_of: date) -> ActivityReading | None:
    """The activity state as of `as_of`, or None when nothing is known of the initiative's life.

    Without any event the owner's word still decides (a retired or paused initiative); an
    initiative that was never used and of which the owner says nothing has no state.
    """
    rules = _Rules(model, evidence, as_of)
    for decide in (
        rules.before_start,
        rules.owner_ended,
        rules.platform_archived,
        rules.owner_paused,
    ):
        reading = decide()
        if reading is not None:
            return reading
    if not evidence.days and evidence.first_event is None:
        return None
    for decide in (rules.never_took_off, rules.silence, rules.shrinking, rules.rising):
        reading = decide()
        if reading is not None:
            return reading
    return rules.make("steady", since=None)


class _Rules:
    """The activity rules over one initiative's evidence as of one date."""

    def __init__(self, model: Model, evidence: ActivityEvidence, as_of: date) -> None:
        self.model = model
        self.t = model.activity.thresholds
        self.evidence = evidence
        self.as_of = as_of
        covered = evidence.covered_until
        self.until = as_of if covered is None else min(as_of, covered)
        """The last day the evidence speaks for: after it there is no data, not silence."""
        self.days = [d for d in evidence.days if d.day <= self.until]
        self.last = max((d.day for d in self.days), default=None)
        self.missing = () if evidence.archive_signals else ("archive_signals",)

    def make(self, rule: str, since: date | None, **figures: float | str) -> ActivityReading:
        state = self.model.activity.rule(rule).state
        return ActivityReading(
            state=state,
            rule=rule,
            since=since,
            read_until=self.until,
            last=self.last,
            figures=dict(figures),
            missing=self.missing if state in ("declining", "dormant") else (),
            started=self.evidence.start_day,
        )

    def before_start(self) -> ActivityReading | None:
        start = self.evidence.start_day
        if start is None or self.as_of >= start:
            return None
        return self.make("before_start", since=None, start=start.isoformat())

    def owner_ended(self) -> ActivityReading | None:
        end = self.evidence.end_date
        if end is not None and end <= self.as_of:
            return self.make("owner_ended", since=end)
        if self.evidence.status == "retired" and end is None:
            return self.make("owner_ended", since=self.last)
        return None

    def platform_archived(self) -> ActivityReading | None:
        """Stopped when the platform archived every container that had contributions.

        An archive undated in the export (a flag) counts from that container's last
        contribution; a later unarchive reopens the container.
        """
        used = {d.container for d in self.days}
        ends: dict[str, date | None] = {}
        for signal in self.evidence.archived:
            on = signal.on
            if on is None:
                on = max(
                    (d.day for d in self.days if d.container == signal.container), default=None
                )
            if on is not None and on > self.until:
                continue
            reopened = any(
                u.container == signal.container
                and u.on is not None
                and (on is None or u.on > on)
                and u.on <= self.until
                for u in self.evidence.unarchived
            )
            if not reopened:
                previous = ends.get(signal.container)
                ends[signal.container] = _later(previous, on)
        if not ends or not used <= set(ends):
            return None
        since = None
        for on in ends.values():
            since = _later(since, on)
        return self.make(
            "platform_archived",
            since=since,
            containers=len(ends),
        )

    def owner_paused(self) -> ActivityReading | None:
        if self.evidence.status != "paused":
            return None
        return self.make("owner_paused", since=None)

    def never_took_off(self) -> ActivityReading | None:
        total = sum(d.contributions for d in self.days)
        least = self.t.min_contributions.value
        if total >= least:
            return None
        return self.make("never_took_off", since=self.last, min_contributions=f"{least:g}")

    def silence(self) -> ActivityReading | None:
        """Dormant after a year without contributions; declining after a quiet spell.

        The quiet spell is a quarter, or `rhythm_factor` times its usual gap (the mean number
        of days between days with contributions over the year up to the last contribution)
        when that is longer, but never longer than the year that makes it dormant.
        """
        assert self.last is not None  # never_took_off holds when nothing was contributed
        silence = (self.until - self.last).days
        dormant = self.t.dormant_days.value
        if silence >= dormant:
            return self.make("silent", since=self.last, silence=silence)
        year_before = self.last - timedelta(days=YEAR_DAYS - 1)
        active_days = len({d.day for d in self.days if d.day >= year_before})
        gap = YEAR_DAYS / active_days
        factor = self.t.rhythm_factor.value
        limit = min(max(self.t.quiet_days.value, factor * gap), dormant)
        if silence >= limit:
            return self.make(
                "quiet",
                since=self.last,
                silence=silence,
                limit=math.ceil(limit),
                gap=round(gap, 1),
                rhythm_factor=f"{factor:g}",
            )
        return None

    def shrinking(self) -> ActivityReading | None:
        """Declining when the last twelve months hold too small a share of the busiest twelve.

        The last twelve months are the 365 days up to the last day read; the busiest twelve
        months the best run of twelve calendar months (or the last twelve, if better).
        """
        year_from = self.until - timedelta(days=YEAR_DAYS)
        last = sum(d.contributions for d in self.days if d.day > year_from)
        totals = _monthly(self.days)
        months = _months_between(min(totals), (self.until.year, self.until.month))
        runs = [
            sum(totals.get(m, 0) for m in months[max(0, i - 11) : i + 1])
            for i in range(len(months))
        ]
        peak = max(runs)
        peak_month = months[runs.index(peak)]
        if last >= peak:
            peak, peak_month = last, (self.until.year, self.until.month)
        share = self.t.decline_share.value
        if last >= share * peak:
            return None
        return self.make(
            "shrinking",
            since=None,
            share=f"{last / peak:.0%}",
            peak=f"{peak_month[0]:04d}-{peak_month[1]:02d}",
            decline_share=f"{share:.0%}",
        )

    def rising(self) -> ActivityReading | None:
        """Growing when the last six months clearly exceed the six before."""
        recent_from = self.until - timedelta(days=HALF_YEAR_DAYS)
        before_from = recent_from - timedelta(days=HALF_YEAR_DAYS)
        recent = sum(d.contributions for d in self.days if d.day > recent_from)
        before = sum(d.contributions for d in self.days if before_from < d.day <= recent_from)
        least = self.t.min_contributions.value
        ratio = self.t.growth_ratio.value
        start = self.evidence.start_day
        if before < least or recent < ratio * before or (start is not None and start > before_from):
            return None
        return self.make(
            "rising", since=None, ratio=f"{recent / before:.1f}", growth_ratio=f"{ratio:g}"
        )


def _later(a: date | None, b: date | None) -> date | None:
    if a is None:
        return b
    return a if b is None else max(a, b)


def _monthly(days: Iterable[DayCount]) -> dict[tuple[int, int], int]:
    totals: dict[tuple[int, int], int] = {}
    for d in days:
        key = (d.day.year, d.day.month)
        totals[key] = totals.get(key, 0) + d.contributions
    return totals


def _months_between(first: tuple[int, int], last: tuple[int, int]) -> Sequence[tuple[int, int]]:
    """Every (year, month) from `first` to `last`, oldest first."""
    year, month = first
    out = []
    while (year, month) <= last:
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


RULE_THRESHOLDS = {
    "never_took_off": ("min_contributions",),
    "silent": ("dormant_days",),
    "quiet": ("quiet_days", "rhythm_factor"),
    "shrinking": ("decline_share",),
    "rising": ("growth_ratio", "min_contributions"),
}
"""The thresholds each activity rule compares with, for its explanation."""


def describe_activity(model: Model, reading: ActivityReading, language: str = "en") -> str:
    """The rule that decided the state, in words: its text with the figures filled in."""
    text = model.activity.rule(reading.rule).text.get(language)
    figures = {k: str(v) for k, v in reading.figures.items()}
    figures["since"] = reading.since.isoformat() if reading.since else "?"
    try:
        return text.format(**figures)
    except (KeyError, IndexError):  # a user's model text naming a figure this rule lacks
        return text
