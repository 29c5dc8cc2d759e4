"""One whole `wi3 ingest`, run in-process by `_measure` in a fresh interpreter.

Everything an ingest loads (the command line, the service, the connectors, SQLAlchemy, pyarrow,
DuckDB, the event store) is imported here at the top, so `_measure` starts its clocks after the
imports: what is timed is the command itself, from parsing its arguments to printing its result.
The workspace is a copy of `template` (made by the benchmark, with its organisation) in a new
folder under `scratch`: every run imports into an empty workspace, and the copy (a SQLite file
of some 200 KB) is timed with the rest.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import duckdb  # noqa: F401  (imported before the clocks start, as the ingest needs it)
import pyarrow.parquet as pq  # noqa: F401
import sqlalchemy  # noqa: F401
import typer

import wi3.connectors  # noqa: F401
import wi3.events._store  # noqa: F401
import wi3.service._ingest  # noqa: F401
import wi3.store  # noqa: F401
from wi3.cli import app
from wi3.events import EventStore


def ingest(
    template: str, scratch: str, source: str, path: str, mapping: str | None
) -> dict[str, int]:
    """`wi3 --workspace COPY ingest SOURCE PATH --initiative bench [--mapping M]`; the counts
    of the events it stored, of their files and of the accounts it stored."""
    workspace = Path(scratch) / uuid.uuid4().hex
    shutil.copytree(template, workspace)
    arguments = ["--workspace", str(workspace), "ingest", source, path, "--initiative", "bench"]
    if mapping:
        arguments += ["--mapping", mapping]
    typer.main.get_command(app).main(arguments, standalone_mode=False)
    files = EventStore(workspace / "events").files("bench")
    return {
        "events": sum(pq.ParquetFile(p).metadata.num_rows for p in files),
        "files": len(files),
    }
