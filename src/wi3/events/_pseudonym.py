"""Keyed-hash pseudonyms: accounts, people, items and aliases, never the names themselves.

Every pseudonym is an HMAC-SHA256 with the workspace key over a purpose tag and a normalised
text, cut to 16 hex characters (64 bits: collisions are negligible for any organisation, and the
key makes the hash useless to anyone without the workspace). Without the key a pseudonym cannot
be linked back to a name by trying candidate names.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

_SPACES = re.compile(r"\s+")
CACHE_LIMIT = 500_000
"""Pseudonyms remembered per purpose; ids repeat a lot in exports, and memory stays bounded."""


def normalise(text: str) -> str:
    """Case-folded, accents kept, white space collapsed: 'Jan  de Vries ' → 'jan de vries'."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def alias_kind(alias: str) -> str:
    """'email', 'name' (has a space) or 'handle' (a user name or id)."""
    if "@" in alias and " " not in alias.strip():
        return "email"
    return "name" if " " in alias.strip() else "handle"


def hint(alias: str) -> str:
    """A masked form that helps a person recognise an account without revealing it.

    'jan.devries@example.org' → 'j…@example.org'; 'Jan de Vries' → 'J. d. V.';
    'jdevries' → 'j…s'; short handles and ids keep only their first character.
    """
    text = alias.strip()
    kind = alias_kind(text)
    if kind == "email":
        local, _, domain = text.partition("@")
        return f"{local[:1]}…@{domain}"
    if kind == "name":
        return " ".join(f"{part[0]}." for part in text.split())
    return f"{text[:1]}…{text[-1:]}" if len(text) > 4 else f"{text[:1]}…"


class Pseudonymiser:
    """Makes the pseudonyms of one workspace from its key."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("the pseudonymisation key must be at least 16 bytes")
        self._key = key
        self._cache: dict[str, dict[str, str]] = {}

    def _digest(self, purpose: str, text: str) -> str:
        cache = self._cache.setdefault(purpose, {})
        found = cache.get(text)
        if found is None:
            if len(cache) >= CACHE_LIMIT:
                cache.clear()
            mac = hmac.new(self._key, f"{purpose}\x1f{text}".encode(), hashlib.sha256)
            found = cache[text] = mac.hexdigest()[:16]
        return found

    def account(self, source: str, key: str) -> str:
        """The actor/target pseudonym of a platform account."""
        return self._digest(f"account:{source}", normalise(key))

    def person(self, person_id: str) -> str:
        """The pseudonym of a person in the people directory (from their HR id)."""
        return self._digest("person", normalise(person_id))

    def opaque(self, text: str) -> str:
        """An opaque id for a thread, page or message id, which may itself contain names."""
        return self._digest("item", text)

    def alias(self, alias: str) -> tuple[str, str]:
        """(kind, digest) of an alias, for matching accounts to people across platforms."""
        kind = alias_kind(alias)
        return kind, self._digest(f"alias:{kind}", normalise(alias))

    def account_alias(self, source: str, key: str) -> str:
        """The digest of an account key as written in a directory: `slack:U024BE7LH`."""
        return self._digest("alias:id", f"{source}:{normalise(key)}")
