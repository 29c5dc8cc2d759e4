"""The diagnosis: from evidence to each initiative's phase, the organisation profile and advice.

Pure functions over plain data (MODEL.md §7): evidence arrives as `Observation`s, never as files
or database rows, so every step can be tested and explained on its own.
"""

from wi3.diagnosis._diagnose import (
    InitiativeEvidence,
    diagnose_initiative,
    diagnose_organisation,
    organisation_phase,
    profile,
)
from wi3.diagnosis._document import SCHEMA_VERSION, from_document, to_document
from wi3.diagnosis._readings import describe_rule, level_number
from wi3.diagnosis._types import (
    CategoryResult,
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
)

__all__ = [
    "SCHEMA_VERSION",
    "CategoryResult",
    "Condition",
    "Confidence",
    "Conflict",
    "FactorSignalled",
    "GateResult",
    "InitiativeDiagnosis",
    "InitiativeEvidence",
    "NextStep",
    "Observation",
    "OrganisationDiagnosis",
    "OrganisationPhase",
    "Profile",
    "Reading",
    "describe_rule",
    "diagnose_initiative",
    "diagnose_organisation",
    "from_document",
    "level_number",
    "organisation_phase",
    "profile",
    "to_document",
]
