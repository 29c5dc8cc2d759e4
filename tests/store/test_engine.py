"""Opening a store, its transactions, and the messages it gives when something fails."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import create_engine, delete, make_url, select, update
from sqlalchemy.exc import IntegrityError

from wi3.errors import StoreError, WorkspaceError
from wi3.store import (
    Answer,
    Assessment,
    Initiative,
    Organisation,
    Snapshot,
    Store,
    Unit,
    open_store,
    sqlite_url,
)

if TYPE_CHECKING:
    from tests.store.conftest import Rows, Seed


def test_a_failed_transaction_with_many_writes_leaves_the_store_exactly_as_before(
    store: Store, seed: Seed, rows: Callable[[], Rows]
) -> None:
    before = rows()
    with pytest.raises(StoreError) as refused, store.transaction() as session:
        globex = Organisation(slug="globex", name="Globex")
        session.add(globex)
        session.flush()
        session.add(Unit(organisation_id=globex.id, slug="hq", name="HQ", path="hq"))
        session.add(
            Assessment(
                organisation_id=seed.organisation,
                initiative_id=seed.wiki,
                assessed_on=dt.date(2024, 1, 1),
                origin="interactive",
                digest="x",
                answers=[Answer(item_id="q1", value="yes")],
            )
        )
        session.execute(update(Initiative).values(status="paused", audience=1))
        session.execute(delete(Unit).where(Unit.id == seed.north).where(Unit.id < 0))
        session.get_one(Organisation, seed.organisation).name = "Renamed"
        session.flush()
        session.add(Organisation(slug="acme", name="Duplicate"))  # refused at commit
    assert isinstance(refused.value.__cause__, IntegrityError)
    assert rows() == before


def test_earlier_transactions_survive_a_failed_one(store: Store, seed: Seed) -> None:
    with pytest.raises(StoreError), store.transaction() as session:
        session.add(Organisation(slug="acme", name="Duplicate"))
    with store.transaction() as session:
        assert session.scalars(select(Organisation.slug)).all() == ["acme"]
        assert session.scalars(select(Initiative.slug)).all() == ["wiki"]


def test_other_exceptions_propagate_unchanged_after_rollback(
    store: Store, seed: Seed, rows: Callable[[], Rows]
) -> None:
    before = rows()
    problem = ValueError("not a database problem")
    with pytest.raises(ValueError) as raised, store.transaction() as session:
        session.add(Organisation(slug="globex", name="Globex"))
        session.flush()
        raise problem
    assert raised.value is problem
    assert rows() == before


def test_refusal_message_says_what_was_refused_and_that_nothing_changed(
    store: Store, seed: Seed
) -> None:
    with pytest.raises(StoreError) as refused, store.transaction() as session:
        session.add(
            Initiative(organisation_id=seed.organisation, slug="wiki", name="W", kind="wiki")
        )
    message = str(refused.value)
    assert message.startswith(
        "the application store refused the change: it would store a duplicate"
    )
    assert "initiatives" in message and "slug" in message
    assert "Nothing was changed: the whole transaction was rolled back." in message
    assert "INSERT" not in message  # no SQL statement or parameters for the user


def test_commits_are_visible_to_a_new_store_on_the_same_database(store_url: str) -> None:
    first = open_store(store_url)
    with first.transaction() as session:
        session.add(Organisation(slug="acme", name="Acme"))
    first.dispose()
    second = open_store(store_url)  # migrations already applied: nothing to do
    with second.transaction() as session:
        assert session.scalars(select(Organisation.name)).all() == ["Acme"]
    second.dispose()


def test_rows_stay_readable_after_their_transaction(store: Store, seed: Seed) -> None:
    with store.transaction() as session:
        snapshot = Snapshot(
            organisation_id=seed.organisation,
            as_of=dt.date(2024, 6, 30),
            model_digest="m",
            diagnosis={"phase": "growth"},
        )
        session.add(snapshot)
    assert (snapshot.id, snapshot.diagnosis) == (1, {"phase": "growth"})


def test_store_can_be_used_again_after_dispose(store: Store, seed: Seed) -> None:
    store.dispose()
    with store.transaction() as session:
        assert session.get_one(Organisation, seed.organisation).slug == "acme"


def test_sqlite_connections_enforce_foreign_keys_and_wait_for_locks(tmp_path: Path) -> None:
    store = open_store(sqlite_url(tmp_path / "wi3.sqlite"))
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
    store.dispose()


def test_sqlite_url_is_absolute_and_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    url = sqlite_url(Path("my workspace") / "wi3.sqlite")
    assert url == f"sqlite:///{tmp_path}/my workspace/wi3.sqlite"
    assert make_url(url).database == str(tmp_path / "my workspace" / "wi3.sqlite")


def test_url_masks_the_password() -> None:
    store = Store(create_engine("postgresql+psycopg://wi3:s3cret@db.example.org/wi3"))
    assert store.url == "postgresql+psycopg://wi3:***@db.example.org/wi3"
    assert "s3cret" not in repr(store)


def test_an_unreachable_postgresql_raises_workspace_error_with_masked_url(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://wi3:s3cret@/wi3?host={tmp_path / 'no-server'}&port=5999"
    with pytest.raises(WorkspaceError) as failed:
        open_store(url)
    message = str(failed.value)
    assert message.startswith("cannot connect to the application store at postgresql+psycopg://")
    assert "wi3:***@" in message and "s3cret" not in message
    assert "Check WI3_DATABASE_URL" in message
    assert "PostgreSQL server is running" in message


def test_a_sqlite_file_in_a_missing_folder_raises_workspace_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing" / "wi3.sqlite"
    with pytest.raises(WorkspaceError) as failed:
        open_store(sqlite_url(missing))
    message = str(failed.value)
    assert f"cannot connect to the application store at sqlite:///{missing}" in message
    assert f"Check that the folder {missing.parent} exists and is writable" in message


@pytest.mark.parametrize("url", ["not a url", "nosuchdb://host/db"])
def test_a_malformed_url_raises_workspace_error(url: str) -> None:
    with pytest.raises(WorkspaceError, match="cannot use the database URL"):
        open_store(url)


def test_a_store_from_a_newer_wi3_raises_workspace_error(store_url: str) -> None:
    store = open_store(store_url)
    with store.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    store.dispose()
    with pytest.raises(WorkspaceError, match="newer version of wi3: upgrade wi3"):
        open_store(store_url)
