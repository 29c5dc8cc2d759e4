"""The simulator on its own: directory, determinism, batch sizes, the event schema."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from wi3.events import EVENT_SCHEMA, KINDS, VIAS, Pseudonymiser
from wi3.simulate import (
    BOTS,
    LEVELS,
    PHASES,
    Directory,
    Simulator,
    Usage,
    Window,
    make_directory,
    plan_initiatives,
    unit_tree,
)

WINDOW = Window.ending("2025-06", 4)
KEY = b"k" * 32


def directory(people: int = 400, seed: int = 1) -> Directory:
    units = unit_tree(6, seed)
    return make_directory(
        people, units, WINDOW.start(0), WINDOW.last_day(WINDOW.count - 1), seed, board="board"
    )


def usages(d: Directory) -> list[Usage]:
    paths = tuple(u.path for u in d.units)
    return [
        Usage(f"i-{phase}", kind, paths[1], paths[1:], (phase,) * WINDOW.count)
        for phase, kind in zip(PHASES, ("chat", "qa", "wiki"), strict=True)
    ]


def events(seed: int = 1, key: bytes = KEY, chunk_rows: int = 250_000) -> dict[str, pa.Table]:
    d = directory(seed=1)
    simulator = Simulator(d, WINDOW, seed, Pseudonymiser(key))
    plan = simulator.plan(usages(d), 60_000)
    return {
        u.slug: pa.concat_tables(t for _month, t in simulator.tables(u, plan.scale, chunk_rows))
        for u in usages(d)
    }


@pytest.fixture(scope="module")
def drawn() -> dict[str, pa.Table]:
    return events()


def test_directory_has_levels_units_joiners_leavers_and_bots() -> None:
    d = directory(people=2000)
    assert d.size == 2000 + len(BOTS)
    people = ~d.bot
    shares = np.bincount(d.level[people], minlength=3) / people.sum()
    assert 0.80 < shares[0] < 0.92 and 0.07 < shares[1] < 0.16 and 0.01 < shares[2] < 0.05
    assert set(np.unique(d.unit[people])) == set(range(len(d.units)))
    assert any("/" in u.path for u in d.units)  # a tree, not a list
    assert (d.level[d.bot] == -1).all() and d.bot.sum() == len(BOTS)
    start = np.datetime64(WINDOW.start(0), "D")
    assert (d.start[people] >= start).sum() > 20  # joined during the months
    assert (d.end[people] < np.datetime64("9999-12-31", "D")).sum() > 20  # left
    assert (d.end > d.start).all()
    assert d.account(0) == "acct-000001" and d.account(2000) == BOTS[0]


def test_directory_csv_has_the_people_import_columns(tmp_path: Path) -> None:
    d = directory(people=50)
    text = d.write_csv(tmp_path / "people.csv").read_text().splitlines()
    assert text[0] == "person_id,unit,location,level,start_date,end_date,bot,aliases"
    assert len(text) == 51 + len(BOTS)
    assert text[1].startswith("P000001,") and text[1].endswith(",no,simulator:acct-000001")
    assert text[-1].startswith("BOT-03,") and ",yes,simulator:" in text[-1]
    assert {line.split(",")[3] for line in text[1:]} <= {*LEVELS, ""}


def test_same_seed_same_events_other_seed_other_events(drawn: dict[str, pa.Table]) -> None:
    again = events()
    for slug, table in drawn.items():
        assert table.num_rows == again[slug].num_rows
        assert table.column("event_id").equals(again[slug].column("event_id"))
        assert table.equals(again[slug])
    other = events(seed=2)
    for slug, table in drawn.items():
        ours = set(table.column("event_id").to_pylist())
        assert not ours & set(other[slug].column("event_id").to_pylist())


def test_event_ids_do_not_depend_on_the_workspace_key(drawn: dict[str, pa.Table]) -> None:
    elsewhere = events(key=b"x" * 32)
    for slug, table in drawn.items():
        assert table.column("event_id").equals(elsewhere[slug].column("event_id"))
        assert not table.column("actor").equals(elsewhere[slug].column("actor"))


def test_events_fit_the_schema(drawn: dict[str, pa.Table]) -> None:
    first = datetime(2025, 3, 1, tzinfo=UTC)
    end = datetime(2025, 7, 1, tzinfo=UTC)
    for table in drawn.values():
        assert table.schema.equals(EVENT_SCHEMA)
        ids = table.column("event_id")
        assert pc.count_distinct(ids).as_py() == table.num_rows
        assert set(pc.utf8_length(ids).to_pylist()) == {24}
        assert set(table.column("kind").to_pylist()) <= set(KINDS)
        assert set(table.column("via").to_pylist()) <= set(VIAS)
        assert set(table.column("source").to_pylist()) == {"simulator"}
        ts = table.column("ts")
        assert pc.max(ts).as_py() < end
        # before the months: only the items an established initiative already had
        history = table.filter(pc.less(ts, pa.scalar(first, pa.timestamp("us", "UTC"))))
        assert set(history.column("kind").to_pylist()) <= {"create"}
        assert pc.min(ts).as_py() >= datetime(2024, 3, 1, tzinfo=UTC)  # a year before
        kind = table.column("kind")
        replies = table.filter(pc.equal(kind, "reply"))
        assert replies.num_rows and replies.column("target").null_count == 0
        assert pc.all(pc.equal(replies.column("item"), replies.column("parent"))).as_py()
        assert table.filter(pc.equal(kind, "create")).column("parent").null_count == (
            pc.sum(pc.equal(kind, "create")).as_py()
        )
        assert pc.min(table.column("size")).as_py() >= 0
    assert "accept" in drawn["i-facilitating"].column("kind").to_pylist()  # Q&A
    assert "integration" in drawn["i-strategic"].column("via").to_pylist()
    for slug, share in (("i-pioneering", 0.01), ("i-facilitating", 0.1)):
        via = drawn[slug].column("via")
        assert pc.mean(pc.equal(via, "integration").cast(pa.int8())).as_py() < share


def test_leaving_pioneering_migrates_earlier_content() -> None:
    d = directory(seed=1)
    simulator = Simulator(d, WINDOW, 1, Pseudonymiser(KEY))
    paths = tuple(u.path for u in d.units)
    phases = ("pioneering", "pioneering", "facilitating", "facilitating")
    usage = Usage("grows", "wiki", paths[1], paths[1:], phases, launch=0)
    table = pa.concat_tables(t for _m, t in simulator.tables(usage, 1.0))
    imported = table.filter(pc.equal(table.column("via"), "import"))
    assert imported.num_rows > 50
    assert set(imported.column("kind").to_pylist()) == {"create"}
    launch = datetime(2025, 3, 1, tzinfo=UTC)  # dated in the two years before the launch
    assert pc.max(imported.column("ts")).as_py() < launch
    assert pc.min(imported.column("ts")).as_py() >= datetime(2023, 3, 1, tzinfo=UTC)
    before = table.filter(pc.less(table.column("ts"), pa.scalar(launch, pa.timestamp("us", "UTC"))))
    assert before.num_rows == imported.num_rows  # nothing else before it went live


def test_months_are_written_in_bounded_batches() -> None:
    d = directory(seed=1)
    simulator = Simulator(d, WINDOW, 1, Pseudonymiser(KEY))
    usage = usages(d)[2]
    largest = {}
    for total in (40_000, 160_000):
        scale = simulator.plan([usage], total).scale
        sizes = []
        for month, table in simulator.tables(usage, scale, chunk_rows=5_000):
            months = pc.strftime(table.column("ts"), format="%Y-%m").to_pylist()
            assert set(months) == {month}  # every batch holds one month
            sizes.append(table.num_rows)
        assert sum(sizes) == pytest.approx(total, rel=0.1)
        largest[total] = max(sizes)
    # four times the events: more batches, not larger ones
    assert largest[160_000] <= 6_000 and largest[40_000] <= 6_000
    assert largest[160_000] < 1.3 * largest[40_000]


def test_events_scale_to_the_number_asked() -> None:
    d = directory(seed=1)
    simulator = Simulator(d, WINDOW, 1, Pseudonymiser(KEY))
    for total in (20_000, 200_000):
        plan = simulator.plan(usages(d), total)
        made = sum(t.num_rows for u in usages(d) for _m, t in simulator.tables(u, plan.scale))
        assert made == pytest.approx(total, rel=0.05)
        assert plan.floor < 20_000


def test_initiatives_spread_over_phases_with_changes() -> None:
    units = unit_tree(10, 1)
    planned = plan_initiatives(7, units, 12, 1)
    firsts = [p.usage.phases[0] for p in planned]
    assert set(firsts) == set(PHASES)
    changing = [p for p in planned if p.change is not None]
    assert changing and all(p.change == 6 for p in changing)
    assert len({p.usage.kind for p in planned}) >= 4
    assert len({p.usage.slug for p in planned}) == 7
    assert all(len(set(p.usage.scope)) >= 6 for p in planned)
