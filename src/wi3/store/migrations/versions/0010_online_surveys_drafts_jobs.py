"""Survey rounds collected online, owner-assessment drafts, and import jobs run in the background.

A survey round may now be collected by wi3 itself: it gets a language, a closing day and an
optional open link (stored as a digest). Its invitations (`survey_invitations`) and the ballots
they became (`survey_ballots`) share no key, so no answer can be joined back to its invitation.
`assessment_drafts` holds an owner's answers saved so far, per initiative and role;
`import_jobs` records the imports run in the background, their progress and how they ended.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-15
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the survey rounds' online columns and the four tables of work in progress."""
    with op.batch_alter_table("survey_rounds") as batch:
        batch.add_column(sa.Column("language", sa.String(), nullable=True))
        batch.add_column(sa.Column("closes_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("open_link", sa.String(), nullable=True))
        batch.create_index(op.f("ix_survey_rounds_open_link"), ["open_link"], unique=True)
    op.create_table(
        "survey_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(), nullable=False),
        sa.Column("invitee", sa.String(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("level", sa.String(), nullable=True),
        sa.Column("spent", sa.Boolean(), nullable=False),
        sa.Column("draft", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["survey_rounds.id"],
            name=op.f("fk_survey_invitations_round_id_survey_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_survey_invitations_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_invitations")),
        sa.UniqueConstraint(
            "round_id", "invitee", name=op.f("uq_survey_invitations_round_id_invitee")
        ),
        sa.UniqueConstraint("token", name=op.f("uq_survey_invitations_token")),
    )
    op.create_table(
        "survey_ballots",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["survey_rounds.id"],
            name=op.f("fk_survey_ballots_round_id_survey_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_survey_ballots_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_ballots")),
        sqlite_with_rowid=False,
    )
    op.create_index(op.f("ix_survey_ballots_round_id"), "survey_ballots", ["round_id"])
    op.create_table(
        "assessment_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=True),
        sa.Column("assessor_role", sa.String(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_assessment_drafts_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_assessment_drafts_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_drafts")),
        sa.UniqueConstraint(
            "organisation_id",
            "initiative_id",
            "assessor_role",
            name=op.f("uq_assessment_drafts_organisation_id_initiative_id_assessor_role"),
        ),
    )
    op.create_index(
        "uq_assessment_drafts_organisation_id_assessor_role_org_level",
        "assessment_drafts",
        ["organisation_id", "assessor_role"],
        unique=True,
        sqlite_where=sa.text("initiative_id IS NULL"),
        postgresql_where=sa.text("initiative_id IS NULL"),
    )
    op.create_table(
        "import_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("initiative", sa.String(), nullable=True),
        sa.Column("path", sa.String(), nullable=False),
        sa.Column("uploaded", sa.Boolean(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("runner", sa.String(), nullable=True),
        sa.Column("records_read", sa.Integer(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("summary", sa.String(), nullable=True),
        sa.Column("error", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "kind IN ('export', 'organisation', 'people', 'assessments', 'survey')",
            name=op.f("ck_import_jobs_kind"),
        ),
        sa.CheckConstraint(
            "state IN ('queued', 'running', 'done', 'failed', 'interrupted')",
            name=op.f("ck_import_jobs_state"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_import_jobs_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_jobs")),
    )
    op.create_index(op.f("ix_import_jobs_organisation_id"), "import_jobs", ["organisation_id"])


def downgrade() -> None:
    """Drop them again."""
    op.drop_index(op.f("ix_import_jobs_organisation_id"), table_name="import_jobs")
    op.drop_table("import_jobs")
    op.drop_index(
        "uq_assessment_drafts_organisation_id_assessor_role_org_level",
        table_name="assessment_drafts",
    )
    op.drop_table("assessment_drafts")
    op.drop_index(op.f("ix_survey_ballots_round_id"), table_name="survey_ballots")
    op.drop_table("survey_ballots")
    op.drop_table("survey_invitations")
    with op.batch_alter_table("survey_rounds") as batch:
        batch.drop_index(op.f("ix_survey_rounds_open_link"))
        batch.drop_column("open_link")
        batch.drop_column("closes_on")
        batch.drop_column("language")
