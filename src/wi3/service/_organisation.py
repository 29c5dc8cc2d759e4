"""Organisations, their unit tree and their initiatives: from a YAML file or one at a time.

    organisation: {slug: acme, name: Acme BV}
    units:
      - {path: ict, name: ICT}
      - {path: ict/workplace, name: Digital workplace}
    initiatives:
      - {slug: team-wiki, name: Team wiki, kind: wiki, platform: MediaWiki,
         unit: ict/workplace, start_date: 2024-02-01, status: active, audience: 400,
         scope: [ict, hr]}
      - {slug: old-forum, name: Old forum, kind: forum, status: retired, end_date: 2025-06-30}

Importing the same file again updates what changed and adds nothing twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from wi3.errors import InputError, NotFoundError, listing
from wi3.service._workspace import Workspace, find_organisation
from wi3.store import INITIATIVE_KINDS, INITIATIVE_STATUSES, Initiative, Organisation, Unit
from wi3.texts import Locale
from wi3.yamldoc import read_yaml

SLUG = r"[a-z0-9][a-z0-9_\-]*"
"""What an organisation or initiative id looks like (with at most 80 characters)."""
Slug = Annotated[str, StringConstraints(pattern=f"^{SLUG}$", max_length=80)]
UnitPath = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_\-]*(/[a-z0-9][a-z0-9_\-]*)*$")
]


MAX_AUDIENCE = 10**9
"""The most people an initiative can be meant for (the store holds 64-bit numbers)."""


def check_slug(slug: str, option: str) -> str:
    """`slug` when it is one (as organisation and initiative ids are), for `option`.

    Raises:
        InputError: naming the option and what a slug looks like.
    """
    if len(slug) > 80 or not re.fullmatch(SLUG, slug):
        raise InputError(
            f"{option} {slug[:100]!r} is not a slug: use up to 80 lower-case letters, digits, "
            "- and _, starting with a letter or digit, e.g. team-wiki"
        )
    return slug


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OrganisationSpec(_Strict):
    slug: Slug
    name: str = Field(min_length=1)
    example: bool = False
    """Generated data: reports label it as an example."""


class UnitSpec(_Strict):
    path: UnitPath
    name: str | None = None


class InitiativeSpec(_Strict):
    """An initiative as given in an organisation file or on the command line."""

    slug: Slug
    name: str = Field(min_length=1)
    kind: str
    platform: str | None = None
    unit: UnitPath | None = None
    start_date: date | None = None
    status: str = "active"
    end_date: date | None = None
    """The day the owner ended it (or will): from then on it is stopped, whatever its status."""
    audience: int | None = Field(default=None, ge=1, le=MAX_AUDIENCE)
    scope: list[UnitPath] = Field(default_factory=list)
    """The units whose people the initiative is meant for (with sub-units); empty: everyone."""

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, kind: str) -> str:
        if kind not in INITIATIVE_KINDS:
            raise ValueError(f"kind {kind!r} is not one of {', '.join(INITIATIVE_KINDS)}")
        return kind

    @field_validator("status")
    @classmethod
    def _known_status(cls, status: str) -> str:
        if status not in INITIATIVE_STATUSES:
            raise ValueError(f"status {status!r} is not one of {', '.join(INITIATIVE_STATUSES)}")
        return status

    @model_validator(mode="after")
    def _ends_after_start(self) -> InitiativeSpec:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError(f"end_date {self.end_date} lies before start_date {self.start_date}")
        return self


class OrganisationFile(_Strict):
    organisation: OrganisationSpec
    units: list[UnitSpec] = Field(default_factory=list)
    initiatives: list[InitiativeSpec] = Field(default_factory=list)


Outcome = Literal["added", "updated", "unchanged"]
"""What registering an initiative did."""


@dataclass(frozen=True)
class ImportSummary:
    """What an import changed."""

    added: int
    updated: int
    unchanged: int

    def __str__(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"


def _problems(exc: ValidationError) -> list[tuple[str, str]]:
    """Each validation problem as (where, e.g. `initiatives[2].kind`; what is wrong)."""
    problems = []
    for error in exc.errors():
        where = ""
        for part in error["loc"]:
            where += f"[{part}]" if isinstance(part, int) else f".{part}" if where else part
        what = (
            "missing" if error["type"] == "missing" else error["msg"].removeprefix("Value error, ")
        )
        problems.append((str(where), what))
    return problems


def read_organisation_file(path: Path) -> OrganisationFile:
    """Read and validate an organisation YAML file.

    Raises:
        InputError: naming the file, line and field at fault.
    """
    doc = read_yaml(path)
    try:
        return OrganisationFile.model_validate(doc.data)
    except ValidationError as exc:
        problems = [f"{doc.at(where)}: {where}: {what}" for where, what in _problems(exc)]
        raise InputError(
            "the organisation file does not fit:\n  "
            + "\n  ".join(problems)
            + "\nIt needs `organisation: {slug, name}`, and may list `units` and `initiatives`."
        ) from exc


def ensure_unit(session: Session, org: Organisation, path: str, name: str | None = None) -> Unit:
    """The unit at `path`, created with its missing parents when it does not exist yet."""
    unit = session.scalar(select(Unit).where(Unit.organisation_id == org.id, Unit.path == path))
    if unit is not None:
        if name and unit.name != name:
            unit.name = name
        return unit
    parent_path, _, slug = path.rpartition("/")
    parent = ensure_unit(session, org, parent_path) if parent_path else None
    unit = Unit(
        organisation_id=org.id,
        parent_id=parent.id if parent else None,
        slug=slug,
        name=name or slug,
        path=path,
    )
    session.add(unit)
    session.flush()
    return unit


def import_organisation(
    session: Session, spec: OrganisationFile
) -> tuple[Organisation, ImportSummary]:
    """Create or update the organisation, its units and initiatives from a validated file."""
    org = session.scalar(select(Organisation).where(Organisation.slug == spec.organisation.slug))
    if org is None:
        org = Organisation(
            slug=spec.organisation.slug,
            name=spec.organisation.name,
            example=spec.organisation.example,
        )
        session.add(org)
        session.flush()
    else:
        org.name = spec.organisation.name
        org.example = spec.organisation.example
    for unit in spec.units:
        ensure_unit(session, org, unit.path, unit.name)
    added = updated = unchanged = 0
    for item in spec.initiatives:
        outcome = upsert_initiative(session, org, item)
        added += outcome == "added"
        updated += outcome == "updated"
        unchanged += outcome == "unchanged"
    return org, ImportSummary(added, updated, unchanged)


def upsert_initiative(
    session: Session, org: Organisation, spec: InitiativeSpec, partial: bool = False
) -> Outcome:
    """Add or update one initiative.

    An organisation file says everything about an initiative, so its update replaces every
    field; a `partial` update (one command's options) changes only the fields it was given.
    """
    unit = ensure_unit(session, org, spec.unit) if spec.unit else None
    values = {
        "name": spec.name,
        "kind": spec.kind,
        "platform": spec.platform,
        "unit_id": unit.id if unit else None,
        "start_date": spec.start_date,
        "status": spec.status,
        "end_date": spec.end_date,
        "audience": spec.audience,
        "scope": ";".join(spec.scope) or None,
    }
    if partial:
        given = {"unit_id" if f == "unit" else f for f in spec.model_fields_set}
        values = {k: v for k, v in values.items() if k in given}
    existing = initiative_named(session, org, spec.slug)
    if existing is None:
        session.add(Initiative(organisation_id=org.id, slug=spec.slug, **values))
        session.flush()
        return "added"
    changed = False
    for key, value in values.items():
        if getattr(existing, key) != value:
            setattr(existing, key, value)
            changed = True
    return "updated" if changed else "unchanged"


def initiative_named(session: Session, org: Organisation, slug: str) -> Initiative | None:
    """The initiative `slug` of `org`, if there is one."""
    return session.scalar(
        select(Initiative).where(Initiative.organisation_id == org.id, Initiative.slug == slug)
    )


def find_initiative(session: Session, org: Organisation, slug: str) -> Initiative:
    """The initiative `slug` of `org`.

    Raises:
        NotFoundError: listing the initiatives that do exist.
    """
    initiative = initiative_named(session, org, slug)
    if initiative is None:
        known = session.scalars(
            select(Initiative.slug)
            .where(Initiative.organisation_id == org.id)
            .order_by(Initiative.slug)
        ).all()
        raise NotFoundError(
            key="error.no_initiative" if known else "error.no_initiatives",
            initiative=repr(slug),
            organisation=org.slug,
            known=known,
        )
    return initiative


def list_initiatives(session: Session, org: Organisation) -> list[Initiative]:
    """The organisation's initiatives, by slug."""
    return list(
        session.scalars(
            select(Initiative).where(Initiative.organisation_id == org.id).order_by(Initiative.slug)
        ).all()
    )


@dataclass(frozen=True)
class OrganisationImport:
    """The organisation an organisation file described, and what its import did to the
    initiatives."""

    organisation: str
    initiatives: ImportSummary

    def text(self, locale: Locale) -> str:
        """What the import did, in `locale`'s language."""
        return locale.label(
            "cli.org.imported",
            organisation=self.organisation,
            added=self.initiatives.added,
            updated=self.initiatives.updated,
            unchanged=self.initiatives.unchanged,
        )

    def __str__(self) -> str:
        return self.text(Locale("en"))


def import_organisation_file(
    ws: Workspace, path: Path, allowed: Callable[[str, bool], None] | None = None
) -> OrganisationImport:
    """Import an organisation file in one transaction.

    `allowed(slug, new)`, when given, is called with the organisation the file describes (and
    whether it is new) before anything is written; what it raises stops the import.
    """
    spec = read_organisation_file(path)
    if allowed is not None:
        with ws.store.transaction() as session:
            slug = spec.organisation.slug
            known = session.scalar(select(Organisation.id).where(Organisation.slug == slug))
        allowed(slug, known is None)
    with ws.store.transaction() as session:
        org, summary = import_organisation(session, spec)
        return OrganisationImport(org.slug, summary)


def add_initiative(ws: Workspace, org_slug: str | None, slug: str, **given: object) -> Outcome:
    """Register an initiative, or change only the `given` fields of the one with this slug.

    A new initiative needs a name and a kind. Once the organisation has units (from its file
    or its people directory), the unit and scope must be among them: a mistyped unit would
    otherwise become a new, empty one.

    Raises:
        InputError: a new initiative without name or kind, a field that is not valid, or a
            unit the organisation does not have.
    """
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        existing = initiative_named(session, org, slug)
        if existing is not None:
            given = {"name": existing.name, "kind": existing.kind, **given}
        elif "name" not in given or "kind" not in given:
            raise InputError(
                f"initiative {slug!r} is new, so it needs a name and a kind: "
                f"wi3 initiative add {slug} --name NAME --kind KIND"
            )
        try:
            spec = InitiativeSpec.model_validate({"slug": slug, **given})
        except ValidationError as exc:
            problems = "; ".join(f"{where}: {what}" for where, what in _problems(exc))
            raise InputError(f"cannot register {slug!r}: {problems}") from exc
        _check_units(session, org, spec)
        return upsert_initiative(session, org, spec, partial=True)


def _check_units(session: Session, org: Organisation, spec: InitiativeSpec) -> None:
    """Refuse a unit or scope the organisation does not have, once it has units at all."""
    known = [u.path for u in _units_of(session, org)]
    if not known:
        return
    given = [spec.unit] if "unit" in spec.model_fields_set and spec.unit else []
    given += spec.scope if "scope" in spec.model_fields_set else []
    unknown = [u for u in given if u not in set(known)]
    if unknown:
        raise InputError(
            f"cannot register {spec.slug!r}: {org.slug} has no unit {unknown[0]!r}; its units "
            f"are {listing(known)}. `wi3 org units` lists them; to add one, list it under "
            "`units:` in the organisation file and run `wi3 org import` again."
        )


@dataclass(frozen=True)
class OrganisationRow:
    """An organisation of the workspace: its slug, name, and whether it is generated data."""

    slug: str
    name: str
    example: bool


def organisation(ws: Workspace, slug: str) -> OrganisationRow:
    """The organisation `slug`.

    Raises:
        NotFoundError: when the workspace holds no such organisation.
    """
    for row in organisations(ws):
        if row.slug == slug:
            return row
    raise NotFoundError(f"no organisation {slug!r} in this workspace")


def organisations(ws: Workspace) -> list[OrganisationRow]:
    """Every organisation of the workspace, by slug."""
    with ws.store.transaction() as session:
        found = session.scalars(select(Organisation).order_by(Organisation.slug)).all()
        return [OrganisationRow(o.slug, o.name, o.example) for o in found]


@dataclass(frozen=True)
class UnitRow:
    """A unit of the organisation: its path in the tree and its name."""

    path: str
    name: str


def units(ws: Workspace, org_slug: str | None) -> list[UnitRow]:
    """The organisation's units, by path: from its file, its people directory, its initiatives."""
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        return [UnitRow(u.path, u.name) for u in _units_of(session, org)]


def _units_of(session: Session, org: Organisation) -> list[Unit]:
    return list(
        session.scalars(
            select(Unit).where(Unit.organisation_id == org.id).order_by(Unit.path)
        ).all()
    )


@dataclass(frozen=True)
class InitiativeRow:
    slug: str
    name: str
    kind: str
    platform: str | None
    unit: str | None
    start_date: date | None
    status: str
    end_date: date | None
    audience: int | None
    scope: tuple[str, ...]


def initiatives(ws: Workspace, org_slug: str | None) -> list[InitiativeRow]:
    """The organisation's initiatives as plain rows."""
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        return [
            InitiativeRow(
                i.slug,
                i.name,
                i.kind,
                i.platform,
                i.unit.path if i.unit else None,
                i.start_date,
                i.status,
                i.end_date,
                i.audience,
                tuple(i.scope.split(";")) if i.scope else (),
            )
            for i in list_initiatives(session, org)
        ]
