"""The respondent's survey form: no account, no sign-in; the link is the key.

`GET /survey/{link}` shows the form of an invitation's token in the round's language, or, for a
round's open link, makes the visitor a single-use link of their own and sends them there.
`POST /survey/{link}` saves the answers given so far ("save and continue later") or submits
them, which spends the link. Every refusal (an unknown or spent link, a closed round, an answer
that does not fit, too many unknown links from one address) is a page in the round's language
with its own HTTP status.

What the respondent's browser gets is a session cookie holding only the CSRF token of the form;
the server keeps nothing of it, and nothing here logs a link or an answer (the access log shows
`/survey/…`, see `wi3.web._app.HideSurveyLinks`). Pages send no Referer header, so the link
does not travel to the stylesheet's request either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from wi3 import service
from wi3.errors import InputError, NotFoundError, SignInError, StoreError, Wi3Error
from wi3.service import Workspace
from wi3.web._deps import CSRF_FIELD, WorkspaceDep, language, page, verify_csrf
from wi3.web._labels import label, translator

router = APIRouter(include_in_schema=False)

GONE = frozenset({"error.survey.spent", "error.survey.closed"})
"""Refusals of a link that worked once: 410 Gone."""
ACTION = "action"


@dataclass(frozen=True)
class Posted:
    """A posted survey form: its answers (statement → code), what to do, and whether it came
    with this browser's CSRF token."""

    answers: dict[str, str]
    submit: bool
    csrf_ok: bool


async def posted(request: Request) -> Posted:
    form = await request.form()
    try:
        await verify_csrf(request)
        csrf_ok = True
    except HTTPException:
        csrf_ok = False
    answers = {
        k: v for k, v in form.items() if isinstance(v, str) and k not in (CSRF_FIELD, ACTION)
    }
    return Posted(answers, form.get(ACTION) == "submit", csrf_ok)


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _plain(response: Response) -> Response:
    """A respondent's page: no Referer with the link in it, to any address."""
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@router.get("/survey/{link}", response_model=None)
def survey(
    request: Request, ws: WorkspaceDep, link: str, saved: bool = False
) -> HTMLResponse | RedirectResponse | Response:
    """The form of an invitation's link; an open link makes a single-use one and goes there."""
    try:
        with service.link_tries(ws, _client(request)):
            try:
                form = service.survey_form(ws, link)
            except NotFoundError:
                token = service.join_open_round(ws, link)
                return _plain(RedirectResponse(f"/survey/{token}", status_code=303))
    except Wi3Error as exc:
        return _refused(request, ws, link, exc)
    locale = translator(form.language)
    return _plain(page(request, locale, "respond.html", None, form=form, link=link, saved=saved))


@router.post("/survey/{link}", response_model=None)
def answer(
    request: Request,
    ws: WorkspaceDep,
    link: str,
    given: Annotated[Posted, Depends(posted)],
) -> HTMLResponse | RedirectResponse | Response:
    """Save the answers and come back to the form, or submit them and say thank you."""
    if not given.csrf_ok:  # in the browser's language: this refusal must not tell of the link
        locale = language(request)
        return _refusal(request, locale, 403, label(locale, "survey_csrf"))
    try:
        with service.link_tries(ws, _client(request)):
            if not given.submit:
                service.save_answers(ws, link, given.answers)
                return _plain(RedirectResponse(f"/survey/{link}?saved=true", status_code=303))
            done = service.submit_answers(ws, link, given.answers)
    except Wi3Error as exc:
        return _refused(request, ws, link, exc)
    locale = translator(done.language)
    return _plain(page(request, locale, "respond_done.html", None, answered=done.answered))


def _refused(request: Request, ws: Workspace, link: str, exc: Wi3Error) -> Response:
    """A refusal page in the round's language (the browser's for a link no round has)."""
    if isinstance(exc, SignInError):  # too many unknown links: say nothing of this one
        locale = language(request)
        minutes = max(1, (exc.retry_after or 60) // 60)
        response = _refusal(request, locale, 429, label(locale, "survey_wait", minutes=minutes))
        response.headers["Retry-After"] = str(exc.retry_after or 60)
        return response
    if isinstance(exc, NotFoundError):  # no round: the browser's language
        return _refusal(request, language(request), 404, exc.message(language(request).language))
    # the link was found before anything else was refused (`link_tries`)
    locale = translator(service.survey_language(ws, link) or language(request).language)
    if exc.key in GONE:
        status = 410
    elif isinstance(exc, InputError):
        status = 400
    elif isinstance(exc, StoreError):
        status = 409
    else:
        status = 503
    return _refusal(request, locale, status, exc.message(locale.language))


def _refusal(request: Request, locale: service.Locale, status: int, message: str) -> Response:
    return _plain(page(request, locale, "respond_refused.html", None, status, message=message))
