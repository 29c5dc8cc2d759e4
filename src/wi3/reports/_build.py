"""From a diagnosis document and the model to the report's view, in one language.

The document is a snapshot: `wi3.diagnosis.to_document` plus the organisation's and the
initiatives' descriptions (name, kind, platform, unit, ...) and, for the example organisation,
`"example": true`. `Words` turns the diagnosis's ids into the model's texts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from wi3.diagnosis import InitiativeDiagnosis, OrganisationDiagnosis
from wi3.model import PHASES, Model
from wi3.reports._chart import bar_chart
from wi3.reports._locale import Locale
from wi3.reports._view import (
    Card,
    Column,
    InitiativeView,
    OwnPhaseView,
    ProfileRow,
    Report,
)
from wi3.reports._words import Words


def build_report(
    document: Mapping[str, Any], diagnosis: OrganisationDiagnosis, model: Model, locale: Locale
) -> Report:
    """The view of a whole organisation report."""
    words = Words(model, locale)
    directory: Mapping[str, Mapping[str, Any]] = document.get("initiatives") or {}
    organisation = document.get("organisation") or {}
    initiatives = tuple(
        _initiative(d, directory.get(d.initiative, {}), words) for d in diagnosis.initiatives
    )
    board = tuple(
        Column(
            phase=words.phase(p),
            cards=tuple(
                _card(v, directory.get(d.initiative, {}), locale)
                for d, v in zip(diagnosis.initiatives, initiatives, strict=True)
                if d.phase == p
            ),
        )
        for p in PHASES
    )
    profile = diagnosis.profile
    weighted = profile.weighted_shares
    rows = tuple(
        ProfileRow(
            phase=words.phase(p),
            count=profile.counts.get(p, 0),
            share=locale.percent(profile.shares.get(p, 0.0)),
            weighted_share=None if weighted is None else locale.percent(weighted.get(p, 0.0)),
        )
        for p in PHASES
    )
    chart = bar_chart(
        rows,
        [profile.shares.get(p, 0.0) for p in PHASES],
        None if weighted is None else [weighted.get(p, 0.0) for p in PHASES],
        locale.label("profile_chart_title"),
        locale.label("profile_chart_desc_weighted" if weighted else "profile_chart_desc"),
    )
    shown = f"{model.id} {model.version}"
    own = diagnosis.own_phase
    return Report(
        language=locale.language,
        title=locale.label("report_title"),
        organisation=str(organisation.get("name") or diagnosis.organisation),
        as_of=locale.date(diagnosis.as_of),
        as_of_iso=diagnosis.as_of.isoformat(),
        model=diagnosis.model,
        model_name=model.name.get(locale.language),
        model_mismatch=None
        if diagnosis.model == shown
        else locale.label("model_mismatch", diagnosed=diagnosis.model, shown=shown),
        example=document.get("example") is True,
        board=board,
        profile=rows,
        total=sum(profile.counts.values()),
        weighted=weighted is not None,
        chart=chart,
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
    )


def anchor(slug: str) -> str:
    """The HTML id of an initiative's section: safe characters only."""
    return "initiative-" + re.sub(r"[^A-Za-z0-9_-]+", "-", slug)


def _card(view: InitiativeView, about: Mapping[str, Any], locale: Locale) -> Card:
    kind = str(about.get("kind") or "")
    return Card(
        anchor=view.anchor,
        name=view.name,
        kind=locale.label_or(f"kind_{kind}", kind),
        platform=str(about["platform"]) if about.get("platform") else None,
        unit=str(about["unit"]) if about.get("unit") else None,
        mean=view.mean,
        confidence_id=view.confidence.id,
        confidence=view.confidence.label,
        next_step=view.steps[0].title if view.steps else None,
    )


def _initiative(
    diagnosis: InitiativeDiagnosis, about: Mapping[str, Any], words: Words
) -> InitiativeView:
    locale = words.locale
    facts: list[tuple[str, str]] = []
    if about.get("kind"):
        kind = str(about["kind"])
        facts.append((locale.label("kind"), locale.label_or(f"kind_{kind}", kind)))
    for field in ("platform", "unit"):
        if about.get(field):
            facts.append((locale.label(field), str(about[field])))
    if about.get("status"):
        status = str(about["status"])
        facts.append((locale.label("status"), locale.label_or(f"status_{status}", status)))
    if about.get("start_date"):
        facts.append((locale.label("started"), str(about["start_date"])))
    if isinstance(about.get("audience"), int):
        facts.append((locale.label("audience"), f"{about['audience']} {locale.label('people')}"))
    readings = tuple(words.reading(r) for c in diagnosis.categories for r in c.readings)
    target = diagnosis.target
    return InitiativeView(
        anchor=anchor(diagnosis.initiative),
        slug=diagnosis.initiative,
        name=str(about.get("name") or diagnosis.initiative),
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
        missing=tuple(words.indicator(i) for i in diagnosis.missing),
        readings=readings,
        observed=sum(1 for r in readings if r.status == "observed"),
    )
