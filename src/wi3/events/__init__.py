"""Events: what people did on a platform, the envelope connectors produce and the store keeps."""

from wi3.events._event import KINDS, VIAS, Account, Event, Kind, Tally, Via, event_id, utc
from wi3.events._pseudonym import Pseudonymiser, hint, normalise
from wi3.events._store import EVENT_SCHEMA, Committed, EventStore, ImportWriter, Row

__all__ = [
    "EVENT_SCHEMA",
    "KINDS",
    "VIAS",
    "Account",
    "Committed",
    "Event",
    "EventStore",
    "ImportWriter",
    "Kind",
    "Pseudonymiser",
    "Row",
    "Tally",
    "Via",
    "event_id",
    "hint",
    "normalise",
    "utc",
]
