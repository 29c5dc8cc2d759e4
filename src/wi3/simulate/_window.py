"""The months a simulation covers, and where each month begins and ends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np

from wi3.simulate._ids import Array

WEEKEND = 0.12
"""Activity on a Saturday or Sunday relative to a weekday."""


def month_name(first: date) -> str:
    return f"{first.year:04d}-{first.month:02d}"


def add_months(day: date, n: int) -> date:
    """The first day of the month `n` months after `day`'s month."""
    index = day.year * 12 + day.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def parse_month(text: str) -> date:
    """'2026-03' → 2026-03-01.

    Raises:
        ValueError: when the text is not YYYY-MM.
    """
    year, _, month = text.partition("-")
    if len(year) != 4 or len(month) != 2 or not (year + month).isdigit():
        raise ValueError(f"{text!r} is not a month; write it as YYYY-MM")
    return date(int(year), int(month), 1)


@dataclass(frozen=True)
class Window:
    """Consecutive calendar months, oldest first; month t may also lie before or after them."""

    first: date
    count: int

    @classmethod
    def ending(cls, last: str, count: int) -> Window:
        """`count` months up to and including `last` (YYYY-MM)."""
        return cls(add_months(parse_month(last), -(count - 1)), count)

    @property
    def months(self) -> tuple[str, ...]:
        return tuple(month_name(add_months(self.first, t)) for t in range(self.count))

    def start(self, t: int) -> date:
        return add_months(self.first, t)

    def last_day(self, t: int) -> date:
        return date.fromordinal(add_months(self.first, t + 1).toordinal() - 1)

    def micros(self, t: int) -> tuple[int, int]:
        """Start and end (exclusive) of month t in microseconds since 1970, UTC."""

        def us(day: date) -> int:
            return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()) * 10**6

        return us(self.start(t)), us(add_months(self.first, t + 1))


def moments(rng: np.random.Generator, n: int, begin: int, end: int) -> Array:
    """`n` times in [begin, end) microseconds: weekdays and office hours (UTC) more likely."""
    days = (end - begin) // 86_400_000_000
    weekday = (np.arange(days) + (begin // 86_400_000_000 + 3)) % 7  # 1970-01-01 was a Thursday
    weights = np.where(weekday < 5, 1.0, WEEKEND).cumsum()
    day = np.searchsorted(weights, rng.random(n) * weights[-1], side="right")
    morning = rng.random(n) < 0.5
    hour = np.where(morning, rng.normal(9.5, 1.8, n), rng.normal(13.5, 2.0, n))
    hour = np.clip(hour, 0.0, 23.999)
    ts = begin + day * 86_400_000_000 + (hour * 3_600_000_000).astype(np.int64)
    out: Array = np.minimum(ts, end - 1).astype(np.int64)
    return out


def after(rng: np.random.Generator, since: Array, end: int) -> Array:
    """Times between each of `since` and `end`, most soon after (reads and reactions)."""
    room = np.maximum(end - 1 - since, 0)
    out: Array = (since + (room * rng.random(len(since)) ** 2).astype(np.int64)).astype(np.int64)
    return out
