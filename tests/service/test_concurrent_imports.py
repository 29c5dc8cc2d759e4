"""Two imports into one organisation at once: the same new accounts or directory people are
stored once, nothing is lost, and neither import fails.

SQLite lets one writer in at a time (`BEGIN IMMEDIATE`), PostgreSQL lets both transactions run
and only their rows collide. To make the collision certain rather than likely, the test holds
the organisation's row (PostgreSQL) or the write lock (SQLite) from a connection of its own
until both imports wait for it, then lets them go together.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from wi3.service import Workspace, import_people, ingest
from wi3.store import Account, AliasDigest, Import, Organisation, Person, Store


def test_two_imports_adding_the_same_new_accounts_store_each_once(
    team: Workspace, fixture_path: Path
) -> None:
    export = fixture_path / "slack" / "workspace"
    results = _together(
        team.store,
        lambda: ingest(team, None, "slack", export, "chat-a"),
        lambda: ingest(team, None, "slack", export, "chat-b"),
    )
    first, second = results
    assert first.accounts == second.accounts > 0
    # each account is new to exactly one of the two, whichever stored its accounts first
    assert sorted([first.accounts_new, second.accounts_new]) == [0, first.accounts]
    with team.store.transaction() as session:
        accounts = session.scalars(select(Account.pseudonym)).all()
        digests = session.execute(
            select(AliasDigest.account_id, AliasDigest.kind, AliasDigest.digest)
        ).all()
        people = session.scalars(select(Person.pseudonym)).all()
        imports = session.scalar(select(func.count()).select_from(Import))
    assert len(accounts) == len(set(accounts)) == first.accounts
    assert len(digests) == len(set(digests))  # no alias digest stored twice
    assert len(people) == len(set(people)) == first.accounts  # a person of its own each
    assert imports == 2
    assert first.events_added == second.events_added > 0  # two initiatives, two origins
    # an import alone into a third initiative stores the same accounts and digests
    alone = ingest(team, None, "slack", export, "chat-c")
    assert alone.accounts_new == 0
    with team.store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(AliasDigest)) == len(digests)


def test_two_imports_of_the_same_new_directory_people_store_each_once(
    team: Workspace, fixture_path: Path
) -> None:
    directory = fixture_path / "people" / "directory.csv"
    first, second = _together(
        team.store,
        lambda: import_people(team, None, directory),
        lambda: import_people(team, None, directory),
    )
    assert first.people == second.people == 4
    assert sorted([first.added, second.added]) == [0, 4]
    with team.store.transaction() as session:
        people = session.scalars(select(Person.pseudonym).where(Person.in_directory)).all()
        digests = session.execute(
            select(AliasDigest.person_id, AliasDigest.kind, AliasDigest.digest)
        ).all()
    assert len(people) == len(set(people)) == 4
    assert len(digests) == len(set(digests)) > 0


def _together(store: Store, *imports: Callable[[], Any]) -> list[Any]:
    """Run `imports` in threads at once while the organisation is held, release it when all
    wait for it, and return their results in order (re-raising the first error)."""
    results: list[Any] = [None] * len(imports)
    errors: list[BaseException] = []

    def run(index: int, work: Callable[[], Any]) -> None:
        try:
            results[index] = work()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            errors.append(exc)

    threads = [
        threading.Thread(target=run, args=(i, work), name=f"import-{i}")
        for i, work in enumerate(imports)
    ]
    unmet: AssertionError | None = None
    with _holding(store, waiters=len(imports)) as wait:
        for thread in threads:
            thread.start()
        try:
            wait(errors)
        except AssertionError as exc:  # said after what the imports raised, which explains it
            unmet = exc
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "an import never finished"
    if errors:
        raise errors[0]
    if unmet is not None:
        raise unmet
    return results


@contextmanager
def _holding(store: Store, waiters: int) -> Iterator[Callable[[list[BaseException]], None]]:
    """Hold the organisation from another connection; yield a function that returns once
    `waiters` transactions wait for it (PostgreSQL) or after a moment (SQLite, whose
    writers wait at BEGIN, before they read anything), or at once when an import has failed
    (in the list it is given)."""
    with store.engine.connect() as connection:
        postgres = connection.dialect.name == "postgresql"
        if postgres:
            connection.execute(select(Organisation.id).with_for_update())
        else:
            connection.exec_driver_sql("SELECT 1")  # BEGIN IMMEDIATE: the write lock

        def wait(errors: list[BaseException]) -> None:
            deadline = time.monotonic() + 60
            while postgres and not errors and time.monotonic() < deadline:
                with store.engine.connect() as probe:
                    waiting = probe.scalar(
                        text(
                            "SELECT count(*) FROM pg_stat_activity WHERE "
                            "datname = current_database() AND wait_event_type = 'Lock'"
                        )
                    )
                if waiting >= waiters:
                    return
                time.sleep(0.05)
            if postgres and not errors:
                raise AssertionError(f"the {waiters} imports never waited for each other")
            time.sleep(0.5)

        yield wait
        connection.rollback()
