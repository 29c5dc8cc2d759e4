"""The words and number style of one language: texts of the catalogue, counts, shares and dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent, get_group_symbol

from wi3.texts._catalogue import catalogue, plural_key

Language = Literal["en", "nl"]
LANGUAGES: tuple[Language, ...] = ("en", "nl")

BABEL_LOCALES: dict[Language, str] = {"en": "en_GB", "nl": "nl_NL"}
"""The Babel (CLDR) locale each language writes numbers and dates in: day before month."""

LISTED = 10
"""How many items a list in a text shows before it says how many more there are."""


def language_of(text: str) -> Language | None:
    """`text` as a language wi3 speaks, or None when it is none of them."""
    return next((language for language in LANGUAGES if language == text), None)


@dataclass(frozen=True)
class Locale:
    """Writes everything wi3 says itself in one language.

    Texts come from the catalogue by key; the values put into them are written in the
    language's style: counts with grouped thousands (12,034 or 12.034), fractions with a
    decimal point or comma (1.75 or 1,75), dates in words, lists shortened. Model texts are
    not here: they come from the model's `Text` in the same language.
    """

    language: Language

    @property
    def babel(self) -> str:
        return BABEL_LOCALES[self.language]

    def label(self, key: str, **values: object) -> str:
        """The text `key`, with its `{name}` placeholders filled from `values` in this style.

        Raises:
            KeyError: for a key the catalogue does not have.
        """
        text = catalogue(self.language)[key]
        return text.format(**{n: self.value(v) for n, v in values.items()}) if values else text

    def plural(self, key: str, count: int, **values: object) -> str:
        """The text `key.one` or `key.other`, as `count` asks, with `{count}` filled in."""
        return self.label(plural_key(key, count), count=count, **values)

    def label_or(self, key: str, fallback: str) -> str:
        """The text `key` when the catalogue has it, else `fallback` as it is."""
        return catalogue(self.language).get(key, fallback)

    def value(self, value: object) -> str:
        """A value to put into a text: numbers, dates and lists in this language's style."""
        if isinstance(value, bool) or value is None:
            return str(value)
        if isinstance(value, int):
            return self.count(value)
        if isinstance(value, float):
            return self.number(value)
        if isinstance(value, dt.date):
            return self.date(value)
        if isinstance(value, list | tuple | set | frozenset):
            return self.listing(value)
        return str(value)

    def count(self, value: int) -> str:
        """A whole number with its thousands grouped: 12,034 or 12.034 (of any size)."""
        return f"{value:,}".replace(",", get_group_symbol(self.babel))

    def decimal(self, value: float, places: int) -> str:
        """A number to exactly `places` decimals: 1.75 or 1,75."""
        pattern = "#,##0." + "0" * places if places else "#,##0"
        return format_decimal(value, format=pattern, locale=self.babel)

    def level(self, value: float | None) -> str | None:
        """A level on the 1–3 scale to two decimals, e.g. 1.67; None stays None."""
        return None if value is None else self.decimal(value, 2)

    def percent(self, value: float, places: int = 0) -> str:
        """A share 0–1 as a percentage, whole unless `places`, e.g. 67%."""
        pattern = "#,##0." + "0" * places + "%" if places else "#,##0%"
        return format_percent(value, format=pattern, locale=self.babel)

    def number(self, value: float) -> str:
        """A number as short as it can be without losing more than two decimals: 3, 3.9, 0.85."""
        return format_decimal(value, format="#,##0.##", locale=self.babel)

    def date(self, value: dt.date) -> str:
        """A date in words, e.g. 30 September 2026 or 30 september 2026."""
        return format_date(value, format="long", locale=self.babel)

    def day(self, value: dt.date) -> str:
        """A date short enough for a table cell, e.g. 30 Sept 2026 or 30 sep 2026."""
        return format_date(value, format="medium", locale=self.babel)

    def listing(self, items: Iterable[object], limit: int = LISTED) -> str:
        """`items` joined with commas, at most `limit` of them: 'a, b, c, … (97 more)'."""
        shown: list[str] = []
        more = 0
        for item in items:
            if len(shown) < limit:
                shown.append(str(item))
            else:
                more += 1
        if not more:
            return ", ".join(shown)
        return ", ".join(shown) + ", " + self.label("texts.more", more=more)
