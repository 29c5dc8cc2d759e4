"""`wi3 simulate` end to end: directory import, accounts, the event store, and the phases' bands.

The usage metrics here are written directly in DuckDB over the event store and the directory
Parquet files, as MODEL.md §8 defines them, for the last quarter of the simulated months.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from wi3.cli import app
from wi3.errors import InputError
from wi3.events import EventStore
from wi3.example import PLANS, UNITS
from wi3.service import SimulationResult, Workspace, init_workspace, initiatives, simulate
from wi3.service._demo import USAGE_WINDOW, example_usages

QUARTER = ("2025-04-01", "2025-07-01")


@pytest.fixture(scope="module")
def simulated(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Workspace, SimulationResult]]:
    """One initiative per phase (strategic wiki, facilitating Q&A, pioneering chat)."""
    ws = init_workspace(tmp_path_factory.mktemp("sim") / "ws")
    result = simulate(ws, None, people=1200, initiatives=3, months=6, seed=3, last_month="2025-06")
    yield ws, result
    ws.close()


METRICS = """
WITH people AS (
    -- the event files hold each pseudonym as the number of its 64 bits, less 2^63
    SELECT (('0x' || a.account)::UBIGINT::HUGEINT - 9223372036854775808)::BIGINT AS actor,
           p.person, p.unit, p.level, p.bot,
           coalesce(p.start_date, DATE '1900-01-01') AS start_date,
           coalesce(p.end_date, DATE '9999-12-31') AS end_date
    FROM read_parquet($directory || '/people.parquet') p
    LEFT JOIN read_parquet($directory || '/accounts.parquet') a USING (person)
    WHERE p.in_directory
),
events AS (SELECT e.*, p.unit AS actor_unit, p.bot AS actor_bot
           FROM read_parquet($events) e LEFT JOIN people p USING (actor)),
quarter AS (SELECT * FROM events
            WHERE ts >= $start::TIMESTAMPTZ AND ts < $end::TIMESTAMPTZ AND NOT actor_bot),
eligible AS (SELECT DISTINCT person FROM people
             WHERE NOT bot AND start_date < $end::DATE AND end_date >= $start::DATE
               AND len(list_filter($scope, lambda s: unit = s OR starts_with(unit, s || '/'))) > 0),
contributions AS (SELECT actor, count(*) AS n FROM quarter
                  WHERE kind IN ('create', 'reply', 'edit') GROUP BY actor),
threads AS (SELECT item, actor, ts FROM quarter WHERE kind = 'create'),
first_replies AS (
    SELECT t.item, min(r.ts) - t.ts AS wait FROM threads t
    JOIN events r ON r.kind = 'reply' AND r.item = t.item AND r.actor <> t.actor
    GROUP BY t.item, t.ts
),
replies AS (SELECT q.actor_unit, p.unit AS target_unit FROM quarter q
            JOIN people p ON p.actor = q.target WHERE q.kind = 'reply')
SELECT
    (SELECT count(DISTINCT actor) FROM quarter)
        / (SELECT count(*) FROM eligible) AS active_ratio,
    (SELECT sum(n) FROM (SELECT n FROM contributions ORDER BY n DESC LIMIT 10))
        / (SELECT sum(n) FROM contributions) AS top10_share,
    (SELECT median(epoch(wait)) / 3600 FROM first_replies) AS first_reply_hours,
    (SELECT avg((actor_unit <> target_unit)::INT) FROM replies) AS cross_unit_share
"""

BANDS = {
    "pioneering": {
        "active_ratio": (0, 0.15),
        "top10_share": (0.7, 1),
        "first_reply_hours": (24, 10_000),
        "cross_unit_share": (0, 0.1),
    },
    "facilitating": {
        "active_ratio": (0.15, 0.5),
        "top10_share": (0.4, 0.7),
        "first_reply_hours": (2, 24),
        "cross_unit_share": (0.1, 0.3),
    },
    "strategic": {
        "active_ratio": (0.5, 1),
        "top10_share": (0, 0.4),
        "first_reply_hours": (0, 2),
        "cross_unit_share": (0.3, 1),
    },
}
"""MODEL.md §8, level by level."""


def metrics(ws: Workspace, org: str, initiative: str, scope: list[str]) -> dict[str, Any]:
    files = [str(p) for p in EventStore(ws.events_dir).files(org, initiative)]
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        cursor = con.execute(
            METRICS,
            {
                "directory": str(ws.events_dir / "_directory" / f"org={org}"),
                "events": files,
                "start": QUARTER[0],
                "end": QUARTER[1],
                "scope": scope,
            },
        )
        row = cursor.fetchone()
        assert row is not None
        return dict(zip([d[0] for d in cursor.description], row, strict=True))
    finally:
        con.close()


def scope_of(ws: Workspace, slug: str) -> list[str]:
    """The units the initiative is registered for (a path covers its sub-units)."""
    (row,) = [i for i in initiatives(ws, "simulated") if i.slug == slug]
    assert row.scope
    return list(row.scope)


def test_each_phase_lands_in_its_bands(simulated: tuple[Workspace, SimulationResult]) -> None:
    ws, result = simulated
    phases = {i.slug: i.phases for i in result.initiatives}
    assert sorted(phases.values()) == ["facilitating", "pioneering", "strategic"]
    for slug, phase in phases.items():
        found = metrics(ws, result.organisation, slug, scope_of(ws, slug))
        for name, (low, high) in BANDS[phase].items():
            assert low <= found[name] <= high, (slug, phase, name, found[name])


def test_directory_accounts_and_organisation(
    simulated: tuple[Workspace, SimulationResult],
) -> None:
    ws, result = simulated
    folder = ws.events_dir / "_directory" / f"org={result.organisation}"
    con = duckdb.connect()
    levels = dict(
        con.execute(
            f"SELECT coalesce(level, 'none'), count(*) FROM '{folder}/people.parquet'"
            " WHERE in_directory GROUP BY ALL"
        ).fetchall()
    )
    assert levels.keys() == {"staff", "manager", "executive", "none"}
    assert levels["none"] == result.bots == 3
    unlinked = con.execute(
        f"SELECT count(*) FROM '{folder}/accounts.parquet' a "
        f"JOIN '{folder}/people.parquet' p USING (person) WHERE NOT p.in_directory"
    ).fetchone()
    bots = con.execute(f"SELECT count(*) FROM '{folder}/accounts.parquet' WHERE bot").fetchone()
    assert unlinked == (0,)  # every account belongs to a directory person
    assert bots is not None and bots[0] >= 1  # the digest bot posted
    assert result.accounts_new > 500
    with ws.store.transaction() as session:
        from sqlalchemy import select

        from wi3.store import Organisation

        org = session.scalar(select(Organisation).where(Organisation.slug == "simulated"))
        assert org is not None and org.example


def test_running_again_adds_nothing(simulated: tuple[Workspace, SimulationResult]) -> None:
    ws, result = simulated
    again = simulate(ws, None, people=1200, initiatives=3, months=6, seed=3, last_month="2025-06")
    assert again.written == result.written and again.added == 0
    assert again.accounts_new == 0


def test_same_seed_elsewhere_gives_the_same_event_ids(tmp_path: Path) -> None:
    def ids(folder: Path, seed: int) -> set[str]:
        ws = init_workspace(folder)
        try:
            simulate(ws, None, people=150, initiatives=2, months=2, seed=seed, last_month="2025-06")
            files = [str(p) for p in EventStore(ws.events_dir).files("simulated")]
        finally:
            ws.close()
        rows = duckdb.execute(f"SELECT event_id FROM read_parquet({files})").fetchall()
        return {r[0] for r in rows}

    first = ids(tmp_path / "a", 1)
    assert first and first == ids(tmp_path / "b", 1)
    assert not first & ids(tmp_path / "c", 2)


def test_refuses_an_organisation_with_real_data(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws")
    try:
        (tmp_path / "org.yaml").write_text("organisation: {slug: acme, name: Acme}\n")
        from wi3.service import import_organisation_file

        import_organisation_file(ws, tmp_path / "org.yaml")
        with pytest.raises(InputError, match="holds real data"):
            simulate(ws, "acme", people=50, initiatives=1, months=1, seed=1, last_month="2025-06")
        with pytest.raises(InputError, match="too few"):
            simulate(ws, None, people=5, initiatives=1, months=1, seed=1)
    finally:
        ws.close()


def test_cli_prints_the_initiatives_and_the_rate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = CliRunner().invoke(
        app,
        ["--workspace", str(tmp_path / "ws"), "simulate", "--people", "120", "--initiatives",
         "4", "--months", "6", "--events", "20000", "--seed", "2", "--last-month", "2025-06"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "simulated usage of simulated (seed 2)" in result.output
    assert "pioneering → facilitating (2025-04)" in result.output
    assert "events/s" in result.output and "120 people" in result.output


def test_demo_plans_give_the_simulator_what_it_needs() -> None:
    units = {path for path, _name in UNITS}
    usages = {u.slug: u for u in example_usages()}
    assert usages.keys() == {p.slug for p in PLANS}
    for plan in PLANS:
        usage = usages[plan.slug]
        assert set(plan.scope) <= units and plan.unit in plan.scope
        assert len(usage.phases) == USAGE_WINDOW.count == 30
        # the quarters' phases: 2024-Q4 is months 6-8 of the window (April 2024 onwards); an
        # initiative that ends has none from its end on
        expected = tuple(
            None if plan.end and USAGE_WINDOW.start(6 + 3 * q) >= plan.end else phase
            for q, phase in enumerate(plan.phases)
        )
        assert tuple(usage.phases[6 + 3 * q] for q in range(8)) == expected
        if {"facilitating", "strategic"} & set(plan.phases):
            assert len(plan.scope) >= 3
    assert usages["hr-blog"].launch == 15  # July 2025
    assert usages["netbeheer-wiki"].launch < 0
    assert usages["dev-slack"].archived == 25  # retired in May 2026: its channels archived


def test_every_kind_of_initiative_is_simulated(tmp_path: Path) -> None:
    """Nine initiatives cover every kind in the plan, mailing lists (two channels) included."""
    ws = init_workspace(tmp_path / "ws")
    try:
        result = simulate(
            ws, None, people=200, initiatives=9, months=2, seed=5, last_month="2025-06"
        )
    finally:
        ws.close()
    kinds = {i.kind for i in result.initiatives}
    assert {"wiki", "qa", "chat", "esn", "forum", "blog", "mailing_list"} <= kinds
    assert all(i.events > 0 for i in result.initiatives)


def test_an_interrupted_simulation_leaves_nothing_behind(tmp_path: Path) -> None:
    from sqlalchemy import func, select

    from wi3.store import Organisation, Person

    ws = init_workspace(tmp_path / "ws")

    def interrupt(written: int, _expected: int) -> None:
        if written > 2_000:
            raise KeyboardInterrupt  # Ctrl-C while the events are drawn

    try:
        with pytest.raises(KeyboardInterrupt):
            simulate(
                ws,
                None,
                people=200,
                initiatives=3,
                months=6,
                seed=3,
                last_month="2025-06",
                progress=interrupt,
            )
        with ws.store.transaction() as session:
            assert session.scalar(select(func.count()).select_from(Organisation)) == 0
            assert session.scalar(select(func.count()).select_from(Person)) == 0
        events = ws.events_dir
        assert not list(events.glob("org=*")) and not list((events / "_staging").iterdir())
        assert not list((ws.path / "simulated").rglob("*.csv"))
        # and the same simulation then runs whole
        result = simulate(
            ws, None, people=200, initiatives=3, months=6, seed=3, last_month="2025-06"
        )
        assert result.added > 2_000
    finally:
        ws.close()
