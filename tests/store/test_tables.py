"""Every table round-trips, refuses duplicates and bad references, and cascades to what it owns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from wi3.errors import StoreError
from wi3.store import (
    Answer,
    Assessment,
    Initiative,
    Organisation,
    Snapshot,
    SnapshotPhase,
    Store,
    SurveyAnswer,
    SurveyResponse,
    SurveyRound,
    Unit,
)

if TYPE_CHECKING:
    from tests.store.conftest import Rows, Seed

DIAGNOSIS = {
    "organisation": "acme",
    "as_of": "2024-06-30",
    "phase": "adoption",
    "confidence": 0.625,
    "initiatives": [
        {"slug": "wiki", "phase": "growth", "evidence": ["edits/month 412", "Ø → ünïcödé ✓"]},
        {"slug": "chat", "phase": None, "gates": {"g1": True, "g2": False}},
    ],
    "nested": {"empty": {}, "list": [], "numbers": [1, -2, 3.5e-7, 1e20]},
}


def count(session: Session, model: type[object]) -> int:
    """The number of rows of `model`'s table."""
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_organisation_round_trips_with_utc_created_at(store: Store) -> None:
    before = dt.datetime.now(dt.UTC)
    with store.transaction() as session:
        session.add(Organisation(slug="acme", name="Acme Ltd"))
    with store.transaction() as session:
        acme = session.execute(select(Organisation)).scalar_one()
    assert (acme.slug, acme.name) == ("acme", "Acme Ltd")
    assert acme.created_at.tzinfo == dt.UTC
    assert before - dt.timedelta(seconds=1) <= acme.created_at <= dt.datetime.now(dt.UTC)


def test_timestamps_are_stored_in_utc_and_naive_ones_refused(store: Store) -> None:
    paris = dt.datetime(2024, 1, 15, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))
    with store.transaction() as session:
        session.add(Organisation(slug="acme", name="Acme", created_at=paris))
    with store.transaction() as session:
        stored = session.execute(select(Organisation.created_at)).scalar_one()
    assert stored == dt.datetime(2024, 1, 15, 8, 30, tzinfo=dt.UTC)
    assert stored.tzinfo == dt.UTC

    with pytest.raises(StoreError, match="has no timezone"), store.transaction() as session:
        session.add(Organisation(slug="naive", name="Naive", created_at=dt.datetime(2024, 1, 1)))


def test_unit_tree_round_trips(store: Store, seed: Seed) -> None:
    with store.transaction() as session:
        sales = session.get_one(Unit, seed.sales)
        assert sales.parent is None
        assert [(u.slug, u.path) for u in sales.children] == [("north", "sales/north")]
        north = sales.children[0]
        assert north.parent is sales
        assert (north.organisation_id, north.name) == (seed.organisation, "North")


def test_initiative_round_trips_with_defaults(store: Store, seed: Seed) -> None:
    with store.transaction() as session:
        session.add(
            Initiative(organisation_id=seed.organisation, slug="chat", name="Chat", kind="chat")
        )
    with store.transaction() as session:
        wiki = session.get_one(Initiative, seed.wiki)
        assert (wiki.slug, wiki.name, wiki.kind, wiki.platform) == (
            "wiki",
            "Sales wiki",
            "wiki",
            "MediaWiki",
        )
        assert wiki.unit is not None and wiki.unit.path == "sales/north"
        assert (wiki.start_date, wiki.status, wiki.audience) == (dt.date(2021, 3, 1), "active", 120)
        assert wiki.created_at.tzinfo == dt.UTC
        chat = session.execute(select(Initiative).filter_by(slug="chat")).scalar_one()
        assert (chat.platform, chat.unit, chat.start_date, chat.audience) == (
            None,
            None,
            None,
            None,
        )
        assert chat.status == "active"


def test_assessments_and_answers_round_trip(store: Store, seed: Seed) -> None:
    with store.transaction() as session:
        on_wiki = Assessment(
            organisation_id=seed.organisation,
            initiative_id=seed.wiki,
            assessed_on=dt.date(2024, 5, 2),
            assessor_role="community manager",
            origin="wiki-2024.yaml",
            digest="d1",
            answers=[
                Answer(item_id="q.goals", value="yes"),
                Answer(item_id="q.budget", value=None, dont_know=True),
            ],
        )
        on_organisation = Assessment(
            organisation_id=seed.organisation,
            assessed_on=dt.date(2024, 5, 3),
            origin="interactive",
            digest="d1",
        )
        session.add_all([on_wiki, on_organisation])
    with store.transaction() as session:
        stored = session.execute(select(Assessment).order_by(Assessment.id)).scalars().all()
        assert [(a.initiative_id, a.assessed_on, a.assessor_role, a.origin) for a in stored] == [
            (seed.wiki, dt.date(2024, 5, 2), "community manager", "wiki-2024.yaml"),
            (None, dt.date(2024, 5, 3), None, "interactive"),
        ]
        assert stored[0].initiative is not None and stored[0].initiative.slug == "wiki"
        answers = sorted((a.item_id, a.value, a.dont_know) for a in stored[0].answers)
        assert answers == [("q.budget", None, True), ("q.goals", "yes", False)]
        assert stored[1].answers == []


def test_survey_rounds_responses_and_answers_round_trip(store: Store, seed: Seed) -> None:
    with store.transaction() as session:
        session.add(
            SurveyRound(
                organisation_id=seed.organisation,
                initiative_id=seed.wiki,
                name="2024 spring",
                opened_on=dt.date(2024, 4, 1),
                responses=[
                    SurveyResponse(
                        respondent="r-7f3a",
                        unit_id=seed.north,
                        submitted_on=dt.date(2024, 4, 3),
                        answers=[
                            SurveyAnswer(item_id="s.useful", value=4.5),
                            SurveyAnswer(item_id="s.trust", value=None, not_applicable=True),
                        ],
                    ),
                    SurveyResponse(respondent="r-0b12"),
                ],
            )
        )
    with store.transaction() as session:
        survey = session.execute(select(SurveyRound)).scalar_one()
        assert (survey.name, survey.opened_on, survey.closed_on) == (
            "2024 spring",
            dt.date(2024, 4, 1),
            None,
        )
        assert survey.initiative.slug == "wiki"
        first, second = sorted(survey.responses, key=lambda r: r.respondent, reverse=True)
        assert (first.respondent, first.submitted_on) == ("r-7f3a", dt.date(2024, 4, 3))
        assert first.unit is not None and first.unit.path == "sales/north"
        assert sorted((a.item_id, a.value, a.not_applicable) for a in first.answers) == [
            ("s.trust", None, True),
            ("s.useful", 4.5, False),
        ]
        assert (second.unit_id, second.submitted_on, second.answers) == (None, None, [])
        assert second.round is survey


def test_snapshot_diagnosis_json_and_phases_round_trip(store: Store, seed: Seed) -> None:
    with store.transaction() as session:
        session.add(
            Snapshot(
                organisation_id=seed.organisation,
                as_of=dt.date(2024, 6, 30),
                model_digest="0123456789abcdef",
                diagnosis=DIAGNOSIS,
                phases=[SnapshotPhase(initiative_id=seed.wiki, phase="growth", confidence=0.8)],
            )
        )
    with store.transaction() as session:
        snapshot = session.execute(select(Snapshot)).scalar_one()
        assert snapshot.diagnosis == DIAGNOSIS
        assert (snapshot.as_of, snapshot.model_digest) == (dt.date(2024, 6, 30), "0123456789abcdef")
        assert snapshot.created_at.tzinfo == dt.UTC
        assert [(p.initiative.slug, p.phase, p.confidence) for p in snapshot.phases] == [
            ("wiki", "growth", 0.8)
        ]


def _duplicate_organisation(session: Session, seed: Seed) -> None:
    session.add(Organisation(slug="acme", name="Acme again"))


def _duplicate_unit_path(session: Session, seed: Seed) -> None:
    session.add(Unit(organisation_id=seed.organisation, slug="n", name="N", path="sales/north"))


def _duplicate_initiative_slug(session: Session, seed: Seed) -> None:
    session.add(Initiative(organisation_id=seed.organisation, slug="wiki", name="W", kind="wiki"))


def _assessment(seed: Seed, initiative_id: int | None, digest: str = "same") -> Assessment:
    return Assessment(
        organisation_id=seed.organisation,
        initiative_id=initiative_id,
        assessed_on=dt.date(2024, 1, 1),
        origin="a.yaml",
        digest=digest,
    )


def _duplicate_initiative_assessment(session: Session, seed: Seed) -> None:
    session.add(_assessment(seed, seed.wiki))
    session.flush()
    session.add(_assessment(seed, seed.wiki))


def _duplicate_organisation_assessment(session: Session, seed: Seed) -> None:
    session.add(_assessment(seed, None))
    session.flush()
    session.add(_assessment(seed, None))


def _duplicate_answer(session: Session, seed: Seed) -> None:
    assessment = _assessment(seed, seed.wiki)
    assessment.answers = [Answer(item_id="q1", value="a"), Answer(item_id="q1", value="b")]
    session.add(assessment)


def _survey_round(seed: Seed) -> SurveyRound:
    return SurveyRound(
        organisation_id=seed.organisation,
        initiative_id=seed.wiki,
        name="spring",
        opened_on=dt.date(2024, 4, 1),
    )


def _duplicate_survey_round(session: Session, seed: Seed) -> None:
    session.add_all([_survey_round(seed), _survey_round(seed)])


def _duplicate_respondent(session: Session, seed: Seed) -> None:
    survey = _survey_round(seed)
    survey.responses = [SurveyResponse(respondent="r1"), SurveyResponse(respondent="r1")]
    session.add(survey)


def _duplicate_survey_answer(session: Session, seed: Seed) -> None:
    survey = _survey_round(seed)
    response = SurveyResponse(respondent="r1")
    response.answers = [SurveyAnswer(item_id="s1", value=1), SurveyAnswer(item_id="s1", value=2)]
    survey.responses = [response]
    session.add(survey)


def _snapshot(seed: Seed) -> Snapshot:
    return Snapshot(
        organisation_id=seed.organisation,
        as_of=dt.date(2024, 6, 30),
        model_digest="m",
        diagnosis={},
    )


def _duplicate_snapshot(session: Session, seed: Seed) -> None:
    session.add(_snapshot(seed))
    session.flush()
    session.add(_snapshot(seed))


def _duplicate_snapshot_phase(session: Session, seed: Seed) -> None:
    snapshot = _snapshot(seed)
    session.add(snapshot)
    session.flush()
    for phase in ("growth", "maturity"):
        # A separate session would hit the identity map; raw insert reaches the database.
        session.execute(
            SnapshotPhase.__table__.insert().values(
                snapshot_id=snapshot.id, initiative_id=seed.wiki, phase=phase, confidence=0.5
            )
        )


@pytest.mark.parametrize(
    "duplicate",
    [
        _duplicate_organisation,
        _duplicate_unit_path,
        _duplicate_initiative_slug,
        _duplicate_initiative_assessment,
        _duplicate_organisation_assessment,
        _duplicate_answer,
        _duplicate_survey_round,
        _duplicate_respondent,
        _duplicate_survey_answer,
        _duplicate_snapshot,
        _duplicate_snapshot_phase,
    ],
    ids=lambda f: f.__name__.removeprefix("_duplicate_"),
)
def test_duplicates_are_refused_and_nothing_is_written(
    store: Store,
    seed: Seed,
    rows: Callable[[], Rows],
    duplicate: Callable[[Session, Seed], None],
) -> None:
    before = rows()
    with pytest.raises(StoreError) as refused, store.transaction() as session:
        session.add(Organisation(slug="bystander", name="Written in the same transaction"))
        duplicate(session, seed)
        session.flush()
    assert "duplicate" in str(refused.value)
    assert "Nothing was changed" in str(refused.value)
    assert rows() == before


def test_same_slugs_and_digests_are_allowed_where_scopes_differ(store: Store, seed: Seed) -> None:
    with store.transaction() as session:
        other = Organisation(slug="globex", name="Globex")
        session.add(other)
        session.flush()
        session.add_all(
            [
                Unit(organisation_id=other.id, slug="sales", name="Sales", path="sales"),
                Initiative(organisation_id=other.id, slug="wiki", name="Wiki", kind="wiki"),
                _assessment(seed, seed.wiki),
                _assessment(seed, None),  # same digest, organisation level: another subject
                _snapshot(seed),
            ]
        )
        session.flush()
        snapshot = _snapshot(seed)
        snapshot.organisation_id = other.id
        session.add(snapshot)
    with store.transaction() as session:
        assert count(session, Assessment) == 2
        assert count(session, Snapshot) == 2


@pytest.mark.parametrize(
    ("field", "value"), [("kind", "podcast"), ("status", "archived")], ids=["kind", "status"]
)
def test_initiative_kind_and_status_are_checked(
    store: Store, seed: Seed, field: str, value: str
) -> None:
    initiative = Initiative(organisation_id=seed.organisation, slug="x", name="X", kind="wiki")
    setattr(initiative, field, value)
    with pytest.raises(StoreError, match="outside the allowed set"), store.transaction() as s:
        s.add(initiative)


def test_references_to_missing_rows_are_refused(store: Store, seed: Seed) -> None:
    missing = pytest.raises(StoreError, match="refers to a row that does not exist")
    with missing, store.transaction() as session:
        session.add(Initiative(organisation_id=9999, slug="ghost", name="Ghost", kind="wiki"))
    with store.transaction() as session:
        assert count(session, Initiative) == 1


def test_deleting_an_initiative_still_assessed_is_refused(store: Store, seed: Seed) -> None:
    with store.transaction() as session:
        session.add(_assessment(seed, seed.wiki))
    with pytest.raises(StoreError, match="still referred to"), store.transaction() as session:
        session.execute(delete(Initiative).where(Initiative.id == seed.wiki))
    with store.transaction() as session:
        assert count(session, Initiative) == 1


def _fill(session: Session, seed: Seed) -> None:
    """An assessment with answers, a survey round with answers, a snapshot with a phase."""
    assessment = _assessment(seed, seed.wiki)
    assessment.answers = [Answer(item_id="q1", value="a"), Answer(item_id="q2", value="b")]
    survey = _survey_round(seed)
    response = SurveyResponse(respondent="r1")
    response.answers = [SurveyAnswer(item_id="s1", value=3.0)]
    survey.responses = [response, SurveyResponse(respondent="r2")]
    snapshot = _snapshot(seed)
    snapshot.phases = [SnapshotPhase(initiative_id=seed.wiki, phase="growth", confidence=0.7)]
    session.add_all([assessment, survey, snapshot])


def _children_left(session: Session) -> dict[str, int]:
    return {
        "answers": count(session, Answer),
        "survey_responses": count(session, SurveyResponse),
        "survey_answers": count(session, SurveyAnswer),
        "snapshot_phases": count(session, SnapshotPhase),
    }


@pytest.mark.parametrize("how", ["orm", "sql"])
def test_deleting_a_parent_deletes_what_it_owns(store: Store, seed: Seed, how: str) -> None:
    with store.transaction() as session:
        _fill(session, seed)
    with store.transaction() as session:
        assert _children_left(session) == {
            "answers": 2,
            "survey_responses": 2,
            "survey_answers": 1,
            "snapshot_phases": 1,
        }
    with store.transaction() as session:
        for model in (Assessment, SurveyRound, Snapshot):
            if how == "orm":
                session.delete(session.execute(select(model)).scalar_one())
            else:  # ON DELETE CASCADE in the database itself
                session.execute(delete(model))
        session.execute(delete(Initiative))  # it belongs to sales/north
        if how == "orm":
            session.delete(session.get_one(Unit, seed.sales))
        else:
            session.execute(delete(Unit).where(Unit.id == seed.sales))
    with store.transaction() as session:
        assert _children_left(session) == dict.fromkeys(_children_left(session), 0)
        assert count(session, Unit) == 0


def test_survey_response_delete_cascades_to_its_answers(store: Store, seed: Seed) -> None:
    with store.transaction() as session:
        _fill(session, seed)
    with store.transaction() as session:
        session.execute(delete(SurveyResponse).where(SurveyResponse.respondent == "r1"))
    with store.transaction() as session:
        assert (count(session, SurveyResponse), count(session, SurveyAnswer)) == (1, 0)


def test_children_removed_from_their_parent_are_deleted(store: Store, seed: Seed) -> None:
    with store.transaction() as session:
        _fill(session, seed)
    with store.transaction() as session:
        assessment = session.execute(select(Assessment)).scalar_one()
        assessment.answers = [a for a in assessment.answers if a.item_id == "q1"]
        survey = session.execute(select(SurveyRound)).scalar_one()
        survey.responses.clear()
        snapshot = session.execute(select(Snapshot)).scalar_one()
        snapshot.phases.clear()
    with store.transaction() as session:
        assert _children_left(session) == {
            "answers": 1,
            "survey_responses": 0,
            "survey_answers": 0,
            "snapshot_phases": 0,
        }
