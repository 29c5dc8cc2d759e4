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
        "users": "Users and roles",
        "role": "Role",
        "give_role": "Give a role",
        "give_role_intro": "Give someone a role in this organisation. A new user gets a first "
        "password, shown here once: pass it on yourself, and ask them to change it on their "
        "account page. The password of a user who already has an account is never changed here.",
        "first_password": "{email} is a new user. Their first password, shown only now:",
        "owned_initiatives": "Initiatives owned",
        "owned_help": "For an owner only: the initiatives whose owner assessment they answer.",
        "every_organisation": "every organisation",
        "workspace_role": "given on the command line",
        "deactivated": "deactivated",
        "you": "you",
        "remove_role": "Take away the role",
        "role_given": "{email} is now {role} in this organisation.",
        "role_removed": "{email} no longer holds a role in this organisation.",
        "account": "Your account",
        "change_password": "Change your password",
        "change_password_intro": "At least 12 characters; a few words strung together are long "
        "and easy to type.",
        "current_password": "Current password",
        "new_password": "New password",
        "new_password_again": "New password again",
        "passwords_differ": "The two new passwords differ; nothing was changed.",
        "password_changed": "Your password is changed.",
        "invalid_request": "The form could not be read as sent; go back, correct it and send it "
        "again.",
        "invalid_field": "{field}: {problem}",
        "compare_snapshots": "Compare snapshots",
        "compare_intro": "What changed between two snapshots: phases, activity, category levels, "
        "gates, and the evidence that moved them.",
        "compared_with": "compared with",
        "compare": "Compare",
        "nothing_to_compare": "There is no earlier snapshot to compare with.",
        "accept_step": "Accept a next step",
        "accept_step_intro": "A next step of the newest snapshot becomes an action: it keeps the "
        "evidence and the indicators to measure again, and every later snapshot re-checks them.",
        "owner_help": "A role, such as “community manager”; never a person's name or address.",
        "no_steps_to_accept": "Every next step of the newest snapshot is in the plan already.",
        "mark_done": "Mark an action done",
        "mark_done_action": "Action {id} done today",
        "action_accepted": "Action {id} ({tip}) is in the plan.",
        "action_marked_done": "Action {id} is done; later snapshots go on re-checking it.",
        "no_organisations": "You hold no role in any organisation yet. An administrator gives "
        "you one with `wi3 user add`.",
        "example_label": "example",
        "open": "Open",
        "import_organisation": "Import an organisation file",
        "import_organisation_intro": "A YAML file with the organisation, its units and its "
        "initiatives (docs/inputs.md). Importing it again updates what changed.",
        "organisation_file": "Organisation file (YAML)",
        "import": "Import",
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
        "download_pdf": "PDF",
        "download_xlsx": "Spreadsheet (xlsx)",
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
        # imports and owner assessments
        "imports": "Imports",
        "imports_of": "Imports of {name}",
        "imports_intro": "Each import runs in the background: its page shows how many records it "
        "has read, then its summary, and stays after a reload or a restart. An import is whole or "
        "nothing: one that fails or is interrupted stores nothing.",
        "import_export": "Import a platform export",
        "import_export_intro": "The export of the initiative's platform, read as `wi3 ingest` "
        "reads it (docs/connectors.md). Reading it again adds only what is new.",
        "exports_per_initiative": "A platform export is read into one initiative: choose it.",
        "no_initiatives_yet": "The organisation has no initiatives yet: import its organisation "
        "file first.",
        "import_people": "Import a people directory",
        "import_people_intro": "A CSV file from HR or the directory service: each person's unit, "
        "location, level and accounts on the platforms (docs/inputs.md).",
        "import_assessments": "Import owner assessments",
        "import_assessments_intro": "A CSV file of owner assessments (docs/inputs.md); one "
        "stored already is not added again.",
        "import_survey": "Import a user survey",
        "import_survey_intro": "The responses of a survey held in another tool: a CSV file and its "
        "column mapping (docs/inputs.md), into a round of one initiative.",
        "file_to_upload": "File to upload",
        "upload_hint": "At most {mb} MB.",
        "on_server": "Or a path on the server",
        "on_server_hint": "For an export too large to upload: a file or folder inside {folder}, "
        "named relative to it. Administrators only: what is there is read with the server's "
        "rights, so keep nothing but exports in that folder.",
        "mapping_file": "Column mapping (YAML)",
        "mapping_hint": "Only for the csv platform: which column holds what (docs/connectors.md).",
        "exported_on": "Day the export was taken",
        "exported_hint": "Only when the export does not say: after this day silence means no data, "
        "not no activity.",
        "strict": "Stop at the first malformed record instead of skipping it",
        "partial": "Import what is there when the export names channels it does not hold",
        "start_import": "Start the import",
        "survey_mapping": "Column mapping (YAML)",
        "survey_round": "Round",
        "survey_opened": "Day the round opened",
        "recent_imports": "Recent imports",
        "job": "Import",
        "job_kind": "What",
        "file": "File",
        "records_read_heading": "Records read",
        "job_started": "Started",
        "job_number": "Import {id}",
        "kind_export": "platform export",
        "kind_organisation": "organisation file",
        "kind_people": "people directory",
        "kind_assessments": "owner assessments",
        "kind_survey": "user survey",
        "job_state_queued": "waiting",
        "job_state_running": "reading",
        "job_state_done": "done",
        "job_state_failed": "failed",
        "job_state_interrupted": "interrupted",
        "no_imports": "No imports yet.",
        "back_to_imports": "Back to the imports",
        "records_so_far": "{count} records read so far.",
        "job_page_updates": "This page follows the import by itself; you may leave and come back.",
        "count_records": "Records read",
        "count_skipped": "Skipped",
        "count_events_added": "New events",
        "count_repeats": "Repeats (stored already)",
        "count_accounts": "Accounts",
        "count_accounts_new": "New accounts",
        "count_added": "Added",
        "count_updated": "Updated",
        "count_unchanged": "Unchanged",
        "count_people": "People",
        "count_imported": "Imported",
        "count_already": "Stored already",
        "job_done_next": "Diagnose again on the Snapshots page to see what it changes.",
        "upload_too_large": "The upload is larger than {mb} MB, the most this server takes. Ask "
        "its administrator to put the file in the server's import folder and import it by its "
        "path, or to allow larger uploads (wi3 serve --max-upload-mb).",
        "owner_assessments": "Owner assessments",
        "owner_assessments_intro": "The owner of an initiative answers its assessment: one "
        "question per category, answered with the description that fits best, and facts. An "
        "analyst or administrator may answer too; other roles read the questions.",
        "assessment_of_organisation": "The organisation itself: how it organises Enterprise 2.0",
        "you_may_answer": "you may answer it",
        "you_may_read": "you may read it",
        "owner_assessment_of": "Owner assessment: {name}",
        "assessment_intro": "Choose for each category the description that fits today, or "
        "\u201cdon't know\u201d. Your answers are kept as the draft of your role (a role, never a "
        "name): saved as you answer, and with the button, until you record the assessment.",
        "last_assessed": "Last recorded assessment: {date}.",
        "assessment_read_only": "Your role lets you read this form, not answer it.",
        "answer_needs_attention": "An answer needs your attention:",
        "assessor_role": "Your role",
        "assessor_role_hint": "Such as community manager or sponsor: a role, never your name. "
        "Each role keeps its own draft.",
        "a_number": "Number",
        "facts": "Facts",
        "draft_saved": "Draft saved {time}: {answered} of {total} questions answered.",
        "no_draft": "No draft saved yet.",
        "save_draft": "Save draft",
        "assessed_on": "Date of the assessment",
        "record_assessment": "Record the assessment",
        "record_hint": "Recording stores the assessment with its date and your role and removes "
        "the draft; the next diagnosis reads it.",
        "assessment_recorded": "Assessment recorded",
        "recorded_summary": "Recorded the assessment of {date} by the {role}: {answered} answers, "
        "{dont_know} don't know.",
        "recorded_identical": "An identical assessment was stored already, so nothing was added.",
        "diagnosis_reads_it": "The next diagnosis reads it.",
        "see_diagnosis": "See the diagnosis",
        "diagnose_now": "Diagnose now",
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
        "users": "Gebruikers en rollen",
        "role": "Rol",
        "give_role": "Geef een rol",
        "give_role_intro": "Geef iemand een rol in deze organisatie. Een nieuwe gebruiker krijgt "
        "een eerste wachtwoord, dat hier één keer te zien is: geef het zelf door en vraag hen het "
        "op hun accountpagina te wijzigen. Het wachtwoord van wie al een account heeft, "
        "verandert hier nooit.",
        "first_password": "{email} is een nieuwe gebruiker. Het eerste wachtwoord, alleen nu "
        "te zien:",
        "owned_initiatives": "Initiatieven in eigendom",
        "owned_help": "Alleen voor een eigenaar: de initiatieven waarvan die de "
        "eigenaarsbeoordeling invult.",
        "every_organisation": "elke organisatie",
        "workspace_role": "gegeven op de opdrachtregel",
        "deactivated": "gedeactiveerd",
        "you": "jij",
        "remove_role": "Neem de rol af",
        "role_given": "{email} is nu {role} in deze organisatie.",
        "role_removed": "{email} heeft geen rol meer in deze organisatie.",
        "account": "Je account",
        "change_password": "Wijzig je wachtwoord",
        "change_password_intro": "Minstens 12 tekens; een paar woorden achter elkaar zijn lang en "
        "makkelijk te typen.",
        "current_password": "Huidig wachtwoord",
        "new_password": "Nieuw wachtwoord",
        "new_password_again": "Nieuw wachtwoord nogmaals",
        "passwords_differ": "De twee nieuwe wachtwoorden verschillen; er is niets gewijzigd.",
        "password_changed": "Je wachtwoord is gewijzigd.",
        "invalid_request": "Het formulier kon niet worden gelezen zoals het verstuurd is; ga "
        "terug, verbeter het en verstuur het opnieuw.",
        "invalid_field": "{field}: {problem}",
        "compare_snapshots": "Vergelijk momentopnamen",
        "compare_intro": "Wat er veranderde tussen twee momentopnamen: fasen, activiteit, "
        "niveaus per categorie, poorten, en het bewijs dat ze bewoog.",
        "compared_with": "vergeleken met",
        "compare": "Vergelijk",
        "nothing_to_compare": "Er is geen eerdere momentopname om mee te vergelijken.",
        "accept_step": "Neem een volgende stap over",
        "accept_step_intro": "Een volgende stap uit de nieuwste momentopname wordt een actie: die "
        "bewaart het bewijs en de indicatoren om opnieuw te meten, en elke latere momentopname "
        "controleert ze opnieuw.",
        "owner_help": "Een rol, zoals “communitymanager”; nooit de naam of het adres van "
        "een persoon.",
        "no_steps_to_accept": "Elke volgende stap uit de nieuwste momentopname staat al in het "
        "plan.",
        "mark_done": "Markeer een actie als gedaan",
        "mark_done_action": "Actie {id} vandaag gedaan",
        "action_accepted": "Actie {id} ({tip}) staat in het plan.",
        "action_marked_done": "Actie {id} is gedaan; latere momentopnamen controleren haar verder.",
        "no_organisations": "Je hebt nog geen rol in een organisatie. Een beheerder geeft je "
        "er een met `wi3 user add`.",
        "example_label": "voorbeeld",
        "open": "Openen",
        "import_organisation": "Een organisatiebestand importeren",
        "import_organisation_intro": "Een YAML-bestand met de organisatie, haar eenheden en "
        "haar initiatieven (docs/inputs.md). Opnieuw importeren werkt bij wat veranderde.",
        "organisation_file": "Organisatiebestand (YAML)",
        "import": "Importeren",
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
        "download_pdf": "PDF",
        "download_xlsx": "Rekenblad (xlsx)",
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
        # imports and owner assessments
        "imports": "Importeren",
        "imports_of": "Importeren in {name}",
        "imports_intro": "Elke import loopt op de achtergrond: zijn pagina toont hoeveel records "
        "hij gelezen heeft, daarna zijn samenvatting, en blijft na herladen of een herstart. Een "
        "import is heel of niets: een mislukte of onderbroken import bewaart niets.",
        "import_export": "Een platformexport importeren",
        "import_export_intro": "De export van het platform van het initiatief, gelezen zoals "
        "`wi3 ingest` hem leest (docs/connectors.md). Opnieuw lezen voegt alleen het nieuwe toe.",
        "exports_per_initiative": "Een platformexport wordt in één initiatief gelezen: kies het.",
        "no_initiatives_yet": "De organisatie heeft nog geen initiatieven: importeer eerst haar "
        "organisatiebestand.",
        "import_people": "Een personeelsbestand importeren",
        "import_people_intro": "Een CSV-bestand van HR of de directorydienst: van elke persoon de "
        "eenheid, locatie, het niveau en de accounts op de platforms (docs/inputs.md).",
        "import_assessments": "Eigenaarsbeoordelingen importeren",
        "import_assessments_intro": "Een CSV-bestand met eigenaarsbeoordelingen "
        "(docs/inputs.md); een beoordeling die er al is, wordt niet nog eens toegevoegd.",
        "import_survey": "Een gebruikersenquête importeren",
        "import_survey_intro": "De antwoorden op een enquête uit een ander hulpmiddel: een "
        "CSV-bestand en zijn kolomindeling (docs/inputs.md), in een ronde van één initiatief.",
        "file_to_upload": "Bestand om te uploaden",
        "upload_hint": "Hoogstens {mb} MB.",
        "on_server": "Of een pad op de server",
        "on_server_hint": "Voor een export die te groot is om te uploaden: een bestand of map in "
        "{folder}, genoemd ten opzichte daarvan. Alleen voor beheerders: wat daar staat wordt met "
        "de rechten van de server gelezen, dus bewaar in die map niets dan exports.",
        "mapping_file": "Kolomindeling (YAML)",
        "mapping_hint": "Alleen voor het platform csv: welke kolom wat bevat (docs/connectors.md).",
        "exported_on": "Dag waarop de export gemaakt is",
        "exported_hint": "Alleen als de export het niet zegt: na deze dag betekent stilte geen "
        "gegevens, niet geen activiteit.",
        "strict": "Stoppen bij het eerste onjuiste record in plaats van het over te slaan",
        "partial": "Importeren wat er is als de export kanalen noemt die hij niet bevat",
        "start_import": "Import starten",
        "survey_mapping": "Kolomindeling (YAML)",
        "survey_round": "Ronde",
        "survey_opened": "Dag waarop de ronde openging",
        "recent_imports": "Recente imports",
        "job": "Import",
        "job_kind": "Wat",
        "file": "Bestand",
        "records_read_heading": "Records gelezen",
        "job_started": "Gestart",
        "job_number": "Import {id}",
        "kind_export": "platformexport",
        "kind_organisation": "organisatiebestand",
        "kind_people": "personeelsbestand",
        "kind_assessments": "eigenaarsbeoordelingen",
        "kind_survey": "gebruikersenquête",
        "job_state_queued": "wacht",
        "job_state_running": "leest",
        "job_state_done": "klaar",
        "job_state_failed": "mislukt",
        "job_state_interrupted": "onderbroken",
        "no_imports": "Nog geen imports.",
        "back_to_imports": "Terug naar de imports",
        "records_so_far": "Tot nu toe {count} records gelezen.",
        "job_page_updates": "Deze pagina volgt de import vanzelf; je kunt weggaan en terugkomen.",
        "count_records": "Records gelezen",
        "count_skipped": "Overgeslagen",
        "count_events_added": "Nieuwe gebeurtenissen",
        "count_repeats": "Herhalingen (al bewaard)",
        "count_accounts": "Accounts",
        "count_accounts_new": "Nieuwe accounts",
        "count_added": "Toegevoegd",
        "count_updated": "Bijgewerkt",
        "count_unchanged": "Ongewijzigd",
        "count_people": "Mensen",
        "count_imported": "Geïmporteerd",
        "count_already": "Al bewaard",
        "job_done_next": "Stel opnieuw de diagnose op de pagina Momentopnamen om te zien wat "
        "het verandert.",
        "upload_too_large": "De upload is groter dan {mb} MB, het meeste dat deze server aanneemt. "
        "Vraag de beheerder het bestand in de importmap van de server te zetten en het via zijn "
        "pad te importeren, of grotere uploads toe te staan (wi3 serve --max-upload-mb).",
        "owner_assessments": "Eigenaarsbeoordelingen",
        "owner_assessments_intro": "De eigenaar van een initiatief vult de beoordeling in: één "
        "vraag per categorie, beantwoord met de beschrijving die het best past, en feiten. Een "
        "analist of beheerder mag ook invullen; andere rollen lezen de vragen.",
        "assessment_of_organisation": "De organisatie zelf: hoe ze Enterprise 2.0 organiseert",
        "you_may_answer": "je mag hem invullen",
        "you_may_read": "je mag hem lezen",
        "owner_assessment_of": "Eigenaarsbeoordeling: {name}",
        "assessment_intro": "Kies per categorie de beschrijving die nu past, of \u201cweet "
        "niet\u201d. Je antwoorden blijven bewaard als concept van je rol (een rol, nooit een "
        "naam): opgeslagen terwijl je antwoordt, en met de knop, tot je de beoordeling vastlegt.",
        "last_assessed": "Laatst vastgelegde beoordeling: {date}.",
        "assessment_read_only": "Je rol laat je dit formulier lezen, niet invullen.",
        "answer_needs_attention": "Een antwoord vraagt je aandacht:",
        "assessor_role": "Je rol",
        "assessor_role_hint": "Zoals communitymanager of sponsor: een rol, nooit je naam. Elke rol "
        "heeft een eigen concept.",
        "a_number": "Getal",
        "facts": "Feiten",
        "draft_saved": "Concept opgeslagen {time}: {answered} van {total} vragen beantwoord.",
        "no_draft": "Nog geen concept opgeslagen.",
        "save_draft": "Concept opslaan",
        "assessed_on": "Datum van de beoordeling",
        "record_assessment": "Beoordeling vastleggen",
        "record_hint": "Vastleggen bewaart de beoordeling met haar datum en je rol en verwijdert "
        "het concept; de volgende diagnose leest haar.",
        "assessment_recorded": "Beoordeling vastgelegd",
        "recorded_summary": "De beoordeling van {date} door de {role} is vastgelegd: {answered} "
        "antwoorden, {dont_know} keer weet niet.",
        "recorded_identical": "Een gelijke beoordeling was al bewaard, dus er is niets toegevoegd.",
        "diagnosis_reads_it": "De volgende diagnose leest haar.",
        "see_diagnosis": "Naar de diagnose",
        "diagnose_now": "Nu de diagnose stellen",
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
