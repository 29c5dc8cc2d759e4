"""The demo: build the example organisation, diagnose it quarter by quarter, keep an action
plan, write the report.

Besides the owner assessments and user surveys, the example organisation gets a people
directory and the simulated usage of its eight initiatives (`wi3.simulate`), each following
its planned phase per quarter, so that usage metrics read from the event store tell the same
story as the questionnaires. Early in its two years it accepts the first next step of some
initiatives into its action plan (`DEMO_ACTIONS`); the later snapshots re-check them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from wi3.diagnosis import Action
from wi3.example import PLANS, QUARTER_ENDS, SEED, SLUG, UNITS, write_example
from wi3.service._diagnose import diagnose, stored_snapshot
from wi3.service._organisation import import_organisation_file
from wi3.service._plan import action_plan, add_action, mark_done
from wi3.service._questionnaires import import_assessments, import_survey
from wi3.service._report import write_report
from wi3.service._simulate import SimulationResult, simulate_usage
from wi3.service._workspace import Workspace, init_workspace
from wi3.simulate import Unit, Usage, Window, make_directory
from wi3.texts import Language, Locale

HEADCOUNT = {
    "directie": 20,
    "ict": 80,
    "ict/digitale-werkplek": 40,
    "communicatie": 40,
    "hr": 60,
    "financien": 100,
    "verkoop": 30,
    "verkoop/zakelijk": 150,
    "verkoop/particulier": 170,
    "klantenservice": 330,
    "netbeheer": 280,
    "netbeheer/storingsdienst": 250,
    "projecten": 250,
}
"""People per unit of the example organisation (1,800 in all)."""
USAGE_WINDOW = Window(date(2024, 4, 1), 30)
"""April 2024 to September 2026: two quarters of history before the first diagnosis."""
USAGE_EVENTS = 1_500_000
"""About 1.5 million events: enough for every metric, quick enough for `make demo`."""

DEMO_WORKSPACE = Path("wi3-demo")


@dataclass(frozen=True)
class DemoAction:
    """An action the example organisation accepts: the first next step of an initiative on a
    quarter's end, owned by a role, and when it was done (None: still open)."""

    accepted_on: date
    initiative: str
    owner: str
    due: date
    done_on: date | None = None


DEMO_ACTIONS = (
    DemoAction(
        date(2024, 12, 31),
        "intranet-wiki",
        "intranet product owner",
        date(2025, 6, 30),
        date(2025, 6, 20),
    ),
    DemoAction(date(2024, 12, 31), "klantkennis-qa", "community manager", date(2025, 9, 30)),
    DemoAction(
        date(2024, 12, 31),
        "verkoop-forum",
        "sales community manager",
        date(2025, 12, 31),
        date(2025, 11, 28),
    ),
    DemoAction(date(2025, 9, 30), "hr-blog", "HR communications lead", date(2026, 3, 31)),
)
"""The example's action plan: accepted early in its two years, re-checked at later quarters."""


@dataclass(frozen=True)
class DemoOutcome:
    workspace: Path
    report: Path
    markdown: Path
    explain: str


def run_demo(
    workspace: Path | None, say: Callable[[str], None], language: Language = "en"
) -> DemoOutcome:
    """Build and diagnose the example organisation in `workspace` (default ./wi3-demo).

    `say` is told each step in `language`. Running it again re-imports the same files, which
    adds nothing, and re-diagnoses.
    """
    locale = Locale(language)
    label = locale.label
    ws = init_workspace(workspace or DEMO_WORKSPACE)
    try:
        org = SLUG
        files = write_example(ws.path / "example", ws.model)
        say(label("cli.demo.written", path=files.organisation.parent))
        say(import_organisation_file(ws, files.organisation).text(locale))
        assessed = import_assessments(ws, org, files.assessments)
        say(label("cli.demo.assessments", imported=assessed.text(locale)))
        imported = read = 0
        for survey in files.surveys:
            result = import_survey(
                ws, org, survey.initiative, survey.path, files.mapping, survey.round, survey.opened
            )
            read += result.read
            imported += result.imported
        say(label("cli.demo.surveys", exports=len(files.surveys), read=read, imported=imported))
        usage = simulate_example_usage(ws, files.organisation.parent / "people.csv")
        say(label("cli.demo.usage", usage=usage.text(locale)))
        phases: dict[str, str] = {p.id: p.name.get(language) for p in ws.model.phases}
        for day in QUARTER_ENDS:
            profile = diagnose(ws, org, day).diagnosis.profile
            counts = ", ".join(
                f"{locale.count(n)} {phases.get(p) or locale.label(f'phase_{p}')}".lower()
                for p, n in profile.counts.items()
            )
            if profile.stopped:
                counts = label("cli.demo.stopped", counts=counts, stopped=profile.stopped)
            say(label("cli.demo.diagnosis", date=locale.date(day), counts=counts))
        plan = accept_example_actions(ws)
        outcomes = Counter(a.latest.outcome for a in plan if a.latest)
        say(
            label(
                "cli.demo.plan",
                actions=locale.plural("cli.demo.actions", len(plan)),
                outcomes=", ".join(
                    f"{locale.count(n)} {label(f'outcome_{outcome}')}"
                    for outcome, n in sorted(outcomes.items())
                ),
            )
        )
        report = write_report(ws, org, "html", None, "en")
        markdown = write_report(ws, org, "md", None, "en")
        write_report(ws, org, "html", None, "nl")
        return DemoOutcome(ws.path, report, markdown, "projecten-teams")
    finally:
        ws.close()


def accept_example_actions(ws: Workspace) -> list[Action]:
    """Accept the example's actions that its plan lacks; the plan as it then stands."""
    held = {(a.initiative, a.accepted_on) for a in action_plan(ws, SLUG)}
    for planned in DEMO_ACTIONS:
        if (planned.initiative, planned.accepted_on) in held:
            continue
        snapshot = stored_snapshot(ws, SLUG, planned.accepted_on)
        diagnosis = snapshot.initiative(planned.initiative)
        assert diagnosis is not None and diagnosis.next_steps  # the example plans it so
        action = add_action(
            ws,
            SLUG,
            planned.initiative,
            diagnosis.next_steps[0].tip,
            planned.owner,
            planned.due,
            planned.accepted_on,
        )
        if planned.done_on is not None:
            mark_done(ws, SLUG, action.id, planned.done_on)
    return action_plan(ws, SLUG)


def example_usages(window: Window = USAGE_WINDOW) -> list[Usage]:
    """The example's initiatives as the simulator sees them: scope, and phase per month."""
    usages = []
    for plan in PLANS:
        start = date(plan.start.year, plan.start.month, 1)
        launch = (start.year - window.first.year) * 12 + start.month - window.first.month
        phases = tuple(plan.phase_on(window.last_day(t)) for t in range(window.count))
        archived = None
        if plan.end is not None:  # its channels are archived in the month it ends
            archived = (
                (plan.end.year - window.first.year) * 12 + plan.end.month - window.first.month
            )
        usages.append(
            Usage(plan.slug, plan.kind, plan.unit, plan.scope, phases, launch, archived=archived)
        )
    return usages


def simulate_example_usage(ws: Workspace, people_csv: Path) -> SimulationResult:
    """Give the example organisation its people directory and the usage of its initiatives."""
    window = USAGE_WINDOW
    units = tuple(Unit(path, name, HEADCOUNT[path]) for path, name in UNITS)
    directory = make_directory(
        sum(HEADCOUNT.values()),
        units,
        window.start(0),
        window.last_day(window.count - 1),
        SEED,
        board="directie",
    )
    return simulate_usage(
        ws, SLUG, directory, example_usages(window), window, SEED, people_csv, events=USAGE_EVENTS
    )
