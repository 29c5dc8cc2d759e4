"""What the connector benchmark reads: each connector's inputs, real and synthetic.

`throughput_inputs` lists one input per real export (plus synthetic ones where the real one is
tiny or missing); `memory_series` one input per format at three sizes. An `Input` names its
connector, its path, the bare parse of the same bytes (a function of bench/_bare_parse.py) and,
for the memory series, the whole-file loader; a synthetic input is written on first use by
bench/_synthetic.py.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from bench import _synthetic
from bench._measure import Arg, Job

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
"""The real exports, next to the repository (WI3_DATA_DIR or --data override it)."""
MAPPINGS = REPO / "docs" / "mappings"
_READ_ALL = "bench._connector_read:read_all"


@dataclass(frozen=True)
class Input:
    """One input to read: with which connector, where it is, and how to bare-parse it.

    `bare` and `whole` name a function of bench/_bare_parse.py and its arguments after the
    path. `source` is the real file the input is made from; `build` writes a synthetic `path`.
    """

    connector: str
    label: str
    path: Path
    bare: tuple[str, ...]
    mapping: Path | None = None
    whole: tuple[str, ...] | None = None
    source: Path | None = None
    build: Callable[[], object] | None = None

    @property
    def available(self) -> bool:
        """Whether the real file it needs is there (a generated input needs none)."""
        if self.source is not None:
            return self.source.exists()
        return self.build is not None or self.path.exists()

    def prepare(self) -> None:
        """Write the synthetic input, unless it is there already."""
        if self.build is not None and not self.path.exists():
            self.build()

    def jobs(self, *, whole: bool = False) -> list[Job]:
        """The connector's job, the bare parse's and, with `whole`, the whole-file loader's."""
        mapping: Arg = str(self.mapping) if self.mapping else None
        jobs: list[Job] = [
            (_READ_ALL, (self.connector, str(self.path), mapping)),
            (f"bench._bare_parse:{self.bare[0]}", (str(self.path), *self.bare[1:])),
        ]
        if whole and self.whole is not None:
            jobs.append((f"bench._bare_parse:{self.whole[0]}", (str(self.path), *self.whole[1:])))
        return jobs

    def as_json(self) -> dict[str, Any]:
        return {
            "connector": self.connector,
            "input": self.label,
            "mapping": self.mapping.name if self.mapping else None,
            "bare": self.bare[0],
            "whole_file": self.whole[0] if self.whole else None,
        }


@dataclass(frozen=True)
class Series:
    """One input per size, for the memory-flatness table."""

    connector: str
    format: str
    sizes: list[tuple[int, Input]] = field(default_factory=list)
    """(scale relative to the smallest, input)"""


def throughput_inputs(data: Path, tmp: Path, quick: bool) -> list[Input]:
    """The throughput inputs: every real export, plus synthetic ones where the real is tiny."""
    slack = data / "slack-r-devel-community" / "r-devel-slack-export.zip"
    beer = data / "stackexchange-beer"
    wiki = data / "mediawiki-ldnont"
    lists = data / "mailinglists-r-project"
    mattermost = data / "mattermost-bulk-export-zulip-fixture" / "export.jsonl"
    gitter = data / "gitter-freecodecamp" / "archives"
    eu_core = data / "snap-email-eu-core" / "email-Eu-core-temporal.txt.gz"
    wiki_copies, post_copies, viva = (10, 100, 20_000) if quick else (100, 2_000, 200_000)
    mails = lists / "r-sig-finance" if quick else lists
    wiki_big = tmp / f"ldnont-full-x{wiki_copies}.xml"
    posts_big = tmp / f"export-x{post_copies}.jsonl"
    viva_zip = tmp / f"vivaengage-{viva}.zip"
    return [
        Input("slack", slack.name, slack, ("slack_zip",)),
        Input("stackexchange", f"{beer.name}/", beer, ("stackexchange_folder",)),
        Input("mediawiki", "ldnont-full.xml.xz", wiki / "ldnont-full.xml.xz", ("mediawiki_dump",)),
        Input("mediawiki", "ldnont-current.xml", wiki / "ldnont-current.xml", ("mediawiki_dump",)),
        Input(
            "mediawiki",
            f"ldnont-full ×{wiki_copies} (synthetic, plain XML)",
            wiki_big,
            ("mediawiki_dump",),
            source=wiki / "ldnont-full.xml.xz",
            build=partial(
                _synthetic.mediawiki_scaled, wiki / "ldnont-full.xml.xz", wiki_copies, wiki_big
            ),
        ),
        Input("mbox", f"{mails.relative_to(data)}/", mails, ("mbox_files",)),
        Input("mattermost", mattermost.name, mattermost, ("jsonl_lines",)),
        Input(
            "mattermost",
            f"export.jsonl posts ×{post_copies:,} (synthetic)",
            posts_big,
            ("jsonl_lines",),
            source=mattermost,
            build=partial(_synthetic.mattermost_scaled, mattermost, post_copies, posts_big),
        ),
        Input(
            "zulip",
            "zulip_json/",
            data / "zulip-dataverse-archive" / "zulip_json",
            ("zulip_folder",),
        ),
        Input(
            "csv",
            "gitter archives/ + gitter.yaml",
            gitter,
            ("csv_files", "\t", ".tsv"),
            mapping=MAPPINGS / "gitter.yaml",
        ),
        Input(
            "csv",
            f"{eu_core.name} + email-eu-core.yaml",
            eu_core,
            ("csv_files", " ", ".txt"),
            mapping=MAPPINGS / "email-eu-core.yaml",
        ),
        Input(
            "vivaengage",
            f"{viva:,} messages (synthetic zip)",
            viva_zip,
            ("vivaengage_zip",),
            build=partial(_synthetic.vivaengage_export, viva, viva_zip),
        ),
    ]


def unknown_connectors(only: list[str] | None, inputs: list[Input]) -> str | None:
    """What to say when `--only` names a connector none of `inputs` reads; None when it does
    not."""
    known = {i.connector for i in inputs}
    unknown = set(only or ()) - known
    if not unknown:
        return None
    return f"no connector {', '.join(sorted(unknown))}; --only takes {', '.join(sorted(known))}"


def memory_series(data: Path, tmp: Path, quick: bool) -> list[Series]:
    """Per format, one input at three sizes (two smaller ones in quick mode)."""
    beer = data / "stackexchange-beer"
    mattermost = data / "mattermost-bulk-export-zulip-fixture" / "export.jsonl"
    room = data / "gitter-freecodecamp" / "archives" / "Wiki.tsv.gz"
    r_devel = data / "mailinglists-r-project" / "r-devel"
    year = sorted(r_devel.glob("2015-*.txt.gz"))
    scales = (1, 4) if quick else (1, 4, 16)
    post_scales = (1, 10) if quick else (1, 10, 100)
    post_base = 10 if quick else 100
    xml = Series("stackexchange", "XML")
    jsonl = Series("mattermost", "JSONL")
    table = Series("csv", "CSV (TSV)")
    mails = Series("mbox", "mbox")
    for scale in scales:
        folder = tmp / f"stackexchange-x{scale}"
        xml.sizes.append(
            (
                scale,
                Input(
                    "stackexchange",
                    f"{beer.name}/ ×{scale}",
                    folder,
                    ("stackexchange_folder",),
                    whole=("load_xml",),
                    source=beer,
                    build=partial(_synthetic.stackexchange_scaled, beer, scale, folder),
                ),
            )
        )
        tsv = tmp / f"gitter-x{scale}" / "Wiki.tsv"
        table.sizes.append(
            (
                scale,
                Input(
                    "csv",
                    f"gitter Wiki.tsv ×{scale}",
                    tsv,
                    ("csv_files", "\t", ".tsv"),
                    mapping=MAPPINGS / "gitter.yaml",
                    whole=("load_csv", "\t"),
                    source=room,
                    build=partial(_synthetic.gitter_scaled, room, scale, tsv),
                ),
            )
        )
        mbox = tmp / f"mbox-x{scale}" / "r-devel" / "2015.txt"
        mails.sizes.append(
            (
                scale,
                Input(
                    "mbox",
                    f"r-devel 2015 (12 months in one file) ×{scale}",
                    mbox,
                    ("mbox_files",),
                    whole=("load_mbox",),
                    source=r_devel / "2015-January.txt.gz",
                    build=partial(_synthetic.mbox_repeated, year, scale, mbox),
                ),
            )
        )
    for scale in post_scales:
        copies = post_base * scale
        jsonl_file = tmp / f"mattermost-x{copies}.jsonl"
        jsonl.sizes.append(
            (
                scale,
                Input(
                    "mattermost",
                    f"export.jsonl posts ×{copies:,}",
                    jsonl_file,
                    ("jsonl_lines",),
                    whole=("load_jsonl",),
                    source=mattermost,
                    build=partial(_synthetic.mattermost_scaled, mattermost, copies, jsonl_file),
                ),
            )
        )
    available = []
    for s in (xml, jsonl, table, mails):
        missing = [i.source or i.path for _, i in s.sizes if not i.available]
        if missing:
            print(f"skipped the {s.format} memory series: {missing[0]} missing", file=sys.stderr)
        else:
            available.append(s)
    return available
