"""An initiative's life through the service: evidence windows, archive signals, stopped
initiatives, dates checked, zero activity inside a window, and the lifecycle over snapshots."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from wi3.cli import app
from wi3.errors import ExportError, InputError, NotFoundError
from wi3.notes import render_note
from wi3.service import (
    Workspace,
    add_initiative,
    container_slug,
    diagnose,
    history,
    ingest,
    organisation_metrics,
    read_routes,
)
from wi3.store import Import, Initiative, PlatformSignal


def only_channel(fixture_path: Path, tmp_path: Path, channel: str) -> Path:
    """The Slack fixture export with one channel's folder and no direct messages."""
    export = tmp_path / f"only-{channel}"
    shutil.copytree(fixture_path / "slack" / "workspace", export)
    for folder in export.iterdir():
        if folder.is_dir() and folder.name != channel:
            shutil.rmtree(folder)
    for listing in ("dms.json", "mpims.json"):
        (export / listing).write_text("[]")
    return export


def test_an_import_records_its_window_and_the_platforms_signals(
    workspace: Workspace, fixture_path: Path
) -> None:
    export = fixture_path / "slack" / "workspace"
    ingest(workspace, None, "slack", export, "team-chat")
    ingest(workspace, None, "slack", export, "team-chat", exported=date(2021, 3, 31))
    with workspace.store.transaction() as session:
        first, second = session.scalars(select(Import).order_by(Import.id)).all()
        assert first.first_event is not None and first.last_event is not None
        assert first.first_event.date() == date(2020, 12, 31)
        assert first.covered_basis == "import"
        assert first.covered_until == datetime.now(UTC).date()
        assert (second.covered_until, second.covered_basis) == (date(2021, 3, 31), "export")
        signals = session.scalars(
            select(PlatformSignal).where(PlatformSignal.import_id == first.id)
        ).all()
    archived = {(s.container, s.ts is not None) for s in signals if s.kind == "archived"}
    assert ("launch", True) in archived and ("launch", False) in archived
    assert ("private-team", True) in archived
    assert {s.container for s in signals if s.kind == "unarchived"} == {"private-team"}
    # general lists four members: a bot and a deactivated account do not count
    assert {s.container: s.count for s in signals if s.kind == "members"}["general"] == 2


def test_an_archived_channel_is_stopped_from_its_archive_date(
    workspace: Workspace, fixture_path: Path, tmp_path: Path
) -> None:
    ingest(workspace, None, "slack", only_channel(fixture_path, tmp_path, "launch"), "launch")
    ingest(workspace, None, "slack", fixture_path / "slack" / "workspace", "team-chat")
    document = diagnose(workspace, None, date(2021, 6, 30))
    found = {d.initiative: d for d in document.diagnosis.initiatives}
    launch = found["launch"]
    assert launch.activity is not None
    assert (launch.activity.state, launch.activity.rule) == ("stopped", "platform_archived")
    assert launch.activity.since == date(2021, 3, 6)
    assert [s.tip for s in launch.next_steps] == ["E1", "E2", "E3"]
    # the whole workspace still has live channels: one archived channel does not stop it
    chat = found["team-chat"].activity
    assert chat is not None and chat.state != "stopped"
    profile = document.diagnosis.profile
    assert profile.stopped == 1 and sum(profile.counts.values()) == len(found) - 1


def test_no_initiative_before_its_start_and_no_history_before_it(
    workspace: Workspace, fixture_path: Path
) -> None:
    ingest(workspace, None, "slack", fixture_path / "slack" / "workspace", "team-chat")
    before = diagnose(workspace, None, date(2020, 12, 30)).diagnosis
    assert "team-chat" not in {d.initiative for d in before.initiatives}
    after = diagnose(workspace, None, date(2021, 3, 31)).diagnosis
    assert "team-chat" in {d.initiative for d in after.initiatives}
    rows = history(workspace, None, "team-chat")
    assert [r.as_of for r in rows] == [date(2021, 3, 31)]
    assert rows[0].activity is not None


def test_a_date_after_the_evidence_is_a_notice_and_no_usage_is_said(
    workspace: Workspace, fixture_path: Path
) -> None:
    export = fixture_path / "slack" / "workspace"
    ingest(workspace, None, "slack", export, "team-chat", exported=date(2021, 3, 31))
    document = diagnose(workspace, None, date(2022, 1, 15))
    kinds = {n.kind: n.text for n in document.notices}
    assert kinds["after_evidence"] == (
        "team-chat: its usage evidence ends on 2021-03-31 (the export's own date); what came "
        "later is not known. Diagnose as of that day: wi3 diagnose --as-of 2021-03-31"
    )
    assert kinds["no_usage"] == (
        "team-chat: no usage data for 2021Q4, the quarter this diagnosis reads"
    )
    chat = next(d for d in document.diagnosis.initiatives if d.initiative == "team-chat")
    assert chat.activity is not None and chat.activity.read_until == date(2021, 3, 31)


def test_inside_the_window_a_quiet_period_is_zero_activity(
    workspace: Workspace, fixture_path: Path
) -> None:
    export = fixture_path / "slack" / "workspace"
    ingest(workspace, None, "slack", export, "team-chat", exported=date(2021, 12, 31))
    values = organisation_metrics(workspace, None, "quarter")
    periods = sorted({v.period for v in values})
    assert periods == ["2020Q4", "2021Q1", "2021Q2", "2021Q3", "2021Q4"]
    empty = {v.metric: v for v in values if v.period == "2021Q3"}
    assert empty["active_users"].value == 0 and empty["active_users"].withheld is None
    assert empty["newcomers"].value == 0
    assert empty["top10_share"].value is None  # nothing to divide: no data, not zero
    assert empty["parallel_initiatives"].value is None  # no events: it ran no tool then


def test_an_export_that_lost_a_stream_is_refused_unless_partial(
    workspace: Workspace, fixture_path: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "zulip"
    shutil.copytree(fixture_path / "zulip" / "archive", archive)
    shutil.rmtree(archive / "zulip_json" / "10-general")
    with pytest.raises(
        ExportError, match=r"2 streams not read: general, ghost \(folder missing\).*--partial"
    ):
        ingest(workspace, None, "zulip", archive, "team-zulip")
    with workspace.store.transaction() as session:
        assert session.scalars(select(Import)).all() == []
    result = ingest(workspace, None, "zulip", archive, "team-zulip", partial=True)
    assert "2 streams not read: general, ghost (folder missing)" in result.summary


def test_the_owners_end_date_stops_it(workspace: Workspace, fixture_path: Path) -> None:
    ingest(workspace, None, "slack", fixture_path / "slack" / "workspace", "team-chat")
    add_initiative(workspace, None, "team-chat", status="retired", end_date=date(2021, 4, 15))
    document = diagnose(workspace, None, date(2021, 9, 30))
    chat = next(d for d in document.diagnosis.initiatives if d.initiative == "team-chat")
    assert chat.activity is not None
    assert (chat.activity.state, chat.activity.since) == ("stopped", date(2021, 4, 15))
    assert document.to_document()["initiatives"]["team-chat"]["end_date"] == "2021-04-15"
    json.dumps(document.to_document())  # the snapshot stays plain JSON


# --- one initiative per channel -----------------------------------------------------------------


def test_split_by_channel_makes_each_channel_an_initiative(
    workspace: Workspace, fixture_path: Path
) -> None:
    export = fixture_path / "slack" / "workspace"
    first = ingest(workspace, None, "slack", export, None, split=read_routes(None, "s-"))
    slugs = [p.initiative for p in first.parts]
    assert slugs == ["s-general", "s-launch", "s-old-archived", "s-private-team"]
    assert all(p.registered for p in first.parts) and "direct" not in " ".join(slugs)
    again = ingest(workspace, None, "slack", export, None, split=read_routes(None, "s-"))
    assert again.events_added == 0 and not again.registered
    with workspace.store.transaction() as session:
        names = {i.slug: i.name for i in session.scalars(select(Initiative))}
    assert names["s-old-archived"] == "old-archived"
    found = {
        d.initiative: d for d in diagnose(workspace, None, date(2021, 6, 30)).diagnosis.initiatives
    }
    assert found["s-launch"].activity is not None
    assert found["s-launch"].activity.state == "stopped"
    assert found["s-old-archived"].activity is not None
    assert found["s-old-archived"].activity.since == date(2020, 12, 31)
    assert found["s-general"].activity is not None
    assert found["s-general"].activity.state != "stopped"


def test_a_containers_file_renames_merges_and_skips(
    workspace: Workspace, fixture_path: Path, tmp_path: Path
) -> None:
    routes = tmp_path / "containers.yaml"
    routes.write_text(
        "general: community\nlaunch: community\nold-archived: skip\nnowhere: elsewhere\n"
    )
    result = ingest(
        workspace,
        None,
        "slack",
        fixture_path / "slack" / "workspace",
        None,
        split=read_routes(routes),
    )
    assert [p.initiative for p in result.parts] == ["community", "private-team"]
    assert result.unused == ("nowhere",)
    assert "the containers file names nowhere, not in this export" in str(result)
    routes.write_text("general: Not A Slug\n")
    with pytest.raises(InputError, match=r"containers.yaml:1: 'general' maps to 'Not A Slug'"):
        read_routes(routes)


def test_a_split_stack_exchange_dump_is_one_site(
    workspace: Workspace, fixture_path: Path, tmp_path: Path
) -> None:
    site = tmp_path / "cooking.stackexchange.com"
    shutil.copytree(fixture_path / "stackexchange" / "site", site)
    result = ingest(workspace, None, "stackexchange", site, None, split=read_routes(None))
    assert [p.initiative for p in result.parts] == ["cooking-stackexchange-com"]


def test_channel_slugs_are_stable_and_never_collide() -> None:
    assert container_slug("general") == "general"
    assert container_slug("new members", "z-") == "z-new-members"
    assert container_slug("team/Town Square") == "team-town-square"
    odd = container_slug("0.1° JRA BGC Run")
    assert odd.startswith("0-1-jra-bgc-run-") and odd == container_slug("0.1° JRA BGC Run")
    assert container_slug("Team Ω") != container_slug("Team ω")
    assert len(container_slug("x" * 200)) <= 80


def test_the_platforms_members_are_the_audience_unless_the_owner_gives_one(
    workspace: Workspace, fixture_path: Path
) -> None:
    export = fixture_path / "slack" / "workspace"
    ingest(workspace, None, "slack", export, "team-chat", exported=date(2022, 6, 30))
    ingest(workspace, None, "slack", export, None, split=read_routes(None, "s-"))
    add_initiative(workspace, None, "s-launch", audience=40)
    document = diagnose(workspace, None, date(2021, 3, 31))
    about = document.to_document()["initiatives"]
    # the workspace lists two people (a bot and a deactivated account left out)
    assert (about["team-chat"]["audience"], about["team-chat"]["audience_basis"]) == (2, "platform")
    assert (about["s-general"]["audience"], about["s-general"]["audience_basis"]) == (2, "platform")
    assert (about["s-launch"]["audience"], about["s-launch"]["audience_basis"]) == (40, "owner")
    ratios = {
        (v.period, v.initiative): v
        for v in organisation_metrics(workspace, None, "quarter")
        if v.metric == "active_ratio"
    }
    # a member list is its state when exported: it speaks for the year before the export only
    assert ratios[("2021Q1", "team-chat")].withheld == "no data for this metric"
    assert ratios[("2022Q2", "team-chat")].value == 0.0  # a quiet quarter: nobody of the two
    assert ratios[("2021Q1", "s-launch")].withheld == "fewer than 5 people; not shown"
    # read back from the metric cache, a withheld figure still says why in every language
    withheld = ratios[("2021Q1", "s-launch")].withheld
    assert (
        withheld is not None and render_note(withheld, "nl") == "minder dan 5 mensen; niet getoond"
    )


def test_the_channels_of_one_initiative_side_by_side(
    workspace: Workspace, fixture_path: Path
) -> None:
    ingest(workspace, None, "slack", fixture_path / "slack" / "workspace", "team-chat")
    values = organisation_metrics(workspace, None, "quarter", channels_of="team-chat")
    assert {v.initiative for v in values} == {
        "direct",
        "general",
        "launch",
        "old-archived",
        "private-team",
    }
    general = {v.metric: v for v in values if v.initiative == "general" and v.period == "2021Q1"}
    assert general["active_users"].withheld == "fewer than 5 people; not shown"
    with pytest.raises(NotFoundError, match="no contributions in 'chat', so no channels"):
        organisation_metrics(workspace, None, "quarter", channels_of="chat")
    runner = CliRunner()
    out = runner.invoke(
        app,
        ["-w", str(workspace.path), "metrics", "team-chat", "--by", "channel", "--format", "csv"],
    )
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[0] == (
        "initiative,channel,period,unit,metric,value,withheld,people"
    )
    assert "team-chat,general,2021Q1,,active_users,,fewer than 5 people; not shown," in out.output
    bare = runner.invoke(app, ["-w", str(workspace.path), "metrics", "--by", "channel"])
    assert bare.exit_code == 1 and "--by channel compares the channels of one initiative" in (
        bare.output
    )


def test_an_export_date_in_the_future_is_refused(workspace: Workspace, fixture_path: Path) -> None:
    with pytest.raises(InputError, match="--exported 2999-01-01 lies in the future"):
        ingest(
            workspace,
            None,
            "slack",
            fixture_path / "slack" / "workspace",
            "team-chat",
            exported=date(2999, 1, 1),
        )
    with pytest.raises(InputError, match="either --initiative SLUG .* or --split-by channel"):
        ingest(workspace, None, "slack", fixture_path / "slack" / "workspace", None)
