"""The pseudonymisation key of a workspace: where it is kept, how it is found, checked and moved.

The key makes every pseudonym of a workspace, so whoever holds it and a list of candidate names
can tell which of the names are in the data by trying them. It is therefore kept apart from the
workspace, in the first of these places that is set:

1. `WI3_PSEUDONYM_KEY`: the key itself, as hex or base64 of at least 32 bytes (for servers);
2. `WI3_PSEUDONYM_KEY_FILE`: a file holding the key's bytes, as wi3 writes them;
3. `$XDG_CONFIG_HOME/wi3/keys/<workspace id>.key` (default `~/.config/wi3/keys/`), which
   `wi3 init` makes (mode 0600, in a folder of mode 0700).

The workspace keeps only its id and the key's fingerprint, in `workspace.json`, so that wi3 can
tell the key from a wrong one. A workspace made before the key moved out holds it as the file
`secret` and has no `workspace.json` until `wi3 key move` moves the key out; until then it opens
with its key inside, and a warning.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import logging
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from wi3.errors import WorkspaceError
from wi3.events import key_fingerprint
from wi3.texts import Locale

logger = logging.getLogger(__name__)

KEY_ENV = "WI3_PSEUDONYM_KEY"
KEY_FILE_ENV = "WI3_PSEUDONYM_KEY_FILE"
KEY_BYTES = 32
"""The length of a new key, and the least a key may have: random bytes, made once per workspace."""
INSIDE_KEY_FILE = "secret"
"""Where workspaces made before the key moved out keep it, inside the workspace folder."""
IDENTITY_FILE = "workspace.json"
"""The workspace's id and its key's fingerprint; never the key."""
_HEX = re.compile(r"[0-9a-fA-F]+")


@dataclass(frozen=True)
class Identity:
    """What a workspace records about itself: its id, and the fingerprint of its key."""

    id: str
    fingerprint: str


@dataclass(frozen=True)
class KeyPlace:
    """Where a key was found: an environment variable, a key file, or inside the workspace."""

    kind: Literal["environment", "file", "inside"]
    path: Path | None = None

    def text(self, locale: Locale) -> str:
        """Where the key is, in `locale`'s language: a path, or the environment variable."""
        if self.kind == "environment":
            return KEY_ENV
        where = str(self.path.absolute()) if self.path is not None else "?"
        return locale.label("cli.key.inside", path=where) if self.kind == "inside" else where

    def __str__(self) -> str:
        return self.text(Locale("en"))


@dataclass(frozen=True)
class PseudonymKey:
    """A workspace's key (never shown: `repr` leaves it out), where it is, and if init made it."""

    secret: bytes = field(repr=False)
    place: KeyPlace
    new: bool = False

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self.secret)


def config_home() -> Path:
    """`$XDG_CONFIG_HOME`, or ~/.config when it is unset or not an absolute path."""
    given = os.environ.get("XDG_CONFIG_HOME", "")
    if given and Path(given).is_absolute():
        return Path(given)
    try:
        return Path.home() / ".config"
    except RuntimeError as exc:
        raise WorkspaceError(
            "cannot find your home folder to keep the pseudonymisation key in: set "
            f"XDG_CONFIG_HOME to a folder of yours, or {KEY_ENV} to the key."
        ) from exc


def key_folder() -> Path:
    """The folder of the key files wi3 makes, one per workspace."""
    return config_home() / "wi3" / "keys"


def key_path(workspace_id: str) -> Path:
    """The key file of the workspace with this id, in the user's configuration folder."""
    return key_folder() / f"{workspace_id}.key"


def read_identity(folder: Path) -> Identity | None:
    """The id and key fingerprint a workspace folder records, or None if it records none.

    Raises:
        WorkspaceError: when workspace.json cannot be read or is not what wi3 wrote.
    """
    path = folder / IDENTITY_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _bad_identity(path, str(exc)) from exc
    if not (
        isinstance(data, dict)
        and isinstance(data.get("id"), str)
        and isinstance(data.get("key_fingerprint"), str)
        and re.fullmatch(r"[0-9a-f]{32}", data["id"])
    ):
        raise _bad_identity(path, "it does not hold an id and a key_fingerprint")
    return Identity(data["id"], data["key_fingerprint"])


def _bad_identity(path: Path, why: str) -> WorkspaceError:
    return WorkspaceError(
        f"cannot read {path.absolute()} ({why}): it names the workspace's key. Restore it from "
        "a backup of the workspace folder."
    )


def write_identity(folder: Path, identity: Identity) -> None:
    """Record the workspace's id and key fingerprint; never replaces one already there."""
    text = json.dumps({"id": identity.id, "key_fingerprint": identity.fingerprint}, indent=2)
    _write_new(folder / IDENTITY_FILE, (text + "\n").encode(), 0o644)


def new_identity(key: bytes) -> Identity:
    """A new random workspace id, with the fingerprint of `key`."""
    return Identity(secrets.token_hex(16), key_fingerprint(key))


def find_key(folder: Path, identity: Identity | None) -> PseudonymKey | None:
    """The key of the workspace in `folder`, from the first place that has one; None if none has.

    Raises:
        WorkspaceError: when a place that is set cannot be read or holds no proper key.
    """
    text = os.environ.get(KEY_ENV, "")
    if text.strip():
        return PseudonymKey(decode_key(text), KeyPlace("environment"))
    named = os.environ.get(KEY_FILE_ENV, "")
    if named:
        path = Path(named).expanduser()
        return PseudonymKey(read_key_file(path, f"{KEY_FILE_ENV} names"), KeyPlace("file", path))
    if identity is not None:
        path = key_path(identity.id)
        if path.exists():
            return PseudonymKey(read_key_file(path), KeyPlace("file", path))
    inside = folder / INSIDE_KEY_FILE
    if inside.exists():
        return PseudonymKey(read_key_file(inside), KeyPlace("inside", inside))
    return None


def check_key(folder: Path, identity: Identity | None, key: PseudonymKey) -> None:
    """Refuse a key that is not the workspace's: its fingerprint, or the key inside, differs.

    Raises:
        WorkspaceError: naming where the key came from and where the right one would be.
    """
    if identity is not None:
        if hmac.compare_digest(key.fingerprint, identity.fingerprint):
            return
        right = f"restore {key_path(identity.id)} from your backup"
        raise WorkspaceError(
            f"the pseudonymisation key from {key.place} is not the key of the workspace at "
            f"{folder.absolute()}: this key's fingerprint begins {key.fingerprint[:8]}, the "
            f"workspace was made with a key whose fingerprint begins {identity.fingerprint[:8]}. "
            f"Use that key ({right}, or set {KEY_ENV} or {KEY_FILE_ENV} to it); a different key "
            "would give everyone new pseudonyms."
        )
    inside = folder / INSIDE_KEY_FILE
    if key.place.kind != "inside" and not hmac.compare_digest(key.secret, read_key_file(inside)):
        raise WorkspaceError(
            f"the pseudonymisation key from {key.place} is not the key of the workspace at "
            f"{folder.absolute()}, which keeps its key inside, in {inside.absolute()}. Unset "
            f"{KEY_ENV} and {KEY_FILE_ENV} for this workspace; `wi3 key move` moves its key out."
        )


def missing_key(folder: Path, identity: Identity) -> WorkspaceError:
    """The error for a workspace whose key is in none of the places wi3 looks."""
    path = key_path(identity.id)
    return WorkspaceError(
        f"the pseudonymisation key of the workspace at {folder.absolute()} was not found; wi3 "
        f"looked in {KEY_ENV} (not set), {KEY_FILE_ENV} (not set) and {path}. Restore the key "
        f"file from your backup to {path}, or set {KEY_ENV} to the key (or {KEY_FILE_ENV} to "
        "a file holding it). wi3 will not make a new key: it would give everyone new "
        "pseudonyms, which no longer match the data stored."
    )


def make_key(folder: Path) -> PseudonymKey:
    """The key of a new workspace in `folder`, which records its id and the key's fingerprint.

    The key is the one `WI3_PSEUDONYM_KEY` gives, or the one in the file `WI3_PSEUDONYM_KEY_FILE`
    names (made there if the file does not exist), or else a new one in the user's configuration
    folder. The key file is written before workspace.json, so an interrupted init leaves at most
    an unused key file, never a workspace without its key.
    """
    text = os.environ.get(KEY_ENV, "")
    named = os.environ.get(KEY_FILE_ENV, "")
    if text.strip():
        key = PseudonymKey(decode_key(text), KeyPlace("environment"))
        identity = new_identity(key.secret)
    elif named and Path(named).expanduser().exists():
        path = Path(named).expanduser()
        key = PseudonymKey(read_key_file(path, f"{KEY_FILE_ENV} names"), KeyPlace("file", path))
        identity = new_identity(key.secret)
    else:
        secret = secrets.token_bytes(KEY_BYTES)
        identity = new_identity(secret)
        path = Path(named).expanduser() if named else key_path(identity.id)
        write_key_file(path, secret)
        key = PseudonymKey(secret, KeyPlace("file", path), new=True)
    write_identity(folder, identity)
    return key


def decode_key(text: str) -> bytes:
    """The key `WI3_PSEUDONYM_KEY` holds: hex when it has only hex digits, else base64.

    Raises:
        WorkspaceError: when it is neither, or shorter than `KEY_BYTES` bytes.
    """
    text = text.strip()
    try:
        if _HEX.fullmatch(text) and len(text) % 2 == 0:
            key = bytes.fromhex(text)
        else:
            padded = text.replace("-", "+").replace("_", "/") + "=" * (-len(text) % 4)
            key = base64.b64decode(padded, validate=True)
    except (ValueError, binascii.Error):
        raise WorkspaceError(
            f"{KEY_ENV} is neither hex nor base64. Set it to the workspace's key written as hex "
            "or base64, for instance `base64 -w0 < KEYFILE` of its key file."
        ) from None
    if len(key) < KEY_BYTES:
        raise WorkspaceError(
            f"{KEY_ENV} holds a key of {len(key)} bytes; a key has at least {KEY_BYTES}. Set it "
            "to the workspace's key written as hex or base64, for instance `base64 -w0 < "
            "KEYFILE` of its key file."
        )
    return key


def read_key_file(path: Path, what: str = "") -> bytes:
    """The key in a key file, checked for length.

    Raises:
        WorkspaceError: when the file cannot be read or was cut short.
    """
    named = f"the pseudonymisation key {path}" + (f" ({what} it)" if what else "")
    try:
        key = path.read_bytes()
    except OSError as exc:
        raise WorkspaceError(
            f"cannot read {named}: {exc.strerror}. Restore it from a backup: a new key would give "
            "everyone new pseudonyms."
        ) from exc
    if len(key) < KEY_BYTES:
        raise WorkspaceError(
            f"{named} holds {len(key)} bytes, not {KEY_BYTES}: it was cut short. Restore it "
            "from a backup: a new key would give everyone new pseudonyms."
        )
    return key


def write_key_file(path: Path, key: bytes) -> None:
    """Write a new key file (mode 0600; its folder made with mode 0700); never replaces one."""
    folder = path.parent
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o700)
    _write_new(path, key, 0o600)
    _sync_folder(folder)


@dataclass(frozen=True)
class KeyMove:
    """What `wi3 key move` did: moved the key from inside the workspace to `target`, or not."""

    moved: bool
    source: Path
    target: str
    """Where the key is kept now: a key file, or the environment variable."""

    def __str__(self) -> str:
        if not self.moved:
            return f"the key is not inside the workspace; it is kept in {self.target}"
        return (
            f"moved the pseudonymisation key from {self.source.absolute()} to {self.target}.\n"
            "Back this file up now, apart from the workspace: without it the workspace cannot "
            "be opened, and its pseudonyms cannot be extended. Older backups of the workspace "
            "folder still hold the key: delete them, or keep them as safe as the key."
        )


def move_inside_key(folder: Path, identity: Identity | None) -> KeyMove:
    """Move the key kept inside the workspace to the user's configuration folder.

    In three steps, each safe to interrupt and run again: record the workspace's id and the
    key's fingerprint (if not yet recorded), write the key file (or find it written, with the
    same key), and only then delete the key inside.

    Raises:
        WorkspaceError: when the key inside is not the workspace's, or a different key already
            has the target's name.
    """
    inside = folder / INSIDE_KEY_FILE
    secret = read_key_file(inside)
    if identity is None:
        identity = new_identity(secret)
        write_identity(folder, identity)
    elif not hmac.compare_digest(key_fingerprint(secret), identity.fingerprint):
        raise WorkspaceError(
            f"{inside.absolute()} is not the key of the workspace at {folder.absolute()} (its "
            f"fingerprint differs from the one in {IDENTITY_FILE}); nothing was moved. Find the "
            "key the workspace was made with, and remove that file yourself once you have."
        )
    target = key_path(identity.id)
    if target.exists():
        if not hmac.compare_digest(read_key_file(target), secret):
            raise WorkspaceError(
                f"{target} holds another key than {inside.absolute()}, and wi3 never overwrites "
                "a key; nothing was moved. Move that file aside if it belongs to no workspace, "
                "then run `wi3 key move` again."
            )
    else:
        write_key_file(target, secret)
    if not hmac.compare_digest(read_key_file(target), secret):
        raise WorkspaceError(f"{target} does not read back as written; {inside} was kept.")
    inside.unlink()
    _sync_folder(folder)
    return KeyMove(True, inside, str(target))


def _write_new(path: Path, data: bytes, mode: int) -> None:
    """Write a file that must not exist yet, through to the disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _sync_folder(folder: Path) -> None:
    """Make a file just created or removed in `folder` survive a crash (POSIX only)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
