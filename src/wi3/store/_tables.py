"""The tables of the application store, as SQLAlchemy declarative models.

Every row belongs to one organisation. The models are portable between SQLite and PostgreSQL:
plain strings instead of native enums (with CHECK constraints for the closed vocabularies), `JSON`
for snapshot diagnoses, and timestamps stored in UTC and always read back timezone-aware.

Constraint names come from the naming convention on `Base.metadata`, so migrations can refer to
them by name on both backends.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Dialect,
    Double,
    ForeignKey,
    Index,
    MetaData,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

INITIATIVE_KINDS = ("wiki", "esn", "chat", "qa", "forum", "blog", "mailing_list", "other")
INITIATIVE_STATUSES = ("active", "paused", "retired")

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored in UTC and read back as a timezone-aware UTC datetime on both backends.

    SQLite has no timezone-aware type, so the value is written as naive UTC there; PostgreSQL keeps
    `timestamp with time zone`. A naive datetime is refused rather than guessed at.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        """The value in UTC (naive on SQLite); a naive value raises ValueError."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(
                f"timestamp {value.isoformat()} has no timezone; pass an aware UTC time"
            )
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        """The stored value as an aware UTC datetime."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def utc_now() -> dt.datetime:
    """The current time, timezone-aware in UTC: the default of every `created_at`."""
    return dt.datetime.now(dt.UTC)


def one_of(column: str, values: tuple[str, ...]) -> str:
    """A CHECK expression limiting `column` to `values`."""
    listed = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({listed})"


class Base(DeclarativeBase):
    """The declarative base of every store table; its metadata carries the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        dt.datetime: UTCDateTime(),
        float: Double(),
        dict[str, Any]: JSON(),
    }


class Organisation(Base):
    """An organisation: the owner of every other row; no query crosses organisations."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(unique=True)
    name: Mapped[str]
    example: Mapped[bool] = mapped_column(default=False)  # generated data, labelled in reports
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    directory_version: Mapped[int] = mapped_column(default=0, server_default="0")
    """Goes up with every change to the organisation's people or accounts: the people directory
    file for the metrics is stale when it was written for a lower version."""


class Unit(Base):
    """A unit of an organisation (department, site, team), in a tree addressed by `path`."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("organisation_id", "path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    slug: Mapped[str]
    name: Mapped[str]
    path: Mapped[str]  # the slugs from the root down, joined by "/", e.g. "sales/north"

    parent: Mapped[Unit | None] = relationship(back_populates="children", remote_side=[id])
    children: Mapped[list[Unit]] = relationship(
        back_populates="parent", cascade="all, delete-orphan", passive_deletes=True
    )


class Initiative(Base):
    """An Enterprise 2.0 initiative: one platform used by one community (a wiki, an ESN, …)."""

    __tablename__ = "initiatives"
    __table_args__ = (
        UniqueConstraint("organisation_id", "slug"),
        CheckConstraint(one_of("kind", INITIATIVE_KINDS), name="kind"),
        CheckConstraint(one_of("status", INITIATIVE_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    slug: Mapped[str]
    name: Mapped[str]
    kind: Mapped[str]
    platform: Mapped[str | None]
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    start_date: Mapped[dt.date | None]
    status: Mapped[str] = mapped_column(default="active")
    end_date: Mapped[dt.date | None]  # the owner's word that it ended (or will end) then
    audience: Mapped[int | None]  # people in scope: the denominator of participation rates
    scope: Mapped[str | None]  # unit paths it is meant for, ";"-separated; None: everyone
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)

    unit: Mapped[Unit | None] = relationship()


class Assessment(Base):
    """One filled-in assessment, of an initiative or (initiative_id NULL) of the organisation.

    `digest` is a digest of the imported content, so importing the same file twice is refused.
    Uniqueness is (organisation, initiative, digest); because NULLs never collide in a unique
    constraint on either backend, organisation-level assessments (initiative_id NULL) get their
    own partial unique index on (organisation, digest). SQLite and PostgreSQL both support
    partial indexes.
    """

    __tablename__ = "assessments"
    __table_args__ = (
        UniqueConstraint("organisation_id", "initiative_id", "digest"),
        Index(
            "uq_assessments_organisation_id_digest_org_level",
            "organisation_id",
            "digest",
            unique=True,
            sqlite_where="initiative_id IS NULL",
            postgresql_where="initiative_id IS NULL",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    initiative_id: Mapped[int | None] = mapped_column(ForeignKey("initiatives.id"))
    assessed_on: Mapped[dt.date]
    assessor_role: Mapped[str | None]  # a role such as "community manager", never a name
    origin: Mapped[str]  # the imported file's name, or "interactive"
    digest: Mapped[str]
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)

    initiative: Mapped[Initiative | None] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", passive_deletes=True
    )


class Answer(Base):
    """The answer to one assessment item; `dont_know` records an explicit "don't know"."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("assessment_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    item_id: Mapped[str]
    value: Mapped[str | None]
    dont_know: Mapped[bool] = mapped_column(default=False)

    assessment: Mapped[Assessment] = relationship(back_populates="answers")


class SurveyRound(Base):
    """One round of the member survey of an initiative, open from `opened_on`.

    A round is imported from a survey tool's export, or collected `online` by wi3 itself: then
    it asks in one `language`, closes by hand or after `closes_on`, and its responses are held
    as ballots (see `SurveyBallot`) until it closes, so no result is shown while it is open.
    """

    __tablename__ = "survey_rounds"
    __table_args__ = (UniqueConstraint("organisation_id", "initiative_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id"))
    name: Mapped[str]
    opened_on: Mapped[dt.date]
    closed_on: Mapped[dt.date | None]
    language: Mapped[str | None]  # the language of a round collected online; None: imported
    closes_on: Mapped[dt.date | None]  # the last day an online round takes answers
    open_link: Mapped[str | None] = mapped_column(unique=True, index=True)
    """The digest of the round's open link, when anyone holding it may answer."""

    @property
    def online(self) -> bool:
        """Whether wi3 collects this round itself (rather than importing a tool's export)."""
        return self.language is not None

    initiative: Mapped[Initiative] = relationship()
    responses: Mapped[list[SurveyResponse]] = relationship(
        back_populates="round", cascade="all, delete-orphan", passive_deletes=True
    )


class SurveyResponse(Base):
    """One respondent's response to a survey round; `respondent` is an opaque key, never a name."""

    __tablename__ = "survey_responses"
    __table_args__ = (UniqueConstraint("round_id", "respondent"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_rounds.id", ondelete="CASCADE"))
    respondent: Mapped[str]
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    submitted_on: Mapped[dt.date | None]

    round: Mapped[SurveyRound] = relationship(back_populates="responses")
    unit: Mapped[Unit | None] = relationship()
    answers: Mapped[list[SurveyAnswer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )


class SurveyAnswer(Base):
    """One respondent's answer to one survey item: a score, or `not_applicable`."""

    __tablename__ = "survey_answers"
    __table_args__ = (UniqueConstraint("response_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"))
    item_id: Mapped[str]
    value: Mapped[float | None]
    not_applicable: Mapped[bool] = mapped_column(default=False)

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")


class Snapshot(Base):
    """A diagnosis of an organisation as of a date, kept whole as JSON; one per day.

    `model_digest` tells which growth-model file produced the diagnosis.
    """

    __tablename__ = "snapshots"
    __table_args__ = (UniqueConstraint("organisation_id", "as_of"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    as_of: Mapped[dt.date]
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    model_digest: Mapped[str]
    diagnosis: Mapped[dict[str, Any]]

    phases: Mapped[list[SnapshotPhase]] = relationship(
        back_populates="snapshot", cascade="all, delete-orphan", passive_deletes=True
    )


class SnapshotPhase(Base):
    """The phase a snapshot gives one initiative, and its confidence: for trends over time."""

    __tablename__ = "snapshot_phases"

    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("snapshots.id", ondelete="CASCADE"), primary_key=True
    )
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id"), primary_key=True)
    phase: Mapped[str]
    confidence: Mapped[float]
    activity: Mapped[str | None]  # its activity state then; None without any usage data

    snapshot: Mapped[Snapshot] = relationship(back_populates="phases")
    initiative: Mapped[Initiative] = relationship()


ACTION_STATUSES = ("open", "done")


class Action(Base):
    """A next step the organisation accepted into its action plan, with an owner and a date.

    `owner_role` is a role ("community manager"), never a person's name. `baseline` freezes
    what the step rested on when it was accepted, from the snapshot of `basis_as_of`: the
    phase, the readings behind the gap and the indicators to measure again, with their values
    and levels then (`wi3.diagnosis.Baseline` as JSON). Later snapshots are compared with it.
    """

    __tablename__ = "actions"
    __table_args__ = (CheckConstraint(one_of("status", ACTION_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id"))
    tip: Mapped[str]
    owner_role: Mapped[str]
    due: Mapped[dt.date]
    status: Mapped[str] = mapped_column(default="open")
    accepted_on: Mapped[dt.date]
    done_on: Mapped[dt.date | None]
    basis_as_of: Mapped[dt.date]
    """The date of the snapshot whose next step was accepted."""
    baseline: Mapped[dict[str, Any]]
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)

    initiative: Mapped[Initiative] = relationship()


PERSON_LEVELS = ("staff", "manager", "executive")


class Person(Base):
    """A person behind one or more platform accounts, known only by a pseudonym.

    Directory people come from `wi3 people import` (an HR or directory export); an account that
    matches nobody there becomes a person of its own, in the unit "unknown". No name, e-mail
    address or HR number is stored: only the keyed-hash pseudonym and the attributes metrics
    group by.
    """

    __tablename__ = "people"
    __table_args__ = (
        UniqueConstraint("organisation_id", "pseudonym"),
        CheckConstraint(one_of("level", PERSON_LEVELS), name="level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    pseudonym: Mapped[str]
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    location: Mapped[str | None]
    level: Mapped[str | None]
    start_date: Mapped[dt.date | None]
    end_date: Mapped[dt.date | None]
    bot: Mapped[bool] = mapped_column(default=False)
    in_directory: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)

    unit: Mapped[Unit | None] = relationship()


class Account(Base):
    """A platform account seen in an export, linked to the person it belongs to.

    `pseudonym` is the keyed hash the event store uses as actor and target; `hint` is a masked
    form (initials, or the first letter and domain of an address) that helps a person confirm a
    suggested link without the store holding the name itself.
    """

    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("organisation_id", "source", "pseudonym"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    source: Mapped[str]
    pseudonym: Mapped[str]
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    bot: Mapped[bool] = mapped_column(default=False)
    hint: Mapped[str]
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)

    person: Mapped[Person] = relationship()


class AliasDigest(Base):
    """A keyed hash of one normalised alias (e-mail, user name, name) of a person or account.

    Matching accounts to the directory, and suggesting that two accounts are one person, compare
    these digests; the aliases themselves are never stored.
    """

    __tablename__ = "alias_digests"
    __table_args__ = (
        Index(None, "organisation_id", "digest"),
        CheckConstraint("(person_id IS NULL) <> (account_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str]  # email, name, handle or id
    digest: Mapped[str]


class LinkDecision(Base):
    """A person's verdict on a suggested link between two accounts: confirmed or rejected."""

    __tablename__ = "link_decisions"
    __table_args__ = (
        # spelled out: the conventional name is longer than PostgreSQL's 63-character limit
        UniqueConstraint(
            "organisation_id",
            "first_account_id",
            "second_account_id",
            name="uq_link_decisions_pair",
        ),
        CheckConstraint(one_of("decision", ("confirmed", "rejected")), name="decision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    first_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    second_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    decision: Mapped[str]
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)


class Import(Base):
    """One ingested export file: what was read, skipped and added to the event store.

    Its evidence window is what the export can show: from its first event to its own date
    (`covered_basis` "export"), or, for a format without one, to the day it was imported
    ("import"). Inside the window a period without events is zero activity; outside every
    window of an initiative there is no data.
    """

    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id"))
    source: Mapped[str]
    origin: Mapped[str]
    path: Mapped[str]
    records_read: Mapped[int]
    records_skipped: Mapped[int]
    events_written: Mapped[int]
    events_added: Mapped[int]
    summary: Mapped[str]
    started_at: Mapped[dt.datetime]
    finished_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    first_event: Mapped[dt.datetime | None]
    last_event: Mapped[dt.datetime | None]
    covered_until: Mapped[dt.date | None]
    covered_basis: Mapped[str | None]  # "export" (its own date) or "import" (the import day)
    batch: Mapped[str | None] = mapped_column(index=True)
    """The event-store batch that holds this import's events: they are published because this
    row exists (None for imports older than batches, published as they were written)."""

    initiative: Mapped[Initiative] = relationship()
    signals: Mapped[list[PlatformSignal]] = relationship(
        back_populates="source_import", cascade="all, delete-orphan", passive_deletes=True
    )


SIGNAL_KINDS = ("archived", "unarchived", "exported", "members")


class PlatformSignal(Base):
    """A fact an export records about a container's life or the export: see `wi3.events.Signal`.

    Kept per import: a newer export of the same origin says what holds now (members, an
    undated archive flag); dated archive events stay true whatever came later.
    """

    __tablename__ = "platform_signals"
    __table_args__ = (CheckConstraint(one_of("kind", SIGNAL_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str]
    container: Mapped[str | None]
    ts: Mapped[dt.datetime | None]
    count: Mapped[int | None]

    source_import: Mapped[Import] = relationship(back_populates="signals")
