"""The workspace: one folder with the application store, the event store, the key and reports."""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from wi3.errors import NotFoundError, WorkspaceError
from wi3.model import Model, load_model, model_digest
from wi3.store import Import, Organisation, Store, open_store, sqlite_url

if TYPE_CHECKING:
    from wi3.events import EventStore

logger = logging.getLogger(__name__)

DEFAULT_WORKSPACE = Path("wi3-workspace")
KEY_FILE = "secret"
KEY_BYTES = 32
"""The length of a new pseudonymisation key: random bytes, made once per workspace."""
STORE_FILE = "wi3.sqlite"


def workspace_path(given: Path | None = None) -> Path:
    """The workspace folder: `given`, else `WI3_HOME`, else ./wi3-workspace."""
    if given is not None:
        return given
    home = os.environ.get("WI3_HOME")
    return Path(home) if home else DEFAULT_WORKSPACE


@dataclass
class Workspace:
    """An open workspace: its folder, its store and the growth model it judges with."""

    path: Path
    store: Store
    model: Model
    model_digest: str

    @property
    def events_dir(self) -> Path:
        return self.path / "events"

    @property
    def reports_dir(self) -> Path:
        return self.path / "reports"

    def key(self) -> bytes:
        """The pseudonymisation key; never printed or logged.

        Raises:
            WorkspaceError: when the key file is missing, unreadable or cut short.
        """
        path = self.path / KEY_FILE
        try:
            key = path.read_bytes()
        except OSError as exc:
            raise WorkspaceError(
                f"cannot read the pseudonymisation key {path} ({exc.strerror}). Restore it from "
                "a backup: a new key would give everyone new pseudonyms."
            ) from exc
        if len(key) < KEY_BYTES:
            raise WorkspaceError(
                f"the pseudonymisation key {path} holds {len(key)} bytes, not {KEY_BYTES}: it "
                "was cut short. Restore it from a backup: a new key would give everyone new "
                "pseudonyms."
            )
        return key

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

    The key file is created once, with mode 0600, and never overwritten: replacing it would
    change every pseudonym in the event store.
    """
    folder = workspace_path(path)
    key = folder / KEY_FILE
    if not key.exists() and _holds_data(folder):
        raise _lost_key(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not key.exists():
            fd = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(secrets.token_bytes(KEY_BYTES))
    except OSError as exc:
        raise WorkspaceError(
            f"cannot create the workspace at {folder}: {exc.strerror}. "
            "Choose a folder you can write to with --workspace or WI3_HOME."
        ) from exc
    return open_workspace(folder, model_path)


def open_workspace(path: Path | None = None, model_path: Path | None = None) -> Workspace:
    """Open an existing workspace and load the model (the shipped one unless `model_path`).

    Raises:
        WorkspaceError: when there is no workspace at the path.
        ModelError: when the model file is invalid.
    """
    folder = workspace_path(path)
    if not (folder / KEY_FILE).is_file():
        if _holds_data(folder):
            raise _lost_key(folder)
        raise WorkspaceError(
            f"no wi3 workspace at {folder.absolute()}: run `wi3 init` to create one there, "
            "or point --workspace (or WI3_HOME) at an existing workspace."
        )
    model = load_model(model_path)
    store = open_store(_store_url(folder))
    return Workspace(folder, store, model, model_digest(model_path))


def _holds_data(folder: Path) -> bool:
    """Whether a folder already holds a workspace's store or events."""
    events = folder / "events"
    return (folder / STORE_FILE).exists() or (events.is_dir() and any(events.iterdir()))


def _lost_key(folder: Path) -> WorkspaceError:
    return WorkspaceError(
        f"the workspace at {folder.absolute()} has lost its pseudonymisation key "
        f"({KEY_FILE}): restore the file from a backup. A new key would give everyone new "
        "pseudonyms, so wi3 will not make one while the workspace holds a store or events."
    )


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
                f"no organisation {slug!r} in this workspace"
                + (
                    f"; it holds {', '.join(known)}"
                    if known
                    else "; import one with `wi3 org import FILE`"
                )
            )
        return org
    orgs = session.scalars(select(Organisation).order_by(Organisation.slug)).all()
    if not orgs:
        raise NotFoundError(
            "this workspace holds no organisation yet: import one with `wi3 org import FILE`, "
            "or run `wi3 demo` to build the example organisation"
        )
    if len(orgs) > 1:
        raise NotFoundError(
            f"this workspace holds several organisations ({', '.join(o.slug for o in orgs)}); "
            "name one with --org"
        )
    return orgs[0]
