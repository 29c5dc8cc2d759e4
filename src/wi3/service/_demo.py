"""The demo: build the example organisation, diagnose it quarter by quarter, write the report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from wi3.example import QUARTER_ENDS, SLUG, write_example
from wi3.service._diagnose import diagnose
from wi3.service._organisation import import_organisation_file
from wi3.service._questionnaires import import_assessments, import_survey
from wi3.service._report import write_report
from wi3.service._workspace import init_workspace

DEMO_WORKSPACE = Path("wi3-demo")


@dataclass(frozen=True)
class DemoOutcome:
    workspace: Path
    report: Path
    markdown: Path
    explain: str


def run_demo(workspace: Path | None, say: Callable[[str], None]) -> DemoOutcome:
    """Build and diagnose the example organisation in `workspace` (default ./wi3-demo).

    Running it again re-imports the same files, which adds nothing, and re-diagnoses.
    """
    ws = init_workspace(workspace or DEMO_WORKSPACE)
    try:
        org = SLUG
        files = write_example(ws.path / "example", ws.model)
        say(f"example organisation written to {files.organisation.parent}")
        _slug, summary = import_organisation_file(ws, files.organisation)
        say(f"organisation {org}: initiatives {summary}")
        say(f"owner assessments: {import_assessments(ws, org, files.assessments)}")
        imported = read = 0
        for survey in files.surveys:
            result = import_survey(
                ws, org, survey.initiative, survey.path, files.mapping, survey.round, survey.opened
            )
            read += result.read
            imported += result.imported
        say(
            f"user surveys: {len(files.surveys)} exports, {read} responses read, {imported} "
            "imported"
        )
        for day in QUARTER_ENDS:
            document = diagnose(ws, org, day)
            counts = document["diagnosis"]["profile"]["counts"]
            say(f"diagnosis as of {day}: " + ", ".join(f"{n} {p}" for p, n in counts.items()))
        report = write_report(ws, org, "html", None, "en")
        markdown = write_report(ws, org, "md", None, "en")
        write_report(ws, org, "html", None, "nl")
        return DemoOutcome(ws.path, report, markdown, "projecten-teams")
    finally:
        ws.close()
