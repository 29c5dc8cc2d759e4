"""The use cases of wi3; the CLI and the web app call only this package."""

from wi3.service._demo import DemoOutcome, run_demo
from wi3.service._diagnose import (
    HistoryRow,
    diagnose,
    diagnosis_of,
    history,
    snapshot_document,
)
from wi3.service._events import EventCounts, event_counts
from wi3.service._ingest import IngestResult, ingest
from wi3.service._metrics import organisation_metrics
from wi3.service._organisation import (
    ImportSummary,
    InitiativeRow,
    InitiativeSpec,
    add_initiative,
    import_organisation_file,
    initiatives,
)
from wi3.service._people import (
    PeopleImport,
    Suggestion,
    decide_link,
    import_people,
    suggest_links,
)
from wi3.service._questionnaires import (
    AssessmentImport,
    SurveyImport,
    SurveyResults,
    import_assessments,
    import_survey,
    record_assessment,
    survey_results,
)
from wi3.service._report import write_report
from wi3.service._simulate import (
    SimulatedInitiative,
    SimulationResult,
    simulate,
    simulate_usage,
)
from wi3.service._split import Routes, read_routes
from wi3.service._workspace import Workspace, init_workspace, open_workspace, workspace_path

__all__ = [
    "Routes",
    "read_routes",
    "EventCounts",
    "IngestResult",
    "PeopleImport",
    "Suggestion",
    "decide_link",
    "event_counts",
    "import_people",
    "ingest",
    "organisation_metrics",
    "suggest_links",
    "SimulatedInitiative",
    "SimulationResult",
    "simulate",
    "simulate_usage",
    "AssessmentImport",
    "DemoOutcome",
    "HistoryRow",
    "ImportSummary",
    "InitiativeRow",
    "InitiativeSpec",
    "SurveyImport",
    "SurveyResults",
    "Workspace",
    "add_initiative",
    "diagnose",
    "diagnosis_of",
    "history",
    "import_assessments",
    "import_organisation_file",
    "import_survey",
    "init_workspace",
    "initiatives",
    "open_workspace",
    "record_assessment",
    "run_demo",
    "snapshot_document",
    "survey_results",
    "workspace_path",
    "write_report",
]
