"""The organisation's units as the people-and-units page shows them: the tree, the initiatives
each unit owns, and how many people of the directory each holds, never a group under five.

Each count is of the unit's own people, not its sub-units', and no total is shown: a total, or a
unit counted with its sub-units, minus the counts shown would give away a withheld one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from wi3.service._organisation import list_initiatives
from wi3.service._workspace import Workspace, find_organisation
from wi3.store import Person, Unit


@dataclass(frozen=True)
class UnitPeople:
    """A unit, its depth in the tree, the initiatives it owns and its people (None: fewer than
    the minimum group, or none)."""

    path: str
    name: str
    depth: int
    initiatives: tuple[str, ...]
    people: int | None


def unit_people(ws: Workspace, org_slug: str | None) -> list[UnitPeople]:
    """Every unit of the organisation by path, with its own people when there are enough."""
    min_group = ws.model.settings.min_group_size
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        units = session.scalars(
            select(Unit).where(Unit.organisation_id == org.id).order_by(Unit.path)
        ).all()
        counts = Counter(
            session.scalars(
                select(Person.unit_id).where(
                    Person.organisation_id == org.id,
                    Person.in_directory.is_(True),
                    Person.bot.is_(False),
                )
            ).all()
        )
        owned: dict[int | None, list[str]] = {}
        for initiative in list_initiatives(session, org):
            owned.setdefault(initiative.unit_id, []).append(initiative.slug)
        return [
            UnitPeople(
                u.path,
                u.name,
                u.path.count("/"),
                tuple(owned.get(u.id, ())),
                counts[u.id] if counts[u.id] >= min_group else None,
            )
            for u in units
        ]
