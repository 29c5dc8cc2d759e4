"""From a snapshot and the model to the report's view, in one language.

`Words` turns the diagnosis's ids into the model's texts. The lifecycle rows, the earlier
snapshot compared with and the action plan come from the store (`wi3.service` reads them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from wi3.diagnosis import (
    UNDETERMINED,
    Action,
    InitiativeDiagnosis,
    InitiativeEntry,
    Notice,
    Snapshot,
    compare,
    standing,
)
from wi3.metrics import MetricValue
from wi3.model import PHASES, Model
from wi3.reports._actions import plan_view, planned_step
from wi3.reports._changes import comparison_view
from wi3.reports._charts import (
    UsageFigures,
    heatmap_chart,
    interaction_chart,
    lifecycle_chart,
    profile_chart,
    usage_chart,
)
from wi3.reports._life import (
    LifecycleRow,
    activity_view,
    claim_view,
    lifecycle_rows,
    undetermined_why,
)
from wi3.reports._story import summary_view
from wi3.reports._story_view import ComparisonView, Named, PlanView
from wi3.reports._summary import COLUMNS, management_summary
from wi3.reports._view import (
    Card,
    ChartView,
    Column,
    InitiativeView,
    NoticeView,
    OwnPhaseView,
    ProfileRow,
    Report,
    StoppedCard,
)
from wi3.reports._words import Words
from wi3.texts import Locale


def _page_names(snapshot: Snapshot) -> dict[str, Named]:
    """The initiatives named as in `snapshot`, for a page of their own: none linked to a
    section of a report."""
    return {
        slug: Named(anchor="", name=entry.name or slug)
        for slug, entry in snapshot.initiatives.items()
    }


def plan_section(
    snapshot: Snapshot, model: Model, locale: Locale, plan: Sequence[Action], on: date
) -> PlanView:
    """The plan as it stands on `on`, in words, the initiatives named as in `snapshot` (the
    newest)."""
    return plan_view(plan, on, Words(model, locale), _page_names(snapshot))


def comparison_section(
    snapshot: Snapshot, previous: Snapshot, model: Model, locale: Locale
) -> ComparisonView:
    """What changed from `previous` to `snapshot`, in words."""
    names = _page_names(previous) | _page_names(snapshot)
    return comparison_view(
        compare(previous.diagnosis, snapshot.diagnosis), Words(model, locale), names
    )


def build_report(
    snapshot: Snapshot,
    model: Model,
    locale: Locale,
    lifecycles: Mapping[str, Sequence[LifecycleRow]] | None = None,
    previous: Snapshot | None = None,
    plan: Sequence[Action] | None = None,
    usage: UsageFigures | None = None,
) -> Report:
    """The view of a whole organisation report.

    Initiatives appear in the order of a growth table (`standing`): live ones by phase,
    activity and mean, then the stopped ones. One that has not started is left out. The
    management summary and the comparison read `previous` (an earlier snapshot) when given,
    and the summary, the next steps and the plan's section read `plan` (the plan as of the
    snapshot's date).
    """
    words = Words(model, locale)
    diagnosis = snapshot.diagnosis
    ranked = sorted(
        (d for d in diagnosis.initiatives if d.activity is None or d.activity.live or _stopped(d)),
        key=lambda d: (standing(d), d.initiative),
    )
    figures: dict[str, list[MetricValue]] = {}
    for value in () if usage is None else usage.values:
        figures.setdefault(value.initiative, []).append(value)
    initiatives = tuple(
        _initiative(
            d,
            snapshot.entry(d.initiative),
            words,
            None if lifecycles is None else lifecycles.get(d.initiative, ()),
            diagnosis.as_of,
            None if usage is None else figures.get(d.initiative, []),
        )
        for d in ranked
    )
    if plan:
        initiatives = tuple(_with_plan(v, plan, diagnosis.as_of, words) for v in initiatives)
    views = dict(zip((d.initiative for d in ranked), initiatives, strict=True))
    names = {
        slug: Named(anchor=views[slug].anchor if slug in views else "", name=entry.name or slug)
        for slug, entry in snapshot.initiatives.items()
    } | {slug: Named(view.anchor, view.name) for slug, view in views.items()}
    summary = management_summary(
        diagnosis, None if previous is None else previous.diagnosis, plan or ()
    )
    live = [d for d in ranked if not _stopped(d)]
    # the undetermined column only when it holds an initiative: it is no phase of the model,
    # and an empty one would narrow the three phase columns for nothing
    board = tuple(
        Column(
            phase=words.phase(p),
            cards=tuple(
                _card(views[d.initiative], d, snapshot.entry(d.initiative), words)
                for d in live
                if d.phase == p
            ),
        )
        for p in COLUMNS
        if p in PHASES or any(d.phase == p for d in live)
    )
    stopped = tuple(_stopped_card(views[d.initiative], d, words) for d in ranked if _stopped(d))
    profile = diagnosis.profile
    weighted = profile.weighted_shares
    rows = tuple(
        ProfileRow(
            phase=words.phase(p),
            count=profile.counts.get(p, 0),
            share=locale.percent(profile.shares.get(p, 0.0)),
            weighted_share=None if weighted is None else locale.percent(weighted.get(p, 0.0)),
        )
        for p in COLUMNS
    )
    shown = f"{model.id} {model.version}"
    own = diagnosis.own_phase
    return Report(
        language=locale.language,
        title=locale.label("report_title"),
        organisation=snapshot.organisation_name,
        as_of=locale.date(diagnosis.as_of),
        as_of_iso=diagnosis.as_of.isoformat(),
        model=diagnosis.model,
        model_name=model.name.get(locale.language),
        model_mismatch=None
        if diagnosis.model == shown
        else locale.label("model_mismatch", diagnosed=diagnosis.model, shown=shown),
        example=snapshot.example,
        board=board,
        stopped=stopped,
        notices=tuple(_notice(n, views, words) for n in snapshot.notices),
        profile=rows,
        total=sum(profile.counts.values()),
        weighted=weighted is not None,
        profile_chart=profile_chart(words, profile, diagnosis.as_of, lifecycles),
        heatmap_chart=heatmap_chart(words, initiatives),
        interaction_chart=None if usage is None else interaction_chart(words, initiatives, usage),
        own_phase=None
        if own is None
        else OwnPhaseView(
            phase=words.phase(own.phase),
            mean=locale.level(own.mean),
            confidence=words.confidence(own.confidence),
            heatmap=words.heatmap(own.categories),
            has_conflict=any(c.conflict for c in own.categories),
            gates=tuple(words.gate(g, model.organisation.gates.of(g.phase)) for g in own.gates),
        ),
        initiatives=initiatives,
        summary=summary_view(summary, words, names),
        plan=None if plan is None else plan_view(plan, diagnosis.as_of, words, names),
        comparison=None
        if previous is None
        else comparison_view(compare(previous.diagnosis, diagnosis), words, names),
    )


def _with_plan(
    view: InitiativeView, plan: Sequence[Action], as_of: date, words: Words
) -> InitiativeView:
    """The initiative's view with each next step the plan holds marked: by its newest action."""
    held = {a.tip: a for a in plan if a.initiative == view.slug}
    if not held:
        return view
    steps = tuple(
        replace(s, planned=planned_step(held[s.tip], as_of, words)) if s.tip in held else s
        for s in view.steps
    )
    return replace(view, steps=steps)


def anchor(slug: str) -> str:
    """The HTML id of an initiative's section: safe characters only."""
    return "initiative-" + re.sub(r"[^A-Za-z0-9_-]+", "-", slug)


def initiative_usage_chart(
    model: Model, locale: Locale, slug: str, name: str, values: Sequence[MetricValue]
) -> ChartView | None:
    """The chart of an initiative's usage over the model's thresholds, as its section in the
    report draws it, for a page that shows the initiative alone; `values` are its figures per
    quarter."""
    return usage_chart(Words(model, locale), anchor(slug), name, values)


def _stopped(diagnosis: InitiativeDiagnosis) -> bool:
    return diagnosis.activity is not None and diagnosis.activity.state == "stopped"


def _card(
    view: InitiativeView, diagnosis: InitiativeDiagnosis, about: InitiativeEntry, words: Words
) -> Card:
    return Card(
        anchor=view.anchor,
        name=view.name,
        kind=words.locale.label_or(f"kind_{about.kind}", about.kind),
        platform=about.platform or None,
        unit=about.unit or None,
        mean=view.mean,
        confidence_id=view.confidence.id,
        confidence=view.confidence.label,
        next_step=view.steps[0].title if view.steps else None,
        activity=view.activity.badge,
        pointer=view.pointer if diagnosis.phase == UNDETERMINED else None,
    )


def _stopped_card(
    view: InitiativeView, diagnosis: InitiativeDiagnosis, words: Words
) -> StoppedCard:
    reading = diagnosis.activity
    assert reading is not None  # only stopped initiatives get here
    since = reading.since
    return StoppedCard(
        anchor=view.anchor,
        name=view.name,
        phase=view.phase,
        stopped_on=words.locale.label("date_unknown")
        if since is None
        else words.locale.date(since),
        stopped_iso=None if since is None else since.isoformat(),
        why=view.activity.rule or reading.rule,
    )


def _notice(notice: Notice, views: Mapping[str, InitiativeView], words: Words) -> NoticeView:
    """A notice in the report's language, with its initiative's name instead of its slug."""
    slug = notice.initiative
    text = words.note(notice.text)
    view = views.get(slug)
    if view is None or not text.startswith(f"{slug}: "):
        return NoticeView(kind=notice.kind, anchor=None, name=None, text=text)
    return NoticeView(
        kind=notice.kind,
        anchor=view.anchor,
        name=view.name,
        text=text[len(slug) + 2 :],
    )


def _initiative(
    diagnosis: InitiativeDiagnosis,
    about: InitiativeEntry,
    words: Words,
    lifecycle: Sequence[LifecycleRow] | None,
    as_of: date,
    figures: Sequence[MetricValue] | None,
) -> InitiativeView:
    locale = words.locale
    facts: list[tuple[str, str]] = []
    if about.kind:
        facts.append((locale.label("kind"), locale.label_or(f"kind_{about.kind}", about.kind)))
    if about.platform:
        facts.append((locale.label("platform"), about.platform))
    if about.unit:
        facts.append((locale.label("unit"), about.unit))
    if about.status:
        status = about.status
        facts.append((locale.label("status"), locale.label_or(f"status_{status}", status)))
    if about.start_date:
        facts.append((locale.label("started"), about.start_date.isoformat()))
    if about.end_date:
        facts.append((locale.label("end_date"), about.end_date.isoformat()))
    if about.audience is not None:
        basis = about.audience_basis
        named = f" ({locale.label(f'audience_{basis}')})" if basis else ""
        facts.append(
            (locale.label("audience"), f"{about.audience} {locale.label('people')}{named}")
        )
    readings = tuple(words.reading(r) for c in diagnosis.categories for r in c.readings)
    target = diagnosis.target
    stopped = _stopped(diagnosis)
    pointer = diagnosis.usage_pointer
    rows = None if lifecycle is None else lifecycle_rows(words, lifecycle, as_of)
    view = InitiativeView(
        anchor=anchor(diagnosis.initiative),
        slug=diagnosis.initiative,
        name=about.name or diagnosis.initiative,
        facts=tuple(facts),
        phase=words.phase(diagnosis.phase),
        mean=locale.level(diagnosis.mean),
        target=None if target is None else words.phase(target),
        confidence=words.confidence(diagnosis.confidence),
        heatmap=words.heatmap(diagnosis.categories),
        has_conflict=any(c.conflict for c in diagnosis.categories),
        gates=tuple(words.gate(g, words.model.gates.of(g.phase)) for g in diagnosis.gates),
        factors=tuple(words.factor(f) for f in diagnosis.factors),
        steps=tuple(words.step(s) for s in diagnosis.next_steps),
        missing=() if stopped else tuple(words.indicator(i) for i in diagnosis.missing),
        readings=readings,
        observed=sum(1 for r in readings if r.status == "observed"),
        activity=activity_view(words, diagnosis.activity, diagnosis.initiative),
        stopped=stopped,
        undetermined_why=undetermined_why(words, diagnosis),
        pointer=None if pointer is None else words.phase(pointer.phase),
        claims=tuple(claim_view(words, c) for c in diagnosis.claims),
        lifecycle=rows,
        lifecycle_chart=None,
        usage_chart=None,
    )
    return replace(
        view,
        lifecycle_chart=None if rows is None else lifecycle_chart(words, view, rows),
        usage_chart=None
        if figures is None
        else usage_chart(words, view.anchor, view.name, figures),
    )
