"""The measured jobs of the metrics benchmark, each run in a fresh process by bench._measure.

`suite` computes the whole metric catalogue on an engine; `three_on_duckdb`, `three_in_pandas`
and `three_in_polars` compute the same three metrics (active users, top-10 share and cross-unit
share per initiative and quarter) with wi3's expressions and, as peers, in pandas and in Polars
written as a good user of each would. Each returns a checksum of its figures, so the benchmark
can check that they agree before it compares their speed. pandas is imported here, before the
clock starts, for all: pyarrow imports it when it converts Python values, and importing a
library is not the work being compared (Polars is imported inside its job, which costs it about
0.1 s).
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


def _published(inputs: MetricInputs) -> Any:
    """The organisation's published event files as one Arrow dataset, partitions as columns."""
    import pyarrow.dataset as ds

    return ds.dataset(
        [str(p) for p in inputs.store.files(inputs.org)],
        format="parquet",
        partitioning="hive",
        partition_base_dir=str(inputs.store.partition(inputs.org)),
    )


def _accounts(inputs: MetricInputs) -> Any:
    """The organisation's accounts, each account's pseudonym as the number the event files hold
    for actors and targets."""
    import pyarrow.parquet as pq

    from wi3.events import pseudonym_numbers  # here: `suite` runs with earlier wi3s too

    accounts = pq.read_table(inputs.store.accounts_file(inputs.org))
    at = accounts.schema.get_field_index("account")
    return accounts.set_column(at, "account", pseudonym_numbers(accounts["account"]))


def _shown(rows: list[tuple[str, float, int]]) -> dict[str, int]:
    """The figures about at least MIN_GROUP people (or none), counted and summed."""
    shown = [value for _metric, value, people in rows if not 0 < people < MIN_GROUP]
    return {"figures": len(shown), "checksum": round(sum(shown) * 1_000)}


def three_in_pandas(workspace: str) -> dict[str, int]:
    """The three baseline metrics as a good pandas user writes them.

    One read of only the columns needed (Arrow's dataset over the published files), strings as
    categoricals, and every event aggregated per account before the directory is joined, as
    wi3's own expressions do: the joins touch thousands of accounts, not millions of events.
    """
    inputs = _inputs(workspace)
    events = (
        _published(inputs)
        .to_table(columns=["initiative", "month_index", "kind", "actor", "target", "via"])
        .to_pandas(strings_to_categorical=True)
    )
    accounts = _accounts(inputs).to_pandas()
    people = pd.read_parquet(inputs.store.people_file(inputs.org), columns=["person", "unit"])
    events["quarter"] = events["month_index"] // 3
    acts = events[
        events["via"].isin(["person", "import"]) & ~events["kind"].isin(["join", "leave"])
    ]
    humans = accounts[~accounts["bot"] & accounts["person"].notna()]
    person_of = humans.set_index("account")["person"]
    keys = ["initiative", "quarter"]
    rows: list[tuple[str, float, int]] = []

    # per account first, then per person
    per_account = (
        acts.assign(contribution=acts["kind"].isin(["create", "reply", "edit"]))
        .groupby([*keys, "actor"], observed=True)["contribution"]
        .sum()
        .reset_index()
    )
    per_account["person"] = per_account["actor"].map(person_of)
    per_person = (
        per_account.dropna(subset=["person"]).groupby([*keys, "person"])["contribution"].sum()
    )
    for n in per_person.groupby(level=[0, 1]).size():
        rows.append(("active_users", float(n), n))

    contributions = per_person[per_person > 0].sort_values(ascending=False)
    grouped = contributions.groupby(level=[0, 1])
    top = grouped.head(10).groupby(level=[0, 1]).sum()
    totals, counts = grouped.sum(), grouped.size()
    for key, total in totals.items():
        rows.append(("top10_share", top[key] / total, int(counts[key])))

    replies = acts[(acts["kind"] == "reply") & acts["target"].notna()]
    pairs = replies.groupby([*keys, "actor", "target"], observed=True).size().reset_index(name="n")
    unit_of = people.set_index("person")["unit"]
    pairs["person"] = pairs["actor"].map(person_of)
    pairs["target_person"] = pairs["target"].map(person_of)
    pairs = pairs.dropna(subset=["person", "target_person"])
    pairs = pairs[pairs["person"] != pairs["target_person"]]
    pairs["unit"] = pairs["person"].map(unit_of).fillna("unknown")
    pairs["target_unit"] = pairs["target_person"].map(unit_of).fillna("unknown")
    known = pairs[(pairs["unit"] != "unknown") & (pairs["target_unit"] != "unknown")]
    known = known.assign(external=known["n"].where(known["unit"] != known["target_unit"], 0))
    per = known.groupby(keys).agg(
        external=("external", "sum"), replies=("n", "sum"), people=("person", "nunique")
    )
    for external, replies_, repliers in per.itertuples(index=False):
        rows.append(("cross_unit_share", external / replies_, int(repliers)))
    return _shown(rows)


def three_in_polars(workspace: str) -> dict[str, int]:
    """The same three metrics in Polars, lazily: one scan, per account before the directory."""
    import polars as pl

    inputs = _inputs(workspace)
    events = pl.scan_pyarrow_dataset(_published(inputs)).select(
        "initiative", "month_index", "kind", "actor", "target", "via"
    )
    accounts = pl.from_arrow(_accounts(inputs))
    people = pl.read_parquet(inputs.store.people_file(inputs.org), columns=["person", "unit"])
    humans = accounts.filter(~pl.col("bot") & pl.col("person").is_not_null()).select(
        actor="account", person="person"
    )
    acts = events.filter(
        pl.col("via").is_in(["person", "import"]) & ~pl.col("kind").is_in(["join", "leave"])
    ).with_columns(quarter=pl.col("month_index") // 3)
    keys = ["initiative", "quarter"]
    per_person = (
        acts.group_by([*keys, "actor"])
        .agg(contributions=pl.col("kind").is_in(["create", "reply", "edit"]).sum())
        .join(humans.lazy(), on="actor")
        .group_by([*keys, "person"])
        .agg(pl.col("contributions").sum())
    )
    active = per_person.group_by(keys).agg(n=pl.len()).collect()
    top = (
        per_person.filter(pl.col("contributions") > 0)
        .group_by(keys)
        .agg(
            top=pl.col("contributions").sort(descending=True).head(10).sum(),
            total=pl.col("contributions").sum(),
            people=pl.len(),
        )
        .collect()
    )
    units = humans.join(people, on="person", how="left").with_columns(
        pl.col("unit").fill_null("unknown")
    )
    them = units.select(target="actor", target_person="person", target_unit="unit")
    cross = (
        acts.filter((pl.col("kind") == "reply") & pl.col("target").is_not_null())
        .group_by([*keys, "actor", "target"])
        .agg(n=pl.len())
        .join(units.lazy(), on="actor")
        .join(them.lazy(), on="target")
        .filter(
            (pl.col("person") != pl.col("target_person"))
            & (pl.col("unit") != "unknown")
            & (pl.col("target_unit") != "unknown")
        )
        .group_by(keys)
        .agg(
            external=pl.col("n").filter(pl.col("unit") != pl.col("target_unit")).sum(),
            replies=pl.col("n").sum(),
            people=pl.col("person").n_unique(),
        )
        .collect()
    )
    rows: list[tuple[str, float, int]] = []
    rows += [("active_users", float(n), n) for n in active["n"]]
    rows += [
        ("top10_share", t / total, n)
        for t, total, n in top.select("top", "total", "people").iter_rows()
    ]
    rows += [
        ("cross_unit_share", e / r, n)
        for e, r, n in cross.select("external", "replies", "people").iter_rows()
    ]
    return _shown(rows)
