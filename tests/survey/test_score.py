"""Survey scores are never shown for fewer people than the minimum group size."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from wi3.survey import OTHER_UNITS, score_by_unit, score_items, shown_groups


def answers(value: float | None, n: int) -> list[dict[str, float | None]]:
    return [{"q": value} for _ in range(n)]


def test_item_mean_ignores_not_applicable_and_needs_five_answers() -> None:
    rows = answers(4.0, 4) + answers(None, 3) + [{"q": 2.0}]
    (score,) = score_items(rows, ["q"], 5)
    assert score.mean == 3.6 and score.answers == 5
    (few,) = score_items(rows[:4] + rows[4:7], ["q"], 5)
    assert few.mean is None and few.answers is None
    assert few.withheld == "fewer than 5 answers; not shown"


def test_small_units_are_pooled_and_never_the_only_gap() -> None:
    assert shown_groups({"a": 10, "b": 6, "c": 3}, 5) == {"a"}  # c alone could be derived
    assert shown_groups({"a": 10, "b": 6, "c": 3, "d": 2}, 5) == {"a", "b"}
    assert shown_groups({"a": 10, "b": 6}, 5) == {"a", "b"}
    assert shown_groups({"a": 4}, 5) == set()


def test_by_unit_hides_small_groups_and_items() -> None:
    responses = (
        [("sales", {"q": 4.0, "r": 2.0})] * 8
        + [("ict", {"q": 2.0, "r": 3.0})] * 6
        + [("ict", {"q": 2.0})] * 1
        + [("hr", {"q": 5.0, "r": 5.0})] * 3
    )
    groups = {g.group: g for g in score_by_unit(responses, ["q", "r"], 5)}
    assert set(groups) == {"all respondents", "sales", OTHER_UNITS}
    other = groups[OTHER_UNITS]
    assert other.respondents == 10  # ict (7) and hr (3) pooled: hr alone would show
    assert groups["all respondents"].scores[0].answers == 18
    # item r: sales 8 answers, pooled 9: both shown
    assert groups["sales"].scores[1].mean == 2.0


def test_item_level_complement_is_suppressed() -> None:
    responses = [("a", {"q": 1.0})] * 6 + [("b", {"q": 5.0})] * 3 + [("b", {})] * 4
    groups = {g.group: g for g in score_by_unit(responses, ["q"], 5)}
    # b has 7 respondents (a group), but only 3 answered q: q is hidden in b, and in a too,
    # since the total (shown) minus a would reveal b's mean
    assert groups["all respondents"].scores[0].mean is not None
    assert groups["b"].scores[0].mean is None
    assert groups["a"].scores[0].mean is None


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", "d", None]), st.one_of(st.none(), st.integers(1, 5))
        ),
        max_size=60,
    )
)
def test_no_shown_figure_describes_fewer_than_five(
    rows: list[tuple[str | None, int | None]],
) -> None:
    responses = [(unit, {} if v is None else {"q": float(v)}) for unit, v in rows]
    groups = score_by_unit(responses, ["q"], 5)
    for group in groups:
        assert group.respondents is None or group.respondents >= 5
        for score in group.scores:
            assert score.mean is None or (score.answers or 0) >= 5
    # what is hidden within the total can never be a single group of fewer than 5 answers
    total = groups[0].scores[0]
    if total.mean is not None:
        shown = [
            g.scores[0].answers for g in groups[1:] if g.scores and g.scores[0].mean is not None
        ]
        hidden = total.answers - sum(n or 0 for n in shown)
        assert hidden == 0 or hidden >= 5
