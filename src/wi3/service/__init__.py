"""The use cases of wi3, and the types they take and return: the one door for every shell.

The command line and the web application import this package and nothing else from wi3 (but
`wi3.errors`, to catch what it raises). Each name loads its module on first use, so a command
pays only for the libraries it needs: `wi3 --help` loads no DuckDB, Ibis, pyarrow or
SQLAlchemy. `PUBLIC` says where each name lives; the imports under `TYPE_CHECKING` say the same
to type checkers, and a test checks that the two agree.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

PUBLIC: dict[str, tuple[str, ...]] = {
    "wi3.service._workspace": (
        "KeyStatus",
        "Workspace",
        "init_workspace",
        "key_status",
        "move_key",
        "open_workspace",
        "workspace_path",
    ),
    "wi3.service._key": ("KeyMove",),
    "wi3.service._organisation": (
        "ImportSummary",
        "InitiativeRow",
        "InitiativeSpec",
        "OrganisationImport",
        "Outcome",
        "UnitRow",
        "add_initiative",
        "check_slug",
        "import_organisation_file",
        "initiatives",
        "units",
    ),
    "wi3.service._questionnaires": (
        "AssessmentImport",
        "SurveyImport",
        "SurveyResults",
        "import_assessments",
        "import_survey",
        "record_assessment",
        "survey_results",
    ),
    "wi3.service._drafts": (
        "AssessmentForm",
        "AssessmentRecorded",
        "Choice",
        "OwnerQuestion",
        "assessment_form",
        "save_assessment_draft",
        "submit_assessment",
    ),
    "wi3.service._jobs": (
        "Job",
        "import_job",
        "import_jobs",
        "recover_jobs",
        "run_import_job",
        "save_upload",
        "start_import",
    ),
    "wi3.service._rounds": (
        "Invitation",
        "Invitations",
        "RateGroup",
        "RoundClosed",
        "RoundCreated",
        "RoundStatus",
        "close_round",
        "create_round",
        "invite",
        "round_status",
        "survey_rounds",
    ),
    "wi3.service._respond": (
        "FormItem",
        "Submitted",
        "SurveyForm",
        "join_open_round",
        "save_answers",
        "submit_answers",
        "survey_form",
    ),
    "wi3.service._people": (
        "LinkVerdict",
        "PeopleImport",
        "Suggestion",
        "decide_link",
        "import_people",
        "suggest_links",
    ),
    "wi3.service._ingest": ("IngestResult", "ingest"),
    "wi3.service._lifecycle": ("Audience",),
    "wi3.service._split": ("Routes", "container_slug", "read_routes"),
    "wi3.service._events": ("EventCounts", "event_counts"),
    "wi3.service._metrics": (
        "last_complete_quarter",
        "organisation_inputs",
        "organisation_metrics",
        "usage_metrics",
        "usage_observations",
    ),
    "wi3.service._simulate": (
        "PEOPLE_PER_UNIT",
        "SimulatedInitiative",
        "SimulationResult",
        "simulate",
        "simulate_usage",
    ),
    "wi3.service._diagnose": (
        "HistoryRow",
        "LifecycleEvidence",
        "diagnose",
        "history",
        "lifecycle_evidence",
        "stored_snapshot",
    ),
    "wi3.service._plan": ("add_action", "action_plan", "mark_done"),
    "wi3.service._report": ("write_report",),
    "wi3.service._demo": ("DemoOutcome", "run_demo"),
    "wi3.connectors": ("CONNECTORS",),
    "wi3.diagnosis": ("Action", "Recheck", "Snapshot"),
    "wi3.model": ("Model", "check_model_file", "default_model_path", "load_model"),
    "wi3.reports": (
        "Explanation",
        "FileFormat",
        "GrowthTable",
        "Line",
        "MetricTables",
        "Span",
        "TableView",
        "channel_tables",
        "explain",
        "export_metrics",
        "growth_table",
        "metric_definitions",
        "metric_tables",
    ),
    "wi3.survey": ("AssessmentInput", "read_fact_answer"),
    "wi3.texts": ("LANGUAGES", "Language", "Locale", "language_of"),
}
"""Each public name, by the module that defines it."""

_MODULE = {name: module for module, names in PUBLIC.items() for name in names}

if TYPE_CHECKING:
    from wi3.connectors import CONNECTORS
    from wi3.diagnosis import Action, Recheck, Snapshot
    from wi3.model import Model, check_model_file, default_model_path, load_model
    from wi3.reports import (
        Explanation,
        FileFormat,
        GrowthTable,
        Line,
        MetricTables,
        Span,
        TableView,
        channel_tables,
        explain,
        export_metrics,
        growth_table,
        metric_definitions,
        metric_tables,
    )
    from wi3.service._demo import DemoOutcome, run_demo
    from wi3.service._diagnose import (
        HistoryRow,
        LifecycleEvidence,
        diagnose,
        history,
        lifecycle_evidence,
        stored_snapshot,
    )
    from wi3.service._drafts import (
        AssessmentForm,
        AssessmentRecorded,
        Choice,
        OwnerQuestion,
        assessment_form,
        save_assessment_draft,
        submit_assessment,
    )
    from wi3.service._events import EventCounts, event_counts
    from wi3.service._ingest import IngestResult, ingest
    from wi3.service._jobs import (
        Job,
        import_job,
        import_jobs,
        recover_jobs,
        run_import_job,
        save_upload,
        start_import,
    )
    from wi3.service._key import KeyMove
    from wi3.service._lifecycle import Audience
    from wi3.service._metrics import (
        last_complete_quarter,
        organisation_inputs,
        organisation_metrics,
        usage_metrics,
        usage_observations,
    )
    from wi3.service._organisation import (
        ImportSummary,
        InitiativeRow,
        InitiativeSpec,
        OrganisationImport,
        Outcome,
        UnitRow,
        add_initiative,
        check_slug,
        import_organisation_file,
        initiatives,
        units,
    )
    from wi3.service._people import (
        LinkVerdict,
        PeopleImport,
        Suggestion,
        decide_link,
        import_people,
        suggest_links,
    )
    from wi3.service._plan import action_plan, add_action, mark_done
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
    from wi3.service._respond import (
        FormItem,
        Submitted,
        SurveyForm,
        join_open_round,
        save_answers,
        submit_answers,
        survey_form,
    )
    from wi3.service._rounds import (
        Invitation,
        Invitations,
        RateGroup,
        RoundClosed,
        RoundCreated,
        RoundStatus,
        close_round,
        create_round,
        invite,
        round_status,
        survey_rounds,
    )
    from wi3.service._simulate import (
        PEOPLE_PER_UNIT,
        SimulatedInitiative,
        SimulationResult,
        simulate,
        simulate_usage,
    )
    from wi3.service._split import Routes, container_slug, read_routes
    from wi3.service._workspace import (
        KeyStatus,
        Workspace,
        init_workspace,
        key_status,
        move_key,
        open_workspace,
        workspace_path,
    )
    from wi3.survey import AssessmentInput, read_fact_answer
    from wi3.texts import LANGUAGES, Language, Locale, language_of


def __getattr__(name: str) -> object:
    """Load the module of a public name on first use, and keep the name here."""
    module = _MODULE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(_MODULE)


__all__ = [
    "CONNECTORS",
    "LANGUAGES",
    "PEOPLE_PER_UNIT",
    "PUBLIC",
    "Action",
    "AssessmentForm",
    "AssessmentImport",
    "AssessmentInput",
    "AssessmentRecorded",
    "Audience",
    "Choice",
    "DemoOutcome",
    "EventCounts",
    "Explanation",
    "FileFormat",
    "FormItem",
    "GrowthTable",
    "HistoryRow",
    "ImportSummary",
    "IngestResult",
    "InitiativeRow",
    "InitiativeSpec",
    "Invitation",
    "Invitations",
    "Job",
    "KeyMove",
    "KeyStatus",
    "Language",
    "LifecycleEvidence",
    "Line",
    "LinkVerdict",
    "Locale",
    "MetricTables",
    "Model",
    "OrganisationImport",
    "Outcome",
    "OwnerQuestion",
    "PeopleImport",
    "RateGroup",
    "RoundClosed",
    "RoundCreated",
    "RoundStatus",
    "Recheck",
    "Routes",
    "SimulatedInitiative",
    "SimulationResult",
    "Snapshot",
    "Span",
    "Submitted",
    "Suggestion",
    "SurveyForm",
    "SurveyImport",
    "SurveyResults",
    "TableView",
    "UnitRow",
    "Workspace",
    "action_plan",
    "add_action",
    "add_initiative",
    "assessment_form",
    "channel_tables",
    "check_model_file",
    "check_slug",
    "close_round",
    "container_slug",
    "create_round",
    "decide_link",
    "default_model_path",
    "diagnose",
    "event_counts",
    "explain",
    "export_metrics",
    "growth_table",
    "history",
    "import_assessments",
    "import_job",
    "import_jobs",
    "import_organisation_file",
    "import_people",
    "import_survey",
    "ingest",
    "init_workspace",
    "initiatives",
    "invite",
    "join_open_round",
    "key_status",
    "language_of",
    "last_complete_quarter",
    "lifecycle_evidence",
    "load_model",
    "mark_done",
    "metric_definitions",
    "metric_tables",
    "move_key",
    "open_workspace",
    "organisation_inputs",
    "organisation_metrics",
    "read_fact_answer",
    "read_routes",
    "record_assessment",
    "recover_jobs",
    "round_status",
    "run_demo",
    "run_import_job",
    "save_answers",
    "save_assessment_draft",
    "save_upload",
    "simulate",
    "simulate_usage",
    "start_import",
    "stored_snapshot",
    "submit_answers",
    "submit_assessment",
    "suggest_links",
    "survey_form",
    "survey_results",
    "survey_rounds",
    "units",
    "usage_metrics",
    "usage_observations",
    "workspace_path",
    "write_report",
]
