"""Two processes writing one SQLite store wait for each other instead of failing."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import func, select

from wi3.store import Organisation, open_store, sqlite_url


def test_two_transactions_that_read_then_write_take_turns(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "wi3.sqlite")
    first, second = open_store(url), open_store(url)  # as two wi3 processes would
    read = threading.Event()
    errors: list[BaseException] = []

    def reader_then_writer() -> None:
        try:
            with first.transaction() as session:
                session.scalar(select(func.count()).select_from(Organisation))
                read.set()
                threading.Event().wait(0.5)  # the other transaction starts meanwhile
                session.add(Organisation(slug="a", name="A"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
            read.set()

    thread = threading.Thread(target=reader_then_writer)
    thread.start()
    read.wait(timeout=10)
    with second.transaction() as session:
        session.scalar(select(func.count()).select_from(Organisation))
        session.add(Organisation(slug="b", name="B"))
    thread.join(timeout=60)
    assert errors == []
    with first.transaction() as session:
        slugs = session.scalars(select(Organisation.slug).order_by(Organisation.slug)).all()
    assert slugs == ["a", "b"]
    first.dispose()
    second.dispose()
