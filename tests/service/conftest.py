"""A workspace with the test organisation on each backend: SQLite, and the suite's PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from wi3.service import Workspace, import_organisation_file, init_workspace

TEAM = """\
organisation: {slug: acme, name: Acme BV}
units:
  - {path: ict, name: ICT}
  - {path: hr, name: HR}
  - {path: legal, name: Legal}
initiatives:
  - {slug: team-wiki, name: Team wiki, kind: wiki, platform: MediaWiki, unit: ict,
     start_date: 2025-01-01, audience: 120}
  - {slug: chat, name: Chat, kind: chat, platform: Slack, unit: ict}
"""


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def team(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Workspace]:
    """A workspace holding Acme (units ict, hr, legal; initiatives team-wiki and chat), with
    its store in SQLite and, as a second case, in a new PostgreSQL database."""
    if request.param == "sqlite":
        monkeypatch.delenv("WI3_DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("WI3_DATABASE_URL", request.getfixturevalue("postgres_database_url"))
    ws = init_workspace(tmp_path / "ws")
    organisation = tmp_path / "organisation.yaml"
    organisation.write_text(TEAM)
    import_organisation_file(ws, organisation)
    yield ws
    for thread in threading.enumerate():  # an import job's thread ends with a last store write
        if thread.name.startswith("wi3-import-"):
            thread.join(timeout=30)
    ws.close()
