"""Notes are written in English and read back into another language by their template."""

from __future__ import annotations

import pytest

from wi3.notes import NOTES, note, translate

EXAMPLES = {
    "owner_basis": {"date": "2026-09-16"},
    "owner_basis_by": {"date": "2026-09-16", "role": "product owner"},
    "survey_basis": {"round": "'2026 voorjaar'"},
    "survey_basis_answers": {"round": "'2026 voorjaar, tweede golf'", "n": 13},
    "usage_basis": {"period": "2026Q3"},
    "too_few_answers": {"n": 5},
    "too_few_people": {"n": 5},
    "answer_says_nothing": {"answer": "'no'"},
    "not_a_number": {"value": "'many'"},
    "capped": {"phase": "pioneering", "ref": "units_reached", "value": 2, "test": "<= 2"},
    "stale": {"months": 30, "limit": "24"},
    "too_small_for_level": {"n": "11"},
    "after_evidence": {"initiative": "team-chat", "date": "2026-06-30", "basis": "x"},
    "no_usage_in_quarter": {"initiative": "team-chat", "period": "2026Q3"},
}


@pytest.mark.parametrize("key", sorted(NOTES))
def test_every_note_reads_back_in_dutch_with_its_arguments(key: str) -> None:
    args = EXAMPLES.get(key, {})
    english = note(key, **args)
    assert translate(english, "nl") == NOTES[key]["nl"].format(**args)
    assert translate(english, "en") == english


def test_the_most_specific_template_wins() -> None:
    # 'survey round {round}' alone would take "'x', 13 answers" for the round's name
    text = note("survey_basis_answers", round="'x'", n=13)
    assert translate(text, "nl") == "enquêteronde 'x', 13 antwoorden"
    text = note("owner_basis_by", date="2026-01-02", role="sponsor")
    assert translate(text, "nl") == "beoordeling door eigenaar op 2026-01-02, door de sponsor"


def test_arguments_can_be_put_in_the_language_and_other_text_stays() -> None:
    capped = note("capped", phase="pioneering", ref="units_reached", value=1, test="<= 2")
    words = {"phase": "pionierend"}
    got = translate(capped, "nl", lambda name, value: words.get(name, value))
    assert got == "begrensd op pionierend: units_reached = 1 <= 2"
    own = "intranet poll of March"  # the basis of a user's own evidence source
    assert translate(own, "nl") == own
