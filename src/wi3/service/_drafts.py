"""Owner assessments answered on a form: the questions, drafts saved per role, and recording.

The form shows each anchored item with its category's phase descriptors as the answer options
(the behaviourally anchored scale of MODEL.md §7), and the fact questions, in English or Dutch.
An owner saves a draft as often as they like (one per initiative and role, never a name) and
records it when done: it is stored as any assessment is (`store_assessment`), and the next
diagnosis reads it. The organisation-level assessment asks the anchored items of the business
and organisation perspectives only, and no facts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from wi3.errors import AnswerError, InputError, has_control_character
from wi3.model import Model
from wi3.service._diagnose import latest_assessment
from wi3.service._organisation import find_initiative
from wi3.service._questionnaires import store_assessment
from wi3.service._workspace import Workspace, find_organisation
from wi3.store import AssessmentDraft, Initiative, Organisation
from wi3.survey import ORGANISATION, AssessmentInput, read_owner_answer

DONT_KNOW = "dont_know"
"""The answer meaning "don't know", as the form posts it and a draft shows it."""

WORDS = {
    "en": {"dont_know": "Don't know", "yes": "Yes", "no": "No", "organisation": "the organisation"},
    "nl": {"dont_know": "Weet niet", "yes": "Ja", "no": "Nee", "organisation": "de organisatie"},
}


@dataclass(frozen=True)
class Choice:
    """One answer option: the value the form posts, and its text."""

    value: str
    text: str


@dataclass(frozen=True)
class OwnerQuestion:
    """One question of the owner assessment, with its options and the draft's answer.

    For an anchored item (`kind` "anchored") the options are the category's descriptor for
    each phase, `category` and `perspective` say what it judges; a fact is "yes_no", "choice"
    or "number" (a number has no options). Every question may be answered "don't know"
    (`DONT_KNOW`). `answer` is the draft's answer as the form posts it, None when unanswered.
    """

    id: str
    kind: str
    question: str
    options: tuple[Choice, ...]
    category: str | None
    category_name: str | None
    perspective: str | None
    answer: str | None


@dataclass(frozen=True)
class AssessmentForm:
    """The owner assessment of an initiative (or of the organisation) as a form to fill in."""

    initiative: str
    """The initiative's slug, or "@organisation"."""
    name: str
    language: str
    role: str | None
    questions: tuple[OwnerQuestion, ...]
    dont_know: str
    """The text of the "don't know" option."""
    saved_at: datetime | None
    """When the draft was last saved; None without a draft."""
    last_assessed_on: date | None
    """The day of the newest recorded assessment, if any."""

    @property
    def answered(self) -> int:
        """How many questions the draft answers (a "don't know" counts)."""
        return sum(q.answer is not None for q in self.questions)


def _subject(
    session: Session, org: Organisation, initiative_slug: str
) -> tuple[Initiative | None, str]:
    """The initiative to assess (None for the organisation itself) and its name."""
    if initiative_slug == ORGANISATION:
        return None, org.name
    initiative = find_initiative(session, org, initiative_slug)
    return initiative, initiative.name


def _role(role: str) -> str:
    role = " ".join(role.split())
    if not role:
        raise InputError(
            "give your role, such as 'community manager' or 'sponsor' (a role, never a name)"
        )
    if has_control_character(role):
        raise InputError(key="error.assessment.role_text", role=repr(role))
    return role


def _questions(
    model: Model, language: str, organisation_level: bool, answers: Mapping[str, str | None]
) -> tuple[OwnerQuestion, ...]:
    """The questions in `language`, with the draft's answers."""
    categories = {c.id: c for c in model.categories}
    scope = set(model.organisation.perspectives) if organisation_level else None
    words = WORDS[language]

    def shown(item: str) -> str | None:
        if item not in answers:
            return None
        value = answers[item]
        return DONT_KNOW if value is None else value

    questions = []
    for item in model.assessment:
        category = categories[item.category]
        if scope is not None and category.perspective not in scope:
            continue
        options = tuple(
            Choice(phase.id, category.levels.of(phase.id).text.get(language))
            for phase in model.phases
        )
        questions.append(
            OwnerQuestion(
                id=item.id,
                kind="anchored",
                question=item.question.get(language),
                options=options,
                category=category.id,
                category_name=category.name.get(language),
                perspective=category.perspective,
                answer=shown(item.id),
            )
        )
    if organisation_level:
        return tuple(questions)
    for fact in model.facts:
        if fact.answer == "yes_no":
            options = (Choice("yes", words["yes"]), Choice("no", words["no"]))
        else:
            options = tuple(Choice(o.id, o.text.get(language)) for o in fact.options)
        questions.append(
            OwnerQuestion(
                id=fact.id,
                kind=fact.answer,
                question=fact.question.get(language),
                options=options,
                category=None,
                category_name=None,
                perspective=None,
                answer=shown(fact.id),
            )
        )
    return tuple(questions)


def _draft(
    session: Session, org: Organisation, initiative: Initiative | None, role: str
) -> AssessmentDraft | None:
    subject = (
        AssessmentDraft.initiative_id == initiative.id
        if initiative
        else AssessmentDraft.initiative_id.is_(None)
    )
    return session.scalar(
        select(AssessmentDraft).where(
            AssessmentDraft.organisation_id == org.id,
            subject,
            AssessmentDraft.assessor_role == role,
        )
    )


def _language(language: str) -> str:
    if language not in WORDS:
        raise InputError(f"language {language!r} is not one wi3 asks in; choose en or nl")
    return language


def _form(
    session: Session,
    model: Model,
    org: Organisation,
    initiative: Initiative | None,
    name: str,
    language: str,
    role: str | None,
    draft: AssessmentDraft | None,
) -> AssessmentForm:
    last = latest_assessment(session, org, initiative, date.max)
    return AssessmentForm(
        initiative=ORGANISATION if initiative is None else initiative.slug,
        name=WORDS[language]["organisation"] if initiative is None else name,
        language=language,
        role=role,
        questions=_questions(model, language, initiative is None, draft.answers if draft else {}),
        dont_know=WORDS[language]["dont_know"],
        saved_at=None if draft is None else draft.saved_at,
        last_assessed_on=None if last is None else last.assessed_on,
    )


def assessment_form(
    ws: Workspace,
    org_slug: str | None,
    initiative_slug: str,
    language: str = "en",
    role: str | None = None,
) -> AssessmentForm:
    """The owner assessment of an initiative (or "@organisation") as a form, in `language`,
    with the draft `role` saved, if any.

    Raises:
        NotFoundError: for an unknown organisation or initiative.
        InputError: for a language wi3 does not ask in.
    """
    language = _language(language)
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        initiative, name = _subject(session, org, initiative_slug)
        role = None if role is None else _role(role)
        draft = None if role is None else _draft(session, org, initiative, role)
        return _form(session, ws.model, org, initiative, name, language, role, draft)


def _read(
    model: Model, organisation_level: bool, given: Mapping[str, str]
) -> dict[str, str | None | bool]:
    """The answers posted: question → answer (None: don't know; False: cleared).

    Raises:
        InputError: for a question not on the form, or an answer that does not fit it.
    """
    allowed = {q.id for q in _questions(model, "en", organisation_level, {})}
    read: dict[str, str | None | bool] = {}
    for item, raw in given.items():
        if item not in allowed:
            where = "the organisation-level assessment" if organisation_level else "this form"
            raise InputError(
                f"{item!r} is not a question of {where}; answer the questions the form shows"
            )
        if not raw.strip():
            read[item] = False
            continue
        try:
            read[item] = read_owner_answer(model, item, raw)
        except AnswerError as exc:
            raise InputError(f"{item}: {exc}. Nothing was saved.") from exc
    return read


def _merge(
    saved: Mapping[str, str | None], read: Mapping[str, str | None | bool]
) -> dict[str, str | None]:
    merged = dict(saved)
    for item, value in read.items():
        if value is False:
            merged.pop(item, None)
        else:
            merged[item] = value if isinstance(value, str) else None
    return merged


def save_assessment_draft(
    ws: Workspace,
    org_slug: str | None,
    initiative_slug: str,
    role: str,
    answers: Mapping[str, str],
    language: str = "en",
) -> AssessmentForm:
    """Save answers to the draft of `role`, over those saved before; a blank answer clears one.

    Raises:
        InputError: for no role, a question not on the form or an answer that does not fit it
            (nothing is saved then).
    """
    language = _language(language)
    role = _role(role)
    read = _read(ws.model, initiative_slug == ORGANISATION, answers)
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        initiative, name = _subject(session, org, initiative_slug)
        draft = _draft(session, org, initiative, role)
        if draft is None:
            draft = AssessmentDraft(
                organisation_id=org.id,
                initiative_id=None if initiative is None else initiative.id,
                assessor_role=role,
                answers={},
            )
            session.add(draft)
        draft.answers = _merge(draft.answers, read)
        draft.saved_at = datetime.now(UTC)
        session.flush()
        return _form(session, ws.model, org, initiative, name, language, role, draft)


@dataclass(frozen=True)
class AssessmentRecorded:
    """An assessment recorded from a form: how many answers, and whether it was new."""

    initiative: str
    assessed_on: date
    role: str
    answered: int
    dont_know: int
    added: bool
    """False when an identical assessment was stored already (then nothing was added)."""

    def __str__(self) -> str:
        text = (
            f"assessment of {self.initiative} on {self.assessed_on.isoformat()} by the "
            f"{self.role}: {self.answered} answers, {self.dont_know} don't know"
        )
        return text + ("" if self.added else " — identical to one already stored")


def submit_assessment(
    ws: Workspace,
    org_slug: str | None,
    initiative_slug: str,
    role: str,
    assessed_on: date,
    answers: Mapping[str, str] | None = None,
) -> AssessmentRecorded:
    """Record the draft of `role`, with `answers` over it, as the assessment of `assessed_on`;
    the draft is removed in the same transaction.

    Raises:
        InputError: for no role, an answer that does not fit, or no answer at all.
    """
    role = _role(role)
    read = _read(ws.model, initiative_slug == ORGANISATION, answers or {})
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        initiative, _name = _subject(session, org, initiative_slug)
        draft = _draft(session, org, initiative, role)
        final = _merge({} if draft is None else draft.answers, read)
        if not final:
            raise InputError(
                "the assessment has no answers; answer at least one question (or \"don't "
                'know") before recording it'
            )
        entry = AssessmentInput(
            initiative_slug, assessed_on, final, assessor_role=role, where="form"
        )
        added = store_assessment(session, org, entry, "form")
        if draft is not None:
            session.execute(delete(AssessmentDraft).where(AssessmentDraft.id == draft.id))
    unknown = sum(v is None for v in final.values())
    return AssessmentRecorded(
        initiative_slug, assessed_on, role, len(final) - unknown, unknown, added
    )
