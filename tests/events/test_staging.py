"""How an import is staged: keyed hashes as before, memory bounded, repeats and stored events
dropped by hash without sorting the import, and only the files that lose events written again."""

from __future__ import annotations

import hashlib
import hmac
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import wi3.events._store as store_module
from wi3.events import EventStore, Pseudonymiser, event_id, id_state, pseudonym_numbers
from wi3.events._store import DICTIONARY_COLUMNS, Added, Row


@pytest.mark.parametrize("length", [16, 32, 64, 65, 100])
def test_pseudonyms_are_the_hmac_of_the_workspace_key(length: int) -> None:
    key = bytes(range(length))
    made = Pseudonymiser(key)

    def mac(text: str) -> str:
        return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()[:16]

    assert made.opaque("thread 17") == mac("item\x1fthread 17")
    assert made.account("slack", " U0ANN ") == mac("account:slack\x1fu0ann")
    assert made.person("E1001") == mac("person\x1fe1001")
    assert made.cache("item") == {"thread 17": mac("item\x1fthread 17")}


def test_pseudonyms_are_stored_as_the_numbers_of_their_bits_in_their_order() -> None:
    texts = ["ffffffffffffffff", None, "0000000000000000", "8000000000000000", "86891d098f8a7493"]
    numbers = pseudonym_numbers(pa.array(texts)).to_pylist()
    assert numbers == [(1 << 63) - 1, None, -(1 << 63), 0, 0x86891D098F8A7493 - (1 << 63)]
    shown = [t for t in texts if t is not None]
    assert sorted(shown) == [
        t for _n, t in sorted(zip([n for n in numbers if n is not None], shown, strict=True))
    ]
    for wrong in (["a"], ["86891D098F8A7493"], ["86891d098f8a749g"], ["86891d098f8a74930"]):
        with pytest.raises(ValueError, match="16 digits"):
            pseudonym_numbers(pa.array(wrong))


def test_the_id_state_gives_each_event_its_stable_id() -> None:
    state = id_state("slack", "team-chat")
    for native in ("1614571380.001200", "ünïcode", ""):
        copy = state.copy()
        copy.update(native.encode())
        assert copy.hexdigest() == event_id("slack", "team-chat", native)


def _row(n: int, day: str, size: int = 1, event: str | None = None) -> Row:
    ts = datetime.fromisoformat(f"{day}T10:00:00+00:00")
    actor, item = "a" * 16, f"{n:016x}"  # pseudonyms, as the pipeline makes them
    return (event or f"e{n}", ts, "create", actor, None, "general", item, None, size, "person")


def _stored(store: EventStore, initiative: str = "wiki") -> list[dict[str, object]]:
    rows = [r for p in store.files("acme", initiative) for r in pq.read_table(p).to_pylist()]
    return sorted(rows, key=lambda r: str(r["event_id"]))


def _import(store: EventStore, rows: list[Row]) -> tuple[int, int]:
    batch = store.batch("acme")
    writer = batch.writer("wiki", source="csv", origin="o")
    for row in rows:
        writer.add(row)
    added = batch.prepare()["wiki"]
    batch.close()
    return added.written, added.added


def test_the_first_read_of_a_repeated_id_wins(tmp_path: Path) -> None:
    store = EventStore(tmp_path / "events", committed=lambda _batch: True)
    rows = [
        _row(1, "2025-03-02", size=10),
        _row(2, "2025-03-03"),
        _row(1, "2025-03-04", size=11),  # a repeat, same month: the first read stays
        _row(3, "2025-04-01", size=20, event="e3"),
        _row(3, "2025-03-05", size=21, event="e3"),  # a repeat in an earlier month: it stays
    ]
    assert _import(store, rows) == (5, 3)
    stored = {r["event_id"]: r for r in _stored(store)}
    assert stored["e1"]["size"] == 10
    assert stored["e3"]["size"] == 21
    assert {r["source"] for r in stored.values()} == {"csv"}
    assert {r["origin"] for r in stored.values()} == {"o"}


def test_stored_events_are_dropped_and_only_files_that_lose_some_are_rewritten(
    tmp_path: Path,
) -> None:
    store = EventStore(tmp_path / "events", committed=lambda _batch: True)
    assert _import(store, [_row(1, "2025-03-02"), _row(2, "2025-04-02")]) == (2, 2)
    # again, with one new event in March and one in May: April's file would be empty
    again = [_row(1, "2025-03-02"), _row(5, "2025-03-09"), _row(2, "2025-04-02")]
    assert _import(store, again + [_row(6, "2025-05-01")]) == (4, 2)
    assert [r["event_id"] for r in _stored(store)] == ["e1", "e2", "e5", "e6"]
    march, april, may = (2025 * 12 + m - 1 for m in (3, 4, 5))  # months from the year 0
    assert [r["month_index"] for r in _stored(store)] == [march, april, march, may]
    files = store.files("acme", "wiki")  # one per import, whatever its months
    assert {p.parent.name for p in files} == {"initiative=wiki"}
    held = sorted(pq.read_table(p)["event_id"].to_pylist() for p in files)
    assert held == [["e1", "e2"], ["e5", "e6"]]  # the second import's file written again
    # the whole import a third time adds nothing and leaves no file
    files = store.files("acme", "wiki")
    assert _import(store, again) == (3, 0)
    assert store.files("acme", "wiki") == files


def test_rows_held_in_memory_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "BUFFER_ROWS", 10)
    store = EventStore(tmp_path / "events", committed=lambda _batch: True)
    batch = store.batch("acme")
    writer = batch.writer("wiki", source="csv", origin="o")
    held = []
    for n in range(35):
        writer.add(_row(n, f"2025-0{1 + n % 3}-02"))
        held.append(len(writer.columns[0]))
    assert max(held) < 10
    [staged] = writer.folder.rglob("*.parquet")  # one file, written as it went
    assert staged.stat().st_size > 0
    assert batch.prepare()["wiki"].added == 35
    batch.close()
    assert len(_stored(store)) == 35
    [stored] = store.files("acme", "wiki")
    assert pq.ParquetFile(stored).metadata.num_row_groups == 4  # one per flush: 10, 10, 10, 5
    assert all(p.stat().st_size for p in store.files("acme", "wiki"))
    assert store.unpublished("acme") == []


def test_an_import_into_an_empty_initiative_is_stamped_in_utc(tmp_path: Path) -> None:
    store = EventStore(tmp_path / "events", committed=lambda _batch: True)
    batch = store.batch("acme")
    writer = batch.writer("wiki", source="csv", origin="o")
    later = datetime(2025, 3, 31, 23, 30, tzinfo=UTC)
    writer.add(("e1", later, "create", "a" * 16, None, "general", "1" * 16, None, 1, "person"))
    # the same moment in Amsterdam's summer time, already April there
    there = later.astimezone(timezone(timedelta(hours=2)))
    writer.add(("e2", there, "create", "a" * 16, None, "general", "2" * 16, None, 1, "person"))
    batch.prepare()
    batch.close()
    [path] = store.files("acme", "wiki")
    assert (
        pq.read_table(path).select(["ts", "month_index"]).to_pylist()
        == [
            {"ts": later, "month_index": 2025 * 12 + 2}  # March, in UTC
        ]
        * 2
    )


def test_only_columns_whose_values_repeat_are_written_with_a_dictionary(tmp_path: Path) -> None:
    store = EventStore(tmp_path / "events", committed=lambda _batch: True)
    _import(store, [_row(1, "2025-03-02"), _row(2, "2025-04-02")])
    _import(store, [_row(1, "2025-03-02"), _row(5, "2025-03-09")])  # its file written again
    files = store.files("acme", "wiki")
    assert len(files) == 2
    for path in files:
        group = pq.ParquetFile(path).metadata.row_group(0)
        columns = (group.column(i) for i in range(group.num_columns))
        with_dictionary = {c.path_in_schema for c in columns if "RLE_DICTIONARY" in c.encodings}
        assert with_dictionary == set(DICTIONARY_COLUMNS)
        assert {"event_id", "ts", "item"}.isdisjoint(with_dictionary)


def _real_row(native: str, day: str, size: int = 1) -> Row:
    """A row whose id is of the form the pipeline gives (`event_id`)."""
    return _row(0, day, size, event=event_id("csv", "o", native))


def _duckdb_passes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the DuckDB connections the store opens from here on (one per pass)."""
    opened: list[int] = []
    connect = store_module.duckdb.connect

    def counted(*args: object, **kwargs: object) -> object:
        opened.append(1)
        return connect(*args, **kwargs)

    monkeypatch.setattr(store_module.duckdb, "connect", counted)
    return opened


def test_a_first_import_whose_ids_are_distinct_skips_the_duckdb_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "BUFFER_ROWS", 7)  # keys kept over several flushes
    store = EventStore(tmp_path / "events", committed=lambda _batch: True)
    rows = [_real_row(f"m{n}", f"2025-0{1 + n % 3}-0{1 + n % 9}", size=n) for n in range(30)]
    passes = _duckdb_passes(monkeypatch)
    assert _import(store, rows) == (30, 30)
    assert passes == []
    assert [r["size"] for r in sorted(_stored(store), key=lambda r: int(r["size"]))] == list(
        range(30)
    )
    # the file keeps the rows in the order they were read in
    for path in store.files("acme", "wiki"):
        sizes = pq.read_table(path)["size"].to_pylist()
        assert sizes == sorted(sizes)


def test_a_first_import_still_drops_the_repeats_it_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "BUFFER_ROWS", 3)  # the repeats lie in other flushes
    store = EventStore(tmp_path / "events", committed=lambda _batch: True)
    rows = [
        _real_row("a", "2025-03-02", size=10),
        _real_row("b", "2025-03-03"),
        _real_row("c", "2025-04-01", size=20),
        _real_row("a", "2025-03-04", size=11),  # a repeat in the same month: the first stays
        _real_row("d", "2025-04-02"),
        _real_row("c", "2025-03-05", size=21),  # a repeat in an earlier month: it stays
        _real_row("e", "2025-05-01"),
    ]
    passes = _duckdb_passes(monkeypatch)
    assert _import(store, rows) == (7, 5)
    assert len(passes) == 1
    stored = {r["event_id"]: r["size"] for r in _stored(store)}
    assert stored[event_id("csv", "o", "a")] == 10
    assert stored[event_id("csv", "o", "c")] == 21
    # and reading it all again adds nothing
    assert _import(store, rows) == (7, 0)
    assert len(_stored(store)) == 5


def test_two_first_imports_at_once_store_each_event_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both start into an empty initiative and each holds distinct ids, so each could skip the
    repeat pass; the one that commits second finds the first's events under the lock."""
    store = EventStore(tmp_path / "events", committed=lambda _batch: True)
    first, second = store.batch("acme"), store.batch("acme")
    for batch, names in ((first, "abc"), (second, "bcd")):
        writer = batch.writer("wiki", source="csv", origin="o")
        for name in names:
            writer.add(_real_row(name, "2025-03-02"))
    passes = _duckdb_passes(monkeypatch)
    first.lock()
    result: dict[str, Added] = {}

    def run() -> None:
        result["second"] = second.prepare()["wiki"]
        second.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=1)
    assert thread.is_alive()  # waits for the first, which takes its turn now
    assert first.prepare()["wiki"].added == 3 and passes == []
    first.close()
    thread.join(timeout=30)
    assert result["second"].added == 1 and len(passes) == 1  # checked against the stored
    stored = sorted(r["event_id"] for r in _stored(store))
    assert stored == sorted(event_id("csv", "o", n) for n in "abcd")


def test_ids_that_share_a_key_are_told_apart_by_duckdb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = EventStore(tmp_path / "events", committed=lambda _batch: True)
    same_start = ["0123456789abcdef00000000", "0123456789abcdef11111111"]
    rows = [_row(n, "2025-03-02", event=e) for n, e in enumerate(same_start)]
    passes = _duckdb_passes(monkeypatch)
    assert _import(store, rows) == (2, 2)
    assert len(passes) == 1


def test_an_import_beyond_the_keys_kept_is_checked_by_duckdb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "BUFFER_ROWS", 4)
    monkeypatch.setattr(store_module, "KEYED_ROWS", 6)
    store = EventStore(tmp_path / "events", committed=lambda _batch: True)
    rows = [_real_row(f"m{n % 9}", "2025-03-02", size=n) for n in range(12)]
    passes = _duckdb_passes(monkeypatch)
    assert _import(store, rows) == (12, 9)
    assert len(passes) == 1
    assert sorted(int(r["size"]) for r in _stored(store)) == list(range(9))
