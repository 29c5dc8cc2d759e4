"""A soak test: concurrent ingests, readers and diagnoses in one workspace, with random SIGKILLs.

For `--minutes` (ten by default) it keeps `--workers` wi3 commands running at once, each a
fresh process as a user would start it: ingests of real exports (two of them often into the
same initiative at once), `wi3 events`, `wi3 metrics` and `wi3 diagnose`. Now and then it kills
a running ingest with SIGKILL, at a random moment: reading, staging, deduplicating, moving files
or committing. When the time is up it checks, as any later reader would find them:

- both stores agree: every import row's batch is published and holds exactly the events the
  row says it added; every published event file belongs to an import row; no staging, journal
  or unpublished file is left;
- no duplicate: no event id occurs twice in an initiative;
- no lost import: importing again each export that was imported whole adds no event;
- every command that was not killed ended cleanly (exit 0, or a clear error without a
  traceback).

It prints what it did and the checks, and writes bench/results/soak.json. The exports come
from ../shared/data (WI3_DATA_DIR or --data override it).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench._connector_inputs import MAPPINGS, SHARED_DATA
from bench._measure import MeasureError
from bench._report import RESULTS, machine, markdown_table, write_json

DESCRIPTION = "ten minutes of concurrent ingests, readers and diagnoses with random SIGKILLs"


@dataclass(frozen=True)
class Export:
    """An export the soak test imports, and the `wi3 ingest` arguments after the workspace."""

    label: str
    arguments: tuple[str, ...]


def _exports(data: Path) -> list[Export]:
    found = [
        Export(
            "gitter (csv, 211,983 rows)",
            (
                "csv",
                str(data / "gitter-freecodecamp" / "archives"),
                "--initiative",
                "gitter",
                "--mapping",
                str(MAPPINGS / "gitter.yaml"),
            ),
        ),
        Export(
            "eu-core e-mail (csv, 332,334 rows)",
            (
                "csv",
                str(data / "snap-email-eu-core" / "email-Eu-core-temporal.txt.gz"),
                "--initiative",
                "eu-email",
                "--mapping",
                str(MAPPINGS / "email-eu-core.yaml"),
            ),
        ),
        Export(
            "R Slack (split by channel)",
            (
                "slack",
                str(data / "slack-r-devel-community" / "r-devel-slack-export.zip"),
                "--split-by",
                "channel",
                "--initiative-prefix",
                "rslack-",
            ),
        ),
        Export(
            "fetchmail list (mbox)",
            ("mbox", str(data / "mailinglist-fetchmail-devel"), "--initiative", "fetchmail"),
        ),
        Export(
            "fetchmail list again, into the Gitter initiative",
            ("mbox", str(data / "mailinglist-fetchmail-devel"), "--initiative", "gitter"),
        ),
    ]
    missing = [e.arguments[1] for e in found if not Path(e.arguments[1]).exists()]
    if missing:
        raise MeasureError(f"the soak test needs the real exports; missing: {', '.join(missing)}")
    return found


@dataclass
class Job:
    """One wi3 command the soak test started; its output goes to files (a pipe would fill up
    and stall a command that prints much, such as `wi3 metrics`)."""

    kind: str
    export: Export | None
    process: subprocess.Popen[bytes]
    output: Path
    killed: bool = False

    def read(self, stream: str) -> str:
        return (self.output / stream).read_text(encoding="utf-8", errors="replace")


@dataclass
class Tally:
    """What happened, by job kind."""

    ended: Counter[str] = field(default_factory=Counter)
    killed: Counter[str] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)
    waited: int = 0
    whole: set[str] = field(default_factory=set)
    """Exports that were imported whole at least once."""
    failures: list[str] = field(default_factory=list)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to run")
    parser.add_argument("--workers", type=int, default=3, help="commands running at once")
    parser.add_argument("--seed", type=int, default=1, help="the random choices")
    parser.add_argument("--data", type=Path, default=None, help="the shared data folder")
    parser.add_argument("--keep", action="store_true", help="keep the workspace afterwards")


def main(args: argparse.Namespace) -> int:
    data = args.data or Path(os.environ.get("WI3_DATA_DIR") or SHARED_DATA)
    exports = _exports(data)
    rng = random.Random(args.seed)
    root = Path(tempfile.mkdtemp(prefix="wi3-soak-"))
    ws = root / "ws"
    # its own key folder and store, in and out of process: nothing outside `root` is touched
    os.environ["XDG_CONFIG_HOME"] = str(root / "config")
    for name in ("WI3_DATABASE_URL", "WI3_PSEUDONYM_KEY", "WI3_PSEUDONYM_KEY_FILE"):
        os.environ.pop(name, None)
    env = dict(os.environ)
    _wi3(env, ws, "init")
    org = root / "org.yaml"
    org.write_text("organisation: {slug: soak, name: Soak test}\n", encoding="utf-8")
    _wi3(env, ws, "org", "import", str(org))

    tally = Tally()
    running: list[Job] = []
    started = 0
    deadline = time.monotonic() + args.minutes * 60
    next_kill = time.monotonic() + rng.uniform(3, 15)
    print(f"soak: {args.minutes:g} minutes, {args.workers} commands at once, in {ws}")
    while time.monotonic() < deadline or running:
        for job in [j for j in running if j.process.poll() is not None]:
            running.remove(job)
            _ended(job, tally)
        if time.monotonic() < deadline:
            while len(running) < args.workers:
                running.append(_start(rng, env, ws, exports, root / "jobs" / str(started)))
                started += 1
            ingests = [j for j in running if j.kind == "ingest"]
            if time.monotonic() >= next_kill and ingests:
                victim = rng.choice(ingests)
                victim.process.send_signal(signal.SIGKILL)
                victim.killed = True
                next_kill = time.monotonic() + rng.uniform(3, 15)
        time.sleep(0.05)

    checks = _check(env, ws, exports, tally)
    _print(tally, checks)
    write_json(
        RESULTS / "soak.json",
        {
            "machine": machine(),
            "minutes": args.minutes,
            "workers": args.workers,
            "seed": args.seed,
            "ended": dict(tally.ended),
            "killed": dict(tally.killed),
            "refused": dict(tally.refused),
            "waited": tally.waited,
            "checks": checks,
            "failures": tally.failures,
        },
    )
    if not args.keep:
        import shutil

        shutil.rmtree(root, ignore_errors=True)
    return 0 if all(ok for ok, _ in checks.values()) and not tally.failures else 1


def _wi3(env: dict[str, str], ws: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "wi3", "--workspace", str(ws), *arguments],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise MeasureError(f"wi3 {' '.join(arguments)} failed: {done.stderr.strip()}")
    return done


def _start(
    rng: random.Random, env: dict[str, str], ws: Path, exports: list[Export], output: Path
) -> Job:
    kind = rng.choices(["ingest", "events", "metrics", "diagnose"], [5, 2, 2, 1])[0]
    export = rng.choice(exports) if kind == "ingest" else None
    arguments = {
        "ingest": ("ingest", *(export.arguments if export else ())),
        "events": ("events",),
        "metrics": ("metrics", "--period", "quarter"),
        "diagnose": ("diagnose",),
    }[kind]
    output.mkdir(parents=True)
    with (output / "out").open("wb") as out, (output / "err").open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "wi3", "--workspace", str(ws), *arguments],
            env=env,
            stdout=out,
            stderr=err,
        )
    return Job(kind, export, process, output)


def _ended(job: Job, tally: Tally) -> None:
    out, err = job.read("out"), job.read("err")
    tally.waited += " ".join(err.split()).count("waiting for it to finish")
    if job.killed:
        tally.killed[job.kind] += 1
        return
    if "Traceback" in err or "Traceback" in out:
        tally.failures.append(f"{job.kind}: a traceback\n{err[-2000:]}")
    elif job.process.returncode == 0:
        tally.ended[job.kind] += 1
        if job.export is not None:
            tally.whole.add(job.export.label)
    elif job.kind != "ingest" and "no events" in (err + out).lower():
        tally.refused[job.kind] += 1  # a reader before the first import: a clear refusal
    else:
        tally.failures.append(
            f"{job.kind} ended with {job.process.returncode}: {(err or out).strip()[-2000:]}"
        )


def _check(
    env: dict[str, str], ws: Path, exports: list[Export], tally: Tally
) -> dict[str, tuple[bool, str]]:
    """Each consistency check: whether it held, and what it found."""
    checks = _stores_agree(ws)
    again = []
    for export in exports:
        if export.label not in tally.whole:
            continue
        done = subprocess.run(
            [sys.executable, "-m", "wi3", "--workspace", str(ws), "ingest", *export.arguments],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        added = "no new events" if " 0 new events" in done.stdout.replace("\n", " ") else "some"
        again.append((export.label, done.returncode == 0 and added == "no new events"))
    lost = [label for label, ok in again if not ok]
    checks["no lost import"] = (
        not lost and bool(again),
        f"{len(again)} exports imported again, "
        + (f"these added events: {', '.join(lost)}" if lost else "none added an event"),
    )
    return checks


def _stores_agree(ws: Path) -> dict[str, tuple[bool, str]]:
    """Open the workspace as a reader would and compare the two stores."""
    import duckdb
    import pyarrow.parquet as pq
    from sqlalchemy import select

    from wi3.events import batch_of
    from wi3.service import open_workspace
    from wi3.store import Import, Initiative

    workspace = open_workspace(ws)
    try:
        store = workspace.events()  # settles whatever the last kill left
        files = store.files("soak")
        per_batch: Counter[tuple[str, str]] = Counter()
        for path in files:
            initiative = path.parent.parent.name.removeprefix("initiative=")
            per_batch[(batch_of(path), initiative)] += pq.ParquetFile(path).metadata.num_rows
        with workspace.store.transaction() as session:
            rows = session.execute(
                select(Import.batch, Initiative.slug, Import.events_added).join(Initiative)
            ).all()
        recorded = {(batch, slug): added for batch, slug, added in rows}
        wrong = [
            f"{slug}: import {batch} says {added:,}, the store holds {per_batch[(batch, slug)]:,}"
            for (batch, slug), added in recorded.items()
            if per_batch[(batch, slug)] != added
        ]
        orphans = sorted({key for key in per_batch if key not in recorded})
        left = [
            *store.unpublished("soak"),
            *(ws / "events" / "_staging").iterdir(),
            *(ws / "events" / "_journal").iterdir(),
        ]
        con = duckdb.connect()
        try:
            table = con.read_parquet([str(p) for p in files], hive_partitioning=True)
            counted = table.aggregate(
                "initiative, count(*) AS n, count(DISTINCT event_id) AS d", "initiative"
            ).fetchall()
        finally:
            con.close()
        repeated = [f"{i}: {n - d:,} repeated" for i, n, d in counted if n != d]
        events = sum(n for _, n, _ in counted)
    finally:
        workspace.close()
    return {
        "both stores agree": (
            not wrong and not orphans,
            f"{len(recorded):,} import rows, {events:,} events in {len(per_batch):,} batches"
            + "".join(f"; {w}" for w in wrong)
            + (f"; events without an import row: {orphans}" if orphans else ""),
        ),
        "nothing left over": (not left, f"{len(left)} staging, journal or unpublished files"),
        "no duplicate": (not repeated, "; ".join(repeated) or "every event id once"),
    }


def _print(tally: Tally, checks: dict[str, tuple[bool, str]]) -> None:
    kinds = sorted(set(tally.ended) | set(tally.killed) | set(tally.refused))
    print(
        markdown_table(
            ("command", "ended", "killed", "refused (no events yet)"),
            [
                (k, f"{tally.ended[k]:,}", f"{tally.killed[k]:,}", f"{tally.refused[k]:,}")
                for k in kinds
            ],
        )
    )
    print(f"\nan ingest waited for another into the same initiative {tally.waited:,} times\n")
    print(
        markdown_table(
            ("check", "held", "found"),
            [(name, "yes" if ok else "NO", found) for name, (ok, found) in checks.items()],
        )
    )
    for failure in tally.failures:
        print(f"\nfailure: {failure}")
