"""Read an export through a wi3 connector to the end, counting what it yields (run by `_measure`).

Kept apart from the bare parsers so that their processes never import wi3: a process's memory
baseline is then only what its own parse needs.
"""

from __future__ import annotations

from pathlib import Path

from wi3.connectors import connector
from wi3.events import Account, Event, Tally


def read_all(name: str, path: str, mapping: str | None) -> dict[str, int]:
    """Yield every record of connector `name` on `path`; the counts of records, events, accounts.

    `records` is the connector's tally (the source records it read, skipped ones included).
    """
    source = connector(name)
    tally = Tally(noun=source.noun)
    events = accounts = 0
    for item in source.reader(Path(mapping) if mapping else None)(Path(path), tally):
        if type(item) is Event:
            events += 1
        elif type(item) is Account:
            accounts += 1
    return {
        "records": tally.seen,
        "skipped": tally.skipped,
        "events": events,
        "accounts": accounts,
    }
