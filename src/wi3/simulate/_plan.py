"""Initiatives for a simulated organisation: phases spread evenly, kinds mixed, some changing."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wi3.simulate._people import Unit
from wi3.simulate._phases import PHASES
from wi3.simulate._usage import Usage

PATTERNS = (
    ("strategic",),
    ("facilitating",),
    ("pioneering",),
    ("pioneering", "facilitating"),
    ("facilitating", "strategic"),
    ("facilitating", "pioneering"),
)
"""Phases before and after the change in the middle of the months (one phase: no change).
The first three give one initiative per phase; the next ones grow, and one falls back."""
KINDS = ("wiki", "qa", "chat", "esn", "forum", "chat", "blog", "wiki", "mailing_list")
PLATFORMS = {
    "wiki": "MediaWiki",
    "qa": "Stack Overflow for Teams",
    "chat": "Slack",
    "esn": "Viva Engage",
    "forum": "Discourse",
    "blog": "WordPress",
    "mailing_list": "Mailman",
}
NAMES = {
    "wiki": "wiki",
    "qa": "Q&A",
    "chat": "chat",
    "esn": "network",
    "forum": "forum",
    "blog": "blog",
    "mailing_list": "mailing list",
}
LIFECYCLES = ("steady", "declining", "dormant", "archived")
"""Activity paths, in turn, when a simulation asks for lifecycles: a steady initiative; one whose
activity falls to a tenth over three months, sixteen months before its end; one that goes silent
for its last fourteen months; one the platform archives in its last six months. Only initiatives
whose phase does not change take them: a phase that rises while activity falls would blur what
the plan means by declining."""
LOW = 0.1
"""A declining initiative's activity at its lowest, as a share of its phase's activity."""
FADE_MONTHS = 3
"""The months over which a declining initiative's activity falls to its lowest."""
MIN_SCOPE = 6
"""Units in scope when the organisation has them: fewer cannot show a facilitating reach
(20-60 % of the units, and more than two)."""


@dataclass(frozen=True)
class Planned:
    """A simulated initiative: its registration, its usage and its planned activity path."""

    usage: Usage
    name: str
    platform: str
    lifecycle: str = "steady"
    turn: int | None = None
    """The month its lifecycle turns: the decline begins, it goes silent, or it is archived."""

    @property
    def change(self) -> int | None:
        """The month index of its phase change, if it has one."""
        phases = self.usage.phases
        return next((t for t in range(1, len(phases)) if phases[t] != phases[t - 1]), None)

    def activity_on(self, t: int) -> str | None:
        """The activity state the plan gives month t (its last day), or None near a turn.

        The ground truth a diagnosis is checked against: before launch not started; after an
        archive stopped; silent for a year dormant, for three months declining; a year after
        its decline has run its course declining. Around a turn, and after a phase falls back
        (which cuts activity, though the plan does not say by how much), it is left undecided.
        """
        if t < self.usage.launch:
            return "not_started"
        phases = self.usage.phases
        change = self.change
        if (
            change is not None
            and t >= change
            and PHASES.index(str(phases[-1])) < PHASES.index(str(phases[0]))
        ):
            return None  # a regression cuts activity; whether below a decline, the plan leaves open
        turn = self.turn
        if turn is None or t < turn:
            return "active"
        since = t - turn
        if self.lifecycle == "archived":
            return "stopped"
        if self.lifecycle == "dormant":
            return "dormant" if since >= 12 else "declining" if since >= 3 else None
        return "declining" if since >= FADE_MONTHS + 12 else None


def plan_initiatives(
    count: int, units: tuple[Unit, ...], months: int, seed: int, lifecycles: bool = False
) -> list[Planned]:
    """`count` initiatives over `units` for `months` months: patterns in turn (see PATTERNS).

    Initiatives that start pioneering are launched in the first month; the others have been
    live for one to five years. A change of phase falls on the quarter start nearest the middle.
    With `lifecycles`, the initiatives whose phase holds take the activity paths of LIFECYCLES in
    turn.
    """
    rng = np.random.default_rng([seed, 3])
    change = max(1, round(months / 2 / 3) * 3) if months >= 2 else months
    top_level = [u for u in units if "/" not in u.path and u.path != "board"] or list(units)
    slugs: set[str] = set()
    planned = []
    steady_phases = 0
    for i in range(count):
        pattern = PATTERNS[i % len(PATTERNS)]
        before, after = pattern[0], pattern[-1]
        phases = tuple(before if t < change else after for t in range(months))
        kind = KINDS[i % len(KINDS)]
        home = top_level[int(rng.integers(len(top_level)))]
        share = float(rng.uniform(0.4, 1.0))
        wanted = min(len(units), max(MIN_SCOPE, round(share * len(units))))
        family = [u for u in units if u.path.startswith(home.path + "/")]
        others = [u for u in units if u is not home and u not in family]
        others = [others[j] for j in rng.permutation(len(others))]
        scope = tuple(u.path for u in [home, *family, *others][:wanted])
        slug = f"{home.path}-{kind}".replace("_", "-")
        n = 2
        while slug in slugs:
            slug, n = f"{home.path}-{kind}-{n}".replace("_", "-"), n + 1
        slugs.add(slug)
        launch = 0 if before == "pioneering" else -int(rng.integers(12, 60))
        lifecycle = "steady"
        if lifecycles and before == after:
            lifecycle = LIFECYCLES[steady_phases % len(LIFECYCLES)]
            steady_phases += 1
        turn, intensity, archived = _path(lifecycle, months)
        planned.append(
            Planned(
                Usage(slug, kind, home.path, scope, phases, launch, intensity, archived),
                f"{home.name} {NAMES.get(kind, kind)}",
                PLATFORMS.get(kind, "other"),
                lifecycle,
                turn,
            )
        )
    return planned


def _path(lifecycle: str, months: int) -> tuple[int | None, tuple[float, ...], int | None]:
    """(turn, intensity per month, archive month) of an activity path over `months` months."""
    if lifecycle == "declining":
        turn = max(1, months - FADE_MONTHS - 13)
        fall = [1 - (1 - LOW) * min(1.0, (t - turn + 1) / FADE_MONTHS) for t in range(months)]
        return turn, tuple(1.0 if t < turn else fall[t] for t in range(months)), None
    if lifecycle == "dormant":
        turn = max(1, months - 14)
        return turn, tuple(1.0 if t < turn else 0.0 for t in range(months)), None
    if lifecycle == "archived":
        turn = max(1, months - 6)
        return turn, (), turn
    return None, (), None
