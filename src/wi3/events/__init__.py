"""Events: what people did on a platform, the envelope connectors produce and the store keeps."""

from wi3.events._event import KINDS, VIAS, Account, Event, Kind, Tally, Via, event_id, utc

__all__ = ["KINDS", "VIAS", "Account", "Event", "Kind", "Tally", "Via", "event_id", "utc"]
