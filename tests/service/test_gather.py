"""A diagnosis reads every initiative's owner assessment and survey round in two queries; each
initiative gets the same evidence as a look-up of its own would give it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import event

from wi3.metrics import DAYS_SCHEMA, Activity
from wi3.service import Workspace, import_assessments, import_survey
from wi3.service._diagnose import (
    _owner_observations,
    _survey_observations,
    gather,
    latest_assessment,
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
            found = gather(session, workspace.model, org, as_of, [], empty)
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
