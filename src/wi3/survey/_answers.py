"""Reading one answer: survey codes and labels in English or Dutch, owner options and phases."""

from __future__ import annotations

import re
from dataclasses import dataclass

from wi3.errors import AnswerError
from wi3.model import PHASES, AnchoredItem, FactItem, Model, Scale

DONT_KNOW = frozenset({"dont_know", "don't know", "dont know", "?", "weet niet", "weet ik niet"})
"""Answers meaning 'don't know' to an owner question, in English and Dutch."""

_LEADING_CODE = re.compile(r"^\s*(\d+)\s*(?:[-–:.)=]\s*.*)?$")


@dataclass(frozen=True)
class ScaleAnswer:
    """A survey answer: a value on the model's scale, or 'not applicable' (value None)."""

    value: float | None

    @property
    def not_applicable(self) -> bool:
        return self.value is None


def _norm(text: str) -> str:
    return " ".join(text.strip().lower().split())


def read_scale_answer(raw: str, scale: Scale, source: tuple[int, int] | None = None) -> ScaleAnswer:
    """Read a survey answer as a code ('4'), a code with its label ('4 - Agree') or a label.

    Labels are matched case-insensitively in every language of the model. When the export uses
    another range (`source`, e.g. a 1–7 scale for a 1–5 item) a code is rescaled linearly onto
    the model's scale, so 1 stays the bottom and 7 becomes 5.

    Raises:
        AnswerError: for a code outside the range or a label that is not on the scale.
    """
    text = _norm(raw)
    if text in {_norm(na) for na in scale.not_applicable}:
        return ScaleAnswer(None)
    low, high = source or (scale.min, scale.max)
    match = _LEADING_CODE.match(text)
    if match:
        code = int(match.group(1))
        if not low <= code <= high:
            raise AnswerError(f"{raw.strip()!r} is outside the scale {low}–{high}")
        if (low, high) == (scale.min, scale.max):
            return ScaleAnswer(float(code))
        span = (scale.max - scale.min) / (high - low)
        return ScaleAnswer(scale.min + (code - low) * span)
    for code, label in scale.labels.items():
        if text in (_norm(label.en), _norm(label.nl)):
            if source is not None and source != (scale.min, scale.max):
                raise AnswerError(
                    f"{raw.strip()!r} is a label of the {scale.min}–{scale.max} scale, but the "
                    f"mapping says this column uses {low}–{high}"
                )
            return ScaleAnswer(float(code))
    labels = ", ".join(f"{c} {lab.en!r}/{lab.nl!r}" for c, lab in scale.labels.items())
    hint = f"codes {low}–{high}" + (f" or the labels {labels}" if labels else "")
    raise AnswerError(
        f"{raw.strip()!r} is not an answer on this scale; use {hint}, "
        f"or {scale.not_applicable[0]!r}"
    )


def read_anchored_answer(raw: str, item: AnchoredItem) -> str | None:
    """Read an anchored owner answer as a phase id, or None for 'don't know'.

    Accepts the phase id ('facilitating'), its number (1–3) or its Dutch name.
    """
    text = _norm(str(raw))
    if text in DONT_KNOW:
        return None
    dutch = {"pionierend": "pioneering", "faciliterend": "facilitating", "strategisch": "strategic"}
    if text in PHASES:
        return text
    if text in dutch:
        return dutch[text]
    if text in {"1", "2", "3"}:
        return PHASES[int(text) - 1]
    raise AnswerError(
        f"{raw!r} is not an answer to {item.id}; answer pioneering, facilitating or strategic "
        '(or 1, 2, 3), or "don\'t know"'
    )


def read_fact_answer(raw: str, fact: FactItem) -> str | None:
    """Read an owner fact answer: yes/no (ja/nee), an option id, or a number; None = don't know."""
    text = _norm(str(raw))
    if text in DONT_KNOW:
        return None
    if fact.answer == "yes_no":
        yes_no = {"yes": "yes", "ja": "yes", "true": "yes", "no": "no", "nee": "no", "false": "no"}
        if text in yes_no:
            return yes_no[text]
        raise AnswerError(
            f'{raw!r} is not an answer to {fact.id}; answer yes or no (ja/nee), or "don\'t know"'
        )
    if fact.answer == "number":
        try:
            return str(float(text))
        except ValueError:
            raise AnswerError(f"{raw!r} is not a number; {fact.id} asks for one") from None
    for option in fact.options:
        if text in (option.id.lower(), _norm(option.text.en), _norm(option.text.nl)):
            return option.id
    options = ", ".join(o.id for o in fact.options)
    raise AnswerError(
        f'{raw!r} is not an answer to {fact.id}; choose one of {options}, or "don\'t know"'
    )


def read_owner_answer(model: Model, item_id: str, raw: str) -> str | None:
    """Read an answer to any owner question (anchored item or fact) by its id.

    Raises:
        AnswerError: for an unknown question or an answer that does not fit it.
    """
    anchored = {a.id: a for a in model.assessment}
    facts = {f.id: f for f in model.facts}
    if item_id in anchored:
        return read_anchored_answer(raw, anchored[item_id])
    if item_id in facts:
        return read_fact_answer(raw, facts[item_id])
    raise AnswerError(
        f"{item_id!r} is not an owner question of the model; the questions are assess.<category> "
        "and the fact.* ids listed by `wi3 model show`"
    )
