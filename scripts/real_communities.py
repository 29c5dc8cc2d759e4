"""Real-data sanity check: read the real communities of ../shared/data with wi3's usage evidence.

Builds a workspace (default /tmp/wi3-real) with one organisation per real community and each
channel, list, room or site as its own initiative (registered with its kind and with the
platform `wi3 ingest` fills in from the export). Each import gets the day its export was taken
(`exported=`, each source's snapshot date from the data READMEs), so that what came after an
export is no data, not silence. It computes the quarterly usage metrics with
`wi3.service.organisation_metrics`, reads each initiative's activity state with
`wi3.diagnosis.read_activity`, and reads every initiative in every quarter of its evidence
window through the shipped growth model with *only* its usage observations
(`wi3.service.usage_observations` into `wi3.diagnosis.diagnose_initiative`, with the
activity state as of the quarter's end). Nothing is reimplemented: levels, category levels, gate
results, the phase, the usage pointer and the activity state are wi3's own. Prints a Markdown
summary; the discussion is in `docs/real-communities.md`.

Two readings per initiative are shown in full:

- **last**: the last quarter that was complete when the export was taken, which is the quarter
  `wi3 diagnose --as-of EXPORT-DATE` reads (a quarter without events inside the evidence window
  is zero activity, and is read as such);
- **peak**: the quarter with the most active people (the community at its liveliest).

Besides, every quarter's reading is condensed into a lifecycle strip per initiative (the usage
pointer, wi3's phase and the activity state) and a level distribution per indicator and platform
(for calibration). Three what-if tables show what the calibration work changed, each by
diagnosing the same quarters with wi3's own code: the mean without the levels about no person,
the small-group rules (the figures' group size left out) and the platform's members as audience
(the active ratio left out). A variant organisation holds
the same Gitter rooms with the two chat bots flagged in a people directory, to show what the
bots do to the figures. A few cross-checks read the raw exports directly (not through wi3) for
what the event store cannot show: Slack joins made by an admin, Stack Exchange tag-wiki posts;
one recounts freshness from the event store with plain DuckDB, with and without the items whose
creation the export does not hold, beside wi3's figure.

'Usage points to' is wi3's own `InitiativeDiagnosis.usage_pointer`: the highest phase whose
gate usage judged without finding a failed condition, where a gate counts only when a judged
condition other than the mean rests on a figure about people; with no figure about people at
all there is none. For comparison the script also gives the mean as wi3 took it before the
calibration work, over every category with a level (the tools and architecture levels that
concern no person included).

Run:  cd /work/main && uv run python scripts/real_communities.py [--workspace DIR] [--fresh]
Data: ../shared/data next to the checkout, or WI3_DATA_DIR.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import shutil
import statistics
import sys
import time
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import yaml

from wi3.diagnosis import (
    ActivityEvidence,
    CategoryResult,
    GateResult,
    InitiativeDiagnosis,
    Observation,
    describe_activity,
    diagnose_initiative,
    read_activity,
)
from wi3.metrics import MetricValue, period_bounds
from wi3.model import Model
from wi3.notes import note
from wi3.service import (
    Audience,
    Workspace,
    import_organisation_file,
    import_people,
    ingest,
    init_workspace,
    initiatives,
    last_complete_quarter,
    lifecycle_evidence,
    organisation_metrics,
    usage_observations,
)

REPO = Path(__file__).resolve().parents[1]
MAPPINGS = REPO / "docs" / "mappings"
DEFAULT_WORKSPACE = Path("/tmp/wi3-real")
EU_ORIGIN = datetime(2003, 10, 1, tzinfo=UTC)
"""The `ts_origin` of docs/mappings/email-eu-core.yaml: where its relative seconds start."""
BUILT_MARKER = "real-communities.built"
"""Written into the workspace once every import of the current plan has been done."""
WITHHELD = "fewer than"
"""How a figure withheld for the minimum group size starts its reason."""

GITTER_ROOMS: tuple[tuple[str, str], ...] = (
    ("Wiki", "organisational room of the wiki editors; camperbot posts in it"),
    ("HelpBasejumps", "help room: boom in 2015, gone by mid-2016"),
    ("HelpContributors", "help room for open-source contributors"),
    ("CampCounselors", "small moderators' room, active 2014-15, closed 2016-09-17"),
    ("Casual", "off-topic room with two chat bots (purdybot, camperbot)"),
    ("python", "topic room opened 2016-03, still growing at the end"),
    ("vagrant", "short-lived topic room: 2016Q2 only, then closed"),
    ("NewYorkCity", "big city campsite, revived in 2016Q3"),
    ("Seattle", "city campsite, fading, closed 2016-09-17"),
    ("Tampa", "small city campsite: three people make most of its messages"),
)
GITTER_BOTS = ("camperbot", "purdybot")
"""Gitter accounts that are chat bots (their messages are command output and canned replies)."""
R_LISTS = (
    "r-announce",
    "r-devel",
    "r-help",
    "r-package-devel",
    "r-sig-finance",
    "r-sig-geo",
    "r-sig-mac",
    "r-sig-mixed-models",
)
CATEGORY_ORDER = (
    "focus",
    "culture",
    "community",
    "governance",
    "leadership",
    "content",
    "architecture",
    "tools",
)
CONTEXT_METRICS = ("active_users", "unanswered_share", "gini", "newcomers")
SMALL_GROUP_METRICS = ("top10_share", "absence_factor")
"""The usage indicators that need more people than the privacy rule to give a level."""
ACTIVITY_LETTERS = {
    "growing": "G",
    "active": "A",
    "declining": "d",
    "dormant": "D",
    "stopped": "S",
    "not_started": "n",
}


@dataclass(frozen=True)
class Community:
    """One initiative to build: where its export is and how to read it."""

    org: str
    slug: str
    name: str
    kind: str
    source: str
    path: str
    """Relative to the data folder."""
    platform: str
    """For grouping in the report: Slack, mailing list, Zulip, Gitter, Stack Exchange,
    MediaWiki, e-mail (the registered platform is the one `wi3 ingest` fills in)."""
    mapping: str | None = None


@dataclass(frozen=True)
class Organisation:
    slug: str
    name: str
    snapshot: date | None
    """When the export was taken (from the source's README); None: the day of the last event."""
    variant: bool = False
    """A variant for comparison only: not part of the main readings."""


ORGANISATIONS: tuple[Organisation, ...] = (
    Organisation("r-project", "R project community (Slack and mailing lists)", date(2026, 6, 30)),
    Organisation("dataverse", "Dataverse community (Zulip)", date(2026, 8, 22)),
    Organisation("freecodecamp", "freeCodeCamp (Gitter rooms)", date(2016, 12, 24)),
    Organisation("beer-se", "Beer, Wine & Spirits Stack Exchange", date(2016, 12, 11)),
    Organisation("ldnont", "London Ontario city wiki", date(2023, 1, 2)),
    Organisation("eu-research", "European research institution (e-mail)", None),
    Organisation(
        "freecodecamp-bots",
        "freeCodeCamp (Gitter rooms), chat bots flagged",
        date(2016, 12, 24),
        variant=True,
    ),
)
MAILING_LIST_SNAPSHOT = date(2026, 7, 15)
"""The mailing-list mirror was taken later than the Slack export of the same organisation."""


def communities() -> list[Community]:
    found = [
        Community(
            "r-project",
            "r-slack",
            "R Contributors Slack",
            "chat",
            "slack",
            "slack-r-devel-community/r-devel-slack-export.zip",
            "Slack",
        )
    ]
    found += [
        Community(
            "r-project",
            name,
            f"{name} mailing list",
            "mailing_list",
            "mbox",
            f"mailinglists-r-project/{name}",
            "mailing list",
        )
        for name in R_LISTS
    ]
    found.append(
        Community(
            "dataverse",
            "dataverse-zulip",
            "Dataverse Zulip",
            "chat",
            "zulip",
            "zulip-dataverse-archive/zulip_json",
            "Zulip",
        )
    )
    for org in ("freecodecamp", "freecodecamp-bots"):
        found += [
            Community(
                org,
                f"gitter-{room.lower()}",
                f"Gitter {room}",
                "chat",
                "csv",
                f"gitter-freecodecamp/archives/{room}.tsv.gz",
                "Gitter",
                "gitter.yaml",
            )
            for room, _note in GITTER_ROOMS
        ]
    found += [
        Community(
            "beer-se",
            "beer-stackexchange",
            "beer.stackexchange.com",
            "qa",
            "stackexchange",
            "stackexchange-beer",
            "Stack Exchange",
        ),
        Community(
            "ldnont",
            "ldnont-wiki",
            "London Ontario city wiki",
            "wiki",
            "mediawiki",
            "mediawiki-ldnont/ldnont-full.xml.xz",
            "MediaWiki",
        ),
        Community(
            "eu-research",
            "eu-email",
            "EU institution e-mail",
            "other",
            "csv",
            "snap-email-eu-core/email-Eu-core-temporal.txt.gz",
            "e-mail",
            "email-eu-core.yaml",
        ),
    ]
    return found


# --- building the workspace ------------------------------------------------------------------


def data_folder() -> Path:
    given = os.environ.get("WI3_DATA_DIR")
    folder = Path(given) if given else REPO.parent / "shared" / "data"
    if not folder.is_dir():
        sys.exit(f"real data not found at {folder}; set WI3_DATA_DIR")
    return folder


def eu_people_csv(data: Path, target: Path) -> Path:
    """The EU departments as a people directory: one person per node, unit = department."""
    labels = data / "snap-email-eu-core" / "email-Eu-core-department-labels.txt"
    rows = ["person_id,unit,aliases"]
    for line in labels.read_text(encoding="utf-8").replace("\r", "").splitlines():
        if line.strip():
            node, department = line.split()
            rows.append(f"n{node},dept-{int(department):02d},csv:{node}")
    target.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return target


def bots_csv(target: Path) -> Path:
    """A people directory holding only the Gitter chat bots, flagged as bots."""
    rows = ["person_id,bot,aliases", *(f"bot-{name},yes,{name}" for name in GITTER_BOTS)]
    target.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return target


def eu_last_day(data: Path) -> date:
    """The calendar day of the last EU e-mail, placed as the mapping's ts_origin places it."""
    path = data / "snap-email-eu-core" / "email-Eu-core-temporal.txt.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        last = max(int(line.split()[2]) for line in fh if line.strip())
    return (EU_ORIGIN + timedelta(seconds=last)).date()


def build(
    ws: Workspace,
    data: Path,
    found: Sequence[Community],
    exported: dict[tuple[str, str], date],
    log: list[str],
) -> None:
    """Register the organisations and initiatives, import the directories, ingest everything.

    Each import is given the day its export was taken (`exported`, by organisation and slug);
    an export that records its own date (a Zulip archive) keeps that one.
    """
    for org in ORGANISATIONS:
        members = [c for c in found if c.org == org.slug]
        spec = {
            "organisation": {"slug": org.slug, "name": org.name},
            "initiatives": [{"slug": c.slug, "name": c.name, "kind": c.kind} for c in members],
        }
        org_file = ws.path / f"org-{org.slug}.yaml"
        org_file.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
        import_organisation_file(ws, org_file)
    for c in found:
        started = time.perf_counter()
        mapping = MAPPINGS / c.mapping if c.mapping else None
        taken = exported[(c.org, c.slug)]
        result = ingest(ws, c.org, c.source, data / c.path, c.slug, mapping=mapping, exported=taken)
        seconds = time.perf_counter() - started
        platform = next(i.platform for i in initiatives(ws, c.org) if i.slug == c.slug)
        log.append(
            f"| {c.org} | {c.slug} | `{c.source}` {c.path}, platform {platform}, "
            f"exported {taken} | {result} ({seconds:.1f} s) |"
        )
    people = import_people(ws, "eu-research", eu_people_csv(data, ws.path / "eu-people.csv"))
    log.append(f"| eu-research | people directory | departments as units | {people} |")
    bots = import_people(ws, "freecodecamp-bots", bots_csv(ws.path / "gitter-bots.csv"))
    log.append(f"| freecodecamp-bots | people directory | {', '.join(GITTER_BOTS)} | {bots} |")


# --- reading the usage evidence ----------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """One initiative read in one quarter with usage evidence only."""

    community: Community
    quarter: str
    values: dict[str, MetricValue]
    observations: tuple[Observation, ...]
    diagnosis: InitiativeDiagnosis
    """wi3's diagnosis as of the quarter's end, with the activity state as of that day."""
    without_tools: InitiativeDiagnosis
    """The same reading without the parallel-initiatives observation (tools left unknown)."""


def quarter_end(label: str) -> date:
    end: date = period_bounds(quarter_index(label), "quarter")[1]
    return end


def quarter_index(label: str) -> int:
    return int(label[:4]) * 4 + int(label[-1]) - 1


def quarters_of(values: Iterable[MetricValue], slug: str) -> list[str]:
    """The quarters wi3 reports on: those with events and those inside the evidence window."""
    return sorted({v.period for v in values if v.initiative == slug and v.unit is None})


def read_usage(
    model: Model, c: Community, values: list[MetricValue], quarter: str, life: ActivityEvidence
) -> Reading:
    """wi3's own reading of a quarter: the usage observations and the activity state as of the
    quarter's end into the diagnosis."""
    as_of = quarter_end(quarter)
    activity = read_activity(model, life, as_of)
    observations = usage_observations(values, c.slug, as_of)
    diagnosis = diagnose_initiative(model, c.slug, observations, as_of=as_of, activity=activity)
    without = [o for o in observations if o.ref != "parallel_initiatives"]
    figures = {
        v.metric: v
        for v in values
        if v.initiative == c.slug and v.period == quarter and v.unit is None
    }
    return Reading(
        c,
        quarter,
        figures,
        tuple(observations),
        diagnosis,
        diagnose_initiative(model, c.slug, without, as_of=as_of, activity=activity),
    )


def reread(model: Model, r: Reading, observations: Iterable[Observation]) -> InitiativeDiagnosis:
    """The same quarter diagnosed by wi3 on other observations (for a what-if comparison)."""
    return diagnose_initiative(
        model,
        r.community.slug,
        observations,
        as_of=quarter_end(r.quarter),
        activity=r.diagnosis.activity,
    )


def last_reading(readings: Sequence[Reading], snapshot: date) -> Reading | None:
    """The newest quarter that was complete on the snapshot date: the one `wi3 diagnose
    --as-of SNAPSHOT` reads, with events or without (zero activity)."""
    complete = last_complete_quarter(snapshot)
    eligible = [r for r in readings if r.quarter <= complete]
    return eligible[-1] if eligible else None


def peak_reading(readings: Sequence[Reading]) -> Reading | None:
    """The quarter with the most active people (the later one on a tie)."""
    scored = [(active_users(r), r.quarter, r) for r in readings if active_users(r)]
    return max(scored, key=lambda t: (t[0], t[1]))[2] if scored else None


def active_users(r: Reading) -> float:
    v = r.values.get("active_users")
    return v.value if v is not None and v.value is not None else 0.0


def zero_activity(r: Reading) -> bool:
    """Nobody was active in the quarter (shown as 0, not withheld)."""
    v = r.values.get("active_users")
    return v is not None and v.value == 0


def snapshot_of(org: Organisation, c: Community, data: Path) -> date:
    """The day the export was taken: the data README's date, else the day of the last event."""
    if c.source == "mbox":
        return MAILING_LIST_SNAPSHOT
    return org.snapshot if org.snapshot is not None else eu_last_day(data)


# --- what a reading says -----------------------------------------------------------------------


def category(d: InitiativeDiagnosis, cid: str) -> CategoryResult:
    return next(c for c in d.categories if c.category == cid)


def points_to(d: InitiativeDiagnosis) -> str | None:
    """wi3's usage pointer; None when no usage figure about people gave a level."""
    return None if d.usage_pointer is None else d.usage_pointer.phase


def pointer(r: Reading) -> str:
    """What usage points to, or that it has nothing to say about people."""
    return points_to(r.diagnosis) or "no figure about people"


def strategic_without_people(d: InitiativeDiagnosis) -> bool:
    """Usage points to facilitating, and no judged condition of the strategic gate fails, but
    none of them is about people: what a reading that weighs every judged condition alike
    would call strategic (on the mean, or on an integration feed)."""
    if d.usage_pointer is None or d.usage_pointer.phase != "facilitating":
        return False
    judged = [c for c in d.usage_pointer.gates[1].conditions if c.holds is not None]
    return bool(judged) and all(c.holds for c in judged)


def mean_before(d: InitiativeDiagnosis) -> float | None:
    """The mean as wi3 took it before the calibration work: over every category with a level,
    tools and architecture included although their indicators concern no person."""
    levels = [c.level for c in d.categories if c.level is not None]
    return sum(levels) / len(levels) if levels else None


def fails_on_mean_alone(d: InitiativeDiagnosis) -> bool:
    """The usage pointer's facilitating gate fails on the mean and on nothing else it judged."""
    if d.usage_pointer is None:
        return False
    failed = [c for c in d.usage_pointer.gates[0].conditions if c.holds is False]
    return len(failed) == 1 and failed[0].kind == "mean"


def phase_text(d: InitiativeDiagnosis) -> str:
    """wi3's phase, with why it is undetermined or pioneering by the launch rule."""
    enough = d.sufficiency
    if enough is None:
        return d.phase
    if enough.reason == "too_few_categories":
        return f"{d.phase} ({enough.categories} of {enough.required} categories)"
    if enough.reason == "gate_unknown":
        return f"{d.phase} (gate unknown)"
    return f"{d.phase} (new)" if enough.new else d.phase


def activity_text(d: InitiativeDiagnosis) -> str:
    a = d.activity
    return "—" if a is None else f"{a.state} ({a.rule})"


def withheld_refs(r: Reading) -> list[str]:
    return [
        x.ref
        for cat in r.diagnosis.categories
        for x in cat.readings
        if x.evidence == "usage" and x.note and x.note.startswith(WITHHELD)
    ]


def too_small(r: Reading, model: Model) -> list[tuple[str, float]]:
    """The usage figures shown that gave no level because they are about too few people."""
    found = []
    for ind in model.indicators:
        if ind.evidence != "usage" or ind.min_group is None:
            continue
        text = note("too_small_for_level", n=f"{ind.min_group.value:g}")
        for cat in r.diagnosis.categories:
            for x in cat.readings:
                if x.indicator == ind.id and x.note == text and isinstance(x.value, float):
                    found.append((x.ref, x.value))
    return found


def strip_letter(r: Reading, without_tools: bool = False) -> str:
    """F/S: usage points to facilitating/strategic; p: pioneering; ·: no figure about people."""
    phase = points_to(r.without_tools if without_tools else r.diagnosis)
    if phase is None:
        return "·"
    return {"pioneering": "p", "facilitating": "F", "strategic": "S"}[phase]


# --- Markdown ------------------------------------------------------------------------------------


def fmt(value: float | str | None, metric: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if metric.endswith("_hours"):
        return f"{value:.1f} h"
    if metric in (
        "active_users",
        "absence_factor",
        "newcomers",
        "units_reached",
        "parallel_initiatives",
    ):
        return f"{value:.0f}"
    if metric in ("gini", "ei_index"):
        return f"{value:.2f}"
    return f"{100 * value:.1f} %"


def figure(reading: Reading, metric: str) -> str:
    v = reading.values.get(metric)
    if v is None:
        return "—"
    if v.value is None:
        return "withheld (<5)" if v.withheld and v.withheld.startswith(WITHHELD) else "n/a"
    return fmt(v.value, metric)


def gate_text(gate: GateResult) -> str:
    """The conditions of a gate, as held ✓, failed ✗ or unknown ?."""
    parts = []
    for c in gate.conditions:
        mark = "?" if c.holds is None else "✓" if c.holds else "✗"
        actual = "—" if c.actual is None else f"{c.actual:.2f}"
        parts.append(f"{c.subject} {actual}{mark}")
    return ", ".join(parts)


def deciding(reading: Reading) -> str:
    """The usage readings with a level, as 'metric value→level'."""
    parts = [
        f"{x.ref} {fmt(x.value, x.ref)}→{x.level}"
        for cat in reading.diagnosis.categories
        for x in cat.readings
        if x.evidence == "usage" and x.level is not None
    ]
    return "; ".join(parts) or "no usage indicator has a level"


def summary_table(readings: Sequence[Reading]) -> list[str]:
    """Category levels, means, phase, pointer and activity; the gates are the usage pointer's."""
    head = "| initiative | quarter | active | " + " | ".join(CATEGORY_ORDER)
    lines = [
        head + " | mean | mean before | wi3 phase | usage points to | activity at the quarter's "
        "end | facilitating gate (usage) | strategic gate (usage) |",
        "|" + "---|" * (len(CATEGORY_ORDER) + 10),
    ]
    for r in readings:
        d = r.diagnosis
        levels = []
        for cid in CATEGORY_ORDER:
            levels.append(fmt_level(category(d, cid).level))
        gates = d.usage_pointer.gates if d.usage_pointer is not None else d.gates
        lines.append(
            f"| {r.community.slug} | {r.quarter} | {figure(r, 'active_users')} | "
            + " | ".join(levels)
            + f" | {fmt_level(d.mean)} | {fmt_level(mean_before(d))} | {phase_text(d)} | "
            f"{pointer(r)} | {activity_text(d)} | {gate_text(gates[0])} | "
            f"{gate_text(gates[1])} |"
        )
    return lines


def activity_table(
    found: Sequence[Community],
    lives: dict[str, ActivityEvidence],
    members: dict[str, Audience],
    snapshots: dict[tuple[str, str], date],
    model: Model,
) -> list[str]:
    """Each initiative's activity state as of the day its export was taken, and its audience."""
    lines = [
        "| initiative | export taken | evidence until | audience | first event | "
        "last contribution | state | rule | in words | not available |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for c in found:
        life = lives.get(c.slug)
        if life is None:
            continue
        taken = snapshots[(c.org, c.slug)]
        state = read_activity(model, life, taken)
        audience = members.get(c.slug)
        people = "—" if audience is None else f"{audience.people:,} ({audience.basis})"
        until = f"{life.covered_until} ({life.covered_basis})" if life.covered_until else "—"
        if state is None:
            lines.append(f"| {c.slug} | {taken} | {until} | {people} | | | — | | | |")
            continue
        lines.append(
            f"| {c.slug} | {taken} | {until} | {people} | {life.first_event} | {state.last} | "
            f"**{state.state}** | `{state.rule}` | {describe_activity(model, state)} | "
            f"{', '.join(state.missing) or '—'} |"
        )
    return lines


def activity_strips(all_readings: dict[str, list[Reading]]) -> list[str]:
    """Each initiative's activity state at the end of every quarter, one letter per quarter."""
    legend = ", ".join(f"{letter} {state}" for state, letter in ACTIVITY_LETTERS.items())
    lines = [
        f"Letters: {legend}.",
        "",
        "| initiative | " + " | ".join(ACTIVITY_LETTERS) + " | states (one letter per quarter) |",
        "|---|" + "---|" * (len(ACTIVITY_LETTERS) + 1),
    ]
    for slug, readings in all_readings.items():
        states = {
            quarter_index(r.quarter): r.diagnosis.activity.state
            for r in readings
            if r.diagnosis.activity is not None
        }
        if not states:
            continue
        letters = {q: ACTIVITY_LETTERS[state] for q, state in states.items()}
        counts = Counter(states.values())
        lines.append(
            f"| {slug} | "
            + " | ".join(str(counts[state]) for state in ACTIVITY_LETTERS)
            + f" | {year_blocks(letters)} |"
        )
    return lines


def phase_counts(all_readings: dict[str, list[Reading]]) -> list[str]:
    """wi3's own phase over every quarter, with why it is undetermined."""
    columns = (
        ("undetermined: too few categories", "too_few_categories"),
        ("undetermined: gate unknown", "gate_unknown"),
        ("pioneering, by the launch rule", "new"),
        ("pioneering", "pioneering"),
        ("facilitating", "facilitating"),
        ("strategic", "strategic"),
    )
    lines = [
        "| initiative | quarters | " + " | ".join(title for title, _ in columns) + " |",
        "|---|---|" + "---|" * len(columns),
    ]
    total: Counter[str] = Counter()
    for slug, readings in all_readings.items():
        counts: Counter[str] = Counter()
        for r in readings:
            d = r.diagnosis
            enough = d.sufficiency
            if enough is not None and enough.reason is not None:
                counts[enough.reason] += 1
            elif enough is not None and enough.new:
                counts["new"] += 1
            else:
                counts[d.phase] += 1
        total.update(counts)
        total["quarters"] += len(readings)
        lines.append(
            f"| {slug} | {len(readings)} | "
            + " | ".join(str(counts[key]) for _, key in columns)
            + " |"
        )
    lines.append(
        f"| **all** | {total['quarters']} | "
        + " | ".join(str(total[key]) for _, key in columns)
        + " |"
    )
    return lines


def mean_changes(all_readings: dict[str, list[Reading]]) -> list[str]:
    """What leaving the levels about no person out of the mean did, per initiative."""
    lines = [
        "| initiative | quarters | mean changed | median change | no mean any more (only "
        "tools or architecture had a level) | mean fell below 1.75 | pointer's facilitating "
        "gate fails on the mean alone, where the mean before would have held |",
        "|---|---|---|---|---|---|---|",
    ]
    for slug, readings in all_readings.items():
        pairs = [(mean_before(r.diagnosis), r.diagnosis.mean, r) for r in readings]
        changed = [(a, b) for a, b, _ in pairs if a is not None and b is not None and a != b]
        median = statistics.median(b - a for a, b in changed) if changed else None
        lost = sum(1 for a, b, _ in pairs if a is not None and b is None)
        below = sum(1 for a, b, _ in pairs if a is not None and b is not None and b < 1.75 <= a)
        held = sum(
            1
            for a, _b, r in pairs
            if a is not None and a >= 1.75 and fails_on_mean_alone(r.diagnosis)
        )
        lines.append(
            f"| {slug} | {len(readings)} | {len(changed)} | "
            f"{'—' if median is None else f'{median:+.2f}'} | {lost} | {below} | {held} |"
        )
    return lines


def small_groups(
    all_readings: dict[str, list[Reading]], last: dict[str, str], model: Model
) -> list[str]:
    """The figures the small-group rules keep from giving a level, per initiative, and what
    wi3 reads in those quarters when the figures' group size is not given (the rules off)."""
    lines = [
        "| initiative | top-10 share without a level (quarters) | of them 100 % | "
        "absence factor without a level | its values | community level with the rules off: "
        "higher / lower / same | usage points to, rules on ← off | in the last complete "
        "quarter |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for slug, readings in all_readings.items():
        found = [(r, ref, value) for r in readings for ref, value in too_small(r, model)]
        if not found:
            continue
        shares = [v for _r, ref, v in found if ref == "top10_share"]
        factors = Counter(f"{v:.0f}" for _r, ref, v in found if ref == "absence_factor")
        affected = list({r.quarter: r for r, _ref, _v in found}.values())
        moved: Counter[str] = Counter()
        pointed: Counter[str] = Counter()
        for r in affected:
            off = reread(
                model,
                r,
                (replace(o, n=None) if o.ref in SMALL_GROUP_METRICS else o for o in r.observations),
            )
            on_level = category(r.diagnosis, "community").level
            off_level = category(off, "community").level
            if on_level == off_level:
                moved["same"] += 1
            elif on_level is None:
                moved["only off"] += 1
            else:
                moved["higher" if off_level is not None and off_level > on_level else "lower"] += 1
            pointed[f"{pointer(r)} ← {points_to(off) or 'no figure about people'}"] += 1
        lines.append(
            f"| {slug} | {len(shares)} | {sum(1 for v in shares if v >= 1.0)} | "
            f"{sum(factors.values())} | "
            + (", ".join(f"{k}: {n}" for k, n in sorted(factors.items())) or "—")
            + f" | {moved['higher']} / {moved['lower']} / {moved['same']}"
            + (
                f" (and {moved['only off']} with a level only when off)"
                if moved["only off"]
                else ""
            )
            + " | "
            + "; ".join(f"{k} {n}" for k, n in sorted(pointed.items()))
            + f" | {'yes' if any(r.quarter == last.get(slug) for r, _, _ in found) else '—'} |"
        )
    return lines


def audience_effects(
    all_readings: dict[str, list[Reading]], members: dict[str, Audience], model: Model
) -> list[str]:
    """What the platform's members as audience do: the active ratio they give, and wi3's
    phase and pointer with that figure and without it (as before audiences)."""
    lines = [
        "| initiative | audience | quarters with an active ratio | range | level 1/2/3 | "
        "wi3 phase with it ← without | usage points to, with it ← without |",
        "|---|---|---|---|---|---|---|",
    ]
    for slug, readings in all_readings.items():
        audience = members.get(slug)
        if audience is None:
            continue
        ratios = [
            (r, x.value, x.level)
            for r in readings
            for cat in r.diagnosis.categories
            for x in cat.readings
            if x.ref == "active_ratio" and isinstance(x.value, float)
        ]
        if not ratios:
            continue
        levels = Counter(level for _r, _v, level in ratios)
        values = [v for _r, v, _l in ratios]
        phases: Counter[str] = Counter()
        pointed: Counter[str] = Counter()
        for r, _v, _l in ratios:
            off = reread(model, r, (o for o in r.observations if o.ref != "active_ratio"))
            phases[f"{r.diagnosis.phase} ← {off.phase}"] += 1
            pointed[f"{pointer(r)} ← {points_to(off) or 'no figure about people'}"] += 1
        lines.append(
            f"| {slug} | {audience.people:,} ({audience.basis}) | {len(ratios)} | "
            f"{fmt(min(values))}–{fmt(max(values))} | "
            f"{levels[1]}/{levels[2]}/{levels[3]} | "
            + "; ".join(f"{k} {n}" for k, n in sorted(phases.items()))
            + " | "
            + "; ".join(f"{k} {n}" for k, n in sorted(pointed.items()))
            + " |"
        )
    return lines


def detail_table(label: str, reading: Reading) -> list[str]:
    lines = [
        f"#### {reading.community.slug}, {label} ({reading.quarter})",
        "",
        "| indicator | value | level | thresholds | note |",
        "|---|---|---|---|---|",
    ]
    for cat in reading.diagnosis.categories:
        for r in cat.readings:
            if r.evidence != "usage":
                continue
            level = "—" if r.level is None else str(r.level)
            value = fmt(r.value, r.ref)
            if isinstance(r.value, float) and not r.ref.endswith("_hours"):
                value += f" ({r.value:.4g})"
            lines.append(f"| {r.indicator} | {value} | {level} | {r.rule} | {r.note or ''} |")
    context = ", ".join(f"{m} {figure(reading, m)}" for m in CONTEXT_METRICS)
    lines += ["", f"Context: {context}.", ""]
    return lines


def year_blocks(letters: dict[int, str]) -> str:
    """Letters by quarter index as one block of four per year ('-' for a missing quarter)."""
    first, last = min(letters), max(letters)
    years = []
    for year in range(first // 4, last // 4 + 1):
        block = "".join(
            letters.get(year * 4 + q, "-" if first <= year * 4 + q <= last else " ")
            for q in range(4)
        )
        years.append(f"{year}:`{block}`")
    return " ".join(years)


def strips(all_readings: dict[str, list[Reading]]) -> list[str]:
    """Each initiative's quarters as letters, one block of four per year."""
    lines = [
        "| initiative | quarters | of them zero activity | F | S | p | · | F, strategic gate "
        "held without people | F/S without parallel initiatives | lifecycle (one letter per "
        "quarter, Q1–Q4) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for slug, readings in all_readings.items():
        if not readings:
            continue
        by_quarter = {quarter_index(r.quarter): strip_letter(r) for r in readings}
        counts = Counter(by_quarter.values())
        untooled = sum(1 for r in readings if strip_letter(r, without_tools=True) in "FS")
        loose = sum(1 for r in readings if strategic_without_people(r.diagnosis))
        empty = sum(1 for r in readings if zero_activity(r))
        lines.append(
            f"| {slug} | {len(readings)} | {empty} | {counts['F']} | {counts['S']} | "
            f"{counts['p']} | {counts['·']} | {loose} | {untooled} | {year_blocks(by_quarter)} |"
        )
    return lines


def calibration(readings: Iterable[Reading], model: Model) -> list[str]:
    """Per usage indicator and platform: quarters at each level, and the median value."""
    indicators = [i for i in model.indicators if i.evidence == "usage"]
    cells: dict[tuple[str, str], list[tuple[int, float]]] = defaultdict(list)
    platforms: list[str] = []
    for r in readings:
        if r.community.platform not in platforms:
            platforms.append(r.community.platform)
        for cat in r.diagnosis.categories:
            for x in cat.readings:
                if x.evidence == "usage" and x.level is not None and isinstance(x.value, float):
                    cells[(x.indicator, r.community.platform)].append((x.level, x.value))
    lines = [
        "| indicator | " + " | ".join(platforms) + " |",
        "|---|" + "---|" * len(platforms),
    ]
    for ind in indicators:
        row = []
        for platform in platforms:
            found = cells.get((ind.id, platform), [])
            if not found:
                row.append("—")
                continue
            levels = Counter(level for level, _ in found)
            median = statistics.median(value for _, value in found)
            row.append(f"{levels[1]}/{levels[2]}/{levels[3]} (md {fmt(median, ind.ref)})")
        lines.append(f"| {ind.id} | " + " | ".join(row) + " |")
    return lines


def withheld_table(all_readings: dict[str, list[Reading]]) -> list[str]:
    lines = [
        "| initiative | quarters | active users withheld | some usage figure "
        "withheld | indicators withheld (quarters) |",
        "|---|---|---|---|---|",
    ]
    for slug, readings in all_readings.items():
        refs = Counter(ref for r in readings for ref in withheld_refs(r))
        lines.append(
            f"| {slug} | {len(readings)} | "
            f"{sum(1 for r in readings if figure(r, 'active_users') == 'withheld (<5)')} | "
            f"{sum(1 for r in readings if withheld_refs(r))} | "
            + (", ".join(f"{k} {n}" for k, n in refs.most_common()) or "—")
            + " |"
        )
    return lines


def bots_comparison(main: dict[str, list[Reading]], flagged: dict[str, list[Reading]]) -> list[str]:
    """The Gitter rooms' community readings with the chat bots as people, and flagged."""
    lines = [
        "| room | quarter | active | top-10 share | absence factor | community | usage points to |",
        "|---|---|---|---|---|---|---|",
    ]
    for slug, readings in flagged.items():
        plain = {r.quarter: r for r in main.get(slug, [])}
        changed = 0
        for r in readings:
            before = plain.get(r.quarter)
            if before is None:
                continue
            a = category(before.diagnosis, "community").level
            b = category(r.diagnosis, "community").level
            if a == b and pointer(before) == pointer(r):
                continue
            changed += 1

            def pair(metric: str, x: Reading = before, y: Reading = r) -> str:
                return f"{figure(x, metric)} → {figure(y, metric)}"

            lines.append(
                f"| {slug} | {r.quarter} | {pair('active_users')} | {pair('top10_share')} | "
                f"{pair('absence_factor')} | {fmt_level(a)} → {fmt_level(b)} | "
                f"{pointer(before)} → {pointer(r)} |"
            )
        if not changed:
            lines.append(f"| {slug} | every quarter | | | | unchanged | unchanged |")
    return lines


def fmt_level(level: float | None) -> str:
    return "—" if level is None else f"{level:.2f}"


# --- cross-checks on the raw exports and the event store (not through wi3's metrics) ----------


def _quarter(ts: datetime) -> str:
    return f"{ts.year}Q{(ts.month - 1) // 3 + 1}"


def slack_admin_joins(
    data: Path, quarters: Sequence[str], readings: Sequence[Reading]
) -> list[str]:
    """People whose only trace in a quarter is a channel join that someone else made for them.

    Slack marks a join made by an admin (bulk-adding members to a channel) with `inviter`.
    wi3's active users and retention are shown beside: joins are no activity for wi3.
    """
    export = data / "slack-r-devel-community" / "r-devel-slack-export.zip"
    seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    with zipfile.ZipFile(export) as archive:
        for name in archive.namelist():
            parts = name.split("/")
            if len(parts) != 2 or not parts[1].startswith("20") or not name.endswith(".json"):
                continue
            for m in json.loads(archive.read(name)):
                if "ts" not in m or m.get("subtype") == "bot_message" or not m.get("user"):
                    continue
                q = _quarter(datetime.fromtimestamp(float(m["ts"]), UTC))
                subtype = m.get("subtype")
                if subtype == "channel_join":
                    what = "added" if "inviter" in m else "joined"
                else:
                    what = "message"
                seen[q][m["user"]].add(what)
                for reaction in m.get("reactions", []):
                    for user in reaction.get("users", []):
                        seen[q][user].add("react")
    by_quarter = {r.quarter: r for r in readings}
    lines = [
        "| quarter | accounts with any trace | only added to a channel by someone else | "
        "wi3 active users | wi3 retention |",
        "|---|---|---|---|---|",
    ]
    for q in quarters:
        users = seen.get(q, {})
        added = sum(1 for kinds in users.values() if kinds == {"added"})
        r = by_quarter.get(q)
        wi3 = f"{figure(r, 'active_users')} | {figure(r, 'retention')}" if r else "— | —"
        lines.append(f"| {q} | {len(users)} | {added} | {wi3} |")
    return lines


def stackexchange_tag_wikis(
    data: Path, quarters: Sequence[str], readings: Sequence[Reading]
) -> list[str]:
    """Questions and tag-wiki posts per quarter, beside wi3's thread and freshness figures.

    Tag-wiki posts (PostTypeId 4, 5) are edits for wi3, not threads.
    """
    posts = data / "stackexchange-beer" / "Posts.xml"
    counts: Counter[tuple[str, str]] = Counter()
    for _event, row in ET.iterparse(posts):
        if row.tag != "row":
            continue
        kind = {"1": "question", "4": "tag wiki", "5": "tag wiki"}.get(row.get("PostTypeId", ""))
        if kind:
            created = datetime.fromisoformat(row.get("CreationDate", ""))
            counts[(_quarter(created), kind)] += 1
            if kind == "tag wiki" and row.get("OwnerUserId") not in (None, "-1"):
                counts[(_quarter(created), "by people")] += 1
        row.clear()
    by_quarter = {r.quarter: r for r in readings}
    lines = [
        "| quarter | questions | tag-wiki posts | of them by people (not the Community bot) | "
        "wi3 reply coverage | wi3 unanswered | wi3 freshness |",
        "|---|---|---|---|---|---|---|",
    ]
    for q in quarters:
        r = by_quarter.get(q)
        wi3 = (
            " | ".join(figure(r, m) for m in ("reply_coverage", "unanswered_share", "freshness"))
            if r
            else "— | — | —"
        )
        lines.append(
            f"| {q} | {counts[(q, 'question')]} | {counts[(q, 'tag wiki')]} | "
            f"{counts[(q, 'by people')]} | {wi3} |"
        )
    return lines


def freshness_recount(events: Path, org: str, slug: str, readings: Sequence[Reading]) -> list[str]:
    """Freshness recounted from the event store (DuckDB on the Parquet files, not wi3's code).

    Freshness divides the items people created or edited in the quarter by the items created
    up to its end. An item that is only ever edited (a Stack Exchange tag wiki, an edit for
    wi3) has no creation: counting it among the fresh items but never in the base, as wi3 did
    before, can pass 100 %. The recount gives both ways beside wi3's figure, which leaves such
    items out of both.
    """
    import duckdb

    files = events / f"org={org}" / f"initiative={slug}" / "month=*" / "*.parquet"
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        rows = con.execute(
            f"""
            WITH h AS (
                SELECT item, kind, year(ts) * 4 + quarter(ts) - 1 AS q
                FROM read_parquet('{files}', hive_partitioning = true)
                WHERE via IN ('person', 'import') AND kind IN ('create', 'edit')
            ),
            born AS (SELECT item, min(q) AS q FROM h WHERE kind = 'create' GROUP BY item),
            touched AS (SELECT DISTINCT q, item FROM h)
            SELECT t.q, count(*) AS touched,
                   count(b.item) FILTER (WHERE b.q <= t.q) AS created_by_then,
                   (SELECT count(*) FROM born WHERE born.q <= t.q) AS items
            FROM touched t LEFT JOIN born b USING (item)
            GROUP BY t.q ORDER BY t.q
            """
        ).fetchall()
    finally:
        con.close()
    by_quarter = {r.quarter: r for r in readings}
    lines = [
        "| quarter | items created or edited | of them without a known creation | "
        "items created so far | counting them too (before the fix) | leaving them out | "
        "wi3 freshness |",
        "|---|---|---|---|---|---|---|",
    ]
    for q, touched, created, items in rows:
        label = f"{q // 4}Q{q % 4 + 1}"
        before, kept = (touched / items, created / items) if items else (None, None)
        r = by_quarter.get(label)
        wi3 = figure(r, "freshness") if r else "—"
        lines.append(
            f"| {label} | {touched} | {touched - created} | {items} | {fmt(before)} | "
            f"{fmt(kept)} | {wi3} |"
        )
    return lines


# --- the report --------------------------------------------------------------------------------


def report(
    chosen: Sequence[tuple[str, Reading]],
    all_readings: dict[str, list[Reading]],
    variant: dict[str, list[Reading]],
    checks: dict[str, list[str]],
    activity_lines: Sequence[str],
    members: dict[str, Audience],
    model: Model,
    log: Sequence[str],
    seconds: dict[str, float],
    ws: Path,
) -> str:
    lines = [
        "# wi3 on real communities: usage-only readings",
        "",
        f"Workspace `{ws}`; model: the shipped `src/wi3/model/wi3.yaml`. Each initiative is "
        "diagnosed with its usage observations only (no owner assessment, no survey), as of "
        "the end of each quarter, with its activity state as of that day.",
        "'wi3 phase' is `diagnose_initiative`'s phase (an unknown gate condition blocks a "
        "gate; undetermined when the evidence cannot carry a phase). 'Usage points to' is its "
        "`usage_pointer`: the highest phase whose gate has no *failed* condition among those "
        "usage could judge, counting a gate only when one of its judged conditions other than "
        "the mean rests on a figure about people. 'Mean before' is the mean over every "
        "category with a level, tools and architecture included, as wi3 took it before. "
        "Gate conditions (of the usage pointer's gates): ✓ holds, ✗ fails, ? no evidence.",
        "",
        "## Imports",
        "",
        "| organisation | initiative | export | result |",
        "|---|---|---|---|",
        *log,
        "",
        "## Activity at the export date",
        "",
        "`wi3.diagnosis.read_activity` as of the day each export was taken, on the "
        "`ActivityEvidence` the service builds; the audience is the one the metrics divide by.",
        "",
        *activity_lines,
        "",
    ]
    for label, title in (
        ("last", "Last quarter complete at the export date"),
        ("peak", "Peak quarter"),
    ):
        picked = [r for lab, r in chosen if lab == label]
        lines += [f"## {title}", "", *summary_table(picked), ""]
        lines += ["Deciding figures (metric value → level):", ""]
        lines += [f"- **{r.community.slug}** ({r.quarter}): {deciding(r)}" for r in picked]
        lines.append("")
    lines += [
        "## Every quarter",
        "",
        "Every quarter wi3 reports on: those with events and those inside the evidence window "
        "(from the first event to the export date) without any, which are zero activity. "
        "F: usage points to facilitating (S: strategic); p: pioneering; ·: no usage figure "
        "about people (all withheld or none); -: not reported. 'F, strategic gate held without "
        "people': quarters read F in which no judged condition of the strategic gate fails but "
        "none of them is about people (the mean, or architecture from integration share). "
        "'Without parallel initiatives' reads the same observations minus "
        "`parallel_initiatives`.",
        "",
        *strips(all_readings),
        "",
        "## wi3's phase over every quarter",
        "",
        "Undetermined: fewer than three categories with a level that can carry a phase, or a "
        "facilitating gate without a failed condition that lacks evidence for one. Pioneering "
        "by the launch rule: the evidence could not carry a phase, but the initiative was in "
        "its first three months.",
        "",
        *phase_counts(all_readings),
        "",
        "## Activity state at the end of every quarter",
        "",
        *activity_strips(all_readings),
        "",
        "## The mean without the levels about no person",
        "",
        "Per initiative over every quarter: the mean as wi3 takes it now (categories that can "
        "carry a phase) against the mean over every category with a level.",
        "",
        *mean_changes(all_readings),
        "",
        "## Figures too small to give a level",
        "",
        "Shown, but about fewer contributors than the indicator's `min_group` (top-10 share "
        "11, absence factor 6). 'Rules off': the same quarter diagnosed by wi3 on the same "
        "observations without their group size.",
        "",
        *small_groups(
            all_readings, {r.community.slug: r.quarter for lab, r in chosen if lab == "last"}, model
        ),
        "",
        "## The platform's members as audience",
        "",
        "The active ratio divides by the members the export lists when the owner registered no "
        "audience. 'Without': the same quarter diagnosed by wi3 without the active ratio, as "
        "before audiences.",
        "",
        *audience_effects(all_readings, members, model),
        "",
        "## Levels per indicator and platform, over every quarter",
        "",
        "Quarters at level 1/2/3 and the median value (md), over all initiative-quarters "
        "where the indicator has a level.",
        "",
        *calibration((r for rs in all_readings.values() for r in rs), model),
        "",
        "## Figures withheld for fewer than five people",
        "",
        *withheld_table(all_readings),
        "",
        "## Gitter with the chat bots flagged",
        "",
        f"The same rooms in a second organisation whose directory flags {', '.join(GITTER_BOTS)} "
        "as bots; quarters where the community level or the pointed phase changes:",
        "",
        *bots_comparison(all_readings, variant),
        "",
        "## Cross-checks on the raw exports and the event store",
        "",
    ]
    for title, table in checks.items():
        lines += [f"### {title}", "", *table, ""]
    lines += ["## Indicator readings", ""]
    for label, r in chosen:
        lines += detail_table(label, r)
    lines += [
        "## Run time",
        "",
        *(f"- {step}: {value:.1f} s" for step, value in seconds.items()),
        "",
    ]
    return "\n".join(lines)


# --- main --------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--workspace", type=Path, default=DEFAULT_WORKSPACE)
    parser.add_argument(
        "--fresh", action="store_true", help="delete the workspace first and rebuild it"
    )
    parser.add_argument("--output", type=Path, help="write the Markdown here instead of stdout")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)

    started = time.perf_counter()
    seconds: dict[str, float] = {}
    data = data_folder()
    found = communities()
    if args.fresh and args.workspace.exists():
        shutil.rmtree(args.workspace)
    marker = args.workspace / BUILT_MARKER
    by_slug = {org.slug: org for org in ORGANISATIONS}
    snapshots = {(c.org, c.slug): snapshot_of(by_slug[c.org], c, data) for c in found}
    plan = "\n".join(
        f"{c.org}/{c.slug} {c.source} {c.mapping} {c.path} {snapshots[(c.org, c.slug)]}"
        for c in found
    )
    built = marker.exists() and marker.read_text(encoding="utf-8") == plan
    ws = init_workspace(args.workspace)
    log: list[str] = []
    activity_lines: list[str] = []
    all_members: dict[str, Audience] = {}
    chosen: list[tuple[str, Reading]] = []
    all_readings: dict[str, list[Reading]] = {}
    variant: dict[str, list[Reading]] = {}
    try:
        if built:
            log.append("| — | — | — | workspace already built; `--fresh` rebuilds it |")
        else:  # every step of the build is idempotent, so an interrupted build can be rerun
            build(ws, data, found, snapshots, log)
            marker.write_text(plan, encoding="utf-8")
        seconds["build (imports)"] = time.perf_counter() - started
        step = time.perf_counter()
        values = {org.slug: organisation_metrics(ws, org.slug, "quarter") for org in ORGANISATIONS}
        seconds["quarterly metrics"] = time.perf_counter() - step
        step = time.perf_counter()
        for org in ORGANISATIONS:
            evidence = lifecycle_evidence(ws, org.slug)
            life, members = evidence.activity, evidence.audiences
            members_of = [c for c in found if c.org == org.slug]
            if not org.variant:
                table = activity_table(members_of, life, members, snapshots, ws.model)
                activity_lines += table if not activity_lines else table[2:]
                all_members.update(members)
            for c in members_of:
                readings = [
                    read_usage(ws.model, c, values[org.slug], q, life[c.slug])
                    for q in quarters_of(values[org.slug], c.slug)
                ]
                if org.variant:
                    variant[c.slug] = readings
                    continue
                all_readings[c.slug] = readings
                last = last_reading(readings, snapshots[(c.org, c.slug)])
                peak = peak_reading(readings)
                chosen += [(label, r) for label, r in (("last", last), ("peak", peak)) if r]
        seconds["usage readings and activity"] = time.perf_counter() - step
    finally:
        ws.close()
    step = time.perf_counter()
    checks = {
        "Slack: accounts only added to channels by an admin (raw export, `inviter`)": (
            slack_admin_joins(
                data,
                ["2021Q3", "2021Q4", "2022Q1", "2022Q2", "2026Q2"],
                all_readings.get("r-slack", []),
            )
        ),
        "Stack Exchange: questions and tag-wiki posts (raw Posts.xml)": stackexchange_tag_wikis(
            data,
            ["2014Q1", "2014Q4", "2015Q2", "2016Q2", "2016Q3"],
            all_readings.get("beer-stackexchange", []),
        ),
        "Stack Exchange: freshness recounted (event store, DuckDB)": freshness_recount(
            args.workspace / "events",
            "beer-se",
            "beer-stackexchange",
            all_readings.get("beer-stackexchange", []),
        ),
    }
    seconds["cross-checks"] = time.perf_counter() - step
    seconds["total"] = time.perf_counter() - started
    text = report(
        chosen,
        all_readings,
        variant,
        checks,
        activity_lines,
        all_members,
        ws.model,
        log,
        seconds,
        args.workspace,
    )
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
