"""Every error wi3 raises on purpose, so that the CLI and web can show its message and exit cleanly.

    Wi3Error                     base: a message that says what went wrong, where, and what to do
    ├── ModelError               the growth-model file is unreadable or invalid (every problem)
    ├── InputError               an input file (YAML, CSV, export) is malformed; names file and line
    │   ├── SurveyImportError    a survey CSV or its column mapping does not fit the model
    │   ├── AnswerError          one answer does not fit its question; lists what would
    │   └── ExportError          a platform export is broken, truncated or of another platform
    ├── SkippedRecordError       a malformed record inside a good file, fatal under --strict
    ├── NotFoundError            an organisation, unit, initiative or snapshot does not exist
    ├── WorkspaceError           the workspace folder or its store is missing or unusable
    ├── StoreError               the application store refused a write; nothing was changed
    ├── EngineError              the metrics engine cannot run (Spark or Java missing)
    ├── SignInError              wrong address, password or token; or too many failed tries
    └── AccessError              a user's role in the organisation does not allow this

Messages are bounded: one longer than `MAX_MESSAGE` characters keeps its start (what went
wrong, where) and its end (what to do), and says how much was left out between them, so that a
file with a million columns cannot make a message of megabytes. `listing` shortens a list a
message quotes from its input.

This module imports nothing from wi3, so every other module can import it.
"""

from __future__ import annotations

from collections.abc import Iterable

MAX_MESSAGE = 4000
"""The longest message an error carries, in characters."""


def listing(items: Iterable[object], limit: int = 10) -> str:
    """`items` joined with commas, at most `limit` of them: 'a, b, c, … (97 more)'."""
    shown: list[str] = []
    more = 0
    for item in items:
        if len(shown) < limit:
            shown.append(str(item))
        else:
            more += 1
    return ", ".join(shown) + (f", … ({more:,} more)" if more else "")


def _bounded(message: str) -> str:
    if len(message) <= MAX_MESSAGE:
        return message
    head, tail = message[: MAX_MESSAGE * 3 // 4], message[-MAX_MESSAGE // 5 :]
    left_out = len(message) - len(head) - len(tail)
    return f"{head} … ({left_out:,} characters left out) … {tail}"


class Wi3Error(Exception):
    """An error with a message meant for the person running wi3."""

    def __init__(self, *args: object) -> None:
        if args and isinstance(args[0], str):
            args = (_bounded(args[0]), *args[1:])
        super().__init__(*args)


class ModelError(Wi3Error):
    """The growth-model file cannot be read or does not validate."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        listing = "\n".join(f"  {p}" for p in problems)
        super().__init__(
            f"model file {path} has {len(problems)} problem{'s' if len(problems) != 1 else ''}:\n"
            f"{listing}\n"
            "Fix these entries, then run `wi3 model validate FILE` again."
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
    """A named organisation, unit, initiative or snapshot does not exist."""


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
