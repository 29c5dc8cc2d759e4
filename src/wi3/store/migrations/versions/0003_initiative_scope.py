"""Add the scope of an initiative: the units whose people it is meant for.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add initiatives.scope (unit paths separated by ';'; NULL means the whole organisation)."""
    with op.batch_alter_table("initiatives") as batch:
        batch.add_column(sa.Column("scope", sa.String(), nullable=True))


def downgrade() -> None:
    """Drop initiatives.scope again."""
    with op.batch_alter_table("initiatives") as batch:
        batch.drop_column("scope")
