"""Scaling benchmark: whether the metrics grow with events rather than with initiatives.

Three simulated organisations, each made once under --root (bench/_scaling_jobs.py):

- `24x27m` and `100x27m`: 14,000 people, 24 months, about 27 million events, over 24 and over
  100 initiatives, each with the simulator's scope (40-100 % of the units). The same events
  over four times the initiatives: the suite must cost no more.
- `400x100m`: 50,000 people, 36 months, 100 million events over 400 initiatives, one in twenty
  with the simulator's scope and the others with six units (see `make_workspace`).

Measured, each in a fresh process: the whole metric catalogue per quarter on DuckDB (wall time,
CPU time, peak RSS); on `400x100m` also `wi3 diagnose` from nothing (the activity and every
figure computed), again with nothing changed, and after a small ingest into one initiative.
With --before SRC, the suite is also run with the wi3 package in SRC (a checkout's `src`
folder), on workspaces that code simulated from the same seeds (under --root, in `before/`):
an earlier wi3 may write event files this one reads differently, or cannot read the files this
one writes.

Targets on a 2-core machine: 100 initiatives no slower than 24 on the same events; 400
initiatives and 100 million events under 60 s and 4 GB; a diagnosis after a small ingest under
5 s. Results go to bench/results/scaling.json.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from bench._measure import Measurement, measure
from bench._metric_jobs import write_inputs
from bench._report import RESULTS, machine, markdown_table, write_json

DESCRIPTION = "metrics over 24, 100 and 400 initiatives; a diagnosis after a small ingest"

JOBS = "bench._scaling_jobs"
SCALES: dict[str, dict[str, int]] = {
    "small": dict(people=3_000, initiatives=40, months=12, events=2_000_000, wide_every=4),
    "24x27m": dict(people=14_000, initiatives=24, months=24, events=27_000_000, wide_every=1),
    "100x27m": dict(people=14_000, initiatives=100, months=24, events=27_000_000, wide_every=1),
    "400x100m": dict(people=50_000, initiatives=400, months=36, events=100_000_000, wide_every=20),
}
"""Each organisation's simulation; the seed is fixed, so a workspace is reused across runs."""
DIAGNOSED = ("small", "400x100m")
"""The organisations on which the diagnoses are measured."""
SMALL_INGEST = 200
"""Events in the small ingest."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scales",
        default="24x27m,100x27m,400x100m",
        help=f"comma-separated: {', '.join(SCALES)} (default: all but small)",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=Path("/tmp/wi3-bench-scaling"),
        help="where the simulated workspaces are made and kept",
    )
    parser.add_argument("--runs", type=int, default=1, help="runs per suite measurement")
    parser.add_argument(
        "--before", type=Path, help="a `src` folder with an earlier wi3 to run the suite with"
    )
    parser.add_argument("--output", type=Path, default=RESULTS / "scaling.json")


def main(args: argparse.Namespace) -> int:
    results: dict[str, Any] = {"machine": machine(), "scales": {}}
    rows: list[list[str]] = []
    for scale in [s.strip() for s in args.scales.split(",") if s.strip()]:
        if scale not in SCALES:
            print(f"unknown scale {scale!r}; choose from {', '.join(SCALES)}", file=sys.stderr)
            return 2
        workspace = args.root / scale
        entry: dict[str, Any] = {"spec": SCALES[scale]}
        if not (workspace / "events").exists():
            made = measure(f"{JOBS}:make_workspace", str(workspace), *_spec(scale), runs=1)
            entry["simulation"] = made.as_json()
            print(f"{scale}: simulated {made.counts['events']:,} events", flush=True)
        write_inputs(str(workspace))
        suite = measure("bench._metric_jobs:suite", str(workspace), "duckdb", runs=args.runs)
        entry["suite"] = suite.as_json()
        rows.append(_row(scale, "whole catalogue per quarter", suite))
        if args.before is not None:
            before = _before(args.before, args.root / "before" / scale, scale, args.runs)
            entry["suite_before"] = before.as_json()
            rows.append(_row(scale, f"whole catalogue, {args.before}", before))
        if scale in DIAGNOSED:
            for what, measured in _diagnoses(workspace):
                entry[what] = measured.as_json()
                rows.append(_row(scale, what.replace("_", " "), measured))
        results["scales"][scale] = entry
        write_json(args.output, results)
    print(
        markdown_table(
            ["organisation", "what", "wall s", "CPU s", "peak RSS MiB", "events", "figures"],
            rows,
        )
    )
    return 0


def _spec(scale: str) -> tuple[int, ...]:
    s = SCALES[scale]
    return (s["people"], s["initiatives"], s["months"], s["events"], s["wide_every"])


def _before(src: Path, workspace: Path, scale: str, runs: int) -> Measurement:
    """The suite with the wi3 package in `src` ahead of this one on the path, on a workspace that
    package simulated (once) from the same seed."""
    previous = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(src), previous) if p)
    try:
        if not (workspace / "events").exists():
            made = measure(f"{JOBS}:make_workspace", str(workspace), *_spec(scale), runs=1)
            print(f"{scale}: simulated {made.counts['events']:,} events with {src}", flush=True)
        write_inputs(str(workspace))
        return measure("bench._metric_jobs:suite", str(workspace), "duckdb", runs=runs)
    finally:
        if previous is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = previous


def _diagnoses(workspace: Path) -> list[tuple[str, Measurement]]:
    """A diagnosis from nothing, with nothing changed, and after a small ingest (timed too)."""
    shutil.rmtree(workspace / "events" / "_metrics", ignore_errors=True)
    found = [("diagnose_from_nothing", measure(f"{JOBS}:diagnose", str(workspace), runs=1))]
    found.append(("diagnose_nothing_changed", measure(f"{JOBS}:diagnose", str(workspace), runs=1)))
    initiative = _first_initiative(workspace)
    found.append(
        (
            "small_ingest",
            measure(f"{JOBS}:ingest_small", str(workspace), initiative, SMALL_INGEST, runs=1),
        )
    )
    found.append(("diagnose_after_ingest", measure(f"{JOBS}:diagnose", str(workspace), runs=1)))
    return found


def _first_initiative(workspace: Path) -> str:
    partition = workspace / "events" / "org=simulated"
    return sorted(p.name for p in partition.iterdir())[0].removeprefix("initiative=")


def _row(scale: str, what: str, m: Measurement) -> list[str]:
    return [
        scale,
        what,
        f"{m.wall_s:.1f}",
        f"{m.cpu_s:.1f}",
        f"{m.peak_rss_mb:,.0f}",
        f"{m.counts['events']:,}" if "events" in m.counts else "—",
        f"{m.counts['figures']:,}" if "figures" in m.counts else "—",
    ]
