"""How each phase behaves: the targets the simulator aims at, and how they change over time.

Every target sits inside its phase's band of MODEL.md §8, away from the edges, so that sampling
noise over a quarter rarely crosses a boundary. The bands are measured over a quarter; the
simulator works month by month, so the month-level parameters below are solved from the quarter
targets (shares of core, regular and occasional people whose quarter activity and return rate
are the targets; a participation-inequality exponent whose top-k share is the target).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

import numpy as np

from wi3.simulate._ids import Array

PHASES = ("pioneering", "facilitating", "strategic")


@dataclass(frozen=True)
class PhaseTargets:
    """What an initiative in one phase looks like, per quarter unless said otherwise."""

    active: float
    """Share of the people in scope active at least once in the quarter (active ratio)."""
    retention: float
    """Share of a quarter's newcomers who are active again the next quarter; also the chance
    that an occasional reader is active in a quarter."""
    contributors: float
    """Share of the active people who create or reply (contributor ratio)."""
    reach: float
    """Share of the units in scope where the initiative has taken hold; 0 means the home unit."""
    saturation: float
    """Most of the people of a unit that has taken hold who are active in a quarter: a small
    home unit cannot carry a whole pioneering initiative's activity (nor its low return rate)."""
    management: float
    """Share of the managers and executives in scope active in the quarter."""
    top_k: int
    top_share: float
    """The k most active contributors make this share of the contributions."""
    floor: float
    """Chance that an active contributor starts at least one thread in a month."""
    answered: float
    """Chance that a thread gets a reply at all."""
    reply_hours: float
    reply_sigma: float
    """Median and log-sd of the lognormal delay to the first reply, in hours."""
    reply_extra: float
    """Mean number of further replies to an answered thread."""
    cross_unit: float
    """Chance that a reply is sought from another unit than the thread author's."""
    freshness: float
    """Share of the items created or edited in a quarter (new ones count as fresh)."""
    integration: float
    """Share of the events that arrive through an integration with a business system."""
    bot_posts: float
    """Posts a month by the initiative's bot (a reminder; a weekly digest once facilitated)."""
    accept: float
    """Chance that an answered question gets an accepted answer (Q&A only)."""
    posting: float
    """Multiplies the kind's threads per contributor: the few pioneers post eagerly."""


TARGETS = {
    # pioneering: a few enthusiasts in one unit; readers come and go; management absent
    "pioneering": PhaseTargets(
        active=0.08,
        retention=0.1,
        contributors=0.05,
        reach=0.0,
        saturation=0.6,
        management=0.0,
        top_k=2,
        top_share=0.65,
        floor=0.0,
        answered=0.36,
        reply_hours=48.0,
        reply_sigma=1.0,
        reply_extra=0.3,
        cross_unit=0.03,
        freshness=0.03,
        integration=0.003,
        bot_posts=1.0,
        accept=0.25,
        posting=6.0,
    ),
    # facilitating: several units on board, a sponsor and some managers, a community manager
    # who makes sure questions get answered within the working day
    "facilitating": PhaseTargets(
        active=0.30,
        retention=0.3,
        contributors=0.20,
        reach=0.45,
        saturation=0.8,
        management=0.14,
        top_k=10,
        top_share=0.6,
        floor=1.0,
        answered=0.70,
        reply_hours=6.0,
        reply_sigma=1.2,
        reply_extra=1.0,
        cross_unit=0.19,
        freshness=0.25,
        integration=0.045,
        bot_posts=4.0,
        accept=0.45,
        posting=1.0,
    ),
    # strategic: part of the work everywhere; answers within the hour, across units
    "strategic": PhaseTargets(
        active=0.68,
        retention=0.55,
        contributors=0.45,
        reach=0.9,
        saturation=0.95,
        management=0.45,
        top_k=10,
        top_share=0.22,
        floor=1.0,
        answered=0.94,
        reply_hours=0.6,
        reply_sigma=1.2,
        reply_extra=2.0,
        cross_unit=0.45,
        freshness=0.65,
        integration=0.16,
        bot_posts=4.0,
        accept=0.65,
        posting=1.0,
    ),
}

RAMP = (0.25, 0.5, 0.25)
"""Weights of the planned phase one month before, in, and one month after a month: a change of
phase moves the parameters over about two months, centred on the first month of the new phase."""


def phase_weights(phases: tuple[str | None, ...], t: int) -> Array | None:
    """How much of each phase month `t` has (None when the initiative is not live then).

    Months before the window take the first planned phase, months after it the last.
    """
    if not phases:
        return None

    def at(i: int) -> str | None:
        return phases[min(max(i, 0), len(phases) - 1)]

    here = at(t)
    if here is None:
        return None
    weights = np.zeros(len(PHASES))
    for offset, share in zip((-1, 0, 1), RAMP, strict=True):
        weights[PHASES.index(at(t + offset) or here)] += share
    return weights


def blend(weights: Array) -> PhaseTargets:
    """The targets of a month that is partly in several phases (top_k from the main phase)."""
    main = TARGETS[PHASES[int(np.argmax(weights))]]
    values: dict[str, float | int] = {}
    for f in fields(PhaseTargets):
        if f.name == "top_k":
            values[f.name] = main.top_k
            continue
        values[f.name] = float(
            sum(w * getattr(TARGETS[p], f.name) for p, w in zip(PHASES, weights, strict=True))
        )
    return PhaseTargets(**values)  # type: ignore[arg-type]


def launch_curve(months_live: float) -> float:
    """Adoption after a launch: an S-curve, a sixth of the way after the first month, nearly
    complete after five."""
    return 1.0 / (1.0 + math.exp(-(months_live - 1.5) / 0.9))


def quarter_active(stay: float, start: float) -> float:
    """Chance to be active at least once in three months, for someone active in a month with
    chance `stay` after an active month and `start` after an inactive one (in the long run)."""
    pi = start / (1.0 - stay + start) if start > 0 else 0.0
    return 1.0 - (1.0 - pi) * (1.0 - start) ** 2


def monthly(quarter: float) -> float:
    """The monthly chance, month by month independent, of being active in a quarter."""
    return 1.0 - math.pow(1.0 - min(max(quarter, 0.0), 0.999), 1.0 / 3.0)


def top_share(n: int, k: int, exponent: float, floor: float, variable: float) -> float:
    """Expected share of the top k of n contributors, ranked r = 1..n with weight r^-exponent.

    Each makes `floor` contributions for sure plus its weight's part of `variable` more.
    """
    weights = np.arange(1, n + 1, dtype=np.float64) ** -exponent
    weights /= weights.sum()
    k = min(k, n)
    total = floor * n + variable
    return float((floor * k + variable * weights[:k].sum()) / total) if total > 0 else 1.0


def inequality(n: int, k: int, share: float, floor: float, variable: float) -> float:
    """The exponent whose expected top-k share is `share` (clamped to 0..4).

    With few contributors even equal shares can exceed the target; then they are equal.
    """
    if n <= k or top_share(n, k, 0.0, floor, variable) >= share:
        return 0.0
    if top_share(n, k, 4.0, floor, variable) <= share:
        return 4.0
    lo, hi = 0.0, 4.0
    for _ in range(40):
        mid = (lo + hi) / 2
        if top_share(n, k, mid, floor, variable) < share:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2
