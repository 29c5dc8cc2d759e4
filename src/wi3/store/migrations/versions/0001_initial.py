"""Create the initial tables: organisations, units, initiatives, assessments, surveys, snapshots.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = "kind IN ('wiki', 'esn', 'chat', 'qa', 'forum', 'blog', 'mailing_list', 'other')"
STATUSES = "status IN ('active', 'paused', 'retired')"


def _created_at() -> sa.Column[datetime]:
    """The UTC creation timestamp every top-level table carries."""
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    """Create every table of the store.

    Constraint names are spelled out, wrapped in `op.f` so the naming convention on the models'
    metadata is not applied to them a second time.
    """
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("example", sa.Boolean(), nullable=False),
        _created_at(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("slug", name=op.f("uq_organisations_slug")),
    )
    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("slug", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("path", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_units_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["units.id"], name=op.f("fk_units_parent_id_units"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_units")),
        sa.UniqueConstraint("organisation_id", "path", name=op.f("uq_units_organisation_id_path")),
    )
    op.create_table(
        "initiatives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("platform", sa.String(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("audience", sa.Integer(), nullable=True),
        _created_at(),
        sa.CheckConstraint(KINDS, name=op.f("ck_initiatives_kind")),
        sa.CheckConstraint(STATUSES, name=op.f("ck_initiatives_status")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_initiatives_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_initiatives_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiatives")),
        sa.UniqueConstraint(
            "organisation_id", "slug", name=op.f("uq_initiatives_organisation_id_slug")
        ),
    )
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=True),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("assessor_role", sa.String(), nullable=True),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("digest", sa.String(), nullable=False),
        _created_at(),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_assessments_initiative_id_initiatives"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_assessments_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
        sa.UniqueConstraint(
            "organisation_id",
            "initiative_id",
            "digest",
            name=op.f("uq_assessments_organisation_id_initiative_id_digest"),
        ),
    )
    # NULL initiative_ids never collide in the constraint above, so organisation-level
    # assessments are deduplicated by this partial index instead.
    op.create_index(
        op.f("uq_assessments_organisation_id_digest_org_level"),
        "assessments",
        ["organisation_id", "digest"],
        unique=True,
        sqlite_where=sa.text("initiative_id IS NULL"),
        postgresql_where=sa.text("initiative_id IS NULL"),
    )
    op.create_table(
        "answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=True),
        sa.Column("dont_know", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_answers_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answers")),
        sa.UniqueConstraint(
            "assessment_id", "item_id", name=op.f("uq_answers_assessment_id_item_id")
        ),
    )
    op.create_table(
        "survey_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_survey_rounds_initiative_id_initiatives"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_survey_rounds_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_rounds")),
        sa.UniqueConstraint(
            "organisation_id",
            "initiative_id",
            "name",
            name=op.f("uq_survey_rounds_organisation_id_initiative_id_name"),
        ),
    )
    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("respondent", sa.String(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("submitted_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["survey_rounds.id"],
            name=op.f("fk_survey_responses_round_id_survey_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_survey_responses_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_responses")),
        sa.UniqueConstraint(
            "round_id", "respondent", name=op.f("uq_survey_responses_round_id_respondent")
        ),
    )
    op.create_table(
        "survey_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(), nullable=False),
        sa.Column("value", sa.Double(), nullable=True),
        sa.Column("not_applicable", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["survey_responses.id"],
            name=op.f("fk_survey_answers_response_id_survey_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answers")),
        sa.UniqueConstraint(
            "response_id", "item_id", name=op.f("uq_survey_answers_response_id_item_id")
        ),
    )
    op.create_table(
        "snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        _created_at(),
        sa.Column("model_digest", sa.String(), nullable=False),
        sa.Column("diagnosis", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_snapshots_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_snapshots")),
        sa.UniqueConstraint(
            "organisation_id", "as_of", name=op.f("uq_snapshots_organisation_id_as_of")
        ),
    )
    op.create_table(
        "snapshot_phases",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("phase", sa.String(), nullable=False),
        sa.Column("confidence", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_snapshot_phases_initiative_id_initiatives"),
        ),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["snapshots.id"],
            name=op.f("fk_snapshot_phases_snapshot_id_snapshots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("snapshot_id", "initiative_id", name=op.f("pk_snapshot_phases")),
    )


def downgrade() -> None:
    """Drop every table of the store, children before parents."""
    for table in (
        "snapshot_phases",
        "snapshots",
        "survey_answers",
        "survey_responses",
        "survey_rounds",
        "answers",
    ):
        op.drop_table(table)
    op.drop_index(op.f("uq_assessments_organisation_id_digest_org_level"), table_name="assessments")
    for table in ("assessments", "initiatives", "units", "organisations"):
        op.drop_table(table)
