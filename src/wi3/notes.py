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
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>{_ARGUMENT.get(part, '.+?')})"
        for i, part in enumerate(parts)
    )
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
