"""Account hints help recognise an account without identifying it; the key fingerprint is no
pseudonym."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from wi3.events import Pseudonymiser, email_domain, hint, hint_domain, key_fingerprint


@pytest.mark.parametrize(
    ("alias", "shared", "expected"),
    [
        ("jan.devries@example.org", {"example.org"}, "j…@example.org"),
        ("Jan.DeVries@Example.ORG", {"example.org"}, "J…@example.org"),
        ("jan.devries@example.org", set(), "j…@…"),
        ("jan.devries@rare.example", {"example.org"}, "j…@…"),
        ("@example.org", {"example.org"}, "…@example.org"),
        ("Jan de Vries", {"example.org"}, "J…"),  # no initials: with a staff list they identify
        ("  jan   de vries ", set(), "j…"),
        ("jdevries", set(), "j…s"),
        ("U024", set(), "U…"),
    ],
)
def test_hint_masks_names_and_domains_not_shared(
    alias: str, shared: set[str], expected: str
) -> None:
    assert hint(alias, shared) == expected


def test_hint_domain_reads_back_only_a_shown_domain() -> None:
    assert email_domain("Ann@Example.ORG") == "example.org"
    assert email_domain("Ann Example") is None
    assert hint_domain(hint("ann@example.org", {"example.org"})) == "example.org"
    assert hint_domain("A…@Example.ORG") == "example.org"  # hints stored before 0007 kept case
    assert hint_domain(hint("ann@example.org")) is None
    assert hint_domain("J…") is None and hint_domain("j…s") is None


def test_the_key_fingerprint_tells_keys_apart_and_is_no_pseudonym() -> None:
    key, other = bytes(range(32)), bytes(range(1, 33))
    fingerprint = key_fingerprint(key)
    assert fingerprint == key_fingerprint(key) != key_fingerprint(other)
    assert len(fingerprint) == 64
    # it is a MAC over a fixed label, not over anything a name could be tried against
    label = hmac.new(key, b"wi3 pseudonymisation key fingerprint", hashlib.sha256).hexdigest()
    assert fingerprint == label
    pseudonyms = Pseudonymiser(key)
    assert fingerprint[:16] not in {
        pseudonyms.account("slack", "wi3 pseudonymisation key fingerprint"),
        pseudonyms.opaque("wi3 pseudonymisation key fingerprint"),
    }
