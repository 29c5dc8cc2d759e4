"""The labelled real communities of the validity benchmark: how each data folder is read, and
which of wi3's initiatives each lifecycle label is about.

Every folder is ingested with wi3's own connectors, one organisation per folder, split by
channel (a Slack channel, Zulip stream, Gitter room or mailing list is an initiative; a Stack
Exchange dump is one site). Where a folder's README records when the export was taken, that day
is given as `--exported` (a format without a date of its own would otherwise count the years
from the export to today as silence). Labels come from `../shared/data/lifecycle-labels.csv`
and are never copied into the project.
"""

from __future__ import annotations

import csv
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from wi3.service import (
    Workspace,
    add_initiative,
    container_slug,
    import_organisation_file,
    ingest,
    read_routes,
)

REPO = Path(__file__).resolve().parents[1]
MAPPINGS = REPO / "docs" / "mappings"


def data_folder() -> Path | None:
    """`../shared/data`, or WI3_DATA_DIR; None (after saying so) when the labels are not there."""
    given = os.environ.get("WI3_DATA_DIR")
    folder = Path(given) if given else REPO.parent / "shared" / "data"
    if not (folder / "lifecycle-labels.csv").exists():
        print(f"real data not found at {folder}: set WI3_DATA_DIR", file=sys.stderr)
        return None
    return folder


@dataclass(frozen=True)
class Label:
    """One row of lifecycle-labels.csv."""

    folder: str
    initiative: str
    container: str
    as_of: date
    label: str
    evidence: str

    @property
    def kind(self) -> str:
        """'phase' or 'activity'."""
        return "phase" if self.label in ("pioneering", "facilitating", "strategic") else "activity"

    @property
    def basis(self) -> str:
        """Where the label comes from, as its evidence says.

        - 'activity rule': the file's mechanical rule on message counts (checks consistency);
        - 'platform signal': a fact the export itself records (an archive event; a site's beta
          and launch, which its dump shows);
        - 'announcement': a closure notice, a migration or a host shutdown, in message text or
          public record: no export signal carries it, only the owner's word could;
        - 'not in the export': what the label rests on was left out of the data folder.
        """
        evidence = self.evidence.lower()
        if "not copied" in evidence:
            return "not in the export"
        rule = ("messages:", "mails", "posts:", "questions+answers:", "meta questions+answers:")
        if self.evidence.startswith(rule):
            return "activity rule"
        if any(w in evidence for w in ("closure notice", "public fact", "migration", "move to")):
            return "announcement"
        return "platform signal"


def read_labels(data: Path) -> list[Label]:
    with (data / "lifecycle-labels.csv").open(encoding="utf-8", newline="") as fh:
        return [
            Label(
                r["folder"],
                r["initiative"],
                r["container"],
                date.fromisoformat(r["as_of"]),
                r["label"],
                r["evidence"],
            )
            for r in csv.DictReader(fh)
        ]


WHOLE = "whole"
"""The initiative of a folder read whole, for labels about an organisation as a whole."""


@dataclass(frozen=True)
class Source:
    """One data folder: how to read it and which initiative a label names."""

    folder: str
    connector: str
    path: str
    kind: str
    exported: date | None = None
    mapping: str | None = None
    partial: bool = False
    whole: bool = False
    """Also read the folder unsplit into one initiative, for labels about all of it."""
    slug: Callable[[Label], str] = lambda label: container_slug(label.initiative)

    @property
    def org(self) -> str:
        return container_slug(self.folder)


def _one(slug: str) -> Callable[[Label], str]:
    return lambda _label: slug


def _zulip(label: Label) -> str:
    if "whole organisation" in label.container or "public streams" in label.container:
        return WHOLE
    return container_slug(label.initiative)


SOURCES = (
    Source(
        "slack-r-devel-community",
        "slack",
        "r-devel-slack-export.zip",
        "chat",
        exported=date(2026, 6, 30),  # README: snapshot commit of 2026-06-30
        slug=lambda label: container_slug(label.initiative.lstrip("#")),
    ),
    Source(
        "mailinglists-r-project",
        "mbox",
        ".",
        "mailing_list",
        exported=date(2026, 7, 15),  # README: snapshot commit of 2026-07-15
    ),
    Source(
        "mailinglist-x2go-dev",
        "mbox",
        ".",
        "mailing_list",
        exported=date(2015, 8, 18),  # README: the rescue mirror's commit
        slug=_one("mailinglist-x2go-dev"),
    ),
    Source(
        "mailinglist-fetchmail-devel",
        "mbox",
        ".",
        "mailing_list",
        exported=date(2015, 8, 18),
        slug=_one("mailinglist-fetchmail-devel"),
    ),
    Source("zulip-dataverse-archive", "zulip", "zulip_json", "chat", whole=True, slug=_zulip),
    Source("zulip-ncar", "zulip", "zulip_json", "chat", whole=True, slug=_zulip),
    # the folder holds four programme streams of BRL-CAD's archive on purpose (README)
    Source("zulip-brlcad", "zulip", "zulip_json", "chat", partial=True, whole=True, slug=_zulip),
    Source(
        "gitter-freecodecamp",
        "csv",
        "archives",
        "chat",
        exported=date(2017, 10, 20),  # README: the open-data commit of the archive
        mapping="gitter.yaml",
    ),
    Source(
        "stackexchange-beer",
        "stackexchange",
        ".",
        "qa",
        exported=date(2016, 12, 11),  # README: December 2016 dump
        slug=_one("stackexchange-beer"),
    ),
    Source(
        "stackexchange-meta-french",
        "stackexchange",
        ".",
        "qa",
        exported=date(2021, 9, 6),  # README: September 2021 dump
        slug=_one("stackexchange-meta-french"),
    ),
    Source(
        "stackexchange-quantumcomputing",
        "stackexchange",
        ".",
        "qa",
        exported=date(2018, 9, 2),  # README: early-September 2018 dump
        slug=_one("stackexchange-quantumcomputing"),
    ),
)


def sources(data: Path) -> Iterator[Source]:
    """The sources whose folder is in the data folder."""
    for source in SOURCES:
        if (data / source.folder).is_dir():
            yield source


def build(ws: Workspace, data: Path, found: list[Source], say: Callable[[str], None]) -> None:
    """One organisation per source, its exports ingested split by channel (and whole)."""
    for source in found:
        org_file = ws.path / f"org-{source.org}.yaml"
        org_file.write_text(f"organisation: {{slug: {source.org}, name: {source.folder}}}\n")
        import_organisation_file(ws, org_file)
        path = data / source.folder / source.path
        common = {
            "mapping": MAPPINGS / source.mapping if source.mapping else None,
            "exported": source.exported,
            "partial": source.partial,
        }
        result = ingest(
            ws, source.org, source.connector, path, None, split=read_routes(None), **common
        )
        for part in result.parts:  # a csv import registers kind "other"
            add_initiative(ws, source.org, part.initiative, kind=source.kind)
        say(f"{source.folder}: {result.summary}; {len(result.parts)} initiatives")
        if source.whole:
            ingest(ws, source.org, source.connector, path, WHOLE, **common)
            add_initiative(ws, source.org, WHOLE, kind=source.kind)
