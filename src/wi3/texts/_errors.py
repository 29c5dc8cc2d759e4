"""The messages of errors, in English and Dutch: what went wrong, where, and what to do.

An error raised with `key=` takes its English text from here and keeps its values, so that
the command line and the web application show it in the user's language
(`Wi3Error.message(language)`). Every translation keeps the placeholders that say where (file,
line, path) and the command or option that helps.
"""

from __future__ import annotations

from typing import Final

ERRORS: Final[dict[str, dict[str, str]]] = {
    # the fixed wording of every error
    "error.left_out": {
        "en": "{head} … ({count} characters left out) … {tail}",
        "nl": "{head} … ({count} tekens weggelaten) … {tail}",
    },
    "error.model_problems.one": {
        "en": "model file {path} has {count} problem:\n{problems}\n"
        "Fix these entries, then run `wi3 model validate FILE` again.",
        "nl": "modelbestand {path} heeft {count} probleem:\n{problems}\n"
        "Herstel deze onderdelen en voer daarna `wi3 model validate FILE` opnieuw uit.",
    },
    "error.model_problems.other": {
        "en": "model file {path} has {count} problems:\n{problems}\n"
        "Fix these entries, then run `wi3 model validate FILE` again.",
        "nl": "modelbestand {path} heeft {count} problemen:\n{problems}\n"
        "Herstel deze onderdelen en voer daarna `wi3 model validate FILE` opnieuw uit.",
    },
    # the workspace and what it holds
    "error.no_workspace": {
        "en": "no wi3 workspace at {path}: run `wi3 init` to create one there, or point "
        "--workspace (or WI3_HOME) at an existing workspace.",
        "nl": "geen wi3-werkmap in {path}: maak er daar een met `wi3 init`, of wijs met "
        "--workspace (of WI3_HOME) een bestaande werkmap aan.",
    },
    "error.no_organisation": {
        "en": "no organisation {organisation} in this workspace; it holds {known}",
        "nl": "geen organisatie {organisation} in deze werkmap; die bevat {known}",
    },
    "error.no_organisation_yet": {
        "en": "no organisation {organisation} in this workspace; import one with "
        "`wi3 org import FILE`",
        "nl": "geen organisatie {organisation} in deze werkmap; importeer er een met "
        "`wi3 org import FILE`",
    },
    "error.no_organisations": {
        "en": "this workspace holds no organisation yet: import one with `wi3 org import FILE`, "
        "or run `wi3 demo` to build the example organisation",
        "nl": "deze werkmap bevat nog geen organisatie: importeer er een met "
        "`wi3 org import FILE`, of bouw de voorbeeldorganisatie met `wi3 demo`",
    },
    "error.several_organisations": {
        "en": "this workspace holds several organisations ({known}); name one with --org",
        "nl": "deze werkmap bevat meerdere organisaties ({known}); kies er een met --org",
    },
    "error.no_initiative": {
        "en": "no initiative {initiative} in {organisation}; its initiatives are {known}",
        "nl": "geen initiatief {initiative} in {organisation}; de initiatieven zijn {known}",
    },
    "error.no_initiatives": {
        "en": "no initiative {initiative} in {organisation}; add one with `wi3 initiative add` "
        "or `wi3 org import`",
        "nl": "geen initiatief {initiative} in {organisation}; voeg er een toe met "
        "`wi3 initiative add` of `wi3 org import`",
    },
    "error.not_in_diagnosis": {
        "en": "no initiative {initiative} in the diagnosis of {date}; it holds {held} (an "
        "initiative is left out before its start date or first event)",
        "nl": "geen initiatief {initiative} in de diagnose van {date}; die bevat {held} (een "
        "initiatief blijft buiten beschouwing vóór de startdatum of de eerste gebeurtenis)",
    },
    # files
    "error.no_file": {
        "en": "{path}: no such file; check the path",
        "nl": "{path}: dit bestand bestaat niet; controleer het pad",
    },
    "error.no_export": {
        "en": "cannot read {path}: no such file. Check the path.",
        "nl": "kan {path} niet lezen: dit bestand bestaat niet. Controleer het pad.",
    },
    "error.no_export_or_folder": {
        "en": "cannot read {path}: no such file or folder. Check the path.",
        "nl": "kan {path} niet lezen: dit bestand of deze map bestaat niet. Controleer het pad.",
    },
    "error.no_mapping": {
        "en": "mapping {path}: no such file. Check the --mapping path.",
        "nl": "koppeling {path}: dit bestand bestaat niet. Controleer het pad bij --mapping.",
    },
    "error.no_survey_file": {
        "en": "{what} {path} not found; check the path",
        "nl": "{what} {path} niet gevonden; controleer het pad",
    },
    "error.malformed_csv_line": {
        "en": "{path}:{line}: malformed CSV ({reason}). Export the file again as CSV UTF-8.",
        "nl": "{path}:{line}: onleesbare CSV ({reason}). Exporteer het bestand opnieuw als "
        "CSV UTF-8.",
    },
    "error.malformed_export_line": {
        "en": "cannot read {path}: malformed {format} after line {line} ({reason}). The file "
        "is damaged; export it again.",
        "nl": "kan {path} niet lezen: onleesbare {format} na regel {line} ({reason}). Het "
        "bestand is beschadigd; exporteer het opnieuw.",
    },
    "error.malformed_export_start": {
        "en": "cannot read {path}: malformed {format} in its first lines ({reason}). The file "
        "is damaged; export it again.",
        "nl": "kan {path} niet lezen: onleesbare {format} in de eerste regels ({reason}). Het "
        "bestand is beschadigd; exporteer het opnieuw.",
    },
    # options of the command line
    "error.not_a_date": {
        "en": "{option} {value} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31",
        "nl": "{option} {value} is geen datum; schrijf die als JJJJ-MM-DD, bijvoorbeeld 2026-03-31",
    },
    "error.not_a_month": {
        "en": "--last-month {value} is not a month from 1970-01 to 2999-12; write it as "
        "YYYY-MM, e.g. 2026-03",
        "nl": "--last-month {value} is geen maand van 1970-01 tot en met 2999-12; schrijf die "
        "als JJJJ-MM, bijvoorbeeld 2026-03",
    },
    "error.choose": {
        "en": "{option} {value}: use {choices}",
        "nl": "{option} {value}: kies {choices}",
    },
    "error.parquet_output": {
        "en": "--format parquet needs --output FILE",
        "nl": "--format parquet heeft --output FILE nodig",
    },
    "error.assess_what": {
        "en": "name the initiative to assess (or @organisation), or give --file",
        "nl": "noem het initiatief dat beoordeeld wordt (of @organisation), of geef --file",
    },
    "error.no_snapshot": {
        "en": "{organisation} has no diagnosis yet: run `wi3 diagnose` first",
        "nl": "{organisation} heeft nog geen diagnose: voer eerst `wi3 diagnose` uit",
    },
    "error.no_snapshot_of": {
        "en": "{organisation} has no diagnosis of {date} yet: run `wi3 diagnose --as-of {date}` "
        "first",
        "nl": "{organisation} heeft nog geen diagnose van {date}: voer eerst "
        "`wi3 diagnose --as-of {date}` uit",
    },
    # the action plan
    "error.plan.status": {
        "en": "--status {value}: use open or done",
        "nl": "--status {value}: kies open of done",
    },
    "error.plan.owner_empty": {
        "en": "--owner is empty: name the role that owns the action, e.g. --owner "
        "'community manager'",
        "nl": "--owner is leeg: noem de rol die eigenaar is van de actie, bijvoorbeeld --owner "
        "'community manager'",
    },
    "error.plan.owner_long": {
        "en": "--owner {role}…: a role is a few words on one line, at most {limit} characters, "
        "e.g. 'community manager'",
        "nl": "--owner {role}…: een rol is een paar woorden op één regel, hoogstens {limit} "
        "tekens, bijvoorbeeld 'community manager'",
    },
    "error.plan.owner_email": {
        "en": "--owner {role} looks like an e-mail address; the plan names a role that owns the "
        "action, never a person: e.g. --owner 'community manager'",
        "nl": "--owner {role} lijkt een e-mailadres; het plan noemt een rol als eigenaar van de "
        "actie, nooit een persoon: bijvoorbeeld --owner 'community manager'",
    },
    "error.plan.owner_person.name": {
        "en": "--owner {role} is the name of someone in the people directory; the plan names a "
        "role that owns the action, never a person: e.g. --owner 'community manager'",
        "nl": "--owner {role} is de naam van iemand in het personeelsbestand; het plan noemt een "
        "rol als eigenaar van de actie, nooit een persoon: bijvoorbeeld --owner "
        "'community manager'",
    },
    "error.plan.owner_person.handle": {
        "en": "--owner {role} is the handle of someone in the people directory; the plan names "
        "a role that owns the action, never a person: e.g. --owner 'community manager'",
        "nl": "--owner {role} is de gebruikersnaam van iemand in het personeelsbestand; het plan "
        "noemt een rol als eigenaar van de actie, nooit een persoon: bijvoorbeeld --owner "
        "'community manager'",
    },
    "error.plan.due_before": {
        "en": "--due {due} lies before the day the action is accepted ({day}); give a due date "
        "on or after it",
        "nl": "--due {due} ligt vóór de dag waarop de actie wordt aangenomen ({day}); geef een "
        "datum op of na die dag",
    },
    "error.plan.end_of_life": {
        "en": "{tip} is end-of-life advice for a stopped initiative, not a growth step: the plan "
        "holds the tips ({known}), whose indicators later snapshots re-check",
        "nl": "{tip} is advies voor het einde van een gestopt initiatief, geen groeistap: het "
        "plan bevat de tips ({known}), waarvan latere momentopnamen de indicatoren opnieuw "
        "controleren",
    },
    "error.plan.no_tip": {
        "en": "no tip {tip} in the model; its tips are {known}",
        "nl": "geen tip {tip} in het model; de tips zijn {known}",
    },
    "error.plan.not_started": {
        "en": "the snapshot of {date} does not hold {initiative} (it had not started then); "
        "diagnose as of a later date with `wi3 diagnose --as-of DATE`, then add the action",
        "nl": "de momentopname van {date} bevat {initiative} niet (het was toen nog niet "
        "begonnen); diagnosticeer per een latere datum met `wi3 diagnose --as-of DATE` en voeg "
        "daarna de actie toe",
    },
    "error.plan.no_steps": {
        "en": "{initiative} has no next steps in the snapshot of {date} (it stopped, or nothing "
        "holds it back); the plan holds next steps only",
        "nl": "{initiative} heeft geen volgende stappen in de momentopname van {date} (het is "
        "gestopt, of niets houdt het tegen); het plan bevat alleen volgende stappen",
    },
    "error.plan.not_a_step": {
        "en": "{tip} is not among the next steps of {initiative} in the snapshot of {date} "
        "({steps}): the plan holds next steps, each with the evidence behind it and the "
        "indicators to measure again. Choose one of them, or diagnose again first when the "
        "situation has changed",
        "nl": "{tip} hoort niet bij de volgende stappen van {initiative} in de momentopname van "
        "{date} ({steps}): het plan bevat volgende stappen, elk met het bewijs erachter en de "
        "indicatoren om opnieuw te meten. Kies er een, of diagnosticeer eerst opnieuw als de "
        "situatie veranderd is",
    },
    "error.plan.already": {
        "en": "{tip} of {initiative} is already in the plan as action {id}, open and due {due}; "
        "mark it done with `wi3 plan done {id}` before accepting it again",
        "nl": "{tip} van {initiative} staat al in het plan als actie {id}, open en uiterlijk "
        "{due}; markeer die als gedaan met `wi3 plan done {id}` voor je hem opnieuw aanneemt",
    },
    "error.plan.no_action": {
        "en": "{organisation} has no action {id}; `wi3 plan list` shows the plan",
        "nl": "{organisation} heeft geen actie {id}; `wi3 plan list` toont het plan",
    },
    "error.plan.done_already": {
        "en": "action {id} was marked done already",
        "nl": "actie {id} was al als gedaan gemarkeerd",
    },
    "error.plan.done_already_on": {
        "en": "action {id} was marked done already on {date}",
        "nl": "actie {id} was al als gedaan gemarkeerd op {date}",
    },
    "error.plan.done_before": {
        "en": "action {id} was accepted on {accepted}; it cannot be done on {day}, before that: "
        "give a later --on date",
        "nl": "actie {id} is aangenomen op {accepted}; hij kan niet eerder gedaan zijn, op "
        "{day}: geef een latere datum bij --on",
    },
    "error.plan.no_snapshot": {
        "en": "{organisation} has no diagnosis on or before {date}: an action takes its "
        "evidence from the newest snapshot, so run `wi3 diagnose` first (or give a later "
        "--accepted-on)",
        "nl": "{organisation} heeft geen diagnose op of vóór {date}: een actie neemt haar bewijs "
        "uit de nieuwste momentopname, dus voer eerst `wi3 diagnose` uit (of geef een latere "
        "--accepted-on)",
    },
    "error.plan.unreadable": {
        "en": "cannot read a stored diagnosis to re-check the plan: {reason}. Diagnose that "
        "date again with `wi3 diagnose --as-of DATE`.",
        "nl": "kan een opgeslagen diagnose niet lezen om het plan opnieuw te controleren: "
        "{reason}. Diagnosticeer die datum opnieuw met `wi3 diagnose --as-of DATE`.",
    },
    # survey rounds
    "error.round.language": {
        "en": "language {language} is not one wi3 asks in; choose en or nl",
        "nl": "taal {language} is geen taal waarin wi3 vraagt; kies en of nl",
    },
    "error.round.no_name": {
        "en": "give the round a name, such as '2026 Q1'",
        "nl": "geef de ronde een naam, zoals '2026 Q1'",
    },
    "error.round.name_text": {
        "en": "the round's name {round} holds a control character; give it a name of plain "
        "text on one line, such as '2026 Q1'",
        "nl": "de naam van de ronde {round} bevat een stuurteken; geef haar een naam van gewone "
        "tekst op één regel, zoals '2026 Q1'",
    },
    "error.assessment.role_text": {
        "en": "the role {role} holds a control character; give your role as plain text on one "
        "line, such as 'community manager'",
        "nl": "de rol {role} bevat een stuurteken; geef uw rol als gewone tekst op één regel, "
        "zoals 'community manager'",
    },
    "error.round.closes_passed": {
        "en": "the closing day {date} has passed; give today or a later day",
        "nl": "de sluitingsdag {date} is voorbij; geef vandaag of een latere dag",
    },
    "error.round.taken": {
        "en": "{initiative} already has a survey round {round}; choose another name",
        "nl": "{initiative} heeft al een enquêteronde {round}; kies een andere naam",
    },
    "error.round.no_rounds": {
        "en": "{initiative} has no survey round {round}",
        "nl": "{initiative} heeft geen enquêteronde {round}",
    },
    "error.round.no_round": {
        "en": "{initiative} has no survey round {round}; its rounds are {known}",
        "nl": "{initiative} heeft geen enquêteronde {round}; de rondes zijn {known}",
    },
    "error.round.imported": {
        "en": "survey round {round} was imported from a survey tool's export, not collected by "
        "wi3; create a round with `wi3 survey round create` to collect answers online",
        "nl": "enquêteronde {round} is geïmporteerd uit de export van een enquêtetool, niet door "
        "wi3 verzameld; maak een ronde met `wi3 survey round create` om online antwoorden te "
        "verzamelen",
    },
    "error.round.closed": {
        "en": "survey round {round} closed on {date}; create a new round to ask again",
        "nl": "enquêteronde {round} is gesloten op {date}; maak een nieuwe ronde om opnieuw te "
        "vragen",
    },
    "error.round.links_exist": {
        "en": "{path} exists already; choose a new file, so that no links sent before are lost",
        "nl": "{path} bestaat al; kies een nieuw bestand, zodat geen eerder verstuurde links "
        "verloren gaan",
    },
    "error.round.links_unwritable": {
        "en": "cannot write {path}: {reason}; choose a file in a folder you can write to",
        "nl": "kan {path} niet schrijven: {reason}; kies een bestand in een map waarin je kunt "
        "schrijven",
    },
    # a respondent's survey link
    # invitees of a survey round (a file, or the API's list)
    "error.invitees.missing_columns": {
        "en": "{path}:1: missing column(s) {columns}; an invitee file has the columns address "
        "and unit, and optionally level (staff, manager or executive)",
        "nl": "{path}:1: kolom(men) {columns} ontbreken; een bestand met genodigden heeft de "
        "kolommen address en unit, en eventueel level (staff, manager of executive)",
    },
    "error.invitees.unknown_columns": {
        "en": "{path}:1: unknown column(s) {columns}; an invitee file has only the columns "
        "address, unit and level. Remove the others (names are not needed).",
        "nl": "{path}:1: onbekende kolom(men) {columns}; een bestand met genodigden heeft alleen "
        "de kolommen address, unit en level. Verwijder de andere (namen zijn niet nodig).",
    },
    "error.invitees.extra_fields": {
        "en": "{where}: this row has more fields than the header; check for an unquoted "
        "separator in the address or unit",
        "nl": "{where}: deze regel heeft meer velden dan de kopregel; controleer of er een "
        "scheidingsteken zonder aanhalingstekens in het adres of de eenheid staat",
    },
    "error.invitees.no_rows": {
        "en": "{path}: no invitees found; the file has a header but no rows",
        "nl": "{path}: geen genodigden gevonden; het bestand heeft een kopregel maar geen regels",
    },
    "error.invitees.empty_list": {
        "en": "invitees: the list is empty; give at least one invitee",
        "nl": "invitees: de lijst is leeg; geef minstens één genodigde op",
    },
    "error.invitees.address": {
        "en": "{where}: {address} is not an e-mail address; write one address per row, such "
        "as name@example.org",
        "nl": "{where}: {address} is geen e-mailadres; schrijf één adres per regel, zoals "
        "naam@example.org",
    },
    "error.invitees.twice_line": {
        "en": "{where}: {address} is listed twice (first on line {line}); keep one row per invitee",
        "nl": "{where}: {address} staat er twee keer in (eerst op regel {line}); houd één regel "
        "per genodigde",
    },
    "error.invitees.twice": {
        "en": "{where}: {address} is listed twice (first at {first}); keep one row per invitee",
        "nl": "{where}: {address} staat er twee keer in (eerst op {first}); houd één regel per "
        "genodigde",
    },
    "error.invitees.unit": {
        "en": "{where}: unit {unit} is not a unit of the organisation; use one of {units} "
        "(`wi3 org units` lists them), or leave it empty",
        "nl": "{where}: eenheid {unit} is geen eenheid van de organisatie; gebruik een van "
        "{units} (`wi3 org units` toont ze), of laat het leeg",
    },
    "error.invitees.level": {
        "en": "{where}: level {level} is not a level; write staff, manager or executive, or "
        "leave it empty",
        "nl": "{where}: niveau {level} is geen niveau; schrijf staff, manager of executive, of "
        "laat het leeg",
    },
    "error.survey.unknown_link": {
        "en": "this survey link is not known; check that the whole link was copied from the "
        "invitation",
        "nl": "deze enquêtelink is niet bekend; controleer of de hele link uit de uitnodiging "
        "is gekopieerd",
    },
    "error.survey.spent": {
        "en": "the answers to this survey link have been submitted already; each link can be "
        "used once",
        "nl": "de antwoorden bij deze enquêtelink zijn al verstuurd; elke link werkt één keer",
    },
    "error.survey.closed": {
        "en": "this survey closed on {date} and takes no more answers; thank you all the same",
        "nl": "deze enquête is gesloten op {date} en neemt geen antwoorden meer aan; toch bedankt",
    },
    "error.survey.not_a_statement": {
        "en": "{item} is not a statement of this survey; answer only the statements the form shows",
        "nl": "{item} is geen stelling van deze enquête; beantwoord alleen de stellingen op het "
        "formulier",
    },
    "error.survey.not_text": {
        "en": "{item}: the answer must be text, such as '4'",
        "nl": "{item}: het antwoord moet tekst zijn, zoals '4'",
    },
    "error.survey.answer": {
        "en": "{item}: {problem}. Nothing was saved.",
        "nl": "{item}: {problem}. Er is niets bewaard.",
    },
    "error.survey.no_answer": {
        "en": "no statement is answered; answer at least one before submitting",
        "nl": "er is geen stelling beantwoord; beantwoord er minstens één voor u verstuurt",
    },
}
"""Every error message with a key, in every language wi3 speaks."""
