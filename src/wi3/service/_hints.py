"""The hints of new accounts: masked so that they help recognise an account, never identify it.

An e-mail hint keeps its domain only when at least `SHARED_DOMAIN` accounts of the organisation
share it. The count is what the store can see: the accounts whose stored hint shows the domain,
plus the new accounts that have it. Accounts stored with the domain masked are not counted, as
their domain is nowhere stored; so the count can only be too low, never too high, and a domain
is never shown for fewer accounts than the rule allows. Accounts are never removed from an
organisation, so a domain once shown stays shared by at least as many.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from wi3.events import SHARED_DOMAIN, email_domain, hint, hint_domain
from wi3.store import Account, Organisation


def account_hints(
    session: Session, org: Organisation, aliases: Mapping[str, str]
) -> dict[str, str]:
    """The hint of each new account of `org`, from the alias it is shown by (pseudonym → alias)."""
    shown = session.scalars(
        select(Account.hint).where(Account.organisation_id == org.id, Account.hint.contains("@"))
    )
    counts = Counter(d for d in map(hint_domain, shown) if d is not None)
    counts.update(d for d in map(email_domain, aliases.values()) if d is not None)
    shared = {domain for domain, n in counts.items() if n >= SHARED_DOMAIN}
    return {pseudonym: hint(alias, shared) for pseudonym, alias in aliases.items()}
