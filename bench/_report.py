"""What every benchmark prints and writes: Markdown tables, number formats, machine facts, JSON."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
"""Where results go (git-ignored)."""


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table; columns whose cells all start with a digit are right-aligned."""
    numeric = [
        bool(rows) and all(row[i][:1].isdigit() or row[i] in ("–", "") for row in rows)
        for i in range(len(headers))
    ]
    widths = [max([len(h), *(len(row[i]) for row in rows)]) for i, h in enumerate(headers)]
    cells = [
        [
            c.rjust(w) if right else c.ljust(w)
            for c, w, right in zip(row, widths, numeric, strict=True)
        ]
        for row in [list(headers), *rows]
    ]
    rule = [
        ("-" * (w - 1) + ":") if right else "-" * w
        for w, right in zip(widths, numeric, strict=True)
    ]
    lines = [cells[0], rule, *cells[1:]]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def count(n: float) -> str:
    """12,564"""
    return f"{n:,.0f}"


def rate(per_second: float) -> str:
    """A rate with three significant digits: 1,230,000 / 45,600 / 789 / 0.5."""
    if per_second >= 100:
        digits = len(str(int(per_second))) - 3
        return f"{round(per_second, -digits):,.0f}"
    return f"{per_second:.3g}"


def seconds(s: float) -> str:
    """0.0123 s as '0.012', 12.3 s as '12.3'."""
    return f"{s:.3f}" if s < 1 else f"{s:.2f}" if s < 10 else f"{s:.1f}"


def size(n_bytes: int) -> str:
    """A size in KiB below 1 MiB, else MiB."""
    if n_bytes < 1 << 20:
        return f"{n_bytes / 1024:.1f} KiB"
    return f"{n_bytes / (1 << 20):.1f} MiB"


def machine() -> dict[str, Any]:
    """Facts about this machine and checkout that the numbers depend on."""
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "commit": _git("rev-parse", "--short", "HEAD"),
        "uncommitted_changes": bool(_git("status", "--porcelain")),
    }


def _git(*args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=RESULTS.parent,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write `data` as indented JSON, making the folder if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
