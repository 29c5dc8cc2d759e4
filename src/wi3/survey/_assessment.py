"""Reading owner assessments from YAML or CSV files, checked against the model's questions.

YAML holds one assessment, or a list under `assessments:`:

    assessments:
      - initiative: team-wiki          # "@organisation" for the organisation-level assessment
        assessed_on: 2026-03-01
        assessor_role: community manager
        answers:
          assess.focus: facilitating   # or 1-3, or "don't know"
          fact.parallel_tools: "no"

CSV has one answer per row, with the columns initiative, assessed_on, assessor_role (optional),
item and answer; rows with the same initiative and date form one assessment.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from wi3.errors import AnswerError, InputError
from wi3.model import Model
from wi3.survey._answers import read_owner_answer
from wi3.survey._import import csv_reader
from wi3.yamldoc import YamlDocument, read_yaml

ORGANISATION = "@organisation"
"""The `initiative` of an organisation-level assessment."""

CSV_COLUMNS = ("initiative", "assessed_on", "item", "answer")


@dataclass
class AssessmentInput:
    """One owner assessment as read from a file: answers are phase/option ids or None."""

    initiative: str
    assessed_on: date
    answers: dict[str, str | None] = field(default_factory=dict)
    assessor_role: str | None = None
    where: str = ""

    @property
    def organisation_level(self) -> bool:
        return self.initiative == ORGANISATION


def read_assessments(path: Path, model: Model) -> list[AssessmentInput]:
    """Read every assessment in a YAML or CSV file, all checked before any is returned.

    Raises:
        InputError: naming file and line, the question or answer at fault, and what fits.
    """
    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        return _read_csv(path, model)
    return _read_yaml(path, model)


def _date(raw: Any, where: str) -> date:
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw).strip())
    except ValueError:
        raise InputError(
            f"{where}: assessed_on {raw!r} is not a date; write it as 2026-03-01"
        ) from None


def _read_yaml(path: Path, model: Model) -> list[AssessmentInput]:
    doc = read_yaml(path)
    if doc.repeated:
        raise InputError(
            f"{doc.at(doc.repeated[0])}: {doc.repeated[0]} is given twice; "
            "keep one answer per question"
        )
    data = doc.data
    if isinstance(data, dict) and "assessments" in data:
        entries, prefix = data["assessments"], "assessments"
    else:
        entries, prefix = [data], ""
    if not isinstance(entries, list) or not entries:
        raise InputError(
            f"{path}: expected an assessment (initiative, assessed_on, answers) "
            "or a list of them under `assessments:`"
        )
    return [
        _read_entry(doc, entry, f"{prefix}[{i}]" if prefix else "", model)
        for i, entry in enumerate(entries)
    ]


def _read_entry(doc: YamlDocument, entry: Any, where: str, model: Model) -> AssessmentInput:
    def at(key: str) -> str:
        return doc.at(f"{where}.{key}" if where else key)

    if not isinstance(entry, dict):
        raise InputError(
            f"{doc.at(where or '(top)')}: an assessment must be a mapping with "
            "initiative, assessed_on and answers"
        )
    unknown = sorted(set(entry) - {"initiative", "assessed_on", "assessor_role", "answers"})
    if unknown:
        raise InputError(
            f"{at(unknown[0])}: {unknown[0]!r} is not a field of an assessment; "
            "use initiative, assessed_on, assessor_role and answers"
        )
    for key in ("initiative", "assessed_on", "answers"):
        if key not in entry or entry[key] in (None, ""):
            raise InputError(f"{doc.at(where or '(top)')}: the assessment has no {key}")
    answers = entry["answers"]
    if not isinstance(answers, dict) or not answers:
        raise InputError(f"{at('answers')}: answers must map question ids to answers")
    result = AssessmentInput(
        initiative=str(entry["initiative"]),
        assessed_on=_date(entry["assessed_on"], at("assessed_on")),
        assessor_role=entry.get("assessor_role"),
        where=doc.at(where or "(top)"),
    )
    for item, raw in answers.items():
        result.answers[str(item)] = _answer(model, str(item), raw, at(f"answers.{item}"))
    return result


def _answer(model: Model, item: str, raw: Any, where: str) -> str | None:
    if raw is True or raw is False:  # YAML reads an unquoted yes/no as a boolean
        raw = "yes" if raw else "no"
    try:
        return read_owner_answer(model, item, "" if raw is None else str(raw))
    except AnswerError as exc:
        raise InputError(f"{where}: {exc}. Nothing was imported.") from exc


def _read_csv(path: Path, model: Model) -> list[AssessmentInput]:
    reader = csv_reader(path)
    header = reader.fieldnames or []
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise InputError(
            f"{path}:1: missing column(s) {', '.join(missing)}; an assessment CSV "
            f"has the columns {', '.join(CSV_COLUMNS)} and optionally assessor_role"
        )
    found: dict[tuple[str, date], AssessmentInput] = {}
    try:
        for row in reader:
            where = f"{path}:{reader.line_num}"
            if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                continue
            initiative = (row["initiative"] or "").strip()
            if not initiative:
                raise InputError(
                    f"{where}: the initiative is empty; give its id, or "
                    f"{ORGANISATION} for the organisation-level assessment"
                )
            day = _date(row["assessed_on"], where)
            key = (initiative, day)
            entry = found.setdefault(
                key,
                AssessmentInput(
                    initiative, day, assessor_role=(row.get("assessor_role") or None), where=where
                ),
            )
            item = (row["item"] or "").strip()
            if item in entry.answers:
                raise InputError(f"{where}: {item} is answered twice for {initiative} on {day}")
            entry.answers[item] = _answer(model, item, row["answer"], where)
    except csv.Error as exc:
        raise InputError(f"{path}:{reader.line_num}: malformed CSV ({exc})") from exc
    if not found:
        raise InputError(f"{path}: no answers found; the file has a header but no rows")
    return list(found.values())
