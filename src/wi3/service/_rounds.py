"""Survey rounds collected online, the analyst's side: create, invite, follow and close a round.

An analyst creates a round for an initiative from the model's survey items, in English or
Dutch; invites a list of people (each gets a single-use link, sent with the organisation's own
mail) or asks for an open link anyone holding it may use. Respondents answer through
`wi3.service._respond`. The answers are held as ballots until the round closes (by hand, or
after its closing day); then they become the round's responses in an order of their own, and
flow into the diagnosis exactly as an imported survey does.

Anonymous by construction: an invitee's address is used to mint the token and is then kept
only as a keyed digest (to invite nobody twice); a token is stored as its digest and spent on
submission, when the answers saved with it are removed; the ballot shares no key, id, time or
order with the invitation; units are kept only for groups of at least the minimum size.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import secrets
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from wi3.errors import InputError, NotFoundError, has_control_character
from wi3.model import Model
from wi3.notes import Note, note
from wi3.service._organisation import find_initiative
from wi3.service._workspace import Workspace, find_organisation
from wi3.store import (
    Initiative,
    Organisation,
    SurveyAnswer,
    SurveyBallot,
    SurveyInvitation,
    SurveyResponse,
    SurveyRound,
    Unit,
)
from wi3.survey import OTHER_UNITS, Invitee, check_invitees, read_invitees, shown_groups
from wi3.texts import Locale

LANGUAGES = ("en", "nl")
ENGLISH = Locale("en")


def today() -> date:
    """The current day in UTC: the only time a ballot or a round records."""
    return datetime.now(UTC).date()


def digest(secret: str) -> str:
    """The stored form of a token or an open link: its SHA-256, in hex.

    Tokens are 192 random bits, so a plain hash cannot be reversed by trying candidates.
    """
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    """A fresh token or open link: 192 random bits, URL-safe."""
    return secrets.token_urlsafe(24)


def survey_link(base_url: str | None, secret: str) -> str:
    """The link a respondent follows: the survey page's address and the token (or the open
    link's secret); the secret alone without an address."""
    return f"{base_url.rstrip('/')}/{secret}" if base_url else secret


@dataclass(frozen=True)
class RoundCreated:
    """A new online round; `open_link` is the open link's secret, shown only this once."""

    initiative: str
    round: str
    language: str
    opened_on: date
    closes_on: date | None
    open_link: str | None

    def text(self, locale: Locale) -> str:
        """What was created, in `locale`'s language (the closing day as `--closes` takes it)."""
        if self.closes_on is None:
            return locale.label(
                "cli.round.created",
                round=repr(self.round),
                initiative=self.initiative,
                language=self.language,
            )
        return locale.label(
            "cli.round.created_until",
            round=repr(self.round),
            initiative=self.initiative,
            language=self.language,
            date=self.closes_on.isoformat(),
        )

    def __str__(self) -> str:
        return self.text(ENGLISH)


def create_round(
    ws: Workspace,
    org_slug: str | None,
    initiative_slug: str,
    name: str,
    language: str,
    *,
    closes_on: date | None = None,
    open_link: bool = False,
) -> RoundCreated:
    """Create a survey round of an initiative, collected online from the model's survey items.

    Raises:
        InputError: for an unknown language, an empty or taken name, or a closing day past.
        NotFoundError: for an unknown organisation or initiative.
    """
    name = name.strip()
    if language not in LANGUAGES:
        raise InputError(key="error.round.language", language=repr(language))
    if not name:
        raise InputError(key="error.round.no_name")
    if has_control_character(name):
        raise InputError(key="error.round.name_text", round=repr(name))
    opened = today()
    if closes_on is not None and closes_on < opened:
        raise InputError(key="error.round.closes_passed", date=closes_on.isoformat())
    link = new_secret() if open_link else None
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        initiative = find_initiative(session, org, initiative_slug)
        taken = session.scalar(
            select(SurveyRound.id).where(
                SurveyRound.initiative_id == initiative.id, SurveyRound.name == name
            )
        )
        if taken is not None:
            raise InputError(key="error.round.taken", initiative=initiative.slug, round=repr(name))
        session.add(
            SurveyRound(
                organisation_id=org.id,
                initiative_id=initiative.id,
                name=name,
                opened_on=opened,
                language=language,
                closes_on=closes_on,
                open_link=None if link is None else digest(link),
            )
        )
    return RoundCreated(initiative.slug, name, language, opened, closes_on, link)


def find_round(
    session: Session, org: Organisation, initiative_slug: str, name: str
) -> tuple[Initiative, SurveyRound]:
    """The initiative and its round `name`.

    Raises:
        NotFoundError: listing the rounds the initiative does have.
    """
    initiative = find_initiative(session, org, initiative_slug)
    found = session.scalar(
        select(SurveyRound).where(
            SurveyRound.initiative_id == initiative.id, SurveyRound.name == name
        )
    )
    if found is None:
        names = session.scalars(
            select(SurveyRound.name)
            .where(SurveyRound.initiative_id == initiative.id)
            .order_by(SurveyRound.opened_on)
        ).all()
        if not names:
            raise NotFoundError(
                key="error.round.no_rounds", initiative=initiative.slug, round=repr(name)
            )
        raise NotFoundError(
            key="error.round.no_round",
            initiative=initiative.slug,
            round=repr(name),
            known=[repr(n) for n in names],
        )
    return initiative, found


def _online_round(
    session: Session, org: Organisation, initiative_slug: str, name: str, *, lock: bool = False
) -> SurveyRound:
    """The online round `name`, open; locked against a concurrent close when `lock`.

    Raises:
        InputError: when the round was imported, or has closed.
    """
    _initiative, rnd = find_round(session, org, initiative_slug, name)
    if lock:
        session.refresh(rnd, with_for_update=True)
    if not rnd.online:
        raise InputError(key="error.round.imported", round=repr(name))
    if rnd.closed_on is not None:
        raise InputError(key="error.round.closed", round=repr(name), date=rnd.closed_on.isoformat())
    return rnd


@dataclass(frozen=True)
class Invitation:
    """An invitee's address and the token of their single-use link, to send them."""

    address: str
    token: str


@dataclass(frozen=True)
class Invitations:
    """The invitations a list made: new ones with their tokens, and how many were there before."""

    round: str
    new: tuple[Invitation, ...]
    already: int

    def links_csv(self, base_url: str | None) -> str:
        """The new invitations as CSV for a mail merge: each address with its link (the
        token after `base_url`, or the token alone without one)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["address", "link"])
        for invitation in self.new:
            writer.writerow([invitation.address, survey_link(base_url, invitation.token)])
        return out.getvalue()

    def text(self, locale: Locale) -> str:
        """How many invitations were made, and how many were there before, in `locale`."""
        made = locale.plural("cli.round.invitations", len(self.new))
        if not self.already:
            return made
        return f"{made}; {locale.label('cli.round.invited_before', count=self.already)}"

    def __str__(self) -> str:
        return self.text(ENGLISH)


def _invitee_digest(key: bytes, round_id: int, address: str) -> str:
    """A keyed digest of an address, per round, so it links no one across rounds."""
    message = f"invitee\x1f{round_id}\x1f{address.strip().casefold()}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def invite(
    ws: Workspace, org_slug: str | None, initiative_slug: str, round_name: str, path: Path
) -> Invitations:
    """Make a single-use invitation for each invitee of a CSV file not yet invited to the round.

    The tokens are returned once, to be sent; the store keeps only their digests. Inviting the
    same list again (or a longer one) invites only the people not yet invited.

    Raises:
        InputError: for a malformed file (file, line, what to write), or a closed round.
    """
    return _invite(
        ws, org_slug, initiative_slug, round_name, lambda units: read_invitees(path, units)
    )


def invite_people(
    ws: Workspace,
    org_slug: str | None,
    initiative_slug: str,
    round_name: str,
    people: Sequence[Mapping[str, str | None]],
) -> Invitations:
    """`invite`, for a list of invitees (each with `address`, `unit` and `level`) instead of
    a file: the JSON API's way.

    Raises:
        InputError: for a malformed entry (which one, what to write), or a closed round.
    """
    return _invite(
        ws, org_slug, initiative_slug, round_name, lambda units: check_invitees(people, units)
    )


def _invite(
    ws: Workspace,
    org_slug: str | None,
    initiative_slug: str,
    round_name: str,
    read: Callable[[Collection[str]], list[Invitee]],
) -> Invitations:
    with ws.store.transaction() as session:  # checked before reading the invitees
        org = find_organisation(session, org_slug)
        close_due_rounds(session, ws.model, org)
        _online_round(session, org, initiative_slug, round_name)
        units = {
            u.path: u.id
            for u in session.scalars(select(Unit).where(Unit.organisation_id == org.id))
        }
    invitees = read(units.keys())
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        rnd = _online_round(session, org, initiative_slug, round_name)
        known = set(
            session.scalars(
                select(SurveyInvitation.invitee).where(SurveyInvitation.round_id == rnd.id)
            )
        )
        new = []
        for person in invitees:
            invitee = _invitee_digest(ws.key(), rnd.id, person.address)
            if invitee in known:
                continue
            token = new_secret()
            session.add(
                SurveyInvitation(
                    round_id=rnd.id,
                    token=digest(token),
                    invitee=invitee,
                    unit_id=None if person.unit is None else units[person.unit],
                    level=person.level,
                )
            )
            new.append(Invitation(person.address, token))
        return Invitations(rnd.name, tuple(new), len(invitees) - len(new))


@dataclass(frozen=True)
class RateGroup:
    """Invitations and responses of one group of invitees; `responded` None when withheld."""

    group: str
    invited: int
    responded: int | None

    @property
    def rate(self) -> float | None:
        """The share of the group that responded, None when withheld."""
        return None if self.responded is None or not self.invited else self.responded / self.invited


@dataclass(frozen=True)
class RoundStatus:
    """Where a survey round stands: open or closed, and who has answered, in groups of five."""

    initiative: str
    round: str
    online: bool
    language: str | None
    opened_on: date
    closes_on: date | None
    closed_on: date | None
    open_link: bool
    invited: int
    """Invitations sent to a list (not those made through the open link)."""
    joined: int
    """Invitations made through the open link."""
    responded: int | None
    """Invitations spent, withheld when fewer than the minimum were made."""
    responses: int | None
    """The responses the round's results rest on (an online round has none until it closes);
    withheld, as `responded` is, when fewer than the minimum were invited: after closing the two
    are the same number."""
    by_unit: tuple[RateGroup, ...]
    by_level: tuple[RateGroup, ...]
    withheld_note: Note
    """Why a figure shows as —, to render in the reader's language."""

    @property
    def state(self) -> str:
        """ "open" or "closed" for an online round, "imported" for one read from an export."""
        if not self.online:
            return "imported"
        return "open" if self.closed_on is None else "closed"

    def text(self, locale: Locale) -> str:
        """Where the round stands, in one line in `locale`'s language."""
        say = locale.label
        if not self.online:
            state = locale.plural("cli.round.state.imported", self.responses or 0)
        elif self.closed_on is not None:
            state = say("cli.round.state.closed", date=self.closed_on.isoformat())
        elif self.closes_on is not None:
            state = say("cli.round.state.open_until", date=self.closes_on.isoformat())
        else:
            state = say("cli.round.state.open")
        parts = [
            say("cli.round.status", round=repr(self.round), initiative=self.initiative, state=state)
        ]
        if self.online:
            invited = say("cli.round.invited", count=self.invited)
            parts += [
                say("cli.round.joined", invited=invited, count=self.joined)
                if self.open_link
                else invited,
                say("cli.round.responded_withheld")
                if self.responded is None
                else say("cli.round.responded", count=self.responded),
                say("cli.round.published_withheld")
                if self.responses is None
                else locale.plural("cli.round.published", self.responses),
            ]
        return "; ".join(parts)

    def __str__(self) -> str:
        return self.text(ENGLISH)


def _rates(
    counts: dict[str | None, tuple[int, int]], min_group: int, other: str
) -> tuple[RateGroup, ...]:
    """Rate groups of (invited, responded) counts, groups too small pooled under `other`."""
    sizes = {g or "unknown": n for g, (n, _r) in counts.items()}
    shown = shown_groups(sizes, min_group)
    pooled: dict[str, list[int]] = {}
    for g, (n, r) in counts.items():
        name = g or "unknown"
        name = name if name in shown else other
        pooled.setdefault(name, [0, 0])
        pooled[name][0] += n
        pooled[name][1] += r
    return tuple(
        RateGroup(g, n, r if n >= min_group else None)
        for g, (n, r) in sorted(pooled.items(), key=lambda kv: (kv[0] == other, kv[0]))
    )


def _status(
    session: Session, model: Model, initiative: Initiative, rnd: SurveyRound
) -> RoundStatus:
    min_group = model.settings.min_group_size
    rows = session.execute(
        select(
            Unit.path,
            SurveyInvitation.level,
            SurveyInvitation.invitee.is_(None),
            SurveyInvitation.spent,
            func.count(),
        )
        .select_from(SurveyInvitation)
        .outerjoin(Unit, Unit.id == SurveyInvitation.unit_id)
        .where(SurveyInvitation.round_id == rnd.id)
        .group_by(
            Unit.path,
            SurveyInvitation.level,
            SurveyInvitation.invitee.is_(None),
            SurveyInvitation.spent,
        )
    ).all()
    units: dict[str | None, tuple[int, int]] = {}
    levels: dict[str | None, tuple[int, int]] = {}
    invited = joined = spent = 0
    for unit, level, through_link, was_spent, n in rows:
        if through_link:
            joined += n
        else:
            invited += n
            for groups, key in ((units, unit), (levels, level)):
                before = groups.get(key, (0, 0))
                groups[key] = (before[0] + n, before[1] + (n if was_spent else 0))
        spent += n if was_spent else 0
    responses = session.scalar(
        select(func.count()).select_from(SurveyResponse).where(SurveyResponse.round_id == rnd.id)
    )
    shown = not rnd.online or invited + joined >= min_group
    return RoundStatus(
        initiative=initiative.slug,
        round=rnd.name,
        online=rnd.online,
        language=rnd.language,
        opened_on=rnd.opened_on,
        closes_on=rnd.closes_on,
        closed_on=rnd.closed_on,
        open_link=rnd.open_link is not None,
        invited=invited,
        joined=joined,
        responded=spent if shown else None,
        responses=(responses or 0) if shown else None,
        by_unit=_rates(units, min_group, OTHER_UNITS) if units else (),
        by_level=_rates(levels, min_group, "other levels") if levels else (),
        withheld_note=note("too_few_people", n=min_group),
    )


def round_status(
    ws: Workspace, org_slug: str | None, initiative_slug: str, round_name: str
) -> RoundStatus:
    """Where a round stands; response rates only for groups of at least the minimum size.

    A round whose closing day has passed is closed first.
    """
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        close_due_rounds(session, ws.model, org)
        initiative, rnd = find_round(session, org, initiative_slug, round_name)
        return _status(session, ws.model, initiative, rnd)


def survey_rounds(ws: Workspace, org_slug: str | None, initiative_slug: str) -> list[RoundStatus]:
    """Every survey round of an initiative, imported or online, oldest first."""
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        close_due_rounds(session, ws.model, org)
        initiative = find_initiative(session, org, initiative_slug)
        found = session.scalars(
            select(SurveyRound)
            .where(SurveyRound.initiative_id == initiative.id)
            .order_by(SurveyRound.opened_on, SurveyRound.id)
        ).all()
        return [_status(session, ws.model, initiative, rnd) for rnd in found]


@dataclass(frozen=True)
class RoundClosed:
    """A closed round: the responses it now holds, and how many lost a unit too small to keep.

    Each count is withheld (None) when it is about fewer people than the minimum group size: a
    round of three invitees does not say that three answered, and two responses kept without
    their unit would say how many of a small unit took part.
    """

    round: str
    closed_on: date
    responses: int | None
    units_dropped: int | None

    def text(self, locale: Locale) -> str:
        """The round closed and the responses it holds, in `locale`'s language."""
        where = {"round": repr(self.round), "date": self.closed_on.isoformat()}
        if self.responses is None:
            closed = locale.label("cli.round.closed_withheld", **where)
        else:
            closed = locale.plural("cli.round.closed", self.responses, **where)
        if self.units_dropped == 0:
            return closed
        if self.units_dropped is None:
            return locale.label("cli.round.units_dropped_withheld", closed=closed)
        return locale.label("cli.round.units_dropped", closed=closed, dropped=self.units_dropped)

    def __str__(self) -> str:
        return self.text(ENGLISH)


def close_round(
    ws: Workspace, org_slug: str | None, initiative_slug: str, round_name: str
) -> RoundClosed:
    """Close an online round by hand: its ballots become its responses, for the diagnosis.

    Raises:
        InputError: when the round was imported, or is closed already.
    """
    with ws.store.transaction() as session:
        org = find_organisation(session, org_slug)
        close_due_rounds(session, ws.model, org)
        rnd = _online_round(session, org, initiative_slug, round_name, lock=True)
        return _close(session, ws.model, rnd, today())


def close_due_rounds(session: Session, model: Model, org: Organisation) -> list[RoundClosed]:
    """Close every online round of the organisation whose closing day has passed.

    Each is closed on its closing day, however much later this finds it.
    """
    due = session.scalars(
        select(SurveyRound)
        .where(
            SurveyRound.organisation_id == org.id,
            SurveyRound.language.is_not(None),
            SurveyRound.closed_on.is_(None),
            SurveyRound.closes_on < today(),
        )
        .with_for_update()
    ).all()
    return [_close(session, model, rnd, rnd.closes_on or today()) for rnd in due]


def _close(session: Session, model: Model, rnd: SurveyRound, on: date) -> RoundClosed:
    """Turn the round's ballots into responses, in random order, and mark it closed `on`.

    A unit with fewer ballots than the minimum group size is dropped from its ballots: the
    responses keep a unit only where at least that many people of it answered.
    """
    min_group = model.settings.min_group_size
    ballots = list(session.scalars(select(SurveyBallot).where(SurveyBallot.round_id == rnd.id)))
    secrets.SystemRandom().shuffle(ballots)
    sizes = Counter(b.unit_id for b in ballots if b.unit_id is not None)
    dropped = 0
    for ballot in ballots:
        unit = ballot.unit_id
        if unit is not None and sizes[unit] < min_group:
            unit = None
            dropped += 1
        response = SurveyResponse(
            round_id=rnd.id,
            respondent=secrets.token_hex(12),
            unit_id=unit,
            submitted_on=ballot.submitted_on,
        )
        response.answers = [
            SurveyAnswer(item_id=item, value=value, not_applicable=value is None)
            for item, value in sorted(ballot.answers.items())
        ]
        session.add(response)
        session.flush()  # one response after the other, so their ids follow the shuffled order
    session.execute(delete(SurveyBallot).where(SurveyBallot.round_id == rnd.id))
    rnd.closed_on = on
    invited = session.scalar(
        select(func.count())
        .select_from(SurveyInvitation)
        .where(SurveyInvitation.round_id == rnd.id)
    )
    return RoundClosed(
        rnd.name,
        on,
        len(ballots) if (invited or 0) >= min_group else None,
        dropped if dropped == 0 or dropped >= min_group else None,
    )
