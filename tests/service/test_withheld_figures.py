"""A figure withheld to protect a small group is withheld in every file and report wi3 writes.

Acme's team chat had six people active in 2026-Q3: five in ict and one in ict/werkplek. The
one is withheld as too few; then ict's five must go too, or 6 − 5 would give the one away; and
with both units withheld, 6 would still tell that the one is 6 − 5. So the whole initiative's
six active people are withheld as well, in every view and everything built on them: the active
ratio (six of the eligible), the contributor figures (six contributors), and the reach figures
whose group is the six active people.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from tests.metrics._reader import recovered

from wi3.metrics import MetricValue
from wi3.service import (
    Workspace,
    add_initiative,
    diagnose,
    export_metrics,
    import_organisation_file,
    import_people,
    ingest,
    init_workspace,
    usage_metrics,
    write_report,
)

PROTECTS = {
    "en": "withheld so that a group of fewer than 5 people cannot be worked out from the "
    "figures shown",
    "nl": "niet getoond, zodat een groep van minder dan 5 mensen niet uit de getoonde cijfers af "
    "te leiden is",
}
TOO_FEW = "fewer than 5 people; not shown"
MAPPING = Path(__file__).parents[1] / "fixtures" / "metrics" / "mapping.yaml"


@pytest.fixture(scope="module")
def acme(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    root = tmp_path_factory.mktemp("acme")
    org = root / "org.yaml"
    org.write_text(
        "organisation: {slug: acme, name: Acme}\nunits: [{path: ict}, {path: ict/werkplek}]\n"
    )
    people = ["person_id,unit,location,level,start_date,end_date,bot,aliases"]
    people += [f"p{i:02d},ict,Amsterdam,staff,,,no,csv:u{i:02d}" for i in range(15)]
    people.append("p99,ict/werkplek,Utrecht,staff,,,no,csv:u99")
    (root / "people.csv").write_text("\n".join(people) + "\n")
    events = ["id,ts,user,kind,item,parent,target,via"]
    for user in ("u00", "u01", "u02", "u03", "u04", "u99"):
        events.append(f"e-{user},2026-08-10T10:00:00Z,{user},create,t-{user},,,person")
    (root / "chat.csv").write_text("\n".join(events) + "\n")
    ws = init_workspace(root / "ws")
    import_organisation_file(ws, org)
    add_initiative(ws, None, "team-chat", name="Team chat", kind="chat")
    import_people(ws, None, root / "people.csv")
    ingest(ws, None, "csv", root / "chat.csv", "team-chat", mapping=MAPPING)
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def by_unit(acme: Workspace) -> list[MetricValue]:
    return usage_metrics(acme, None, by="unit")


def figure(values: list[MetricValue], metric: str, unit: str | None = None) -> MetricValue:
    return next(v for v in values if (v.period, v.unit, v.metric) == ("2026Q3", unit, metric))


def test_the_one_the_five_and_the_six_are_withheld(by_unit: list[MetricValue]) -> None:
    assert figure(by_unit, "active_users", "ict/werkplek").withheld == TOO_FEW
    for unit in ("ict", None):
        got = figure(by_unit, "active_users", unit)
        assert (got.value, got.people, got.withheld) == (None, None, PROTECTS["en"])
    # every figure whose group is the six active people would give the six back
    for metric in ("active_ratio", "top10_share", "absence_factor", "units_reached"):
        got = figure(by_unit, metric)
        assert (got.value, got.people, got.withheld) == (None, None, PROTECTS["en"])
    assert recovered(by_unit) == []


def test_the_view_without_units_withholds_the_same(acme: Workspace) -> None:
    plain = usage_metrics(acme, None)
    assert figure(plain, "active_users").withheld == PROTECTS["en"]
    assert figure(plain, "active_ratio").withheld == PROTECTS["en"]


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_files_say_why_and_give_no_group_size(
    fmt: str, by_unit: list[MetricValue], tmp_path: Path
) -> None:
    out = tmp_path / f"metrics.{fmt}"
    export_metrics(by_unit, fmt, out)  # type: ignore[arg-type]
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    elif fmt == "json":
        rows = json.loads(out.read_text(encoding="utf-8"))
    else:
        rows = pq.read_table(out).to_pylist()
    cells = {(r["period"], r["unit"] or None, r["metric"]): r for r in rows}
    for unit in ("ict", None):
        row = cells[("2026Q3", unit, "active_users")]
        assert row["withheld"] == PROTECTS["en"]
        assert row["value"] in (None, "") and row["people"] in (None, "")
    back = [
        MetricValue(
            r["initiative"],
            r["period"],
            r["unit"] or None,
            r["metric"],
            None if r["value"] in (None, "") else float(r["value"]),
            r["withheld"] or None,
            None if r["people"] in (None, "") else int(r["people"]),
        )
        for r in rows
    ]
    assert recovered(back) == []


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_reports_show_the_active_ratio_withheld_and_why(
    acme: Workspace, tmp_path: Path, fmt: str, language: str
) -> None:
    diagnose(acme, None, date(2026, 9, 30))
    out = write_report(
        acme,
        None,
        fmt,  # type: ignore[arg-type]
        date(2026, 9, 30),
        language,  # type: ignore[arg-type]
        tmp_path / f"report.{fmt}",
    )
    text = out.read_text(encoding="utf-8")
    if fmt == "json":  # the snapshot's document keeps the note by its key
        readings = [
            r
            for i in json.loads(text)["diagnosis"]["initiatives"]
            for c in i["categories"]
            for r in c["readings"]
            if r["ref"] == "active_ratio"
        ]
        assert readings
        for r in readings:
            assert (r["status"], r["value"], r["n"]) == ("withheld", None, None)
            assert r["note"] == {"key": "protects_small_group", "args": {"n": 5}}
    else:
        assert PROTECTS[language] in " ".join(text.split())
