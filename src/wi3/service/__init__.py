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
        "OrganisationRow",
        "Outcome",
        "UnitRow",
        "add_initiative",
        "check_slug",
        "import_organisation_file",
        "initiatives",
        "organisation",
        "organisations",
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
        "LifecycleEvidence",
        "diagnose",
        "history",
        "lifecycle_evidence",
        "stored_snapshot",
    ),
    "wi3.service._report": ("report_stylesheet", "report_text", "report_view", "write_report"),
    "wi3.service._demo": ("DemoOutcome", "run_demo"),
    "wi3.service._users": (
        "NewToken",
        "Principal",
        "RoleRow",
        "TokenRow",
        "UserRow",
        "add_token",
        "add_user",
        "normalise_email",
        "principal",
        "remove_role",
        "revoke_token",
        "sign_in",
        "token_principal",
        "tokens",
        "user_exists",
        "users",
        "visible_organisations",
        "web_secret",
    ),
    "wi3.service._snapshots": (
        "SnapshotRow",
        "snapshots",
    ),
    "wi3.service._trends": ("usage_trends",),
    "wi3.service._units": (
        "UnitPeople",
        "unit_people",
    ),
    "wi3.connectors": ("CONNECTORS",),
    "wi3.metrics": ("MetricValue",),
    "wi3.diagnosis": ("Snapshot",),
    "wi3.model": ("Model", "check_model_file", "default_model_path", "load_model"),
    "wi3.reports": (
        "Explanation",
        "FileFormat",
        "GrowthTable",
        "InitiativeView",
        "Line",
        "Locale",
        "MetricTables",
        "Report",
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
}
"""Each public name, by the module that defines it."""

_MODULE = {name: module for module, names in PUBLIC.items() for name in names}

if TYPE_CHECKING:
    from wi3.connectors import CONNECTORS
    from wi3.diagnosis import Snapshot
    from wi3.metrics import MetricValue
    from wi3.model import Model, check_model_file, default_model_path, load_model
    from wi3.reports import (
        Explanation,
        FileFormat,
        GrowthTable,
        InitiativeView,
        Line,
        Locale,
        MetricTables,
        Report,
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
    from wi3.service._events import EventCounts, event_counts
    from wi3.service._ingest import IngestResult, ingest
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
        OrganisationRow,
        Outcome,
        UnitRow,
        add_initiative,
        check_slug,
        import_organisation_file,
        initiatives,
        organisation,
        organisations,
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
    from wi3.service._questionnaires import (
        AssessmentImport,
        SurveyImport,
        SurveyResults,
        import_assessments,
        import_survey,
        record_assessment,
        survey_results,
    )
    from wi3.service._report import report_stylesheet, report_text, report_view, write_report
    from wi3.service._simulate import (
        PEOPLE_PER_UNIT,
        SimulatedInitiative,
        SimulationResult,
        simulate,
        simulate_usage,
    )
    from wi3.service._snapshots import SnapshotRow, snapshots
    from wi3.service._split import Routes, container_slug, read_routes
    from wi3.service._trends import usage_trends
    from wi3.service._units import UnitPeople, unit_people
    from wi3.service._users import (
        NewToken,
        Principal,
        RoleRow,
        TokenRow,
        UserRow,
        add_token,
        add_user,
        normalise_email,
        principal,
        remove_role,
        revoke_token,
        sign_in,
        token_principal,
        tokens,
        user_exists,
        users,
        visible_organisations,
        web_secret,
    )
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
    "PEOPLE_PER_UNIT",
    "PUBLIC",
    "AssessmentImport",
    "AssessmentInput",
    "Audience",
    "DemoOutcome",
    "EventCounts",
    "Explanation",
    "FileFormat",
    "GrowthTable",
    "HistoryRow",
    "ImportSummary",
    "IngestResult",
    "InitiativeRow",
    "InitiativeSpec",
    "InitiativeView",
    "KeyMove",
    "KeyStatus",
    "LifecycleEvidence",
    "Line",
    "LinkVerdict",
    "Locale",
    "MetricTables",
    "MetricValue",
    "Model",
    "NewToken",
    "OrganisationImport",
    "OrganisationRow",
    "Outcome",
    "PeopleImport",
    "Principal",
    "Report",
    "RoleRow",
    "Routes",
    "SimulatedInitiative",
    "SimulationResult",
    "Snapshot",
    "SnapshotRow",
    "Span",
    "Suggestion",
    "SurveyImport",
    "SurveyResults",
    "TableView",
    "TokenRow",
    "UnitPeople",
    "UnitRow",
    "UserRow",
    "Workspace",
    "add_initiative",
    "add_token",
    "add_user",
    "channel_tables",
    "check_model_file",
    "check_slug",
    "container_slug",
    "decide_link",
    "default_model_path",
    "diagnose",
    "event_counts",
    "explain",
    "export_metrics",
    "growth_table",
    "history",
    "import_assessments",
    "import_organisation_file",
    "import_people",
    "import_survey",
    "ingest",
    "init_workspace",
    "initiatives",
    "key_status",
    "last_complete_quarter",
    "lifecycle_evidence",
    "load_model",
    "metric_definitions",
    "metric_tables",
    "move_key",
    "normalise_email",
    "open_workspace",
    "organisation",
    "organisation_inputs",
    "organisation_metrics",
    "organisations",
    "principal",
    "read_fact_answer",
    "read_routes",
    "record_assessment",
    "remove_role",
    "report_stylesheet",
    "report_text",
    "report_view",
    "revoke_token",
    "run_demo",
    "sign_in",
    "simulate",
    "simulate_usage",
    "snapshots",
    "stored_snapshot",
    "suggest_links",
    "survey_results",
    "token_principal",
    "tokens",
    "unit_people",
    "units",
    "usage_metrics",
    "usage_observations",
    "usage_trends",
    "user_exists",
    "users",
    "visible_organisations",
    "web_secret",
    "workspace_path",
    "write_report",
]
