"""Calibration of the activity thresholds: fit on part of the labels, check on the rest.

The activity state is a pure function of an initiative's contribution days and signals, so
each candidate set of thresholds is tried on the same evidence without reading any export
again. The evidence comes from the validity benchmark's workspaces (bench/validity.py builds
them): the labelled real communities, and simulated organisations with seeds of their own
(`CALIBRATION_SEEDS`, not the validity benchmark's).

Fitting set: the simulated calibration organisations, and half of the labelled real
initiatives (by a digest of source and initiative). Held out: the other half, and the validity
benchmark's own simulated seeds, which it reports on. A candidate's score is the mean of the
simulated agreement and the real agreement averaged over sources. Announcements (a closure
notice, a host shutdown) are left out: no threshold can see them.

Many real labels were made by a mechanical rule with 10 messages, 90 days, 365 days and 25 %
(their evidence says so): agreement with them checks consistency, and pulls the fit towards
those values. The simulated plans and the platform signals are the independent part.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench._labelled import Label, Source, data_folder, read_labels, sources
from bench._report import RESULTS, machine, markdown_table, write_json
from bench.validity import SIMULATED_SEEDS, SIMULATION, _real_workspace, _simulated_workspace
from wi3.diagnosis import ActivityEvidence, read_activity
from wi3.model import Model, load_model
from wi3.service import PEOPLE_PER_UNIT, Workspace, lifecycle_evidence, open_workspace
from wi3.simulate import Window, plan_initiatives, unit_tree

DESCRIPTION = "fit the activity thresholds on part of the labels, check them on the rest"

CALIBRATION_SEEDS = (11, 12, 13)
GRID = {
    "rhythm_factor": (0.0, 2.0, 3.0, 4.0),
    "quiet_days": (60.0, 90.0, 120.0, 180.0),
    "dormant_days": (270.0, 365.0, 540.0),
    "decline_share": (0.15, 0.2, 0.25, 0.33),
    "min_contributions": (5.0, 10.0, 20.0),
}
"""The candidates; the growth ratio is left at its value (labels do not tell growing from
active)."""
QUARTER_MONTHS = (5, 11, 17, 23)


@dataclass(frozen=True)
class Case:
    """One activity to judge: the evidence, the date, and what is known."""

    group: str  # "real" or "simulated"
    source: str
    half: str  # "fit" or "held out"
    evidence: ActivityEvidence
    as_of: date
    expected: str


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--root", type=Path, default=Path("/tmp/wi3-validity"), help="the validity workspaces"
    )
    parser.add_argument(
        "--output", type=Path, default=RESULTS / "calibration.json", help="the JSON results"
    )


def main(args: argparse.Namespace) -> int:
    data = data_folder()
    if data is None:
        return 2
    started = time.perf_counter()
    found = list(sources(data))
    cases = list(
        _real_cases(_real_workspace(args.root / "real", data, found), read_labels(data), found)
    )
    for seed in (*CALIBRATION_SEEDS, *SIMULATED_SEEDS):
        half = "fit" if seed in CALIBRATION_SEEDS else "held out"
        cases += _simulated_cases(_simulated_workspace(args.root / f"sim-{seed}", seed), seed, half)
    model = load_model()
    start = _values(model)
    scored = sorted(
        ((_score(_with(model, c), cases, "fit"), c) for c in _candidates()),
        key=lambda sc: (-sc[0], _distance(sc[1], start)),
    )
    best_score, best = scored[0]
    rows = []
    rhythm = {**start, "rhythm_factor": 3.0}
    for name, values in (("the model's", start), ("best fit", best), ("rhythm 3", rhythm)):
        fitted = _with(model, values)
        rows.append(
            [
                name,
                ", ".join(f"{k} {v:g}" for k, v in values.items()),
                *(
                    f"{_agreement(fitted, cases, group, half):.1%}"
                    for group in ("real", "simulated")
                    for half in ("fit", "held out")
                ),
            ]
        )
    seconds = time.perf_counter() - started
    print(f"# Calibration of the activity thresholds ({len(list(_candidates()))} candidates, "
          f"{len(cases)} cases, {seconds:.0f} s)\n")  # fmt: skip
    print(
        markdown_table(
            ["thresholds", "values", "real fit", "real held out", "sim fit", "sim held out"], rows
        )
    )
    print("\nClosest runners-up (fit score):")
    for score, values in scored[1:6]:
        print(f"- {score:.3f}: " + ", ".join(f"{k} {v:g}" for k, v in values.items()))
    write_json(
        args.output,
        {
            "machine": machine(),
            "seconds": round(seconds, 1),
            "starting": start,
            "best": best,
            "best_fit_score": best_score,
            "table": rows,
        },
    )
    return 0


def _real_cases(root: Path, labels: Sequence[Label], found: Sequence[Source]) -> Iterator[Case]:
    by_folder = {s.folder: s for s in found}
    ws = open_workspace(root)
    try:
        lives = _lives(ws, {s.org for s in found})
        for label in labels:
            source = by_folder.get(label.folder)
            if source is None or label.kind != "activity":
                continue
            if label.basis not in ("activity rule", "platform signal"):
                continue
            slug = source.slug(label)
            evidence = lives.get((source.org, slug))
            if evidence is None:
                continue
            digest = hashlib.blake2b(f"{label.folder}/{slug}".encode(), digest_size=2).digest()
            half = "fit" if digest[0] % 2 == 0 else "held out"
            yield Case("real", label.folder, half, evidence, label.as_of, label.label)
    finally:
        ws.close()


def _lives(ws: Workspace, orgs: set[str]) -> dict[tuple[str, str], ActivityEvidence]:
    found = {}
    for org_slug in sorted(orgs):
        for slug, evidence in lifecycle_evidence(ws, org_slug).activity.items():
            found[(org_slug, slug)] = evidence
    return found


def _simulated_cases(root: Path, seed: int, half: str) -> Iterator[Case]:
    people, months = int(SIMULATION["people"]), int(SIMULATION["months"])
    window = Window.ending(str(SIMULATION["last_month"]), months)
    units = unit_tree(max(4, round(people / PEOPLE_PER_UNIT)), seed)
    plans = plan_initiatives(int(SIMULATION["initiatives"]), units, months, seed, True)
    ws = open_workspace(root)
    try:
        lives = _lives(ws, {f"sim-{seed}"})
    finally:
        ws.close()
    for plan in plans:
        for t in QUARTER_MONTHS:
            expected = plan.activity_on(t)
            if expected is None or expected == "not_started":
                continue
            evidence = lives[(f"sim-{seed}", plan.usage.slug)]
            yield Case("simulated", f"seed {seed}", half, evidence, window.last_day(t), expected)


def _candidates() -> Iterator[dict[str, float]]:
    names = list(GRID)
    for values in itertools.product(*(GRID[n] for n in names)):
        yield dict(zip(names, values, strict=True))


def _values(model: Model) -> dict[str, float]:
    thresholds = model.activity.thresholds
    return {name: getattr(thresholds, name).value for name in GRID}


def _distance(values: dict[str, float], start: dict[str, float]) -> float:
    """How far a candidate lies from the starting values, relatively: ties go to the nearest."""
    return sum(abs(values[k] - start[k]) / max(start[k], 1e-9) for k in values)


def _with(model: Model, values: dict[str, float]) -> Model:
    thresholds = model.activity.thresholds
    changed = thresholds.model_copy(
        update={
            name: getattr(thresholds, name).model_copy(update={"value": value})
            for name, value in values.items()
        }
    )
    activity = model.activity.model_copy(update={"thresholds": changed})
    return model.model_copy(update={"activity": activity})


def _state(model: Model, case: Case) -> str:
    reading = read_activity(model, case.evidence, case.as_of)
    if reading is None:
        return "unknown"
    return "active" if reading.state == "growing" else reading.state


def _agreement(model: Model, cases: Sequence[Case], group: str, half: str) -> float:
    """Agreement on one half of one group; real cases averaged over sources."""
    chosen = [c for c in cases if c.group == group and c.half == half]
    per_source: dict[str, list[bool]] = defaultdict(list)
    for case in chosen:
        per_source[case.source].append(_state(model, case) == case.expected)
    shares = [sum(v) / len(v) for v in per_source.values() if v]
    return sum(shares) / len(shares) if shares else 0.0


def _score(model: Model, cases: Sequence[Case], half: str) -> float:
    return (
        _agreement(model, cases, "real", half) + _agreement(model, cases, "simulated", half)
    ) / 2
