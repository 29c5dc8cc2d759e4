"""The short notes that go with a figure: where it comes from, and why it has no value or level.

Evidence sources and the diagnosis write each note in English with `note(key, **args)`, so that
diagnoses, snapshots, JSON and the CLI hold plain text. A report in another language turns a
note back into its key and arguments with `translate` and writes it in that language. A note
that no template here made (say, the basis of a user's own evidence source) stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable

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
}
"""Every note, by key, in every language wi3 speaks; `{name}` marks an argument."""

_ARGUMENT = {"date": r"\d{4}-\d{2}-\d{2}", "n": r"\d+", "period": r"\S+", "phase": r"\w+"}
"""What an argument may look like, where it is narrower than 'anything'."""


def note(key: str, **args: object) -> str:
    """The note `key` in English, with its arguments filled in."""
    return NOTES[key]["en"].format(**args)


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    regex, named = "", set()
    for i, part in enumerate(parts):
        if i % 2 == 0:
            regex += re.escape(part)
        elif part in named:  # an argument given twice must match the same text twice
            regex += f"(?P={part})"
        else:
            named.add(part)
            regex += f"(?P<{part}>{_ARGUMENT.get(part, '.+?')})"
    return re.compile(regex + r"\Z")


_PATTERNS = sorted(
    ((key, _pattern(texts["en"])) for key, texts in NOTES.items()),
    key=lambda kp: -len(re.sub(r"\{\w+\}", "", NOTES[kp[0]]["en"])),
)
"""The templates as patterns, the most specific (most fixed text) first: 'survey round {round},
{n} answers' before 'survey round {round}'."""


def translate(
    text: str, language: str, argument: Callable[[str, str], str] = lambda _name, value: value
) -> str:
    """`text` in `language` if a note's template made it, else `text` as it is.

    `argument(name, value)` may put an argument in the language too (a phase's name, an answer).
    """
    if language == "en":
        return text
    for key, pattern in _PATTERNS:
        found = pattern.match(text)
        if found is not None:
            args = {name: argument(name, value) for name, value in found.groupdict().items()}
            return NOTES[key][language].format(**args)
    return text
