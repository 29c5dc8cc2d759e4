"""Run a wi3 benchmark: `uv run python -m bench connectors [--quick]`.

One module per benchmark, listed in BENCHMARKS by the name the command line takes. Each has a
DESCRIPTION, an `add_arguments(parser)` and a `main(args)` that returns the exit status.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Protocol

from bench import (
    calibrate,
    connectors,
    ingest,
    metrics,
    reports,
    scaling,
    soak,
    startup,
    validity,
    web,
)
from bench._measure import MeasureError


class Benchmark(Protocol):
    DESCRIPTION: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def main(self, args: argparse.Namespace) -> int: ...


BENCHMARKS: dict[str, Benchmark] = {
    "connectors": connectors,
    "ingest": ingest,
    "metrics": metrics,
    "scaling": scaling,
    "validity": validity,
    "calibrate": calibrate,
    "startup": startup,
    "soak": soak,
    "reports": reports,
    "web": web,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Run one of wi3's benchmarks; see docs/performance.md for results.",
    )
    commands = parser.add_subparsers(dest="benchmark", required=True, metavar="BENCHMARK")
    for name, benchmark in BENCHMARKS.items():
        benchmark.add_arguments(
            commands.add_parser(name, help=benchmark.DESCRIPTION, description=benchmark.DESCRIPTION)
        )
    args = parser.parse_args(argv)
    try:
        return BENCHMARKS[args.benchmark].main(args)
    except MeasureError as exc:
        print(f"benchmark {args.benchmark} failed: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
