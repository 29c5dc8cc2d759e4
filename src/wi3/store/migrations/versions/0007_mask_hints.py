"""Mask the account hints that could identify someone: rare e-mail domains and name initials.

A hint used to keep the whole domain of an e-mail address ('j…@example.org') and the initials of
a name ('J. d. V.'). A domain that only one or two accounts of an organisation have points at
those people, and initials with a staff list at hand mostly do too. From now on a hint keeps a
domain only when at least five accounts of the organisation share it, and a name only its first
character. This migration applies that rule to the hints already stored, counting each domain
among the organisation's stored hints that show it.

The rule is written out here rather than imported: a migration must keep doing what it did when
it was written, whatever wi3 later does.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-11
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHARED_DOMAIN = 5
_INITIALS = re.compile(r"(\S)\.(?: \S\.)+")
_ACCOUNTS = sa.table(
    "accounts",
    sa.column("id", sa.Integer()),
    sa.column("organisation_id", sa.Integer()),
    sa.column("hint", sa.String()),
)


def masked(hints: Sequence[tuple[int, int, str]]) -> dict[int, str]:
    """Account id → its new hint, for the (id, organisation id, hint) rows whose hint changes."""
    domains: Counter[tuple[int, str]] = Counter()
    for _, org, hint in hints:
        first, at, domain = hint.partition("…@")
        if at and len(first) <= 1 and domain and domain != "…":
            domains[(org, domain.casefold())] += 1
    changed = {}
    for ident, org, hint in hints:
        first, at, domain = hint.partition("…@")
        initials = _INITIALS.fullmatch(hint)
        if at and len(first) <= 1 and domain != "…":
            if domains[(org, domain.casefold())] < SHARED_DOMAIN:
                changed[ident] = f"{first}…@…"
        elif initials is not None:
            changed[ident] = f"{initials[1]}…"
    return changed


def upgrade() -> None:
    """Rewrite the hints that keep a rare domain or a name's initials."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(_ACCOUNTS.c.id, _ACCOUNTS.c.organisation_id, _ACCOUNTS.c.hint)
    ).all()
    changed = masked([(r.id, r.organisation_id, r.hint) for r in rows])
    if changed:
        bind.execute(
            sa.update(_ACCOUNTS)
            .where(_ACCOUNTS.c.id == sa.bindparam("account"))
            .values(hint=sa.bindparam("masked")),
            [{"account": i, "masked": h} for i, h in changed.items()],
        )


def downgrade() -> None:
    """Nothing to undo: what the hints no longer show is stored nowhere."""
