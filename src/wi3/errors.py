"""Every error wi3 raises on purpose, so that the CLI and web can show its message and exit cleanly.

    Wi3Error                     base: a message that says what went wrong, where, and what to do
    ├── ModelError               the growth-model file is unreadable or invalid (every problem)
    ├── InputError               an input file (YAML, CSV, export) is malformed; names file and line
    │   ├── SurveyImportError    a survey CSV or its column mapping does not fit the model
    │   ├── AnswerError          one answer does not fit its question; lists what would
    │   └── ExportError          a platform export is broken, truncated or of another platform
    ├── SkippedRecordError       a malformed record inside a good file, fatal under --strict
    ├── NotFoundError            an organisation, unit, initiative, snapshot or action is missing
    ├── WorkspaceError           the workspace folder or its store is missing or unusable
    ├── StoreError               the application store refused a write; nothing was changed
    ├── EngineError              the metrics engine cannot run (Spark or Java missing)
    ├── SignInError              wrong address, password or token; or too many failed tries
    └── AccessError              a user's role in the organisation does not allow this

An error is raised either with its English message (`NotFoundError("no initiative …")`) or
with the key of a message in the catalogue and the values to fill in
(`NotFoundError(key="error.no_initiative", initiative=…, organisation=…, known=[…])`). The
first is shown as written; the second in the user's language, `message("nl")`, with its
numbers and lists in that language's style. `str()` of either is the English message.

Messages are bounded: one longer than `MAX_MESSAGE` characters keeps its start (what went
wrong, where) and its end (what to do), and says how much was left out between them, so that a
file with a million columns cannot make a message of megabytes. `listing` shortens a list a
message quotes from its input.

This module imports only the catalogue (`wi3.texts`), so every other module can import it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from wi3.texts import Language, Locale, plural_key

MAX_MESSAGE = 4000
"""The longest message an error carries, in characters."""

ENGLISH = Locale("en")


def listing(items: Iterable[object], limit: int = 10) -> str:
    """`items` joined with commas, at most `limit` of them: 'a, b, c, … (97 more)'."""
    return ENGLISH.listing(items, limit)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def has_control_character(text: str) -> bool:
    """Whether `text` holds a control character (NUL, ESC, a line break, …): a name or role a
    user gives is one line of plain text, as PostgreSQL stores no NUL and a terminal obeys ESC."""
    return _CONTROL.search(text) is not None


def _bounded(message: str, locale: Locale = ENGLISH) -> str:
    if len(message) <= MAX_MESSAGE:
        return message
    head, tail = message[: MAX_MESSAGE * 3 // 4], message[-MAX_MESSAGE // 5 :]
    left_out = len(message) - len(head) - len(tail)
    return locale.label("error.left_out", head=head, count=left_out, tail=tail)


class Wi3Error(Exception):
    """An error with a message meant for the person running wi3.

    With `key`, the message is the catalogue's text of that key filled with `values`, and can
    be shown in any language; without, it is the English text given.
    """

    def __init__(self, *args: object, key: str | None = None, **values: object) -> None:
        self.key = key
        self.values = values
        if key is not None:
            args = (ENGLISH.label(key, **values), *args)
        if args and isinstance(args[0], str):
            args = (_bounded(args[0]), *args[1:])
        super().__init__(*args)

    def message(self, language: Language = "en") -> str:
        """The message in `language`; one raised without a key is in English, as written."""
        if self.key is None or language == "en":
            return str(self)
        locale = Locale(language)
        return _bounded(locale.label(self.key, **self.values), locale)


class ModelError(Wi3Error):
    """The growth-model file cannot be read or does not validate."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(
            key=plural_key("error.model_problems", len(problems)),
            path=path,
            count=len(problems),
            problems="\n".join(f"  {p}" for p in problems),
        )


class InputError(Wi3Error):
    """An input file is malformed; the message names the file and line or record."""


class SurveyImportError(InputError):
    """A survey export or its column mapping does not fit the model's survey items."""


class AnswerError(InputError):
    """An answer that does not fit its question; the message lists what would."""


class ExportError(InputError):
    """A platform export is broken, truncated, empty or from another platform."""


class SkippedRecordError(Wi3Error):
    """A malformed record inside an otherwise good file, raised only under --strict."""


class NotFoundError(Wi3Error):
    """A named organisation, unit, initiative, snapshot or action does not exist."""


class WorkspaceError(Wi3Error):
    """The workspace folder or its application store is missing or unusable."""


class StoreError(Wi3Error):
    """The application store refused a write; the transaction was rolled back."""


class EngineError(Wi3Error):
    """The chosen metrics engine cannot run (Spark not installed, no Java, cluster unreachable)."""


class SignInError(Wi3Error):
    """A sign-in or API token was refused; `retry_after` (seconds) when tries are rate-limited."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class AccessError(Wi3Error):
    """The signed-in user's role in an organisation does not allow what was asked."""
