"""Connector benchmark: every connector on real exports, against the bare parse of the same bytes.

Two tables come out:

- Throughput: records and events per second of each connector on the real exports in the data
  folder (plus synthetic inputs where the real one is tiny or does not exist), the bare parse of
  the same input (bench/_bare_parse.py says what that is per format), the ratio of the two
  (target: at most 2) and the memory each needed.
- Memory as input grows: one input per format (XML, JSONL, CSV, mbox) repeated ×1, ×4, ×16
  (JSONL ×1, ×10, ×100), with the memory the connector, the bare parse and a loader that holds
  the whole file needed at each size. A streaming connector's stays nearly flat.

Every number is the best of N runs (N=5; `--quick`: 1 run and smaller inputs), each run in a
fresh process (bench/_measure.py). Results go to bench/results/connectors.json, and
docs/performance.md shows and reads the numbers of one run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench._connector_inputs import (
    SHARED_DATA,
    Input,
    Series,
    memory_series,
    throughput_inputs,
    unknown_connectors,
)
from bench._measure import Measurement, measure_together
from bench._report import RESULTS, count, machine, markdown_table, rate, seconds, size, write_json

DESCRIPTION = "connector throughput against the bare parse of the same bytes, and memory growth"

TARGET_RATIO = 2.0


@dataclass(frozen=True)
class Throughput:
    input: Input
    bytes: int
    connector: Measurement
    bare: Measurement

    @property
    def ratio(self) -> float:
        """Connector time over bare-parse time, wall clock."""
        return self.connector.wall_s / self.bare.wall_s

    @property
    def cpu_ratio(self) -> float:
        return self.connector.cpu_s / self.bare.cpu_s

    def as_json(self) -> dict[str, Any]:
        return {
            **self.input.as_json(),
            "bytes": self.bytes,
            "connector_run": self.connector.as_json(),
            "bare_run": self.bare.as_json(),
            "ratio_wall": round(self.ratio, 3),
            "ratio_cpu": round(self.cpu_ratio, 3),
            "records_per_s": round(self.connector.rate("records")),
            "events_per_s": round(self.connector.rate("events")),
            "bare_records_per_s": round(self.bare.rate("records")),
        }


@dataclass(frozen=True)
class Growth:
    series: Series
    scale: int
    input: Input
    bytes: int
    connector: Measurement
    bare: Measurement
    whole: Measurement | None

    def as_json(self) -> dict[str, Any]:
        return {
            **self.input.as_json(),
            "format": self.series.format,
            "scale": self.scale,
            "bytes": self.bytes,
            "connector_run": self.connector.as_json(),
            "bare_run": self.bare.as_json(),
            "whole_file_run": self.whole.as_json() if self.whole else None,
        }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--quick",
        action="store_true",
        help="1 run and smaller inputs (under a minute): to check the benchmark still works",
    )
    parser.add_argument(
        "--runs", type=int, help="runs per measurement, best kept (default 5; 1 with --quick)"
    )
    parser.add_argument(
        "--data",
        type=Path,
        help="the real-data folder (default: $WI3_DATA_DIR, else ../shared/data next to the repo)",
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="CONNECTOR",
        help="measure only this connector (repeatable), e.g. --only mbox",
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="the JSON file to write (default bench/results/connectors.json, "
        "or connectors-quick.json with --quick)",
    )


def main(args: argparse.Namespace) -> int:
    data = args.data or Path(os.environ.get("WI3_DATA_DIR") or SHARED_DATA)
    if not data.is_dir():
        print(
            f"real data not found: {data} is not a folder. Set WI3_DATA_DIR or pass --data.",
            file=sys.stderr,
        )
        return 2
    runs = args.runs or (1 if args.quick else 5)
    output = args.output or RESULTS / ("connectors-quick.json" if args.quick else "connectors.json")
    facts = machine()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="wi3-bench-") as folder:
        tmp = Path(folder)
        every_input = throughput_inputs(data, tmp, args.quick)
        refused = unknown_connectors(args.only, every_input)
        if refused:
            print(refused, file=sys.stderr)
            return 2
        throughput = [_throughput(item, runs) for item in _selected(every_input, args.only)]
        series = [
            s
            for s in memory_series(data, tmp, args.quick)
            if not args.only or s.connector in args.only
        ]
        growth = [g for s in series for g in _growth(s, runs)]
    facts["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    elapsed = time.perf_counter() - started
    print(_throughput_table(throughput))
    print()
    print(_verdict(throughput))
    print()
    print(_growth_table(growth))
    print()
    print(
        f"{runs} run(s) per measurement, best kept; {elapsed:.0f} s in all; load average "
        f"{facts['load_average']} before, {facts['load_average_after']} after "
        f"({facts['cpus']} CPUs)."
    )
    write_json(
        output,
        {
            "benchmark": "connectors",
            "quick": args.quick,
            "runs": runs,
            "target_ratio": TARGET_RATIO,
            "elapsed_s": round(elapsed, 1),
            "machine": facts,
            "throughput": [t.as_json() for t in throughput],
            "memory": [g.as_json() for g in growth],
        },
    )
    print(f"results written to {output}", file=sys.stderr)
    return 0


def _selected(inputs: list[Input], only: Sequence[str] | None) -> list[Input]:
    """The inputs of the chosen connectors whose real files exist; the others are reported."""
    chosen = []
    for item in inputs:
        if only and item.connector not in only:
            continue
        if not item.available:
            _progress(f"skipped {item.connector} {item.label}: {item.source or item.path} missing")
            continue
        chosen.append(item)
    return chosen


def _throughput(item: Input, runs: int) -> Throughput:
    item.prepare()
    connector, bare = measure_together(item.jobs(), runs=runs)
    result = Throughput(item, _bytes(item.path), connector, bare)
    _progress(
        f"{item.connector:<13} {item.label}: {seconds(connector.wall_s)} s, bare "
        f"{seconds(bare.wall_s)} s, ratio {result.ratio:.2f}"
    )
    return result


def _growth(series: Series, runs: int) -> list[Growth]:
    results = []
    for scale, item in series.sizes:
        item.prepare()
        measured = measure_together(item.jobs(whole=True), runs=runs)
        connector, bare = measured[:2]
        whole = measured[2] if len(measured) > 2 else None
        results.append(Growth(series, scale, item, _bytes(item.path), connector, bare, whole))
        _progress(
            f"{item.connector:<13} {item.label}: connector +{connector.growth_mb:.1f} MiB, bare "
            f"+{bare.growth_mb:.1f} MiB"
            + (f", whole file +{whole.growth_mb:.1f} MiB" if whole else "")
        )
    return results


def _throughput_table(results: list[Throughput]) -> str:
    headers = [
        "connector",
        "input",
        "size",
        "records",
        "events",
        "connector s",
        "records/s",
        "events/s",
        "bare s",
        "bare records/s",
        "ratio (wall)",
        "ratio (CPU)",
        "RSS +MiB (conn. / bare)",
    ]
    rows = [
        [
            t.input.connector,
            t.input.label,
            size(t.bytes),
            count(t.connector.counts["records"]),
            count(t.connector.counts["events"]),
            seconds(t.connector.wall_s),
            rate(t.connector.rate("records")),
            rate(t.connector.rate("events")),
            seconds(t.bare.wall_s),
            rate(t.bare.rate("records")),
            f"{t.ratio:.2f}",
            f"{t.cpu_ratio:.2f}",
            f"{t.connector.growth_mb:.0f} / {t.bare.growth_mb:.0f}",
        ]
        for t in results
    ]
    return markdown_table(headers, rows)


def _verdict(results: list[Throughput]) -> str:
    """Which inputs meet the ratio target, judged on CPU time, and where wall time disagrees.

    CPU time is the judge because on a shared machine a process also waits for a core, which
    lengthens its wall time by whatever else runs; its CPU time stays what the parse costs.
    """
    meet: list[str] = []
    miss: list[str] = []
    for t in results:
        name = f"{t.input.connector} {t.input.label} ({t.cpu_ratio:.2f}"
        if (t.ratio <= TARGET_RATIO) != (t.cpu_ratio <= TARGET_RATIO):
            name += f"; wall {t.ratio:.2f}"
        (meet if t.cpu_ratio <= TARGET_RATIO else miss).append(name + ")")
    text = f"Within {TARGET_RATIO:g}× of the bare parse (CPU time): {'; '.join(meet) or 'none'}."
    if miss:
        text += f"\nAbove {TARGET_RATIO:g}×: {'; '.join(miss)}."
    return text


def _growth_table(results: list[Growth]) -> str:
    headers = [
        "format",
        "input",
        "scale",
        "size",
        "records",
        "connector s",
        "connector peak MiB",
        "connector +MiB",
        "bare +MiB",
        "whole-file +MiB",
    ]
    rows = [
        [
            g.series.format,
            g.input.label,
            f"×{g.scale}",
            size(g.bytes),
            count(g.connector.counts["records"]),
            seconds(g.connector.wall_s),
            f"{g.connector.peak_rss_mb:.0f}",
            f"{g.connector.growth_mb:.1f}",
            f"{g.bare.growth_mb:.1f}",
            f"{g.whole.growth_mb:.1f}" if g.whole else "–",
        ]
        for g in results
    ]
    return markdown_table(headers, rows)


def _bytes(path: Path) -> int:
    """Bytes on disk of a file, or of all files under a folder."""
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size if path.exists() else 0


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
