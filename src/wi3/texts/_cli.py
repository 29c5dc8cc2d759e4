"""What the command line says itself, in English and Dutch: results, prompts, column headings.

Keys start with `cli.` and the command (`cli.init.ready`). A count that changes the wording
has two entries, `.one` and `.other` (`Locale.plural`). Column headings that a report has too
come from the report's labels (`initiative`, `phase`), not from here.
"""

from __future__ import annotations

from typing import Final

CLI: Final[dict[str, dict[str, str]]] = {
    # shared by every command
    "cli.error": {"en": "error:", "nl": "fout:"},
    "cli.note": {"en": "note:", "nl": "let op:"},
    "cli.or": {"en": "{first} or {last}", "nl": "{first} of {last}"},
    "cli.name": {"en": "Name", "nl": "Naam"},
    "cli.scope": {"en": "Scope", "nl": "Bedoeld voor"},
    "cli.everyone": {"en": "everyone", "nl": "iedereen"},
    # wi3 init, wi3 key
    "cli.init.ready": {
        "en": "workspace ready at {path} (store: {store})",
        "nl": "werkmap klaar in {path} (opslag: {store})",
    },
    "cli.init.key": {
        "en": "pseudonymisation key: {place}",
        "nl": "pseudonimiseringssleutel: {place}",
    },
    "cli.init.key_new": {
        "en": "pseudonymisation key: {place} (new)",
        "nl": "pseudonimiseringssleutel: {place} (nieuw)",
    },
    "cli.init.back_up": {
        "en": "Back the key up now, apart from the workspace: without it wi3 cannot open the "
        "workspace, and new imports cannot be linked to the pseudonyms stored. Do not copy it "
        "into the workspace folder.",
        "nl": "Maak nu een reservekopie van de sleutel, los van de werkmap: zonder sleutel kan "
        "wi3 de werkmap niet openen en kunnen nieuwe imports niet aan de opgeslagen pseudoniemen "
        "worden gekoppeld. Kopieer hem niet naar de werkmap.",
    },
    "cli.key.inside": {
        "en": "{path} (inside the workspace)",
        "nl": "{path} (in de werkmap)",
    },
    "cli.key.workspace": {"en": "workspace {path} (id {id})", "nl": "werkmap {path} (id {id})"},
    "cli.key.workspace_no_id": {
        "en": "workspace {path} (id not yet recorded)",
        "nl": "werkmap {path} (id nog niet vastgelegd)",
    },
    "cli.key.place": {
        "en": "pseudonymisation key: {place}",
        "nl": "pseudonimiseringssleutel: {place}",
    },
    "cli.key.fingerprint": {
        "en": "key fingerprint: {fingerprint}",
        "nl": "vingerafdruk van de sleutel: {fingerprint}",
    },
    "cli.key.still_inside": {
        "en": "the key is still inside the workspace: run `wi3 key move` to keep it apart",
        "nl": "de sleutel staat nog in de werkmap: bewaar hem apart met `wi3 key move`",
    },
    "cli.key.not_inside": {
        "en": "the key is not inside the workspace; it is kept in {target}",
        "nl": "de sleutel staat niet in de werkmap; hij wordt bewaard in {target}",
    },
    "cli.key.moved": {
        "en": "moved the pseudonymisation key from {source} to {target}.\n"
        "Back this file up now, apart from the workspace: without it the workspace cannot be "
        "opened, and its pseudonyms cannot be extended. Older backups of the workspace folder "
        "still hold the key: delete them, or keep them as safe as the key.",
        "nl": "de pseudonimiseringssleutel is verplaatst van {source} naar {target}.\n"
        "Maak nu een reservekopie van dit bestand, los van de werkmap: zonder dit bestand kan "
        "de werkmap niet worden geopend en kunnen de pseudoniemen niet worden aangevuld. Oudere "
        "reservekopieën van de werkmap bevatten de sleutel nog: verwijder ze, of bewaar ze net "
        "zo veilig als de sleutel.",
    },
    # wi3 model
    "cli.model.problems.one": {"en": "{file}: {count} problem", "nl": "{file}: {count} probleem"},
    "cli.model.problems.other": {
        "en": "{file}: {count} problems",
        "nl": "{file}: {count} problemen",
    },
    "cli.model.valid": {
        "en": "{file}: valid — {categories} categories, {indicators} indicators, {tips} tips, "
        "{items} survey items",
        "nl": "{file}: geldig — {categories} categorieën, {indicators} indicatoren, {tips} tips, "
        "{items} enquêtevragen",
    },
    "cli.model.question": {"en": "Question", "nl": "Vraag"},
    "cli.model.answers": {"en": "Answers", "nl": "Antwoorden"},
    "cli.model.a_number": {"en": "a number", "nl": "een getal"},
    "cli.model.statement": {"en": "Statement", "nl": "Stelling"},
    "cli.model.scale": {"en": "Scale", "nl": "Schaal"},
    "cli.model.usage_indicators": {
        "en": "Usage indicators (about no person: *)",
        "nl": "Gebruiksindicatoren (over geen persoon: *)",
    },
    "cli.model.fewest_people": {"en": "Fewest people", "nl": "Minste mensen"},
    "cli.model.calibration": {"en": "Calibration", "nl": "Kalibratie"},
    "cli.model.rules": {
        "en": "Activity rules, in the order they apply",
        "nl": "Activiteitsregels, in de volgorde waarin ze gelden",
    },
    "cli.model.state": {"en": "State", "nl": "Toestand"},
    "cli.model.says": {"en": "Says", "nl": "Zegt"},
    "cli.model.threshold": {"en": "Threshold", "nl": "Drempel"},
    "cli.model.thresholds": {"en": "Thresholds", "nl": "Drempels"},
    # wi3 org, wi3 initiative
    "cli.org.imported": {
        "en": "organisation {organisation}: initiatives {added} added, {updated} updated, "
        "{unchanged} unchanged",
        "nl": "organisatie {organisation}: initiatieven {added} toegevoegd, {updated} bijgewerkt, "
        "{unchanged} ongewijzigd",
    },
    "cli.org.no_units": {
        "en": "no units yet: list them under `units:` in the organisation file, or import the "
        "people directory (`wi3 people import FILE`)",
        "nl": "nog geen eenheden: noem ze onder `units:` in het organisatiebestand, of importeer "
        "het personeelsbestand (`wi3 people import FILE`)",
    },
    "cli.org.units": {"en": "Units", "nl": "Eenheden"},
    "cli.initiative.added": {
        "en": "initiative {initiative}: added",
        "nl": "initiatief {initiative}: toegevoegd",
    },
    "cli.initiative.updated": {
        "en": "initiative {initiative}: updated",
        "nl": "initiatief {initiative}: bijgewerkt",
    },
    "cli.initiative.unchanged": {
        "en": "initiative {initiative}: unchanged",
        "nl": "initiatief {initiative}: ongewijzigd",
    },
    # wi3 assess, wi3 survey
    "cli.assess.imported.one": {
        "en": "{count} assessment imported",
        "nl": "{count} beoordeling geïmporteerd",
    },
    "cli.assess.imported.other": {
        "en": "{count} assessments imported",
        "nl": "{count} beoordelingen geïmporteerd",
    },
    "cli.assess.already": {
        "en": "{already} already in the store",
        "nl": "{already} al opgeslagen",
    },
    "cli.assess.recorded": {
        "en": "assessment of {initiative} on {date}: {answers} answers, {unknown} don't know",
        "nl": "beoordeling van {initiative} op {date}: {answers} antwoorden, {unknown} weet niet",
    },
    "cli.assess.identical": {
        "en": "assessment of {initiative} on {date}: {answers} answers, {unknown} don't know — "
        "identical to one already stored, so not added again",
        "nl": "beoordeling van {initiative} op {date}: {answers} antwoorden, {unknown} weet niet "
        "— gelijk aan een al opgeslagen beoordeling, dus niet opnieuw toegevoegd",
    },
    "cli.assess.dont_know": {"en": "don't know", "nl": "weet niet"},
    "cli.assess.answer": {"en": "answer", "nl": "antwoord"},
    "cli.assess.fact": {"en": "fact {n}/{of}", "nl": "feit {n}/{of}"},
    "cli.assess.hint_choice": {
        "en": "1–{last}, or 0 for don't know",
        "nl": "1–{last}, of 0 voor weet niet",
    },
    "cli.assess.hint_yes_no": {
        "en": "yes / no, or 0 for don't know",
        "nl": "ja / nee, of 0 voor weet niet",
    },
    "cli.assess.hint_number": {
        "en": "a number, or 0 for don't know",
        "nl": "een getal, of 0 voor weet niet",
    },
    "cli.survey.imported": {
        "en": "{read} responses read; {imported} imported into round {round}",
        "nl": "{read} antwoorden gelezen; {imported} geïmporteerd in ronde {round}",
    },
    "cli.survey.already": {
        "en": "{already} already imported before",
        "nl": "{already} al eerder geïmporteerd",
    },
    "cli.survey.too_long.one": {
        "en": "{count} row skipped (line {lines}): a field longer than {limit} characters",
        "nl": "{count} rij overgeslagen (regel {lines}): een veld langer dan {limit} tekens",
    },
    "cli.survey.too_long.other": {
        "en": "{count} rows skipped (line {lines}): a field longer than {limit} characters",
        "nl": "{count} rijen overgeslagen (regel {lines}): een veld langer dan {limit} tekens",
    },
    "cli.survey.none": {
        "en": "{initiative} has no survey responses yet",
        "nl": "{initiative} heeft nog geen enquêteantwoorden",
    },
    "cli.survey.item": {"en": "Item", "nl": "Vraag"},
    "cli.survey.title": {
        "en": "{initiative}: survey round {round}",
        "nl": "{initiative}: enquêteronde {round}",
    },
    "cli.survey.withheld": {
        "en": "fewer than {fewest} answers; not shown",
        "nl": "minder dan {fewest} antwoorden; niet getoond",
    },
    # wi3 people, wi3 ingest, wi3 events, wi3 simulate
    "cli.people.imported": {
        "en": "{file}: {people} people ({added} new, {units} new units); {relinked} accounts "
        "linked to them",
        "nl": "{file}: {people} mensen ({added} nieuw, {units} nieuwe eenheden); {relinked} "
        "accounts aan hen gekoppeld",
    },
    "cli.people.no_suggestions": {
        "en": "no suggestions: every account that shares an alias is decided on",
        "nl": "geen suggesties: over elk account dat een alias deelt is al beslist",
    },
    "cli.people.suggestions": {
        "en": "Accounts that may be one person",
        "nl": "Accounts die van één persoon kunnen zijn",
    },
    "cli.people.accounts": {"en": "Accounts", "nl": "Accounts"},
    "cli.people.first": {"en": "First", "nl": "Eerste"},
    "cli.people.second": {"en": "Second", "nl": "Tweede"},
    "cli.people.share": {"en": "They share", "nl": "Ze delen"},
    "cli.people.strength": {"en": "Strength", "nl": "Sterkte"},
    "cli.people.alias.id": {"en": "id", "nl": "id"},
    "cli.people.alias.email": {"en": "e-mail", "nl": "e-mail"},
    "cli.people.alias.name": {"en": "name", "nl": "naam"},
    "cli.people.alias.handle": {"en": "handle", "nl": "gebruikersnaam"},
    "cli.people.strength.strong": {"en": "strong", "nl": "sterk"},
    "cli.people.strength.medium": {"en": "medium", "nl": "gemiddeld"},
    "cli.people.strength.weak": {"en": "weak", "nl": "zwak"},
    "cli.people.decide": {
        "en": "confirm with `wi3 people confirm FIRST SECOND`, or `wi3 people reject FIRST SECOND`",
        "nl": "bevestig met `wi3 people confirm FIRST SECOND`, of wijs af met "
        "`wi3 people reject FIRST SECOND`",
    },
    "cli.people.confirmed": {
        "en": "confirmed: one person now",
        "nl": "bevestigd: nu één persoon",
    },
    "cli.people.rejected": {
        "en": "rejected: they stay apart",
        "nl": "afgewezen: ze blijven apart",
    },
    "cli.ingest.records": {"en": "records", "nl": "records"},
    "cli.ingest.reading": {"en": "reading {file}", "nl": "{file} lezen"},
    "cli.ingest.events.one": {"en": "{count} new event", "nl": "{count} nieuwe gebeurtenis"},
    "cli.ingest.events.other": {"en": "{count} new events", "nl": "{count} nieuwe gebeurtenissen"},
    "cli.ingest.repeats.one": {
        "en": "{count} repeat of events already read or stored",
        "nl": "{count} herhaling van al gelezen of opgeslagen gebeurtenissen",
    },
    "cli.ingest.repeats.other": {
        "en": "{count} repeats of events already read or stored",
        "nl": "{count} herhalingen van al gelezen of opgeslagen gebeurtenissen",
    },
    "cli.ingest.accounts": {
        "en": "{accounts} accounts ({new} new)",
        "nl": "{accounts} accounts ({new} nieuw)",
    },
    "cli.ingest.split": {
        "en": "split over {initiatives} initiatives ({registered} registered)",
        "nl": "verdeeld over {initiatives} initiatieven ({registered} geregistreerd)",
    },
    "cli.ingest.registered": {
        "en": "initiative {initiative} registered",
        "nl": "initiatief {initiative} geregistreerd",
    },
    "cli.ingest.unused": {
        "en": "the containers file names {containers}, not in this export",
        "nl": "het containerbestand noemt {containers}, die niet in deze export staan",
    },
    "cli.ingest.initiatives": {
        "en": "Initiatives of this export",
        "nl": "Initiatieven van deze export",
    },
    "cli.ingest.new_events": {"en": "New events", "nl": "Nieuwe gebeurtenissen"},
    "cli.ingest.registered_column": {"en": "Registered", "nl": "Geregistreerd"},
    "cli.events.none": {
        "en": "no events yet: `wi3 ingest SOURCE PATH --initiative NAME` reads an export",
        "nl": "nog geen gebeurtenissen: `wi3 ingest SOURCE PATH --initiative NAME` leest een "
        "export",
    },
    "cli.events.month": {"en": "Month", "nl": "Maand"},
    "cli.events.title": {"en": "Events of {initiative}", "nl": "Gebeurtenissen van {initiative}"},
    "cli.events.title_all": {
        "en": "Events of all initiatives",
        "nl": "Gebeurtenissen van alle initiatieven",
    },
    "cli.events.kind.create": {"en": "create", "nl": "nieuw"},
    "cli.events.kind.reply": {"en": "reply", "nl": "reactie"},
    "cli.events.kind.edit": {"en": "edit", "nl": "bewerking"},
    "cli.events.kind.react": {"en": "react", "nl": "waardering"},
    "cli.events.kind.view": {"en": "view", "nl": "weergave"},
    "cli.events.kind.join": {"en": "join", "nl": "lid geworden"},
    "cli.events.kind.leave": {"en": "leave", "nl": "vertrokken"},
    "cli.events.kind.accept": {"en": "accept", "nl": "geaccepteerd"},
    "cli.events.actors": {
        "en": "{actors} distinct actors; {files} files",
        "nl": "{actors} verschillende actoren; {files} bestanden",
    },
    "cli.events.few_actors": {
        "en": "fewer than {fewest} distinct actors; {files} files",
        "nl": "minder dan {fewest} verschillende actoren; {files} bestanden",
    },
    "cli.simulate.simulating": {"en": "simulating", "nl": "simuleren"},
    "cli.simulate.events": {"en": "Events", "nl": "Gebeurtenissen"},
    "cli.simulate.phases": {"en": "Planned phases", "nl": "Geplande fasen"},
    "cli.simulate.units": {"en": "Units", "nl": "Eenheden"},
    "cli.simulate.title": {
        "en": "simulated usage of {organisation} (seed {seed})",
        "nl": "gesimuleerd gebruik van {organisation} (seed {seed})",
    },
    "cli.simulate.repeats": {
        "en": " ({repeats} already stored)",
        "nl": " ({repeats} al opgeslagen)",
    },
    "cli.simulate.history": {
        "en": " ({history} of them items from earlier years)",
        "nl": " (waarvan {history} items uit eerdere jaren)",
    },
    "cli.simulate.summary": {
        "en": "{events}{repeats} for {initiatives} initiatives, {first} to {last}{history}; "
        "{people} people ({managers} managers, {executives} executives, {joiners} joined and "
        "{leavers} left during these months) and {bots} bots in {units} units; {rate} events/s, "
        "{seconds} s in all",
        "nl": "{events}{repeats} voor {initiatives} initiatieven, {first} tot en met "
        "{last}{history}; {people} mensen ({managers} managers, {executives} bestuurders, "
        "{joiners} in dienst gekomen en {leavers} vertrokken in deze maanden) en {bots} bots in "
        "{units} eenheden; {rate} gebeurtenissen/s, {seconds} s in totaal",
    },
    "cli.simulate.floor": {
        "en": "note: these people need at least about {floor} events to show their phases; "
        "fewer were asked for, so the total is higher",
        "nl": "let op: deze mensen hebben minstens ongeveer {floor} gebeurtenissen nodig om hun "
        "fasen te tonen; er werden er minder gevraagd, dus het totaal is hoger",
    },
    # what a connector read, inside the output of wi3 ingest
    "cli.read.of": {"en": "{read} of {seen} {noun} read", "nl": "{read} van {seen} {noun} gelezen"},
    "cli.read.counts": {"en": "{counts} read", "nl": "{counts} gelezen"},
    "cli.read.not_read": {
        "en": "{count} {word} not read: {containers}",
        "nl": "{count} {word} niet gelezen: {containers}",
    },
    "cli.read.and_more": {"en": "{names} and {more} more", "nl": "{names} en nog {more}"},
    "cli.read.skipped": {
        "en": "{count} skipped: {reasons}",
        "nl": "{count} overgeslagen: {reasons}",
    },
    "cli.read.reason": {
        "en": "{count} {reason} (first at {place})",
        "nl": "{count} {reason} (eerst bij {place})",
    },
    "cli.read.missing": {
        "en": "{missing} missing: {consequence}",
        "nl": "{missing} ontbreekt: {consequence}",
    },
    "cli.read.noun.messages": {"en": "messages", "nl": "berichten"},
    "cli.read.noun.mails": {"en": "mails", "nl": "e-mails"},
    "cli.read.noun.revisions": {"en": "revisions", "nl": "versies"},
    "cli.read.noun.rows": {"en": "rows", "nl": "rijen"},
    "cli.read.noun.lines": {"en": "lines", "nl": "regels"},
    "cli.read.noun.posts": {"en": "posts", "nl": "berichten"},
    "cli.read.noun.users": {"en": "users", "nl": "gebruikers"},
    "cli.read.noun.comments": {"en": "comments", "nl": "opmerkingen"},
    "cli.read.noun.votes": {"en": "votes", "nl": "stemmen"},
    "cli.read.noun.history entries": {"en": "history entries", "nl": "geschiedenisregels"},
    "cli.read.word.file.one": {"en": "file", "nl": "bestand"},
    "cli.read.word.file.other": {"en": "files", "nl": "bestanden"},
    "cli.read.word.stream.one": {"en": "stream", "nl": "stroom"},
    "cli.read.word.stream.other": {"en": "streams", "nl": "stromen"},
    # wi3 plan
    "cli.plan.added": {
        "en": "action {id}: {step} for {initiative}, owned by {owner}, due {due}",
        "nl": "actie {id}: {step} voor {initiative}, eigenaar {owner}, uiterlijk {due}",
    },
    "cli.plan.basis": {
        "en": "from the snapshot of {date}; measured again at each later snapshot: {measure}",
        "nl": "uit de momentopname van {date}; bij elke latere momentopname opnieuw gemeten: "
        "{measure}",
    },
    "cli.plan.none": {
        "en": "the plan holds no such action; accept a next step with `wi3 plan add INITIATIVE "
        "TIP --owner ROLE --due DATE`",
        "nl": "het plan bevat zo'n actie niet; neem een volgende stap aan met `wi3 plan add "
        "INITIATIVE TIP --owner ROLE --due DATE`",
    },
    "cli.plan.latest": {"en": "Latest re-check", "nl": "Laatste hercontrole"},
    "cli.plan.overdue": {"en": "open, overdue", "nl": "open, te laat"},
    "cli.plan.done_on": {"en": "done {date}", "nl": "gedaan {date}"},
    "cli.plan.accepted": {"en": "{date} (snapshot {basis})", "nl": "{date} (momentopname {basis})"},
    "cli.plan.checked": {"en": "{outcome} (as of {date})", "nl": "{outcome} (per {date})"},
    "cli.plan.counts.one": {
        "en": "{count} action, {done} done, {open} open",
        "nl": "{count} actie, {done} gedaan, {open} open",
    },
    "cli.plan.counts.other": {
        "en": "{count} actions, {done} done, {open} open",
        "nl": "{count} acties, {done} gedaan, {open} open",
    },
    "cli.plan.done": {
        "en": "action {id} ({tip} for {initiative}) done on {date}",
        "nl": "actie {id} ({tip} voor {initiative}) gedaan op {date}",
    },
    # wi3 survey round
    "cli.round.created": {
        "en": "survey round {round} of {initiative} created ({language})",
        "nl": "enquêteronde {round} van {initiative} gemaakt ({language})",
    },
    "cli.round.created_until": {
        "en": "survey round {round} of {initiative} created ({language}); it takes answers "
        "until {date}",
        "nl": "enquêteronde {round} van {initiative} gemaakt ({language}); antwoorden kunnen tot "
        "en met {date}",
    },
    "cli.round.open_link": {
        "en": "open link (shown only now; anyone holding it may answer): {link}",
        "nl": "open link (alleen nu getoond; iedereen die hem heeft kan antwoorden): {link}",
    },
    "cli.round.invitations.one": {
        "en": "{count} invitation made",
        "nl": "{count} uitnodiging gemaakt",
    },
    "cli.round.invitations.other": {
        "en": "{count} invitations made",
        "nl": "{count} uitnodigingen gemaakt",
    },
    "cli.round.invited_before": {
        "en": "{count} already invited before",
        "nl": "{count} waren al eerder uitgenodigd",
    },
    "cli.round.links": {"en": "the links are in {path}", "nl": "de links staan in {path}"},
    "cli.round.none": {
        "en": "{initiative} has no survey rounds yet",
        "nl": "{initiative} heeft nog geen enquêterondes",
    },
    "cli.round.status": {
        "en": "survey round {round} of {initiative}: {state}",
        "nl": "enquêteronde {round} van {initiative}: {state}",
    },
    "cli.round.state.open": {"en": "open", "nl": "open"},
    "cli.round.state.open_until": {"en": "open until {date}", "nl": "open tot en met {date}"},
    "cli.round.state.closed": {"en": "closed on {date}", "nl": "gesloten op {date}"},
    "cli.round.state.imported.one": {
        "en": "imported, {count} response",
        "nl": "geïmporteerd, {count} antwoord",
    },
    "cli.round.state.imported.other": {
        "en": "imported, {count} responses",
        "nl": "geïmporteerd, {count} antwoorden",
    },
    "cli.round.invited": {"en": "{count} invited", "nl": "{count} uitgenodigd"},
    "cli.round.joined": {
        "en": "{invited}, {count} through the open link",
        "nl": "{invited}, {count} via de open link",
    },
    "cli.round.responded": {"en": "{count} responded", "nl": "{count} hebben geantwoord"},
    "cli.round.responded_withheld": {
        "en": "responded: withheld",
        "nl": "geantwoord: niet getoond",
    },
    "cli.round.published.one": {
        "en": "{count} response published",
        "nl": "{count} antwoord gepubliceerd",
    },
    "cli.round.published.other": {
        "en": "{count} responses published",
        "nl": "{count} antwoorden gepubliceerd",
    },
    "cli.round.published_withheld": {
        "en": "responses published: withheld",
        "nl": "antwoorden gepubliceerd: niet getoond",
    },
    "cli.round.group": {"en": "Group", "nl": "Groep"},
    "cli.round.invited_column": {"en": "Invited", "nl": "Uitgenodigd"},
    "cli.round.responded_column": {"en": "Responded", "nl": "Geantwoord"},
    "cli.round.rate": {"en": "Rate", "nl": "Respons"},
    "cli.round.group.other units": {"en": "other units", "nl": "overige eenheden"},
    "cli.round.group.other levels": {"en": "other levels", "nl": "overige niveaus"},
    "cli.round.group.unknown": {"en": "unknown", "nl": "onbekend"},
    "cli.round.closed.one": {
        "en": "survey round {round} closed on {date}: {count} response",
        "nl": "enquêteronde {round} gesloten op {date}: {count} antwoord",
    },
    "cli.round.closed.other": {
        "en": "survey round {round} closed on {date}: {count} responses",
        "nl": "enquêteronde {round} gesloten op {date}: {count} antwoorden",
    },
    "cli.round.closed_withheld": {
        "en": "survey round {round} closed on {date}: how many responded is withheld, as too "
        "few were invited to show it",
        "nl": "enquêteronde {round} gesloten op {date}: hoeveel er antwoordden wordt niet getoond, "
        "want er waren te weinig mensen uitgenodigd om dat te tonen",
    },
    "cli.round.units_dropped_withheld": {
        "en": "{closed} (some kept without their unit: it had too few respondents to be shown)",
        "nl": "{closed} (een deel bewaard zonder hun eenheid: die had te weinig deelnemers om "
        "getoond te worden)",
    },
    "cli.round.units_dropped": {
        "en": "{closed} ({dropped} kept without their unit: it had too few respondents to be "
        "shown)",
        "nl": "{closed} ({dropped} bewaard zonder hun eenheid: die had te weinig deelnemers om "
        "getoond te worden)",
    },
    # wi3 metrics
    "cli.metrics.written": {
        "en": "{figures} figures written to {path}",
        "nl": "{figures} cijfers geschreven naar {path}",
    },
    "cli.metrics.none": {
        "en": "no usage data yet: `wi3 ingest SOURCE PATH --initiative NAME` reads an export, "
        "`wi3 simulate` makes example data",
        "nl": "nog geen gebruiksgegevens: `wi3 ingest SOURCE PATH --initiative NAME` leest een "
        "export, `wi3 simulate` maakt voorbeeldgegevens",
    },
    # wi3 diagnose, history, report, demo
    "cli.diagnose.stored": {
        "en": "snapshot of {date} stored; `wi3 diagnose --explain INITIATIVE` shows the evidence",
        "nl": "momentopname van {date} opgeslagen; `wi3 diagnose --explain INITIATIVE` toont het "
        "bewijs",
    },
    "cli.history.none": {
        "en": "{initiative} has no snapshots yet: run `wi3 diagnose` (a snapshot before its "
        "start date or first event leaves it out)",
        "nl": "{initiative} heeft nog geen momentopnamen: voer `wi3 diagnose` uit (een "
        "momentopname van vóór de startdatum of de eerste gebeurtenis laat het weg)",
    },
    "cli.history.title": {"en": "Lifecycle of {initiative}", "nl": "Levensloop van {initiative}"},
    "cli.history.as_of": {"en": "As of", "nl": "Per"},
    "cli.history.summary": {
        "en": "{snapshots}, {transitions} ({regressions}), {shifts}",
        "nl": "{snapshots}, {transitions} ({regressions}), {shifts}",
    },
    "cli.history.snapshots.one": {"en": "{count} snapshot", "nl": "{count} momentopname"},
    "cli.history.snapshots.other": {"en": "{count} snapshots", "nl": "{count} momentopnamen"},
    "cli.history.transitions.one": {
        "en": "{count} phase transition",
        "nl": "{count} faseovergang",
    },
    "cli.history.transitions.other": {
        "en": "{count} phase transitions",
        "nl": "{count} faseovergangen",
    },
    "cli.history.regressions.one": {"en": "{count} regression", "nl": "{count} terugval"},
    "cli.history.regressions.other": {"en": "{count} regressions", "nl": "{count} terugvallen"},
    "cli.history.shifts.one": {
        "en": "{count} change of activity",
        "nl": "{count} verandering van activiteit",
    },
    "cli.history.shifts.other": {
        "en": "{count} changes of activity",
        "nl": "{count} veranderingen van activiteit",
    },
    "cli.report.written": {
        "en": "report written to {path}",
        "nl": "rapport geschreven naar {path}",
    },
    "cli.demo.written": {
        "en": "example organisation written to {path}",
        "nl": "voorbeeldorganisatie geschreven naar {path}",
    },
    "cli.demo.assessments": {
        "en": "owner assessments: {imported}",
        "nl": "beoordelingen door eigenaars: {imported}",
    },
    "cli.demo.surveys": {
        "en": "user surveys: {exports} exports, {read} responses read, {imported} imported",
        "nl": "gebruikersenquêtes: {exports} exports, {read} antwoorden gelezen, {imported} "
        "geïmporteerd",
    },
    "cli.demo.usage": {
        "en": "people directory and simulated usage: {usage}",
        "nl": "personeelsbestand en gesimuleerd gebruik: {usage}",
    },
    "cli.demo.diagnosis": {
        "en": "diagnosis as of {date}: {counts}",
        "nl": "diagnose per {date}: {counts}",
    },
    "cli.demo.stopped": {"en": "{counts}; {stopped} stopped", "nl": "{counts}; {stopped} gestopt"},
    "cli.demo.plan": {
        "en": "action plan: {actions}; at the last snapshot {outcomes}",
        "nl": "actieplan: {actions}; bij de laatste momentopname {outcomes}",
    },
    "cli.demo.actions.one": {"en": "{count} action", "nl": "{count} actie"},
    "cli.demo.actions.other": {"en": "{count} actions", "nl": "{count} acties"},
    "cli.demo.report": {"en": "Example report:", "nl": "Voorbeeldrapport:"},
    "cli.demo.also": {"en": "Also: {path}", "nl": "Ook: {path}"},
    "cli.demo.try": {
        "en": "Try: uv run wi3 -w {workspace} diagnose --explain {initiative}",
        "nl": "Probeer: uv run wi3 -w {workspace} --language nl diagnose --explain {initiative}",
    },
    "cli.demo.web": {
        "en": "On the web: uv run wi3 -w {workspace} user add YOU@EXAMPLE.ORG --role administrator "
        "(it asks for a password), then uv run wi3 -w {workspace} serve and sign in at "
        "http://127.0.0.1:8000/",
        "nl": "Op het web: uv run wi3 -w {workspace} user add JIJ@VOORBEELD.NL --role "
        "administrator (het vraagt om een wachtwoord), dan uv run wi3 -w {workspace} serve en "
        "meld je aan op http://127.0.0.1:8000/",
    },
    "cli.web.serving": {
        "en": "wi3 serves {folder} on http://{host}:{port}/ (Ctrl+C stops it)",
        "nl": "wi3 biedt {folder} aan op http://{host}:{port}/ (Ctrl+C stopt het)",
    },
    "cli.web.password": {
        "en": "password for {email}",
        "nl": "wachtwoord voor {email}",
    },
    "cli.web.no_roles": {
        "en": "no roles left",
        "nl": "geen rollen meer",
    },
    "cli.web.role_of": {
        "en": "{role} of {organisation}",
        "nl": "{role} van {organisation}",
    },
    "cli.web.every_organisation": {
        "en": "every organisation",
        "nl": "elke organisatie",
    },
    "cli.web.user": {
        "en": "user",
        "nl": "gebruiker",
    },
    "cli.web.active": {
        "en": "active",
        "nl": "actief",
    },
    "cli.web.roles": {
        "en": "roles",
        "nl": "rollen",
    },
    "cli.web.users": {
        "en": "users",
        "nl": "gebruikers",
    },
    "cli.web.yes": {
        "en": "yes",
        "nl": "ja",
    },
    "cli.web.no": {
        "en": "no",
        "nl": "nee",
    },
    "cli.web.token_made": {
        "en": "token {id} ({name}): {token}",
        "nl": "toegangstoken {id} ({name}): {token}",
    },
    "cli.web.token_keep": {
        "en": "Keep it like a password: it is shown only now. Send it as "
        "`Authorization: Bearer TOKEN`; `wi3 token revoke` ends it.",
        "nl": "Bewaar het als een wachtwoord: het wordt alleen nu getoond. Stuur het mee als "
        "`Authorization: Bearer TOKEN`; `wi3 token revoke` beëindigt het.",
    },
    "cli.web.token_id": {
        "en": "id",
        "nl": "nr.",
    },
    "cli.web.token_name": {
        "en": "name",
        "nl": "naam",
    },
    "cli.web.token_made_at": {
        "en": "made",
        "nl": "gemaakt",
    },
    "cli.web.token_used": {
        "en": "last used",
        "nl": "laatst gebruikt",
    },
    "cli.web.token_revoked_at": {
        "en": "revoked",
        "nl": "ingetrokken",
    },
    "cli.web.tokens_of": {
        "en": "tokens of {email}",
        "nl": "toegangstokens van {email}",
    },
    "cli.web.token_revoked": {
        "en": "token {id} ({name}) revoked",
        "nl": "toegangstoken {id} ({name}) ingetrokken",
    },
}
"""Every message of the command line, in every language wi3 speaks."""
