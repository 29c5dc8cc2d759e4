"""The words and number style of one report language: labels, levels, shares and dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from wi3.texts._labels import LABELS, MONTHS

Language = Literal["en", "nl"]
LANGUAGES: tuple[Language, ...] = ("en", "nl")


@dataclass(frozen=True)
class Locale:
    """Formats everything the report writes itself in one language.

    Dutch writes a decimal comma (1,75); English a decimal point (1.75). Model texts are not
    here: they come from the model's `Text` in the same language.
    """

    language: Language

    def label(self, key: str, **values: object) -> str:
        """The report label `key`, with `{name}` placeholders filled from `values`."""
        text = LABELS[self.language][key]
        return text.format(**values) if values else text

    def label_or(self, key: str, fallback: str) -> str:
        """The label `key` when the dictionary has it, else `fallback` as it is."""
        return LABELS[self.language].get(key, fallback)

    def decimal(self, value: float, places: int) -> str:
        text = f"{value:.{places}f}"
        return text.replace(".", ",") if self.language == "nl" else text

    def level(self, value: float | None) -> str | None:
        """A level on the 1–3 scale to two decimals, e.g. 1.67; None stays None."""
        return None if value is None else self.decimal(value, 2)

    def percent(self, value: float) -> str:
        """A share 0–1 as a whole percentage, e.g. 67%."""
        return f"{round(value * 100)}%"

    def number(self, value: float) -> str:
        """A number as short as it can be without losing more than two decimals: 3, 3.9, 0.85."""
        if float(value).is_integer():
            return str(int(value))
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if self.language == "nl" else text

    def date(self, value: date) -> str:
        """A date in words, e.g. 30 September 2026 or 30 september 2026."""
        return f"{value.day} {MONTHS[self.language][value.month - 1]} {value.year}"
