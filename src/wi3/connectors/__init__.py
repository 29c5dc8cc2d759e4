"""Connectors: one module per platform export, each turning a path into accounts and events.

Every connector is a generator `read(path, tally)` that streams `Account`s and `Event`s with the
platform's own keys; pseudonymisation and storage happen downstream. `CONNECTORS` lists them all,
by the name `wi3 ingest SOURCE` takes. `load_mapping` reads the column mapping of the csv
connector, for callers that need what it says (the platform it names) beyond reading.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from wi3.connectors import (
    csv_rows,
    mattermost,
    mbox,
    mediawiki,
    slack,
    stackexchange,
    vivaengage,
    zulip,
)
from wi3.connectors._column_mapping import Mapping, load_mapping
from wi3.errors import InputError
from wi3.events import Record, Tally

Reader = Callable[[Path, Tally], Iterator[Record]]


@dataclass(frozen=True)
class Connector:
    """A registered connector: its name, what its records are called, and its reader."""

    name: str
    description: str
    noun: str
    read: Callable[..., Iterator[Record]]
    needs_mapping: bool = False
    local_accounts: bool = False
    """Its account ids mean something only within one instance (a Stack Exchange site's user
    ids): ingest keys them by the instance (the import's origin)."""
    split: str = "container"
    """What `--split-by channel` splits on: each event's container, or the whole export
    ("export": a Stack Exchange dump is one site, its containers are tags)."""
    archive_signals: bool = False
    """Its exports record when a container was archived, so a silent container that was never
    archived has not been closed on the platform."""

    def reader(self, mapping: Path | None = None) -> Reader:
        """The reader to call, with the column mapping bound when this connector needs one.

        Raises:
            InputError: when a mapping is needed but missing, or given but not used.
        """
        if self.needs_mapping:
            if mapping is None:
                raise InputError(
                    f"the {self.name} connector needs a column mapping: pass --mapping FILE "
                    "(see docs/mappings/gitter.yaml for an example)"
                )
            return partial(self.read, mapping=mapping)
        if mapping is not None:
            raise InputError(f"the {self.name} connector takes no --mapping; leave it out")
        return self.read


CONNECTORS: dict[str, Connector] = {
    module.__name__.rsplit(".", 1)[1]: Connector(
        name=module.__name__.rsplit(".", 1)[1],
        description=module.DESCRIPTION,
        noun=module.NOUN,
        read=module.read,
        local_accounts=getattr(module, "LOCAL_ACCOUNTS", False),
        archive_signals=getattr(module, "ARCHIVE_SIGNALS", False),
        split=getattr(module, "SPLIT", "container"),
    )
    for module in (slack, stackexchange, mediawiki, mbox, mattermost, zulip, vivaengage)
}
CONNECTORS["csv"] = Connector(
    "csv", csv_rows.DESCRIPTION, csv_rows.NOUN, csv_rows.read, needs_mapping=True
)


def connector(name: str) -> Connector:
    """The connector called `name`.

    Raises:
        InputError: naming the connectors that exist.
    """
    try:
        return CONNECTORS[name]
    except KeyError:
        raise InputError(
            f"no connector {name!r}; the sources are {', '.join(sorted(CONNECTORS))}"
        ) from None


__all__ = ["CONNECTORS", "Connector", "Mapping", "Reader", "connector", "load_mapping"]
