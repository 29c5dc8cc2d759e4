"""The workspaces and measured jobs of the scaling benchmark (bench/scaling.py).

`make_workspace` simulates an organisation the way `wi3 simulate` does, with one difference:
`wide_every` > 1 gives only every n-th initiative the simulator's scope (40-100 % of the units)
and the others their home unit and the five units after it. The simulator draws a read for
every active person in scope every month, so 400 initiatives that each reach most of 50,000
people make over 500 million events before anything is posted; an organisation with 400
initiatives has mostly team and department ones. The measured jobs (`ingest_small`,
`diagnose`) each run in a fresh process (bench/_measure.py).
"""

from __future__ import annotations

import dataclasses
import json
import time
from datetime import date
from pathlib import Path

from wi3.service import (
    PEOPLE_PER_UNIT,
    import_organisation_file,
    ingest,
    init_workspace,
    open_workspace,
    simulate_usage,
)
from wi3.service import diagnose as diagnose_organisation
from wi3.simulate import Window, make_directory, plan_initiatives, unit_tree

SEED = 100
ORG = "simulated"
LAST_MONTH = "2026-09"
AS_OF = date(2026, 10, 1)
NARROW = 6
"""Units in scope of an initiative that is not one of the wide ones."""
SMALL_MAPPING = """format: csv
native_id: id
ts: ts
actor: user
container: {value: general}
item: item
parent: parent
target: target
kind: {column: kind}
via: {column: via}
accounts: {key: user}
"""


def make_workspace(
    workspace: str, people: int, initiatives: int, months: int, events: int, wide_every: int
) -> dict[str, int]:
    """Simulate the organisation into a new workspace; its events written and the seconds.

    The organisation, its units and initiatives come from an organisation file, as a user
    registers them (no audience: the directory gives the eligible people).
    """
    started = time.perf_counter()
    ws = init_workspace(Path(workspace))
    try:
        window = Window.ending(LAST_MONTH, months)
        units = unit_tree(max(4, round(people / PEOPLE_PER_UNIT)), SEED)
        directory = make_directory(
            people, units, window.start(0), window.last_day(months - 1), SEED, board="board"
        )
        planned = plan_initiatives(initiatives, units, months, SEED)
        usages = [
            p.usage
            if i % wide_every == 0
            else dataclasses.replace(p.usage, scope=p.usage.scope[:NARROW])
            for i, p in enumerate(planned)
        ]
        spec = {
            "organisation": {"slug": ORG, "name": "Simulated", "example": True},
            "units": [{"path": u.path, "name": u.name} for u in units],
            "initiatives": [
                {
                    "slug": u.slug,
                    "name": p.name,
                    "kind": u.kind,
                    "platform": p.platform,
                    "unit": u.home,
                    "start_date": window.start(min(u.launch, 0)).isoformat(),
                    "scope": sorted({u.home, *u.scope}),
                }
                for p, u in zip(planned, usages, strict=True)
            ],
        }
        org_file = ws.path / "simulated" / "organisation.json"
        org_file.parent.mkdir(parents=True, exist_ok=True)
        org_file.write_text(json.dumps(spec))  # JSON is YAML too
        import_organisation_file(ws, org_file)
        result = simulate_usage(
            ws,
            ORG,
            directory,
            usages,
            window,
            SEED,
            ws.path / "simulated" / "people.csv",
            events=events,
        )
    finally:
        ws.close()
    written = sum(i.events for i in result.initiatives)
    return {"events": written, "seconds": round(time.perf_counter() - started)}


def ingest_small(workspace: str, initiative: str, rows: int) -> dict[str, int]:
    """Ingest a CSV export of `rows` new events (threads and replies in the last month, by 40
    accounts new to the organisation) into one initiative."""
    folder = Path(workspace) / "bench-small"
    folder.mkdir(exist_ok=True)
    mapping = folder / "mapping.yaml"
    mapping.write_text(SMALL_MAPPING)
    export = folder / f"small-{time.time_ns()}.csv"
    lines = ["id,ts,user,kind,item,parent,target,via"]
    for n in range(rows):
        tag = f"{export.stem}-{n}"
        user = f"bench-user-{n % 40}"
        if n % 3 == 0:
            lines.append(f"{tag},{LAST_MONTH}-20T10:{n % 60:02d}:00Z,{user},create,{tag},,,person")
        else:
            first = f"{export.stem}-{n - n % 3}"
            lines.append(
                f"{tag},{LAST_MONTH}-21T11:{n % 60:02d}:00Z,{user},reply,{first},{first},,person"
            )
    export.write_text("\n".join(lines) + "\n")
    ws = open_workspace(Path(workspace))
    try:
        result = ingest(ws, None, "csv", export, initiative, mapping=mapping)
    finally:
        ws.close()
    return {"events": result.events_written, "accounts_new": result.accounts_new}


def diagnose(workspace: str) -> dict[str, int]:
    """`wi3 diagnose` as of the day after the simulated months, through the service."""
    ws = open_workspace(Path(workspace))
    try:
        snapshot = diagnose_organisation(ws, None, AS_OF)
    finally:
        ws.close()
    return {"initiatives": len(snapshot.diagnosis.initiatives)}
