"""Open the application store (SQLite or PostgreSQL), bring its schema up to date, run transactions.

`open_store(url)` is the only way in: it connects, runs the Alembic migrations shipped in
`wi3/store/migrations/` and returns a `Store`. Every read and write then goes through
`Store.transaction()`, which commits on success and rolls back on any error, so a refused write
never leaves half a change behind.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from wi3.errors import StoreError, WorkspaceError

logger = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 30_000
"""How long a SQLite write waits for another process (the CLI beside the web app) to finish."""


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite database file, made absolute so the working folder is moot."""
    return URL.create("sqlite", database=str(path.absolute())).render_as_string()


def open_store(url: str) -> Store:
    """Connect to the store at `url`, upgrade its schema to the newest migration and return it.

    `url` is a SQLAlchemy URL: `sqlite:///path/wi3.sqlite` (see `sqlite_url`) or
    `postgresql+psycopg://user@host/db`, used as is.

    Raises:
        WorkspaceError: the URL is malformed, the database cannot be reached, or its schema
            cannot be brought up to date (for instance it was written by a newer wi3).
    """
    engine = make_engine(url)
    shown = _masked(engine.url)
    try:
        with engine.connect():
            pass
    except SQLAlchemyError as exc:
        engine.dispose()
        raise WorkspaceError(
            f"cannot connect to the application store at {shown}: {_reason(exc)}\n"
            f"{_connection_advice(engine.url)}"
        ) from exc
    try:
        upgrade(engine)
    except CommandError as exc:
        engine.dispose()
        raise WorkspaceError(
            f"cannot bring the application store at {shown} up to date: {exc}\n"
            "The store may have been written by a newer version of wi3: upgrade wi3, "
            "or point WI3_DATABASE_URL at another database."
        ) from exc
    except SQLAlchemyError as exc:
        engine.dispose()
        raise WorkspaceError(
            f"cannot bring the application store at {shown} up to date: {_reason(exc)}\n"
            "Nothing was changed. Check that the database user may create tables, "
            "then run wi3 again."
        ) from exc
    logger.debug("opened the application store at %s", shown)
    return Store(engine)


def upgrade(engine: Engine) -> None:
    """Run every Alembic migration not yet applied to the database behind `engine`."""
    with engine.connect() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def alembic_config(url: str | None = None) -> Config:
    """An Alembic configuration for the shipped migrations, built in code (no alembic.ini).

    Pass `url` to run Alembic commands (such as `command.revision(..., autogenerate=True)`)
    against a database of your choice; `open_store` passes its own connection instead.
    """
    config = Config()
    config.set_main_option("script_location", str(resources.files("wi3.store") / "migrations"))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


class Store:
    """The application store: an engine whose schema is current, and transactions over it.

    Build it with `open_store`; call `dispose` when done to close its connections.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        # expire_on_commit=False: rows read in a transaction stay readable after it commits.
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def url(self) -> str:
        """The database URL, with any password masked, for messages and logs."""
        return _masked(self._engine.url)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for code that needs a connection rather than a session."""
        return self._engine

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose writes are committed together at the end of the block, or not at all.

        Any exception rolls the whole transaction back. Errors from the database (a duplicate,
        a missing reference, a lost connection, …) are raised as `StoreError`; every other
        exception propagates unchanged.

        Raises:
            StoreError: the database refused a statement or the commit; nothing was changed.
        """
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except SQLAlchemyError as exc:
                session.rollback()
                raise StoreError(_refusal(exc)) from exc
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        """Close every pooled connection; the store can still be used and reconnects on demand."""
        self._engine.dispose()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"


def make_engine(url: str) -> Engine:
    """An engine for `url`; on SQLite with foreign keys, a busy timeout and real transactions.

    `open_store` builds its engine with it, and so do the migrations when Alembic runs them on a
    URL of its own. It neither connects nor migrates.

    Raises:
        WorkspaceError: the URL is malformed or names a driver that is not installed.
    """
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() != "sqlite":
            # pre-ping: a long-running web app survives a restarted PostgreSQL server.
            return create_engine(parsed, pool_pre_ping=True)
        engine = create_engine(parsed)
    except (ArgumentError, ImportError) as exc:
        raise WorkspaceError(
            f"cannot use the database URL {_masked_text(url)}: {exc}\n"
            "Set WI3_DATABASE_URL to postgresql+psycopg://USER@HOST/DATABASE, or leave it unset "
            "to use wi3.sqlite in the workspace."
        ) from exc
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, connection_record: Any) -> None:
    """Enforce foreign keys, wait for locks, and leave BEGIN to `_begin_sqlite_transaction`.

    The sqlite3 driver (before Python 3.12's `autocommit`) only opens a transaction before
    INSERT/UPDATE/DELETE, so SELECTs and DDL would run outside it; SQLAlchemy's recipe is to
    switch that off and emit BEGIN ourselves.
    """
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def _begin_sqlite_transaction(connection: Connection) -> None:
    """Open a real SQLite transaction whenever SQLAlchemy begins one, holding the write lock
    from its start.

    A transaction that reads and then writes while another does the same would otherwise
    deadlock at the write, and SQLite then fails one of them at once ("database is locked")
    instead of letting it wait: taking the lock at BEGIN makes the second wait its turn (up to
    the busy timeout). Every transaction of wi3 is short — no transaction spans reading an
    export or computing metrics — so readers waiting behind a writer wait for milliseconds.
    """
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _masked(url: URL) -> str:
    """`url` as text with the password replaced by ***."""
    return url.render_as_string(hide_password=True)


def _masked_text(url: str) -> str:
    """A URL given as text, masked if it parses, else shown only by its scheme."""
    try:
        return _masked(make_url(url))
    except ArgumentError:
        return f"{url.partition(':')[0]}:… (unparsable)"


def _reason(exc: SQLAlchemyError) -> str:
    """The database's own words for `exc`, without SQLAlchemy's statement, parameters and link."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        lines = str(exc.orig).strip().splitlines()
    else:
        lines = str(exc).split("\n(Background on this error")[0].strip().splitlines()
    # PostgreSQL adds "DETAIL: Key (...)=(...) already exists." (worth keeping) or
    # "DETAIL: Failing row contains (...)" (the whole row: noise, and maybe private).
    kept = [lines[0].strip()] if lines else []
    kept += [line.strip() for line in lines[1:] if line.strip().startswith("DETAIL:  Key (")]
    return " ".join(kept)


def _connection_advice(url: URL) -> str:
    """What to check when the database at `url` cannot be reached."""
    if url.get_backend_name() == "sqlite":
        return (
            f"Check that the folder {Path(url.database or '.').parent} exists and is writable, "
            "or choose another workspace with --workspace or WI3_HOME."
        )
    return (
        "Check WI3_DATABASE_URL (user, host, port, database name, password) and that the "
        "PostgreSQL server is running and accepts connections from this machine."
    )


# What each kind of integrity error means to the user, and what to do about it.
_REFUSALS = {
    "unique": (
        "it would store a duplicate of an existing row",
        "Use another name or slug, or change the existing row instead.",
    ),
    "foreign_key": (
        "it refers to a row that does not exist, or removes one still referred to",
        "Create the referenced row first, or remove the rows that refer to it.",
    ),
    "not_null": ("a required value is missing", "Fill in every required field."),
    "check": ("a value is outside the allowed set", "Use one of the allowed values."),
    "other": ("it breaks an integrity rule", "Fix the data and try again."),
}

# PostgreSQL SQLSTATEs and SQLite extended error names of the integrity errors above.
_INTEGRITY_CODES = {
    "23505": "unique",
    "23503": "foreign_key",
    "23502": "not_null",
    "23514": "check",
    "SQLITE_CONSTRAINT_UNIQUE": "unique",
    "SQLITE_CONSTRAINT_PRIMARYKEY": "unique",
    "SQLITE_CONSTRAINT_FOREIGNKEY": "foreign_key",
    "SQLITE_CONSTRAINT_NOTNULL": "not_null",
    "SQLITE_CONSTRAINT_CHECK": "check",
}


def _refusal(exc: SQLAlchemyError) -> str:
    """A message for a transaction the store refused: what was refused and what it means."""
    reason = _reason(exc)
    if isinstance(exc, IntegrityError):
        # psycopg exposes `sqlstate`, sqlite3 `sqlite_errorname`.
        code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "sqlite_errorname", None)
        what, advice = _REFUSALS[_INTEGRITY_CODES.get(str(code), "other")]
        return (
            f"the application store refused the change: {what} ({reason}).\n"
            f"Nothing was changed: the whole transaction was rolled back. {advice}"
        )
    return (
        f"the application store could not complete the transaction: {reason}.\n"
        "Nothing was changed: the whole transaction was rolled back. "
        "Try again; if it fails again, check that the database is reachable and not locked."
    )
