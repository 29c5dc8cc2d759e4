"""Who takes part in one initiative, month by month: the people in scope and their activity.

Each person in the initiative's scope (its units and their sub-units) is, every month, active
or not; what decides it depends on the person:

- units in scope take hold in a fixed order: the home unit first, then larger units before
  smaller ones. The phase's reach says how many have (pioneering: the home unit only). In a
  unit that has not, only its three visitors ever look in, so it stays under five active people;
- in a unit that has, a share of the people are contributor types, active nearly every month
  (the core), a share are regular readers, and the rest occasional readers who are active in a
  quarter with the chance the phase's retention gives. Newcomers in a settled initiative are
  mostly occasional readers and new colleagues (occasional for their first half year), so the
  share that comes back the next quarter is about that chance (MODEL.md §8 retention);
- the shares are solved so that the quarter's active ratio and contributor ratio meet the
  phase's targets;
- managers and executives follow their own target (none while pioneering), mostly in the
  units that have taken hold;
- an initiative launched during the simulation follows an S-curve over its first months.

The targets of each month are a blend of the planned phases around it (see `phase_weights`),
so a phase change takes effect over about two months. Established initiatives also get their
history of items, created in the year before the first month (creates only: an export
holds the pages of earlier years, reading logs only for recent months), and one that leaves
pioneering gets the content of an earlier tool migrated, with its original dates, so that the
freshness of their content can be measured. `expected` runs the same months on probabilities
instead of draws, to find how many events a scale gives before any is made.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from wi3.simulate._columns import Keys
from wi3.simulate._ids import Array, key64
from wi3.simulate._month import MIGRATED_MONTHS, MonthEvents, fresh_edits
from wi3.simulate._people import Directory
from wi3.simulate._phases import (
    PHASES,
    TARGETS,
    PhaseTargets,
    blend,
    launch_curve,
    monthly,
    phase_weights,
    quarter_active,
)
from wi3.simulate._profiles import PROFILES, Profile
from wi3.simulate._window import Window, month_name

CORE = (0.95, 0.7)
"""Contributor types stay active 95 % of months and come back quickly: (stay, start)."""
REGULAR = (0.9, 0.6)
Q_CORE = quarter_active(*CORE)
Q_REGULAR = quarter_active(*REGULAR)
MIN_PIONEERS = 2
"""Even the smallest initiative has two people who post."""
VISITORS = 3
"""People of a unit where the initiative has not taken hold who look in now and then."""
MANAGERS_OUTSIDE = 0.03
"""Quarter activity of managers in units where it has not taken hold (when any take part)."""
SETTLING_DAYS = 182
"""New colleagues read occasionally for their first half year before they become regulars."""
HISTORY = 12
"""Months before the window in which an established initiative's items were created."""


@dataclass(frozen=True)
class Usage:
    """One initiative as the simulator sees it: where it lives and its phase in each month."""

    slug: str
    kind: str
    home: str
    """The owning unit; its people are the pioneers."""
    scope: tuple[str, ...]
    """The units of its audience (people in exactly these units are eligible)."""
    phases: tuple[str | None, ...]
    """The phase in each month of the window; None while it has not started."""
    launch: int = -36
    """The month it went live, counted from the window's first month (negative: before)."""
    intensity: tuple[float, ...] = ()
    """How much of its phase's activity each month of the window has (1 where not given): a
    fading initiative's people come less often; a month at 0 has no events at all."""
    archived: int | None = None
    """The month of the window the platform archived it: no events from then on."""

    def __post_init__(self) -> None:
        for phase in self.phases:
            if phase is not None and phase not in PHASES:
                raise ValueError(f"unknown phase {phase!r}; use one of {', '.join(PHASES)}")
        if any(not 0 <= level <= 1 for level in self.intensity):
            raise ValueError("intensity must lie between 0 and 1")

    def level(self, t: int) -> float:
        """The share of its phase's activity month t has: 0 once archived."""
        if self.archived is not None and t >= self.archived:
            return 0.0
        if 0 <= t < len(self.intensity):
            return self.intensity[t]
        return self.intensity[-1] if self.intensity and t >= len(self.intensity) else 1.0


@dataclass(frozen=True)
class MonthModel:
    """The parameters of one month: targets, eligibility and each person's chain."""

    t: int
    weights: Array
    targets: PhaseTargets
    eligible: Array
    alpha: Array
    beta: Array
    contributor: Array
    migrate: bool = False
    """The first month of facilitation after pioneering: existing content is migrated."""
    level: float = 1.0
    """The share of its phase's activity this month has (see `Usage.intensity`)."""


def _adopting(reach: float, units: int) -> int:
    return 1 if reach <= 0 else max(1, min(units, round(reach * units)))


class UsageRun:
    """The months of one initiative: its model, and the events drawn from it."""

    def __init__(
        self, usage: Usage, directory: Directory, window: Window, seed: int, keys: Keys
    ) -> None:
        self.usage = usage
        self.directory = directory
        self.window = window
        self.seed = seed
        self.keys = keys
        self.profile: Profile = PROFILES.get(usage.kind, PROFILES["other"])
        paths = [u.path for u in directory.units]
        given = (usage.home, *usage.scope)
        unknown = [p for p in given if p not in paths]
        if unknown:
            raise ValueError(f"{usage.slug}: unknown unit(s) {', '.join(unknown)}")
        # a scope path covers its sub-units; the home unit comes first
        scope = [usage.home] + [
            p for p in paths if p != usage.home and any(_within(p, g) for g in given)
        ]
        self.salt = key64(seed, usage.slug) & 0xFFFFFFFF
        rng = np.random.default_rng([seed, self.salt, 0])
        unit_ids = np.array([paths.index(p) for p in scope])
        self.people = np.flatnonzero(np.isin(directory.unit, unit_ids) & ~directory.bot)
        local = np.searchsorted(np.sort(unit_ids), directory.unit[self.people])
        self.unit = np.argsort(unit_ids)[local].astype(np.int32)
        """Index into the scope's units, per person in scope."""
        self.units = len(scope)
        # units take hold in this order: the home unit first, then larger units before
        # smaller ones (with some chance), where more people share the need
        size = np.bincount(self.unit, minlength=self.units) * rng.lognormal(0.0, 0.35, self.units)
        size[0] = np.inf
        self.unit_rank = np.empty(self.units, dtype=np.int32)
        self.unit_rank[np.argsort(-size, kind="stable")] = np.arange(self.units)
        self.manager = directory.level[self.people] >= 1
        self.u = rng.random(len(self.people))
        self.engagement = rng.lognormal(0.0, 0.7, len(self.people))
        by_unit = np.lexsort((self.u, self.manager, self.unit))
        rank = np.empty(len(self.people), dtype=np.int64)
        rank[by_unit] = np.arange(len(self.people))
        first_of_unit = np.searchsorted(self.unit[by_unit], self.unit)
        self.visitor = (rank - first_of_unit < VISITORS) & ~self.manager
        """The few people of each unit who look in while their unit has not taken it up."""
        self.start = directory.start[self.people]
        self.end = directory.end[self.people]
        self.bots = np.flatnonzero(directory.bot)
        self.first_month = max(usage.launch, -HISTORY)
        self.acted = np.zeros(directory.size, dtype=bool)

    def model(self, t: int) -> MonthModel | None:
        """The parameters of month t, or None when the initiative is not live then."""
        weights = phase_weights(self.usage.phases, t)
        level = self.usage.level(t)
        if weights is None or t < self.usage.launch or level == 0:
            return None
        tg = blend(weights)
        first, last = np.datetime64(self.window.start(t), "D"), self.window.last_day(t)
        eligible = (self.start <= np.datetime64(last, "D")) & (self.end >= first)
        settled = self.start <= first - np.timedelta64(SETTLING_DAYS, "D")
        on_board = sum(
            share * (self.unit_rank < _adopting(TARGETS[p].reach, self.units))
            for p, share in zip(PHASES, weights, strict=True)
        )
        adopt = np.asarray(on_board, dtype=np.float64)[self.unit]
        staff = eligible & ~self.manager
        inside = float((adopt * staff).sum())
        active_inside = min(tg.saturation, tg.active / max(inside / max(staff.sum(), 1), 1e-9))
        # contributor types, regular readers and occasional readers, in that order of u
        kappa = tg.contributors * active_inside / Q_CORE
        kappa = min(0.9, max(kappa, self._pioneers(staff & settled, adopt)))
        contributor = (self.u < kappa * adopt) & settled
        kappa = min(0.9, float((adopt * (contributor & staff)).sum()) / max(inside, 1e-9))
        rest = active_inside - kappa * Q_CORE
        occasional = min(tg.retention, max(rest, 0.0) / (1 - kappa))
        regular = max(0.0, rest - (1 - kappa) * occasional) / (Q_REGULAR - occasional)
        regulars = (self.u < (kappa + regular) * adopt) & settled & ~contributor
        p_occasional = monthly(occasional)
        alpha_in = np.where(contributor, CORE[0], np.where(regulars, REGULAR[0], p_occasional))
        beta_in = np.where(contributor, CORE[1], np.where(regulars, REGULAR[1], p_occasional))
        p_visitor = np.where(self.visitor, monthly(tg.retention), 0.0)
        alpha = adopt * alpha_in + (1 - adopt) * p_visitor
        beta = adopt * beta_in + (1 - adopt) * p_visitor
        managers = eligible & self.manager
        m_all, m_in = int(managers.sum()), float((adopt * managers).sum())
        outside = min(MANAGERS_OUTSIDE, tg.management)
        inner = (tg.management * m_all - outside * (m_all - m_in)) / max(m_in, 1e-9)
        p_manager = adopt * monthly(min(max(inner, 0.0), 0.9)) + (1 - adopt) * monthly(outside)
        alpha = np.where(self.manager, p_manager, alpha)
        beta = np.where(self.manager, p_manager, beta) * launch_curve(t - self.usage.launch)
        alpha = np.where(eligible, alpha * level, 0.0)
        beta = np.where(eligible, beta * level, 0.0)
        before = phase_weights(self.usage.phases, t - 1)
        migrate = (
            before is not None
            and PHASES[int(np.argmax(before))] == "pioneering"
            and PHASES[int(np.argmax(weights))] != "pioneering"
        )
        return MonthModel(t, weights, tg, eligible, alpha, beta, contributor, migrate, level)

    def _pioneers(self, candidates: Array, adopt: Array) -> float:
        """The contributor share that makes at least MIN_PIONEERS people contributor types."""
        inside = candidates & (adopt > 0)
        ranked = np.sort(self.u[inside] / adopt[inside])
        return 1.0 if len(ranked) < MIN_PIONEERS else float(ranked[MIN_PIONEERS - 1]) + 1e-12

    def expected(self) -> tuple[float, float]:
        """(a, b): the expected number of events at scale s is about a + b·s."""
        profile = self.profile
        pi = np.zeros(len(self.people))
        never = np.ones(len(self.people))
        stock = np.zeros(2)
        total = np.zeros(2)
        for t in range(self.first_month, self.window.count):
            m = self.model(t)
            if m is None:
                pi[:] = 0.0
                continue
            joins = float((never * m.beta).sum()) if profile.joins else 0.0
            pi = pi * m.alpha + (1 - pi) * m.beta
            never *= 1 - m.beta
            tg = m.targets
            contributors = float(pi[m.contributor].sum())
            threads = contributors * np.array([tg.floor, profile.creates * tg.posting])
            if m.migrate:
                total += MIGRATED_MONTHS * threads
                stock += MIGRATED_MONTHS * threads
            if t < 0:  # the history: items only
                total += threads
                stock += threads
                continue
            weight = float((pi * self.engagement * np.where(m.contributor, 3.0, 1.0)).sum())
            replies = threads * tg.answered * (1 + tg.reply_extra * profile.replies)
            accepts = threads * tg.answered * tg.accept if profile.accepts else 0.0 * threads
            # edits do not grow in proportion with the scale; split them like the stock
            edits = (
                m.level * fresh_edits(tg.freshness, stock.sum(), threads.sum())
                if contributors
                else 0.0
            )
            edits = edits * stock / max(stock.sum(), 1e-9)
            bots = tg.bot_posts if len(self.bots) else 0.0
            month = threads + replies + accepts + edits
            month += [float(pi.sum()) + joins + bots, (profile.views + profile.reacts) * weight]
            total += month / (1 - tg.integration)
            stock += threads + [bots, 0.0]
        return float(total[0]), float(total[1])

    def tables(self, scale: float, chunk_rows: int) -> Iterator[tuple[str, pa.Table]]:
        """The initiative's events as (month, table) batches of at most about `chunk_rows`."""
        state = np.zeros(len(self.people), dtype=bool)
        ever = np.zeros(len(self.people), dtype=bool)
        month = MonthEvents(self, scale, chunk_rows)
        for t in range(self.first_month, self.window.count):
            m = self.model(t)
            rng = np.random.default_rng([self.seed, self.salt, t + 1000])
            new = np.zeros(len(self.people), dtype=bool)
            if m is None:
                state[:] = False
            else:
                draw = rng.random(len(self.people))
                state = np.where(state, draw < m.alpha, draw < m.beta)
                new = state & ~ever
                ever |= state
            name = month_name(self.window.start(t))
            for part in month.parts(t, m, rng, state, new):
                self.acted[part.actor] = True
                if part.ts.min() < self.window.micros(t)[0]:  # migrated items, dated earlier
                    for earlier, rows in _months_of(part.ts):
                        yield earlier, self.keys.table(part.take(rows))
                else:
                    yield name, self.keys.table(part)


def _months_of(ts: Array) -> Iterator[tuple[str, Array]]:
    """('YYYY-MM', rows) for each calendar month of the timestamps (microseconds, UTC)."""
    months = ts.astype("datetime64[us]").astype("datetime64[M]")
    for month in np.unique(months):
        yield str(month), np.flatnonzero(months == month)


def _within(path: str, scope: str) -> bool:
    return path == scope or path.startswith(f"{scope}/")
