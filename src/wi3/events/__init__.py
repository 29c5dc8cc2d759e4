"""Events: what people did on a platform, the envelope connectors produce and the store keeps.

The event store (`EventStore` and its kin) loads pyarrow and DuckDB, so it is loaded on first
use: a connector, which needs only the envelope, starts light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from wi3.events._event import (
    KINDS,
    SIGNAL_KINDS,
    VIAS,
    Account,
    Event,
    Gap,
    Kind,
    Lost,
    Reading,
    Record,
    Signal,
    SignalKind,
    Tally,
    Via,
    event_id,
    id_state,
    utc,
)
from wi3.events._pseudonym import (
    ITEM,
    SHARED_DOMAIN,
    Pseudonymiser,
    email_domain,
    hint,
    hint_domain,
    key_fingerprint,
    normalise,
)

_STORE = frozenset(
    {
        "BUFFER_ROWS",
        "EVENT_SCHEMA",
        "FILE_SCHEMA",
        "PSEUDONYMS",
        "Added",
        "Batch",
        "Committed",
        "EventStore",
        "ImportWriter",
        "Row",
        "batch_of",
        "by_layout",
        "older_columns",
        "pseudonym_numbers",
        "read_events",
    }
)

if TYPE_CHECKING:
    from wi3.events._store import (
        BUFFER_ROWS,
        EVENT_SCHEMA,
        FILE_SCHEMA,
        PSEUDONYMS,
        Added,
        Batch,
        Committed,
        EventStore,
        ImportWriter,
        Row,
        batch_of,
        by_layout,
        older_columns,
        pseudonym_numbers,
        read_events,
    )


def __getattr__(name: str) -> object:
    """Load the event store on first use of one of its names."""
    if name not in _STORE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module("wi3.events._store"), name)
    globals()[name] = value
    return value


__all__ = [
    "BUFFER_ROWS",
    "EVENT_SCHEMA",
    "FILE_SCHEMA",
    "KINDS",
    "PSEUDONYMS",
    "SHARED_DOMAIN",
    "SIGNAL_KINDS",
    "VIAS",
    "Account",
    "Added",
    "Batch",
    "Committed",
    "Event",
    "EventStore",
    "Gap",
    "ITEM",
    "ImportWriter",
    "Kind",
    "Lost",
    "Pseudonymiser",
    "Reading",
    "Record",
    "Row",
    "Signal",
    "SignalKind",
    "Tally",
    "Via",
    "batch_of",
    "by_layout",
    "event_id",
    "email_domain",
    "hint",
    "hint_domain",
    "id_state",
    "key_fingerprint",
    "normalise",
    "older_columns",
    "pseudonym_numbers",
    "read_events",
    "utc",
]
