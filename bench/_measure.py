"""Run one function in a fresh interpreter and measure it: wall time, CPU time and peak memory.

A benchmark names the function as "module:function" and passes JSON-able arguments; the function
returns a dict of counts (records, events, …). Every run starts a new `python -m bench._measure`
process, so no run inherits another's imports, caches or heap, and the process's peak resident
set size (VmHWM; `ru_maxrss` where there is no /proc) belongs to that run alone.

The clocks start after the function's module is imported, so interpreter start-up and imports
are not timed. The RSS high-water mark at that moment is the run's baseline; `growth_mb`, the
peak minus the baseline, is what the call itself needed on top of the imported libraries.
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

Arg = str | int | float | None

_RESULT = "bench-result: "
_PACKAGE_PARENT = Path(__file__).resolve().parents[1]


class MeasureError(RuntimeError):
    """A measured function failed, or returned different counts in different runs."""


@dataclass(frozen=True)
class Measurement:
    """The best of several runs of one function, each in a fresh process."""

    wall_s: float
    """the lowest wall-clock time of the call"""
    cpu_s: float
    """the lowest user + system CPU time of the call"""
    peak_rss_mb: float
    """the highest peak RSS of a run (the whole process: interpreter, imports and the call)"""
    growth_mb: float
    """the highest RSS the call added to the process's high-water mark after imports"""
    counts: dict[str, int]
    runs: int

    def rate(self, count: str) -> float:
        """`counts[count]` per second of wall time."""
        return self.counts.get(count, 0) / self.wall_s if self.wall_s > 0 else 0.0

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


Job = tuple[str, tuple[Arg, ...]]
"""A function to measure, as "module:function", and its arguments."""


def measure(target: str, *args: Arg, runs: int = 3, timeout: float = 1800) -> Measurement:
    """Run `target` ("module:function") on `args` in `runs` fresh processes; keep the best.

    Raises:
        MeasureError: when a run fails or times out, or two runs return different counts.
    """
    return measure_together([(target, args)], runs=runs, timeout=timeout)[0]


def measure_together(
    jobs: Sequence[Job], *, runs: int = 3, timeout: float = 1800
) -> list[Measurement]:
    """Measure several jobs in rounds (each job once per round), so that a change in the load of
    the machine during the benchmark falls on all of them alike; one Measurement per job.

    Raises:
        MeasureError: when a run fails or times out, or two runs return different counts.
    """
    if runs < 1:
        raise ValueError("runs must be at least 1")
    rounds = [[_run_once(target, args, timeout) for target, args in jobs] for _ in range(runs)]
    return [_best(job, [r[i] for r in rounds]) for i, job in enumerate(jobs)]


def _best(job: Job, results: list[dict[str, Any]]) -> Measurement:
    """The best of the runs of one job: lowest times, highest memory."""
    counts = results[0]["counts"]
    if any(r["counts"] != counts for r in results[1:]):
        raise MeasureError(f"{job}: the runs returned different counts: {results}")
    return Measurement(
        wall_s=min(r["wall_s"] for r in results),
        cpu_s=min(r["cpu_s"] for r in results),
        peak_rss_mb=max(r["peak_rss_mb"] for r in results),
        growth_mb=max(r["peak_rss_mb"] - r["base_rss_mb"] for r in results),
        counts=counts,
        runs=len(results),
    )


def _run_once(target: str, args: tuple[Arg, ...], timeout: float) -> dict[str, Any]:
    """One run of `target` in a new interpreter; its result line, parsed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(_PACKAGE_PARENT), env.get("PYTHONPATH", "")) if p
    )
    spec = json.dumps({"target": target, "args": list(args)})
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bench._measure", spec],
            capture_output=True,
            text=True,
            env=env,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise MeasureError(f"{target}{args}: no result after {timeout:.0f} s") from exc
    lines = [line for line in done.stdout.splitlines() if line.startswith(_RESULT)]
    if done.returncode != 0 or not lines:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise MeasureError(f"{target}{args} failed (exit {done.returncode}):\n{tail}")
    result: dict[str, Any] = json.loads(lines[-1].removeprefix(_RESULT))
    return result


def _peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MiB.

    On Linux this is VmHWM from /proc/self/status, not `ru_maxrss`: the kernel carries the
    parent's high-water mark into `ru_maxrss` across fork and exec, so a child started by a
    benchmark that has itself grown to 100 MiB would never report less. Elsewhere `ru_maxrss`
    is all there is (KiB on Linux, bytes on macOS).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024


def _run_child(spec: dict[str, Any]) -> dict[str, Any]:
    """Import the target, then time and measure one call of it (the child's side)."""
    module_name, _, function_name = spec["target"].partition(":")
    function: Callable[..., dict[str, int]] = getattr(
        importlib.import_module(module_name), function_name
    )
    gc.collect()
    base = _peak_rss_mb()
    cpu, wall = time.process_time(), time.perf_counter()
    counts = function(*spec["args"])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "base_rss_mb": base,
        "peak_rss_mb": _peak_rss_mb(),
        "counts": counts,
    }


if __name__ == "__main__":
    print(_RESULT + json.dumps(_run_child(json.loads(sys.argv[1]))), flush=True)
