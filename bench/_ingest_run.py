"""A whole `wi3 ingest`, and the least any ingest must do, each run in-process by `_measure`.

Everything an ingest loads is imported here at the top: the command line, the service, the
connectors, SQLAlchemy, pyarrow, DuckDB, the event store, and pandas, which pyarrow imports on
its first conversion of Python values whenever it is installed (Ibis needs it). So `_measure`
starts its clocks after the imports, and what is timed is the command itself, from parsing its
arguments to printing its result.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import duckdb  # noqa: F401  (imported before the clocks start, as an ingest needs it)
import pandas  # noqa: F401  (pyarrow imports it on its first conversion of Python values)
import pyarrow.parquet as pq
import sqlalchemy  # noqa: F401
import typer

import wi3.store  # noqa: F401
from wi3.cli import app
from wi3.connectors import connector
from wi3.events import ITEM, Account, Event, EventStore, Pseudonymiser, Tally, id_state
from wi3.service import ingest as service_ingest  # noqa: F401  (loads the ingest service)

INITIATIVE = "bench"


def ingest(
    template: str, scratch: str, source: str, path: str, mapping: str | None
) -> dict[str, int]:
    """`wi3 --workspace COPY ingest SOURCE PATH --initiative bench [--mapping M]`, progress
    display included; the events it stored and the files they are in.

    The workspace is a copy of `template` (made by the benchmark, with its organisation) in a
    new folder under `scratch`, so every run imports into an empty workspace. The copy, a
    SQLite file of some 200 KB, is timed with the rest.
    """
    workspace = Path(scratch) / uuid.uuid4().hex
    shutil.copytree(template, workspace)
    arguments = ["--workspace", str(workspace), "ingest", source, path, "--initiative", INITIATIVE]
    if mapping:
        arguments += ["--mapping", mapping]
    typer.main.get_command(app).main(arguments, standalone_mode=False)
    files = EventStore(workspace / "events").files(INITIATIVE)
    return {
        "events": sum(pq.ParquetFile(p).metadata.num_rows for p in files),
        "files": len(files),
    }


def hashed(source: str, path: str, mapping: str | None) -> dict[str, int]:
    """The connector read to the end, and for each event only the hashes every ingest must
    make: its stable id, and the keyed pseudonyms of its actor, target, item and parent,
    cached as the ingest caches them. Nothing is kept or written.

    The floor of a whole ingest that keeps wi3's guarantees (re-reading adds nothing: stable
    ids; no name reaches the store: keyed pseudonyms), whatever its storage costs.
    """
    found = connector(source)
    pseudonymiser = Pseudonymiser(b"bench key, 32 bytes long, fixed")
    ids = id_state(source, INITIATIVE)
    accounts: dict[str, str] = {}
    items = pseudonymiser.cache(ITEM)
    events = 0
    for record in found.reader(Path(mapping) if mapping else None)(Path(path), Tally()):
        if type(record) is Account:
            accounts[record.key] = pseudonymiser.account(source, record.key)
        if type(record) is not Event:
            continue
        state = ids.copy()
        state.update(record.native_id.encode())
        state.hexdigest()
        for key in (record.actor, record.target):
            if key is not None and key not in accounts:
                accounts[key] = pseudonymiser.account(source, key)
        for text in (record.item, record.parent):
            if text is not None and text not in items:
                pseudonymiser.opaque(text)
        events += 1
    return {"events": events, "accounts": len(accounts)}
