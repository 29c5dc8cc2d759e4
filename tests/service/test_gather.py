"""A diagnosis reads every initiative's owner assessment and survey round in two queries, and
the figures of the quarters it judges; each initiative gets the same evidence as a look-up of
its own would give it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import event
from tests.metrics.conftest import build

from wi3.metrics import DAYS_SCHEMA, Activity
from wi3.service import (
    Workspace,
    add_initiative,
    import_assessments,
    import_survey,
    organisation_metrics,
    usage_observations,
)
from wi3.service._diagnose import (
    _owner_observations,
    _survey_observations,
    gather,
    latest_assessment,
)
from wi3.service._metrics import (
    METRICS_SCHEMA,
    kept_metrics,
    organisation_activity,
    read_figures,
)
from wi3.service._organisation import list_initiatives
from wi3.service._questionnaires import latest_round
from wi3.service._workspace import find_organisation


def test_gather_gives_each_initiative_its_newest_evidence_in_few_queries(
    workspace: Workspace, tmp_path: Path, fixture_path: Path
) -> None:
    later = tmp_path / "later.yaml"
    later.write_text(
        "assessments:\n"
        "  - {initiative: team-wiki, assessed_on: 2026-05-01, answers: {assess.leadership: 3}}\n"
        "  - {initiative: chat, assessed_on: 2026-04-01, answers: {assess.leadership: 1}}\n"
        "  - {initiative: team-wiki, assessed_on: 2026-09-01, answers: {assess.leadership: 1}}\n"
    )
    import_assessments(workspace, None, fixture_path / "survey" / "assessment.yaml")
    import_assessments(workspace, None, later)
    folder = fixture_path / "survey"
    for name, opened in (("2026 Q1", date(2026, 3, 1)), ("2026 Q3", date(2026, 8, 1))):
        import_survey(
            workspace,
            None,
            "team-wiki",
            folder / "forms-export.csv",
            folder / "mapping.yaml",
            name,
            opened,
        )
    as_of = date(2026, 6, 30)  # after the May assessment and the Q1 round, before the others
    empty = Activity(DAYS_SCHEMA.empty_table(), ())
    statements: list[str] = []

    def record(*args: object) -> None:
        statements.append(str(args[2]))  # the statement's SQL text

    with workspace.store.transaction() as session:
        org = find_organisation(session, None)
        initiatives = list_initiatives(session, org)
        bind = session.get_bind()
        event.listen(bind, "before_cursor_execute", record)
        try:
            found = gather(
                session, workspace.model, org, as_of, METRICS_SCHEMA.empty_table(), empty
            )
        finally:
            event.remove(bind, "before_cursor_execute", record)
        expected = {}
        for initiative in initiatives:
            assessment = latest_assessment(session, org, initiative, as_of)
            rnd = latest_round(session, initiative, as_of)
            expected[initiative.slug] = (
                [] if assessment is None else _owner_observations(workspace.model, assessment)
            ) + ([] if rnd is None else _survey_observations(workspace.model, rnd, as_of))
    got = {e.initiative: list(e.observations) for e in found.initiatives}
    assert got == {slug: expected[slug] for slug in got}
    wiki = got["team-wiki"]
    # May's assessment, not March's or September's; the Q1 round, not Q3's (opened later)
    assert {o.dated for o in wiki if o.evidence == "owner"} == {date(2026, 5, 1)}
    assert {o.dated for o in wiki if o.evidence == "survey"} == {date(2026, 3, 1)}
    assert {o.dated for o in got["chat"]} == {date(2026, 4, 1)}
    # two queries for the assessments and rounds of all initiatives, then the answers of each
    # one read: no query per initiative for initiatives without evidence
    assert len([s for s in statements if "FROM assessments" in s]) == 1
    assert len([s for s in statements if "FROM survey_rounds" in s]) == 1


def test_each_initiative_is_judged_on_the_figures_of_its_own_quarter(tmp_path: Path) -> None:
    """The diagnosis turns only the quarters it reads into values; each initiative gets the
    figures the whole list would give it, a stopped one those of the quarter it stopped in."""
    ws = build(tmp_path)
    try:
        add_initiative(ws, None, "answers", status="retired", end_date=date(2026, 5, 10))
        as_of = date(2026, 10, 1)
        activity = organisation_activity(ws, None)
        kept = kept_metrics(ws, None, "quarter", activity=activity)
        every = organisation_metrics(ws, None, "quarter")
        assert every == read_figures(kept)
        with ws.store.transaction() as session:
            org = find_organisation(session, None)
            found = gather(session, ws.model, org, as_of, kept, activity)
        usage = {
            e.initiative: [o for o in e.observations if o.evidence == "usage"]
            for e in found.initiatives
        }
        stopped = date(2026, 5, 10)
        assert usage == {
            "answers": usage_observations(every, "answers", stopped),
            "answers2": usage_observations(every, "answers2", as_of),
        }
        assert {o.dated for o in usage["answers"]} == {date(2026, 3, 31)}
        assert {o.dated for o in usage["answers2"]} == {date(2026, 9, 30)}
        assert len(usage["answers"]) > 5 and len(usage["answers2"]) > 5
    finally:
        ws.close()
