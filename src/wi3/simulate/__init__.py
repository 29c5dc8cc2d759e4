"""The usage simulator: a seeded people directory and the events of initiatives in each phase.

It produces what a real organisation would give wi3 — a people directory and platform events —
shaped so that the usage metrics of each initiative fall in the band of its planned phase
(MODEL.md §8). Everything is drawn with numpy, a month (or a bounded part of one) at a time, so
memory stays bounded whatever the number of events. The same seed gives the same directory and
the same events, with the same event ids; docs/simulator.md explains the model.
"""

from wi3.simulate._people import (
    BOTS,
    LEVELS,
    SOURCE,
    Directory,
    Unit,
    make_directory,
    unit_tree,
)
from wi3.simulate._phases import PHASES, TARGETS, PhaseTargets
from wi3.simulate._plan import Planned, plan_initiatives
from wi3.simulate._simulator import CHUNK_ROWS, Plan, Simulator
from wi3.simulate._usage import Usage
from wi3.simulate._window import Window, add_months, parse_month

__all__ = [
    "BOTS",
    "CHUNK_ROWS",
    "LEVELS",
    "PHASES",
    "SOURCE",
    "TARGETS",
    "Directory",
    "PhaseTargets",
    "Plan",
    "Planned",
    "Simulator",
    "Unit",
    "Usage",
    "Window",
    "add_months",
    "make_directory",
    "parse_month",
    "plan_initiatives",
    "unit_tree",
]
