"""Run the store's migrations on the connection `open_store` hands over, or on a URL.

`wi3.store.open_store` passes its connection in `config.attributes["connection"]`. To write a
new revision, compare the models with a database at head and let Alembic draft it:

    from alembic import command
    from wi3.store import alembic_config
    command.revision(alembic_config("sqlite:////tmp/head.sqlite"), "what changes",
                     autogenerate=True, rev_id="0002")

Always review the draft. On SQLite, alterations run in batch mode (copy the table, drop the old
one, rename), so foreign-key enforcement is switched off during migrations: with it on,
dropping the old copy of a parent table would cascade-delete its children. Foreign keys are
checked once the migrations are done.
"""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection

from wi3.errors import StoreError
from wi3.store import Base, UTCDateTime, make_engine

config = context.config


def run_offline() -> None:
    """Write the migrations as SQL for the database named by `sqlalchemy.url`."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=Base.metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Migrate the connection passed in by `open_store`, or a fresh one to `sqlalchemy.url`."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        raise StoreError(
            "no database to migrate: pass a connection, or set sqlalchemy.url with "
            "wi3.store.alembic_config(url)"
        )
    engine = make_engine(url)
    try:
        with engine.connect() as fresh:
            _migrate(fresh)
    finally:
        engine.dispose()


def _migrate(connection: Connection) -> None:
    """Run the pending migrations in one transaction (SQLite: with foreign keys off meanwhile)."""
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        _pragma(connection, "foreign_keys=OFF")
    try:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=sqlite,
            # The store's engine emits BEGIN itself on SQLite, so its DDL is transactional too.
            transactional_ddl=True,
            render_item=_render_item,
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise StoreError(
                        f"the migration left rows that point at missing rows ({broken}); "
                        "nothing was changed. Keep the store as it is and report this."
                    )
    finally:
        if sqlite:
            _pragma(connection, "foreign_keys=ON")


def _render_item(kind: str, item: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Draft UTCDateTime columns as plain `sa.DateTime(timezone=True)`, like 0001 does.

    Migrations should not import the models, which keep changing after a migration is written.
    """
    if kind == "type" and isinstance(item, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _pragma(connection: Connection, setting: str) -> None:
    """Set a SQLite PRAGMA outside any transaction (inside one, foreign_keys is ignored)."""
    cursor = connection.connection.cursor()
    try:
        cursor.execute(f"PRAGMA {setting}")
    finally:
        cursor.close()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
