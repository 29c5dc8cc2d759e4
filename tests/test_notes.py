"""A note is its English text, and keeps its key and arguments to be rendered and stored."""

from __future__ import annotations

import copy
import json
import pickle

import pytest

from wi3.notes import NOTES, Note, note, read_note, render_note

EXAMPLES = {
    "owner_basis": {"date": "2026-09-16"},
    "owner_basis_by": {"date": "2026-09-16", "role": "product owner"},
    "survey_basis": {"round": "'2026 voorjaar'"},
    "survey_basis_answers": {"round": "'2026 voorjaar, tweede golf'", "n": 13},
    "usage_basis": {"period": "2026Q3"},
    "too_few_answers": {"n": 5},
    "too_few_people": {"n": 5},
    "protects_small_group": {"n": 5},
    "answer_says_nothing": {"answer": "'no'"},
    "not_a_number": {"value": "'many'"},
    "capped": {"phase": "pioneering", "ref": "units_reached", "value": 2, "test": "<= 2"},
    "stale": {"months": 30, "limit": "24"},
    "too_small_for_level": {"n": "11"},
    "after_evidence": {"initiative": "team-chat", "date": "2026-06-30", "basis": "x"},
    "no_usage_in_quarter": {"initiative": "team-chat", "period": "2026Q3"},
    "joined": {"first": "one", "then": "two"},
}


@pytest.mark.parametrize("key", sorted(NOTES))
def test_every_note_renders_in_dutch_with_its_arguments(key: str) -> None:
    args = EXAMPLES.get(key, {})
    made = note(key, **args)
    assert made == NOTES[key]["en"].format(**args)  # the note is its English text
    assert made.render("nl") == NOTES[key]["nl"].format(**args)
    assert made.render("en") == made


@pytest.mark.parametrize("key", sorted(NOTES))
def test_every_note_survives_json_pickle_and_copy(key: str) -> None:
    made = note(key, **EXAMPLES.get(key, {}))
    back = read_note(json.loads(json.dumps(made.to_json())))
    assert isinstance(back, Note) and back.key == key and back.args == made.args
    for again in (pickle.loads(pickle.dumps(made)), copy.deepcopy(made)):
        assert isinstance(again, Note) and again.render("nl") == made.render("nl")


def test_a_note_inside_a_note_is_rendered_in_the_same_language() -> None:
    basis = note("covered_by_export")
    made = note("after_evidence", initiative="team-chat", date="2026-06-30", basis=basis)
    assert "(the export's own date)" in made
    assert "(de eigen datum van de export)" in made.render("nl")
    back = read_note(json.loads(json.dumps(made.to_json())))
    assert isinstance(back, Note) and back.render("nl") == made.render("nl")


def test_joined_notes_are_each_rendered() -> None:
    capped = note("capped", phase="pioneering", ref="units_reached", value=1, test="<= 2")
    stale = note("stale", months=30, limit="24")
    joined = note("joined", first=capped, then=stale)
    assert joined == f"{capped}; {stale}"
    assert joined.render("nl") == f"{capped.render('nl')}; {stale.render('nl')}"


def test_arguments_can_be_put_in_the_language_and_other_text_stays() -> None:
    capped = note("capped", phase="pioneering", ref="units_reached", value=1, test="<= 2")
    words = {"phase": "pionierend"}
    got = render_note(capped, "nl", lambda name, value: words.get(name, value))
    assert got == "begrensd op pionierend: units_reached = 1 <= 2"
    own = "intranet poll of March"  # the basis of a user's own evidence source
    assert render_note(own, "nl") == own
    assert read_note(own) == own  # a note in an older snapshot is its English text


def test_an_unknown_note_is_refused() -> None:
    with pytest.raises(KeyError, match="no note 'nonsense'"):
        note("nonsense")
    with pytest.raises(ValueError, match="not a note"):
        read_note({"key": "nonsense", "args": {}})
