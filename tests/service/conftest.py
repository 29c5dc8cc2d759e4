"""A fresh workspace with the team's small example organisation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from wi3.service import Workspace, import_organisation_file, init_workspace

ORGANISATION = """\
organisation: {slug: acme, name: Acme BV}
units:
  - {path: ict, name: ICT}
  - {path: hr, name: HR}
initiatives:
  - {slug: team-wiki, name: Team wiki, kind: wiki, platform: MediaWiki, unit: ict,
     start_date: 2025-01-01, audience: 120}
  - {slug: chat, name: Chat, kind: chat, platform: Slack, unit: ict/devs}
"""


@pytest.fixture
def organisation_file(tmp_path: Path) -> Path:
    path = tmp_path / "organisation.yaml"
    path.write_text(ORGANISATION)
    return path


@pytest.fixture
def workspace(
    tmp_path: Path, organisation_file: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Workspace]:
    monkeypatch.delenv("WI3_DATABASE_URL", raising=False)
    ws = init_workspace(tmp_path / "ws")
    import_organisation_file(ws, organisation_file)
    yield ws
    ws.close()
