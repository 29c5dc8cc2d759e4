"""The users of the web application: accounts, roles per organisation, sign-in and API tokens.

A user signs in with an e-mail address and a password (kept as an argon2 hash) or, for the
JSON API, with a personal access token (kept as a digest). What they may see and do follows
from their role in each organisation (`Principal`): every organisation they hold no role in
does not exist for them. Failed sign-ins are counted in the store, so the limit holds across
every worker of a team's installation.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from pwdlib import PasswordHash
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from wi3.errors import AccessError, InputError, NotFoundError, SignInError, WorkspaceError
from wi3.service._organisation import OrganisationRow, find_initiative, organisations
from wi3.service._workspace import Workspace, find_organisation
from wi3.store import ROLES, AccessToken, LoginFailure, User, UserRole

Role = Literal["administrator", "analyst", "owner", "viewer"]
Action = Literal["read", "assess", "analyse", "administer"]
"""What a user may be asked to do in an organisation: read it; answer an owner assessment;
diagnose, import and simulate; manage who has which role."""

_MAY = {
    "read": ROLES,
    "assess": ("administrator", "analyst", "owner"),
    "analyse": ("administrator", "analyst"),
    "administer": ("administrator",),
}

MIN_PASSWORD = 12
"""The fewest characters a password may have."""
FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES = 5
"""Failed sign-ins allowed per address within the window, before sign-in waits."""
MAX_CLIENT_FAILURES = 20
"""Failed sign-ins allowed per client (network address) within the window."""
TOKEN_PREFIX = "wi3_"
SECRET_FILE = "web-secret"
SECRET_ENV = "WI3_WEB_SECRET"

_hasher = PasswordHash.recommended()
_DUMMY_HASH = _hasher.hash("a password nobody has, hashed so that timing tells nothing")


@dataclass(frozen=True)
class RoleRow:
    """A role of a user: in one organisation (None: every organisation of the workspace)."""

    organisation: str | None
    role: str
    initiatives: tuple[str, ...] = ()
    """The initiatives an owner owns."""


@dataclass(frozen=True)
class UserRow:
    """A user of the web application and their roles; never the password or its hash."""

    email: str
    active: bool
    roles: tuple[RoleRow, ...]


@dataclass(frozen=True)
class Principal:
    """A signed-in user and what they may see and do, organisation by organisation."""

    user_id: int
    email: str
    workspace_admin: bool
    roles: dict[str, str] = field(default_factory=dict)
    """Role by organisation slug."""
    owned: dict[str, frozenset[str]] = field(default_factory=dict)
    """The initiatives the user owns, by organisation slug."""

    def role(self, org: str) -> str | None:
        """The user's role in organisation `org`, or None when they hold none there."""
        return "administrator" if self.workspace_admin else self.roles.get(org)

    def require(self, org: str, action: Action, initiative: str | None = None) -> None:
        """Refuse unless the user may do `action` in `org` (for an owner: on `initiative`).

        Raises:
            NotFoundError: the user holds no role in `org`: for them it does not exist.
            AccessError: their role there does not allow `action`.
        """
        role = self.role(org)
        if role is None:
            raise NotFoundError(f"no organisation {org!r} among those you may see")
        if role not in _MAY[action]:
            raise AccessError(
                f"your role in {org} ({role}) does not allow this; ask an administrator of "
                f"{org} for one of the roles {', '.join(_MAY[action])}"
            )
        if role == "owner" and action == "assess" and initiative not in self.owned.get(org, ()):
            raise AccessError(
                f"you own no initiative {initiative!r} in {org}; an owner assesses only the "
                "initiatives an administrator named for them"
            )


def normalise_email(email: str) -> str:
    """An address as users are found by: stripped and lower-case.

    Raises:
        InputError: when it does not look like an e-mail address.
    """
    address = email.strip().lower()
    local, at, domain = address.partition("@")
    if not (local and at and "." in domain) or any(c.isspace() for c in address):
        raise InputError(f"{email[:100]!r} is not an e-mail address; give one like ann@example.org")
    return address


def check_password(password: str) -> str:
    """`password` when it is long enough.

    Raises:
        InputError: saying how long it must be.
    """
    if len(password) < MIN_PASSWORD:
        raise InputError(
            f"the password has {len(password)} characters; use at least {MIN_PASSWORD} "
            "(a few words strung together make a long one that is easy to type)"
        )
    return password


def user_exists(ws: Workspace, email: str) -> bool:
    """Whether the workspace has a user with this address."""
    address = normalise_email(email)
    with ws.store.transaction() as session:
        return session.scalar(select(User.id).where(User.email == address)) is not None


def add_user(
    ws: Workspace,
    email: str,
    role: Role,
    org_slug: str | None,
    password: str | None = None,
    initiatives: Iterable[str] = (),
) -> UserRow:
    """Give a user `role` in `org_slug` (every organisation when None), creating the user when
    new; a role they held there before is replaced, and a `password` given replaces theirs.

    Raises:
        InputError: a new user without a password, a short password, an owner without
            initiatives (or initiatives for another role), or a workspace-wide role that is not
            administrator.
        NotFoundError: the organisation or an initiative does not exist.
    """
    if password is not None:
        check_password(password)
    return _grant(ws, email, role, org_slug, initiatives, password, first_only=False).user


@dataclass(frozen=True)
class Granted:
    """A role given on the users page: the user, and a new user's first password, made here
    and shown once (None for a user who existed: their password is theirs)."""

    user: UserRow
    password: str | None


def grant_role(
    ws: Workspace, email: str, role: Role, org_slug: str, initiatives: Iterable[str] = ()
) -> Granted:
    """Give a user `role` in the organisation `org_slug`, as an administrator of that
    organisation does: a new user gets a first password made here (to pass on, and change at
    the first sign-in); an existing user's password is never touched, so an administrator of
    one organisation cannot take over an account that also serves another.

    Raises:
        InputError: an owner without initiatives, or initiatives for another role.
        NotFoundError: the organisation or an initiative does not exist.
    """
    return _grant(ws, email, role, org_slug, initiatives, new_password(), first_only=True)


def new_password() -> str:
    """A first password: 20 characters from a cryptographic source."""
    return secrets.token_urlsafe(15)


def _grant(
    ws: Workspace,
    email: str,
    role: Role,
    org_slug: str | None,
    initiatives: Iterable[str],
    password: str | None,
    first_only: bool,
) -> Granted:
    address = normalise_email(email)
    owned = sorted(set(initiatives))
    if role not in ROLES:
        raise InputError(f"role {role!r} is not one of {', '.join(ROLES)}")
    if org_slug is None and role != "administrator":
        raise InputError(
            f"a {role} holds the role in one organisation: name it with --org "
            "(only an administrator may hold a role in every organisation)"
        )
    if (role == "owner") != bool(owned):
        raise InputError(
            "an owner owns named initiatives: give them with --initiative"
            if role == "owner"
            else "only an owner owns initiatives: leave out --initiative for a " + role
        )
    made = None
    with ws.store.transaction() as session:
        user = session.scalar(select(User).where(User.email == address))
        if user is None:
            if password is None:
                raise InputError(f"{address} is a new user: give them a password")
            user = User(email=address, password_hash=_hasher.hash(password))
            session.add(user)
            made = password
        elif password is not None and not first_only:
            user.password_hash = _hasher.hash(password)
        org = None if org_slug is None else find_organisation(session, org_slug)
        session.flush()
        session.execute(
            delete(UserRole).where(
                UserRole.user_id == user.id,
                UserRole.organisation_id.is_(None)
                if org is None
                else UserRole.organisation_id == org.id,
            )
        )
        granted = UserRole(
            user_id=user.id, organisation_id=None if org is None else org.id, role=role
        )
        if org is not None:
            granted.initiatives = [find_initiative(session, org, slug) for slug in owned]
        session.add(granted)
        session.flush()
        session.expire(user, ["roles"])
        return Granted(_row(user), made if first_only else None)


def change_password(ws: Workspace, user_id: int, current: str, new: str, client: str) -> None:
    """Change the signed-in user's password, after checking their current one. A wrong
    current password counts as a failed sign-in (of the address and the `client`), so a
    borrowed session cannot be used to guess it.

    Raises:
        AccessError: the current password is not right.
        SignInError: the user no longer exists, or too many failed sign-ins lately.
        InputError: the new password is too short.
    """
    check_password(new)
    now = datetime.now(UTC)
    with ws.store.transaction() as session:
        user = session.get(User, user_id)
        if user is None or not user.active:
            raise SignInError("your account no longer exists or was deactivated; sign in again")
        subjects = _subjects(user.email, client)
        _check_limit(session, subjects, now)
        if _hasher.verify(current, user.password_hash):
            user.password_hash = _hasher.hash(new)
            return
        session.add_all(LoginFailure(subject=s, at=now) for s in subjects)
    raise AccessError("the current password is not right; nothing was changed")


def remove_role(ws: Workspace, email: str, org_slug: str | None) -> UserRow:
    """Take away a user's role in `org_slug` (their workspace-wide role when None).

    Raises:
        NotFoundError: no such user, or they hold no role there.
    """
    address = normalise_email(email)
    with ws.store.transaction() as session:
        user = _user(session, address)
        org = None if org_slug is None else find_organisation(session, org_slug)
        held = [r for r in user.roles if r.organisation_id == (None if org is None else org.id)]
        if not held:
            where = "every organisation" if org is None else org.slug
            raise NotFoundError(f"{address} holds no role in {where}")
        user.roles.remove(held[0])
        session.flush()
        return _row(user)


def users(ws: Workspace, org_slug: str | None = None) -> list[UserRow]:
    """Every user (those with a role in `org_slug`, or a workspace-wide one, when given)."""
    with ws.store.transaction() as session:
        query = select(User).options(selectinload(User.roles)).order_by(User.email)
        found = list(session.scalars(query).all())
        if org_slug is not None:
            org = find_organisation(session, org_slug)
            found = [u for u in found if any(r.organisation_id in (None, org.id) for r in u.roles)]
        return [_row(u) for u in found]


def _row(user: User) -> UserRow:
    roles = sorted(
        (
            RoleRow(
                r.organisation.slug if r.organisation else None,
                r.role,
                tuple(sorted(i.slug for i in r.initiatives)),
            )
            for r in user.roles
        ),
        key=lambda r: (r.organisation is not None, r.organisation or ""),
    )
    return UserRow(user.email, user.active, tuple(roles))


def _user(session: Session, address: str) -> User:
    user = session.scalar(select(User).where(User.email == address))
    if user is None:
        raise NotFoundError(f"no user {address}; add one with `wi3 user add`")
    return user


def principal(ws: Workspace, user_id: int) -> Principal:
    """What the user `user_id` may see and do now.

    Raises:
        SignInError: the user no longer exists or has been deactivated.
    """
    with ws.store.transaction() as session:
        user = session.get(User, user_id)
        if user is None or not user.active:
            raise SignInError("your account no longer exists or was deactivated; sign in again")
        return _principal(user)


def _principal(user: User) -> Principal:
    roles: dict[str, str] = {}
    owned: dict[str, frozenset[str]] = {}
    admin = False
    for held in user.roles:
        if held.organisation is None:
            admin = True
            continue
        slug = held.organisation.slug
        roles[slug] = held.role
        owned[slug] = frozenset(i.slug for i in held.initiatives)
    return Principal(user.id, user.email, admin, roles, owned)


def sign_in(ws: Workspace, email: str, password: str, client: str) -> Principal:
    """The user with this address and password, unless too many sign-ins failed lately.

    Every failure is counted against the address and against the `client` (its network
    address); past `MAX_FAILURES` for one address, or `MAX_CLIENT_FAILURES` for one client,
    within `FAILURE_WINDOW`, sign-in is refused even with the right password until the window
    has passed.

    Raises:
        SignInError: a wrong address or password (the message does not say which), or too
            many failures (with `retry_after`).
    """
    address = email.strip().lower()
    subjects = _subjects(address, client)
    now = datetime.now(UTC)
    with ws.store.transaction() as session:
        _check_limit(session, subjects, now)
        user = session.scalar(select(User).where(User.email == address))
        # verify against a dummy hash for an unknown address, so timing does not tell
        verified = _hasher.verify(password, user.password_hash if user else _DUMMY_HASH)
        if user is not None and verified and user.active:
            return _principal(user)
        session.add_all(LoginFailure(subject=s, at=now) for s in subjects)
    raise SignInError("that e-mail address and password do not match an active user")


def _subjects(address: str, client: str) -> tuple[str, str]:
    """What failed sign-ins are counted against: the address and the client, as digests."""
    return _digest(f"email:{address}"), _digest(f"client:{client}")


def _check_limit(session: Session, subjects: tuple[str, str], now: datetime) -> None:
    session.execute(delete(LoginFailure).where(LoginFailure.at < now - FAILURE_WINDOW))
    for subject, limit in zip(subjects, (MAX_FAILURES, MAX_CLIENT_FAILURES), strict=True):
        failures = session.execute(
            select(func.count(), func.min(LoginFailure.at)).where(LoginFailure.subject == subject)
        ).one()
        if failures[0] >= limit:
            wait = failures[1] + FAILURE_WINDOW - now
            raise SignInError(
                "too many failed sign-ins; wait "
                f"{max(1, round(wait.total_seconds() / 60))} minutes and try again",
                retry_after=max(1, round(wait.total_seconds())),
            )


@dataclass(frozen=True)
class NewToken:
    """A token just made: the only time its secret is shown."""

    id: int
    name: str
    token: str


@dataclass(frozen=True)
class TokenRow:
    """A personal access token as listed: never its secret."""

    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


def add_token(ws: Workspace, email: str, name: str) -> NewToken:
    """Make a personal access token for the user with this address.

    Raises:
        InputError: an empty name.
        NotFoundError: no such user.
    """
    label = name.strip()
    if not label or len(label) > 100:
        raise InputError("name the token (up to 100 characters), e.g. after the script using it")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with ws.store.transaction() as session:
        user = _user(session, normalise_email(email))
        made = AccessToken(user_id=user.id, name=label, digest=_digest(token))
        session.add(made)
        session.flush()
        return NewToken(made.id, label, token)


def tokens(ws: Workspace, email: str) -> list[TokenRow]:
    """The user's tokens, newest first."""
    with ws.store.transaction() as session:
        user = _user(session, normalise_email(email))
        found = session.scalars(
            select(AccessToken)
            .where(AccessToken.user_id == user.id)
            .order_by(AccessToken.id.desc())
        ).all()
        return [_token_row(t) for t in found]


def _token_row(token: AccessToken) -> TokenRow:
    return TokenRow(token.id, token.name, token.created_at, token.last_used_at, token.revoked_at)


def revoke_token(ws: Workspace, email: str, token_id: int) -> TokenRow:
    """Revoke one of the user's tokens; revoking it again changes nothing.

    Raises:
        NotFoundError: the user has no token with this id.
    """
    with ws.store.transaction() as session:
        user = _user(session, normalise_email(email))
        token = session.scalar(
            select(AccessToken).where(AccessToken.id == token_id, AccessToken.user_id == user.id)
        )
        if token is None:
            raise NotFoundError(
                f"{user.email} has no token {token_id}; `wi3 token list` shows them"
            )
        if token.revoked_at is None:
            token.revoked_at = datetime.now(UTC)
        return TokenRow(
            token.id, token.name, token.created_at, token.last_used_at, token.revoked_at
        )


def token_principal(ws: Workspace, token: str) -> Principal:
    """The user a personal access token belongs to, when it is valid; notes its use.

    Raises:
        SignInError: an unknown or revoked token, or one of a deactivated user.
    """
    with ws.store.transaction() as session:
        found = session.scalar(select(AccessToken).where(AccessToken.digest == _digest(token)))
        if found is None or found.revoked_at is not None:
            raise SignInError("the access token is unknown or revoked; make a new one")
        user = session.get_one(User, found.user_id)
        if not user.active:
            raise SignInError("the access token's user was deactivated")
        found.last_used_at = datetime.now(UTC)
        return _principal(user)


def visible_organisations(ws: Workspace, who: Principal) -> list[OrganisationRow]:
    """The organisations `who` holds a role in (all of them for a workspace administrator)."""
    return [o for o in organisations(ws) if who.role(o.slug) is not None]


def web_secret(ws: Workspace) -> bytes:
    """The key that signs the web application's session cookies.

    From `WI3_WEB_SECRET`, else the workspace's file `web-secret`, made (mode 0600) the first
    time: every worker serving the workspace then signs with the same key.

    Raises:
        WorkspaceError: when the file can neither be read nor made.
    """
    given = os.environ.get(SECRET_ENV)
    if given:
        return given.encode()
    path = ws.path / SECRET_FILE
    try:
        return _read_or_make(path)
    except OSError as exc:
        raise WorkspaceError(
            f"cannot read or make the web application's signing key {path}: {exc.strerror}. "
            f"Make the workspace writable, or set {SECRET_ENV}."
        ) from exc


def _read_or_make(path: Path) -> bytes:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    secret = secrets.token_hex(32).encode()
    with os.fdopen(fd, "wb") as fh:
        fh.write(secret)
    return secret


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
