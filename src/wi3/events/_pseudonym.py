"""Keyed-hash pseudonyms: accounts, people, items and aliases, never the names themselves.

Every pseudonym is an HMAC-SHA256 with the workspace key over a purpose tag and a normalised
text, cut to 16 hex characters (64 bits: collisions are negligible for any organisation). Without
the key a pseudonym cannot be linked back to a name by trying candidate names; with it, it can,
which is why the key is kept apart from the workspace (docs/pseudonym-key.md).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Container

_SPACES = re.compile(r"\s+")
CACHE_LIMIT = 100_000
"""Pseudonyms remembered per purpose; ids repeat a lot in exports (the replies of one thread,
the posts of one person), and memory stays bounded: about 20 MB per purpose when full."""
SHARED_DOMAIN = 5
"""An account's hint shows its e-mail domain only when at least this many accounts of the
organisation share the domain: a domain of one or two accounts points at those people."""
ITEM = "item"
"""The purpose of `opaque` ids, and the name of their cache."""
_FINGERPRINT_LABEL = b"wi3 pseudonymisation key fingerprint"


def normalise(text: str) -> str:
    """Case-folded, accents kept, white space collapsed: 'Jan  de Vries ' → 'jan de vries'."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def alias_kind(alias: str) -> str:
    """'email', 'name' (has a space) or 'handle' (a user name or id)."""
    if "@" in alias and " " not in alias.strip():
        return "email"
    return "name" if " " in alias.strip() else "handle"


def email_domain(alias: str) -> str | None:
    """The case-folded domain of an e-mail alias ('Jan@Example.ORG' → 'example.org'), else None."""
    text = alias.strip()
    if alias_kind(text) != "email":
        return None
    return text.rpartition("@")[2].casefold() or None


def hint(alias: str, shared_domains: Container[str] = frozenset()) -> str:
    """A masked form that helps a person recognise an account without revealing who it is.

    An e-mail address keeps its first character, and its domain only when the domain is one of
    `shared_domains` (those of at least `SHARED_DOMAIN` accounts of the organisation): with
    example.org shared, 'jan.devries@example.org' → 'j…@example.org', else 'j…@…'. A name
    keeps only its first character ('Jan de Vries' → 'J…'): its initials would tell a reader
    with a staff list who it is. A handle keeps its first and last character ('jdevries' →
    'j…s'); short handles and ids only their first.
    """
    text = alias.strip()
    kind = alias_kind(text)
    if kind == "email":
        domain = email_domain(text)
        shown = domain if domain is not None and domain in shared_domains else "…"
        return f"{text.partition('@')[0][:1]}…@{shown}"
    if kind == "name":
        return f"{text[:1]}…"
    return f"{text[:1]}…{text[-1:]}" if len(text) > 4 else f"{text[:1]}…"


def hint_domain(stored: str) -> str | None:
    """The e-mail domain an account's stored hint shows ('j…@example.org' → 'example.org')."""
    _, at, domain = stored.partition("…@")
    return domain.casefold() if at and domain and domain != "…" else None


def key_fingerprint(key: bytes) -> str:
    """A fingerprint of a pseudonymisation key, for telling the right key from a wrong one.

    An HMAC of a fixed label, never of a name, so it gives nothing to try candidate names
    against; and no pseudonym is made over this label (their inputs all hold a purpose tag and
    a separator), so it equals no pseudonym.
    """
    return hmac.new(key, _FINGERPRINT_LABEL, hashlib.sha256).hexdigest()


class Pseudonymiser:
    """Makes the pseudonyms of one workspace from its key.

    The HMAC is computed from SHA-256 states that have already taken in the key's inner and
    outer pads (RFC 2104), copied for each text: the same digest as `hmac.new(key, text,
    sha256)`, at a third of the cost, which an import of millions of items pays per item.
    """

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("the pseudonymisation key must be at least 16 bytes")
        self._key = key
        block = key if len(key) <= 64 else hashlib.sha256(key).digest()
        block = block.ljust(64, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))
        self._purposes: dict[str, tuple[dict[str, str], hashlib._Hash]] = {}

    def cache(self, purpose: str) -> dict[str, str]:
        """The pseudonyms of `purpose` made so far, by the text they were made from.

        A caller that asks for millions looks here before calling (`opaque` keeps its ids
        under ITEM); the cache is emptied whenever it reaches CACHE_LIMIT."""
        return self._purpose(purpose)[0]

    def _purpose(self, purpose: str) -> tuple[dict[str, str], hashlib._Hash]:
        """The cache of `purpose`, and the inner hash having taken in its tag."""
        found = self._purposes.get(purpose)
        if found is None:
            inner = self._inner.copy()
            inner.update(f"{purpose}\x1f".encode())
            found = self._purposes[purpose] = ({}, inner)
        return found

    def _digest(self, purpose: str, text: str) -> str:
        cache, tagged = self._purpose(purpose)
        found = cache.get(text)
        if found is None:
            if len(cache) >= CACHE_LIMIT:
                cache.clear()
            inner = tagged.copy()
            inner.update(text.encode())
            outer = self._outer.copy()
            outer.update(inner.digest())
            found = cache[text] = outer.hexdigest()[:16]
        return found

    def account(self, source: str, key: str) -> str:
        """The actor/target pseudonym of a platform account."""
        return self._digest(f"account:{source}", normalise(key))

    def person(self, person_id: str) -> str:
        """The pseudonym of a person in the people directory (from their HR id)."""
        return self._digest("person", normalise(person_id))

    def opaque(self, text: str) -> str:
        """An opaque id for a thread, page or message id, which may itself contain names."""
        return self._digest(ITEM, text)

    def alias(self, alias: str) -> tuple[str, str]:
        """(kind, digest) of an alias, for matching accounts to people across platforms."""
        kind = alias_kind(alias)
        return kind, self._digest(f"alias:{kind}", normalise(alias))

    def account_alias(self, source: str, key: str) -> str:
        """The digest of an account key as written in a directory: `slack:U024BE7LH`."""
        return self._digest("alias:id", f"{source}:{normalise(key)}")
