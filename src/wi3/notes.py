"""The short notes that go with a figure: where it comes from, and why it has no value or level.

Evidence sources and the diagnosis make each note with `note(key, **args)`. A `Note` is its
English text, so that the command line, logs and comparisons read it as text; it also keeps its
key and arguments, so that a report renders it in another language (`Note.render`) and a
snapshot stores it as `{"key": …, "args": {…}}` (`Note.to_json`, `read_note`). An argument may be
a note itself, rendered in the same language. Text that no template here made (the basis of a
user's own evidence source, a note in a snapshot older than notes with keys) is a plain `str`
and stays as written in every language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

NOTES: dict[str, dict[str, str]] = {
    "owner_basis": {
        "en": "owner assessment of {date}",
        "nl": "beoordeling door eigenaar op {date}",
    },
    "owner_basis_by": {
        "en": "owner assessment of {date} by the {role}",
        "nl": "beoordeling door eigenaar op {date}, door de {role}",
    },
    "owner_does_not_know": {"en": "the owner does not know", "nl": "de eigenaar weet het niet"},
    "survey_basis": {"en": "survey round {round}", "nl": "enquêteronde {round}"},
    "survey_basis_answers": {
        "en": "survey round {round}, {n} answers",
        "nl": "enquêteronde {round}, {n} antwoorden",
    },
    "usage_basis": {"en": "usage data {period}", "nl": "gebruiksgegevens {period}"},
    "too_few_answers": {
        "en": "fewer than {n} answers; not shown",
        "nl": "minder dan {n} antwoorden; niet getoond",
    },
    "too_few_people": {
        "en": "fewer than {n} people; not shown",
        "nl": "minder dan {n} mensen; niet getoond",
    },
    "protects_small_group": {
        "en": "withheld so that a group of fewer than {n} people cannot be worked out from the "
        "figures shown",
        "nl": "niet getoond, zodat een groep van minder dan {n} mensen niet uit de getoonde "
        "cijfers af te leiden is",
    },
    "no_data": {"en": "no data for this metric", "nl": "geen gegevens voor deze maatstaf"},
    "no_value": {"en": "no value", "nl": "geen waarde"},
    "answer_says_nothing": {
        "en": "the answer {answer} says nothing about this category",
        "nl": "het antwoord {answer} zegt niets over deze categorie",
    },
    "not_a_number": {
        "en": "expected a number, got {value}",
        "nl": "een getal verwacht, maar {value} gekregen",
    },
    "too_small_for_level": {
        "en": "about fewer than {n} people: too few for this figure to give a level",
        "nl": "over minder dan {n} mensen: te weinig om met dit cijfer een niveau te geven",
    },
    "stale": {
        "en": "stale: {months} months old, older than {limit} months; no longer counts",
        "nl": "verouderd: {months} maanden oud, ouder dan {limit} maanden; telt niet meer mee",
    },
    "after_evidence": {
        "en": "{initiative}: its usage evidence ends on {date} ({basis}); what came later is not "
        "known. Diagnose as of that day: wi3 diagnose --as-of {date}",
        "nl": "{initiative}: het gebruiksbewijs eindigt op {date} ({basis}); wat daarna kwam is "
        "niet bekend. Diagnosticeer per die dag: wi3 diagnose --as-of {date}",
    },
    "covered_by_export": {"en": "the export's own date", "nl": "de eigen datum van de export"},
    "covered_by_import": {
        "en": "the day it was imported, as the export has no date of its own",
        "nl": "de dag van import, want de export heeft geen eigen datum",
    },
    "no_usage_in_quarter": {
        "en": "{initiative}: no usage data for {period}, the quarter this diagnosis reads",
        "nl": "{initiative}: geen gebruiksgegevens voor {period}, het kwartaal dat deze diagnose "
        "leest",
    },
    "capped": {
        "en": "capped at {phase}: {ref} = {value} {test}",
        "nl": "begrensd op {phase}: {ref} = {value} {test}",
    },
    "joined": {"en": "{first}; {then}", "nl": "{first}; {then}"},
}
"""Every note, by key, in every language wi3 speaks; `{name}` marks an argument."""

Argument = str | int | float
"""What a note's argument holds besides another note; anything else is kept as its text."""


class Note(str):
    """A note in English that remembers its key and arguments, to be rendered in any language."""

    key: str
    args: Mapping[str, Argument | Note]

    def __new__(cls, key: str, **args: object) -> Note:
        if key not in NOTES:
            raise KeyError(f"no note {key!r}; the notes are {', '.join(sorted(NOTES))}")
        kept = {
            name: value if isinstance(value, str | int | float) else str(value)
            for name, value in args.items()
        }
        made = super().__new__(cls, NOTES[key]["en"].format(**kept))
        made.key = key
        made.args = kept
        return made

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, Any]]:
        return (self.key,), dict(self.args)

    @classmethod
    def __get_pydantic_core_schema__(cls, _source: object, _handler: object) -> Any:
        """How pydantic (the JSON API) reads and writes a note: as its English text."""
        from pydantic_core import core_schema

        return core_schema.str_schema()

    def render(
        self,
        language: str,
        argument: Callable[[str, str], str] = lambda _name, value: value,
    ) -> str:
        """The note in `language`; `argument(name, text)` may put an argument in the language
        too (a phase's name, an answer). An argument that is a note is rendered the same way."""
        args = {
            name: value.render(language, argument)
            if isinstance(value, Note)
            else argument(name, str(value))
            for name, value in self.args.items()
        }
        return NOTES[self.key][language].format(**args)

    def to_json(self) -> dict[str, Any]:
        """The note as JSON data: its key and its arguments (notes among them as JSON too)."""
        return {
            "key": self.key,
            "args": {
                name: value.to_json() if isinstance(value, Note) else value
                for name, value in self.args.items()
            },
        }


def note(key: str, **args: object) -> Note:
    """The note `key` with its arguments filled in."""
    return Note(key, **args)


def read_note(data: object) -> str:
    """A note back from its JSON data (`Note.to_json`); plain text stays text.

    Raises:
        ValueError: for JSON data that is no note of this wi3.
    """
    if isinstance(data, str):
        return data
    if not isinstance(data, dict) or set(data) != {"key", "args"} or data["key"] not in NOTES:
        raise ValueError(f"not a note: {data!r}")
    args = {
        name: read_note(value) if isinstance(value, dict) else value
        for name, value in dict(data["args"]).items()
    }
    return Note(str(data["key"]), **args)


def render_note(
    text: str, language: str, argument: Callable[[str, str], str] = lambda _name, value: value
) -> str:
    """A note in `language`, or plain text as it is."""
    return text.render(language, argument) if isinstance(text, Note) else text
