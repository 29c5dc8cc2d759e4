"""Whole-ingest benchmark: `wi3 ingest` end to end against the minimal read of the same bytes.

The connector benchmark (bench/connectors.py) measures a connector alone. An ingest does more:
it pseudonymises, drops what is stored already, writes Parquet, stores the accounts and the
import's record, and updates the people directory. Here, for every connector, on the inputs of
the connector benchmark (bench/_connector_inputs.py), four jobs run in fresh processes, in
rounds, best of N (bench/_measure.py):

- whole: `wi3 ingest SOURCE PATH --initiative bench` into an empty workspace, through the
  command line in-process (bench/_ingest_run.py `ingest`);
- connector: the connector alone, as in the connector benchmark;
- floor: the connector plus the hashes every ingest must make per event (stable id, keyed
  pseudonyms), nothing stored (bench/_ingest_run.py `hashed`);
- minimal read: the bare parse of the connector benchmark (bench/_bare_parse.py), except that
  for mailing lists it parses only each mail's header block (`mbox_headers`), not whole mails.

Start-up is left out of every job the same way: each process imports what it needs before
`_measure` starts its clocks (for the whole ingest, everything the command loads: Typer,
SQLAlchemy, pyarrow, DuckDB, the connectors). What that costs is measured on its own and
printed beside the tables, so nothing is hidden: the CPU time of a process that only imports
(`python -c "import bench._ingest_run"`) against one that imports the bare parsers.

Every command also pays a fixed cost whatever its input: opening the workspace, loading the
model, its first SQL statements, registering the initiative. It is measured as a whole ingest of
a one-row export and subtracted in the last ratio ("whole − fixed"), the one the target is
judged on; the ratio with it is shown beside.

Ratios are of CPU time (user + system), as in the connector benchmark: on a shared machine wall
time also holds the waits for a core. A memory table follows: the whole ingest of a Gitter TSV
of 1, 4 and 8 million rows (bench/_synthetic.py `gitter_rows`; 100,000 and 400,000 with
`--quick`), its peak resident memory and rows per second. Results go to bench/results/ingest.json.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from bench import _synthetic
from bench._connector_inputs import (
    MAPPINGS,
    SHARED_DATA,
    Input,
    throughput_inputs,
    unknown_connectors,
)
from bench._measure import Job, Measurement, measure_together
from bench._report import RESULTS, count, machine, markdown_table, rate, seconds, size, write_json

DESCRIPTION = "a whole wi3 ingest against the minimal read of the same bytes, and its memory"

TARGET_RATIO = 2.0
SCALES = (1_000_000, 4_000_000, 8_000_000)
QUICK_SCALES = (100_000, 400_000)


@dataclass(frozen=True)
class Measured:
    input: Input
    bytes: int
    whole: Measurement
    connector: Measurement
    floor: Measurement
    minimal: Measurement

    def ratio(self, job: Measurement) -> float:
        """A job's CPU time over the minimal read's."""
        return job.cpu_s / self.minimal.cpu_s

    def marginal(self, fixed: float) -> float:
        """The whole ingest's CPU time less a command's fixed cost, over the minimal read's."""
        return max(self.whole.cpu_s - fixed, 0.0) / self.minimal.cpu_s

    def as_json(self) -> dict[str, Any]:
        return {
            **self.input.as_json(),
            "bytes": self.bytes,
            "whole_run": self.whole.as_json(),
            "connector_run": self.connector.as_json(),
            "floor_run": self.floor.as_json(),
            "minimal_run": self.minimal.as_json(),
            "ratio_whole": round(self.ratio(self.whole), 3),
            "ratio_connector": round(self.ratio(self.connector), 3),
            "ratio_floor": round(self.ratio(self.floor), 3),
        }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--quick", action="store_true", help="1 run, smaller inputs: to check it still works"
    )
    parser.add_argument("--runs", type=int, help="runs per job, best kept (default 3)")
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
        "--no-memory", action="store_true", help="leave out the 1, 4 and 8 million row table"
    )
    parser.add_argument("--output", type=Path, help="the JSON file to write")


def main(args: argparse.Namespace) -> int:
    data = args.data or Path(os.environ.get("WI3_DATA_DIR") or SHARED_DATA)
    if not data.is_dir():
        print(f"real data not found: {data}. Set WI3_DATA_DIR or pass --data.", file=sys.stderr)
        return 2
    runs = args.runs or (1 if args.quick else 3)
    output = args.output or RESULTS / ("ingest-quick.json" if args.quick else "ingest.json")
    facts = machine()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="wi3-bench-ingest-") as folder:
        tmp = Path(folder)
        # the workspaces' keys go to a folder of their own; the children inherit it
        os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
        for name in ("WI3_DATABASE_URL", "WI3_PSEUDONYM_KEY", "WI3_PSEUDONYM_KEY_FILE"):
            os.environ.pop(name, None)
        template = _template(tmp / "template")
        scratch = tmp / "workspaces"
        scratch.mkdir()
        inputs = [_minimal(i) for i in throughput_inputs(data, tmp, args.quick)]
        refused = unknown_connectors(args.only, inputs)
        if refused:
            print(refused, file=sys.stderr)
            return 2
        fixed = _fixed_cost(data, tmp, template, scratch, runs)
        chosen = [
            i for i in inputs if (not args.only or i.connector in args.only) and _available(i)
        ]
        results = [_measure_input(i, template, scratch, runs) for i in chosen]
        scaling: list[Measured] = []
        if not args.no_memory and (not args.only or "csv" in args.only):
            archives = data / "gitter-freecodecamp" / "archives"
            for rows in QUICK_SCALES if args.quick else SCALES:
                tsv = tmp / f"gitter-{rows}" / f"gitter-{rows}.tsv"
                item = Input(
                    "csv",
                    f"Gitter TSV, {rows:,} rows (synthetic)",
                    tsv,
                    ("csv_files", "\t", ".tsv"),
                    mapping=MAPPINGS / "gitter.yaml",
                    source=archives,
                    build=partial(_synthetic.gitter_rows, archives, rows, tsv),
                )
                if item.available:
                    scaling.append(_measure_input(item, template, scratch, 1))
                    tsv.unlink()
        startup = _startup(max(runs, 3))
    facts["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    elapsed = time.perf_counter() - started
    print(_table(results, fixed))
    print()
    print(_verdict(results, fixed))
    print()
    if scaling:
        print(_memory_table(scaling, fixed))
        print()
    print(
        f"Fixed cost of a command, subtracted in the last ratio: {fixed:.2f} s of CPU, a whole "
        "ingest of a one-row export (opening the workspace, loading the model, the first SQL "
        "statements, registering the initiative, the directory)."
    )
    print(
        f"Start-up, not counted in any job (CPU, best of {max(runs, 3)}): importing what an "
        f"ingest loads {startup['ingest']:.2f} s; the bare parsers' imports "
        f"{startup['bare']:.2f} s; the interpreter alone {startup['python']:.3f} s."
    )
    print(
        f"{runs} run(s) per job, best kept; {elapsed:.0f} s in all; load average "
        f"{facts['load_average']} before, {facts['load_average_after']} after "
        f"({facts['cpus']} CPUs)."
    )
    write_json(
        output,
        {
            "benchmark": "ingest",
            "quick": args.quick,
            "runs": runs,
            "target_ratio": TARGET_RATIO,
            "elapsed_s": round(elapsed, 1),
            "machine": facts,
            "startup_cpu_s": startup,
            "fixed_cpu_s": fixed,
            "throughput": [r.as_json() for r in results],
            "memory": [r.as_json() for r in scaling],
        },
    )
    print(f"results written to {output}", file=sys.stderr)
    return 0


def _template(path: Path) -> Path:
    """An initialised workspace holding the organisation `bench`, copied for every run."""
    from wi3.service import import_organisation_file, init_workspace

    ws = init_workspace(path)
    try:
        org = path.parent / "organisation.yaml"
        org.write_text("organisation: {slug: bench, name: Benchmark}\n", encoding="utf-8")
        import_organisation_file(ws, org)
    finally:
        ws.close()
    return path


def _fixed_cost(data: Path, tmp: Path, template: Path, scratch: Path, runs: int) -> float:
    """The CPU time of a whole ingest of a one-row Gitter export: what every command pays
    whatever its input, beside the imports."""
    one = tmp / "one-row" / "one-row.tsv"
    _synthetic.gitter_rows(data / "gitter-freecodecamp" / "archives", 1, one)
    job: Job = (
        "bench._ingest_run:ingest",
        (str(template), str(scratch), "csv", str(one), str(MAPPINGS / "gitter.yaml")),
    )
    return measure_together([job], runs=max(runs, 3))[0].cpu_s


def _minimal(item: Input) -> Input:
    """The input with its minimal read: for mailing lists the header blocks only."""
    return replace(item, bare=("mbox_headers",)) if item.connector == "mbox" else item


def _available(item: Input) -> bool:
    if not item.available:
        _progress(f"skipped {item.connector} {item.label}: {item.source or item.path} missing")
    return item.available


def _measure_input(item: Input, template: Path, scratch: Path, runs: int) -> Measured:
    item.prepare()
    mapping = str(item.mapping) if item.mapping else None
    jobs: list[Job] = [
        (
            "bench._ingest_run:ingest",
            (str(template), str(scratch), item.connector, str(item.path), mapping),
        ),
        *item.jobs()[:1],
        ("bench._ingest_run:hashed", (item.connector, str(item.path), mapping)),
        item.jobs()[1],
    ]
    whole, alone, floor, minimal = measure_together(jobs, runs=runs)
    found = Measured(item, _bytes(item.path), whole, alone, floor, minimal)
    _progress(
        f"{item.connector:<13} {item.label}: whole {seconds(whole.cpu_s)} s CPU, connector "
        f"{seconds(alone.cpu_s)}, minimal read {seconds(minimal.cpu_s)}: "
        f"{found.ratio(whole):.2f}× ({found.ratio(alone):.2f}× alone)"
    )
    return found


def _startup(runs: int) -> dict[str, float]:
    """The least CPU time of `runs` processes that only import, per set of imports."""
    code = {
        "python": "pass",
        "bare": "import bench._bare_parse",
        "ingest": "import bench._ingest_run",
    }
    env = dict(os.environ)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    best: dict[str, float] = {}
    for name, source in code.items():
        times = []
        for _ in range(runs):
            before = os.times()
            subprocess.run([sys.executable, "-c", source], env=env, check=True)
            after = os.times()
            times.append(
                after.children_user
                + after.children_system
                - before.children_user
                - before.children_system
            )
        best[name] = min(times)
    return best


def _table(results: list[Measured], fixed: float) -> str:
    headers = [
        "connector",
        "input",
        "size",
        "records",
        "events stored",
        "whole s (CPU)",
        "rows/CPU s",
        "minimal read s",
        "whole ratio",
        "connector ratio",
        "floor ratio",
        "whole − fixed ratio",
        "peak RSS MiB",
    ]
    rows = [
        [
            r.input.connector,
            r.input.label,
            size(r.bytes),
            count(r.connector.counts["records"]),
            count(r.whole.counts["events"]),
            seconds(r.whole.cpu_s),
            rate(r.connector.counts["records"] / r.whole.cpu_s),
            seconds(r.minimal.cpu_s),
            f"{r.ratio(r.whole):.2f}",
            f"{r.ratio(r.connector):.2f}",
            f"{r.ratio(r.floor):.2f}",
            f"{r.marginal(fixed):.2f}",
            f"{r.whole.peak_rss_mb:.0f}",
        ]
        for r in results
    ]
    return markdown_table(headers, rows)


def _verdict(results: list[Measured], fixed: float) -> str:
    """Which inputs a whole ingest reads within the target once a command's fixed cost is
    left out, which are too small to tell (the fixed cost is most of their time), and for the
    others what their floor is."""
    small = [r for r in results if r.whole.cpu_s < 2 * fixed]
    judged = [r for r in results if r not in small]
    meet = [
        f"{r.input.connector} {r.input.label} ({r.marginal(fixed):.2f}; {r.ratio(r.whole):.2f} "
        "with the fixed cost)"
        for r in judged
        if r.marginal(fixed) <= TARGET_RATIO
    ]
    lines = [
        f"Whole ingest within {TARGET_RATIO:g}× of the minimal read, fixed cost left out: "
        f"{'; '.join(meet) or 'none'}."
    ]
    if small:
        lines.append(
            "Too small to tell (under twice the fixed cost): "
            + "; ".join(f"{r.input.connector} {r.input.label}" for r in small)
            + "."
        )
    lines += [
        f"Above: {r.input.connector} {r.input.label}, {r.marginal(fixed):.2f}× "
        f"({r.ratio(r.whole):.2f}× with the fixed cost); the connector alone is "
        f"{r.ratio(r.connector):.2f}×, with the hashes every ingest needs "
        f"{r.ratio(r.floor):.2f}× (the floor); {_beyond_floor(r, fixed)}."
        for r in judged
        if r.marginal(fixed) > TARGET_RATIO
    ]
    return "\n".join(lines)


def _beyond_floor(r: Measured, fixed: float) -> str:
    """What storing costs beyond the floor, against what the floor leaves of the target."""
    storing = r.marginal(fixed) - r.ratio(r.floor)
    room = TARGET_RATIO - r.ratio(r.floor)
    if room <= 0:
        return f"storing adds {storing:.2f}×, and the floor alone is above the target"
    allowed = room * r.minimal.cpu_s
    return (
        f"storing adds {storing:.2f}× ({storing * r.minimal.cpu_s:.2f} s), where the floor "
        f"leaves {room:.2f}× ({allowed:.2f} s) under the target"
    )


def _memory_table(results: list[Measured], fixed: float) -> str:
    headers = [
        "input",
        "size",
        "rows",
        "whole s (CPU)",
        "rows/CPU s",
        "whole ratio",
        "whole − fixed ratio",
        "peak RSS MiB",
        "+MiB (whole)",
        "+MiB (connector)",
    ]
    rows = [
        [
            r.input.label,
            size(r.bytes),
            count(r.connector.counts["records"]),
            seconds(r.whole.cpu_s),
            rate(r.connector.counts["records"] / r.whole.cpu_s),
            f"{r.ratio(r.whole):.2f}",
            f"{r.marginal(fixed):.2f}",
            f"{r.whole.peak_rss_mb:.0f}",
            f"{r.whole.growth_mb:.0f}",
            f"{r.connector.growth_mb:.0f}",
        ]
        for r in results
    ]
    return markdown_table(headers, rows)


def _bytes(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size if path.exists() else 0


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
