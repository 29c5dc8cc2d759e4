"""The words of the views every shell prints: the growth table of `wi3 diagnose`, the lines of
`wi3 diagnose --explain`, the metric tables of `wi3 metrics`, and the names of the metrics.

Ids stay ids in every language (indicator ids, evidence kinds, rule ids): they are what a
user types and searches for. A metric's English name is its own title in the metric catalogue;
a test checks that `metric.<id>` here says the same.
"""

from __future__ import annotations

from typing import Final

VIEWS: Final[dict[str, dict[str, str]]] = {
    "texts.more": {"en": "… ({more} more)", "nl": "… (nog {more})"},
    # the growth table
    "view.growth_title": {
        "en": "{organisation} as of {date}",
        "nl": "{organisation} per {date}",
    },
    "view.in_plan": {
        "en": " (in the plan: action {action})",
        "nl": " (in het plan: actie {action})",
    },
    "view.no_usage_in_range": {
        "en": "no usage data in range",
        "nl": "geen gebruiksgegevens in deze periode",
    },
    "view.activity_unknown": {
        "en": "unknown (no usage data)",
        "nl": "onbekend (geen gebruiksgegevens)",
    },
    "view.profile": {"en": "profile: {phases}", "nl": "profiel: {phases}"},
    "view.profile_stopped": {
        "en": "; {count} stopped, kept apart",
        "nl": "; {count} gestopt, apart gehouden",
    },
    "view.own_phase": {
        "en": "the organisation's own way of organising Enterprise 2.0: {phase} (mean {mean}, "
        "confidence {confidence})",
        "nl": "de eigen manier waarop de organisatie Enterprise 2.0 organiseert: {phase} "
        "(gemiddeld {mean}, betrouwbaarheid {confidence})",
    },
    "view.no_own_phase": {
        "en": "the organisation's own phase: no organisation-level assessment yet "
        "(`wi3 assess @organisation`)",
        "nl": "de eigen fase van de organisatie: nog geen beoordeling op organisatieniveau "
        "(`wi3 assess @organisation`)",
    },
    # the explanation of one initiative
    "view.explain.mean": {"en": "mean level {mean}", "nl": "gemiddeld niveau {mean}"},
    "view.explain.undetermined": {"en": "phase undetermined: {why}", "nl": "fase onbepaald: {why}"},
    "view.explain.too_few_categories": {
        "en": "{counted} categories have evidence that can carry a phase, and a phase needs at "
        "least {required}. {reason}",
        "nl": "{counted} categorieën hebben bewijs dat een fase kan dragen, en een fase vraagt "
        "er minstens {required}. {reason}",
    },
    "view.explain.gate_unknown": {
        "en": "no condition of the {facilitating} gate fails, but there is no evidence for "
        "{conditions}: {pioneering} would be a default, not a finding",
        "nl": "geen voorwaarde van de poort naar {facilitating} faalt, maar er is geen bewijs "
        "voor {conditions}: {pioneering} zou een standaardwaarde zijn, geen bevinding",
    },
    "view.explain.pointer": {"en": "usage alone points to ", "nl": "gebruik alleen wijst op "},
    "view.explain.pointer_note": {
        "en": " (conditions usage cannot judge set aside; a gate counts only on a figure about "
        "people)",
        "nl": " (voorwaarden die gebruik niet kan beoordelen buiten beschouwing; een poort telt "
        "alleen op een cijfer over mensen)",
    },
    "view.explain.no_pointer": {
        "en": "usage alone points to nothing: no usage figure about people",
        "nl": "gebruik alleen wijst nergens op: geen gebruikscijfer over mensen",
    },
    "view.explain.confidence": {
        "en": "confidence {label} {score} = recency {recency} × weighted mean of coverage "
        "{coverage} (categories with evidence), kinds {kinds} ({present}), agreement "
        "{agreement} (categories corroborated without conflict)",
        "nl": "betrouwbaarheid {label} {score} = actualiteit {recency} × gewogen gemiddelde van "
        "dekking {coverage} (categorieën met bewijs), soorten {kinds} ({present}), "
        "overeenstemming {agreement} (categorieën zonder conflict bevestigd)",
    },
    "view.explain.activity": {"en": "activity", "nl": "activiteit"},
    "view.explain.activity_unknown": {
        "en": "unknown: no usage data, and the owner gave no status or end date",
        "nl": "onbekend: geen gebruiksgegevens, en de eigenaar gaf geen status of einddatum",
    },
    "view.explain.since": {"en": " since {date}", "nl": " sinds {date}"},
    "view.explain.by_rule": {"en": "by rule {rule}: {says}", "nl": "volgens regel {rule}: {says}"},
    "view.explain.read_until": {
        "en": "evidence read up to {date}",
        "nl": "bewijs gelezen tot en met {date}",
    },
    "view.explain.last": {"en": "last contribution {date}", "nl": "laatste bijdrage {date}"},
    "view.explain.no_contribution": {"en": "no contribution", "nl": "geen bijdrage"},
    "view.explain.categories": {
        "en": "categories and their evidence",
        "nl": "categorieën en hun bewijs",
    },
    "view.explain.category_level": {"en": "level {level}", "nl": "niveau {level}"},
    "view.explain.conflict": {"en": "conflict", "nl": "conflict"},
    "view.explain.conflict_in": {
        "en": " in {category}: high {high}; low {low} ({spread} levels apart)",
        "nl": " in {category}: hoog {high}; laag {low} ({spread} niveaus uit elkaar)",
    },
    "view.explain.withheld": {"en": "no figure: {note}", "nl": "geen cijfer: {note}"},
    "view.explain.no_level": {"en": "no level", "nl": "geen niveau"},
    "view.explain.level": {"en": "level {level}", "nl": "niveau {level}"},
    "view.explain.dated": {
        "en": "dated {date}, counts {kept} of its weight",
        "nl": "gedateerd {date}, telt voor {kept} van zijn gewicht",
    },
    "view.explain.weight": {"en": "weight {weight}", "nl": "gewicht {weight}"},
    "view.explain.no_evidence": {
        "en": "no {evidence} evidence: {indicators}",
        "nl": "geen bewijs uit {evidence}: {indicators}",
    },
    "view.explain.claim_contradicted": {
        "en": "claim contradicted",
        "nl": "bewering tegengesproken",
    },
    "view.explain.claim": {
        "en": ": {claim}{dated} claims {claimed}, but {against}; not counted as agreement in "
        "{categories}",
        "nl": ": {claim}{dated} stelt {claimed}, maar {against}; telt niet als overeenstemming "
        "in {categories}",
    },
    "view.explain.claim_state": {
        "en": "the initiative is {state}",
        "nl": "het initiatief is {state}",
    },
    "view.explain.claim_state_since": {
        "en": "the initiative is {state} since {since}",
        "nl": "het initiatief is {state} sinds {since}",
    },
    "view.explain.claim_figure": {
        "en": "{indicator} = {value} (level 1), measured later",
        "nl": "{indicator} = {value} (niveau 1), later gemeten",
    },
    "view.explain.gate": {"en": "gate {phase}", "nl": "poort {phase}"},
    "view.explain.all_categories": {"en": "all categories", "nl": "alle categorieën"},
    "view.explain.kind.mean": {"en": "mean", "nl": "gemiddelde"},
    "view.explain.kind.category": {"en": "category", "nl": "categorie"},
    "view.explain.kind.group": {"en": "group", "nl": "groep"},
    "view.explain.condition": {
        "en": "{kind} {subject}: {actual} (needs ≥ {required})",
        "nl": "{kind} {subject}: {actual} (vereist ≥ {required})",
    },
    "view.explain.factors": {
        "en": "drivers and inhibitors at work",
        "nl": "drijfveren en remmers die meespelen",
    },
    "view.explain.steps": {
        "en": "next steps towards {target}",
        "nl": "volgende stappen naar {target}",
    },
    "view.explain.steps_consolidate": {
        "en": "next steps towards consolidating {phase}",
        "nl": "volgende stappen om {phase} te bestendigen",
    },
    "view.explain.steps_end": {
        "en": "next steps towards the end of its life",
        "nl": "volgende stappen naar het einde van de levensduur",
    },
    "view.explain.no_steps": {
        "en": "none: nothing in the evidence holds this initiative back",
        "nl": "geen: niets in het bewijs houdt dit initiatief tegen",
    },
    "view.explain.score": {"en": "score {score}", "nl": "score {score}"},
    "view.explain.first": {
        "en": "first because it acts on what fails in a {state} initiative",
        "nl": "eerst, omdat het werkt op wat faalt in een {state} initiatief",
    },
    "view.explain.acts_on": {
        "en": "acts on {categories}; for the gate conditions {conditions}",
        "nl": "werkt op {categories}; voor de poortvoorwaarden {conditions}",
    },
    "view.explain.counters": {"en": "counters {factors}", "nl": "gaat in tegen {factors}"},
    "view.explain.measure": {
        "en": "evidence: {evidence}; measure again with {measure}",
        "nl": "bewijs: {evidence}; meet opnieuw met {measure}",
    },
    "view.explain.none_yet": {"en": "none yet", "nl": "nog geen"},
    "view.explain.missing": {
        "en": "evidence that would settle the next gate: {indicators}",
        "nl": "bewijs dat de volgende poort zou beslissen: {indicators}",
    },
    # the metric tables
    "view.metrics.title": {
        "en": "{initiative}: usage metrics",
        "nl": "{initiative}: gebruiksmaatstaven",
    },
    "view.metrics.metric": {"en": "Metric", "nl": "Maatstaf"},
    "view.metrics.legend": {
        "en": "— : withheld (fewer than 5 people, or so that such a group cannot be worked out "
        "from the figures shown) or no data; `wi3 metrics --definitions` says what each metric "
        "means",
        "nl": "— : niet getoond (minder dan 5 mensen, of zodat zo'n groep niet uit de getoonde "
        "cijfers af te leiden is) of geen gegevens; `wi3 metrics --definitions` zegt wat elke "
        "maatstaf betekent",
    },
    "view.metrics.channels_title": {
        "en": "{initiative}: channels in {period}",
        "nl": "{initiative}: kanalen in {period}",
    },
    "view.metrics.channel": {"en": "Channel", "nl": "Kanaal"},
    "view.metrics.channels_legend": {
        "en": "— : withheld (fewer than 5 people, or so that such a group cannot be worked out "
        "from the figures shown) or no data; columns are metric ids, `wi3 metrics "
        "--definitions` says what each means",
        "nl": "— : niet getoond (minder dan 5 mensen, of zodat zo'n groep niet uit de getoonde "
        "cijfers af te leiden is) of geen gegevens; de kolommen zijn ids van maatstaven, "
        "`wi3 metrics --definitions` zegt wat elk betekent",
    },
    "view.metrics.definitions_title": {"en": "Usage metrics", "nl": "Gebruiksmaatstaven"},
    "view.metrics.unit": {"en": "Unit", "nl": "Eenheid"},
    "view.metrics.better": {"en": "Better", "nl": "Beter"},
    "view.metrics.evidences": {"en": "Evidences", "nl": "Bewijs voor"},
    "view.metrics.definition": {"en": "Definition (English)", "nl": "Definitie (Engels)"},
    "view.metrics.direction.higher": {"en": "higher", "nl": "hoger"},
    "view.metrics.direction.lower": {"en": "lower", "nl": "lager"},
    "view.metrics.unit.people": {"en": "people", "nl": "mensen"},
    "view.metrics.unit.share": {"en": "share", "nl": "aandeel"},
    "view.metrics.unit.index": {"en": "index", "nl": "index"},
    "view.metrics.unit.units": {"en": "units", "nl": "eenheden"},
    "view.metrics.unit.locations": {"en": "locations", "nl": "locaties"},
    "view.metrics.unit.hours": {"en": "hours", "nl": "uren"},
    "view.metrics.unit.initiatives": {"en": "initiatives", "nl": "initiatieven"},
    # the names of the metrics
    "metric.active_users": {"en": "Active users", "nl": "Actieve gebruikers"},
    "metric.active_ratio": {"en": "Active ratio", "nl": "Aandeel actieven"},
    "metric.contributor_ratio": {"en": "Contributor ratio", "nl": "Aandeel bijdragers"},
    "metric.gini": {"en": "Gini of contributions", "nl": "Gini van de bijdragen"},
    "metric.top10_share": {"en": "Top-10 share", "nl": "Aandeel van de top 10"},
    "metric.absence_factor": {"en": "Absence factor", "nl": "Afwezigheidsfactor"},
    "metric.units_reached": {"en": "Units reached", "nl": "Bereikte eenheden"},
    "metric.units_reached_share": {
        "en": "Share of units reached",
        "nl": "Aandeel bereikte eenheden",
    },
    "metric.locations_reached": {"en": "Locations reached", "nl": "Bereikte locaties"},
    "metric.cross_unit_share": {
        "en": "Cross-unit replies",
        "nl": "Reacties tussen eenheden",
    },
    "metric.cross_level_share": {
        "en": "Cross-level replies",
        "nl": "Reacties tussen niveaus",
    },
    "metric.ei_index": {"en": "E-I index over units", "nl": "E-I-index over eenheden"},
    "metric.management_participation": {
        "en": "Management participation",
        "nl": "Deelname van het management",
    },
    "metric.freshness": {"en": "Freshness", "nl": "Actualiteit"},
    "metric.reply_coverage": {
        "en": "Reply coverage (7 days)",
        "nl": "Beantwoorde draden (7 dagen)",
    },
    "metric.median_first_reply_hours": {
        "en": "Median time to first reply",
        "nl": "Mediane tijd tot de eerste reactie",
    },
    "metric.unanswered_share": {"en": "Unanswered threads", "nl": "Onbeantwoorde draden"},
    "metric.newcomers": {"en": "Newcomers", "nl": "Nieuwkomers"},
    "metric.retention": {
        "en": "Retention after three months",
        "nl": "Behoud na drie maanden",
    },
    "metric.lost_regulars": {"en": "Lost regulars", "nl": "Verloren vaste deelnemers"},
    "metric.returning_members": {"en": "Returning members", "nl": "Terugkerende leden"},
    "metric.integration_share": {"en": "Integration share", "nl": "Aandeel integraties"},
    "metric.parallel_initiatives": {
        "en": "Parallel initiatives of the same kind",
        "nl": "Parallelle initiatieven van dezelfde soort",
    },
}
"""Every word of the shells' views, in every language wi3 speaks."""
