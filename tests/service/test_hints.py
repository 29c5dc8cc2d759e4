"""Stored account hints show an e-mail domain only when five or more accounts of the organisation
share it, never a name's initials; migration 0007 masks the hints stored before."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select

from wi3.service import Workspace, import_organisation_file, init_workspace
from wi3.service._pipeline import IngestPipeline
from wi3.service._workspace import find_organisation
from wi3.store import Account, Person, alembic_config


def store_accounts(ws: Workspace, source: str, aliases: dict[str, str]) -> None:
    """Store accounts of acme as an import naming them would: platform key → shown alias."""
    pipeline = IngestPipeline(ws, "acme", source, "test")
    try:
        for key, alias in aliases.items():
            pipeline.account(key, (alias,))
        with ws.store.transaction() as session:
            pipeline.store_accounts(session, find_organisation(session, "acme"))
    finally:
        pipeline.close()


def hints(ws: Workspace) -> dict[str, int]:
    """How many accounts have each hint."""
    with ws.store.transaction() as session:
        found = session.scalars(select(Account.hint)).all()
    return {h: found.count(h) for h in sorted(set(found))}


def addresses(domain: str, n: int, first: int = 0) -> dict[str, str]:
    return {f"{domain}-{i}": f"user{i}@{domain}" for i in range(first, first + n)}


def test_a_domain_shows_when_five_accounts_share_it_not_four(workspace: Workspace) -> None:
    store_accounts(
        workspace,
        "slack",
        addresses("four.example", 4)
        | addresses("five.example", 5)
        | {"jdv": "Jan de Vries", "pb": "Piet Bakker", "jdevries": "jdevries"},
    )
    assert hints(workspace) == {
        "J…": 1,  # a name keeps only its first character
        "P…": 1,
        "j…s": 1,
        "u…@five.example": 5,
        "u…@…": 4,
    }


def test_later_imports_count_the_domains_the_store_shows(workspace: Workspace) -> None:
    store_accounts(workspace, "slack", addresses("five.example", 5) | addresses("few.example", 3))
    # the same domains, on another platform: five.example is shown already, so one more shows it;
    # few.example was stored masked, so its three accounts are not seen and two more stay masked
    store_accounts(workspace, "mbox", addresses("five.example", 1) | addresses("few.example", 2))
    assert hints(workspace) == {"u…@five.example": 6, "u…@…": 5}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_store(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    organisation_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Workspace]:
    """A workspace with acme, its store in SQLite or in a new PostgreSQL database."""
    if request.param == "sqlite":
        monkeypatch.delenv("WI3_DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("WI3_DATABASE_URL", request.getfixturevalue("postgres_database_url"))
    ws = init_workspace(tmp_path / "ws")
    import_organisation_file(ws, organisation_file)
    yield ws
    ws.close()


def test_migration_0007_masks_the_hints_stored_before(any_store: Workspace) -> None:
    workspace = any_store
    old = (
        ["a…@Shared.example"] * 3 + ["b…@shared.example"] * 2  # five, in two spellings
        + ["c…@rare.example"] * 4
        + ["J. d. V.", "P. B.", "j…s", "U…", "d…@"]
    )  # fmt: skip
    with workspace.store.transaction() as session:
        org = find_organisation(session, "acme")
        for i, hint in enumerate(old):
            person = Person(organisation_id=org.id, pseudonym=f"p{i}")
            session.add(person)
            session.flush()
            session.add(
                Account(
                    organisation_id=org.id,
                    source="slack",
                    pseudonym=f"a{i}",
                    person_id=person.id,
                    hint=hint,
                )
            )
    config = alembic_config()
    with workspace.store.engine.connect() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0006")
        command.upgrade(config, "head")
    assert hints(workspace) == {
        "J…": 1,
        "P…": 1,
        "U…": 1,
        "a…@Shared.example": 3,
        "b…@shared.example": 2,
        "c…@…": 4,
        "d…@…": 1,
        "j…s": 1,
    }
