"""The workspace: one folder with the application store, the event store and reports.

The pseudonymisation key is kept apart from it (see `wi3.service._key`): the folder records only
its id and the key's fingerprint, so a copy of the folder alone cannot be linked back to names.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from wi3.errors import NotFoundError, WorkspaceError
from wi3.model import Model, load_model, model_digest
from wi3.service._key import (
    IDENTITY_FILE,
    INSIDE_KEY_FILE,
    KEY_ENV,
    KeyMove,
    KeyPlace,
    PseudonymKey,
    check_key,
    find_key,
    key_folder,
    make_key,
    missing_key,
    move_inside_key,
    read_identity,
)
from wi3.store import Import, Organisation, Store, open_store, sqlite_url

if TYPE_CHECKING:
    from wi3.events import EventStore

logger = logging.getLogger(__name__)

DEFAULT_WORKSPACE = Path("wi3-workspace")
STORE_FILE = "wi3.sqlite"


def workspace_path(given: Path | None = None) -> Path:
    """The workspace folder: `given`, else `WI3_HOME`, else ./wi3-workspace."""
    if given is not None:
        return given
    home = os.environ.get("WI3_HOME")
    return Path(home) if home else DEFAULT_WORKSPACE


@dataclass
class Workspace:
    """An open workspace: its folder, its store, the growth model it judges with, and its key."""

    path: Path
    store: Store
    model: Model
    model_digest: str
    pseudonym_key: PseudonymKey
    """The key and where it was found; `repr` never shows the key itself."""

    @property
    def events_dir(self) -> Path:
        return self.path / "events"

    @property
    def reports_dir(self) -> Path:
        return self.path / "reports"

    def key(self) -> bytes:
        """The pseudonymisation key; never printed or logged."""
        return self.pseudonym_key.secret

    def events(self) -> EventStore:
        """The event store, which settles an import a killed process left by asking this
        workspace's application store whether the import was recorded."""
        from wi3.events import EventStore

        return EventStore(self.events_dir, committed=self._recorded)

    def _recorded(self, batch: str) -> bool:
        with self.store.transaction() as session:
            found = session.scalar(select(Import.id).where(Import.batch == batch).limit(1))
        return found is not None

    def close(self) -> None:
        self.store.dispose()


def _store_url(path: Path) -> str:
    return os.environ.get("WI3_DATABASE_URL") or sqlite_url(path / STORE_FILE)


def init_workspace(path: Path | None = None, model_path: Path | None = None) -> Workspace:
    """Create a workspace folder (or reuse an existing one) and open it.

    A new workspace gets its key from `WI3_PSEUDONYM_KEY` (or the file `WI3_PSEUDONYM_KEY_FILE`
    names), or else a new key in the user's configuration folder; `pseudonym_key.new` says
    whether one was made. A key is never overwritten, and no key is made for a folder that has
    had one (it records a key fingerprint or keeps a key inside) or that holds a store or
    events: a new key would change every pseudonym.
    """
    folder = workspace_path(path)
    identity = read_identity(folder)
    made: PseudonymKey | None = None
    if identity is None and not (folder / INSIDE_KEY_FILE).exists():
        if _holds_data(folder):
            raise _lost_key(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            made = make_key(folder)
        except OSError as exc:
            raise WorkspaceError(
                f"cannot create the workspace at {folder}: {exc.strerror}. Choose a folder you "
                f"can write to with --workspace or WI3_HOME, and check that {key_folder()} can "
                f"be written to (or set {KEY_ENV})."
            ) from exc
    ws = open_workspace(folder, model_path)
    if made is not None:
        ws.pseudonym_key = made
    return ws


def open_workspace(path: Path | None = None, model_path: Path | None = None) -> Workspace:
    """Open an existing workspace, with its key, and load the model (the shipped one unless
    `model_path`).

    Raises:
        WorkspaceError: when there is no workspace at the path, or its key is missing or wrong.
        ModelError: when the model file is invalid.
    """
    folder = workspace_path(path)
    key = _workspace_key(folder)
    model = load_model(model_path)
    store = open_store(_store_url(folder))
    return Workspace(folder, store, model, model_digest(model_path), key)


def _workspace_key(folder: Path, warn: bool = True) -> PseudonymKey:
    """The key of the workspace in `folder`, checked; warns while it is kept inside the folder.

    Raises:
        WorkspaceError: when the folder is no workspace, or its key is missing or wrong.
    """
    identity = read_identity(folder)
    inside = folder / INSIDE_KEY_FILE
    if identity is None and not inside.exists():
        if _holds_data(folder):
            raise _lost_key(folder)
        raise WorkspaceError(key="error.no_workspace", path=folder.absolute())
    key = find_key(folder, identity)
    if key is None and identity is not None:
        raise missing_key(folder, identity)
    if key is None:  # no identity: the key inside exists, so find_key found it
        raise _lost_key(folder)
    check_key(folder, identity, key)
    if warn and inside.exists():
        logger.warning(
            "the pseudonymisation key is still inside the workspace (%s): every copy of the "
            "folder carries it. Run `wi3 key move` to move it to %s, and back it up apart from "
            "the workspace.",
            inside.absolute(),
            key_folder(),
        )
    return key


def _holds_data(folder: Path) -> bool:
    """Whether a folder already holds a workspace's store or events."""
    events = folder / "events"
    return (folder / STORE_FILE).exists() or (events.is_dir() and any(events.iterdir()))


def _lost_key(folder: Path) -> WorkspaceError:
    return WorkspaceError(
        f"the workspace at {folder.absolute()} has lost its pseudonymisation key: it holds a "
        f"store or events but neither {IDENTITY_FILE} (the key's fingerprint) nor the key "
        f"file {INSIDE_KEY_FILE} of older workspaces. Restore them from a backup of the "
        "folder. A new key would give everyone new pseudonyms, so wi3 will not make one while "
        "the workspace holds a store or events."
    )


@dataclass(frozen=True)
class KeyStatus:
    """Where a workspace's key is, and how to recognise it (never the key itself)."""

    workspace: Path
    id: str | None
    place: KeyPlace
    fingerprint: str
    inside: bool
    """Whether the key is still kept inside the workspace folder."""

    def __str__(self) -> str:
        lines = [
            f"workspace {self.workspace.absolute()} (id {self.id or 'not yet recorded'})",
            f"pseudonymisation key: {self.place}",
            f"key fingerprint: {self.fingerprint[:16]}",
        ]
        if self.inside:
            lines.append(
                "the key is still inside the workspace: run `wi3 key move` to keep it apart"
            )
        return "\n".join(lines)


def key_status(path: Path | None = None) -> KeyStatus:
    """Where the key of the workspace at `path` is, checked as opening the workspace checks it.

    Raises:
        WorkspaceError: when there is no workspace, or its key is missing or wrong.
    """
    folder = workspace_path(path)
    key = _workspace_key(folder, warn=False)  # the status says it
    identity = read_identity(folder)
    return KeyStatus(
        folder,
        identity.id if identity else None,
        key.place,
        key.fingerprint,
        (folder / INSIDE_KEY_FILE).exists(),
    )


def move_key(path: Path | None = None) -> KeyMove:
    """Move the key of a workspace that keeps it inside to the user's configuration folder.

    The key is checked first, as opening the workspace checks it; a workspace whose key is
    kept apart already is left as it is.

    Raises:
        WorkspaceError: when there is no workspace, or its key is missing or wrong.
    """
    folder = workspace_path(path)
    key = _workspace_key(folder, warn=False)
    inside = folder / INSIDE_KEY_FILE
    if not inside.exists():
        return KeyMove(False, inside, str(key.place))
    return move_inside_key(folder, read_identity(folder))


def find_organisation(session: Session, slug: str | None) -> Organisation:
    """The organisation named `slug`, or the only one when `slug` is None.

    Raises:
        NotFoundError: when it does not exist, or several exist and none was named.
    """
    if slug is not None:
        org = session.scalar(select(Organisation).where(Organisation.slug == slug))
        if org is None:
            known = session.scalars(select(Organisation.slug).order_by(Organisation.slug)).all()
            raise NotFoundError(
                key="error.no_organisation" if known else "error.no_organisation_yet",
                organisation=repr(slug),
                known=known,
            )
        return org
    orgs = session.scalars(select(Organisation).order_by(Organisation.slug)).all()
    if not orgs:
        raise NotFoundError(key="error.no_organisations")
    if len(orgs) > 1:
        raise NotFoundError(key="error.several_organisations", known=[o.slug for o in orgs])
    return orgs[0]
