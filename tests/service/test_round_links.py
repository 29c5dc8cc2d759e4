"""What the web and the API need of survey rounds beyond the command line: invitees as a list,
the links as CSV, refusals in the round's language, and the limit on guessing links."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest

from wi3.errors import InputError, NotFoundError, SignInError
from wi3.service import (
    Workspace,
    create_round,
    invite_people,
    link_tries,
    submit_answers,
    survey_form,
    survey_language,
)
from wi3.service._respond import LINK_WINDOW, MAX_UNKNOWN_LINKS
from wi3.store import LoginFailure


def test_a_list_of_invitees_is_invited_like_a_file(team: Workspace) -> None:
    create_round(team, None, "team-wiki", "listed", "nl")
    people = [
        {"address": "ann@example.org", "unit": "ict", "level": "staff"},
        {"address": "ben@example.org", "unit": None, "level": None},
    ]
    made = invite_people(team, None, "team-wiki", "listed", people)
    assert [i.address for i in made.new] == ["ann@example.org", "ben@example.org"]
    again = invite_people(team, None, "team-wiki", "listed", [*people, {"address": "c@x.org"}])
    assert [i.address for i in again.new] == ["c@x.org"] and again.already == 2
    rows = list(csv.reader(io.StringIO(made.links_csv("https://wi3.example.org/survey/"))))
    assert rows == [
        ["address", "link"],
        ["ann@example.org", f"https://wi3.example.org/survey/{made.new[0].token}"],
        ["ben@example.org", f"https://wi3.example.org/survey/{made.new[1].token}"],
    ]


@pytest.mark.parametrize(
    ("people", "message"),
    [
        ([{"address": "ann"}], "invitees[0]: 'ann' is not an e-mail address"),
        (
            [{"address": "a@x.org"}, {"address": "A@x.org"}],
            "invitees[1]: A@x.org is listed twice (first at invitees[0])",
        ),
        ([{"address": "a@x.org", "unit": "sales"}], "invitees[0]: unit 'sales' is not a unit"),
        ([{"address": "a@x.org", "level": "boss"}], "invitees[0]: level 'boss' is not a level"),
        ([], "invitees: the list is empty"),
    ],
)
def test_a_bad_list_says_which_entry_and_invites_nobody(
    team: Workspace, people: list[dict[str, str]], message: str
) -> None:
    create_round(team, None, "team-wiki", "bad list", "en")
    with pytest.raises(InputError, match=re.escape(message)):
        invite_people(team, None, "team-wiki", "bad list", people)
    assert invite_people(team, None, "team-wiki", "bad list", [{"address": "z@x.org"}]).already == 0


def test_refusals_speak_the_rounds_language(team: Workspace) -> None:
    create_round(team, None, "team-wiki", "dutch", "nl", open_link=False)
    token = invite_people(team, None, "team-wiki", "dutch", [{"address": "a@x.org"}]).new[0].token
    assert survey_language(team, token) == "nl"
    assert survey_language(team, "nothing-like-a-token") is None
    submit_answers(team, token, {"survey.trust_content": "4"})
    assert survey_language(team, token) == "nl"  # spent, still known
    with pytest.raises(InputError) as spent:
        survey_form(team, token)
    assert spent.value.message("nl").startswith("de antwoorden bij deze enquêtelink zijn al")
    with pytest.raises(NotFoundError) as unknown:
        survey_form(team, token[:-2])
    assert unknown.value.message("nl").startswith("deze enquêtelink is niet bekend")
    opened = create_round(team, None, "chat", "open", "en", open_link=True)
    assert opened.open_link is not None
    assert survey_language(team, opened.open_link) == "en"


def test_a_client_guessing_links_is_made_to_wait(team: Workspace) -> None:
    create_round(team, None, "team-wiki", "guessed", "en")
    token = invite_people(team, None, "team-wiki", "guessed", [{"address": "a@x.org"}]).new[0].token
    for n in range(MAX_UNKNOWN_LINKS):
        with pytest.raises(NotFoundError), link_tries(team, "10.0.0.9"):
            survey_form(team, f"guess-{n}")
    with pytest.raises(SignInError) as waiting, link_tries(team, "10.0.0.9"):
        survey_form(team, token)  # even a real link waits
    assert waiting.value.retry_after is not None
    assert 0 < waiting.value.retry_after <= LINK_WINDOW.total_seconds()
    # another client is not held up, and a working link counts nothing against it
    for _ in range(MAX_UNKNOWN_LINKS + 1):
        with link_tries(team, "10.0.0.10"):
            assert survey_form(team, token).round == "guessed"
    # the window passes: the tries are forgotten
    with team.store.transaction() as session:
        for failure in session.query(LoginFailure):
            failure.at = datetime.now(UTC) - LINK_WINDOW - timedelta(seconds=1)
    with link_tries(team, "10.0.0.9"):
        survey_form(team, token)
