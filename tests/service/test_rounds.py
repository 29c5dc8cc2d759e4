"""Survey rounds collected online: invitations, answers, anonymity, closing, and the diagnosis."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from wi3.errors import InputError, NotFoundError, Wi3Error
from wi3.service import (
    Workspace,
    close_round,
    create_round,
    diagnose,
    import_survey,
    invite,
    join_open_round,
    round_status,
    save_answers,
    submit_answers,
    survey_form,
    survey_results,
    survey_rounds,
)
from wi3.store import SurveyBallot, SurveyInvitation, SurveyResponse
from wi3.texts import Locale

ITEMS = (
    "survey.manager_supports",
    "survey.safe_to_post",
    "survey.trust_content",
    "survey.fits_daily_work",
)


def invitees(tmp_path: Path, groups: dict[str, int], name: str = "invitees.csv") -> Path:
    """A CSV inviting `n` people of each unit ("" for no unit), staff unless every fifth."""
    lines = ["address;unit;level"]
    for unit, n in groups.items():
        for i in range(n):
            level = "manager" if i % 5 == 4 else "staff"
            lines.append(f"p{i}.{unit or 'none'}@example.org;{unit};{level}")
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def count(ws: Workspace, table: type) -> int:
    with ws.store.transaction() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def answers(value: int) -> dict[str, str]:
    return dict.fromkeys(ITEMS, str(value))


def test_a_round_runs_from_invitation_to_the_diagnosis(team: Workspace, tmp_path: Path) -> None:
    made = create_round(team, None, "team-wiki", "2026 online", "nl")
    assert made.open_link is None and made.language == "nl"
    sent = invite(team, None, "team-wiki", "2026 online", invitees(tmp_path, {"ict": 6, "hr": 6}))
    assert len(sent.new) == 12 and sent.already == 0
    assert len({i.token for i in sent.new}) == 12
    form = survey_form(team, sent.new[0].token)
    assert form.language == "nl" and form.round == "2026 online"
    assert form.items[0].statement == "Ik moet samenwerken met collega's op andere locaties."
    assert "anoniem" in form.use_of_answers and "5 mensen" in form.use_of_answers
    likert = next(i for i in form.items if i.id == "survey.trust_content")
    assert (likert.low, likert.high) == (1, 5)
    assert dict(likert.labels)[4] == "Mee eens"
    for n, invitation in enumerate(sent.new[:11]):
        submit_answers(team, invitation.token, answers(4 if n % 2 else 5))
    status = round_status(team, None, "team-wiki", "2026 online")
    assert (status.state, status.invited, status.responded, status.responses) == (
        "open",
        12,
        11,
        0,
    )
    assert [(g.group, g.invited, g.responded) for g in status.by_unit] == [
        ("hr", 6, 5),
        ("ict", 6, 6),
    ]
    # nothing shows while the round is open: a result per submission would give each away
    assert survey_results(team, None, "team-wiki").round is None
    closed = close_round(team, None, "team-wiki", "2026 online")
    assert (closed.responses, closed.units_dropped) == (11, 0)
    results = survey_results(team, None, "team-wiki")
    assert results.round == "2026 online"
    everyone = results.groups[0]
    assert everyone.respondents == 11
    trust = everyone.score("survey.trust_content")
    assert trust is not None and trust.mean == pytest.approx((6 * 5 + 5 * 4) / 11)
    assert {g.group: g.respondents for g in results.groups[1:]} == {"hr": 5, "ict": 6}
    snapshot = diagnose(team, None, date.today())
    wiki = next(d for d in snapshot.diagnosis.initiatives if d.initiative == "team-wiki")
    assert "survey" in wiki.confidence.kinds_present
    readings = [
        r
        for c in wiki.categories
        for r in c.readings
        if r.indicator == "content.survey.trust_content"
    ]
    assert [r.value for r in readings] == [pytest.approx(50 / 11)]


def test_no_stored_answer_can_be_joined_back_to_its_invitation(
    team: Workspace, tmp_path: Path
) -> None:
    create_round(team, None, "team-wiki", "anonymous", "en")
    sent = invite(team, None, "team-wiki", "anonymous", invitees(tmp_path, {"ict": 8, "hr": 8}))
    # each invitee answers differently, so that their response can be recognised afterwards
    patterns = [
        {ITEMS[0]: str(1 + n % 5), ITEMS[1]: str(1 + n // 5), "survey.overall": str(1 + n % 10)}
        for n in range(16)
    ]
    for invitation, pattern in zip(sent.new, patterns, strict=True):
        save_answers(team, invitation.token, {ITEMS[0]: pattern[ITEMS[0]]})
        submit_answers(team, invitation.token, pattern)
    inspector = inspect(team.store.engine)
    answer_tables = ("survey_ballots", "survey_responses", "survey_answers")
    for table in answer_tables:
        referred = {fk["referred_table"] for fk in inspector.get_foreign_keys(table)}
        assert "survey_invitations" not in referred, table
        columns = {c["name"]: str(c["type"]) for c in inspector.get_columns(table)}
        assert not any("TIME" in kind.upper() for kind in columns.values()), columns
    referred = {fk["referred_table"] for fk in inspector.get_foreign_keys("survey_invitations")}
    assert referred == {"survey_rounds", "units"}

    with team.store.engine.connect() as connection:
        invitation_rows = connection.execute(select(SurveyInvitation.__table__)).all()
        ballot_rows = connection.execute(select(SurveyBallot.__table__)).all()
    # spent invitations keep nothing of the answers, and share no value with a ballot but
    # the round and unit every invitation of the group has
    assert all(row.spent and row.draft is None for row in invitation_rows)
    invitation_values = {v for row in invitation_rows for v in (row.id, row.token, row.invitee)}
    for ballot in ballot_rows:
        assert not {ballot.id, ballot.submitted_on} & invitation_values
        assert ballot.submitted_on == date.today()
    close_round(team, None, "team-wiki", "anonymous")
    assert count(team, SurveyBallot) == 0
    with team.store.transaction() as session:
        responses = session.scalars(select(SurveyResponse).order_by(SurveyResponse.id)).all()
        stored = [
            {a.item_id: f"{a.value:g}" for a in r.answers if a.value is not None} for r in responses
        ]
        keys = {r.respondent for r in responses}
        answer_ids = [a.id for r in responses for a in sorted(r.answers, key=lambda a: a.id)]
    assert sorted(sorted(s.items()) for s in stored) == sorted(sorted(p.items()) for p in patterns)
    order = [patterns.index(s) for s in stored]
    # 16 responses kept in submission order by chance: 1 in 16! (about 5e-14)
    assert order != sorted(order), "the responses are stored in the order they came in"
    assert not keys & invitation_values
    assert answer_ids == sorted(answer_ids)  # answers follow their shuffled responses


def test_a_token_is_spent_once_even_when_submissions_race(team: Workspace, tmp_path: Path) -> None:
    create_round(team, None, "team-wiki", "race", "en")
    token = invite(team, None, "team-wiki", "race", invitees(tmp_path, {"ict": 5})).new[0].token
    outcomes: list[str] = []
    start = threading.Barrier(6)

    def submit() -> None:
        start.wait()
        try:
            submit_answers(team, token, answers(3))
            outcomes.append("stored")
        except Wi3Error as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("stored") == 1
    refused = [o for o in outcomes if o != "stored"]
    assert all("submitted already" in o for o in refused), refused
    assert count(team, SurveyBallot) == 1


def test_an_attacker_gets_clear_refusals_and_stores_nothing(
    team: Workspace, tmp_path: Path
) -> None:
    create_round(team, None, "team-wiki", "first", "en")
    create_round(team, None, "chat", "second", "en")
    mine = invite(team, None, "team-wiki", "first", invitees(tmp_path, {"ict": 5})).new
    other = invite(team, None, "chat", "second", invitees(tmp_path, {"hr": 5}, "b.csv")).new
    with pytest.raises(NotFoundError, match="this survey link is not known"):
        survey_form(team, mine[0].token[:-1])
    with pytest.raises(InputError, match=r"survey\.trust_content: '6' is outside the scale 1–5"):
        save_answers(team, mine[0].token, {"survey.trust_content": "6"})
    with pytest.raises(InputError, match="'survey.salary' is not a statement of this survey"):
        submit_answers(team, mine[0].token, {"survey.salary": "3"})
    with pytest.raises(InputError, match="no statement is answered"):
        submit_answers(team, mine[0].token, {"survey.trust_content": ""})
    assert count(team, SurveyBallot) == 0
    assert survey_form(team, mine[0].token).answered == 0
    # a token opens its own round only
    assert survey_form(team, other[0].token).round == "second"
    submit_answers(team, mine[0].token, answers(2))
    for reuse in (survey_form, lambda ws, t: submit_answers(ws, t, answers(5))):
        with pytest.raises(InputError, match="submitted already; each link can be used once"):
            reuse(team, mine[0].token)
    assert round_status(team, None, "chat", "second").responded == 0
    close_round(team, None, "team-wiki", "first")
    with pytest.raises(InputError, match="this survey closed on .* takes no more answers"):
        submit_answers(team, mine[1].token, answers(4))
    with pytest.raises(InputError, match="closed on"):
        close_round(team, None, "team-wiki", "first")
    with pytest.raises(InputError, match="closed on"):
        invite(team, None, "team-wiki", "first", invitees(tmp_path, {"ict": 6}, "c.csv"))
    assert count(team, SurveyResponse) == 1


def test_saved_answers_are_kept_until_submitted(team: Workspace, tmp_path: Path) -> None:
    create_round(team, None, "team-wiki", "drafts", "en")
    token = invite(team, None, "team-wiki", "drafts", invitees(tmp_path, {"ict": 5})).new[0].token
    form = save_answers(team, token, {"survey.trust_content": "4", "survey.overall": "N/A"})
    assert {i.id: i.saved for i in form.items if i.saved} == {
        "survey.trust_content": "4",
        "survey.overall": "Not applicable",
    }
    save_answers(team, token, {"survey.trust_content": "", "survey.kq_value": "Agree"})
    assert {i.id: i.saved for i in survey_form(team, token).items if i.saved} == {
        "survey.overall": "Not applicable",
        "survey.kq_value": "4",
    }
    assert submit_answers(team, token, {"survey.safe_to_post": "5"}).answered == 3
    with team.store.transaction() as session:
        ballot = session.scalars(select(SurveyBallot)).one()
        assert ballot.answers == {
            "survey.overall": None,
            "survey.kq_value": 4.0,
            "survey.safe_to_post": 5.0,
        }


def test_units_are_kept_only_for_groups_of_five(team: Workspace, tmp_path: Path) -> None:
    create_round(team, None, "team-wiki", "units", "en")
    sent = invite(
        team, None, "team-wiki", "units", invitees(tmp_path, {"ict": 7, "hr": 6, "legal": 3})
    ).new
    by_unit: dict[str, list[str]] = {}
    for invitation in sent:
        by_unit.setdefault(invitation.address.split(".")[1].split("@")[0], []).append(
            invitation.token
        )
    for token in by_unit["ict"][:6] + by_unit["hr"][:2] + by_unit["legal"]:
        submit_answers(team, token, answers(3))
    with team.store.transaction() as session:
        held = session.execute(select(SurveyBallot.unit_id)).scalars().all()
    # legal had three invitees: its ballots never carry the unit
    assert sorted(u is None for u in held) == [False] * 8 + [True] * 3
    status = round_status(team, None, "team-wiki", "units")
    # legal's three are pooled, and hr with them: alone they could be worked out from the total
    assert [(g.group, g.invited, g.responded) for g in status.by_unit] == [
        ("ict", 7, 6),
        ("other units", 9, 5),
    ]
    # three managers are too few to show, and staff alone would show them by subtraction
    assert [(g.group, g.invited, g.responded) for g in status.by_level] == [
        ("other levels", 16, 11)
    ]
    closed = close_round(team, None, "team-wiki", "units")
    # two of hr's kept without their unit: a count that small would say how many of hr answered
    assert (closed.responses, closed.units_dropped) == (11, None)
    assert closed.text(Locale("en")).endswith(
        ": 11 responses (some kept without their unit: it had too few respondents to be shown)"
    )
    with team.store.transaction() as session:
        kept = session.execute(
            select(SurveyResponse.unit_id, func.count()).group_by(SurveyResponse.unit_id)
        ).all()
    assert sorted(n for _unit, n in kept) == [5, 6]  # ict's six; hr's two and legal's three


@pytest.mark.parametrize("name", ["2026\x00Q1", "\x1b[2J2026"])
def test_a_round_s_name_is_plain_text(team: Workspace, name: str) -> None:
    with pytest.raises(InputError, match="holds a control character"):
        create_round(team, None, "team-wiki", name, "en")
    assert survey_rounds(team, None, "team-wiki") == []


def test_a_round_of_fewer_than_five_invitees_never_says_how_many_answered(
    team: Workspace, tmp_path: Path
) -> None:
    create_round(team, None, "team-wiki", "small", "en")
    sent = invite(team, None, "team-wiki", "small", invitees(tmp_path, {"ict": 3})).new
    for invitation in sent:
        submit_answers(team, invitation.token, answers(4))
    status = round_status(team, None, "team-wiki", "small")
    assert (status.invited, status.responded, status.responses) == (3, None, None)
    assert "responded: withheld; responses published: withheld" in status.text(Locale("en"))
    closed = close_round(team, None, "team-wiki", "small")
    # after closing, responses and ballots are one number: withheld as `responded` was
    assert (closed.responses, closed.units_dropped) == (None, 0)
    assert "3" not in closed.text(Locale("en")) and "withheld" in closed.text(Locale("en"))
    assert "niet getoond" in closed.text(Locale("nl"))
    status = round_status(team, None, "team-wiki", "small")
    assert (status.state, status.responded, status.responses) == ("closed", None, None)
    # the results behind them are withheld too: three answers are fewer than five
    everyone = survey_results(team, None, "team-wiki").groups[0]
    assert everyone.respondents is None and all(s.mean is None for s in everyone.scores)


def test_inviting_a_list_again_invites_only_the_new(team: Workspace, tmp_path: Path) -> None:
    create_round(team, None, "team-wiki", "again", "en")
    invite(team, None, "team-wiki", "again", invitees(tmp_path, {"ict": 5}))
    again = invite(team, None, "team-wiki", "again", invitees(tmp_path, {"ict": 7}, "more.csv"))
    assert [i.address for i in again.new] == ["p5.ict@example.org", "p6.ict@example.org"]
    assert str(again) == "2 invitations made; 5 already invited before"
    with team.store.engine.connect() as connection:
        rows = connection.execute(select(SurveyInvitation.__table__)).all()
    stored = " ".join(str(value) for row in rows for value in row)
    assert "example.org" not in stored and again.new[0].token not in stored


@pytest.mark.parametrize(
    ("content", "message", "dutch"),
    [
        (
            "email,unit\na@example.org,ict\n",
            "invitees.csv:1: missing column(s) address",
            "invitees.csv:1: kolom(men) address ontbreken",
        ),
        (
            "address,unit,name\na@example.org,ict,Ann\n",
            "unknown column(s) 'name'",
            "onbekende kolom(men) 'name'",
        ),
        (
            "address,unit\nann,ict\n",
            "invitees.csv:2: 'ann' is not an e-mail address",
            "invitees.csv:2: 'ann' is geen e-mailadres",
        ),
        (
            "address,unit\na@example.org,ict\nA@Example.org,hr\n",
            "invitees.csv:3: A@Example.org is listed twice (first on line 2)",
            "invitees.csv:3: A@Example.org staat er twee keer in (eerst op regel 2)",
        ),
        (
            "address,unit\na@example.org,sales\n",
            "invitees.csv:2: unit 'sales' is not a unit",
            "invitees.csv:2: eenheid 'sales' is geen eenheid",
        ),
        (
            "address,unit,level\na@example.org,ict,boss\n",
            "level 'boss' is not a level",
            "niveau 'boss' is geen niveau",
        ),
        ("address,unit\n", "no invitees found", "geen genodigden gevonden"),
    ],
)
def test_a_bad_invitee_file_says_where_and_invites_nobody(
    team: Workspace, tmp_path: Path, content: str, message: str, dutch: str
) -> None:
    create_round(team, None, "team-wiki", "files", "en")
    path = tmp_path / "invitees.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        invite(team, None, "team-wiki", "files", path)
    assert message in str(caught.value)
    assert dutch in caught.value.message("nl")  # where it is, in the analyst's language
    assert count(team, SurveyInvitation) == 0


def test_an_open_link_makes_a_token_per_respondent(team: Workspace) -> None:
    made = create_round(team, None, "chat", "open", "en", open_link=True)
    assert made.open_link is not None
    tokens = [join_open_round(team, made.open_link) for _ in range(5)]
    for n, token in enumerate(tokens):
        submit_answers(team, token, answers(1 + n))
    with pytest.raises(NotFoundError):
        join_open_round(team, made.open_link + "x")
    status = round_status(team, None, "chat", "open")
    assert (status.invited, status.joined, status.responded) == (0, 5, 5)
    close_round(team, None, "chat", "open")
    with pytest.raises(InputError, match="closed on"):
        join_open_round(team, made.open_link)


def test_a_round_closes_after_its_closing_day(
    team: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    last = date.today()
    create_round(team, None, "team-wiki", "dated", "en", closes_on=last)
    sent = invite(team, None, "team-wiki", "dated", invitees(tmp_path, {"ict": 6})).new
    for invitation in sent[:5]:
        submit_answers(team, invitation.token, answers(4))
    with pytest.raises(InputError, match="has passed"):
        create_round(team, None, "team-wiki", "late", "en", closes_on=last - timedelta(days=1))
    import wi3.service._respond as respond
    import wi3.service._rounds as rounds

    for module in (rounds, respond):
        monkeypatch.setattr(module, "today", lambda: last + timedelta(days=1))
    with pytest.raises(InputError, match=f"this survey closed on {last.isoformat()}"):
        submit_answers(team, sent[5].token, answers(1))
    snapshot = diagnose(team, None, last + timedelta(days=1))
    status = round_status(team, None, "team-wiki", "dated")
    assert (status.state, status.closed_on, status.responses) == ("closed", last, 5)
    wiki = next(d for d in snapshot.diagnosis.initiatives if d.initiative == "team-wiki")
    assert "survey" in wiki.confidence.kinds_present


def test_an_open_round_leaves_the_imported_one_in_the_diagnosis(
    team: Workspace, fixture_path: Path, tmp_path: Path
) -> None:
    folder = fixture_path / "survey"
    import_survey(
        team,
        None,
        "team-wiki",
        folder / "forms-export.csv",
        folder / "mapping.yaml",
        "2026 Q1",
        date(2026, 3, 1),
    )
    create_round(team, None, "team-wiki", "next", "en")
    assert survey_results(team, None, "team-wiki").round == "2026 Q1"
    with pytest.raises(InputError, match="collected online by wi3"):
        import_survey(
            team,
            None,
            "team-wiki",
            folder / "forms-export.csv",
            folder / "mapping.yaml",
            "next",
            date(2026, 3, 1),
        )
    with pytest.raises(InputError, match="imported from a survey tool's export"):
        close_round(team, None, "team-wiki", "2026 Q1")


def test_a_round_refuses_a_bad_language_or_a_taken_name(team: Workspace) -> None:
    with pytest.raises(InputError, match="language 'de' is not one wi3 asks in; choose en or nl"):
        create_round(team, None, "team-wiki", "x", "de")
    create_round(team, None, "team-wiki", "x", "en")
    with pytest.raises(InputError, match="team-wiki already has a survey round 'x'"):
        create_round(team, None, "team-wiki", "x", "nl")
    with pytest.raises(
        NotFoundError, match="team-wiki has no survey round 'y'; its rounds are 'x'"
    ):
        round_status(team, None, "team-wiki", "y")
