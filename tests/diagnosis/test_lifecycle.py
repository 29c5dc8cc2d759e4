"""The diagnosis over time: activity states, undetermined phases, ageing evidence and claims."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from wi3.diagnosis import (
    ActivityEvidence,
    ActivityReading,
    Archived,
    DayCount,
    InitiativeEvidence,
    Observation,
    describe_activity,
    diagnose_initiative,
    diagnose_organisation,
    read_activity,
    standing,
)
from wi3.model import Model, load_model

AS_OF = date(2026, 6, 30)


@pytest.fixture(scope="module")
def model() -> Model:
    return load_model()


def daily(first: date, last: date, per_day: int = 2, container: str = "general") -> list[DayCount]:
    """A contribution `per_day` times on every weekday from `first` to `last`."""
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            days.append(DayCount(day, container, per_day))
        day += timedelta(days=1)
    return days


def life(days: list[DayCount], **given: object) -> ActivityEvidence:
    first = min((d.day for d in days), default=None)
    return ActivityEvidence(days=tuple(days), first_event=first, **given)  # type: ignore[arg-type]


def state(model: Model, evidence: ActivityEvidence, as_of: date = AS_OF) -> ActivityReading:
    reading = read_activity(model, evidence, as_of)
    assert reading is not None
    return reading


# --- activity rules ---------------------------------------------------------------------------


def test_a_busy_channel_is_active_and_the_rule_says_why(model: Model) -> None:
    reading = state(model, life(daily(date(2024, 1, 1), date(2026, 6, 29))))
    assert (reading.state, reading.rule) == ("active", "steady")
    assert reading.last == date(2026, 6, 29) and reading.read_until == AS_OF
    assert describe_activity(model, reading) == "contributions at its usual rhythm and volume"
    assert describe_activity(model, reading, "nl").startswith("bijdragen in het gebruikelijke")


def test_silence_makes_it_declining_then_dormant(model: Model) -> None:
    busy = life(daily(date(2023, 1, 1), date(2025, 12, 31)))
    quiet = state(model, busy, date(2026, 4, 15))
    assert (quiet.state, quiet.rule) == ("declining", "quiet")
    assert quiet.since == date(2025, 12, 31)
    assert quiet.figures["silence"] == 105 and quiet.figures["limit"] == 90
    assert describe_activity(model, quiet) == "no contribution for 105 days, 90 or more"
    silent = state(model, busy, date(2027, 1, 15))
    assert (silent.state, silent.rule) == ("dormant", "silent")
    assert silent.since == date(2025, 12, 31)


def test_silence_can_be_judged_against_the_initiatives_own_rhythm(model: Model) -> None:
    # a list that gets mail on six days a year: a usual gap of about 61 days
    rare = [
        DayCount(date(year, month, 3), "list", 4)
        for year in (2024, 2025)
        for month in (1, 3, 5, 7, 9, 11)
    ]
    # the shipped model judges silence by a quarter (calibrated: rhythm_factor 0)
    assert state(model, life(rare), date(2026, 3, 1)).rule == "quiet"  # 118 days
    thresholds = model.activity.thresholds
    rhythm = thresholds.rhythm_factor.model_copy(update={"value": 3.0})
    stretched = model.model_copy(
        update={
            "activity": model.activity.model_copy(
                update={"thresholds": thresholds.model_copy(update={"rhythm_factor": rhythm})}
            )
        }
    )
    assert state(stretched, life(rare), date(2026, 3, 1)).state == "active"
    later = state(stretched, life(rare), date(2026, 6, 1))  # 210 days: three usual gaps
    assert later.rule == "quiet" and later.figures["gap"] == pytest.approx(60.8, abs=0.1)
    assert later.figures["limit"] == 183


def test_too_few_contributions_ever_is_dormant(model: Model) -> None:
    reading = state(model, life([DayCount(date(2026, 6, 1), "general", 3)]))
    assert (reading.state, reading.rule) == ("dormant", "never_took_off")
    assert describe_activity(model, reading) == "fewer than 10 contributions in all"


def test_a_channel_holding_only_a_join_is_dormant(model: Model) -> None:
    evidence = ActivityEvidence(first_event=date(2026, 5, 2))
    assert state(model, evidence).rule == "never_took_off"


def test_a_collapse_of_volume_is_declining(model: Model) -> None:
    days = daily(date(2023, 7, 1), date(2025, 6, 30), per_day=10)
    days += daily(date(2025, 7, 1), date(2026, 6, 29), per_day=1)
    reading = state(model, life(days))
    assert (reading.state, reading.rule) == ("declining", "shrinking")
    assert reading.figures["share"] == "10%"
    assert "2024-06" <= str(reading.figures["peak"]) <= "2025-06"


def test_clear_growth_is_growing(model: Model) -> None:
    days = daily(date(2025, 1, 1), date(2025, 12, 31), per_day=1)
    days += daily(date(2026, 1, 1), date(2026, 6, 29), per_day=3)
    reading = state(model, life(days))
    assert (reading.state, reading.rule) == ("growing", "rising")
    assert float(str(reading.figures["ratio"])) >= 1.5


def test_before_its_start_it_has_not_started(model: Model) -> None:
    evidence = life(daily(date(2026, 3, 1), date(2026, 6, 29)))
    reading = state(model, evidence, date(2026, 2, 1))
    assert (reading.state, reading.live) == ("not_started", False)
    registered = ActivityEvidence(start=date(2026, 9, 1))
    assert state(model, registered).state == "not_started"


def test_the_owner_ends_or_pauses_it(model: Model) -> None:
    busy = daily(date(2025, 1, 1), date(2026, 6, 29))
    ended = state(model, life(busy, end_date=date(2026, 5, 31), status="retired"))
    assert (ended.state, ended.rule, ended.since) == ("stopped", "owner_ended", date(2026, 5, 31))
    not_yet = state(model, life(busy, end_date=date(2026, 12, 31)))
    assert not_yet.state == "active"
    retired = state(model, life(busy, status="retired"))
    assert (retired.state, retired.since) == ("stopped", date(2026, 6, 29))
    assert state(model, life(busy, status="paused")).state == "dormant"
    # the owner's word counts without any usage data
    assert state(model, ActivityEvidence(status="retired")).state == "stopped"
    assert read_activity(model, ActivityEvidence(), AS_OF) is None


def test_archived_when_every_used_container_is_archived(model: Model) -> None:
    days = daily(date(2025, 1, 1), date(2026, 3, 31), container="a")
    days += daily(date(2025, 1, 1), date(2026, 4, 30), container="b")
    both = (Archived("a", date(2026, 4, 1)), Archived("b", date(2026, 5, 2)))
    reading = state(model, life(days, archived=both, archive_signals=True))
    assert (reading.state, reading.rule, reading.since) == (
        "stopped",
        "platform_archived",
        date(2026, 5, 2),
    )
    assert reading.figures["containers"] == 2
    # before the second archive, or with one reopened, it is not stopped
    assert state(model, life(days, archived=both), date(2026, 4, 15)).state != "stopped"
    reopened = (Archived("b", date(2026, 5, 20)),)
    assert state(model, life(days, archived=both, unarchived=reopened)).state != "stopped"
    # an archive flag without a date counts from the container's last contribution
    flagged = (Archived("a", None), Archived("b", None))
    undated = state(model, life(days, archived=flagged))
    assert (undated.state, undated.since) == ("stopped", date(2026, 4, 30))


def test_after_the_evidence_ends_there_is_no_data_not_silence(model: Model) -> None:
    evidence = life(daily(date(2024, 1, 1), date(2025, 6, 27)), covered_until=date(2025, 6, 30))
    reading = state(model, evidence, date(2026, 6, 30))
    assert reading.read_until == date(2025, 6, 30)
    assert reading.state == "active"


def test_without_archive_signals_the_state_says_what_is_missing(model: Model) -> None:
    busy = daily(date(2023, 1, 1), date(2024, 12, 31))
    assert state(model, life(busy)).missing == ("archive_signals",)
    assert state(model, life(busy, archive_signals=True)).missing == ()


# --- the diagnosis with time ------------------------------------------------------------------


def usage(**values: float) -> list[Observation]:
    return [Observation("usage", ref, v, dated=date(2026, 6, 30)) for ref, v in values.items()]


def owner(model: Model, phase: str, dated: date | None = None) -> list[Observation]:
    return [Observation("owner", a.id, phase, dated=dated) for a in model.assessment]


def test_usage_alone_is_undetermined_with_a_usage_pointer(model: Model) -> None:
    evidence = usage(
        top10_share=0.5, absence_factor=9, reply_coverage=0.7, retention=0.3, parallel_initiatives=1
    )
    result = diagnose_initiative(model, "list", evidence, as_of=AS_OF)
    assert result.phase == "undetermined"
    assert result.sufficiency is not None and result.sufficiency.reason == "too_few_categories"
    assert result.sufficiency.categories == 2  # community, culture; tools concerns no person
    assert result.usage_pointer is not None and result.usage_pointer.phase == "facilitating"


def test_an_unknown_facilitating_gate_is_undetermined_not_pioneering(model: Model) -> None:
    evidence = [o for o in owner(model, "facilitating") if o.ref != "assess.leadership"]
    result = diagnose_initiative(model, "x", evidence, as_of=AS_OF)
    assert result.gates[0].status == "unknown"
    assert result.phase == "undetermined"
    assert result.sufficiency is not None and result.sufficiency.reason == "gate_unknown"
    failing = [*evidence, Observation("owner", "assess.leadership", "pioneering")]
    assert diagnose_initiative(model, "x", failing, as_of=AS_OF).phase == "pioneering"


def test_a_figure_about_no_person_does_not_carry_the_mean(model: Model) -> None:
    join_only = diagnose_initiative(model, "join", usage(parallel_initiatives=1), as_of=AS_OF)
    assert join_only.mean is None and join_only.usage_pointer is None
    live = diagnose_initiative(
        model, "live", usage(top10_share=0.8, absence_factor=2, parallel_initiatives=1)
    )
    assert live.mean == pytest.approx(1.0)
    joined = ActivityReading("dormant", "never_took_off", None, AS_OF, None, {})
    active = ActivityReading("active", "steady", None, AS_OF, AS_OF, {})
    ranked = sorted(
        [
            diagnose_initiative(model, "join", usage(parallel_initiatives=1), activity=joined),
            diagnose_initiative(
                model, "live", usage(top10_share=0.8, absence_factor=2), activity=active
            ),
        ],
        key=standing,
    )
    assert [d.initiative for d in ranked] == ["live", "join"]


def test_owner_evidence_ages_and_goes_stale(model: Model) -> None:
    fresh = diagnose_initiative(model, "x", owner(model, "facilitating", AS_OF), as_of=AS_OF)
    year = diagnose_initiative(
        model, "x", owner(model, "facilitating", date(2025, 6, 30)), as_of=AS_OF
    )
    reading = year.categories[0].readings[0]
    assert reading.age_factor == pytest.approx(0.5, abs=0.01)
    assert year.phase == fresh.phase == "facilitating"
    assert year.confidence.recency == pytest.approx(0.5, abs=0.01)
    assert year.confidence.score == pytest.approx(fresh.confidence.score / 2, abs=0.01)
    stale = diagnose_initiative(
        model, "x", owner(model, "strategic", date(2018, 3, 1)), as_of=AS_OF
    )
    assert stale.phase == "undetermined" and stale.mean is None
    first = stale.categories[0].readings[0]
    assert first.level == 3 and first.age_factor == 0 and not first.counts
    assert first.note is not None and first.note.startswith("stale: 100 months old")


def test_an_old_claim_that_usage_contradicts_is_a_conflict(model: Model) -> None:
    claim = owner(model, "strategic", date(2024, 6, 30))
    dormant = ActivityReading("dormant", "silent", date(2025, 1, 10), AS_OF, None, {})
    active = ActivityReading("active", "steady", None, AS_OF, AS_OF, {})
    contradicted = diagnose_initiative(model, "x", claim, as_of=AS_OF, activity=dormant)
    believed = diagnose_initiative(model, "x", claim, as_of=AS_OF, activity=active)
    (conflict,) = contradicted.claims
    assert (conflict.claim, conflict.claimed, conflict.contradiction) == (
        "owner",
        "strategic",
        "dormant",
    )
    assert conflict.dated == date(2024, 6, 30) and conflict.value == "2025-01-10"
    assert believed.claims == ()
    assert contradicted.confidence.score < believed.confidence.score


def test_a_reach_claim_that_later_usage_contradicts_is_a_conflict(model: Model) -> None:
    evidence = [
        Observation("owner", "assess.focus", "strategic", dated=date(2025, 1, 15)),
        *usage(active_ratio=0.04),
    ]
    result = diagnose_initiative(model, "x", evidence, as_of=AS_OF)
    (conflict,) = result.claims
    assert (conflict.claim, conflict.contradiction) == ("assess.focus", "focus.usage.active_ratio")
    assert conflict.categories == ("focus",)
    # a claim made after the measurement is not contradicted by it
    later = [Observation("owner", "assess.focus", "strategic", dated=date(2026, 7, 1))]
    assert diagnose_initiative(model, "x", later + usage(active_ratio=0.04)).claims == ()


def test_a_stopped_initiative_gets_end_of_life_advice_and_leaves_the_profile(
    model: Model,
) -> None:
    stopped = ActivityReading("stopped", "platform_archived", date(2026, 2, 1), AS_OF, None, {})
    declining = ActivityReading("declining", "shrinking", None, AS_OF, AS_OF, {})
    evidence = [
        InitiativeEvidence("gone", tuple(owner(model, "facilitating")), 50, stopped),
        InitiativeEvidence("fading", tuple(owner(model, "facilitating")), 50, declining),
        InitiativeEvidence("fine", tuple(owner(model, "pioneering")), 50),
    ]
    result = diagnose_organisation(model, "acme", AS_OF, evidence)
    gone, fading, _fine = result.initiatives
    assert gone.phase == "facilitating" and gone.target is None
    assert [s.tip for s in gone.next_steps] == ["E1", "E2", "E3"]
    assert fading.next_steps[0].tip == "T5" and fading.next_steps[0].activity == "declining"
    assert result.profile.stopped == 1
    assert result.profile.counts == {
        "pioneering": 1,
        "facilitating": 1,
        "strategic": 0,
        "undetermined": 0,
    }
    assert result.profile.shares["facilitating"] == 0.5


def test_a_year_of_silence_is_dormant_whatever_the_rhythm(model: Model) -> None:
    rare = [DayCount(date(2024, month, 3), "list", 6) for month in (2, 8)]
    rare += [DayCount(date(2025, 2, 3), "list", 6)]
    reading = state(model, life(rare), date(2026, 3, 1))
    assert (reading.state, reading.rule) == ("dormant", "silent")
    assert describe_activity(model, reading) == "no contribution for 391 days, a year or more"


def test_a_new_initiative_is_pioneering_by_the_published_rule(model: Model) -> None:
    started = ActivityReading("active", "steady", None, AS_OF, AS_OF, {}, started=date(2026, 5, 20))
    older = ActivityReading("active", "steady", None, AS_OF, AS_OF, {}, started=date(2025, 1, 1))
    new = diagnose_initiative(model, "new", [], as_of=AS_OF, activity=started)
    assert new.phase == "pioneering"
    assert new.sufficiency is not None and new.sufficiency.new
    old = diagnose_initiative(model, "old", [], as_of=AS_OF, activity=older)
    assert old.phase == "undetermined"
