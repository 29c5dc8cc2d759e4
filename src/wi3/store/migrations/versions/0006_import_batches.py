"""Name the event-store batch of each import, and count changes to an organisation's people.

The event store publishes an import's events only when the application store holds an import
row naming its batch (see `wi3.events`); imports made before this migration were published as
they were written, so their rows name none. `directory_version` goes up with every change to
the organisation's people or accounts, so that a people directory file written for an older
version is known to be stale and written again.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add imports.batch (indexed) and organisations.directory_version."""
    with op.batch_alter_table("imports") as batch:
        batch.add_column(sa.Column("batch", sa.String(), nullable=True))
        batch.create_index(op.f("ix_imports_batch"), ["batch"])
    with op.batch_alter_table("organisations") as batch:
        batch.add_column(
            sa.Column("directory_version", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    """Drop them again."""
    with op.batch_alter_table("organisations") as batch:
        batch.drop_column("directory_version")
    with op.batch_alter_table("imports") as batch:
        batch.drop_index(op.f("ix_imports_batch"))
        batch.drop_column("batch")
