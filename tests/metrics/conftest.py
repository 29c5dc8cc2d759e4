"""The hand-worked organisation of tests/fixtures/metrics, ingested into a fresh workspace."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from wi3.service import (
    Workspace,
    add_initiative,
    import_organisation_file,
    import_people,
    ingest,
    init_workspace,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "metrics"


def build(root: Path) -> Workspace:
    """Acme with two units, twelve people, and the events of two Q&A sites on two platforms."""
    org = root / "org.yaml"
    org.write_text("organisation: {slug: acme, name: Acme}\nunits: [{path: ict}, {path: hr}]\n")
    ws = init_workspace(root / "ws")
    import_organisation_file(ws, org)
    for slug, platform in (("answers", "Askbot"), ("answers2", "Discourse")):
        add_initiative(ws, None, slug, name=slug.title(), kind="qa", platform=platform)
    import_people(ws, None, FIXTURES / "people.csv")
    for slug in ("answers", "answers2"):
        ingest(ws, None, "csv", FIXTURES / f"{slug}.csv", slug, mapping=FIXTURES / "mapping.yaml")
    return ws


@pytest.fixture(scope="module")
def acme(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = build(tmp_path_factory.mktemp("acme"))
    yield ws
    ws.close()
