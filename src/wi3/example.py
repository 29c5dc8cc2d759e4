"""The example organisation: a fictional Dutch energy company, generated from a seed.

Noordwind Energie (about 1,800 people, 13 units) has eight Enterprise 2.0 initiatives whose
phases were chosen to show every part of the model over two years (2024-Q4 … 2026-Q3):

- netbeheer-wiki is strategic throughout; the enterprise social network (viva-engage) grows
  from facilitating to strategic; the intranet wiki climbs from pioneering to strategic;
- the customer-service Q&A site and the projects' Teams space become facilitating;
- the sales forum is facilitating until its sponsor leaves, then falls back to pioneering;
- the developers' Slack stays pioneering beside the official tools until its owner retires it in
  May 2026, when its channels are archived and the developers move to the projects' Teams space;
  the HR blog starts late;
- the projects' owner rates focus and culture higher than its users do, which the diagnosis
  shows as a conflict.

For each quarter an initiative exists, the generator writes an owner assessment whose answers
sit around the intended phase's level (gate categories at it, others near it, some "don't
know" while pioneering) with facts that fit; twice a year it writes a user survey export with
answers drawn around a mean that fits the phase (about 2.6, 3.5 and 4.3 on the 1–5 scale for
pioneering, facilitating and strategic). Everything is written as files in the real input
formats (organisation YAML, assessment YAML, a survey tool's CSV with Dutch labels and a column
mapping), so the demo runs through the same import code as real data. The same seed gives the
same files; the data are invented and labelled as an example.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from wi3.model import PHASES, Model

SEED = 2009
"""The year WI3 was published."""

SLUG = "noordwind"
ORGANISATION = {"slug": SLUG, "name": "Noordwind Energie", "example": True}

UNITS = [
    ("directie", "Directie"),
    ("ict", "ICT"),
    ("ict/digitale-werkplek", "Digitale werkplek"),
    ("communicatie", "Communicatie"),
    ("hr", "HR"),
    ("financien", "Financiën"),
    ("verkoop", "Verkoop"),
    ("verkoop/zakelijk", "Zakelijke markt"),
    ("verkoop/particulier", "Particuliere markt"),
    ("klantenservice", "Klantenservice"),
    ("netbeheer", "Netbeheer"),
    ("netbeheer/storingsdienst", "Storingsdienst"),
    ("projecten", "Projecten"),
]

QUARTER_ENDS = [
    date(2024, 12, 31),
    date(2025, 3, 31),
    date(2025, 6, 30),
    date(2025, 9, 30),
    date(2025, 12, 31),
    date(2026, 3, 31),
    date(2026, 6, 30),
    date(2026, 9, 30),
]
"""The dates the demo diagnoses: eight quarter ends."""

SURVEY_ROUNDS = [
    ("2024 najaar", date(2024, 11, 11)),
    ("2025 voorjaar", date(2025, 5, 12)),
    ("2025 najaar", date(2025, 11, 10)),
    ("2026 voorjaar", date(2026, 5, 11)),
]

P, F, S = "pioneering", "facilitating", "strategic"


@dataclass(frozen=True)
class Plan:
    """One initiative and the phase it should show in each quarter (None: not started yet).

    `scope` lists the units of its audience: the demo simulates their usage (`wi3.simulate`),
    and facilitating or strategic reach needs more than two of them (MODEL.md §8).
    """

    slug: str
    name: str
    kind: str
    platform: str
    unit: str
    start: date
    audience: int
    phases: tuple[str | None, ...]
    bottom_up: bool = True
    optimistic_owner: bool = False
    survey_units: tuple[str, ...] = ()
    scope: tuple[str, ...] = ()
    end: date | None = None
    """The day its owner retired it (its channels archived then): no evidence from that day on."""

    def phase_on(self, day: date) -> str | None:
        """The planned phase on `day`: before the first quarter the first one, after the last
        the last one; None from its end on."""
        if self.end is not None and day >= self.end:
            return None
        return _phase_at(self, day)


PLANS = [
    Plan(
        "netbeheer-wiki",
        "Netbeheer kennisbank",
        "wiki",
        "MediaWiki",
        "netbeheer",
        date(2019, 3, 1),
        420,
        (S, S, S, S, S, S, S, S),
        bottom_up=False,
        survey_units=("netbeheer", "netbeheer/storingsdienst", "projecten"),
        scope=("netbeheer", "netbeheer/storingsdienst", "projecten"),
    ),
    Plan(
        "viva-engage",
        "Noordwind Engage",
        "esn",
        "Viva Engage",
        "communicatie",
        date(2022, 9, 1),
        1800,
        (F, F, F, F, S, S, S, S),
        bottom_up=False,
        survey_units=("communicatie", "verkoop/zakelijk", "klantenservice", "netbeheer", "hr"),
        scope=tuple(path for path, _name in UNITS),
    ),
    Plan(
        "intranet-wiki",
        "Intranet wiki",
        "wiki",
        "Confluence",
        "ict/digitale-werkplek",
        date(2024, 2, 1),
        900,
        (P, P, F, F, F, F, S, S),
        survey_units=("ict", "ict/digitale-werkplek", "financien", "hr"),
        scope=(
            "ict/digitale-werkplek",
            "ict",
            "financien",
            "hr",
            "communicatie",
            "directie",
            "verkoop",
            "klantenservice",
        ),
    ),
    Plan(
        "klantkennis-qa",
        "Klantkennis Q&A",
        "qa",
        "Stack Overflow for Teams",
        "klantenservice",
        date(2024, 6, 1),
        260,
        (P, P, P, P, F, F, F, F),
        survey_units=("klantenservice", "verkoop/particulier"),
        scope=(
            "klantenservice",
            "verkoop/particulier",
            "verkoop/zakelijk",
            "verkoop",
            "communicatie",
            "ict/digitale-werkplek",
        ),
    ),
    Plan(
        "projecten-teams",
        "Projectruimtes",
        "chat",
        "Microsoft Teams",
        "projecten",
        date(2023, 10, 1),
        350,
        (F, F, F, F, F, F, F, F),
        bottom_up=False,
        optimistic_owner=True,
        survey_units=("projecten", "netbeheer"),
        scope=(
            "projecten",
            "netbeheer",
            "ict",
            "financien",
            "directie",
            "communicatie",
        ),
    ),
    Plan(
        "verkoop-forum",
        "Verkoopforum",
        "forum",
        "Discourse",
        "verkoop",
        date(2023, 4, 1),
        300,
        (F, F, F, F, F, P, P, P),
        survey_units=("verkoop/zakelijk", "verkoop/particulier"),
        scope=(
            "verkoop",
            "verkoop/zakelijk",
            "verkoop/particulier",
            "klantenservice",
            "communicatie",
            "financien",
        ),
    ),
    Plan(
        "dev-slack",
        "Developers Slack",
        "chat",
        "Slack",
        "ict",
        date(2024, 1, 15),
        120,
        (P, P, P, P, P, P, P, P),
        survey_units=("ict", "ict/digitale-werkplek"),
        scope=("ict", "ict/digitale-werkplek"),
        end=date(2026, 5, 1),
    ),
    Plan(
        "hr-blog",
        "HR blog",
        "blog",
        "WordPress",
        "hr",
        date(2025, 7, 1),
        1800,
        (None, None, None, P, P, P, P, P),
        survey_units=("hr", "directie"),
        scope=tuple(path for path, _name in UNITS),
    ),
]

SURVEY_MEAN = {P: 2.5, F: 3.5, S: 4.4}
LIKERT_NL = {
    1: "Helemaal mee oneens",
    2: "Mee oneens",
    3: "Neutraal",
    4: "Mee eens",
    5: "Helemaal mee eens",
}

GATE_CATEGORIES = {
    F: ("community", "leadership", "tools", "focus"),
    S: ("vision", "architecture", "measurement", "governance"),
}


@dataclass(frozen=True)
class SurveyFile:
    """A generated survey export and the round it belongs to."""

    initiative: str
    round: str
    opened: date
    path: Path


@dataclass(frozen=True)
class ExampleFiles:
    """The generated input files of the example organisation."""

    organisation: Path
    assessments: Path
    mapping: Path
    surveys: tuple[SurveyFile, ...]


def _phase_at(plan: Plan, day: date) -> str | None:
    for end, phase in zip(QUARTER_ENDS, plan.phases, strict=True):
        if day <= end:
            return phase
    return plan.phases[-1]


def _anchored(model: Model, rng: random.Random, plan: Plan, phase: str) -> dict[str, str]:
    level = PHASES.index(phase) + 1
    gates = {c for p in PHASES[1:level] for c in GATE_CATEGORIES[p]}
    answers: dict[str, str] = {}
    for item in model.assessment:
        if item.category in gates:
            answer = level
        else:
            draw = rng.random()
            answer = (
                level if draw < 0.7 else max(1, level - 1) if draw < 0.85 else min(3, level + 1)
            )
        if plan.optimistic_owner and item.category in ("focus", "culture"):
            answer = 3
        answers[item.id] = "don't know" if phase == P and rng.random() < 0.1 else PHASES[answer - 1]
    return answers


def _facts(plan: Plan, phase: str, rng: random.Random) -> dict[str, str]:
    level = PHASES.index(phase) + 1
    pick = {1: 0, 2: 1, 3: 2}[level]
    return {
        "fact.started_without_mandate": "yes" if plan.bottom_up else "no",
        "fact.parallel_tools": "yes" if level == 1 else "no",
        "fact.sponsor_budget": ("none", "sponsor", "sponsor_and_budget")[pick],
        "fact.community_manager": "yes" if level >= 2 else "no",
        "fact.monitoring": ("never", rng.choice(["quarterly", "monthly"]), "weekly")[pick],
        "fact.usage_guidelines": "yes" if level >= 2 else "no",
        "fact.editorial_model": ("none", "editorial_roles", "knowledge_owners")[pick],
        "fact.content_migrated": "yes" if level >= 2 else "no",
        "fact.linked_projects": "yes" if level == 3 else "no",
        "fact.business_systems": ("none", "identity_intranet", "business_systems")[pick],
        "fact.business_kpis": "yes" if level == 3 else "no",
        "fact.outage_stops_business": "yes" if level == 3 else "no",
    }


def _roles(plan: Plan) -> str:
    return "community manager" if plan.kind in ("esn", "qa", "forum") else "product owner"


def assessments(model: Model, rng: random.Random) -> list[dict[str, Any]]:
    """An owner assessment per initiative per quarter, and two of the organisation itself."""
    out: list[dict[str, Any]] = []
    for plan in PLANS:
        for end in QUARTER_ENDS:
            phase = plan.phase_on(end - timedelta(days=14))
            if phase is None:
                continue
            answers: dict[str, str] = _anchored(model, rng, plan, phase)
            answers.update(_facts(plan, phase, rng))
            out.append(
                {
                    "initiative": plan.slug,
                    "assessed_on": end - timedelta(days=14),
                    "assessor_role": _roles(plan),
                    "answers": answers,
                }
            )
    scope = {c.id for c in model.categories if c.perspective in model.organisation.perspectives}
    for day, level in ((date(2024, 12, 2), 1), (date(2026, 1, 12), 2)):
        answers = {
            a.id: PHASES[level - 1 if rng.random() < 0.8 else level]
            for a in model.assessment
            if a.category in scope
        }
        out.append(
            {
                "initiative": "@organisation",
                "assessed_on": day,
                "assessor_role": "digital workplace lead",
                "answers": answers,
            }
        )
    return out


def survey_columns(model: Model) -> list[str]:
    """The export's column names: V1, V2, … one per survey item, as survey tools number them."""
    return [f"V{n}" for n in range(1, len(model.survey) + 1)]


def _survey_rows(
    model: Model, rng: random.Random, plan: Plan, phase: str, opened: date, use_labels: bool
) -> list[dict[str, str]]:
    respondents = max(6, min(48, plan.audience // 25))
    mean = SURVEY_MEAN[phase]
    rows = []
    for n in range(respondents):
        # the last unit of the list is a small group (3 people): its figures must stay hidden
        small = plan.survey_units[-1]
        unit = small if n < 3 else rng.choice(plan.survey_units[:-1] or plan.survey_units)
        row = {
            "Respondent": f"R{opened:%y%m}-{plan.slug[:3]}-{n:03d}",
            "Afdeling": unit,
            "Ingevuld op": (opened + timedelta(days=rng.randint(0, 13))).isoformat(),
        }
        for column, item in zip(survey_columns(model), model.survey, strict=True):
            centre = mean
            if plan.optimistic_owner and item.id == "survey.colleagues_on_it":
                centre = 2.2
            if item.scale == "rating10":
                value = round(min(10, max(1, rng.gauss(centre * 2, 1.4))))
                row[column] = str(value)
                continue
            draw = rng.random()
            if draw < 0.04:
                row[column] = "n.v.t."
            elif draw < 0.07:
                row[column] = ""
            else:
                value = round(min(5, max(1, rng.gauss(centre, 0.6))))
                row[column] = LIKERT_NL[value] if use_labels else str(value)
        rows.append(row)
    return rows


def write_example(folder: Path, model: Model, seed: int = SEED) -> ExampleFiles:
    """Write the example organisation's input files into `folder` and say where they are."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    org_file = folder / "organisation.yaml"
    org_file.write_text(
        yaml.safe_dump(
            {
                "organisation": ORGANISATION,
                "units": [{"path": p, "name": n} for p, n in UNITS],
                "initiatives": [
                    {
                        "slug": p.slug,
                        "name": p.name,
                        "kind": p.kind,
                        "platform": p.platform,
                        "unit": p.unit,
                        "start_date": p.start,
                        **({"status": "retired", "end_date": p.end} if p.end else {}),
                        "audience": p.audience,
                        "scope": list(p.scope),
                    }
                    for p in PLANS
                ],
            },
            sort_keys=False,
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    assessment_file = folder / "assessments.yaml"
    assessment_file.write_text(
        f"# Owner assessments of the example organisation, generated (seed {seed}).\n"
        + yaml.safe_dump(
            {"assessments": assessments(model, rng)}, sort_keys=False, allow_unicode=True
        ),
        encoding="utf-8",
    )
    mapping_file = folder / "survey-mapping.yaml"
    mapping_file.write_text(
        yaml.safe_dump(
            {
                "respondent": "Respondent",
                "unit": "Afdeling",
                "submitted": "Ingevuld op",
                "columns": {
                    c: item.id for c, item in zip(survey_columns(model), model.survey, strict=True)
                },
            },
            sort_keys=False,
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    surveys = []
    for plan in PLANS:
        for i, (name, opened) in enumerate(SURVEY_ROUNDS):
            phase = plan.phase_on(opened)
            if phase is None:
                continue
            rows = _survey_rows(model, rng, plan, phase, opened, use_labels=i % 2 == 0)
            path = folder / "surveys" / f"{plan.slug}-{opened:%Y-%m}.csv"
            path.parent.mkdir(exist_ok=True)
            with path.open("w", newline="", encoding="utf-8") as fh:
                writer = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=";")
                writer.writeheader()
                writer.writerows(rows)
            surveys.append(SurveyFile(plan.slug, name, opened, path))
    return ExampleFiles(org_file, assessment_file, mapping_file, tuple(surveys))
