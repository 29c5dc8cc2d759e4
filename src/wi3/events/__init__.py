"""Events: what people did on a platform, the envelope connectors produce and the store keeps."""

from wi3.events._event import (
    KINDS,
    SIGNAL_KINDS,
    VIAS,
    Account,
    Event,
    Gap,
    Kind,
    Lost,
    Record,
    Signal,
    SignalKind,
    Tally,
    Via,
    event_id,
    utc,
)
from wi3.events._pseudonym import Pseudonymiser, hint, normalise
from wi3.events._store import EVENT_SCHEMA, Committed, EventStore, ImportWriter, Row

__all__ = [
    "EVENT_SCHEMA",
    "KINDS",
    "SIGNAL_KINDS",
    "VIAS",
    "Account",
    "Committed",
    "Event",
    "EventStore",
    "Gap",
    "ImportWriter",
    "Kind",
    "Lost",
    "Pseudonymiser",
    "Record",
    "Row",
    "Signal",
    "SignalKind",
    "Tally",
    "Via",
    "event_id",
    "hint",
    "normalise",
    "utc",
]
