"""What every connector test needs: read a fixture with a connector, and write expected events."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from wi3.events import Account, Event, Kind, Record, Signal, Tally, Via


def read_all(
    connector: ModuleType, path: Path, strict: bool = False, **options: Any
) -> tuple[list[Record], Tally]:
    """Every record the connector module yields for `path`, and the tally it kept."""
    tally = Tally(noun=connector.NOUN, strict=strict)
    return list(connector.read(path, tally, **options)), tally


def ev(
    native_id: str,
    ts: str | datetime,
    kind: Kind,
    actor: str,
    container: str,
    item: str,
    parent: str | None = None,
    target: str | None = None,
    size: int = 0,
    via: Via = "person",
) -> Event:
    """An expected event; `ts` as a datetime or as ISO text, taken to be UTC."""
    moment = datetime.fromisoformat(ts) if isinstance(ts, str) else ts
    return Event(
        native_id,
        moment.replace(tzinfo=UTC),
        kind,
        actor,
        container,
        item,
        parent,
        target,
        size,
        via,
    )


def assert_accounts_first_and_no_leaks(
    records: list[Record], secrets: list[str], exempt: tuple[str, ...] = ()
) -> None:
    """Every actor has an Account before its first event, and no secret is in an event field
    or a signal.

    `exempt` names event fields that may hold a secret by design (display-name keys, topic
    names).
    """
    seen: set[str] = set()
    for record in records:
        if isinstance(record, Account):
            seen.add(record.key)
            continue
        if isinstance(record, Signal):
            for secret in secrets:
                assert secret not in str(record.container), f"{secret!r} leaked into {record}"
            continue
        assert record.actor in seen, f"{record.actor} acts before its Account"
        values = [str(v) for name, v in record._asdict().items() if name not in exempt]
        for secret in secrets:
            assert not any(secret in v for v in values), f"{secret!r} leaked into {record}"
