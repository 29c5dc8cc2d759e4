"""The shape of a growth-model file: every element the WI3 model holds, as validated types.

A model file is an input at the edge of the program, so it is read with pydantic; the same frozen
types are what the rest of wi3 uses, so there is one description of the model, not two. Cross
references (a tip naming a category, a gate naming an indicator) are checked in `_load.py`.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

PHASES: tuple[str, str, str] = ("pioneering", "facilitating", "strategic")
"""The three WI3 phases in order; a phase's level on the 1–3 scale is its position plus one."""

Source = Literal["published", "derived"]
"""Whether an element comes from the published WI3/ESM3 articles or is wi3's own design."""

PhaseId = Literal["pioneering", "facilitating", "strategic"]
Language = Literal["en", "nl"]
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_.\-]*$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]

_TEST = re.compile(r"^\s*(>=|<=|>|<|==|!=)\s*(\S.*?)\s*$")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(_Frozen):
    """A text in every language wi3 speaks."""

    en: NonEmpty
    nl: NonEmpty

    def get(self, language: str) -> str:
        """The text in `language`, falling back to English."""
        return self.nl if language == "nl" else self.en


class Test(_Frozen):
    """A comparison such as `>= 0.15` or `== yes`, written in the model file as one string."""

    op: Literal[">=", "<=", ">", "<", "==", "!="]
    operand: float | str

    @classmethod
    def parse(cls, text: str) -> Test:
        match = _TEST.match(text)
        if not match:
            raise ValueError(f"{text!r} is not a comparison such as '>= 0.15' or '== yes'")
        op, raw = match.groups()
        try:
            operand: float | str = float(raw)
        except ValueError:
            operand = raw
        if isinstance(operand, float) and not math.isfinite(operand):
            raise ValueError(f"{text!r} compares with {raw}; give a finite number")
        if isinstance(operand, str) and op not in ("==", "!="):
            raise ValueError(f"{text!r} compares a word with {op}; only == and != take words")
        return cls(op=op, operand=operand)

    def holds(self, value: float | str) -> bool:
        """Whether `value` passes the comparison; words compare case-insensitively."""
        if isinstance(self.operand, str) or isinstance(value, str):
            equal = str(value).strip().lower() == str(self.operand).strip().lower()
            return equal if self.op == "==" else (not equal if self.op == "!=" else False)
        return {
            ">=": value >= self.operand,
            "<=": value <= self.operand,
            ">": value > self.operand,
            "<": value < self.operand,
            "==": value == self.operand,
            "!=": value != self.operand,
        }[self.op]

    def __str__(self) -> str:
        operand = self.operand
        if isinstance(operand, float) and operand.is_integer():
            operand = int(operand)
        return f"{self.op} {operand}"


def _parse_test(value: object) -> object:
    return Test.parse(value) if isinstance(value, str) else value


class Phase(_Frozen):
    id: PhaseId
    number: int = Field(ge=1, le=3)
    name: Text
    description: Text
    source: Source


class Perspective(_Frozen):
    id: Id
    name: Text
    source: Source


class Level(_Frozen):
    """A category's descriptor for one phase: also an answer option of its anchored item."""

    text: Text
    source: Source


class Levels(_Frozen):
    pioneering: Level
    facilitating: Level
    strategic: Level

    def of(self, phase: str) -> Level:
        return {
            "pioneering": self.pioneering,
            "facilitating": self.facilitating,
            "strategic": self.strategic,
        }[phase]


class Category(_Frozen):
    id: Id
    perspective: Id
    name: Text
    levels: Levels
    source: Source


class Factor(_Frozen):
    """A driver or an inhibitor of one phase."""

    id: Id
    phase: PhaseId
    kind: Literal["driver", "inhibitor"]
    text: Text
    source: Source


class Tip(_Frozen):
    """One of the eight practical tips, and what it acts on."""

    id: Id
    title: Text
    why: Text
    what_to_do: Text
    phases: list[PhaseId] = Field(min_length=1)
    categories: list[Id] = Field(min_length=1)
    factors: list[Id]
    difficulty: Literal["low", "medium", "high"]
    source: Source
    mapping_source: Source
    """Where the tip's link to categories and factors comes from (derived in MODEL.md §6)."""


class KeyQuestion(_Frozen):
    """Value, innovation, impact or investment: the W and the three I's."""

    id: Id
    name: Text
    question: Text
    source: Source


class AnchoredItem(_Frozen):
    """An owner-assessment item whose answer options are its category's phase descriptors."""

    id: Id
    category: Id
    question: Text
    weight: float = Field(default=1.0, gt=0)
    source: Source


class Option(_Frozen):
    id: Id
    text: Text


class FactItem(_Frozen):
    """An owner-assessment fact question (MODEL.md §7): yes/no, a choice or a number."""

    id: Id
    question: Text
    answer: Literal["yes_no", "choice", "number"]
    options: list[Option] = Field(default_factory=list)
    source: Source


class Scale(_Frozen):
    """An answer scale of the user survey, with labels a survey tool may export instead of codes."""

    id: Id
    min: int
    max: int
    labels: dict[int, Text] = Field(default_factory=dict)
    not_applicable: list[NonEmpty] = Field(min_length=1)
    """Answers meaning 'not applicable', in any language (compared case-insensitively)."""


class SurveyItem(_Frozen):
    id: Id
    statement: Text
    scale: Id
    key_question: Id | None = None
    source: Source


class Threshold(_Frozen):
    """A number a rule compares with, why it is that number, and how it was checked."""

    value: float = Field(ge=0)
    reason: Text
    calibration: Text | None = None
    """Where the number was fitted or checked: the data set and the figure."""
    source: Source


class Cap(_Frozen):
    """Caps an indicator's level when another observation of the same evidence passes a test."""

    ref: Id
    test: Test
    level: PhaseId

    _parse = field_validator("test", mode="before")(_parse_test)


class Indicator(_Frozen):
    """Maps one observed value (an answer, a survey mean, a metric) to a level of one category.

    `answers` maps answer options to phases (for fact questions); `levels` holds the test a value
    must pass to reach facilitating and strategic (pioneering is the floor once a value exists).
    Anchored assessment items are indicators too; the loader adds them, so they are not listed.
    """

    id: Id
    evidence: Id
    ref: Id
    name: Text | None = None
    """What the indicator reads, for evidence without a question of its own (a usage metric);
    an owner or survey indicator is named by its question."""
    category: Id
    weight: float = Field(default=1.0, gt=0)
    answers: dict[str, PhaseId] | None = None
    levels: dict[Literal["facilitating", "strategic"], Test] | None = None
    caps: list[Cap] = Field(default_factory=list)
    unit: str | None = None
    calibration: Text | None = None
    """Where the level thresholds were fitted or checked: the data set and the figure."""
    min_group: Threshold | None = None
    """The fewest people the figure must be about to give a level, with why: a top-10 share
    over ten or fewer contributors is 100 % by construction. Separate from the privacy rule
    (`settings.min_group_size`), which decides whether a figure is shown at all."""
    about_people: bool = True
    """False for a figure that concerns no person (platforms in use, a share of integration
    events): it exists as soon as an initiative has events, so a category level resting only on
    such figures neither counts toward the minimum evidence nor makes a usage pointer."""
    source: Source

    @field_validator("levels", mode="before")
    @classmethod
    def _parse_levels(cls, value: object) -> object:
        if isinstance(value, dict):
            return {k: _parse_test(v) for k, v in value.items()}
        return value


class FactorSignal(_Frozen):
    """Says when evidence shows that a driver or inhibitor is at work."""

    factor: Id
    evidence: Id
    ref: Id
    present: Test
    source: Source

    _parse = field_validator("present", mode="before")(_parse_test)


class Group(_Frozen):
    """A gate condition over a set of indicators, such as 'reach beyond the pioneers'."""

    id: Id
    name: Text
    indicators: list[Id] = Field(min_length=1)
    min: float = Field(ge=1, le=3)


class Gate(_Frozen):
    """What must hold for an initiative (or the organisation) to reach a phase."""

    min_mean: float = Field(ge=1, le=3)
    categories: dict[Id, Annotated[float, Field(ge=1, le=3)]] = Field(default_factory=dict)
    groups: list[Group] = Field(default_factory=list)


class Gates(_Frozen):
    facilitating: Gate
    strategic: Gate

    def of(self, phase: str) -> Gate:
        return self.facilitating if phase == "facilitating" else self.strategic


class OrganisationReading(_Frozen):
    """How the organisation's own way of organising Enterprise 2.0 gets its phase."""

    perspectives: list[Id] = Field(min_length=1)
    gates: Gates


class Confidence(_Frozen):
    """Weights of the confidence score: coverage of categories, of evidence kinds, and agreement."""

    coverage: float = Field(ge=0)
    kinds: float = Field(ge=0)
    agreement: float = Field(ge=0)
    evidence_kinds: list[Id] = Field(min_length=1)
    medium: float = Field(ge=0, le=1)
    high: float = Field(ge=0, le=1)


ActivityStateId = Literal["not_started", "growing", "active", "declining", "dormant", "stopped"]
ACTIVITY_STATES: tuple[ActivityStateId, ...] = get_args(ActivityStateId)
"""Whether an initiative is alive, beside its phase; `live` states first."""
ActivityRuleId = Literal[
    "before_start",
    "owner_ended",
    "platform_archived",
    "owner_paused",
    "never_took_off",
    "silent",
    "quiet",
    "shrinking",
    "rising",
    "steady",
]
ACTIVITY_RULES: tuple[ActivityRuleId, ...] = get_args(ActivityRuleId)
"""The activity rules in the order the diagnosis applies them: the first that holds decides."""


class ActivityState(_Frozen):
    id: ActivityStateId
    name: Text
    description: Text
    source: Source


class ActivityThresholds(_Frozen):
    min_contributions: Threshold
    quiet_days: Threshold
    dormant_days: Threshold
    rhythm_factor: Threshold
    decline_share: Threshold
    growth_ratio: Threshold


class ActivityRule(_Frozen):
    """One rule of the activity state: the state it gives and what it says, with placeholders."""

    id: ActivityRuleId
    state: ActivityStateId
    text: Text
    source: Source


class EndOfLifeStep(_Frozen):
    """Advice for a stopped initiative, given instead of growth steps."""

    id: Id
    title: Text
    what_to_do: Text
    why: Text
    source: Source


class ActivityTips(_Frozen):
    """The tips that act on what fails in a declining or dormant initiative: its first steps."""

    declining: list[Id]
    dormant: list[Id]


class Activity(_Frozen):
    """How an initiative's activity state is read from its contributions and signals."""

    states: list[ActivityState]
    thresholds: ActivityThresholds
    rules: list[ActivityRule]
    tips: ActivityTips
    end_of_life: list[EndOfLifeStep] = Field(min_length=1)

    def state(self, state_id: str) -> ActivityState:
        return next(s for s in self.states if s.id == state_id)

    def rule(self, rule_id: str) -> ActivityRule:
        return next(r for r in self.rules if r.id == rule_id)


class EvidenceRules(_Frozen):
    """When evidence can carry a phase, and how owner and survey evidence age."""

    min_categories: Threshold
    """Categories with a level (about people, or claimed) needed to read a phase at all."""
    launch_months: Threshold
    """An initiative this young is pioneering when its evidence cannot carry a phase yet."""
    half_life_months: Threshold
    stale_months: Threshold
    ageing: list[Id]
    """The evidence kinds that lose weight with age (usage is measured anew each time)."""


class Settings(_Frozen):
    conflict_margin: float = Field(gt=0)
    """Indicators of one category whose levels are at least this far apart are a conflict."""
    min_group_size: int = Field(ge=1)
    """Figures about fewer people than this are never shown."""
    confidence: Confidence


class Model(_Frozen):
    """The whole WI3 growth model as one validated object."""

    schema_version: Literal[1]
    id: Id
    name: Text
    version: NonEmpty
    phases: list[Phase] = Field(min_length=3, max_length=3)
    perspectives: list[Perspective] = Field(min_length=1)
    categories: list[Category] = Field(min_length=1)
    factors: list[Factor]
    tips: list[Tip]
    key_questions: list[KeyQuestion]
    assessment: list[AnchoredItem]
    facts: list[FactItem]
    scales: list[Scale] = Field(min_length=1)
    survey: list[SurveyItem]
    indicators: list[Indicator]
    factor_signals: list[FactorSignal]
    gates: Gates
    organisation: OrganisationReading
    activity: Activity
    evidence: EvidenceRules
    settings: Settings

    def thresholds(self) -> list[tuple[str, Threshold]]:
        """Every named threshold of the activity rules and the evidence rules, with its path,
        e.g. `activity.dormant_months`; each says why it has its value."""
        return [
            *((f"activity.{name}", t) for name, t in self.activity.thresholds),
            *((f"evidence.{name}", t) for name, t in self.evidence if isinstance(t, Threshold)),
        ]
