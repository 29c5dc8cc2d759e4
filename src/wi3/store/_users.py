"""The people who sign in to the web application: users, their roles, tokens and failed logins.

A user is someone who works with wi3 (an analyst, an owner, a manager), not a person whose
activity wi3 measures: those are `Person` rows and known only by pseudonym. A user holds one
role per organisation; an administrator role without an organisation holds for every
organisation of the workspace (and may create new ones).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wi3.store._tables import Base, Initiative, Organisation, utc_now

ROLES = ("administrator", "analyst", "owner", "viewer")
"""The roles a user can hold in an organisation, from the most to the least it may do."""


class User(Base):
    """Someone who signs in: an e-mail address and an argon2 hash of their password."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(unique=True)  # normalised: stripped and lower-case
    password_hash: Mapped[str]
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)

    roles: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )


class UserRole(Base):
    """A user's role in one organisation, or (organisation_id NULL) an administrator's in all.

    NULLs never collide in a unique constraint, so the workspace-wide role has its own partial
    unique index, as organisation-level assessments do.
    """

    __tablename__ = "user_roles"
    __table_args__ = (
        UniqueConstraint("user_id", "organisation_id"),
        Index(
            "uq_user_roles_user_id_workspace",
            "user_id",
            unique=True,
            sqlite_where="organisation_id IS NULL",
            postgresql_where="organisation_id IS NULL",
        ),
        CheckConstraint("role IN ({})".format(", ".join(f"'{r}'" for r in ROLES)), name="role"),
        CheckConstraint(
            "organisation_id IS NOT NULL OR role = 'administrator'", name="workspace_admin"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE")
    )
    role: Mapped[str]

    user: Mapped[User] = relationship(back_populates="roles")
    organisation: Mapped[Organisation | None] = relationship()
    initiatives: Mapped[list[Initiative]] = relationship(secondary="role_initiatives")
    """The initiatives an owner owns (empty for the other roles)."""


class RoleInitiative(Base):
    """An initiative an owner role owns: its owner answers the assessment of it."""

    __tablename__ = "role_initiatives"

    role_id: Mapped[int] = mapped_column(
        ForeignKey("user_roles.id", ondelete="CASCADE"), primary_key=True
    )
    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True
    )


class AccessToken(Base):
    """A personal access token for the JSON API: only a digest of it is kept.

    The token itself is shown once, when it is made; `digest` is its SHA-256 (the token is 256
    random bits, so a fast digest is safe). A revoked token stays, marked, so its use can be
    told apart from a mistyped one in the logs.
    """

    __tablename__ = "access_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str]
    digest: Mapped[str] = mapped_column(unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]


class LoginFailure(Base):
    """A failed sign-in, kept for the rate limit: a digest of whom or where it was tried from.

    `subject` is a digest of the address tried (or of the client's network address), so the
    table holds no address of someone who has no account. An unknown survey link a client
    followed is kept here too, under a digest of its network address (`link_tries`).
    """

    __tablename__ = "login_failures"
    __table_args__ = (Index(None, "subject", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str]
    at: Mapped[dt.datetime] = mapped_column(default=utc_now)
