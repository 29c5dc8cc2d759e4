"""Survey rounds collected online, the respondent's side: open a link, save answers, submit.

A respondent needs no account: the token of their invitation is the key. An open link makes a
fresh invitation for whoever uses it. Every function takes the token alone, so a token opens
only the round it was made for. Submitting spends the token and turns the answers into a
ballot in one transaction: a token is spent once, whatever races, and a spent token, an unknown
one or a closed round is refused with a message that says so, in English or Dutch. `link_tries`
limits how many unknown links one client may try.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from wi3.errors import AnswerError, InputError, NotFoundError, SignInError
from wi3.model import Model
from wi3.service._rounds import digest, new_secret, today
from wi3.service._workspace import Workspace
from wi3.store import Initiative, LoginFailure, SurveyBallot, SurveyInvitation, SurveyRound
from wi3.survey import read_scale_answer

USE_OF_ANSWERS = {
    "en": (
        "Your answers are anonymous. This link works once: when you submit, it is spent, and "
        "nothing connects your answers to it or to you. Answers are shown only as averages "
        "over at least {n} people, and only after the round has closed; with the usage of "
        "{initiative} and its owner's assessment they show how far it has grown and what "
        "would help it further. Skip any statement you prefer not to answer, or choose "
        '"{not_applicable}". Answers you save are kept with this link until you submit.'
    ),
    "nl": (
        "Uw antwoorden zijn anoniem. Deze link werkt één keer: als u verstuurt, is hij "
        "gebruikt en verbindt niets uw antwoorden nog met de link of met u. Antwoorden worden "
        "alleen getoond als gemiddelden over ten minste {n} mensen, en pas nadat de ronde is "
        "gesloten; samen met het gebruik van {initiative} en de beoordeling door de eigenaar "
        "laten ze zien hoe ver het gegroeid is en wat het verder zou helpen. Sla een stelling "
        'over als u die liever niet beantwoordt, of kies "{not_applicable}". Antwoorden die u '
        "bewaart, blijven bij deze link tot u verstuurt."
    ),
}
"""What the survey form says about how the answers are used, in every language it asks in."""

NOT_APPLICABLE = {"en": "Not applicable", "nl": "Niet van toepassing"}


@dataclass(frozen=True)
class FormItem:
    """One survey statement as the respondent sees it, with the answer saved so far.

    The answer options are the codes `low` to `high`, labelled where the scale has labels, and
    `not_applicable`, the value that means "not applicable". `saved` is the saved answer as
    the form posts it back (a code, or `not_applicable`), None when unanswered.
    """

    id: str
    statement: str
    low: int
    high: int
    labels: tuple[tuple[int, str], ...]
    not_applicable: str
    not_applicable_label: str
    saved: str | None


@dataclass(frozen=True)
class SurveyForm:
    """The survey a token opens: the round, its statements in its language, how answers are used."""

    initiative: str
    round: str
    language: str
    closes_on: date | None
    use_of_answers: str
    items: tuple[FormItem, ...]

    @property
    def answered(self) -> int:
        """How many statements have a saved answer."""
        return sum(item.saved is not None for item in self.items)


def _invitation(session: Session, token: str) -> tuple[SurveyInvitation, SurveyRound]:
    """The unspent invitation of `token` and its open round.

    Raises:
        NotFoundError: for a token no invitation has.
        InputError: for a spent token, or a round that has closed.
    """
    found = session.execute(
        select(SurveyInvitation, SurveyRound)
        .join(SurveyRound, SurveyRound.id == SurveyInvitation.round_id)
        .where(SurveyInvitation.token == digest(token))
    ).one_or_none()
    if found is None:
        raise NotFoundError(key="error.survey.unknown_link")
    invitation, rnd = found
    if invitation.spent:
        raise InputError(key="error.survey.spent")
    _check_open(rnd)
    return invitation, rnd


def _check_open(rnd: SurveyRound) -> None:
    closed = rnd.closed_on
    if closed is None and rnd.closes_on is not None and rnd.closes_on < today():
        closed = rnd.closes_on
    if closed is not None:
        raise InputError(key="error.survey.closed", date=closed.isoformat())


def _read_answers(model: Model, given: Mapping[str, str]) -> dict[str, float | None]:
    """The answers of a form: item → value, or None for "not applicable"; blanks left out.

    Raises:
        InputError: for an item not in the survey, or an answer outside its scale.
    """
    items = {s.id: s for s in model.survey}
    scales = {s.id: s for s in model.scales}
    answers: dict[str, float | None] = {}
    for item_id, raw in given.items():
        item = items.get(item_id)
        if item is None:
            raise InputError(key="error.survey.not_a_statement", item=repr(item_id))
        if not isinstance(raw, str):
            raise InputError(key="error.survey.not_text", item=item_id)
        if not raw.strip():
            continue
        try:
            answers[item_id] = read_scale_answer(raw, scales[item.scale]).value
        except AnswerError as exc:
            raise InputError(key="error.survey.answer", item=item_id, problem=str(exc)) from exc
    return answers


def _merged(
    saved: Mapping[str, float | None] | None,
    given: Mapping[str, str],
    read: Mapping[str, float | None],
) -> dict[str, float | None]:
    """The saved answers with the given ones over them: `read` holds those the form answered;
    a statement it posted blank loses its saved answer."""
    merged = dict(saved or {})
    for item_id in given:
        if item_id in read:
            merged[item_id] = read[item_id]
        else:
            merged.pop(item_id, None)
    return merged


def _form(
    session: Session, model: Model, rnd: SurveyRound, saved: Mapping[str, float | None]
) -> SurveyForm:
    language = rnd.language or "en"
    scales = {s.id: s for s in model.scales}
    items = []
    for item in model.survey:
        scale = scales[item.scale]
        na = scale.not_applicable[0]
        answer = None
        if item.id in saved:
            value = saved[item.id]
            answer = na if value is None else f"{value:g}"
        items.append(
            FormItem(
                id=item.id,
                statement=item.statement.get(language),
                low=scale.min,
                high=scale.max,
                labels=tuple((code, text.get(language)) for code, text in scale.labels.items()),
                not_applicable=na,
                not_applicable_label=NOT_APPLICABLE[language],
                saved=answer,
            )
        )
    initiative = session.get_one(Initiative, rnd.initiative_id)
    return SurveyForm(
        initiative=initiative.name,
        round=rnd.name,
        language=language,
        closes_on=rnd.closes_on,
        use_of_answers=USE_OF_ANSWERS[language].format(
            n=model.settings.min_group_size,
            initiative=initiative.name,
            not_applicable=NOT_APPLICABLE[language],
        ),
        items=tuple(items),
    )


def survey_form(ws: Workspace, token: str) -> SurveyForm:
    """The survey the token opens, with the answers saved with it so far.

    Raises:
        NotFoundError: for an unknown token.
        InputError: for a spent token or a closed round.
    """
    with ws.store.transaction() as session:
        invitation, rnd = _invitation(session, token)
        return _form(session, ws.model, rnd, invitation.draft or {})


def save_answers(ws: Workspace, token: str, answers: Mapping[str, str]) -> SurveyForm:
    """Keep the answers given so far with the token, over those saved before; a blank
    answer clears a saved one.

    Raises:
        NotFoundError: for an unknown token.
        InputError: for a spent token, a closed round, or an answer that does not fit.
    """
    with ws.store.transaction() as session:
        invitation, rnd = _invitation(session, token)  # the link first: see `link_tries`
        read = _read_answers(ws.model, answers)
        draft = _merged(invitation.draft, answers, read)
        invitation.draft = draft
        return _form(session, ws.model, rnd, draft)


@dataclass(frozen=True)
class Submitted:
    """A submitted survey: how many statements it answered, and in which language to thank."""

    answered: int
    language: str


def submit_answers(ws: Workspace, token: str, answers: Mapping[str, str]) -> Submitted:
    """Submit the answers (over those saved before), spending the token, all at once.

    The answers become a ballot that shares nothing with the invitation; the invitation keeps
    only that it was spent. Two submissions with one token, however close, store one ballot.

    Raises:
        NotFoundError: for an unknown token.
        InputError: for a spent token, a closed round, an answer that does not fit, or no
            answer at all.
    """
    min_group = ws.model.settings.min_group_size
    with ws.store.transaction() as session:
        invitation, rnd = _invitation(session, token)  # the link first: see `link_tries`
        read = _read_answers(ws.model, answers)
        session.refresh(rnd, with_for_update={"read": True})  # a close waits for this
        _check_open(rnd)
        final = _merged(invitation.draft, answers, read)
        if not final:
            raise InputError(key="error.survey.no_answer")
        spent = session.execute(
            update(SurveyInvitation)
            .where(SurveyInvitation.id == invitation.id, SurveyInvitation.spent.is_(False))
            .values(spent=True, draft=None)
            .execution_options(synchronize_session=False)
        )
        if spent.rowcount != 1:  # type: ignore[attr-defined]
            raise InputError(key="error.survey.spent")
        unit = invitation.unit_id
        if unit is not None:
            peers = session.scalar(
                select(func.count())
                .select_from(SurveyInvitation)
                .where(SurveyInvitation.round_id == rnd.id, SurveyInvitation.unit_id == unit)
            )
            unit = unit if (peers or 0) >= min_group else None
        session.add(
            SurveyBallot(
                id=secrets.token_hex(16),
                round_id=rnd.id,
                unit_id=unit,
                submitted_on=today(),
                answers=final,
            )
        )
        return Submitted(len(final), rnd.language or "en")


def join_open_round(ws: Workspace, link: str) -> str:
    """A new single-use token for whoever follows a round's open link.

    Raises:
        NotFoundError: for a link no round has.
        InputError: for a round that has closed.
    """
    with ws.store.transaction() as session:
        rnd = session.scalar(select(SurveyRound).where(SurveyRound.open_link == digest(link)))
        if rnd is None:
            raise NotFoundError(key="error.survey.unknown_link")
        _check_open(rnd)
        token = new_secret()
        session.add(SurveyInvitation(round_id=rnd.id, token=digest(token)))
        return token


def survey_language(ws: Workspace, link: str) -> str | None:
    """The language of the round a token or an open link belongs to, spent or closed alike, to
    refuse it in; None for a link no round has."""
    with ws.store.transaction() as session:
        language = session.scalar(
            select(SurveyRound.language)
            .join(SurveyInvitation, SurveyInvitation.round_id == SurveyRound.id)
            .where(SurveyInvitation.token == digest(link))
        )
        if language is None:
            language = session.scalar(
                select(SurveyRound.language).where(SurveyRound.open_link == digest(link))
            )
        return language


LINK_WINDOW = timedelta(minutes=15)
MAX_UNKNOWN_LINKS = 20
"""Unknown survey links one client may follow within `LINK_WINDOW` before it must wait."""


@contextmanager
def link_tries(ws: Workspace, client: str) -> Iterator[None]:
    """Guard a respondent's request against link guessing: refuse a `client` (its network
    address) that followed `MAX_UNKNOWN_LINKS` unknown links within `LINK_WINDOW`, and count
    the block's `NotFoundError` (an unknown link) against it.

    The count is kept in the store, as a digest of the client, with the failed sign-ins: the
    limit holds across workers; it records nothing of a link that works. Every respondent's
    function looks the link up before anything else, so no other refusal tells a guesser
    whether a link exists.

    Raises:
        SignInError: too many unknown links lately (with `retry_after`).
    """
    subject = hashlib.sha256(f"survey-link:{client}".encode()).hexdigest()
    now = datetime.now(UTC)
    with ws.store.transaction() as session:
        tried, first = session.execute(
            select(func.count(), func.min(LoginFailure.at)).where(
                LoginFailure.subject == subject, LoginFailure.at >= now - LINK_WINDOW
            )
        ).one()
    if tried >= MAX_UNKNOWN_LINKS:
        wait = max(1, round((first + LINK_WINDOW - now).total_seconds()))
        raise SignInError(
            f"too many unknown survey links from this address; wait {max(1, wait // 60)} "
            "minutes and try again",
            retry_after=wait,
        )
    try:
        yield
    except NotFoundError:
        with ws.store.transaction() as session:
            session.execute(delete(LoginFailure).where(LoginFailure.at < now - LINK_WINDOW))
            session.add(LoginFailure(subject=subject, at=now))
        raise
