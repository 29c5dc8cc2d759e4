"""Reading the invitees of a survey round: a CSV with an address, a unit and optionally a level.

    address,unit,level
    ann@example.org,sales/north,staff
    ben@example.org,sales/north,manager

`,`, `;` or tab separated, UTF-8. The unit is a unit path of the organisation (or empty when
not known), the level one of staff, manager and executive. The whole file is checked before a
single invitation is made; the addresses serve only to hand out the links and are never stored.
A list of invitees (the JSON API's) is checked by the same rules (`check_invitees`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from wi3.errors import InputError
from wi3.survey._import import csv_reader

LEVELS = ("staff", "manager", "executive")
COLUMNS = ("address", "unit")
OPTIONAL = ("level",)

_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class Invitee:
    """One person to invite: their address (to send the link to), unit path and level."""

    address: str
    unit: str | None
    level: str | None
    line: int


def read_invitees(path: Path, units: Collection[str]) -> list[Invitee]:
    """Every invitee in the file, checked against the organisation's unit paths `units`.

    Raises:
        InputError: naming file and line, what is wrong and what to write instead.
    """
    reader = csv_reader(path)
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InputError(key="error.invitees.missing_columns", path=path, columns=missing)
    unknown = [h for h in header if h not in COLUMNS + OPTIONAL]
    if unknown:
        raise InputError(
            key="error.invitees.unknown_columns", path=path, columns=[repr(c) for c in unknown]
        )
    reader.fieldnames = header

    def rows() -> Iterator[tuple[str, int, Mapping[str, str | None]]]:
        for row in reader:
            where = f"{path}:{reader.line_num}"
            if None in row:
                raise InputError(key="error.invitees.extra_fields", where=where)
            yield where, reader.line_num, row

    found = _checked(rows(), units, in_file=True)
    if not found:
        raise InputError(key="error.invitees.no_rows", path=path)
    return found


def check_invitees(
    given: Sequence[Mapping[str, str | None]], units: Collection[str]
) -> list[Invitee]:
    """The invitees of a list (as the JSON API takes it: `address`, `unit`, `level` each),
    checked as a file's rows are; `line` is the entry's position, from 1.

    Raises:
        InputError: naming the entry (`invitees[0]` is the first), what is wrong and what to
            write instead.
    """
    entries = ((f"invitees[{n}]", n + 1, e) for n, e in enumerate(given))
    found = _checked(entries, units, in_file=False)
    if not found:
        raise InputError(key="error.invitees.empty_list")
    return found


def _checked(
    rows: Iterable[tuple[str, int, Mapping[str, str | None]]],
    units: Collection[str],
    *,
    in_file: bool,
) -> list[Invitee]:
    """The invitees of (where, line, row) rows; blank rows are passed over. A row listed
    twice names the first by its line `in_file`, else by where it is."""
    found: list[Invitee] = []
    first: dict[str, tuple[str, int]] = {}
    for where, line, row in rows:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        address = (row.get("address") or "").strip()
        if not _ADDRESS.fullmatch(address):
            raise InputError(key="error.invitees.address", where=where, address=repr(address))
        key = address.casefold()
        if key in first:
            before, before_line = first[key]
            if in_file:
                raise InputError(
                    key="error.invitees.twice_line", where=where, address=address, line=before_line
                )
            raise InputError(key="error.invitees.twice", where=where, address=address, first=before)
        first[key] = (where, line)
        unit = (row.get("unit") or "").strip().strip("/") or None
        if unit is not None and unit not in units:
            raise InputError(
                key="error.invitees.unit", where=where, unit=repr(unit), units=sorted(units)
            )
        level = (row.get("level") or "").strip().lower() or None
        if level is not None and level not in LEVELS:
            raise InputError(key="error.invitees.level", where=where, level=repr(level))
        found.append(Invitee(address, unit, level, line))
    return found
