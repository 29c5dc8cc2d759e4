"""Reading a user-survey export: a CSV with one row per respondent, mapped onto model items.

Survey tools export one column per question, with a header row whose texts vary by tool and
language, so a small mapping file says which column is which model item:

    respondent: ResponseId        # optional: a stable respondent id, so re-imports skip them
    unit: Department              # optional: the respondent's unit path, for results by unit
    submitted: EndDate            # optional: when the answers were given (ISO date)
    scale: {min: 1, max: 7}       # optional: the export's scale when it is not the item's own
    columns:
      Q1: survey.kq_value
      Q7: {item: survey.trust_content, scale: {min: 0, max: 10}}
    ignore: [Age, Comments]       # columns present but deliberately not imported

Every other column is an error, so a renamed question is never dropped unnoticed. The whole
file is read and checked before anything is stored.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from wi3.errors import AnswerError, InputError, SurveyImportError, listing
from wi3.model import Model
from wi3.survey._answers import read_scale_answer
from wi3.yamldoc import read_yaml

MAX_CSV_BYTES = 256 * 1024 * 1024
"""The largest survey export or directory CSV read (all of it is held in memory)."""

Column = Annotated[str, StringConstraints(min_length=1)]


class _Range(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    min: int
    max: int


class _Target(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    item: str
    scale: _Range | None = None


class SurveyMapping(BaseModel):
    """Which export column holds which model item, and what the other columns are."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    respondent: Column | None = None
    unit: Column | None = None
    submitted: Column | None = None
    scale: _Range | None = None
    columns: dict[Column, str | _Target] = Field(min_length=1)
    ignore: list[Column] = Field(default_factory=list)

    def target(self, column: str) -> _Target:
        spec = self.columns[column]
        return spec if isinstance(spec, _Target) else _Target(item=spec, scale=self.scale)


@dataclass(frozen=True)
class Response:
    """One respondent's answers: item id → value on the item's scale, None = not applicable."""

    respondent: str
    line: int
    answers: dict[str, float | None]
    unit: str | None = None
    submitted: date | None = None


def load_mapping(path: Path, model: Model) -> SurveyMapping:
    """Read and check a mapping file against the model's survey items.

    Raises:
        SurveyImportError: naming the file, the entry and what to write instead.
    """
    if not path.exists():
        raise SurveyImportError(f"mapping file {path} not found; check the path")
    try:
        data = read_yaml(path).data
    except InputError as exc:
        raise SurveyImportError(f"mapping file {exc}") from exc
    try:
        mapping = SurveyMapping.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise SurveyImportError(
            f"mapping file {path} does not fit: {problems}.\n"
            "A mapping needs `columns:` (export column: survey item id), and may give "
            "`respondent`, `unit`, `submitted`, `scale` and `ignore`."
        ) from exc
    items = {s.id for s in model.survey}
    for column in mapping.columns:
        item = mapping.target(column).item
        if item not in items:
            raise SurveyImportError(
                f"mapping file {path}: column {column!r} maps to {item!r}, which is not a "
                f"survey item of the model. The items are: {', '.join(sorted(items))}."
            )
    return mapping


def _read_bytes(path: Path, what: str) -> bytes:
    """The bytes of a CSV file of at most `MAX_CSV_BYTES`.

    Raises:
        SurveyImportError: when the file is missing, a folder, unreadable or larger.
    """
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_CSV_BYTES + 1)
    except FileNotFoundError:
        raise SurveyImportError(key="error.no_survey_file", what=what, path=path) from None
    except IsADirectoryError:
        raise SurveyImportError(f"{what} {path} is a folder; give the CSV file itself") from None
    except OSError as exc:
        raise SurveyImportError(f"{what} {path} cannot be read ({exc.strerror})") from exc
    if len(raw) > MAX_CSV_BYTES:
        raise SurveyImportError(
            f"{what} {path} is larger than {MAX_CSV_BYTES // 2**20} MB, the most wi3 reads "
            "from a CSV file at once; check that this is the right file"
        )
    return raw


def _decode(path: Path) -> str:
    raw = _read_bytes(path, "survey file")
    if not raw.strip():
        raise SurveyImportError(f"survey file {path} is empty; export the responses again")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SurveyImportError(
            f"survey file {path} is not UTF-8 text (byte {exc.start} cannot be decoded). "
            "Export it again as CSV UTF-8 (in Excel: Save As → CSV UTF-8)."
        ) from exc


def delimiter_of(text: str) -> str:
    """The delimiter of a CSV text, read off its header: `;` (Dutch locales), tab or `,`."""
    header = text.split("\n", 1)[0]
    return max(",;\t", key=header.count)


def csv_reader(path: Path) -> csv.DictReader[str]:
    """A reader over a CSV file as spreadsheets save it: UTF-8 with or without a byte-order
    mark, separated by `,`, `;` or tab.

    Raises:
        InputError: when the file is missing or not UTF-8 text.
    """
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path")
    try:
        text = _read_bytes(path, "file").decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 text (byte {exc.start}); export it as CSV UTF-8"
        ) from exc
    reader = _CheckedReader(path, io.StringIO(text, newline=""), delimiter=delimiter_of(text))
    try:
        reader.fieldnames  # noqa: B018 - reads the header now, where its errors are caught
    except csv.Error as exc:
        raise reader.malformed(exc) from exc
    return reader


class _CheckedReader(csv.DictReader):  # type: ignore[type-arg]
    """A DictReader whose csv errors (a NUL byte, a field over the csv module's limit) are
    InputErrors naming the file and line."""

    def __init__(self, path: Path, text: io.StringIO, delimiter: str) -> None:
        super().__init__(text, delimiter=delimiter)
        self._path = path

    def malformed(self, exc: csv.Error) -> InputError:
        return InputError(
            key="error.malformed_csv_line",
            path=self._path,
            line=self.reader.line_num,
            reason=str(exc),
        )

    def __next__(self) -> Any:
        try:
            return super().__next__()
        except csv.Error as exc:
            raise self.malformed(exc) from exc


def _rows(path: Path, too_long: list[int]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, row) of each row; the line of a row with a field over the csv module's limit
    goes to `too_long` instead (the reader goes on with the next line)."""
    text = _decode(path)
    delimiter = delimiter_of(text)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = reader.fieldnames or []
        if len(set(header)) != len(header):
            twice = sorted({h for h in header if header.count(h) > 1})
            raise SurveyImportError(
                f"{path}:1: the header names {listing(twice)} twice; give each column its own name"
            )
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                if "field larger than field limit" not in str(exc):
                    raise
                too_long.append(reader.reader.line_num)  # DictReader's own is the row before
                continue
            if None in row:
                raise SurveyImportError(
                    f"{path}:{reader.line_num}: this row has more fields than the header "
                    f"({len(header)}); check for an unquoted {delimiter!r} in an answer"
                )
            yield reader.line_num, {k: (v or "") for k, v in row.items()}
    except csv.Error as exc:
        raise SurveyImportError(
            key="error.malformed_csv_line",
            path=path,
            line=reader.reader.line_num,  # DictReader's own is the row before
            reason=str(exc),
        ) from exc


@dataclass(frozen=True)
class SurveyRows:
    """The responses of a survey export, and the lines left out for a field too long to read."""

    responses: list[Response]
    too_long: tuple[int, ...] = ()


def read_survey(path: Path, mapping: SurveyMapping, model: Model) -> list[Response]:
    """Read every response of a survey export, checking all of it before returning any.

    Raises:
        SurveyImportError: at the first problem, with file, line, column and what to do.
    """
    return read_survey_rows(path, mapping, model).responses


def read_survey_rows(path: Path, mapping: SurveyMapping, model: Model) -> SurveyRows:
    """Read every response of a survey export, checking all of it before returning any.

    A row with a field longer than the csv module's limit (a runaway quote, a pasted
    document) is left out and its line noted, rather than failing the whole export.

    Raises:
        SurveyImportError: at the first problem, with file, line, column and what to do.
    """
    too_long: list[int] = []
    rows = _rows(path, too_long)
    items = {s.id: s for s in model.survey}
    scales = {s.id: s for s in model.scales}
    responses: list[Response] = []
    header_checked = False
    for line, row in rows:
        if not header_checked:
            _check_columns(path, list(row), mapping)
            header_checked = True
        if not any(v.strip() for v in row.values()):
            continue
        answers: dict[str, float | None] = {}
        for column in mapping.columns:
            raw = row[column]
            if not raw.strip():
                continue
            target = mapping.target(column)
            item = items[target.item]
            source = (target.scale.min, target.scale.max) if target.scale else None
            try:
                answers[target.item] = read_scale_answer(raw, scales[item.scale], source).value
            except AnswerError as exc:
                raise SurveyImportError(
                    f"{path}:{line}: column {column!r} ({target.item}): {exc}. Nothing was "
                    "imported; correct the answer or the mapping's scale and import again."
                ) from exc
        responses.append(
            Response(
                respondent=_respondent(path, line, row, mapping),
                line=line,
                answers=answers,
                unit=(row[mapping.unit].strip() or None) if mapping.unit else None,
                submitted=_submitted(path, line, row, mapping),
            )
        )
    if not header_checked:
        raise SurveyImportError(f"survey file {path} has a header but no responses")
    return SurveyRows(responses, tuple(too_long))


def _check_columns(path: Path, header: list[str], mapping: SurveyMapping) -> None:
    named = [c for c in (mapping.respondent, mapping.unit, mapping.submitted) if c]
    missing = [c for c in [*mapping.columns, *named] if c not in header]
    if missing:
        raise SurveyImportError(
            f"{path}:1: the mapping names column(s) {listing(map(repr, missing))}, which the "
            f"file does not have. Its columns are: {listing(header)}."
        )
    known = set(mapping.columns) | set(mapping.ignore) | set(named)
    unknown = [c for c in header if c not in known]
    if unknown:
        raise SurveyImportError(
            f"{path}:1: unknown column(s) {listing(map(repr, unknown))}: the mapping neither "
            "maps nor ignores them. Map each to a survey item under `columns:`, or list it "
            "under `ignore:`."
        )


def _respondent(path: Path, line: int, row: dict[str, str], mapping: SurveyMapping) -> str:
    """A stable opaque key per respondent: a hash of their id, or of their line and answers.

    Survey tools' respondent ids can be e-mail addresses, so only a hash is kept.
    """
    if mapping.respondent:
        ident = row[mapping.respondent].strip()
        if not ident:
            raise SurveyImportError(
                f"{path}:{line}: column {mapping.respondent!r} (the respondent id) is empty; "
                "every row needs one, or leave `respondent` out of the mapping"
            )
        seed = f"id\x1f{ident}"
    else:
        seed = f"row\x1f{line}\x1f" + "\x1f".join(row[c] for c in sorted(row))
    return hashlib.sha256(seed.encode()).hexdigest()[:24]


def _submitted(path: Path, line: int, row: dict[str, str], mapping: SurveyMapping) -> date | None:
    if not mapping.submitted or not row[mapping.submitted].strip():
        return None
    raw = row[mapping.submitted].strip()
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        raise SurveyImportError(
            f"{path}:{line}: column {mapping.submitted!r} holds {raw!r}, not a date; "
            "use ISO dates such as 2026-03-01"
        ) from None
