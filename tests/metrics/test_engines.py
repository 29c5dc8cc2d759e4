"""The same metric expressions on DuckDB and on Spark give the same figures."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest

from wi3.events import PSEUDONYMS
from wi3.metrics import MetricValue, compute
from wi3.service import (
    Workspace,
    import_organisation_file,
    import_people,
    ingest,
    init_workspace,
)
from wi3.service._metrics import metric_inputs
from wi3.service._workspace import find_organisation

pytestmark = pytest.mark.spark
REPO = Path(__file__).parents[2]


@pytest.fixture(scope="module", autouse=True)
def java() -> None:
    import shutil

    if shutil.which("java") is None:
        pytest.skip(
            "Spark needs a Java runtime: apt-get install default-jre-headless (make test does this)"
        )


def both_engines(ws: Workspace, by_unit: bool) -> tuple[list[MetricValue], list[MetricValue]]:
    with ws.store.transaction() as session:
        inputs = metric_inputs(ws, session, find_organisation(session, None))
    return tuple(  # type: ignore[return-value]
        compute(inputs, "quarter", by_unit=by_unit, engine=engine)  # type: ignore[arg-type]
        for engine in ("duckdb", "spark")
    )


def assert_identical(duck: list[MetricValue], spark: list[MetricValue]) -> None:
    a = {(v.initiative, v.period, v.unit, v.metric): v for v in duck}
    b = {(v.initiative, v.period, v.unit, v.metric): v for v in spark}
    assert a.keys() == b.keys()
    different = [
        (a[k], b[k])
        for k in a
        if a[k].withheld != b[k].withheld
        or (a[k].value is None) != (b[k].value is None)
        or (
            a[k].value is not None
            and not math.isclose(a[k].value, b[k].value or 0, rel_tol=1e-12, abs_tol=1e-12)
        )
    ]
    assert different == []
    assert sum(v.value is not None for v in duck) >= 30, "the comparison needs real figures"


@pytest.fixture(scope="module")
def eu_email(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Iterator[Workspace]:
    data = data_dir
    root = tmp_path_factory.mktemp("eu")
    labels = data / "snap-email-eu-core" / "email-Eu-core-department-labels.txt"
    people = root / "people.csv"
    rows = ["person_id,unit,aliases"]
    for line in labels.read_text().replace("\r", "").splitlines():
        if line.strip():
            node, department = line.split()
            rows.append(f"n{node},dept-{int(department):02d},csv:{node}")
    people.write_text("\n".join(rows) + "\n")
    org = root / "org.yaml"
    org.write_text("organisation: {slug: eu, name: EU research institution}\n")
    ws = init_workspace(root / "ws")
    import_organisation_file(ws, org)
    import_people(ws, None, people)
    ingest(
        ws,
        None,
        "csv",
        data / "snap-email-eu-core" / "email-Eu-core-temporal.txt.gz",
        "eu-email",
        mapping=REPO / "docs" / "mappings" / "email-eu-core.yaml",
    )
    yield ws
    ws.close()


@pytest.mark.realdata
def test_duckdb_and_spark_agree_on_the_eu_email_departments(eu_email: Workspace) -> None:
    duck, spark = both_engines(eu_email, by_unit=True)
    assert_identical(duck, spark)
    shares = [
        v.value
        for v in duck
        if v.metric == "cross_unit_share" and v.unit is None and v.value is not None
    ]
    assert shares and all(0 < s < 1 for s in shares)


def as_texts(table: pa.Table) -> pa.Table:
    """An event file's rows with their pseudonyms as the texts a writer is given (the files
    hold their numbers)."""
    for name in PSEUDONYMS:
        texts = [None if n is None else f"{n + (1 << 63):016x}" for n in table[name].to_pylist()]
        at = table.schema.get_field_index(name)
        table = table.set_column(at, name, pa.array(texts, pa.string()))
    return table


def test_duckdb_and_spark_agree_on_the_hand_worked_fixture(acme: Workspace) -> None:
    assert_identical(*both_engines(acme, by_unit=True))


def test_duckdb_and_spark_agree_on_the_simulators_output(tmp_path: Path) -> None:
    from wi3.service import simulate

    ws = init_workspace(tmp_path / "ws")
    try:
        simulate(ws, None, people=400, initiatives=4, months=6, seed=11, last_month="2025-12")
        assert_identical(*both_engines(ws, by_unit=True))
    finally:
        ws.close()


def test_neither_engine_reads_an_import_being_committed(tmp_path: Path) -> None:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from wi3.service import simulate

    ws = init_workspace(tmp_path / "ws")
    try:
        simulate(ws, None, people=200, initiatives=2, months=3, seed=5, last_month="2025-12")
        before, _ = both_engines(ws, by_unit=False)
        # another import's events are in place, waiting for the application store to record them
        store = ws.events()
        file = store.files("simulated")[0]
        table = pq.read_table(file)
        index = table["month_index"][0].as_py()
        table = as_texts(table.filter(pc.equal(table["month_index"], index)))
        table = table.set_column(
            0, "event_id", pc.binary_join_element_wise(table["event_id"], "-copy", "")
        )
        batch = store.batch("simulated")
        month = f"{index // 12}-{index % 12 + 1:02d}"
        batch.writer(file.parent.name.removeprefix("initiative=")).add_month(month, table)
        batch.prepare()
        assert store.unpublished("simulated")
        duck, spark = both_engines(ws, by_unit=False)
        assert_identical(duck, spark)
        assert_identical(before, duck)
        batch.close()
    finally:
        ws.close()


def test_both_engines_read_a_store_that_holds_months_in_folders(tmp_path: Path) -> None:
    """An older wi3 wrote a file per month into a `month=` folder, without a column of months
    and with its pseudonyms as texts; such files are read beside those of newer imports, with the
    same figures."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from wi3.service import event_counts, simulate

    ws = init_workspace(tmp_path / "ws")
    try:
        simulate(ws, None, people=300, initiatives=3, months=6, seed=7, last_month="2025-12")
        before, _ = both_engines(ws, by_unit=True)
        counts = event_counts(ws, None, None)
        store = ws.events()
        files = store.files("simulated")
        for n, file in enumerate(files[:2]):  # two initiatives as an older wi3 left them
            table = pq.read_table(file)
            for index in sorted(set(table["month_index"].to_pylist())):
                folder = file.parent / f"month={index // 12}-{index % 12 + 1:02d}"
                folder.mkdir()
                rows = table.filter(pc.equal(table["month_index"], index))
                rows = rows.drop_columns(["month_index"])
                rows = as_texts(rows)
                pq.write_table(rows, folder / file.name.replace(".parquet", f"{n}.parquet"))
            file.unlink()
        assert sum("month=" in str(p) for p in store.files("simulated")) > 2
        assert any("month=" not in str(p) for p in store.files("simulated"))
        duck, spark = both_engines(ws, by_unit=True)
        assert_identical(before, duck)
        assert_identical(duck, spark)
        assert event_counts(ws, None, None).by_month == counts.by_month
    finally:
        ws.close()
