"""Every text wi3 writes itself, in English and Dutch, and how it writes numbers and dates.

`Locale(language).label(key, **values)` gives a text of the catalogue by its key, with the
values in that language's style (counts, decimals, dates, lists); `plural` picks the form a
count asks for. The catalogue has three parts: the report's labels (`LABELS`), the command
line's messages and the views it prints (`CLI`, `VIEWS`), and the errors' messages (`ERRORS`).
docs/languages.md says how to add a message.
"""

from wi3.texts._catalogue import MESSAGES, catalogue, plural_key
from wi3.texts._cli import CLI
from wi3.texts._errors import ERRORS
from wi3.texts._labels import LABELS
from wi3.texts._locale import LANGUAGES, Language, Locale, language_of
from wi3.texts._views import VIEWS

__all__ = [
    "CLI",
    "ERRORS",
    "LABELS",
    "LANGUAGES",
    "MESSAGES",
    "VIEWS",
    "Language",
    "Locale",
    "catalogue",
    "language_of",
    "plural_key",
]
