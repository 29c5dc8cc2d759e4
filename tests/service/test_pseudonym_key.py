"""The pseudonymisation key is kept apart from the workspace, found again, checked, and moved out
of workspaces that still keep it inside; no step ever makes a new key for existing data."""

from __future__ import annotations

import base64
import json
import logging
import secrets
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from wi3.errors import WorkspaceError
from wi3.events import key_fingerprint
from wi3.service import (
    Workspace,
    import_organisation_file,
    import_people,
    ingest,
    init_workspace,
    key_status,
    move_key,
    open_workspace,
)


@pytest.fixture(autouse=True)
def no_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WI3_DATABASE_URL", raising=False)


def key_file(key_home: Path, folder: Path) -> Path:
    """Where wi3 keeps the key of the workspace in `folder`, by the id the folder records."""
    identity = json.loads((folder / "workspace.json").read_text())
    return key_home / "wi3" / "keys" / f"{identity['id']}.key"


def filled(folder: Path, organisation_file: Path, fixture_path: Path) -> Workspace:
    """A workspace with acme, a Slack import and the people directory: pseudonyms everywhere."""
    ws = init_workspace(folder)
    import_organisation_file(ws, organisation_file)
    ingest(ws, None, "slack", fixture_path / "slack" / "workspace", "team-chat")
    import_people(ws, None, fixture_path / "people" / "directory.csv")
    return ws


def files(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def reimport_adds_nothing(ws: Workspace, fixture_path: Path) -> bool:
    """Whether the Slack export, imported again, adds no event and no account: the same
    pseudonyms, so the same key."""
    again = ingest(ws, None, "slack", fixture_path / "slack" / "workspace", "team-chat")
    return again.events_added == 0 and again.accounts_new == 0


@pytest.fixture
def another_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty configuration folder, as on a machine the workspace was copied to."""
    home = tmp_path / "elsewhere"
    home.mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    yield home


def test_a_copy_of_the_workspace_folder_holds_no_key(
    tmp_path: Path, organisation_file: Path, fixture_path: Path, key_home: Path
) -> None:
    ws = filled(tmp_path / "ws", organisation_file, fixture_path)
    key = ws.key()
    ws.close()
    assert key_file(key_home, ws.path).read_bytes() == key
    forms = [
        key,
        key.hex().encode(),
        key.hex().upper().encode(),
        base64.b64encode(key),
        base64.urlsafe_b64encode(key),
    ]
    stored = files(ws.path)
    assert any(p.name == "wi3.sqlite" for p in stored) and any(
        p.suffix == ".parquet" for p in stored
    )
    for path, content in stored.items():
        assert not any(form in content for form in forms), f"the key is in {path}"
    assert "secret" not in {p.name for p in stored}
    assert repr(key) not in repr(ws)  # nor in what a log or traceback might print


def test_the_key_file_and_its_folder_are_private(tmp_path: Path, key_home: Path) -> None:
    ws = init_workspace(tmp_path / "ws")
    ws.close()
    path = key_file(key_home, ws.path)
    assert ws.pseudonym_key.new and ws.pseudonym_key.place.path == path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    again = init_workspace(tmp_path / "ws")  # init of an existing workspace keeps its key
    again.close()
    assert not again.pseudonym_key.new and again.key() == ws.key()


def test_without_the_key_opening_fails_clearly_and_makes_no_key(
    tmp_path: Path,
    organisation_file: Path,
    fixture_path: Path,
    key_home: Path,
    another_machine: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(key_home))
    ws = filled(tmp_path / "ws", organisation_file, fixture_path)
    ws.close()
    copy = tmp_path / "copy"
    shutil.copytree(ws.path, copy)
    before = files(copy)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(another_machine))
    expected = another_machine / "wi3" / "keys" / key_file(key_home, ws.path).name
    for attempt in (open_workspace, init_workspace, key_status, move_key):
        with pytest.raises(WorkspaceError) as caught:
            attempt(copy)
        message = str(caught.value)
        assert f"the pseudonymisation key of the workspace at {copy} was not found" in message
        assert "looked in WI3_PSEUDONYM_KEY (not set), WI3_PSEUDONYM_KEY_FILE (not set)" in message
        assert f"Restore the key file from your backup to {expected}" in message
        assert "wi3 will not make a new key" in message
    assert list(another_machine.rglob("*")) == []  # no key was made
    assert files(copy) == before  # nor anything else written
    # an empty workspace that lost its key gets no new one either
    empty = init_workspace(tmp_path / "empty")
    empty.close()
    key_file(another_machine, empty.path).unlink()
    with pytest.raises(WorkspaceError, match="was not found"):
        init_workspace(tmp_path / "empty")
    assert not key_file(another_machine, empty.path).exists()


def test_the_key_restored_from_a_backup_opens_the_copy(
    tmp_path: Path,
    organisation_file: Path,
    fixture_path: Path,
    key_home: Path,
    another_machine: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(key_home))
    ws = filled(tmp_path / "ws", organisation_file, fixture_path)
    ws.close()
    copy = tmp_path / "copy"
    shutil.copytree(ws.path, copy)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(another_machine))
    backup = key_file(key_home, ws.path)
    restored = key_file(another_machine, copy)
    restored.parent.mkdir(parents=True)
    shutil.copyfile(backup, restored)
    opened = open_workspace(copy)
    try:
        assert reimport_adds_nothing(opened, fixture_path)
    finally:
        opened.close()


def test_a_wrong_key_is_refused(
    tmp_path: Path, key_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = init_workspace(tmp_path / "ws")
    ws.close()
    right = ws.key()
    wrong = secrets.token_bytes(32)
    monkeypatch.setenv("WI3_PSEUDONYM_KEY", wrong.hex())
    with pytest.raises(WorkspaceError) as caught:
        open_workspace(ws.path)
    assert str(caught.value).startswith(
        "the pseudonymisation key from WI3_PSEUDONYM_KEY is not the key of the workspace at "
        f"{ws.path}: this key's fingerprint begins {key_fingerprint(wrong)[:8]}, the workspace "
        f"was made with a key whose fingerprint begins {key_fingerprint(right)[:8]}."
    )
    with pytest.raises(WorkspaceError, match="is not the key of the workspace"):
        init_workspace(ws.path)
    monkeypatch.delenv("WI3_PSEUDONYM_KEY")
    path = key_file(key_home, ws.path)
    path.write_bytes(wrong)  # a key file that belongs to another workspace
    with pytest.raises(WorkspaceError, match=f"the pseudonymisation key from {path} is not the"):
        open_workspace(ws.path)
    path.write_bytes(right)
    open_workspace(ws.path).close()


@pytest.mark.parametrize("form", ["hex", "base64", "urlsafe"])
def test_the_key_can_come_from_WI3_PSEUDONYM_KEY(
    tmp_path: Path,
    organisation_file: Path,
    fixture_path: Path,
    key_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    form: str,
) -> None:
    key = secrets.token_bytes(48)
    written = {
        "hex": key.hex(),
        "base64": base64.b64encode(key).decode(),
        "urlsafe": base64.urlsafe_b64encode(key).decode().rstrip("="),
    }
    monkeypatch.setenv("WI3_PSEUDONYM_KEY", f"{written[form]}\n")
    keys_before = set(key_home.rglob("*.key"))
    ws = filled(tmp_path / "ws", organisation_file, fixture_path)
    ws.close()
    assert ws.key() == key and str(ws.pseudonym_key.place) == "WI3_PSEUDONYM_KEY"
    assert set(key_home.rglob("*.key")) == keys_before  # wi3 stored no copy of it
    monkeypatch.setenv("WI3_PSEUDONYM_KEY", written["hex" if form != "hex" else "base64"])
    reopened = open_workspace(ws.path)  # the same key, written the other way
    try:
        assert reimport_adds_nothing(reopened, fixture_path)
    finally:
        reopened.close()
    monkeypatch.delenv("WI3_PSEUDONYM_KEY")
    with pytest.raises(WorkspaceError, match="was not found"):
        open_workspace(ws.path)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("00" * 16, "WI3_PSEUDONYM_KEY holds a key of 16 bytes; a key has at least 32"),
        ("not a key!", "WI3_PSEUDONYM_KEY is neither hex nor base64"),
    ],
)
def test_a_malformed_WI3_PSEUDONYM_KEY_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, message: str
) -> None:
    monkeypatch.setenv("WI3_PSEUDONYM_KEY", value)
    with pytest.raises(WorkspaceError, match=message):
        init_workspace(tmp_path / "ws")
    assert not (tmp_path / "ws" / "workspace.json").exists()


def test_the_key_can_come_from_WI3_PSEUDONYM_KEY_FILE(
    tmp_path: Path, key_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "run-secrets" / "wi3.key"
    monkeypatch.setenv("WI3_PSEUDONYM_KEY_FILE", str(path))
    keys_before = set(key_home.rglob("*.key"))
    ws = init_workspace(tmp_path / "ws")  # made there, as it did not exist
    ws.close()
    assert path.read_bytes() == ws.key() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert set(key_home.rglob("*.key")) == keys_before
    open_workspace(ws.path).close()
    second = init_workspace(tmp_path / "ws2")  # an existing file is used, not replaced
    second.close()
    assert second.key() == ws.key() and path.read_bytes() == ws.key()
    path.unlink()
    with pytest.raises(WorkspaceError, match="WI3_PSEUDONYM_KEY_FILE names it"):
        open_workspace(ws.path)
    assert not path.exists()


def as_made_before(ws: Workspace, key_home: Path) -> bytes:
    """Turn a workspace into one made before the key moved out: the key inside, as `secret`,
    and no workspace.json."""
    key = ws.key()
    outside = key_file(key_home, ws.path)
    (ws.path / "secret").write_bytes(key)
    (ws.path / "workspace.json").unlink()
    outside.unlink()
    return key


def test_a_workspace_keeping_its_key_inside_opens_with_a_warning_and_moves_it_out(
    tmp_path: Path,
    organisation_file: Path,
    fixture_path: Path,
    key_home: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ws = filled(tmp_path / "ws", organisation_file, fixture_path)
    ws.close()
    key = as_made_before(ws, key_home)
    with caplog.at_level(logging.WARNING):
        old = open_workspace(ws.path)
    assert old.key() == key and old.pseudonym_key.place.kind == "inside"
    assert "the pseudonymisation key is still inside the workspace" in caplog.text
    assert "Run `wi3 key move`" in caplog.text
    assert reimport_adds_nothing(old, fixture_path)
    old.close()
    status = key_status(ws.path)
    assert status.inside and status.id is None and "(inside the workspace)" in str(status.place)

    moved = move_key(ws.path)
    target = key_file(key_home, ws.path)
    assert moved.moved and moved.target == str(target) and target.read_bytes() == key
    assert not (ws.path / "secret").exists()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "Back this file up now, apart from the workspace" in str(moved)
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        new = open_workspace(ws.path)
    try:
        assert caplog.text == "" and new.key() == key
        assert reimport_adds_nothing(new, fixture_path)  # no data became unreadable
    finally:
        new.close()
    again = move_key(ws.path)
    assert not again.moved and str(again).startswith(
        f"the key is not inside the workspace; it is kept in {target}"
    )


def test_an_interrupted_move_is_finished_by_running_it_again(
    tmp_path: Path, key_home: Path
) -> None:
    ws = init_workspace(tmp_path / "ws")
    ws.close()
    key = ws.key()
    identity = (ws.path / "workspace.json").read_text()
    as_made_before(ws, key_home)
    # the move stopped after recording the identity, before writing the key file
    (ws.path / "workspace.json").write_text(identity)
    reopened = open_workspace(ws.path)  # the key inside still opens it
    reopened.close()
    assert reopened.key() == key
    assert move_key(ws.path).moved
    assert key_file(key_home, ws.path).read_bytes() == key


def test_a_move_never_overwrites_another_key(
    tmp_path: Path, key_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = init_workspace(tmp_path / "ws")
    ws.close()
    key = ws.key()
    target = key_file(key_home, ws.path)
    (ws.path / "secret").write_bytes(key)  # a copy of the key inside, from a backup say
    other = secrets.token_bytes(32)
    target.write_bytes(other)  # and under the target's name, a key of something else
    monkeypatch.setenv("WI3_PSEUDONYM_KEY", key.hex())  # the right key is given
    with pytest.raises(WorkspaceError) as caught:
        move_key(ws.path)
    assert f"{target} holds another key than {ws.path / 'secret'}" in str(caught.value)
    assert "wi3 never overwrites a key; nothing was moved" in str(caught.value)
    assert target.read_bytes() == other and (ws.path / "secret").read_bytes() == key


def test_a_workspace_keeping_its_key_inside_refuses_another_key(
    tmp_path: Path, key_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = init_workspace(tmp_path / "ws")
    ws.close()
    key = as_made_before(ws, key_home)
    monkeypatch.setenv("WI3_PSEUDONYM_KEY", secrets.token_hex(32))
    with pytest.raises(WorkspaceError, match="which keeps its key inside"):
        open_workspace(ws.path)
    monkeypatch.setenv("WI3_PSEUDONYM_KEY", key.hex())
    open_workspace(ws.path).close()


def test_a_workspace_that_lost_its_identity_and_key_is_not_given_a_new_key(
    tmp_path: Path, organisation_file: Path, fixture_path: Path, key_home: Path
) -> None:
    ws = filled(tmp_path / "ws", organisation_file, fixture_path)
    ws.close()
    (ws.path / "workspace.json").unlink()
    keys_before = set(key_home.rglob("*.key"))
    for attempt in (open_workspace, init_workspace):
        with pytest.raises(WorkspaceError, match="has lost its pseudonymisation key"):
            attempt(ws.path)
    assert set(key_home.rglob("*.key")) == keys_before
    assert not (ws.path / "workspace.json").exists()


def test_the_configuration_folder_follows_XDG_CONFIG_HOME_or_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wi3.service._key import key_folder

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CONFIG_HOME")
    assert key_folder() == tmp_path / "home" / ".config" / "wi3" / "keys"
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/ignored")  # as the XDG specification says
    assert key_folder() == tmp_path / "home" / ".config" / "wi3" / "keys"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert key_folder() == tmp_path / "xdg" / "wi3" / "keys"
