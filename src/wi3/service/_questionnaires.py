"""Owner assessments and user surveys: importing them into the store and scoring them."""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from wi3.errors import InputError, NotFoundError, listing
from wi3.service._organisation import find_initiative
from wi3.service._rounds import close_due_rounds
from wi3.service._workspace import Workspace, find_organisation
from wi3.store import (
    Answer,
    Assessment,
    Initiative,
    Organisation,
    SurveyAnswer,
    SurveyResponse,
    SurveyRound,
    Unit,
)
from wi3.survey import (
    AssessmentInput,
    GroupScores,
    load_mapping,
    read_assessments,
    read_survey_rows,
    score_by_unit,
    withheld_text,
)
from wi3.texts import Locale


@dataclass(frozen=True)
class AssessmentImport:
    imported: int
    already: int

    def text(self, locale: Locale) -> str:
        """How many assessments were imported, and how many were there before, in `locale`."""
        imported = locale.plural("cli.assess.imported", self.imported)
        if not self.already:
            return imported
        return f"{imported}, {locale.label('cli.assess.already', already=self.already)}"

    def __str__(self) -> str:
        return self.text(Locale("en"))


def _digest(entry: AssessmentInput) -> str:
    content = json.dumps(
        [entry.assessed_on.isoformat(), entry.assessor_role, sorted(entry.answers.items())],
        default=str,
    )
    return hashlib.sha256(content.encode()).hexdigest()[:32]


def store_assessment(
    session: Session, org: Organisation, entry: AssessmentInput, origin: str
) -> bool:
    """Store one assessment unless the same one is already there; True when it was added."""
    initiative: Initiative | None = None
    if not entry.organisation_level:
        try:
            initiative = find_initiative(session, org, entry.initiative)
        except NotFoundError as exc:
            raise InputError(f"{entry.where}: {exc}. Nothing was imported.") from exc
    digest = _digest(entry)
    subject = (
        Assessment.initiative_id == initiative.id
        if initiative
        else Assessment.initiative_id.is_(None)
    )
    found = session.scalar(
        select(Assessment.id).where(
            Assessment.organisation_id == org.id, subject, Assessment.digest == digest
        )
    )
    if found is not None:
        return False
    assessment = Assessment(
        organisation_id=org.id,
        initiative_id=initiative.id if initiative else None,
        assessed_on=entry.assessed_on,
        assessor_role=entry.assessor_role,
        origin=origin,
        digest=digest,
    )
    assessment.answers = [
        Answer(item_id=item, value=value, dont_know=value is None)
        for item, value in entry.answers.items()
    ]
    session.add(assessment)
    session.flush()
    return True


def import_assessments(ws: Workspace, org_slug: str | None, path: Path) -> AssessmentImport:
    """Import every assessment in a YAML or CSV file, all or none; re-imports add nothing."""
    entries = read_assessments(path, ws.model)
    imported = already = 0
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        for entry in entries:
            if store_assessment(session, org, entry, path.name):
                imported += 1
            else:
                already += 1
    return AssessmentImport(imported, already)


def record_assessment(ws: Workspace, org_slug: str | None, entry: AssessmentInput) -> bool:
    """Store an assessment answered interactively; False when an identical one exists."""
    with ws.store.transaction() as session:
        return store_assessment(session, find_organisation(session, org_slug), entry, "interactive")


@dataclass(frozen=True)
class SurveyImport:
    round: str
    read: int
    imported: int
    already: int
    too_long: tuple[int, ...] = ()
    """Lines left out: a field longer than the csv module reads."""

    def __str__(self) -> str:
        text = f"{self.read} responses read; {self.imported} imported into round {self.round!r}"
        text += f"; {self.already} already imported before" if self.already else ""
        if self.too_long:
            rows = "row" if len(self.too_long) == 1 else "rows"
            lines = listing(self.too_long, limit=5)
            text += (
                f"; {len(self.too_long)} {rows} skipped (line {lines}): a field longer than "
                f"{csv.field_size_limit():,} characters"
            )
        return text


def import_survey(
    ws: Workspace,
    org_slug: str | None,
    initiative_slug: str,
    path: Path,
    mapping_path: Path,
    round_name: str,
    opened_on: date,
) -> SurveyImport:
    """Import a survey export into a round of an initiative, all or nothing.

    Respondents already in the round (same respondent id, or the same row of the same file)
    are skipped, so importing a file again, or a later export with more rows, adds only the new.
    """
    mapping = load_mapping(mapping_path, ws.model)
    found = read_survey_rows(path, mapping, ws.model)
    responses = found.responses
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        initiative = find_initiative(session, org, initiative_slug)
        rnd = session.scalar(
            select(SurveyRound).where(
                SurveyRound.initiative_id == initiative.id, SurveyRound.name == round_name
            )
        )
        if rnd is not None and rnd.online:
            raise InputError(
                f"survey round {round_name!r} of {initiative.slug} is collected online by wi3; "
                "import the export into a round of its own (another --round name)"
            )
        if rnd is None:
            rnd = SurveyRound(
                organisation_id=org.id,
                initiative_id=initiative.id,
                name=round_name,
                opened_on=opened_on,
            )
            session.add(rnd)
            session.flush()
        known = set(
            session.scalars(
                select(SurveyResponse.respondent).where(SurveyResponse.round_id == rnd.id)
            ).all()
        )
        units = {
            u.path: u.id
            for u in session.scalars(select(Unit).where(Unit.organisation_id == org.id))
        }
        imported = 0
        for response in responses:
            if response.respondent in known:
                continue
            if response.unit is not None and response.unit not in units:
                raise InputError(
                    f"{path}:{response.line}: unit {response.unit!r} is not a unit of "
                    f"{org.slug}; add it to the organisation file, or fix the unit column. "
                    "Nothing was imported."
                )
            row = SurveyResponse(
                round_id=rnd.id,
                respondent=response.respondent,
                unit_id=units[response.unit] if response.unit else None,
                submitted_on=response.submitted,
            )
            row.answers = [
                SurveyAnswer(item_id=item, value=value, not_applicable=value is None)
                for item, value in response.answers.items()
            ]
            session.add(row)
            known.add(response.respondent)
            imported += 1
        return SurveyImport(
            round_name, len(responses), imported, len(responses) - imported, found.too_long
        )


def latest_round(session: Session, initiative: Initiative, as_of: date) -> SurveyRound | None:
    """The newest survey round of an initiative opened on or before `as_of` that has results:
    imported, or collected online and closed (an open one holds its ballots back)."""
    return session.scalar(
        _rounds_with_results(as_of).where(SurveyRound.initiative_id == initiative.id).limit(1)
    )


def rounds_with_results(session: Session, org: Organisation, as_of: date) -> list[SurveyRound]:
    """Every round of the organisation's initiatives opened on or before `as_of` that has
    results, newest first: `latest_round` of each initiative at once."""
    query = _rounds_with_results(as_of).where(SurveyRound.organisation_id == org.id)
    return list(session.scalars(query))


def _rounds_with_results(as_of: date) -> Select[SurveyRound]:
    return (
        select(SurveyRound)
        .where(
            SurveyRound.opened_on <= as_of,
            or_(SurveyRound.language.is_(None), SurveyRound.closed_on.is_not(None)),
        )
        .order_by(SurveyRound.opened_on.desc(), SurveyRound.id.desc())
    )


def round_answers(
    rnd: SurveyRound, as_of: date | None = None
) -> list[tuple[str | None, dict[str, float | None]]]:
    """Each response of a round as (unit path, answers), leaving out those submitted later."""
    return [
        (r.unit.path if r.unit else None, {a.item_id: a.value for a in r.answers})
        for r in rnd.responses
        if as_of is None or r.submitted_on is None or r.submitted_on <= as_of
    ]


@dataclass(frozen=True)
class SurveyResults:
    """The item means of a survey round: all respondents first, then each unit."""

    initiative: str
    round: str | None
    groups: tuple[GroupScores, ...]
    withheld_note: str
    """What a withheld figure means: fewer answers than the minimum group size."""


def survey_results(
    ws: Workspace,
    org_slug: str | None,
    initiative_slug: str,
    round_name: str | None = None,
) -> SurveyResults:
    """Item means for all respondents and per unit; no figure about fewer than the minimum.

    An online round shows none until it closes (a round past its closing day closes now).
    """
    items = [s.id for s in ws.model.survey]
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        close_due_rounds(session, ws.model, org)
        initiative = find_initiative(session, org, initiative_slug)
        if round_name is None:
            rnd = latest_round(session, initiative, date.max)
        else:
            rnd = session.scalar(
                select(SurveyRound).where(
                    SurveyRound.initiative_id == initiative.id, SurveyRound.name == round_name
                )
            )
            if rnd is None:
                raise InputError(f"{initiative_slug} has no survey round {round_name!r}")
        min_group = ws.model.settings.min_group_size
        withheld = withheld_text(min_group)
        if rnd is None:
            return SurveyResults(initiative_slug, None, (), withheld)
        groups = score_by_unit(round_answers(rnd), items, min_group)
        return SurveyResults(initiative_slug, rnd.name, groups, withheld)
