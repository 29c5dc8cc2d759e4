"""Metrics benchmark: the whole catalogue on simulated organisations of 10 and 100 million events.

For each size the benchmark makes (once) a simulated organisation with `wi3 simulate` in its own
workspace under --root, timing the simulator, then measures, each run in a fresh process
(bench/_measure.py):

- the whole metric catalogue per initiative and quarter on DuckDB (the default engine), and on
  Spark local[2] (`--spark`; the JVM's memory is sampled, since it is a process of its own);
- at 1 and 10 million events, three metrics (active users, top-10 share, cross-unit share)
  with wi3's expressions on DuckDB and, as peers, in pandas and in Polars written as a good
  user of each would (bench/_metric_jobs.py), after checking that all three give the same
  figures; the jobs run in rounds, so a change in the machine's load falls on all alike.

Target on a 2-core machine: 100 million events in under 60 s and 4 GB with DuckDB. The peers'
ratios are reported whatever they are. Results go to bench/results/metrics.json and
docs/performance.md reads them.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench._measure import Measurement, measure, measure_together
from bench._metric_jobs import write_inputs
from bench._report import RESULTS, machine, markdown_table, write_json

DESCRIPTION = (
    "the metric catalogue on 10M and 100M simulated events: DuckDB, Spark; pandas and Polars peers"
)

JOBS = "bench._metric_jobs"
PEERS = ("on_duckdb", "in_pandas", "in_polars")
SIZES = {
    "1m": dict(events=1_000_000, people=4_000, initiatives=8, months=24),
    "10m": dict(events=10_000_000, people=10_000, initiatives=12, months=24),
    "100m": dict(events=100_000_000, people=40_000, initiatives=24, months=36),
}
"""Each size's simulation; the seed is fixed, so a workspace can be reused across runs."""
SEED = 100
LAST_MONTH = "2026-09"


@dataclass(frozen=True)
class Simulated:
    size: str
    workspace: Path
    seconds: float | None
    """Wall time of the simulation; None when the workspace was there already."""
    output: str


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sizes",
        default="10m,100m",
        help="comma-separated sizes: 1m, 10m, 100m (default: 10m,100m)",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=Path("/tmp/wi3-bench"),
        help="where the simulated workspaces are made and kept",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per DuckDB measurement")
    parser.add_argument("--spark", action="store_true", help="also run the suite on Spark")
    parser.add_argument("--output", type=Path, default=RESULTS / "metrics.json")


def simulate(size: str, root: Path) -> Simulated:
    """The simulated workspace of `size`, made with `wi3 simulate` unless it exists."""
    workspace = root / size
    if (workspace / "events" / "org=simulated").exists():
        return Simulated(size, workspace, None, "reused")
    spec = SIZES[size]
    run = [sys.executable, "-m", "wi3", "--workspace", str(workspace)]
    subprocess.run([*run, "init"], check=True, capture_output=True)
    started = time.perf_counter()
    done = subprocess.run(
        [
            *run,
            "simulate",
            "--people",
            str(spec["people"]),
            "--initiatives",
            str(spec["initiatives"]),
            "--months",
            str(spec["months"]),
            "--events",
            str(spec["events"]),
            "--seed",
            str(SEED),
            "--last-month",
            LAST_MONTH,
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    return Simulated(size, workspace, seconds, done.stdout.strip().splitlines()[-1])


def main(args: argparse.Namespace) -> int:
    results: dict[str, Any] = {"machine": machine(), "sizes": {}}
    rows = []
    for size in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        if size not in SIZES:
            print(f"unknown size {size!r}; choose from {', '.join(SIZES)}", file=sys.stderr)
            return 2
        sim = simulate(size, args.root)
        print(f"{size}: {sim.output}", flush=True)
        write_inputs(str(sim.workspace))
        entry: dict[str, Any] = {"simulation_s": sim.seconds, "simulation": sim.output}
        duck = measure(f"{JOBS}:suite", str(sim.workspace), "duckdb", runs=args.runs)
        entry["duckdb_suite"] = duck.as_json()
        rows.append(_row(size, "whole catalogue", "DuckDB", duck))
        if args.spark:
            spark = measure(f"{JOBS}:suite", str(sim.workspace), "spark", runs=1, timeout=7200)
            entry["spark_suite"] = spark.as_json()
            rows.append(_row(size, "whole catalogue", "Spark local[2]", spark))
        if size in ("1m", "10m"):
            ours, pandas, polars = measure_together(
                [(f"{JOBS}:three_{peer}", (str(sim.workspace),)) for peer in PEERS],
                runs=args.runs,
            )
            if not ours.counts == pandas.counts == polars.counts:
                print(
                    f"{size}: the peers disagree: DuckDB {ours.counts}, pandas {pandas.counts}, "
                    f"Polars {polars.counts}",
                    file=sys.stderr,
                )
                return 1
            entry["duckdb_three"] = ours.as_json()
            entry["pandas_three"] = pandas.as_json()
            entry["polars_three"] = polars.as_json()
            entry["pandas_over_duckdb"] = pandas.wall_s / ours.wall_s
            entry["polars_over_duckdb"] = polars.wall_s / ours.wall_s
            rows.append(_row(size, "three metrics", "DuckDB (wi3)", ours))
            rows.append(_row(size, "three metrics", "pandas", pandas))
            rows.append(_row(size, "three metrics", "Polars", polars))
        results["sizes"][size] = entry
        write_json(args.output, results)
    print(
        markdown_table(
            [
                "events",
                "what",
                "engine",
                "wall s",
                "CPU s",
                "peak RSS MiB",
                "JVM peak MiB",
                "figures",
            ],
            rows,
        )
    )
    for size, entry in results["sizes"].items():
        if "pandas_over_duckdb" in entry:
            print(
                f"{size}: on the three metrics pandas takes {entry['pandas_over_duckdb']:.1f}× "
                f"DuckDB's time, Polars {entry['polars_over_duckdb']:.1f}×"
            )
    return 0


def _row(size: str, what: str, engine: str, m: Measurement) -> list[str]:
    return [
        size,
        what,
        engine,
        f"{m.wall_s:.1f}",
        f"{m.cpu_s:.1f}",
        f"{m.peak_rss_mb:,.0f}",
        f"{m.counts['jvm_peak_mb']:,}" if "jvm_peak_mb" in m.counts else "—",
        f"{m.counts['figures']:,}",
    ]
