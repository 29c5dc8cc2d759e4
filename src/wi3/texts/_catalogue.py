"""The one catalogue: every text of reports, command line and errors, by key and language.

The report's labels keep the layout they had in reports/ (a dictionary per language); the
command line's and the errors' messages stand with both languages side by side, one entry per
key. `catalogue` joins them into one dictionary per language. Keys of the messages carry the
name of their part (`cli.`, `view.`, `error.`), so they never meet a report label's key.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from wi3.texts._cli import CLI
from wi3.texts._errors import ERRORS
from wi3.texts._labels import LABELS
from wi3.texts._views import VIEWS

MESSAGES: tuple[Mapping[str, Mapping[str, str]], ...] = (CLI, VIEWS, ERRORS)
"""The side-by-side parts of the catalogue: key → language → text."""


@cache
def catalogue(language: str) -> Mapping[str, str]:
    """Every text in `language`, by key."""
    texts = dict(LABELS[language])
    for part in MESSAGES:
        texts.update((key, by_language[language]) for key, by_language in part.items())
    return texts


def plural_key(key: str, count: int) -> str:
    """The key of the form of `key` that `count` takes: `key.one` for 1, else `key.other`.

    English and Dutch both have these two forms; a language with more would add its own.
    """
    return f"{key}.one" if count == 1 else f"{key}.other"
