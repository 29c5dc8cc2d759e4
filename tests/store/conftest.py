"""Fixtures for the store tests: a fresh store on SQLite and on PostgreSQL, and seed rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from wi3.store import Base, Initiative, Organisation, Store, Unit, open_store, sqlite_url

Rows = dict[str, list[tuple[Any, ...]]]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "wi3.sqlite")
    url: str = request.getfixturevalue("postgres_database_url")
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """A store opened (and so migrated) on an empty database of each backend."""
    opened = open_store(store_url)
    yield opened
    opened.dispose()


@dataclass(frozen=True)
class Seed:
    """The ids of the rows every test starts from: Acme, its sales/north units, its wiki."""

    organisation: int
    sales: int
    north: int
    wiki: int


@pytest.fixture
def seed(store: Store) -> Seed:
    """Acme with units sales and sales/north and a wiki owned by sales/north, committed."""
    with store.transaction() as session:
        acme = Organisation(slug="acme", name="Acme")
        session.add(acme)
        session.flush()
        sales = Unit(organisation_id=acme.id, slug="sales", name="Sales", path="sales")
        north = Unit(organisation_id=acme.id, slug="north", name="North", path="sales/north")
        sales.children.append(north)
        wiki = Initiative(
            organisation_id=acme.id,
            slug="wiki",
            name="Sales wiki",
            kind="wiki",
            platform="MediaWiki",
            unit=north,
            start_date=dt.date(2021, 3, 1),
            audience=120,
        )
        session.add_all([sales, wiki])
        session.flush()
        return Seed(organisation=acme.id, sales=sales.id, north=north.id, wiki=wiki.id)


@pytest.fixture
def rows(store: Store) -> Callable[[], Rows]:
    """A function reading every row of every store table, in a stable order, as plain tuples."""

    def read() -> Rows:
        with store.engine.connect() as connection:
            return {
                table.name: [
                    tuple(row)
                    for row in connection.execute(
                        select(table).order_by(*table.primary_key.columns)
                    )
                ]
                for table in Base.metadata.sorted_tables
            }

    return read
