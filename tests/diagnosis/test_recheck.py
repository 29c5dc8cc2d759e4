"""The re-check of an accepted next step, and the comparison of two snapshots, on diagnoses
built from evidence in code (docs/plan.md, docs/summary.md)."""

from __future__ import annotations

from datetime import date

import pytest

from wi3.diagnosis import (
    ActivityReading,
    Baseline,
    InitiativeDiagnosis,
    InitiativeEvidence,
    Measured,
    Observation,
    check_indicator,
    compare,
    diagnose_initiative,
    diagnose_organisation,
    freeze,
    overall,
    recheck,
)
from wi3.model import Model, load_model

THEN = date(2026, 3, 31)
NOW = date(2026, 6, 30)


@pytest.fixture(scope="module")
def model() -> Model:
    return load_model()


def owner(model: Model, phase: str, day: date, **other: str) -> list[Observation]:
    """An owner assessment answering `phase` for every category but those named."""
    return [
        Observation("owner", a.id, other.get(a.id.removeprefix("assess."), phase), dated=day)
        for a in model.assessment
    ]


def usage(day: date, **values: float) -> list[Observation]:
    return [Observation("usage", ref, v, dated=day) for ref, v in values.items()]


def measured(level: int | None, value: float | str | None = 1.0, **more: object) -> Measured:
    fields: dict[str, object] = {
        "indicator": "community.usage.top10_share",
        "category": "community",
        "evidence": "usage",
        "value": value,
        "level": level,
        "status": "observed" if level is not None else "withheld",
        "dated": THEN,
        "counts": level is not None,
    }
    fields |= more
    return Measured(**fields)  # type: ignore[arg-type]


# --- one indicator --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("then", "now", "phase", "expected"),
    [
        # a level up, the same, a level down: toward the next phase or away from it
        (measured(1, 0.8), measured(2, 0.6, dated=NOW), "pioneering", "better"),
        (measured(2, 0.6), measured(2, 0.45, dated=NOW), "pioneering", "unchanged"),
        (measured(2, 0.6), measured(1, 0.9, dated=NOW), "pioneering", "worse"),
        # nothing that counts now: withheld, stale, or no reading at all
        (measured(1, 0.8), measured(None, None, dated=NOW), "pioneering", "no_new_evidence"),
        (measured(1, 0.8), measured(2, 0.6, dated=NOW, counts=False), "pioneering",
         "no_new_evidence"),
        (measured(1, 0.8), None, "pioneering", "no_new_evidence"),
        # the same evidence as at acceptance: an assessment not renewed
        (measured(1, "pioneering"), measured(1, "pioneering"), "pioneering", "no_new_evidence"),
        # measured again with the same value: unchanged, not no new evidence
        (measured(2, 1.0), measured(2, 1.0, dated=NOW), "facilitating", "unchanged"),
        # no level at acceptance: compared with the phase it was in then
        (measured(None, None), measured(2, 0.6, dated=NOW), "pioneering", "better"),
        (measured(None, None), measured(2, 0.6, dated=NOW), "facilitating", "unchanged"),
        (measured(None, None), measured(1, 0.9, dated=NOW), "facilitating", "worse"),
        (measured(None, None), measured(2, 0.6, dated=NOW), "undetermined", "no_new_evidence"),
    ],
)  # fmt: skip
def test_an_indicator_is_compared_with_its_reading_at_acceptance(
    then: Measured, now: Measured | None, phase: str, expected: str
) -> None:
    assert check_indicator(then, now, phase) == expected


@pytest.mark.parametrize(
    ("outcomes", "expected"),
    [
        (["better", "no_new_evidence", "unchanged"], "better"),
        (["better", "worse", "worse"], "worse"),
        (["better", "worse", "unchanged"], "unchanged"),
        (["unchanged", "unchanged"], "unchanged"),
        (["no_new_evidence", "no_new_evidence"], "no_new_evidence"),
        ([], "no_new_evidence"),
    ],
)
def test_an_action_adds_up_the_judged_indicators(outcomes: list[str], expected: str) -> None:
    assert overall(outcomes) == expected  # type: ignore[arg-type]


# --- a whole action -------------------------------------------------------------------------


def pioneering_wiki(model: Model) -> InitiativeDiagnosis:
    """Pioneering: the owner says facilitating but for vision, community and leadership, and
    the ten most active make 85 % of the contributions; the reply coverage is withheld."""
    evidence = owner(
        model,
        "facilitating",
        THEN,
        vision="pioneering",
        community="pioneering",
        leadership="pioneering",
    ) + usage(THEN, top10_share=0.85)
    evidence.append(Observation("usage", "reply_coverage", None, withheld="too few", dated=THEN))
    return diagnose_initiative(model, "team-wiki", evidence, as_of=THEN)  # fmt: skip


def test_freezing_a_step_keeps_its_readings_with_their_values(model: Model) -> None:
    diagnosis = pioneering_wiki(model)
    assert diagnosis.phase == "pioneering"
    step = diagnosis.next_steps[0]
    baseline = freeze(diagnosis, step, THEN)
    assert (baseline.as_of, baseline.phase, baseline.target) == (THEN, "pioneering", "facilitating")
    assert baseline.categories == step.categories and baseline.conditions == step.conditions
    assert [m.indicator for m in baseline.measure] == list(step.measure)
    readings = {r.indicator: r for c in diagnosis.categories for r in c.readings}
    for m in (*baseline.measure, *baseline.evidence):
        reading = readings[m.indicator]
        assert (m.level, m.dated, m.counts) == (reading.level, reading.dated, reading.counts)
        assert m.value == (reading.value if reading.status == "observed" else None)
    assert Baseline.from_json(baseline.to_json()) == baseline


def test_a_withheld_figure_is_kept_without_its_value(model: Model) -> None:
    diagnosis = pioneering_wiki(model)
    (reading,) = [r for c in diagnosis.categories for r in c.readings if r.ref == "reply_coverage"]
    kept = Measured.of(reading)
    assert (kept.status, kept.value, kept.level, kept.counts) == ("withheld", None, None, False)


def test_a_later_snapshot_re_checks_each_indicator(model: Model) -> None:
    before = pioneering_wiki(model)
    step = next(s for s in before.next_steps if "community.usage.top10_share" in s.measure)
    baseline = freeze(before, step, THEN)
    grown = diagnose_initiative(
        model,
        "team-wiki",
        owner(model, "facilitating", NOW) + usage(NOW, top10_share=0.5),
        as_of=NOW,
    )
    check = recheck(baseline, grown, NOW)
    assert (check.as_of, check.phase, check.outcome) == (NOW, "facilitating", "better")
    by = {c.then.indicator: c for c in check.indicators}
    assert by["community.usage.top10_share"].outcome == "better"
    assert by["community.usage.top10_share"].now.value == 0.5  # type: ignore[union-attr]
    # the same evidence again later: nothing newer to compare with
    same = recheck(baseline, before, NOW)
    assert same.outcome == "no_new_evidence"
    # a snapshot that no longer holds the initiative
    gone = recheck(baseline, None, NOW)
    assert (gone.outcome, gone.phase) == ("no_new_evidence", None)
    assert all(c.now is None for c in gone.indicators)


def test_falling_back_is_worse(model: Model) -> None:
    grown = diagnose_initiative(
        model,
        "forum",
        owner(model, "facilitating", THEN) + usage(THEN, top10_share=0.5),
        as_of=THEN,
    )
    step = next(s for s in grown.next_steps if "community.usage.top10_share" in s.measure)
    baseline = freeze(grown, step, THEN)
    fallen = diagnose_initiative(
        model, "forum", owner(model, "pioneering", NOW) + usage(NOW, top10_share=0.9), as_of=NOW
    )
    assert recheck(baseline, fallen, NOW).outcome == "worse"  # fmt: skip


# --- comparing two snapshots ----------------------------------------------------------------


def organisation(model: Model, day: date, phases: dict[str, str], **extra: list[Observation]):  # type: ignore[no-untyped-def]
    evidence = [
        InitiativeEvidence(
            slug, tuple(owner(model, phase, day) + extra.get(slug.replace("-", "_"), []))
        )
        for slug, phase in phases.items()
    ]
    return diagnose_organisation(model, "acme", day, evidence)


def test_a_comparison_names_what_moved_each_initiative(model: Model) -> None:
    before = organisation(
        model,
        THEN,
        {"team-wiki": "pioneering", "forum": "facilitating", "blog": "pioneering"},
        forum=usage(THEN, top10_share=0.5, reply_coverage=0.6),
    )
    after = organisation(
        model, NOW, {"team-wiki": "facilitating", "forum": "facilitating", "chat": "pioneering"},
        forum=usage(NOW, top10_share=0.45, reply_coverage=0.65),
    )  # fmt: skip
    comparison = compare(before, after)
    assert (comparison.before, comparison.after) == (THEN, NOW)
    assert comparison.counts_before["pioneering"] == 2
    assert comparison.counts_after["facilitating"] == 2
    by = {c.initiative: c for c in comparison.initiatives}
    assert list(by) == ["team-wiki", "forum", "chat", "blog"]  # after's order, then the gone
    wiki = by["team-wiki"]
    assert (wiki.phase_before, wiki.phase_after, wiki.changed) == (
        "pioneering",
        "facilitating",
        True,
    )
    assert {c.category for c in wiki.categories} == {c.id for c in model.categories}
    assert all((c.before, c.after) == (1.0, 2.0) for c in wiki.categories)
    assert [(g.phase, g.before, g.after) for g in wiki.gates] == [
        ("facilitating", "fails", "holds")
    ]
    assert {r.indicator for r in wiki.readings} == {f"assess.{c.id}" for c in model.categories}
    moved = next(r for r in wiki.readings if r.indicator == "assess.vision")
    assert (moved.before.value, moved.after.value) == ("pioneering", "facilitating")  # type: ignore[union-attr]
    # the forum's figures moved within their levels, and its assessment was renewed with the
    # same answers: nothing moved a level
    forum = by["forum"]
    assert (forum.changed, forum.categories, forum.readings) == (False, (), ())
    assert (by["chat"].phase_before, by["chat"].phase_after) == (None, "pioneering")
    assert (by["blog"].phase_before, by["blog"].phase_after) == ("pioneering", None)
    assert by["blog"].changed and by["chat"].changed


def test_a_category_that_only_aged_is_not_listed(model: Model) -> None:
    # a year-old assessment beside fresh usage: by the later date the owner's answers weigh
    # less and the community level drifts, though no reading changed its level
    evidence = owner(model, "facilitating", date(2025, 6, 30)) + usage(THEN, top10_share=0.9)
    before = diagnose_organisation(
        model, "acme", THEN, [InitiativeEvidence("wiki", tuple(evidence))]
    )
    after = diagnose_organisation(model, "acme", NOW, [InitiativeEvidence("wiki", tuple(evidence))])
    levels = [
        {c.category: c.level for c in d.initiatives[0].categories}["community"]
        for d in (before, after)
    ]
    assert round(levels[0], 2) != round(levels[1], 2)  # type: ignore[arg-type]
    (wiki,) = compare(before, after).initiatives
    assert (wiki.categories, wiki.readings, wiki.changed) == ((), (), False)


def test_a_change_of_activity_alone_is_a_change(model: Model) -> None:
    def state(name: str) -> ActivityReading:
        return ActivityReading(name, "steady", None, THEN, THEN, {})

    evidence = tuple(owner(model, "pioneering", THEN))
    before = diagnose_organisation(
        model, "acme", THEN, [InitiativeEvidence("wiki", evidence, activity=state("active"))]
    )
    after = diagnose_organisation(
        model, "acme", THEN, [InitiativeEvidence("wiki", evidence, activity=state("declining"))]
    )
    (wiki,) = compare(before, after).initiatives
    assert (wiki.activity_before, wiki.activity_after, wiki.changed) == (
        "active",
        "declining",
        True,
    )
