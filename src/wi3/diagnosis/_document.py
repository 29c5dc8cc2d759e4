"""A diagnosis as a JSON document (with a schema version) and back, for snapshots and reports.

The document holds every dataclass field, plus the derived values a reader of the JSON wants
without recomputing them (a category's phase, a gate's status); those are ignored when reading.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from datetime import date
from typing import Any, TypeVar, Union

from wi3.diagnosis._types import (
    CategoryResult,
    GateResult,
    InitiativeDiagnosis,
    OrganisationDiagnosis,
)
from wi3.notes import Note, read_note

SCHEMA_VERSION = 3
"""Bump when a field changes meaning or disappears; readers check it. Version 2 added the
activity state, the usage pointer, claims, sufficiency and evidence ages; version 3 stores each
note (a reading's basis, why it has no level) as its key and arguments. A version 1 document
still reads, with the newer fields left empty, and the notes of versions 1 and 2 as the English
text they were."""
READABLE = (1, 2, SCHEMA_VERSION)

_DERIVED: dict[type, tuple[str, ...]] = {
    CategoryResult: ("phase",),
    GateResult: ("holds", "status"),
}

_PLAIN = frozenset({str, int, float, bool, type(None)})
"""Types written as they are (exactly these: a `Note` is a str, and is written as a note)."""
_FIELDS: dict[type, tuple[str, ...]] = {}
"""The field names of each dataclass written so far."""

T = TypeVar("T")


def to_document(diagnosis: OrganisationDiagnosis) -> dict[str, Any]:
    """The diagnosis as JSON-ready data: `{"schema_version": 3, "diagnosis": {...}}`."""
    return {"schema_version": SCHEMA_VERSION, "diagnosis": _dump(diagnosis)}


def from_document(document: dict[str, Any]) -> OrganisationDiagnosis:
    """Read back a document written by `to_document` (of this or the previous version).

    Raises:
        ValueError: when the document has another schema version.
    """
    _check_version(document)
    diagnosis: OrganisationDiagnosis = _load(OrganisationDiagnosis, document["diagnosis"])
    return diagnosis


def initiative_from_document(document: dict[str, Any], slug: str) -> InitiativeDiagnosis | None:
    """One initiative's diagnosis from a document written by `to_document`; None when the
    document does not hold it. Reads only that initiative: quicker than the whole document.

    Raises:
        ValueError: when the document has another schema version.
    """
    _check_version(document)
    for item in document["diagnosis"]["initiatives"]:
        if item.get("initiative") == slug:
            diagnosis: InitiativeDiagnosis = _load(InitiativeDiagnosis, item)
            return diagnosis
    return None


def _check_version(document: dict[str, Any]) -> None:
    version = document.get("schema_version")
    if version not in READABLE:
        raise ValueError(
            f"diagnosis document has schema version {version}, expected one of "
            f"{', '.join(map(str, READABLE))}"
        )


def _dump(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:  # most values of a diagnosis: answered before any other check
        return value
    if isinstance(value, Note):
        return value.to_json()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS.get(kind)
        if names is None:
            names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(value))
        out = {name: _dump(getattr(value, name)) for name in names}
        for name in _DERIVED.get(kind, ()):
            out[name] = getattr(value, name)
        return out
    if isinstance(value, tuple | list):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value


def _load(kind: Any, data: Any) -> Any:
    origin = typing.get_origin(kind)
    if origin in (Union, types.UnionType):
        if data is None:
            return None
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        if len(options) == 1:
            return _load(options[0], data)
        return data  # float | str and the like: JSON keeps the value as it was
    if origin is tuple:
        (item, _ellipsis) = typing.get_args(kind)
        return tuple(_load(item, v) for v in data)
    if origin is dict:
        _key, item = typing.get_args(kind)
        return {k: _load(item, v) for k, v in data.items()}
    if kind is date:
        return date.fromisoformat(data)
    if kind is str and isinstance(data, dict):
        return read_note(data)
    if kind is float and isinstance(data, int):
        return float(data)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return kind(
            **{name: _load(hint, data[name]) for name, hint in _fields(kind) if name in data}
        )
    return data


@functools.cache
def _fields(kind: type) -> tuple[tuple[str, Any], ...]:
    """A dataclass's fields with their types, resolved once (resolving them is slow)."""
    hints = typing.get_type_hints(kind)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(kind))
