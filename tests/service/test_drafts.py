"""Owner assessments on a form: the questions, drafts per role, recording, and the diagnosis."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from wi3.errors import InputError
from wi3.service import (
    Workspace,
    assessment_form,
    diagnose,
    open_workspace,
    save_assessment_draft,
    submit_assessment,
)
from wi3.store import Answer, Assessment, AssessmentDraft


def drafts(ws: Workspace) -> int:
    with ws.store.transaction() as session:
        return session.scalar(select(func.count()).select_from(AssessmentDraft)) or 0


def test_the_form_shows_each_category_s_phase_descriptors(team: Workspace) -> None:
    form = assessment_form(team, None, "team-wiki", "nl")
    assert form.name == "Team wiki" and form.answered == 0 and form.saved_at is None
    focus = form.questions[0]
    assert (focus.id, focus.kind, focus.category, focus.perspective) == (
        "assess.focus",
        "anchored",
        "focus",
        "user",
    )
    assert focus.question.startswith("Welke omschrijving past het best")
    assert [c.value for c in focus.options] == ["pioneering", "facilitating", "strategic"]
    descriptors = {c.id: c for c in team.model.categories}["focus"].levels
    assert [c.text for c in focus.options] == [
        descriptors.of(p).text.nl for p in ("pioneering", "facilitating", "strategic")
    ]
    kinds = {q.kind for q in form.questions}
    assert kinds == {"anchored", "yes_no", "choice"}
    parallel = next(q for q in form.questions if q.id == "fact.parallel_tools")
    assert [(c.value, c.text) for c in parallel.options] == [("yes", "Ja"), ("no", "Nee")]
    assert form.dont_know == "Weet niet"

    organisation = assessment_form(team, None, "@organisation", "en")
    assert organisation.name == "the organisation"
    assert {q.perspective for q in organisation.questions} == {"business", "organisation"}
    assert all(q.kind == "anchored" for q in organisation.questions)


def test_a_draft_is_kept_per_role_and_survives_a_restart(team: Workspace) -> None:
    save_assessment_draft(
        team,
        None,
        "team-wiki",
        "community manager",
        {"assess.focus": "facilitating", "fact.monitoring": "dont_know"},
    )
    save_assessment_draft(team, None, "team-wiki", "sponsor", {"assess.focus": "3"})
    form = save_assessment_draft(
        team,
        None,
        "team-wiki",
        "community  manager",
        {"assess.culture": "pionierend", "fact.monitoring": ""},
    )
    assert form.role == "community manager"
    assert {q.id: q.answer for q in form.questions if q.answer} == {
        "assess.focus": "facilitating",
        "assess.culture": "pioneering",
    }
    with pytest.raises(InputError, match="assess.content: 'often' is not an answer to assess"):
        save_assessment_draft(
            team, None, "team-wiki", "sponsor", {"assess.vision": "2", "assess.content": "often"}
        )
    url = team.store.url
    team.close()
    reopened = open_workspace(team.path)
    try:
        assert reopened.store.url == url
        sponsor = assessment_form(reopened, None, "team-wiki", "en", "sponsor")
        assert {q.id: q.answer for q in sponsor.questions if q.answer} == {
            "assess.focus": "strategic"
        }
        assert sponsor.saved_at is not None
    finally:
        reopened.close()


def test_recording_a_draft_stores_the_assessment_and_the_diagnosis_reads_it(
    team: Workspace,
) -> None:
    save_assessment_draft(
        team,
        None,
        "team-wiki",
        "community manager",
        {"assess.community": "facilitating", "assess.leadership": "dont_know"},
    )
    recorded = submit_assessment(
        team,
        None,
        "team-wiki",
        "community manager",
        date(2026, 3, 1),
        {"fact.parallel_tools": "nee"},
    )
    assert (recorded.answered, recorded.dont_know, recorded.added) == (2, 1, True)
    assert str(recorded) == (
        "assessment of team-wiki on 2026-03-01 by the community manager: 2 answers, 1 don't know"
    )
    assert drafts(team) == 0
    with team.store.transaction() as session:
        stored = session.scalars(select(Assessment)).one()
        assert (stored.assessed_on, stored.assessor_role, stored.origin) == (
            date(2026, 3, 1),
            "community manager",
            "form",
        )
        answers = {a.item_id: (a.value, a.dont_know) for a in stored.answers}
    assert answers == {
        "assess.community": ("facilitating", False),
        "assess.leadership": (None, True),
        "fact.parallel_tools": ("no", False),
    }
    assert assessment_form(team, None, "team-wiki").last_assessed_on == date(2026, 3, 1)
    snapshot = diagnose(team, None, date(2026, 3, 31))
    wiki = next(d for d in snapshot.diagnosis.initiatives if d.initiative == "team-wiki")
    assert "owner" in wiki.confidence.kinds_present
    community = next(c for c in wiki.categories if c.category == "community")
    owner = next(r for r in community.readings if r.indicator == "assess.community")
    assert (owner.value, owner.level) == ("facilitating", 2)


def test_the_organisation_level_form_takes_no_facts(team: Workspace) -> None:
    with pytest.raises(InputError, match="'fact.parallel_tools' is not a question of the"):
        save_assessment_draft(team, None, "@organisation", "cio", {"fact.parallel_tools": "no"})
    with pytest.raises(InputError, match="'assess.tools' is not a question of the organisation"):
        save_assessment_draft(team, None, "@organisation", "cio", {"assess.tools": "1"})
    recorded = submit_assessment(
        team, None, "@organisation", "cio", date(2026, 2, 1), {"assess.vision": "2"}
    )
    assert recorded.added
    with team.store.transaction() as session:
        stored = session.scalars(select(Assessment)).one()
        assert stored.initiative_id is None


def test_nothing_is_recorded_without_a_role_or_an_answer(team: Workspace) -> None:
    with pytest.raises(InputError, match="give your role"):
        save_assessment_draft(team, None, "team-wiki", "  ", {"assess.focus": "1"})
    # a NUL byte, which PostgreSQL cannot store, is refused as the role's fault, not the store's
    with pytest.raises(InputError, match="holds a control character") as caught:
        save_assessment_draft(team, None, "team-wiki", "\x00owner", {"assess.focus": "1"})
    assert "stuurteken" in caught.value.message("nl")
    with pytest.raises(InputError, match="the assessment has no answers"):
        submit_assessment(team, None, "team-wiki", "owner", date(2026, 1, 1))
    with team.store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Answer)) == 0
