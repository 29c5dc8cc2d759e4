"""The JSON API fuzzed from its own OpenAPI schema with schemathesis: whatever is sent, valid or
not, no 500, and every answer fits the schema (its status documented, its body of the documented
type).

Each operation is driven by Hypothesis from schemathesis's strategies, in both generation modes;
half of the cases name Acme's own objects in the path, so the fuzzing reaches past the 404s.
(schemathesis's pytest plugin, `from_fixture`, does not run on pytest 9.)
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode, checks

from .conftest import AS_OF, Site

UNDESCRIBED = {
    "POST /api/v1/organisations/{org}/imports",
    "PUT /api/v1/organisations/{org}/assessments/{initiative}/draft",
    "POST /api/v1/organisations/{org}/assessments/{initiative}",
    "POST /api/v1/organisations/{org}/plan",
    "POST /api/v1/organisations/{org}/plan/{action}/done",
}
"""Operations whose input a schema cannot wholly describe (an uploaded file's contents, the
questions of the model in use, which options a kind of import needs, whether a step may be
accepted given the newest snapshot, the plan and the people directory; for a survey round, a
name not yet taken, a round still open, a unit of the organisation, a closing day not yet
past): a schema-valid request may be refused with 400 and its reason — never with a 500."""
KNOWN = {
    "org": "acme",
    "initiative": "team-wiki",
    "as_of": AS_OF.isoformat(),
    "job": "1",
    "action": "1",
    "round": "Spring 2026",
}
"""Objects the token's user may see, for the path parameters of the same name."""


def operations(site: Site) -> list[Any]:
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", site.app)
    found = [result.ok() for result in schema.get_all_operations()]
    assert len(found) >= 10
    return found


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_request_makes_the_api_fail(site: Site, mode: GenerationMode) -> None:
    headers = {"Authorization": f"Bearer {site.tokens['analyst@acme.example']}"}
    # FastAPI ignores query parameters and headers it does not know, as most APIs do, and the
    # token is always sent: invalid data that breaks only those is accepted on purpose
    lenient = [checks.negative_data_rejection] if mode == GenerationMode.NEGATIVE else []
    for operation in operations(site):
        excluded = lenient
        if mode == GenerationMode.POSITIVE and (
            operation.label in UNDESCRIBED or "/rounds" in operation.path
        ):
            excluded = [checks.positive_data_acceptance]
        params = {p.name for p in operation.iter_parameters() if p.location == "path"}
        known = {name: KNOWN[name] for name in params}
        strategy = st.one_of(
            operation.as_strategy(mode), operation.as_strategy(mode, path_parameters=known)
        )

        @given(case=strategy)
        @settings(
            max_examples=20,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        def fuzz(case: Any) -> None:
            # run at once, below, in this same iteration: `excluded` is this operation's
            case.call_and_validate(headers=headers, excluded_checks=excluded)  # noqa: B023

        try:
            fuzz()
        except Exception as exc:
            raise AssertionError(f"{operation.label} ({mode.value}): {exc}") from exc
