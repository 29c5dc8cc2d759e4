"""The simulation of several initiatives over one people directory, scaled to a number of events."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from wi3.events import Pseudonymiser
from wi3.simulate._columns import Keys
from wi3.simulate._ids import key64
from wi3.simulate._people import SOURCE, Directory
from wi3.simulate._profiles import PROFILES
from wi3.simulate._usage import Usage, UsageRun
from wi3.simulate._window import Window

CHUNK_ROWS = 250_000
"""Events per batch, about: about 50 MB as a table, twice that while it is being drawn."""
MIN_SCALE = 0.02


@dataclass(frozen=True)
class Plan:
    """How much activity the simulation needs for a number of events."""

    scale: float
    """Multiplies every person's reading, reacting and posting."""
    expected: int
    """Events expected at this scale."""
    floor: int
    """Events that come regardless of the scale (a read per active person and month, joins,
    the phases' minimum posts); no smaller total can keep the phases apart."""


class Simulator:
    """Draws the usage of initiatives from a directory; the same seed gives the same events."""

    def __init__(
        self, directory: Directory, window: Window, seed: int, pseudonymiser: Pseudonymiser
    ) -> None:
        self.directory = directory
        self.window = window
        self.seed = seed
        self.pseudonymiser = pseudonymiser
        self.actors = pa.array(
            [pseudonymiser.account(SOURCE, directory.account(i)) for i in range(directory.size)],
            pa.string(),
        )
        self.acted = np.zeros(directory.size, dtype=bool)
        """Who has an event in any initiative run so far (their accounts need rows)."""

    def containers(self, usage: Usage) -> list[str]:
        """The containers (channels, spaces, tags) an initiative's events use."""
        profile = PROFILES.get(usage.kind, PROFILES["other"])
        rng = np.random.default_rng([self.seed, key64(usage.slug) & 0xFFFFFFFF, 1])
        # two to all of the profile's containers (a mailing list has only two)
        picked = int(rng.integers(min(3, len(profile.containers)), len(profile.containers) + 1))
        return list(profile.containers[:picked])

    def run(self, usage: Usage) -> UsageRun:
        """The simulation of one initiative."""
        opaque = self.pseudonymiser.opaque
        names = self.containers(usage)
        keys = Keys(
            source=SOURCE,
            origin=f"seed-{self.seed}",
            actors=self.actors,
            containers=pa.array(names, pa.string()),
            container_items=np.array(
                [int(opaque(f"{usage.slug}/{name}"), 16) for name in names], dtype=np.uint64
            ),
            item_base=int(opaque(f"{usage.slug}:items"), 16),
            reply_base=int(opaque(f"{usage.slug}:replies"), 16),
            integration_base=int(opaque(f"{usage.slug}:integrations"), 16),
        )
        return UsageRun(usage, self.directory, self.window, self.seed, keys)

    def plan(self, usages: list[Usage], events: int | None) -> Plan:
        """The scale at which the usages give about `events` events (scale 1 when None)."""
        a = b = 0.0
        for usage in usages:
            fixed, per_scale = self.run(usage).expected()
            a += fixed
            b += per_scale
        scale = 1.0 if events is None or b <= 0 else max(MIN_SCALE, (events - a) / b)
        return Plan(scale, round(a + b * scale), round(a + b * MIN_SCALE))

    def tables(
        self, usage: Usage, scale: float, chunk_rows: int = CHUNK_ROWS
    ) -> Iterator[tuple[str, pa.Table]]:
        """One initiative's events as (month, batch) pairs; marks who acted."""
        run = self.run(usage)
        yield from run.tables(scale, chunk_rows)
        self.acted |= run.acted
