"""Index the columns that link accounts and alias digests to people.

Relinking accounts after a directory import deletes people made from accounts that lost their
last account; without these indexes each deletion scanned the accounts and digests, which took
minutes for tens of thousands of people.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the three indexes."""
    op.create_index(op.f("ix_accounts_person_id"), "accounts", ["person_id"])
    op.create_index(op.f("ix_alias_digests_person_id"), "alias_digests", ["person_id"])
    op.create_index(op.f("ix_alias_digests_account_id"), "alias_digests", ["account_id"])


def downgrade() -> None:
    """Drop them again."""
    op.drop_index(op.f("ix_alias_digests_account_id"), table_name="alias_digests")
    op.drop_index(op.f("ix_alias_digests_person_id"), table_name="alias_digests")
    op.drop_index(op.f("ix_accounts_person_id"), table_name="accounts")
