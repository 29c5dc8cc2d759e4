"""The tables of work in progress: survey invitations and ballots, assessment drafts, import jobs.

A survey round collected online keeps its invitations and its ballots in two tables that share
nothing a join could use: no foreign key, no id, no time finer than a day, no order. An
invitation knows only whether it was spent; a ballot knows only its round, its unit (when the
unit is large enough) and its day. Ballots become the round's responses when it closes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from wi3.store._tables import Base, one_of, utc_now


class SurveyInvitation(Base):
    """A single-use invitation to answer a survey round online, known by its token's digest.

    The token itself is handed out once and never stored. `invitee` is a keyed digest of the
    invitee's address (per round, so it links nothing across rounds), kept so that inviting
    the same list again invites nobody twice; None for an invitation made through the round's
    open link. `unit` and `level` serve the response rates, shown only for groups of at least
    the minimum size. `draft` holds the answers saved so far and is emptied when the invitation
    is spent: from then on nothing connects it to the ballot it became.
    """

    __tablename__ = "survey_invitations"
    __table_args__ = (UniqueConstraint("round_id", "invitee"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_rounds.id", ondelete="CASCADE"))
    token: Mapped[str] = mapped_column(unique=True)  # sha-256 of the token, hex
    invitee: Mapped[str | None]
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    level: Mapped[str | None]
    spent: Mapped[bool] = mapped_column(default=False)
    draft: Mapped[dict[str, Any] | None]


class SurveyBallot(Base):
    """The answers of one submitted invitation, held until the round closes.

    Its id is random, and on SQLite the table has no rowid, so neither the ids nor the order of
    the rows tells in which order the ballots came in. `unit_id` is kept only when the
    invitee's unit had at least the minimum group size of invitations.
    """

    __tablename__ = "survey_ballots"
    __table_args__ = ({"sqlite_with_rowid": False},)

    id: Mapped[str] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("survey_rounds.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    submitted_on: Mapped[dt.date]
    answers: Mapped[dict[str, Any]]


class AssessmentDraft(Base):
    """The answers an owner has saved so far for an assessment, per initiative and role.

    `initiative_id` NULL is a draft of the organisation-level assessment; like assessments, it
    gets a partial unique index of its own, as NULLs never collide in a unique constraint.
    """

    __tablename__ = "assessment_drafts"
    __table_args__ = (
        UniqueConstraint("organisation_id", "initiative_id", "assessor_role"),
        Index(
            "uq_assessment_drafts_organisation_id_assessor_role_org_level",
            "organisation_id",
            "assessor_role",
            unique=True,
            sqlite_where="initiative_id IS NULL",
            postgresql_where="initiative_id IS NULL",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    initiative_id: Mapped[int | None] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE")
    )
    assessor_role: Mapped[str]  # a role such as "community manager", never a name
    answers: Mapped[dict[str, Any]]
    saved_at: Mapped[dt.datetime] = mapped_column(default=utc_now)


JOB_KINDS = ("export", "organisation", "people", "assessments", "survey")
JOB_STATES = ("queued", "running", "done", "failed", "interrupted")


class ImportJob(Base):
    """An import run in the background: what it reads, how far it got, and how it ended.

    `runner` names the process running it (host, process id and a random part), so that a job
    whose process is gone is found and marked interrupted. `records_read` grows while it runs;
    `result` holds the final counts, `summary` the same text the command line prints, and
    `error` the message of a failed import.
    """

    __tablename__ = "import_jobs"
    __table_args__ = (
        CheckConstraint(one_of("kind", JOB_KINDS), name="kind"),
        CheckConstraint(one_of("state", JOB_STATES), name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    kind: Mapped[str]
    initiative: Mapped[str | None]  # the slug it imports into, when it names one
    path: Mapped[str]
    uploaded: Mapped[bool]  # the file was uploaded into the workspace, and is removed after
    options: Mapped[dict[str, Any]]
    state: Mapped[str] = mapped_column(default="queued")
    runner: Mapped[str | None]
    records_read: Mapped[int] = mapped_column(default=0)
    result: Mapped[dict[str, Any] | None]
    summary: Mapped[str | None]
    error: Mapped[str | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    started_at: Mapped[dt.datetime | None]
    heartbeat_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
