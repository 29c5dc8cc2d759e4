"""Ingesting exports: pseudonymised, atomic, idempotent; bad input leaves the stores unchanged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import func, select

from wi3.errors import ExportError, SkippedRecordError
from wi3.events import EventStore, pseudonym_numbers
from wi3.service import Workspace, event_counts, ingest
from wi3.store import Account, Import, Initiative


def stored_events(ws: Workspace, initiative: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for path in EventStore(ws.events_dir).files("acme", initiative):
        rows.extend(pq.read_table(path).to_pylist())
    return rows


def count(ws: Workspace, table: type) -> int:
    with ws.store.transaction() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def test_slack_export_becomes_pseudonymised_events(
    workspace: Workspace, fixture_path: Path
) -> None:
    result = ingest(workspace, None, "slack", fixture_path / "slack" / "workspace", "team-chat")
    assert result.registered and result.events_added == result.events_written > 0
    events = stored_events(workspace, "team-chat")
    assert len(events) == result.events_added
    assert len({e["event_id"] for e in events}) == len(events)
    text = json.dumps(events, default=str)
    for secret in ("U0ANN", "ann@example.org", "Ann Example", "annie", "general/"):
        assert secret not in text
    assert {e["container"] for e in events} >= {"general", "direct"}
    with workspace.store.transaction() as session:
        accounts = pa.array(session.scalars(select(Account.pseudonym)).all(), pa.string())
        # each actor is the number of a stored account's pseudonym, not its text
        assert {e["actor"] for e in events} <= set(pseudonym_numbers(accounts).to_pylist())
        chat = session.scalar(select(Initiative).where(Initiative.slug == "team-chat"))
        assert chat is not None and chat.kind == "chat"
        assert session.scalar(select(func.count()).select_from(Import)) == 1
    assert count(workspace, Account) == result.accounts_new


def test_reimport_and_overlapping_export_add_nothing_twice(
    workspace: Workspace, fixture_path: Path, tmp_path: Path
) -> None:
    source = fixture_path / "slack" / "workspace"
    first = ingest(workspace, None, "slack", source, "team-chat")
    again = ingest(workspace, None, "slack", source, "team-chat")
    assert again.events_added == 0 and again.events_written == first.events_written
    assert again.accounts_new == 0
    # a later export: the same days plus one more, and one day missing
    later = tmp_path / "later"
    shutil.copytree(source, later)
    (later / "general" / "2021-03-01.json").unlink()
    (later / "general" / "2021-03-09.json").write_text(
        json.dumps(
            [
                {
                    "type": "message",
                    "user": "U0BEN",
                    "text": "a new day",
                    "ts": "1615280000.000100",
                },
            ]
        )
    )
    overlap = ingest(workspace, None, "slack", later, "team-chat")
    assert overlap.events_added == 1
    assert len(stored_events(workspace, "team-chat")) == first.events_added + 1


def test_strict_mode_and_broken_exports_store_nothing(
    workspace: Workspace, fixture_path: Path
) -> None:
    with pytest.raises(SkippedRecordError, match="Nothing from this file was imported"):
        ingest(
            workspace, None, "slack", fixture_path / "slack" / "workspace", "team-chat", strict=True
        )
    with pytest.raises(ExportError, match="not a zip archive"):
        ingest(workspace, None, "slack", fixture_path / "slack" / "not-a-zip.zip", "team-chat")
    with pytest.raises(ExportError):
        ingest(workspace, None, "slack", fixture_path / "slack" / "other-platform.zip", "team-chat")
    assert EventStore(workspace.events_dir).files("acme") == []
    assert count(workspace, Account) == 0 and count(workspace, Import) == 0
    with workspace.store.transaction() as session:
        assert session.scalar(select(Initiative).where(Initiative.slug == "team-chat")) is None
    assert not any((workspace.events_dir / "_staging").iterdir())


def test_event_counts_by_month_and_kind(workspace: Workspace, fixture_path: Path) -> None:
    ingest(workspace, None, "slack", fixture_path / "slack" / "workspace", "team-chat")
    counts = event_counts(workspace, None, "team-chat")
    assert counts.months[0] <= counts.months[-1]
    assert sum(counts.totals.values()) == len(stored_events(workspace, "team-chat"))
    assert "create" in counts.kinds and counts.actors > 0


def test_unknown_source_and_missing_mapping(workspace: Workspace, fixture_path: Path) -> None:
    from wi3.errors import InputError

    with pytest.raises(InputError, match="no connector 'slak'; the sources are csv, mattermost"):
        ingest(workspace, None, "slak", fixture_path, "x")
    with pytest.raises(InputError, match="the csv connector needs a column mapping"):
        ingest(workspace, None, "csv", fixture_path, "x")
