"""Questionnaires: owner assessments and user surveys, read from files and scored.

Owner answers are read against the model's anchored items and fact questions; survey exports
are read through a column mapping; scores are never given for fewer people than the model's
minimum group size.
"""

from wi3.survey._answers import (
    read_anchored_answer,
    read_fact_answer,
    read_owner_answer,
    read_scale_answer,
)
from wi3.survey._assessment import ORGANISATION, AssessmentInput, read_assessments
from wi3.survey._import import (
    Response,
    SurveyMapping,
    SurveyRows,
    csv_reader,
    load_mapping,
    read_survey,
    read_survey_rows,
)
from wi3.survey._invitees import LEVELS, Invitee, check_invitees, read_invitees
from wi3.survey._score import (
    OTHER_UNITS,
    GroupScores,
    ItemScore,
    score_by_unit,
    score_items,
    shown_groups,
    withheld_text,
)

__all__ = [
    "LEVELS",
    "ORGANISATION",
    "OTHER_UNITS",
    "Invitee",
    "AssessmentInput",
    "GroupScores",
    "ItemScore",
    "Response",
    "SurveyMapping",
    "SurveyRows",
    "csv_reader",
    "load_mapping",
    "read_anchored_answer",
    "read_assessments",
    "read_fact_answer",
    "check_invitees",
    "read_invitees",
    "read_owner_answer",
    "read_scale_answer",
    "read_survey",
    "read_survey_rows",
    "score_by_unit",
    "score_items",
    "shown_groups",
    "withheld_text",
]
