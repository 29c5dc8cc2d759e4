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
}
"""Every error message with a key, in every language wi3 speaks."""
