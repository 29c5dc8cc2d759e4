"""A snapshot: an organisation's diagnosis as of a date, with what a reader needs beside it.

`wi3 diagnose` stores one per organisation and date; reports, the command line and the web
application read it. Beside the diagnosis it holds the organisation's name, a description of
each initiative as registered (name, kind, platform, dates, audience) and the notices about the
dates of the usage evidence. As a JSON document it is `to_document(diagnosis)` with the keys
`organisation` (slug, name), `initiatives` (slug → the entry's fields that have a value),
`notices` (when there are any) and, for the example organisation, `example`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, Literal

from wi3.diagnosis._document import from_document, to_document
from wi3.diagnosis._types import InitiativeDiagnosis, OrganisationDiagnosis
from wi3.errors import InputError
from wi3.notes import Note, read_note

AudienceBasis = Literal["owner", "platform"]


@dataclass(frozen=True)
class InitiativeEntry:
    """An initiative as the organisation registered it, when the snapshot was taken."""

    name: str
    kind: str
    platform: str | None = None
    unit: str | None = None
    """The owning unit's path, e.g. `ict/workplace`."""
    start_date: date | None = None
    status: str | None = None
    """active, paused or retired."""
    end_date: date | None = None
    audience: int | None = None
    """The people it is meant for: the owner's figure, else the platform's member list."""
    audience_basis: AudienceBasis | None = None


@dataclass(frozen=True)
class Notice:
    """What a reader must know about the dates of an initiative's usage evidence."""

    initiative: str
    kind: str
    """`after_evidence` (the date is past the end of the exports) or `no_usage` (no usage
    figures for the quarter the diagnosis reads)."""
    text: str


@dataclass(frozen=True)
class Snapshot:
    """An organisation's diagnosis as of a date, with its initiatives' entries and notices."""

    diagnosis: OrganisationDiagnosis
    organisation_name: str
    initiatives: Mapping[str, InitiativeEntry] = field(default_factory=dict)
    """By slug: every initiative registered, also those the diagnosis leaves out."""
    notices: tuple[Notice, ...] = ()
    example: bool = False
    """The example organisation of `wi3 demo`; reports label it as such."""

    @property
    def organisation(self) -> str:
        """The organisation's slug."""
        return self.diagnosis.organisation

    @property
    def as_of(self) -> date:
        return self.diagnosis.as_of

    def entry(self, slug: str) -> InitiativeEntry:
        """The registered entry of an initiative; its slug for a name when it has none."""
        return self.initiatives.get(slug) or InitiativeEntry(name=slug, kind="")

    def initiative(self, slug: str) -> InitiativeDiagnosis | None:
        """The diagnosis of one initiative, None when this snapshot does not hold it."""
        return next((d for d in self.diagnosis.initiatives if d.initiative == slug), None)

    def to_document(self) -> dict[str, Any]:
        """The snapshot as JSON-ready data, as it is stored and as the JSON report shows it."""
        document = to_document(self.diagnosis)
        document["organisation"] = {"slug": self.organisation, "name": self.organisation_name}
        if self.example:
            document["example"] = True
        document["initiatives"] = {
            slug: _entry_document(entry) for slug, entry in self.initiatives.items()
        }
        if self.notices:
            document["notices"] = [
                {
                    "initiative": n.initiative,
                    "kind": n.kind,
                    "text": n.text.to_json() if isinstance(n.text, Note) else n.text,
                }
                for n in self.notices
            ]
        return document

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> Snapshot:
        """Read a stored snapshot back (any readable schema version of its diagnosis).

        Raises:
            InputError: when the document is not a snapshot, or has a schema version this wi3
                cannot read.
        """
        try:
            return cls._read(document)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(
                f"cannot read this diagnosis document: {exc}. It must be a snapshot written by "
                "`wi3 diagnose`; diagnose again to make one."
            ) from exc

    @classmethod
    def _read(cls, document: Mapping[str, Any]) -> Snapshot:
        diagnosis = from_document(dict(document))
        organisation = document.get("organisation") or {}
        return cls(
            diagnosis=diagnosis,
            organisation_name=str(organisation.get("name") or diagnosis.organisation),
            initiatives={
                str(slug): _entry(about)
                for slug, about in (document.get("initiatives") or {}).items()
            },
            notices=tuple(
                Notice(str(n["initiative"]), str(n["kind"]), read_note(n["text"]))
                for n in document.get("notices") or ()
            ),
            example=document.get("example") is True,
        )


def _entry_document(entry: InitiativeEntry) -> dict[str, Any]:
    """The entry's fields that have a value; dates as ISO text."""
    return {
        f.name: value.isoformat() if isinstance(value, date) else value
        for f in fields(entry)
        if (value := getattr(entry, f.name)) is not None
    }


def _entry(about: Mapping[str, Any]) -> InitiativeEntry:
    """An entry from its document; snapshots of older versions lack the newer keys."""

    def day(key: str) -> date | None:
        value = about.get(key)
        return None if value is None else date.fromisoformat(str(value))

    audience = about.get("audience")
    basis = about.get("audience_basis")
    return InitiativeEntry(
        name=str(about["name"]),
        kind=str(about.get("kind") or ""),
        platform=about.get("platform"),
        unit=about.get("unit"),
        start_date=day("start_date"),
        status=about.get("status"),
        end_date=day("end_date"),
        audience=audience if isinstance(audience, int) else None,
        audience_basis=basis if basis in ("owner", "platform") else None,
    )
