"""Every text wi3 writes itself, in English and Dutch, and how it writes numbers and dates.

`Locale(language)` gives a text of the catalogue by its key, with numbers and dates in that
language's style.
"""

from wi3.texts._labels import LABELS, MONTHS
from wi3.texts._locale import LANGUAGES, Language, Locale

__all__ = ["LABELS", "LANGUAGES", "MONTHS", "Language", "Locale"]
