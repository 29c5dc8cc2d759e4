"""How long `wi3 report` takes for a simulated organisation of 50 initiatives over 8 snapshots.

The organisation is made with `wi3 simulate` (2,000 people, 24 months, lifecycles on) and
diagnosed at the end of its last eight quarters, so every chart has its history: the profile
over 8 snapshots, 50 lifecycles, 50 usage charts, the heatmap and the matrix of replies between
units. Each report is then written in a fresh process (`bench._measure`), its libraries (Altair,
vl-convert, WeasyPrint, openpyxl) loaded inside the timed call as `wi3 report` loads them.

The first HTML report after the diagnoses also computes the figures per unit for the matrix
(kept in the workspace, as `wi3 metrics --by unit` keeps them): it is measured apart, as
"cold". The targets are 5 s for HTML and 10 s for PDF.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from bench._measure import MeasureError, Measurement, measure
from bench._report import RESULTS, machine, markdown_table, seconds, size, write_json

DESCRIPTION = "wi3 report as HTML, PDF, Markdown and xlsx for 50 initiatives over 8 snapshots"
TARGETS = {"html": 5.0, "pdf": 10.0}
LAST_MONTH = "2026-06"
SNAPSHOTS = 8


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--initiatives", type=int, default=50)
    parser.add_argument("--snapshots", type=int, default=SNAPSHOTS, help="quarter ends diagnosed")
    parser.add_argument("--runs", type=int, default=2, help="fresh processes per warm report")
    parser.add_argument(
        "--formats", default="html,pdf,md,xlsx", help="comma-separated report formats"
    )
    parser.add_argument(
        "--workspace", type=Path, help="reuse this workspace (default: a new one, then removed)"
    )
    parser.add_argument(
        "--output", type=Path, default=RESULTS / "reports.json", help="the JSON results"
    )


def write(workspace: str, fmt: str, output: str) -> dict[str, int]:
    """Write the newest snapshot's report in `fmt`; the counts say what was written."""
    from wi3 import service

    ws = service.open_workspace(Path(workspace))
    path = service.write_report(ws, None, fmt, None, "en", Path(output))  # type: ignore[arg-type]
    counts = {"bytes": path.stat().st_size}
    if fmt == "xlsx":
        # a workbook records the second it was written (in its properties and in each part of
        # its zip), so two runs differ by a byte or so: compare their sizes in whole KiB
        counts["bytes"] = counts["bytes"] // 1024 * 1024
    if fmt == "pdf" and shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        counts["pages"] = int(info.split("Pages:")[1].split()[0])
    return counts


def quarter_ends(last_month: str, n: int) -> list[date]:
    """The last `n` quarter ends up to the end of `last_month` (a quarter's last month)."""
    year, month = (int(x) for x in last_month.split("-"))
    ends = []
    for _ in range(n):
        ends.append(date(year, month, 30 if month in (6, 9) else 31))
        month -= 3
        if month <= 0:
            month += 12
            year -= 1
    return sorted(ends)


def _wi3(workspace: Path, *argv: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "wi3", "-w", str(workspace), *argv],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise MeasureError(f"wi3 {' '.join(argv)} failed:\n{done.stderr[-2000:]}")


def prepare(workspace: Path, initiatives: int, snapshots: int) -> None:
    """Simulate the organisation and diagnose it at its last `snapshots` quarter ends."""
    _wi3(
        workspace,
        "simulate",
        "--people", "2000",
        "--initiatives", str(initiatives),
        "--months", "24",
        "--seed", "3",
        "--last-month", LAST_MONTH,
        "--lifecycles",
    )  # fmt: skip
    for day in quarter_ends(LAST_MONTH, snapshots):
        _wi3(workspace, "diagnose", "--as-of", day.isoformat())


def main(args: argparse.Namespace) -> int:
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    scratch = Path(tempfile.mkdtemp(prefix="wi3-bench-reports-"))
    workspace = args.workspace or scratch / "workspace"
    try:
        if args.workspace is None:
            print(f"simulating {args.initiatives} initiatives, {args.snapshots} snapshots …")
            prepare(workspace, args.initiatives, args.snapshots)
        found: dict[str, Measurement] = {}
        out = scratch / "report"
        found["html (cold)"] = measure(
            "bench.reports:write", str(workspace), "html", f"{out}.html", runs=1
        )
        for fmt in formats:
            found[fmt] = measure(
                "bench.reports:write", str(workspace), fmt, f"{out}.{fmt}", runs=args.runs
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    rows = []
    for name, m in found.items():
        target = TARGETS.get(name)
        verdict = "met" if target is not None and m.wall_s < target else "not met"
        rows.append(
            [
                name,
                seconds(m.wall_s),
                seconds(m.cpu_s),
                f"{m.peak_rss_mb:.0f}",
                size(m.counts["bytes"]),
                str(m.counts.get("pages", "")),
                "–" if target is None else f"{target:.0f} s: {verdict}",
            ]
        )
    print(
        markdown_table(["report", "wall s", "CPU s", "peak MiB", "size", "pages", "target"], rows)
    )
    write_json(
        args.output,
        {
            "machine": machine(),
            "initiatives": args.initiatives,
            "snapshots": args.snapshots,
            "reports": {name: m.as_json() for name, m in found.items()},
        },
    )
    return 0
