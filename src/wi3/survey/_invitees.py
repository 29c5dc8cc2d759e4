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

from wi3.errors import InputError, listing
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
        raise InputError(
            f"{path}:1: missing column(s) {', '.join(missing)}; an invitee file has the columns "
            "address and unit, and optionally level (staff, manager or executive)"
        )
    unknown = [h for h in header if h not in COLUMNS + OPTIONAL]
    if unknown:
        raise InputError(
            f"{path}:1: unknown column(s) {listing(map(repr, unknown))}; an invitee file has "
            "only the columns address, unit and level. Remove the others (names are not needed)."
        )
    reader.fieldnames = header

    def rows() -> Iterator[tuple[str, str, int, Mapping[str, str | None]]]:
        for row in reader:
            where = f"{path}:{reader.line_num}"
            if None in row:
                raise InputError(
                    f"{where}: this row has more fields than the header; check for an unquoted "
                    "separator in the address or unit"
                )
            yield where, f"line {reader.line_num}", reader.line_num, row

    found = _checked(rows(), units)
    if not found:
        raise InputError(f"{path}: no invitees found; the file has a header but no rows")
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
    entries = ((f"invitees[{n}]", f"invitees[{n}]", n + 1, e) for n, e in enumerate(given))
    found = _checked(entries, units)
    if not found:
        raise InputError("invitees: the list is empty; give at least one invitee")
    return found


def _checked(
    rows: Iterable[tuple[str, str, int, Mapping[str, str | None]]], units: Collection[str]
) -> list[Invitee]:
    """The invitees of (where, how to mention it, line, row) rows; blank rows are passed over."""
    found: list[Invitee] = []
    first: dict[str, str] = {}
    for where, mention, line, row in rows:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        address = (row.get("address") or "").strip()
        if not _ADDRESS.fullmatch(address):
            raise InputError(
                f"{where}: {address!r} is not an e-mail address; write one address per "
                "row, such as name@example.org"
            )
        key = address.casefold()
        if key in first:
            raise InputError(
                f"{where}: {address} is listed twice (first on {first[key]}); keep one row "
                "per invitee"
            )
        first[key] = mention
        unit = (row.get("unit") or "").strip().strip("/") or None
        if unit is not None and unit not in units:
            raise InputError(
                f"{where}: unit {unit!r} is not a unit of the organisation; use one of "
                f"{listing(sorted(units))} (`wi3 org units` lists them), or leave it empty"
            )
        level = (row.get("level") or "").strip().lower() or None
        if level is not None and level not in LEVELS:
            raise InputError(
                f"{where}: level {level!r} is not a level; write staff, manager or executive, "
                "or leave it empty"
            )
        found.append(Invitee(address, unit, level, line))
    return found
