"""Simulated initiatives that decline, fall silent or are archived, diagnosed over time.

The simulator's plan is the ground truth (`Planned.activity_on`): the diagnosis must find the
same activity state, from the events and signals alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from wi3.diagnosis import InitiativeDiagnosis
from wi3.service import (
    PEOPLE_PER_UNIT,
    SimulationResult,
    Workspace,
    diagnose,
    init_workspace,
    simulate,
)
from wi3.simulate import Window, plan_initiatives, unit_tree

PEOPLE, INITIATIVES, MONTHS, SEED, LAST = 400, 8, 24, 11, "2026-06"
WINDOW = Window.ending(LAST, MONTHS)


@pytest.fixture(scope="module")
def simulated(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Workspace, SimulationResult]]:
    ws = init_workspace(tmp_path_factory.mktemp("lifecycles") / "ws")
    result = simulate(
        ws,
        None,
        people=PEOPLE,
        initiatives=INITIATIVES,
        months=MONTHS,
        seed=SEED,
        last_month=LAST,
        lifecycles=True,
    )
    yield ws, result
    ws.close()


def planned() -> dict[str, object]:
    units = unit_tree(max(4, round(PEOPLE / PEOPLE_PER_UNIT)), SEED)
    return {p.usage.slug: p for p in plan_initiatives(INITIATIVES, units, MONTHS, SEED, True)}


def diagnosed(ws: Workspace, as_of: date) -> dict[str, InitiativeDiagnosis]:
    return {d.initiative: d for d in diagnose(ws, "simulated", as_of).diagnosis.initiatives}


def test_every_path_is_planned(simulated: tuple[Workspace, SimulationResult]) -> None:
    _ws, result = simulated
    paths = sorted(i.lifecycle.split(" ")[0] for i in result.initiatives)
    # the five initiatives whose phase holds take the paths in turn; the three that change
    # phase stay steady
    assert paths == ["archived", "declining", "dormant"] + ["steady"] * 5


@pytest.mark.parametrize("month", [6, 23])
def test_the_diagnosis_finds_the_planned_activity(
    simulated: tuple[Workspace, SimulationResult], month: int
) -> None:
    ws, _result = simulated
    truth = planned()
    found = diagnosed(ws, WINDOW.last_day(month))
    checked = decided = 0
    for slug, plan in truth.items():
        expected = plan.activity_on(month)  # type: ignore[attr-defined]
        if expected is None:
            continue
        decided += 1
        state = found[slug].activity
        assert state is not None, slug
        got = "active" if state.state == "growing" else state.state
        assert got == expected, (slug, plan.lifecycle, state)  # type: ignore[attr-defined]
        checked += 1
    assert checked == decided >= len(truth) - 1  # a phase regression is left undecided


def test_an_archived_initiative_stops_from_its_archive_date(
    simulated: tuple[Workspace, SimulationResult],
) -> None:
    ws, _result = simulated
    found = diagnosed(ws, WINDOW.last_day(MONTHS - 1))
    for slug, plan in planned().items():
        if plan.lifecycle != "archived":  # type: ignore[attr-defined]
            continue
        state = found[slug].activity
        assert state is not None and state.state == "stopped"
        archived_on = WINDOW.start(plan.turn)  # type: ignore[attr-defined]
        assert state.since == archived_on
        assert found[slug].target is None
        assert [s.tip for s in found[slug].next_steps] == ["E1", "E2", "E3"]


def test_a_snapshot_before_the_start_leaves_a_new_initiative_out(
    simulated: tuple[Workspace, SimulationResult],
) -> None:
    ws, result = simulated
    launched = [i.slug for i in result.initiatives if i.phases.startswith("pioneering")]
    assert launched
    before = diagnosed(ws, date(2024, 6, 30))
    assert not set(launched) & set(before)
