"""The diagnosis: from evidence to each initiative's phase, the organisation profile and advice.

Pure functions over plain data (MODEL.md §7): evidence arrives as `Observation`s, never as files
or database rows, so every step can be tested and explained on its own.
"""

from wi3.diagnosis._activity import (
    RULE_THRESHOLDS,
    ActivityEvidence,
    Archived,
    DayCount,
    describe_activity,
    read_activity,
)
from wi3.diagnosis._diagnose import (
    InitiativeEvidence,
    diagnose_initiative,
    diagnose_organisation,
    organisation_phase,
    profile,
    standing,
)
from wi3.diagnosis._document import SCHEMA_VERSION, from_document, to_document
from wi3.diagnosis._readings import describe_rule, level_number
from wi3.diagnosis._snapshot import AudienceBasis, InitiativeEntry, Notice, Snapshot
from wi3.diagnosis._types import (
    UNDETERMINED,
    ActivityReading,
    CategoryResult,
    ClaimConflict,
    Condition,
    Confidence,
    Conflict,
    FactorSignalled,
    GateResult,
    InitiativeDiagnosis,
    NextStep,
    Observation,
    OrganisationDiagnosis,
    OrganisationPhase,
    Profile,
    Reading,
    Sufficiency,
    UsagePointer,
    phase_of_level,
)

__all__ = [
    "RULE_THRESHOLDS",
    "SCHEMA_VERSION",
    "UNDETERMINED",
    "ActivityEvidence",
    "ActivityReading",
    "AudienceBasis",
    "Archived",
    "CategoryResult",
    "ClaimConflict",
    "Condition",
    "Confidence",
    "Conflict",
    "DayCount",
    "FactorSignalled",
    "GateResult",
    "InitiativeDiagnosis",
    "InitiativeEntry",
    "InitiativeEvidence",
    "NextStep",
    "Notice",
    "Observation",
    "OrganisationDiagnosis",
    "OrganisationPhase",
    "Profile",
    "Reading",
    "Snapshot",
    "Sufficiency",
    "UsagePointer",
    "describe_activity",
    "describe_rule",
    "diagnose_initiative",
    "diagnose_organisation",
    "from_document",
    "level_number",
    "organisation_phase",
    "phase_of_level",
    "profile",
    "read_activity",
    "standing",
    "to_document",
]
