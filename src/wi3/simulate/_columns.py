"""Events as columns of numbers while they are drawn, and as the event store's table after."""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pyarrow as pa

from wi3.events import EVENT_SCHEMA, KINDS, VIAS
from wi3.simulate._ids import Array, hex_strings

CREATE, REPLY, EDIT, REACT, VIEW, JOIN, ACCEPT = (
    KINDS.index(k) for k in ("create", "reply", "edit", "react", "view", "join", "accept")
)
PERSON, BOT, INTEGRATION, IMPORT = (
    VIAS.index(v) for v in ("person", "bot", "integration", "import")
)


@dataclass
class Part:
    """Events as columns of numbers; `Keys.table` turns them into the event schema."""

    id_hi: Array
    id_lo: Array
    ts: Array
    kind: Array
    actor: Array
    target: Array
    """Directory index, or -1 for none."""
    container: Array
    item: Array
    parent: Array
    has_parent: Array
    size: Array
    via: Array

    def __len__(self) -> int:
        return len(self.ts)

    def take(self, rows: Array) -> Part:
        return Part(**{f.name: getattr(self, f.name)[rows] for f in fields(self)})

    @classmethod
    def join(cls, parts: list[Part]) -> Part:
        return cls(
            **{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls)}
        )


@dataclass(frozen=True)
class Keys:
    """The strings of the event store: account pseudonyms, containers, the fixed columns."""

    source: str
    origin: str
    actors: pa.Array
    """Pseudonym of each directory entry's account."""
    containers: pa.Array
    container_items: Array
    """Opaque id (as uint64) of each container, the item of its join events."""
    item_base: int
    reply_base: int
    integration_base: int
    """Bases of the opaque ids of items, of replies, and of the integrations' posts."""

    def table(self, part: Part) -> pa.Table:
        n = len(part)
        zeros = pa.array(np.zeros(n, dtype=np.int8))
        columns = [
            hex_strings([part.id_hi, part.id_lo], 24),
            pa.array([self.source]).take(zeros),
            pa.array([self.origin]).take(zeros),
            pa.array(part.ts, type=pa.timestamp("us", tz="UTC")),
            pa.array(KINDS).take(pa.array(part.kind)),
            self.actors.take(pa.array(part.actor)),
            self.actors.take(pa.array(part.target, mask=part.target < 0)),
            self.containers.take(pa.array(part.container)),
            hex_strings([part.item], 16),
            hex_strings([part.parent], 16, valid=part.has_parent),
            pa.array(part.size.astype(np.int32)),
            pa.array(VIAS).take(pa.array(part.via)),
        ]
        return pa.Table.from_arrays(columns, schema=EVENT_SCHEMA)
