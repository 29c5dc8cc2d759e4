"""`wi3 init` says where the key is and to back it up; `wi3 key show` and `wi3 key move`."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Run


def test_init_says_where_the_key_is_and_to_back_it_up(
    run: Run, tmp_path: Path, key_home: Path
) -> None:
    result = run("init")
    assert result.exit_code == 0, result.output
    identity = json.loads((tmp_path / "ws" / "workspace.json").read_text())
    path = key_home / "wi3" / "keys" / f"{identity['id']}.key"
    assert f"pseudonymisation key: {path} (new)" in result.output
    assert "Back the key up now, apart from the workspace" in result.output
    again = run("init")
    assert f"pseudonymisation key: {path}\n" in again.output  # the same key, not a new one
    shown = run("key", "show")
    assert shown.exit_code == 0, shown.output
    assert f"pseudonymisation key: {path}" in shown.output
    assert f"id {identity['id']}" in shown.output
    assert f"key fingerprint: {identity['key_fingerprint'][:16]}" in shown.output
    assert path.read_bytes().hex() not in shown.output


def test_an_older_workspace_warns_until_its_key_is_moved(
    run: Run, tmp_path: Path, key_home: Path, organisation_file: Path
) -> None:
    assert run("init").exit_code == 0
    assert run("org", "import", str(organisation_file)).exit_code == 0
    folder = tmp_path / "ws"
    identity = json.loads((folder / "workspace.json").read_text())
    outside = key_home / "wi3" / "keys" / f"{identity['id']}.key"
    (folder / "secret").write_bytes(outside.read_bytes())  # as wi3 kept it before
    (folder / "workspace.json").unlink()
    outside.unlink()
    listed = run("initiative", "list")
    assert listed.exit_code == 0, listed.output
    warning = " ".join(listed.output.split())  # the log handler wraps lines
    assert "the pseudonymisation key is still inside the workspace" in warning
    assert "Run `wi3 key move`" in warning
    shown = run("key", "show")
    assert "(inside the workspace)" in shown.output and "run `wi3 key move`" in shown.output
    assert "WARNING" not in shown.output  # said once, by the status itself
    moved = run("key", "move")
    assert moved.exit_code == 0, moved.output
    assert "moved the pseudonymisation key from" in moved.output
    assert "Back this file up now" in moved.output
    assert not (folder / "secret").exists()
    quiet = run("initiative", "list")
    assert quiet.exit_code == 0 and "still inside" not in quiet.output
    assert "the key is not inside the workspace" in run("key", "move").output
