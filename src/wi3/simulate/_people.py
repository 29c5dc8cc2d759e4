"""A simulated people directory: units (a tree), locations, levels, joiners and leavers, bots.

The directory is held as arrays (one entry per person, bots last) so that the event generator
can look people up by number; `write_csv` writes it in the format `wi3 people import` reads,
with each person's platform account as the alias `simulator:acct-000123`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from wi3.simulate._ids import Array

SOURCE = "simulator"
LEVELS = ("staff", "manager", "executive")
EXECUTIVE_SHARE = 0.02
MANAGER_SHARE = 0.11
"""About one manager per eight staff, and a thin layer of executives, mostly in the board."""
BOARD_SHARES = (0.35, 0.30, 0.35)
"""Staff, manager and executive shares within the board unit."""
LOCATIONS = ("Groningen", "Leeuwarden", "Zwolle", "Assen", "Utrecht", "Amsterdam", "Eindhoven")
BOTS = ("digest-bot", "welcome-bot", "alerts-bot")
"""Automated accounts: flagged in the directory, posting with via "bot"."""
DEPARTMENTS = (
    ("board", "Board"),
    ("sales", "Sales"),
    ("service", "Customer service"),
    ("operations", "Operations"),
    ("finance", "Finance"),
    ("it", "IT"),
    ("hr", "HR"),
    ("marketing", "Marketing"),
    ("engineering", "Engineering"),
    ("logistics", "Logistics"),
    ("legal", "Legal"),
    ("procurement", "Procurement"),
    ("research", "Research"),
    ("quality", "Quality"),
)
REGIONS = ("north", "south", "east", "west", "central", "coast", "harbour", "inland")
FAR_FUTURE = np.datetime64("9999-12-31", "D")
COLUMNS = ("person_id", "unit", "location", "level", "start_date", "end_date", "bot", "aliases")


@dataclass(frozen=True)
class Unit:
    path: str
    name: str
    weight: float
    """Relative headcount."""


@dataclass(frozen=True)
class Directory:
    """The people of a simulated organisation, as arrays indexed by person number."""

    units: tuple[Unit, ...]
    locations: tuple[str, ...]
    unit: Array
    """Index into `units`, per person (int32)."""
    level: Array
    """Index into LEVELS (int8); -1 for bots."""
    location: Array
    """Index into `locations` (int16)."""
    start: Array
    end: Array
    """First and last working day (datetime64[D]); FAR_FUTURE while still employed."""
    bot: Array

    @property
    def size(self) -> int:
        return len(self.unit)

    def person_id(self, i: int) -> str:
        """The HR id of person `i` (bots have their own ids)."""
        people = self.size - int(self.bot.sum())
        return f"P{i + 1:06d}" if i < people else f"BOT-{i - people + 1:02d}"

    def account(self, i: int) -> str:
        """The account key of person `i` on the simulated platform."""
        people = self.size - int(self.bot.sum())
        if i < people:
            return f"acct-{i + 1:06d}"
        n = i - people
        return BOTS[n % len(BOTS)] + (f"-{n // len(BOTS) + 1}" if n >= len(BOTS) else "")

    def eligible(self, first: date, last: date) -> Array:
        """Who works here at some point between `first` and `last` (bots excluded)."""
        return (
            (self.start <= np.datetime64(last, "D"))
            & (self.end >= np.datetime64(first, "D"))
            & ~self.bot
        )

    def write_csv(self, path: Path) -> Path:
        """Write the directory as a people CSV for `wi3 people import`."""
        path.parent.mkdir(parents=True, exist_ok=True)
        start = self.start.astype(str)
        end = np.where(self.end == FAR_FUTURE, "", self.end.astype(str))
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(COLUMNS)
            for i in range(self.size):
                writer.writerow(
                    (
                        self.person_id(i),
                        self.units[self.unit[i]].path,
                        self.locations[self.location[i]],
                        LEVELS[self.level[i]] if self.level[i] >= 0 else "",
                        start[i],
                        end[i],
                        "yes" if self.bot[i] else "no",
                        f"{SOURCE}:{self.account(i)}",
                    )
                )
        return path


def unit_tree(count: int, seed: int) -> tuple[Unit, ...]:
    """`count` units: departments first (the board is small), then regional teams under them."""
    rng = np.random.default_rng([seed, 1])
    top = min(len(DEPARTMENTS), max(3, round(count**0.5 * 1.3)), count)
    units = [
        Unit(path, name, 0.3 if path == "board" else float(rng.lognormal(0.0, 0.5)))
        for path, name in DEPARTMENTS[:top]
    ]
    parents = [u for u in units if u.path != "board"] or units
    teams: dict[str, int] = {}
    while len(units) < count:
        parent = parents[int(rng.integers(len(parents)))]
        n = teams.get(parent.path, 0)
        teams[parent.path] = n + 1
        region = REGIONS[n % len(REGIONS)]
        if n >= len(REGIONS):
            region += f"-{n // len(REGIONS) + 1}"
        units.append(
            Unit(
                f"{parent.path}/{region}",
                f"{parent.name} {region}",
                float(rng.lognormal(0.0, 0.5)),
            )
        )
    return tuple(units)


def make_directory(
    people: int,
    units: tuple[Unit, ...],
    first: date,
    last: date,
    seed: int,
    *,
    board: str | None = None,
    locations: tuple[str, ...] = LOCATIONS,
    bots: int = len(BOTS),
) -> Directory:
    """`people` people spread over `units` by weight, plus `bots` bots, for the months
    `first`..`last`: some joined during those months and some left.

    Levels: about 2 % executives (a third of the board unit), 11 % managers, the rest staff.
    Each unit sits mostly at one location. Joiners are about 10 % a year, leavers about 8 %.
    """
    rng = np.random.default_rng([seed, 2])
    weights = np.array([u.weight for u in units], dtype=np.float64)
    unit = rng.choice(len(units), size=people, p=weights / weights.sum()).astype(np.int32)
    draw = rng.random(people)
    level = np.where(
        draw < EXECUTIVE_SHARE, 2, np.where(draw < EXECUTIVE_SHARE + MANAGER_SHARE, 1, 0)
    ).astype(np.int8)
    board_index = next((i for i, u in enumerate(units) if u.path == board), None)
    if board_index is not None:
        in_board = unit == board_index
        level[in_board] = rng.choice(3, size=int(in_board.sum()), p=BOARD_SHARES)
    home = rng.integers(len(locations), size=len(units))
    location = np.where(
        rng.random(people) < 0.7, home[unit], rng.integers(len(locations), size=people)
    ).astype(np.int16)
    window = max((last - first).days, 1)
    years = window / 365.25
    start_day = np.datetime64(first, "D")
    tenure = rng.integers(30, 20 * 365, size=people)
    start = start_day - tenure.astype("timedelta64[D]")
    joiner = rng.random(people) < min(0.4, 0.10 * years)
    start[joiner] = start_day + rng.integers(0, window, size=int(joiner.sum())).astype(
        "timedelta64[D]"
    )
    end = np.full(people, FAR_FUTURE)
    leaver = rng.random(people) < min(0.3, 0.08 * years)
    leave_at = start_day + rng.integers(0, window, size=people).astype("timedelta64[D]")
    leaver &= leave_at > start + np.timedelta64(60, "D")
    end[leaver] = leave_at[leaver]
    it = next((i for i, u in enumerate(units) if u.path.split("/")[0] in ("it", "ict")), 0)
    bot_start = np.datetime64(first - timedelta(days=730), "D")
    return Directory(
        units=units,
        locations=locations,
        unit=np.concatenate([unit, np.full(bots, it, dtype=np.int32)]),
        level=np.concatenate([level, np.full(bots, -1, dtype=np.int8)]),
        location=np.concatenate([location, np.zeros(bots, dtype=np.int16)]),
        start=np.concatenate([start, np.full(bots, bot_start)]),
        end=np.concatenate([end, np.full(bots, FAR_FUTURE)]),
        bot=np.concatenate([np.zeros(people, dtype=bool), np.ones(bots, dtype=bool)]),
    )
