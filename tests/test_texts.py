"""The catalogue: every text in both languages with the same placeholders, and its style."""

from __future__ import annotations

import ast
import string
from datetime import date
from pathlib import Path

import pytest

from wi3.errors import ModelError, NotFoundError, listing
from wi3.metrics import CATALOGUE
from wi3.notes import NOTES
from wi3.texts import CLI, ERRORS, LABELS, LANGUAGES, MESSAGES, VIEWS, Locale, catalogue

SOURCE = Path(__file__).parents[1] / "src" / "wi3"


def placeholders(text: str) -> set[str]:
    """The names of the `{placeholders}` of a text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def every_text() -> list[tuple[str, dict[str, str]]]:
    """(key, language → text) of every text: labels, messages, errors and notes."""
    labels = [(key, {lang: LABELS[lang][key] for lang in LABELS}) for key in LABELS["en"]]
    messages = [(key, dict(texts)) for part in MESSAGES for key, texts in part.items()]
    notes = [(f"note {key}", texts) for key, texts in NOTES.items()]
    return labels + messages + notes


@pytest.mark.parametrize(
    ("key", "texts"), every_text(), ids=lambda x: x if isinstance(x, str) else ""
)
def test_every_text_exists_in_every_language_with_the_same_placeholders(
    key: str, texts: dict[str, str]
) -> None:
    assert set(texts) == set(LANGUAGES), key
    assert all(texts[lang].strip() for lang in LANGUAGES), key
    assert placeholders(texts["nl"]) == placeholders(texts["en"]), key


def test_the_report_labels_exist_in_both_languages() -> None:
    assert set(LABELS) == set(LANGUAGES)
    assert set(LABELS["en"]) == set(LABELS["nl"])


def test_no_key_is_given_twice_and_messages_never_meet_a_label() -> None:
    keys = [key for part in MESSAGES for key in part]
    assert len(keys) == len(set(keys))
    assert not set(keys) & set(LABELS["en"])
    for language in LANGUAGES:
        assert len(catalogue(language)) == len(LABELS[language]) + len(keys)


def test_plural_keys_come_in_pairs() -> None:
    keys = {key for part in MESSAGES for key in part}
    for key in keys:
        if key.endswith((".one", ".other")):
            stem = key.rsplit(".", 1)[0]
            assert {f"{stem}.one", f"{stem}.other"} <= keys, stem


def test_every_key_the_code_names_is_in_the_catalogue() -> None:
    """Each literal key passed to `label`, `plural` or `key=` exists (or its plural pair)."""
    known = set(catalogue("en"))
    named: list[tuple[str, str]] = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            callee = (
                node.func.attr
                if isinstance(node.func, ast.Attribute)
                else getattr(node.func, "id", "")
            )
            literal = (
                [
                    a.value
                    for a in node.args[:1]
                    if isinstance(a, ast.Constant) and isinstance(a.value, str)
                ]
                if callee in ("label", "say", "plural")
                else []
            )
            literal += [
                k.value.value
                for k in node.keywords
                if k.arg == "key" and isinstance(k.value, ast.Constant)
            ]
            named += [(f"{path.relative_to(SOURCE)}:{node.lineno}", key) for key in literal]
    assert len(named) > 150
    missing = [f"{where} {key}" for where, key in named if not {key, f"{key}.one"} & known]
    assert missing == []


def test_the_english_metric_names_are_the_metrics_own_titles() -> None:
    for metric in CATALOGUE:
        assert VIEWS[f"metric.{metric.id}"]["en"] == metric.title, metric.id


@pytest.mark.parametrize(
    ("language", "count", "decimal", "percent", "day", "words"),
    [
        ("en", "12,034", "1.75", "67%", "30 Sept 2026", "30 September 2026"),
        ("nl", "12.034", "1,75", "67%", "30 sep 2026", "30 september 2026"),
    ],
)
def test_numbers_and_dates_in_the_style_of_each_language(
    language: str, count: str, decimal: str, percent: str, day: str, words: str
) -> None:
    locale = Locale(language)  # type: ignore[arg-type]
    assert locale.count(12034) == count
    assert locale.decimal(1.749, 2) == decimal
    assert locale.percent(0.666) == percent
    assert locale.day(date(2026, 9, 30)) == day
    assert locale.date(date(2026, 9, 30)) == words
    assert locale.count(10**30).count(count[2]) == 10  # any size, grouped
    filled = locale.label("cli.ingest.accounts", accounts=12034, new=1)
    assert filled.startswith(count)


def test_a_list_in_a_text_is_shortened_in_its_language() -> None:
    many = [f"i{n}" for n in range(13)]
    assert Locale("en").listing(many) == "i0, i1, i2, i3, i4, i5, i6, i7, i8, i9, … (3 more)"
    assert Locale("nl").listing(many).endswith("i9, … (nog 3)")
    assert listing(many, limit=2) == "i0, i1, … (11 more)"


def test_an_error_with_a_key_is_english_as_text_and_dutch_when_asked() -> None:
    error = NotFoundError(
        key="error.no_initiative", initiative="'wikki'", organisation="acme", known=["a", "b"]
    )
    assert str(error) == "no initiative 'wikki' in acme; its initiatives are a, b"
    assert error.message() == str(error)
    assert error.message("nl") == "geen initiatief 'wikki' in acme; de initiatieven zijn a, b"


def test_an_error_without_a_key_stays_as_written() -> None:
    error = NotFoundError("something English")
    assert error.message("nl") == "something English"


def test_model_errors_count_their_problems_in_each_language() -> None:
    one = ModelError("m.yaml", ["phases: missing"])
    assert str(one).startswith("model file m.yaml has 1 problem:\n  phases: missing\n")
    assert one.message("nl").startswith("modelbestand m.yaml heeft 1 probleem:\n")
    two = ModelError("m.yaml", ["a", "b"])
    assert "2 problemen" in two.message("nl") and "wi3 model validate FILE" in two.message("nl")


def test_a_long_message_says_what_was_left_out_in_its_language() -> None:
    error = NotFoundError(
        key="error.no_initiative", initiative="x", organisation="acme", known=["y" * 9000]
    )
    assert "characters left out" in str(error) and len(str(error)) < 4200
    assert "tekens weggelaten" in error.message("nl")


@pytest.mark.parametrize("part", [CLI, VIEWS, ERRORS])
def test_dutch_texts_are_not_english_left_untranslated(part: dict[str, dict[str, str]]) -> None:
    """A Dutch text may equal the English only when it is a name, an id or a symbol."""
    same = {key for key, texts in part.items() if texts["nl"] == texts["en"]}
    allowed = {
        "cli.history.summary", "cli.people.accounts", "cli.people.alias.id",
        "cli.people.alias.email", "cli.ingest.records", "view.explain.conflict",
        "view.explain.score", "view.metrics.unit.index", "cli.round.state.open",
    }  # fmt: skip
    assert same <= allowed
