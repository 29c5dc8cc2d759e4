"""The people directory: imported as pseudonyms, linked to accounts, suggested links decided."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
from sqlalchemy import select

from wi3.errors import InputError
from wi3.service import (
    Workspace,
    decide_link,
    import_people,
    ingest,
    suggest_links,
)
from wi3.store import Account, Person


def people_file(ws: Workspace) -> list[dict[str, object]]:
    return pq.read_table(ws.events_dir / "_directory" / "org=acme" / "people.parquet").to_pylist()


def test_directory_import_keeps_no_names_or_ids(workspace: Workspace, fixture_path: Path) -> None:
    result = import_people(workspace, None, fixture_path / "people" / "directory.csv")
    assert (result.people, result.added) == (4, 4)
    assert str(result).startswith("4 people (4 new, 1 new units)")  # ict/dev is new
    raw = (workspace.path / "wi3.sqlite").read_bytes()
    for secret in (b"E1001", b"ann@example.org", b"U0ANN", b"cleo"):
        assert secret not in raw
    rows = {r["unit"]: r for r in people_file(workspace)}
    assert rows["ict"]["level"] == "manager" and rows["ict"]["location"] == "Amsterdam"
    assert str(rows["hr"]["start_date"]) in ("None", "2020-01-01")
    again = import_people(workspace, None, fixture_path / "people" / "directory.csv")
    assert again.added == 0


def test_accounts_are_linked_to_directory_people(workspace: Workspace, fixture_path: Path) -> None:
    ingest(workspace, None, "slack", fixture_path / "slack" / "workspace", "team-chat")
    with workspace.store.transaction() as session:
        unknown = session.scalars(select(Person).where(~Person.in_directory)).all()
        assert unknown and all(p.unit is not None and p.unit.path == "unknown" for p in unknown)
    result = import_people(workspace, None, fixture_path / "people" / "directory.csv")
    # ann (by Slack id and e-mail), ben (by e-mail) and cleo (by user name) are now
    # directory people
    assert result.relinked == 3
    with workspace.store.transaction() as session:
        linked = session.scalars(select(Account).join(Person).where(Person.in_directory)).all()
        hints = sorted(a.hint for a in linked)
        # fewer than five accounts share example.org: the hints do not show it
        assert hints == ["a…@…", "b…@…", "c…"]
    units = {r["unit"] for r in people_file(workspace)}
    assert {"ict", "ict/dev", "unknown"} <= units


@pytest.mark.parametrize(
    ("file", "message"),
    [
        ("bad-level.csv", "bad-level.csv:2: level 'boss' is not one of staff, manager, executive"),
        ("bad-date.csv", "bad-date.csv:2: start_date '01-02-2024' is not a date"),
        ("unknown-column.csv", "unknown-column.csv:1: unknown column(s) email"),
        ("twice.csv", "twice.csv:3: person 'E1' is listed again (first on line 2)"),
    ],
)
def test_bad_directory_files(
    workspace: Workspace, fixture_path: Path, file: str, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        import_people(workspace, None, fixture_path / "people" / file)
    assert message in str(caught.value)
    with workspace.store.transaction() as session:
        assert session.scalars(select(Person)).all() == []


def test_suggestions_across_platforms_and_decisions(
    workspace: Workspace, tmp_path: Path, fixture_path: Path
) -> None:
    ingest(workspace, None, "slack", fixture_path / "slack" / "workspace", "team-chat")
    mbox = tmp_path / "list.mbox"
    mbox.write_text(
        "From ann@example.org  Mon Mar  1 10:00:00 2021\n"
        "From: Ann Example <ann@example.org>\nDate: Mon, 1 Mar 2021 10:00:00 +0000\n"
        "Message-ID: <m1@example.org>\nSubject: hello\n\nhi all\n"
    )
    ingest(workspace, None, "mbox", mbox, "team-list")
    found = suggest_links(workspace, None)
    strong = [s for s in found if s.strength == "strong"]
    assert len(strong) == 1
    pair = strong[0]
    assert {pair.first_source, pair.second_source} == {"slack", "mbox"}
    assert "email" in pair.evidence and pair.first_hint.startswith("a…")
    assert (
        str(decide_link(workspace, None, pair.first, pair.second, confirmed=True))
        == "confirmed: one person now"
    )
    with workspace.store.transaction() as session:
        a = session.get(Account, pair.first)
        b = session.get(Account, pair.second)
        assert a is not None and b is not None and a.person_id == b.person_id
    assert all(
        s.first != pair.first or s.second != pair.second for s in suggest_links(workspace, None)
    )


def _directory(ws: Workspace) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    folder = ws.events_dir / "_directory" / "org=acme"
    people = pq.read_table(folder / "people.parquet").to_pylist()
    accounts = pq.read_table(folder / "accounts.parquet").to_pylist()
    return (
        sorted(people, key=lambda r: str(r["person"])),
        sorted(accounts, key=lambda r: (str(r["account"]), str(r["source"]))),
    )


def test_an_import_links_its_new_accounts_and_writes_only_them_into_the_directory(
    workspace: Workspace, fixture_path: Path
) -> None:
    from wi3.service._people import _directory_version, write_directory

    import_people(workspace, None, fixture_path / "people" / "directory.csv")
    before = _directory(workspace)
    accounts_file = workspace.events_dir / "_directory" / "org=acme" / "accounts.parquet"
    version = _directory_version(accounts_file)
    ingest(workspace, None, "slack", fixture_path / "slack" / "workspace", "team-chat")
    assert _directory_version(accounts_file) == (version or 0) + 1
    people, accounts = _directory(workspace)
    with workspace.store.transaction() as session:
        linked = session.scalars(select(Account).join(Person).where(Person.in_directory)).all()
        assert len(linked) == 3  # ann, ben and cleo, linked as the accounts were added
        # no person was made for an account that was then linked to the directory
        orphans = select(Person.id).where(
            ~Person.in_directory, ~Person.id.in_(select(Account.person_id))
        )
        assert session.scalars(orphans).all() == []
    assert before[0] == [p for p in people if p["in_directory"]]  # the directory is unchanged
    assert len(accounts) > len(before[1])
    # the files written a change at a time hold what a whole rewrite writes
    write_directory(workspace, "acme")
    assert _directory(workspace) == (people, accounts)
    # importing the same export again changes nothing, so the files are left alone
    ingest(workspace, None, "slack", fixture_path / "slack" / "workspace", "team-chat")
    assert _directory_version(accounts_file) == (version or 0) + 1
