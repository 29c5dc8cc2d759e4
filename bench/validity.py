"""Validity benchmark: does wi3's diagnosis agree with what is known about real communities?

Three parts, all through wi3's own code (connectors, ingest, metrics, diagnosis):

1. **Labelled real communities** (`../shared/data/lifecycle-labels.csv`, read in place): every
   data folder is ingested split by channel (bench/_labelled.py); for each label, wi3 diagnoses
   the organisation as of the label's date and compares its activity state (growing counts as
   active) or, for a label that names a phase, its phase (the usage pointer where the phase is
   undetermined). Agreement is reported per source and averaged over sources, so that hundreds
   of rooms of one source do not outweigh the rest, separately for labels that rest on a
   platform fact or an announcement and for labels the file made with a mechanical activity
   rule (those check consistency only).
2. **Simulated organisations** with known phases and activity paths (`wi3 simulate
   --lifecycles`, seeds other than the ones the simulator's tests use), diagnosed at four
   quarter ends: activity state against the plan (`Planned.activity_on`), and the usage pointer
   against the planned phase where the initiative is steady and its phase has held for a
   quarter (usage is the only evidence a simulation has).
3. **Stability**: the share of the outcomes above that change when 10 % of the events are
   dropped at random, over five seeds.

Targets: simulated ≥ 90 % on phase and on activity state; labelled real ≥ 80 % on activity
state and on the labels that name a phase; ≤ 5 % changes under the perturbation. Results go to
bench/results/validity.json; docs/validity.md reads one run.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from bench._labelled import Label, Source, build, data_folder, read_labels, sources
from bench._report import RESULTS, machine, markdown_table, write_json
from wi3.diagnosis import UNDETERMINED, InitiativeDiagnosis
from wi3.events import EventStore
from wi3.service import (
    PEOPLE_PER_UNIT,
    Workspace,
    diagnose,
    init_workspace,
    open_workspace,
    simulate,
)
from wi3.simulate import Planned, Window, plan_initiatives, unit_tree

DESCRIPTION = "the diagnosis against labelled real communities and simulated lifecycles"

TARGETS = {"simulated": 0.9, "real": 0.8, "flips": 0.05}
SIMULATED_SEEDS = (201, 202, 203)
"""Seeds no test or calibration uses (the simulator's tests use 1 to 11)."""
SIMULATION = dict(people=1500, initiatives=12, months=24, last_month="2026-06")
QUARTER_MONTHS = (5, 11, 17, 23)
"""The months of the simulated window (ending 2026-06) whose last day is a quarter end."""
PERTURBATION = 0.1


@dataclass(frozen=True)
class Point:
    """One comparison: what is known, and what wi3 said."""

    part: str  # "real" or "simulated"
    source: str
    org: str
    initiative: str
    as_of: date
    kind: str  # "activity" or "phase"
    basis: str
    expected: str
    got: str
    platform: str = ""
    """The initiative's kind (chat, mailing_list, qa, wiki …), to see whether a kind needs
    thresholds of its own."""

    @property
    def agrees(self) -> bool:
        return self.expected == self.got


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--root", type=Path, default=Path("/tmp/wi3-validity"), help="where the workspaces go"
    )
    parser.add_argument("--fresh", action="store_true", help="rebuild the workspaces")
    parser.add_argument(
        "--seeds", type=int, default=5, help="perturbation seeds (default 5; 0 skips it)"
    )
    parser.add_argument(
        "--output", type=Path, default=RESULTS / "validity.json", help="the JSON results"
    )


def main(args: argparse.Namespace) -> int:
    data = data_folder()
    if data is None:
        return 2
    started = time.perf_counter()
    if args.fresh and args.root.exists():
        shutil.rmtree(args.root)
    labels = read_labels(data)
    found = list(sources(data))
    real_ws = _real_workspace(args.root / "real", data, found)
    simulated = [_simulated_workspace(args.root / f"sim-{seed}", seed) for seed in SIMULATED_SEEDS]
    points = evaluate(real_ws, labels, found, simulated)
    flips = perturbed(args.root, points, args.seeds)
    seconds = time.perf_counter() - started
    print(report(points, flips, seconds))
    write_json(
        args.output,
        {
            "machine": machine(),
            "seconds": round(seconds, 1),
            "points": [{**asdict(p), "as_of": p.as_of.isoformat()} for p in points],
            "flips": flips,
        },
    )
    return 0


# --- building --------------------------------------------------------------------------------


def _real_workspace(root: Path, data: Path, found: list[Source]) -> Path:
    if not (root / "wi3.sqlite").exists():
        ws = init_workspace(root)
        try:
            build(ws, data, found, lambda line: print(line, file=sys.stderr))
        finally:
            ws.close()
    return root


def _simulated_workspace(root: Path, seed: int) -> Path:
    if not (root / "wi3.sqlite").exists():
        ws = init_workspace(root)
        try:
            simulate(ws, _sim_org(seed), seed=seed, lifecycles=True, **SIMULATION)  # type: ignore[arg-type]
        finally:
            ws.close()
    return root


def _sim_org(seed: int) -> str:
    return f"sim-{seed}"


def _plan(seed: int) -> list[Planned]:
    people, months = int(SIMULATION["people"]), int(SIMULATION["months"])
    units = unit_tree(max(4, round(people / PEOPLE_PER_UNIT)), seed)
    return plan_initiatives(int(SIMULATION["initiatives"]), units, months, seed, True)


# --- comparing -------------------------------------------------------------------------------


class Diagnoses:
    """wi3's diagnosis of an organisation as of a date, made once and kept."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.made: dict[tuple[str, date], dict[str, InitiativeDiagnosis]] = {}

    def of(self, org: str, as_of: date) -> dict[str, InitiativeDiagnosis]:
        key = (org, as_of)
        if key not in self.made:
            result = diagnose(self.ws, org, as_of).diagnosis
            self.made[key] = {d.initiative: d for d in result.initiatives}
        return self.made[key]


def state_of(d: InitiativeDiagnosis | None) -> str:
    """The activity state as labels name it: growing is active; absent is not started."""
    if d is None:
        return "not_started"
    if d.activity is None:
        return "unknown"
    return "active" if d.activity.state == "growing" else d.activity.state


def phase_of(d: InitiativeDiagnosis | None) -> str:
    """wi3's phase, or what usage alone points to where the phase is undetermined."""
    if d is None:
        return "not_started"
    if d.phase != UNDETERMINED:
        return d.phase
    return d.usage_pointer.phase if d.usage_pointer else UNDETERMINED


def evaluate(
    real: Path, labels: Sequence[Label], found: Sequence[Source], simulated: Sequence[Path]
) -> list[Point]:
    """Every comparison of the real labels and the simulated plans."""
    points = _real_points(real, labels, found)
    for root, seed in zip(simulated, SIMULATED_SEEDS, strict=True):
        points += _simulated_points(root, seed)
    return points


def _real_points(root: Path, labels: Sequence[Label], found: Sequence[Source]) -> list[Point]:
    by_folder = {s.folder: s for s in found}
    ws = open_workspace(root)
    try:
        made = Diagnoses(ws)
        points = []
        for label in labels:
            source = by_folder.get(label.folder)
            if source is None:
                continue
            slug = source.slug(label)
            d = made.of(source.org, label.as_of).get(slug)
            got = phase_of(d) if label.kind == "phase" else state_of(d)
            points.append(
                Point(
                    "real",
                    label.folder,
                    source.org,
                    slug,
                    label.as_of,
                    label.kind,
                    label.basis,
                    label.label,
                    got,
                    source.kind,
                )
            )
        return points
    finally:
        ws.close()


def _simulated_points(root: Path, seed: int) -> list[Point]:
    months = int(SIMULATION["months"])
    window = Window.ending(str(SIMULATION["last_month"]), months)
    ws = open_workspace(root)
    try:
        made = Diagnoses(ws)
        points = []
        for t in QUARTER_MONTHS:
            as_of = window.last_day(t)
            found = made.of(_sim_org(seed), as_of)
            for plan in _plan(seed):
                slug = plan.usage.slug
                expected = plan.activity_on(t)
                if expected is not None:
                    points.append(
                        Point(
                            "simulated", f"seed {seed}", _sim_org(seed), slug, as_of, "activity",
                            plan.lifecycle, expected, state_of(found.get(slug)), plan.usage.kind,
                        )
                    )  # fmt: skip
                phase = _steady_phase(plan, t)
                if phase is not None:
                    d = found.get(slug)
                    pointer = d.usage_pointer.phase if d and d.usage_pointer else "none"
                    points.append(
                        Point(
                            "simulated", f"seed {seed}", _sim_org(seed), slug, as_of, "phase",
                            plan.lifecycle, phase, pointer, plan.usage.kind,
                        )
                    )  # fmt: skip
        return points
    finally:
        ws.close()


def _steady_phase(plan: Planned, t: int) -> str | None:
    """The planned phase at month t, where it has held for the quarter and activity is full."""
    usage = plan.usage
    quarter = range(t - 2, t + 1)
    phases = {usage.phases[m] for m in quarter if 0 <= m < len(usage.phases)}
    if len(phases) != 1 or any(usage.level(m) < 1 for m in quarter) or t < usage.launch + 6:
        return None
    (phase,) = phases
    return phase


# --- perturbation ----------------------------------------------------------------------------


def perturbed(root: Path, points: Sequence[Point], seeds: int) -> dict[str, Any]:
    """How many outcomes change when a tenth of the events are dropped, per seed.

    The seeds run in two processes side by side (this machine has two cores), each on its own
    copy of the workspaces, reading the labels itself (the sources' label rules do not pickle).
    """
    with ProcessPoolExecutor(max_workers=min(2, max(seeds, 1))) as pool:
        outcomes = pool.map(_perturb_once, [(root, seed) for seed in range(seeds)])
        per_seed = []
        for again in outcomes:
            changed: Counter[str] = Counter()
            total: Counter[str] = Counter()
            for before, after in zip(points, again, strict=True):
                key = f"{before.part} {before.kind}"
                total[key] += 1
                changed[key] += before.got != after.got
            per_seed.append({k: {"changed": changed[k], "of": total[k]} for k in sorted(total)})
    return {"fraction_dropped": PERTURBATION, "seeds": per_seed}


def _perturb_once(job: tuple[Path, int]) -> list[Point]:
    """Every outcome again, on copies of the workspaces with a tenth of the events dropped."""
    root, seed = job
    data = data_folder()
    assert data is not None  # main checked it before the processes started
    labels, found = read_labels(data), list(sources(data))
    copy_root = root / f"perturbed-{seed}"
    shutil.rmtree(copy_root, ignore_errors=True)
    try:
        real = _drop(root / "real", copy_root / "real", seed)
        simulated = [
            _drop(root / f"sim-{s}", copy_root / f"sim-{s}", seed) for s in SIMULATED_SEEDS
        ]
        return evaluate(real, labels, found, simulated)
    finally:
        shutil.rmtree(copy_root, ignore_errors=True)


def _drop(source: Path, target: Path, seed: int) -> Path:
    """A copy of a workspace with a tenth of each organisation's events dropped at random.

    Each event file is written again under its own name: the store shows only the files of
    imports it published, by the batch their names carry.
    """
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("_metrics", "reports"))
    store = EventStore(target / "events")
    con = duckdb.connect()
    try:
        for org in store.organisations():
            files = store.files(org)
            assert files, f"{target}: no events of {org} visible to copy"
            for path in files:
                kept = path.with_name(f".{path.name}")
                con.execute(
                    f"COPY (SELECT * FROM read_parquet('{path}') "
                    f"WHERE hash(event_id || '{seed}') % 10 <> 0) "
                    f"TO '{kept}' (FORMAT parquet, COMPRESSION zstd)"
                )
                kept.replace(path)
    finally:
        con.close()
    return target


# --- reporting -------------------------------------------------------------------------------


def _share(points: Iterable[Point]) -> tuple[int, int]:
    listed = list(points)
    return sum(p.agrees for p in listed), len(listed)


def _pct(agree: int, n: int) -> str:
    return f"{agree / n:.0%} ({agree}/{n})" if n else "–"


def report(points: Sequence[Point], flips: dict[str, Any], seconds: float) -> str:
    """The results as Markdown."""
    out = [f"# Validity ({seconds:.0f} s)"]
    out += ["", "## Labelled real communities: activity state", ""]
    real = [p for p in points if p.part == "real"]
    out.append(_per_source(real, "activity"))
    out += ["", "## Labelled real communities: phase", ""]
    out.append(_listing([p for p in real if p.kind == "phase"]))
    out += ["", "## Confusion: activity labels (rows) against wi3 (columns), real", ""]
    out.append(_confusion([p for p in real if p.kind == "activity"]))
    out += ["", "## Simulated organisations", ""]
    simulated = [p for p in points if p.part == "simulated"]
    rows = []
    for kind in ("activity", "phase"):
        for basis in sorted({p.basis for p in simulated if p.kind == kind}):
            agree, n = _share(p for p in simulated if p.kind == kind and p.basis == basis)
            rows.append([kind, basis, _pct(agree, n)])
        agree, n = _share(p for p in simulated if p.kind == kind)
        rows.append([kind, "all", _pct(agree, n)])
    out.append(markdown_table(["kind", "path", "agreement"], rows))
    out += ["", "## Confusion: simulated phases (rows: plan) against the usage pointer", ""]
    out.append(_confusion([p for p in simulated if p.kind == "phase"]))
    out += ["", "## Confusion: simulated activity (rows: plan) against wi3", ""]
    out.append(_confusion([p for p in simulated if p.kind == "activity"]))
    out += ["", "## Agreement per kind of platform (activity rule and platform signals)", ""]
    out.append(
        _per_kind([p for p in points if p.basis not in ("announcement", "not in the export")])
    )
    out += ["", "## Stability: outcomes changed when 10 % of the events are dropped", ""]
    out.append(_flips(flips))
    out += ["", "## Disagreements, real", ""]
    out.append(_listing([p for p in real if not p.agrees and p.source != "gitter-freecodecamp"]))
    gitter = Counter(
        (p.expected, p.got) for p in real if not p.agrees and p.source == "gitter-freecodecamp"
    )
    out += ["", "Gitter disagreements (label → wi3): " + ", ".join(
        f"{a} → {b}: {n}" for (a, b), n in gitter.most_common()
    )]  # fmt: skip
    return "\n".join(out)


BASES = ("activity rule", "platform signal", "announcement")
"""The bases of labels wi3 is measured on; 'not in the export' is listed, never counted."""


def _per_source(points: Sequence[Point], kind: str) -> str:
    rows = []
    means: dict[str, list[float]] = defaultdict(list)
    columns = (*BASES, "all", "not in the export")
    for source in sorted({p.source for p in points}):
        mine = [p for p in points if p.source == source and p.kind == kind]
        if not mine:
            continue
        cells = [source]
        for column in columns:
            if column == "all":
                chosen = [p for p in mine if p.basis in BASES]
            else:
                chosen = [p for p in mine if p.basis == column]
            agree, n = _share(chosen)
            cells.append(_pct(agree, n) if column != "not in the export" else str(n or "–"))
            if n and column != "not in the export":
                means[column].append(agree / n)
        rows.append(cells)
    rows.append(
        ["mean over sources"]
        + [
            f"{sum(means[c]) / len(means[c]):.0%} ({len(means[c])} sources)" if means[c] else "–"
            for c in columns[:-1]
        ]
        + [""]
    )
    return markdown_table(["source", *columns], rows)


def _per_kind(points: Sequence[Point]) -> str:
    rows = []
    for kind in sorted({p.platform for p in points}):
        cells = [kind]
        for part in ("real", "simulated"):
            for what in ("activity", "phase"):
                agree, n = _share(
                    p for p in points if p.platform == kind and p.part == part and p.kind == what
                )
                cells.append(_pct(agree, n))
        rows.append(cells)
    return markdown_table(
        ["kind", "real activity", "real phase", "simulated activity", "simulated phase"], rows
    )


def _listing(points: Sequence[Point]) -> str:
    rows = [
        [p.source, p.initiative, p.as_of.isoformat(), p.expected, p.got, "✓" if p.agrees else "✗"]
        for p in points
    ]
    return markdown_table(["source", "initiative", "as of", "label", "wi3", ""], rows)


def _confusion(points: Sequence[Point]) -> str:
    expected = sorted({p.expected for p in points})
    got = sorted({p.got for p in points})
    counts = Counter((p.expected, p.got) for p in points)
    rows = [[e, *(str(counts[(e, g)]) for g in got)] for e in expected]
    return markdown_table(["label \\ wi3", *got], rows)


def _flips(flips: dict[str, Any]) -> str:
    seeds = flips["seeds"]
    if not seeds:
        return "not measured (--seeds 0)"
    keys = sorted({k for s in seeds for k in s})
    rows = []
    for key in keys:
        changed = [s[key]["changed"] / s[key]["of"] for s in seeds if s[key]["of"]]
        rows.append(
            [key, f"{sum(changed) / len(changed):.1%}", f"{max(changed):.1%}", str(len(changed))]
        )
    return markdown_table(["outcome", "mean changed", "worst seed", "seeds"], rows)
