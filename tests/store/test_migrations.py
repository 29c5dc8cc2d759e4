"""The shipped migrations build exactly the tables of the models, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from wi3.store import Base, Store, alembic_config


def test_migrated_schema_matches_the_models(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_migrated_schema_has_exactly_the_model_tables(store: Store) -> None:
    tables = set(inspect(store.engine).get_table_names())
    assert tables == set(Base.metadata.tables) | {"alembic_version"}


def test_constraint_names_follow_the_naming_convention(store: Store) -> None:
    inspector = inspect(store.engine)
    checks = {c["name"] for c in inspector.get_check_constraints("initiatives")}
    assert {"ck_initiatives_kind", "ck_initiatives_status"} <= checks
    assert inspector.get_pk_constraint("snapshot_phases")["name"] == "pk_snapshot_phases"
    assert {fk["name"] for fk in inspector.get_foreign_keys("answers")} == {
        "fk_answers_assessment_id_assessments"
    }
    indexes = {ix["name"]: ix for ix in inspector.get_indexes("assessments")}
    assert indexes["uq_assessments_organisation_id_digest_org_level"]["unique"]


def test_the_comparison_notices_a_missing_index(store: Store) -> None:
    with store.engine.begin() as connection:
        connection.exec_driver_sql("DROP INDEX uq_assessments_organisation_id_digest_org_level")
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [(d[0], d[1].name) for d in differences] == [
        ("add_index", "uq_assessments_organisation_id_digest_org_level")
    ]


def test_downgrade_to_base_removes_every_table_and_upgrade_restores_them(store: Store) -> None:
    def migrate(to: str) -> set[str]:
        config = alembic_config()
        with store.engine.connect() as connection:
            config.attributes["connection"] = connection
            getattr(command, "downgrade" if to == "base" else "upgrade")(config, to)
        return set(inspect(store.engine).get_table_names())

    assert migrate("base") == {"alembic_version"}
    assert migrate("head") == set(Base.metadata.tables) | {"alembic_version"}


def test_migrations_have_a_single_head() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    assert scripts.get_heads() == ["0010"]
    chain = [s.revision for s in scripts.walk_revisions()]
    assert chain == ["0010", "0009", "0008", "0007", "0006", "0005", "0004", "0003", "0002", "0001"]
