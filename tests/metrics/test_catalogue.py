"""Each metric on a small organisation whose figures were worked out by hand.

tests/fixtures/metrics holds twelve people in two units (ict, hr), one of whom left in January,
and the events of a Q&A site in 2026-Q1 and Q2 plus a second one, on another platform (its
parallel), in Q1. The comments
give the reasoning behind every expected figure.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wi3.metrics import CATALOGUE, MetricValue, compute
from wi3.metrics import metric as catalogue_metric
from wi3.service import Workspace, organisation_inputs, organisation_metrics


@pytest.fixture(scope="module")
def figures(acme: Workspace) -> dict[tuple[str, str, str | None, str], MetricValue]:
    values = organisation_metrics(acme, None, "quarter", by_unit=True)
    return {(v.initiative, v.period, v.unit, v.metric): v for v in values}


def value(
    figures: dict,
    metric: str,
    period: str = "2026Q1",
    unit: str | None = None,
    initiative: str = "answers",
) -> float | None:  # type: ignore[type-arg]
    return figures[(initiative, period, unit, metric)].value


def withheld(
    figures: dict, metric: str, period: str = "2026Q1", unit: str | None = None
) -> str | None:  # type: ignore[type-arg]
    return figures[("answers", period, unit, metric)].withheld


def test_participation(figures: dict) -> None:  # type: ignore[type-arg]
    # Q1: u01–u11 did something (the bot's integration event does not count); all 12 people
    # were employed for part of Q1, so 11 of 12 eligible people were active.
    assert value(figures, "active_users") == 11
    assert value(figures, "active_ratio") == pytest.approx(11 / 12)
    # 8 of them created, replied or edited (u09, u10 only viewed, u11 only reacted)
    assert value(figures, "contributor_ratio") == pytest.approx(8 / 11)
    # Q2: seven people were active, one of them (u13) not in the directory; p12 left in
    # January, so 6 of 11 eligible people were active
    assert value(figures, "active_users", "2026Q2") == 7
    assert value(figures, "active_ratio", "2026Q2") == pytest.approx(6 / 11)


def test_concentration(figures: dict) -> None:  # type: ignore[type-arg]
    # contributions: u02 3, u03 2, u07 2, u01 u04 u05 u06 u08 1 each: 12 in all
    assert value(figures, "top10_share") == 1.0
    # 3 + 2 + 2 = 7 reaches half of 12 with three people
    assert value(figures, "absence_factor") == 3
    # sorted 1,1,1,1,1,2,2,3: 2·65/(8·12) − 9/8
    assert value(figures, "gini") == pytest.approx(2 * 65 / 96 - 9 / 8)


def test_reach(figures: dict) -> None:  # type: ignore[type-arg]
    # ict had six active people, hr five: both units reached, of the two in scope
    assert value(figures, "units_reached") == 2
    assert value(figures, "units_reached_share") == 1.0
    # Amsterdam six, Utrecht five
    assert value(figures, "locations_reached") == 2


def test_interaction(figures: dict) -> None:  # type: ignore[type-arg]
    # replies to someone else: u02→u01 (ict→ict), u07→u01 (hr→ict), u08→u02 (hr→ict),
    # u03→u07 (ict→hr), u06→u05 (ict→ict): 3 across units, 2 within; u02's reply to itself
    # does not count
    assert value(figures, "cross_unit_share") == pytest.approx(3 / 5)
    assert value(figures, "ei_index") == pytest.approx((3 - 2) / 5)
    # levels: staff→manager, executive→manager, staff→staff, staff→executive, staff→staff
    assert value(figures, "cross_level_share") == pytest.approx(3 / 5)


def test_responsiveness(figures: dict) -> None:  # type: ignore[type-arg]
    # threads t1 t2 t3 t4 t6 (t5 is the bot's): first replies by someone else after 2 h,
    # 240 h (u02's own reply does not count), never, 1.5 h and 4 h
    assert value(figures, "reply_coverage") == pytest.approx(3 / 5)
    assert value(figures, "unanswered_share") == pytest.approx(1 / 5)
    assert value(figures, "median_first_reply_hours") == pytest.approx(3.0)  # (2 + 4) / 2


def test_content_and_architecture(figures: dict) -> None:  # type: ignore[type-arg]
    # Q1 is the initiatives' first quarter: every item is new, so freshness has no figure
    assert value(figures, "freshness") is None
    # Q2: t7 and t8 are new, of the seven items made by the end of June; u02's edit of an
    # item whose creation the export lacks ("tagwiki") counts in neither
    assert value(figures, "freshness", "2026Q2") == pytest.approx(2 / 7)
    # one of the 16 Q1 events came through an integration
    assert value(figures, "integration_share") == pytest.approx(1 / 16)
    # two Q&A platforms were in use in Q1, one in Q2
    assert value(figures, "parallel_initiatives") == 2
    assert value(figures, "parallel_initiatives", "2026Q2") == 1
    assert value(figures, "parallel_initiatives", initiative="answers2") == 2


def test_membership_over_time(figures: dict) -> None:  # type: ignore[type-arg]
    assert value(figures, "newcomers") == 11
    # Q1's 11 newcomers: u01 u02 u03 u04 u09 u10 came back in Q2
    assert value(figures, "retention", "2026Q2") == pytest.approx(6 / 11)
    # nobody was active in both of the two quarters before Q2, nor away and back
    assert value(figures, "lost_regulars", "2026Q2") == 0
    assert value(figures, "returning_members", "2026Q2") == 0


def test_figures_about_fewer_than_five_people_are_withheld(figures: dict) -> None:  # type: ignore[type-arg]
    # two managers in scope
    assert value(figures, "management_participation") is None
    assert withheld(figures, "management_participation") == "fewer than 5 people; not shown"
    # Q2: one newcomer (u13); threads by two people
    assert withheld(figures, "newcomers", "2026Q2") == "fewer than 5 people; not shown"
    assert withheld(figures, "reply_coverage", "2026Q2") == "fewer than 5 people; not shown"
    # by unit: ict had six active people in Q1, hr five; in Q2 four and two
    assert value(figures, "active_users", unit="ict") == 6
    assert value(figures, "active_users", unit="hr") == 5
    assert value(figures, "active_ratio", unit="ict") == 1.0
    assert value(figures, "active_users", "2026Q2", unit="ict") is None
    assert (
        withheld(figures, "active_users", "2026Q2", unit="hr") == "fewer than 5 people; not shown"
    )
    shown = [v for v in figures.values() if v.value is not None]
    assert shown, "the fixture shows figures"


def test_every_period_lists_every_metric(figures: dict) -> None:  # type: ignore[type-arg]
    for period in ("2026Q1", "2026Q2"):
        for m in CATALOGUE:
            assert ("answers", period, None, m.id) in figures


def test_membership_changes_are_not_activity(figures: dict) -> None:  # type: ignore[type-arg]
    # u11 only joined in Q2 (an administrator may add anyone): still seven active people
    assert value(figures, "active_users", "2026Q2") == 7


def test_zero_is_shown_only_about_a_group_of_five(figures: dict) -> None:  # type: ignore[type-arg]
    # Q3: only u01, who has been active before. "No newcomers" among one person would say
    # that he is an old hand: withheld, like every figure about fewer than five people
    assert value(figures, "newcomers", "2026Q3") is None
    assert withheld(figures, "newcomers", "2026Q3") == "fewer than 5 people; not shown"
    # u01 u02 u03 u04 u09 u10 were active in Q1 and Q2; all but u01 were gone in Q3
    assert value(figures, "lost_regulars", "2026Q3") == 5


def test_figures_the_export_cannot_support_are_no_data(figures: dict) -> None:  # type: ignore[type-arg]
    second = "answers2"
    # no views recorded, no automation, and nobody ever replied there
    for metric in (
        "contributor_ratio",
        "integration_share",
        "reply_coverage",
        "median_first_reply_hours",
    ):
        assert figures[(second, "2026Q1", None, metric)].value is None
        assert figures[(second, "2026Q1", None, metric)].withheld == "no data for this metric"


def test_no_data_goes_before_withholding(figures: dict) -> None:  # type: ignore[type-arg]
    # answers2 had a single contributor, u08: its thread figures have no basis at all (no
    # replies), which is "no data", not "fewer than five people"
    assert (
        figures[("answers2", "2026Q1", None, "reply_coverage")].withheld
        == "no data for this metric"
    )


def test_without_a_directory_reach_is_no_data_and_small_zeros_stay_hidden(
    tmp_path: Path, fixture_path: Path
) -> None:
    """Three people post in January, April and July, with no people directory."""
    from wi3.service import import_organisation_file, ingest, init_workspace

    rows = ["id,ts,user,kind,item,parent,target,via"]
    for n, month in enumerate(("01", "04", "07")):
        for user in ("u1", "u2", "u3"):
            rows.append(f"{user}-{n},2026-{month}-10T10:00:00Z,{user},create,{user}-{n},,,person")
    export = tmp_path / "small.csv"
    export.write_text("\n".join(rows) + "\n")
    org = tmp_path / "org.yaml"
    org.write_text("organisation: {slug: small, name: Small}\n")
    ws = init_workspace(tmp_path / "ws")
    try:
        import_organisation_file(ws, org)
        ingest(ws, None, "csv", export, "team", mapping=fixture_path / "metrics" / "mapping.yaml")
        got = {(v.period, v.metric): v for v in organisation_metrics(ws, None, "quarter")}
    finally:
        ws.close()
    # no directory: nobody's unit is known, so reach is no figure rather than 0
    for metric in ("units_reached", "units_reached_share", "locations_reached", "active_ratio"):
        assert got[("2026Q1", metric)].withheld == "no data for this metric"
    # Q2: nobody new among three people; Q3's retention would say the same by being empty
    assert got[("2026Q2", "newcomers")].withheld == "fewer than 5 people; not shown"
    assert got[("2026Q3", "retention")].withheld == "fewer than 5 people; not shown"


def test_freshness_by_month(acme: Workspace) -> None:
    # by month a create or edit counts for its month and the two after it; the first three
    # months (January to March) are the launch. Items by the end of April: t1 t2 t3 t4 t6 t7.
    inputs = organisation_inputs(acme, None)
    values = compute(inputs, "month", min_group=1, metrics=[catalogue_metric("freshness")])
    got = {v.period: v.value for v in values if v.initiative == "answers" and v.unit is None}
    assert got.get("2026-03") is None  # no figure in the launch
    # April: t3 t4 t6 made in February, t1 edited in March, t7 made in April
    assert got["2026-04"] == pytest.approx(5 / 6)
    # May: t1 (March) and t7 (April); the edit of "tagwiki", never made here, counts in neither
    assert got["2026-05"] == pytest.approx(2 / 6)
    # June: t7 and the new t8, of seven; July: t8 (June) and t7, edited in July
    assert got["2026-06"] == pytest.approx(2 / 7)
    assert got["2026-07"] == pytest.approx(2 / 7)
