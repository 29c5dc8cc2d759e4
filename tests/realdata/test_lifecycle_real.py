"""The diagnosis over time on real communities whose history is known.

Each community is ingested split by channel, with the export date its data folder's README
records, and diagnosed as of the dates its lifecycle labels name (`lifecycle-labels.csv`,
read in place). The whole labelled set is measured by `python -m bench validity`
(docs/validity.md); these tests hold the cases the lifecycle work was built for.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from bench._labelled import read_labels

from wi3.diagnosis import InitiativeDiagnosis, standing
from wi3.service import (
    Workspace,
    container_slug,
    diagnose,
    import_organisation_file,
    ingest,
    init_workspace,
    read_routes,
)

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def communities(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Iterator[Workspace]:
    """The R Contributors Slack (one initiative per channel) and the X2Go developers' list."""
    root = tmp_path_factory.mktemp("real-lifecycle")
    (root / "org.yaml").write_text("organisation: {slug: real, name: Real communities}\n")
    ws = init_workspace(root / "ws")
    import_organisation_file(ws, root / "org.yaml")
    slack = data_dir / "slack-r-devel-community" / "r-devel-slack-export.zip"
    ingest(ws, None, "slack", slack, None, split=read_routes(None), exported=date(2026, 6, 30))
    x2go = data_dir / "mailinglist-x2go-dev"
    ingest(ws, None, "mbox", x2go, "x2go-dev", exported=date(2015, 8, 18))
    yield ws
    ws.close()


def diagnosed(ws: Workspace, as_of: date) -> dict[str, InitiativeDiagnosis]:
    return {d.initiative: d for d in diagnose(ws, None, as_of).diagnosis.initiatives}


def test_an_archived_slack_channel_is_stopped_from_its_archive_date(
    communities: Workspace, data_dir: Path
) -> None:
    archived = [
        label
        for label in read_labels(data_dir)
        if label.folder == "slack-r-devel-community" and label.label == "stopped"
    ]
    assert len(archived) == 5
    for label in archived:
        slug = container_slug(label.initiative.lstrip("#"))
        found = diagnosed(communities, label.as_of)[slug]
        assert found.activity is not None, slug
        assert (found.activity.state, found.activity.rule) == ("stopped", "platform_archived")
        assert found.activity.since == label.as_of, slug
        assert found.target is None and found.next_steps[0].tip == "E1"
        # the day before its archive it was not stopped yet (or had not started)
        before = diagnosed(communities, date.fromordinal(label.as_of.toordinal() - 1)).get(slug)
        assert before is None or before.activity is None or before.activity.state != "stopped"


def test_a_mailing_list_is_active_while_busy_and_dormant_after_its_traffic_ends(
    communities: Workspace,
) -> None:
    busy = diagnosed(communities, date(2011, 12, 31))["x2go-dev"].activity
    assert busy is not None and busy.state == "active"
    after = diagnosed(communities, date(2015, 8, 18))["x2go-dev"].activity
    assert after is not None and after.state == "dormant"
    assert after.since == date(2014, 2, 5)  # the archive's last mail
    assert "archive_signals" in after.missing  # a list archive cannot say it was closed


def test_usage_alone_never_makes_pioneering_by_default(communities: Workspace) -> None:
    found = diagnosed(communities, date(2026, 6, 30))
    assert found
    for d in found.values():
        if d.phase == "pioneering":
            failed = any(c.holds is False for c in d.gates[0].conditions)
            assert failed or (d.sufficiency is not None and d.sufficiency.new), d.initiative
    undetermined = [d for d in found.values() if d.phase == "undetermined"]
    assert undetermined and any(d.usage_pointer for d in undetermined)


def test_a_live_channel_ranks_above_one_that_holds_a_few_posts(communities: Workspace) -> None:
    found = diagnosed(communities, date(2026, 6, 29))
    general, guide = found["general"], found[container_slug("1_guide_to_this_slack")]
    assert general.activity is not None and general.activity.state in ("active", "growing")
    assert guide.activity is not None and guide.activity.state == "dormant"
    assert standing(general) < standing(guide)
    ranked = sorted(found.values(), key=standing)
    live = [d for d in ranked if d.activity is not None and d.activity.live]
    assert ranked[: len(live)] == live  # stopped channels come after every live one


def test_no_snapshot_holds_a_channel_before_its_first_event(communities: Workspace) -> None:
    early = diagnosed(communities, date(2021, 3, 31))
    assert "r-dev-days" not in early  # its first message is of 2025-08
    assert "general" in early
