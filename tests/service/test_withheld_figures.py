"""A figure withheld to protect a small group is withheld in every file and report wi3 writes.

Acme's team chat gained four people in each month of 2026-Q2: each month's newcomers are too
few to show, and the quarter's 12 would say that each month had 4 (none can have more). So the
quarter's newcomers are withheld too, and so is 2026-Q3's retention, whose cohort they are (its
share and its group give the 12 back). The diagnosis reads retention for the culture category.

In Q3 six people were active: five in ict and one in ict/werkplek. The one is withheld, ict's
five must go too, and with both withheld the initiative's 6 would still say that ict/werkplek
has 6 − 5: so Q3 lists no units at all. The initiative's own figures stay as they are: they are
never withheld for the sake of its units, so every view shows them alike.
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
    for i in range(12):  # four new people in each month of Q2
        events.append(f"q2-{i},2026-{4 + i // 4:02d}-10T10:00:00Z,u{i:02d},create,a{i},,,person")
    for user in ("u00", "u01", "u02", "u03", "u04", "u99"):  # Q3: five back, one new
        events.append(f"q3-{user},2026-08-10T10:00:00Z,{user},create,b-{user},,,person")
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


def figure(
    values: list[MetricValue], metric: str, period: str = "2026Q3", unit: str | None = None
) -> MetricValue:
    return next(v for v in values if (v.period, v.unit, v.metric) == (period, unit, metric))


def test_the_quarter_of_four_newcomers_a_month_is_withheld_and_its_retention(
    by_unit: list[MetricValue],
) -> None:
    got = figure(by_unit, "newcomers", "2026Q2")
    assert (got.value, got.people, got.withheld) == (None, None, PROTECTS["en"])
    # retention 5 of 12: its share and group (5) would give the 12 back
    got = figure(by_unit, "retention")
    assert (got.value, got.people, got.withheld) == (None, None, PROTECTS["en"])
    assert recovered(by_unit) == []


def test_units_that_would_give_each_other_away_are_not_listed(by_unit: list[MetricValue]) -> None:
    assert [v for v in by_unit if v.period == "2026Q3" and v.unit is not None] == []
    assert figure(by_unit, "active_users").value == 6  # the initiative's own figure stays
    assert {v.unit for v in by_unit if v.period == "2026Q2"} == {None, "ict"}


def test_the_view_without_units_withholds_the_same(
    acme: Workspace, by_unit: list[MetricValue]
) -> None:
    plain = usage_metrics(acme, None)
    assert plain == [v for v in by_unit if v.unit is None]


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
    for at in (("2026Q2", None, "newcomers"), ("2026Q3", None, "retention")):
        assert cells[at]["withheld"] == PROTECTS["en"]
        assert cells[at]["value"] in (None, "") and cells[at]["people"] in (None, "")
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
def test_reports_show_retention_withheld_and_why(
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
            if r["ref"] == "retention"
        ]
        assert readings
        for r in readings:
            assert (r["status"], r["value"], r["n"]) == ("withheld", None, None)
            assert r["note"] == {"key": "protects_small_group", "args": {"n": 5}}
    else:
        assert PROTECTS[language] in " ".join(text.split())
