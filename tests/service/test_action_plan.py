"""The action plan through the service: accepting a next step from a snapshot, the refusals,
marking it done, the plan as of a day, and its re-checks over later snapshots."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from wi3.errors import InputError, NotFoundError
from wi3.model import load_model
from wi3.service import (
    Workspace,
    action_plan,
    add_action,
    add_initiative,
    diagnose,
    import_assessments,
    import_people,
    mark_done,
    stored_snapshot,
    write_report,
)
from wi3.store import Action

Q1 = date(2026, 3, 31)
Q2 = date(2026, 6, 30)
Q3 = date(2026, 9, 30)
CATEGORIES = [c.id for c in load_model().categories]


def assess(ws: Workspace, folder: Path, day: date, phase: str, **other: str) -> None:
    """An owner assessment of team-wiki on `day`: `phase` for every category but those named."""
    answers = "\n".join(f"      assess.{c}: {other.get(c, phase)}" for c in CATEGORIES)
    path = folder / f"assessment-{day.isoformat()}.yaml"
    path.write_text(
        f"assessments:\n  - initiative: team-wiki\n    assessed_on: {day.isoformat()}\n"
        f"    answers:\n{answers}\n"
    )
    import_assessments(ws, None, path)


@pytest.fixture
def diagnosed(workspace: Workspace, tmp_path: Path) -> Workspace:
    """team-wiki pioneering on 31 March (vision and community pioneering), then facilitating
    on 30 June; nothing new by 30 September."""
    assess(workspace, tmp_path, date(2026, 3, 1), "pioneering", leadership="facilitating")
    diagnose(workspace, None, Q1)
    assess(workspace, tmp_path, date(2026, 6, 1), "facilitating")
    diagnose(workspace, None, Q2)
    diagnose(workspace, None, Q3)
    return workspace


def first_step(ws: Workspace, day: date) -> str:
    diagnosis = stored_snapshot(ws, None, day).initiative("team-wiki")
    assert diagnosis is not None and diagnosis.next_steps
    return diagnosis.next_steps[0].tip


def test_an_accepted_step_keeps_its_evidence_and_indicators_as_they_were(
    diagnosed: Workspace,
) -> None:
    tip = first_step(diagnosed, Q1)
    action = add_action(diagnosed, None, "team-wiki", tip.lower(), "  community   manager ", Q3, Q1)
    assert (action.tip, action.owner, action.status, action.accepted_on) == (
        tip,
        "community manager",
        "open",
        Q1,
    )
    step = stored_snapshot(diagnosed, None, Q1).initiative("team-wiki").next_steps[0]  # type: ignore[union-attr]
    baseline = action.baseline
    assert (baseline.as_of, baseline.phase, baseline.target) == (Q1, "pioneering", "facilitating")
    assert [m.indicator for m in baseline.measure] == list(step.measure)
    assert [m.indicator for m in baseline.evidence] == list(step.evidence)
    owner = [m for m in baseline.measure if m.evidence == "owner"]
    assert owner and all(m.level == 1 and m.value == "pioneering" for m in owner)
    # usage was never imported: the indicator is kept as missing, with no figure
    usage = [m for m in baseline.measure if m.evidence == "usage"]
    assert all(m.status == "missing" and m.value is None for m in usage)
    with diagnosed.store.transaction() as session:
        row = session.scalars(select(Action)).one()
        assert row.basis_as_of == Q1 and row.baseline == baseline.to_json()


def test_later_snapshots_re_check_it_and_the_plan_reads_as_of_a_day(
    diagnosed: Workspace,
) -> None:
    tip = first_step(diagnosed, Q1)
    action = add_action(diagnosed, None, "team-wiki", tip, "community manager", Q3, Q1)
    (planned,) = action_plan(diagnosed, None)
    # 30 June: the owner now answers facilitating, a level up; 30 September: still that
    # assessment, newer than the one the action was accepted on
    assert [(c.as_of, c.outcome) for c in planned.checks] == [(Q2, "better"), (Q3, "better")]
    assert planned.checks[0].phase == "facilitating"
    judged = {c.then.indicator: c.outcome for c in planned.checks[0].indicators}
    assert {o for i, o in judged.items() if i.startswith("assess.")} == {"better"}
    assert {o for i, o in judged.items() if ".usage." in i} <= {"no_new_evidence"}
    # as of 30 June the plan holds it, re-checked once; before 31 March it holds nothing
    (then,) = action_plan(diagnosed, None, as_of=Q2)
    assert [c.as_of for c in then.checks] == [Q2]
    assert action_plan(diagnosed, None, as_of=date(2026, 3, 30)) == []
    mark_done(diagnosed, None, action.id, date(2026, 8, 15))
    assert action_plan(diagnosed, None, as_of=Q2)[0].status == "open"  # done later
    done = action_plan(diagnosed, None, as_of=Q3)[0]
    assert (done.status, done.done_on) == ("done", date(2026, 8, 15))
    assert len(done.checks) == 2  # a done action is still re-checked
    assert action_plan(diagnosed, None, status="open") == []
    assert [a.id for a in action_plan(diagnosed, None, status="done")] == [action.id]
    assert action_plan(diagnosed, None, initiative="chat") == []
    # accepted from the snapshot of 30 June: by 30 September nothing newer was measured
    later = add_action(diagnosed, None, "team-wiki", first_step(diagnosed, Q2), "lead", Q3, Q2)
    (again,) = action_plan(diagnosed, None, initiative="team-wiki", status="open")
    assert again.id == later.id
    assert [(c.as_of, c.outcome) for c in again.checks] == [(Q3, "no_new_evidence")]


def test_diagnosing_a_date_again_updates_the_re_checks(
    diagnosed: Workspace, tmp_path: Path
) -> None:
    tip = first_step(diagnosed, Q1)
    add_action(diagnosed, None, "team-wiki", tip, "community manager", Q3, Q1)
    assess(diagnosed, tmp_path, date(2026, 9, 1), "pioneering")
    diagnose(diagnosed, None, Q3)
    (planned,) = action_plan(diagnosed, None)
    assert [c.outcome for c in planned.checks] == ["better", "unchanged"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"initiative": "nope"}, "no initiative 'nope' in acme; its initiatives are chat"),
        ({"tip": "T99"}, "no tip 'T99' in the model; its tips are T1, T2"),
        ({"tip": "E1"}, "E1 is end-of-life advice for a stopped initiative, not a growth step"),
        ({"due": date(2026, 3, 30)}, "--due 2026-03-30 lies before the day the action is"),
        ({"owner": "  "}, "--owner is empty"),
        ({"owner": "ann@example.org"}, "looks like an e-mail address"),
        ({"owner": "head\x1b[31m of HR"}, "a role is a few words on one line"),
        ({"owner": "x" * 81}, "at most 80 characters"),
        ({"accepted_on": date(2026, 3, 1)}, "acme has no diagnosis on or before 2026-03-01"),
    ],
)
def test_what_cannot_be_accepted_is_refused_with_what_to_do(
    diagnosed: Workspace, change: dict[str, object], message: str
) -> None:
    arguments: dict[str, object] = {
        "initiative": "team-wiki",
        "tip": first_step(diagnosed, Q1),
        "owner": "community manager",
        "due": Q3,
        "accepted_on": Q1,
    }
    arguments |= change
    error = InputError if change.keys() - {"initiative", "accepted_on"} else NotFoundError
    with pytest.raises(error, match=message.replace("[", r"\[").replace("(", r"\(")):
        add_action(
            diagnosed,
            None,
            str(arguments["initiative"]),
            str(arguments["tip"]),
            str(arguments["owner"]),
            arguments["due"],  # type: ignore[arg-type]
            arguments["accepted_on"],  # type: ignore[arg-type]
        )
    assert action_plan(diagnosed, None) == []


def test_a_tip_that_is_not_a_next_step_is_refused_with_the_steps_there_are(
    diagnosed: Workspace,
) -> None:
    steps = stored_snapshot(diagnosed, None, Q1).initiative("team-wiki").next_steps  # type: ignore[union-attr]
    other = next(f"T{n}" for n in range(1, 9) if f"T{n}" not in {s.tip for s in steps})
    with pytest.raises(InputError) as refused:
        add_action(diagnosed, None, "team-wiki", other, "community manager", Q3, Q1)
    assert str(refused.value).startswith(
        f"{other} is not among the next steps of team-wiki in the snapshot of 2026-03-31 "
        f"({', '.join(s.tip for s in steps)})"
    )


def test_an_initiative_the_snapshot_does_not_hold_is_refused(diagnosed: Workspace) -> None:
    add_initiative(diagnosed, None, "hr-blog", name="HR blog", kind="blog", start_date=Q3)
    diagnose(diagnosed, None, Q2)
    with pytest.raises(InputError, match="the snapshot of 2026-06-30 does not hold hr-blog"):
        add_action(diagnosed, None, "hr-blog", "T1", "community manager", Q3, Q2)


def test_an_open_step_cannot_be_accepted_twice_but_a_done_one_can(diagnosed: Workspace) -> None:
    tip = first_step(diagnosed, Q1)
    first = add_action(diagnosed, None, "team-wiki", tip, "community manager", Q3, Q1)
    with pytest.raises(InputError, match=f"already in the plan as action {first.id}, open"):
        add_action(diagnosed, None, "team-wiki", tip, "intranet lead", Q3, Q1)
    mark_done(diagnosed, None, first.id, Q2)
    again = add_action(diagnosed, None, "team-wiki", tip, "intranet lead", Q3, Q1)
    assert again.id != first.id


def test_marking_done_is_checked(diagnosed: Workspace) -> None:
    tip = first_step(diagnosed, Q1)
    action = add_action(diagnosed, None, "team-wiki", tip, "community manager", Q3, Q1)
    with pytest.raises(InputError, match="accepted on 2026-03-31; it cannot be done on 2026-03-"):
        mark_done(diagnosed, None, action.id, date(2026, 3, 1))
    with pytest.raises(NotFoundError, match="acme has no action 99; `wi3 plan list`"):
        mark_done(diagnosed, None, 99, Q2)
    assert mark_done(diagnosed, None, action.id, Q2).done_on == Q2
    with pytest.raises(InputError, match="marked done already on 2026-06-30"):
        mark_done(diagnosed, None, action.id, Q3)


def test_a_name_in_the_people_directory_is_no_owner(diagnosed: Workspace, tmp_path: Path) -> None:
    directory = tmp_path / "people.csv"
    directory.write_text(
        "person_id,unit,location,level,start_date,end_date,bot,aliases\n"
        "E1,ict,Utrecht,staff,,,no,Ann de Wit; annw\n"
    )
    import_people(diagnosed, None, directory)
    tip = first_step(diagnosed, Q1)
    for owner, kind in (("ann  DE wit", "name"), ("annw", "handle")):
        with pytest.raises(InputError, match=f"is the {kind} of someone in the people directory"):
            add_action(diagnosed, None, "team-wiki", tip, owner, Q3, Q1)
    assert add_action(diagnosed, None, "team-wiki", tip, "knowledge manager", Q3, Q1).id


def test_the_report_shows_the_plan_as_of_its_date_and_compares(
    diagnosed: Workspace, tmp_path: Path
) -> None:
    tip = first_step(diagnosed, Q1)
    add_action(diagnosed, None, "team-wiki", tip, "intranet lead", Q3, Q1)
    # the report of 31 March shows the action with no re-check yet; that of 30 June with one
    early = write_report(diagnosed, None, "json", Q1, "en", tmp_path / "q1.json")
    first = json.loads(early.read_text())
    assert [a["checks"] for a in first["plan"]] == [[]] and "comparison" not in first
    later = json.loads(
        write_report(diagnosed, None, "json", Q2, "en", tmp_path / "q2.json").read_text()
    )
    (action,) = later["plan"]
    assert [c["as_of"] for c in action["checks"]] == ["2026-06-30"]
    assert later["comparison"]["before"] == "2026-03-31"
    assert later["summary"]["advanced"] == ["team-wiki"]
    compared = json.loads(
        write_report(
            diagnosed, None, "json", Q3, "nl", tmp_path / "q3.json", compare=Q1
        ).read_text()
    )
    assert compared["comparison"]["before"] == "2026-03-31"
    summary_only = json.loads(
        write_report(diagnosed, None, "json", Q3, "en", summary_only=True).read_text()
    )
    assert set(summary_only) == {"organisation", "as_of", "summary", "report"}
    with pytest.raises(InputError, match="--compare 2026-09-30: a report compares with an earlier"):
        write_report(diagnosed, None, "md", Q3, "en", compare=Q3)
    with pytest.raises(NotFoundError, match="no diagnosis of 2026-01-31"):
        write_report(diagnosed, None, "md", Q3, "en", compare=date(2026, 1, 31))
