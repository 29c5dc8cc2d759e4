"""The measured jobs of the metrics benchmark, each run in a fresh process by bench._measure.

`suite` computes the whole metric catalogue on an engine; `three_on_duckdb` and
`three_in_pandas` compute the same three metrics (active users, top-10 share and cross-unit
share per initiative and quarter) with wi3's expressions and with straightforward pandas, the
baseline. Both return a checksum of their figures, so the benchmark can check that they agree
before it compares their speed. pandas is imported here, before the clock starts, for both:
pyarrow imports it when it converts Python values, and importing a library is not the work
being compared.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pandas as pd

from wi3.events import EventStore
from wi3.metrics import InitiativeInfo, MetricInputs, MetricValue, compute, metric
from wi3.service import open_workspace, organisation_inputs

THREE = ("active_users", "top10_share", "cross_unit_share")
MIN_GROUP = 5


def write_inputs(workspace: str) -> Path:
    """Write what the metrics need from the application store beside the workspace's events.

    The measured jobs read it instead of opening the store, so that the time compared is the
    metrics' alone.
    """
    ws = open_workspace(Path(workspace))
    try:
        inputs = organisation_inputs(ws, None)
    finally:
        ws.close()
    path = Path(workspace) / "bench-inputs.json"
    path.write_text(
        json.dumps(
            {
                "events_root": str(inputs.store.root),
                "org": inputs.org,
                "initiatives": {k: asdict(v) for k, v in inputs.initiatives.items()},
            }
        )
    )
    return path


def _inputs(workspace: str) -> MetricInputs:
    data = json.loads((Path(workspace) / "bench-inputs.json").read_text())
    return MetricInputs(
        store=EventStore(Path(data["events_root"])),
        org=data["org"],
        initiatives={
            k: InitiativeInfo(v["kind"], v["platform"], v["audience"], tuple(v["scope"]))
            for k, v in data["initiatives"].items()
        },
    )


def _events(inputs: MetricInputs) -> int:
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(p).metadata.num_rows for p in inputs.store.files(inputs.org))


def checksum(values: list[MetricValue]) -> int:
    """The shown figures of the three metrics, summed and scaled to an integer."""
    total = sum(v.value for v in values if v.value is not None and v.metric in THREE)
    return round(total * 1_000)


class _TreeMemory:
    """Samples the resident memory of this process's children (Spark's JVM) until stopped."""

    def __init__(self) -> None:
        import psutil

        self._process = psutil.Process()
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        import psutil

        while not self._stop.is_set():
            total = 0
            for child in self._process.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    continue
            self.peak_mb = max(self.peak_mb, total / (1 << 20))
            time.sleep(0.2)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak_mb


def suite(workspace: str, engine: str) -> dict[str, int]:
    """Every metric of the catalogue, per initiative and quarter, on `engine`."""
    inputs = _inputs(workspace)
    tree = _TreeMemory() if engine == "spark" else None
    values = compute(inputs, "quarter", engine="spark" if engine == "spark" else "duckdb")
    counts = {"figures": len(values), "events": _events(inputs)}
    if tree is not None:
        counts["jvm_peak_mb"] = round(tree.stop())
    return counts


def three_on_duckdb(workspace: str) -> dict[str, int]:
    """The three baseline metrics with wi3's own expressions on DuckDB."""
    inputs = _inputs(workspace)
    values = compute(inputs, "quarter", metrics=[metric(m) for m in THREE])
    return {"figures": sum(v.value is not None for v in values), "checksum": checksum(values)}


def three_in_pandas(workspace: str) -> dict[str, int]:
    """The three baseline metrics as an analyst would write them in pandas."""
    inputs = _inputs(workspace)
    frames = [
        pd.read_parquet(path, columns=["kind", "actor", "target", "via"]).assign(
            initiative=path.parts[-3].removeprefix("initiative="),
            month=path.parts[-2].removeprefix("month="),
        )
        for path in inputs.store.files(inputs.org)
    ]
    events = pd.concat(frames, ignore_index=True)
    accounts = pd.read_parquet(inputs.store.accounts_file(inputs.org))
    people = pd.read_parquet(inputs.store.people_file(inputs.org))
    events["quarter"] = (
        events["month"].str[:4].astype(int) * 12 + events["month"].str[5:7].astype(int) - 1
    ) // 3
    actors = accounts.rename(columns={"account": "actor"})[["actor", "person", "bot"]]
    events = events.merge(actors, on="actor", how="left")
    human = events[
        (~events["bot"].fillna(False).astype(bool))
        & events["via"].isin(["person", "import"])
        & events["person"].notna()
        & ~events["kind"].isin(["join", "leave"])
    ]
    keys = ["initiative", "quarter"]
    rows: list[dict[str, Any]] = []

    active = human.groupby(keys)["person"].nunique()
    for key, n in active.items():
        rows.append({"metric": "active_users", "key": key, "value": float(n), "people": n})

    contributions = human[human["kind"].isin(["create", "reply", "edit"])]
    per_person = contributions.groupby([*keys, "person"]).size()
    for key, counts in per_person.groupby(level=[0, 1]):
        ordered = counts.sort_values(ascending=False)
        rows.append(
            {
                "metric": "top10_share",
                "key": key,
                "value": ordered.iloc[:10].sum() / ordered.sum(),
                "people": len(ordered),
            }
        )

    units = people[["person", "unit"]]
    replies = human[human["kind"] == "reply"].merge(
        accounts.rename(columns={"account": "target", "person": "target_person"})[
            ["target", "target_person"]
        ],
        on="target",
        how="left",
    )
    replies = replies[
        replies["target_person"].notna() & (replies["target_person"] != replies["person"])
    ]
    replies = replies.merge(units, on="person", how="left").merge(
        units.rename(columns={"person": "target_person", "unit": "target_unit"}),
        on="target_person",
        how="left",
    )
    known = replies[
        replies["unit"].notna()
        & (replies["unit"] != "unknown")
        & replies["target_unit"].notna()
        & (replies["target_unit"] != "unknown")
    ]
    for key, group in known.groupby(keys):
        rows.append(
            {
                "metric": "cross_unit_share",
                "key": key,
                "value": float((group["unit"] != group["target_unit"]).mean()),
                "people": group["person"].nunique(),
            }
        )

    shown = [r for r in rows if not 0 < r["people"] < MIN_GROUP]
    total = sum(r["value"] for r in shown)
    return {"figures": len(shown), "checksum": round(total * 1_000)}
