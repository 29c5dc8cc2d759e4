"""The web application's own words in English and Dutch; the report's words are shared.

A page asks `t(key)`: the web's label when it has one, else the report's (`Locale.label`), so
a heading such as "Growth board" reads the same on a page and in the report. Every key exists
in both languages, which a test checks.
"""

from __future__ import annotations

from typing import Final

from wi3.service import Locale

LABELS: Final[dict[str, dict[str, str]]] = {
    "en": {
        "app_name": "wi3",
        "skip_to_content": "Skip to the content",
        "main_navigation": "Main",
        "organisation_navigation": "Organisation",
        "organisations": "Organisations",
        "board": "Growth board",
        "profile": "Profile over time",
        "units": "People and units",
        "snapshots": "Snapshots",
        "model_browser": "The growth model",
        "tokens": "API tokens",
        "sign_in": "Sign in",
        "sign_out": "Sign out",
        "signed_in_as": "Signed in as {email}",
        "email": "E-mail address",
        "password": "Password",
        "sign_in_intro": "Sign in with the address and password an administrator gave you.",
        "language": "Language",
        "in_english": "English",
        "in_dutch": "Nederlands",
        "your_role": "Your role: {role}",
        "role_administrator": "administrator",
        "role_analyst": "analyst",
        "role_owner": "owner",
        "role_viewer": "viewer",
        "no_organisations": "You hold no role in any organisation yet. An administrator gives "
        "you one with `wi3 user add`.",
        "example_label": "example",
        "open": "Open",
        "import_organisation": "Import an organisation file",
        "import_organisation_intro": "A YAML file with the organisation, its units and its "
        "initiatives (docs/inputs.md). Importing it again updates what changed.",
        "organisation_file": "Organisation file (YAML)",
        "import": "Import",
        "imported": "Imported: {summary}",
        "simulate": "Simulate an organisation",
        "simulate_intro": "Generate an example organisation with people and usage, to try "
        "wi3 out. It is marked as an example everywhere.",
        "slug": "Short name (slug)",
        "people": "People",
        "initiatives_to_simulate": "Initiatives",
        "months": "Months of usage",
        "simulated": "Simulated: {summary}",
        "filter": "Filter",
        "filter_intro": "Show only the initiatives of one unit, kind or platform.",
        "all": "all",
        "apply_filter": "Apply",
        "no_snapshot": "{organisation} has no diagnosis yet.",
        "diagnose_first": "Diagnose it on the Snapshots page.",
        "ask_analyst": "An analyst or administrator can diagnose it.",
        "diagnose": "Diagnose",
        "diagnose_intro": "Diagnose the organisation as of a date, from the evidence held "
        "now; a snapshot of the same date is replaced.",
        "as_of": "As of",
        "diagnosed": "Diagnosed as of {date}.",
        "snapshot_made": "Made",
        "stopped_count": "Stopped",
        "view_board": "Board",
        "profile_over_time_intro": "How many live initiatives each snapshot put in each phase.",
        "no_snapshots": "No snapshots yet.",
        "downloads": "Report",
        "download_intro": "The report of this snapshot, to keep or send.",
        "download_html": "HTML",
        "download_md": "Markdown",
        "download_json": "JSON",
        "unit_path": "Unit",
        "unit_name": "Name",
        "unit_people": "People in the directory",
        "unit_initiatives": "Initiatives it owns",
        "units_intro": "The organisation's units and how many people of its directory each "
        "holds (its own, not its sub-units'). A group of fewer than 5 people is never shown.",
        "fewer_than_min": "fewer than 5",
        "no_units": "The organisation has no units yet.",
        "metric_trends": "Usage over time",
        "metric_trends_intro": "Each usage metric per quarter. — : withheld (fewer than 5 "
        "people, or so that such a group cannot be worked out) or no data.",
        "usage_thresholds": "How usage is judged",
        "usage_thresholds_intro": "The thresholds that turn each usage reading into a level "
        "for its category.",
        "no_usage": "No usage data for this initiative.",
        "metric": "Metric",
        "initiative_not_in_snapshot": "The snapshot of {date} does not hold this initiative "
        "(it had not started then).",
        "phases": "Phases",
        "category_levels": "Levels per phase",
        "description": "Description",
        "tips": "The eight practical tips",
        "published": "published",
        "derived": "derived",
        "source_legend": "published: from the articles; derived: wi3's reconstruction.",
        "acts_on": "Acts on",
        "tokens_intro": "A personal access token lets a script use the JSON API "
        "(/api/v1, described in /api/v1/openapi.json) as you, with your roles. Send it as "
        "Authorization: Bearer TOKEN.",
        "token_name": "What the token is for",
        "make_token": "Make a token",
        "new_token": "Your new token, shown only now: copy it somewhere safe.",
        "revoke": "Revoke",
        "revoked": "revoked",
        "token_made": "Made",
        "token_used": "Last used",
        "never": "never",
        "no_tokens": "You have no tokens.",
        "error": "Something needs your attention",
        "csrf": "The form was refused: it did not come with this session's security token. "
        "Reload the page and send it again.",
        "not_found": "Not found",
        "no_such_page": "There is no page at this address.",
        "back_to_organisations": "Back to the organisations",
        "save": "Save",
        "model_intro": "The WI3 growth model: phases, categories and their descriptors per "
        "phase, drivers and inhibitors, and the eight practical tips.",
        # survey rounds: the analyst's pages and the respondent's form
        "survey_rounds": "Survey rounds",
        "rounds_intro": "The survey rounds of each initiative: open ones collect answers "
        "through single-use links; a closed round's answers are read by the next diagnosis.",
        "rounds_of": "Survey rounds of {initiative}",
        "view_rounds": "Survey rounds of {initiative}",
        "to_initiative": "The initiative page of {initiative}",
        "no_rounds": "No survey rounds yet.",
        "create_round": "Create a round",
        "create_round_intro": "A round asks the growth model's survey statements, in one "
        "language. Invite people with a list after creating it, or ask for an open link.",
        "round_name": "Name of the round",
        "round_language": "Language it asks in",
        "round_closes": "Last day it takes answers (optional)",
        "round_open_link": "Also make an open link anyone holding it may use",
        "open_link_once": "The open link, shown only now: copy it to send it. Each visit gets "
        "a single-use link of its own.",
        "round_round": "Round",
        "round_state": "State",
        "round_state_open": "open",
        "round_state_open_until": "open until {date}",
        "round_state_closed": "closed on {date}",
        "round_state_imported": "imported",
        "round_opened": "Opened",
        "round_invited": "Invited",
        "round_joined": "Through the open link",
        "round_responded": "Responded",
        "round_responses": "Responses in the results",
        "round_rates": "Response rates of {round}",
        "round_group": "Group",
        "round_rate": "Rate",
        "round_by_unit": "By unit",
        "round_by_level": "By level",
        "invite_people": "Invite people",
        "invite_intro": "A CSV file with the columns address and unit, and optionally level "
        "(staff, manager or executive); docs/inputs.md shows one. Each new invitee gets a "
        "single-use link: the links come back as a CSV file for your own mail merge, and are "
        "not shown again. People invited before are left out.",
        "invitees_file": "Invitees of {round} (CSV)",
        "invite_button": "Invite and download the links",
        "close_round": "Close {round} now",
        "close_intro": "Closing makes the answers results, for the next diagnosis; the links "
        "stop working.",
        "round_closed_next": "Diagnose again (Snapshots) to read the results.",
        "read_only_rounds": "An analyst or administrator creates, invites and closes rounds.",
        "survey_closes_on": "Open until {date}.",
        "survey_statement_count": "{count} statements. Choose the answer that fits best; skip a "
        "statement, or choose the last option, when it does not apply to you.",
        "survey_saved": "Your answers are saved ({count} of {total}). Come back to this same "
        "link to go on; nothing is sent until you submit.",
        "survey_save": "Save and continue later",
        "survey_submit": "Submit my answers",
        "survey_thanks_title": "Thank you",
        "survey_thanks": "Your answers to {count} statements are in. This link is now spent, "
        "and nothing connects your answers to it or to you.",
        "survey_refused_title": "This survey link cannot be used",
        "survey_csrf": "The answers were refused: the form did not come with its security "
        "token (it may have been open too long). Open the link again and send them once more.",
        "survey_wait": "Too many unknown survey links came from your network address. Wait "
        "{minutes} minutes, then open the link from your invitation again.",
        "survey_footer": "Survey by wi3 for {initiative}",
    },
    "nl": {
        "app_name": "wi3",
        "skip_to_content": "Naar de inhoud",
        "main_navigation": "Hoofdmenu",
        "organisation_navigation": "Organisatie",
        "organisations": "Organisaties",
        "board": "Groeibord",
        "profile": "Profiel door de tijd",
        "units": "Mensen en eenheden",
        "snapshots": "Momentopnamen",
        "model_browser": "Het groeimodel",
        "tokens": "API-tokens",
        "sign_in": "Inloggen",
        "sign_out": "Uitloggen",
        "signed_in_as": "Ingelogd als {email}",
        "email": "E-mailadres",
        "password": "Wachtwoord",
        "sign_in_intro": "Log in met het adres en wachtwoord die een beheerder je gaf.",
        "language": "Taal",
        "in_english": "English",
        "in_dutch": "Nederlands",
        "your_role": "Je rol: {role}",
        "role_administrator": "beheerder",
        "role_analyst": "analist",
        "role_owner": "eigenaar",
        "role_viewer": "kijker",
        "no_organisations": "Je hebt nog geen rol in een organisatie. Een beheerder geeft je "
        "er een met `wi3 user add`.",
        "example_label": "voorbeeld",
        "open": "Openen",
        "import_organisation": "Een organisatiebestand importeren",
        "import_organisation_intro": "Een YAML-bestand met de organisatie, haar eenheden en "
        "haar initiatieven (docs/inputs.md). Opnieuw importeren werkt bij wat veranderde.",
        "organisation_file": "Organisatiebestand (YAML)",
        "import": "Importeren",
        "imported": "Geïmporteerd: {summary}",
        "simulate": "Een organisatie simuleren",
        "simulate_intro": "Maak een voorbeeldorganisatie met mensen en gebruik, om wi3 uit te "
        "proberen. Ze staat overal als voorbeeld gemarkeerd.",
        "slug": "Korte naam (slug)",
        "people": "Mensen",
        "initiatives_to_simulate": "Initiatieven",
        "months": "Maanden gebruik",
        "simulated": "Gesimuleerd: {summary}",
        "filter": "Filteren",
        "filter_intro": "Toon alleen de initiatieven van één eenheid, soort of platform.",
        "all": "alle",
        "apply_filter": "Toepassen",
        "no_snapshot": "{organisation} heeft nog geen diagnose.",
        "diagnose_first": "Stel er een op de pagina Momentopnamen.",
        "ask_analyst": "Een analist of beheerder kan de diagnose stellen.",
        "diagnose": "Diagnose stellen",
        "diagnose_intro": "Stel de diagnose van de organisatie op een datum, met het bewijs "
        "dat er nu is; een momentopname van dezelfde datum wordt vervangen.",
        "as_of": "Op datum",
        "diagnosed": "Diagnose gesteld op {date}.",
        "snapshot_made": "Gemaakt",
        "stopped_count": "Gestopt",
        "view_board": "Bord",
        "profile_over_time_intro": "Hoeveel levende initiatieven elke momentopname in elke "
        "fase plaatste.",
        "no_snapshots": "Nog geen momentopnamen.",
        "downloads": "Rapport",
        "download_intro": "Het rapport van deze momentopname, om te bewaren of te versturen.",
        "download_html": "HTML",
        "download_md": "Markdown",
        "download_json": "JSON",
        "unit_path": "Eenheid",
        "unit_name": "Naam",
        "unit_people": "Mensen in het personeelsbestand",
        "unit_initiatives": "Initiatieven van deze eenheid",
        "units_intro": "De eenheden van de organisatie en hoeveel mensen uit haar "
        "personeelsbestand elk telt (de eigen mensen, niet die van onderliggende eenheden). "
        "Een groep van minder dan 5 mensen wordt nooit getoond.",
        "fewer_than_min": "minder dan 5",
        "no_units": "De organisatie heeft nog geen eenheden.",
        "metric_trends": "Gebruik door de tijd",
        "metric_trends_intro": "Elke gebruiksmaat per kwartaal. — : achtergehouden (minder "
        "dan 5 mensen, of zodat zo'n groep niet terug te rekenen is) of geen gegevens.",
        "usage_thresholds": "Hoe gebruik wordt beoordeeld",
        "usage_thresholds_intro": "De drempels die elke gebruiksmeting omzetten in een niveau "
        "voor haar categorie.",
        "no_usage": "Geen gebruiksgegevens voor dit initiatief.",
        "metric": "Maat",
        "initiative_not_in_snapshot": "De momentopname van {date} bevat dit initiatief niet "
        "(het was toen nog niet begonnen).",
        "phases": "Fasen",
        "category_levels": "Niveaus per fase",
        "description": "Omschrijving",
        "tips": "De acht praktische tips",
        "published": "gepubliceerd",
        "derived": "afgeleid",
        "source_legend": "gepubliceerd: uit de artikelen; afgeleid: reconstructie van wi3.",
        "acts_on": "Werkt op",
        "tokens_intro": "Met een persoonlijk toegangstoken gebruikt een script de JSON-API "
        "(/api/v1, beschreven in /api/v1/openapi.json) als jou, met jouw rollen. Stuur het "
        "als Authorization: Bearer TOKEN.",
        "token_name": "Waarvoor het token is",
        "make_token": "Token maken",
        "new_token": "Je nieuwe token, alleen nu getoond: kopieer het naar een veilige plek.",
        "revoke": "Intrekken",
        "revoked": "ingetrokken",
        "token_made": "Gemaakt",
        "token_used": "Laatst gebruikt",
        "never": "nooit",
        "no_tokens": "Je hebt geen tokens.",
        "error": "Er is iets dat je aandacht vraagt",
        "csrf": "Het formulier is geweigerd: het kwam zonder het beveiligingstoken van deze "
        "sessie. Laad de pagina opnieuw en verstuur het nog eens.",
        "not_found": "Niet gevonden",
        "no_such_page": "Op dit adres staat geen pagina.",
        "back_to_organisations": "Terug naar de organisaties",
        "save": "Opslaan",
        "model_intro": "Het WI3-groeimodel: fasen, categorieën met hun beschrijving per fase, "
        "drijvers en remmers, en de acht praktische tips.",
        # enquêterondes: de pagina's van de analist en het formulier van de respondent
        "survey_rounds": "Enquêterondes",
        "rounds_intro": "De enquêterondes van elk initiatief: open rondes verzamelen antwoorden "
        "via links voor eenmalig gebruik; de antwoorden van een gesloten ronde leest de "
        "volgende diagnose.",
        "rounds_of": "Enquêterondes van {initiative}",
        "view_rounds": "Enquêterondes van {initiative}",
        "to_initiative": "De initiatiefpagina van {initiative}",
        "no_rounds": "Nog geen enquêterondes.",
        "create_round": "Een ronde maken",
        "create_round_intro": "Een ronde stelt de enquêtestellingen van het groeimodel, in één "
        "taal. Nodig na het maken mensen uit met een lijst, of vraag om een open link.",
        "round_name": "Naam van de ronde",
        "round_language": "Taal waarin ze vraagt",
        "round_closes": "Laatste dag voor antwoorden (niet verplicht)",
        "round_open_link": "Maak ook een open link die iedereen die hem heeft mag gebruiken",
        "open_link_once": "De open link, alleen nu getoond: kopieer hem om te versturen. Elk "
        "bezoek krijgt een eigen link voor eenmalig gebruik.",
        "round_round": "Ronde",
        "round_state": "Stand",
        "round_state_open": "open",
        "round_state_open_until": "open tot {date}",
        "round_state_closed": "gesloten op {date}",
        "round_state_imported": "geïmporteerd",
        "round_opened": "Geopend",
        "round_invited": "Uitgenodigd",
        "round_joined": "Via de open link",
        "round_responded": "Geantwoord",
        "round_responses": "Antwoorden in de resultaten",
        "round_rates": "Responspercentages van {round}",
        "round_group": "Groep",
        "round_rate": "Percentage",
        "round_by_unit": "Per eenheid",
        "round_by_level": "Per niveau",
        "invite_people": "Mensen uitnodigen",
        "invite_intro": "Een CSV-bestand met de kolommen address en unit, en eventueel level "
        "(staff, manager of executive); docs/inputs.md toont er een. Elke nieuwe genodigde "
        "krijgt een link voor eenmalig gebruik: de links komen terug als CSV-bestand voor uw "
        "eigen mailing, en worden niet opnieuw getoond. Wie eerder is uitgenodigd, blijft "
        "buiten beschouwing.",
        "invitees_file": "Genodigden van {round} (CSV)",
        "invite_button": "Uitnodigen en de links downloaden",
        "close_round": "{round} nu sluiten",
        "close_intro": "Sluiten maakt van de antwoorden resultaten, voor de volgende diagnose; "
        "de links werken dan niet meer.",
        "round_closed_next": "Stel de diagnose opnieuw (Momentopnamen) om de resultaten te lezen.",
        "read_only_rounds": "Een analist of beheerder maakt rondes, nodigt uit en sluit ze.",
        "survey_closes_on": "Open tot en met {date}.",
        "survey_statement_count": "{count} stellingen. Kies het antwoord dat het best past; "
        "sla een stelling over, of kies de laatste mogelijkheid, als die niet op u van "
        "toepassing is.",
        "survey_saved": "Uw antwoorden zijn bewaard ({count} van {total}). Kom terug via "
        "dezelfde link om verder te gaan; er wordt niets verstuurd tot u verstuurt.",
        "survey_save": "Bewaren en later verdergaan",
        "survey_submit": "Mijn antwoorden versturen",
        "survey_thanks_title": "Dank u wel",
        "survey_thanks": "Uw antwoorden op {count} stellingen zijn binnen. Deze link is nu "
        "gebruikt, en niets verbindt uw antwoorden nog met de link of met u.",
        "survey_refused_title": "Deze enquêtelink kan niet worden gebruikt",
        "survey_csrf": "De antwoorden zijn geweigerd: het formulier kwam zonder zijn "
        "beveiligingstoken (het stond misschien te lang open). Open de link opnieuw en "
        "verstuur ze nog eens.",
        "survey_wait": "Er kwamen te veel onbekende enquêtelinks van uw netwerkadres. Wacht "
        "{minutes} minuten en open dan de link uit uw uitnodiging opnieuw.",
        "survey_footer": "Enquête door wi3 voor {initiative}",
    },
}


def translator(language: str) -> Locale:
    """The report's locale for `language` (en when unknown)."""
    return Locale("nl" if language == "nl" else "en")


def label(locale: Locale, key: str, **values: object) -> str:
    """The web's label `key` in the locale's language, else the report's."""
    text = LABELS[locale.language].get(key)
    if text is None:
        return locale.label(key, **values)
    return text.format(**values) if values else text
