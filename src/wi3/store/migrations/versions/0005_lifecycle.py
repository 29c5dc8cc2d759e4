"""Record what each import covers and the platform's signals, an owner's end date, and the
activity state of each initiative in a snapshot.

Imports made before this migration have no evidence window: their first and last events are
read back from the event store when the diagnosis needs them (see the diagnose service).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the columns and the platform_signals table."""
    with op.batch_alter_table("imports") as batch:
        batch.add_column(sa.Column("first_event", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("last_event", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("covered_until", sa.Date(), nullable=True))
        batch.add_column(sa.Column("covered_basis", sa.String(), nullable=True))
    with op.batch_alter_table("initiatives") as batch:
        batch.add_column(sa.Column("end_date", sa.Date(), nullable=True))
    with op.batch_alter_table("snapshot_phases") as batch:
        batch.add_column(sa.Column("activity", sa.String(), nullable=True))
    op.create_table(
        "platform_signals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("container", sa.String(), nullable=True),
        sa.Column("ts", sa.DateTime(timezone=True), nullable=True),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('archived', 'unarchived', 'exported', 'members')",
            name=op.f("ck_platform_signals_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["imports.id"],
            name=op.f("fk_platform_signals_import_id_imports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platform_signals")),
    )
    op.create_index(op.f("ix_platform_signals_import_id"), "platform_signals", ["import_id"])


def downgrade() -> None:
    """Drop them again."""
    op.drop_index(op.f("ix_platform_signals_import_id"), table_name="platform_signals")
    op.drop_table("platform_signals")
    with op.batch_alter_table("snapshot_phases") as batch:
        batch.drop_column("activity")
    with op.batch_alter_table("initiatives") as batch:
        batch.drop_column("end_date")
    with op.batch_alter_table("imports") as batch:
        batch.drop_column("covered_basis")
        batch.drop_column("covered_until")
        batch.drop_column("last_event")
        batch.drop_column("first_event")
