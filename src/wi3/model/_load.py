"""Read a growth-model file, validate it, and report every problem with its path and line."""

from __future__ import annotations

import functools
import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from wi3.errors import InputError, ModelError
from wi3.model._schema import (
    ACTIVITY_RULES,
    ACTIVITY_STATES,
    PHASES,
    FactItem,
    Indicator,
    Model,
    Test,
)
from wi3.yamldoc import YamlDocument, read_yaml

DEFAULT_MODEL = "wi3.yaml"


def default_model_path() -> Path:
    """The model file shipped inside the package."""
    return Path(str(resources.files("wi3.model").joinpath(DEFAULT_MODEL)))


def load_model(path: Path | None = None) -> Model:
    """Load and validate a model file (the shipped one when `path` is None).

    A file already loaded in this process with the same content is not read again: the model
    is immutable, and every command and test that opens a workspace loads it.

    Raises:
        ModelError: listing every problem found, each with its path in the file and its line.
    """
    path = path or default_model_path()
    try:
        content = path.read_bytes()
    except OSError:
        content = b""  # _check reports the missing or unreadable file with its message
    return _load(path, content)


@functools.lru_cache(maxsize=8)
def _load(path: Path, content: bytes) -> Model:
    model, problems = _check(path)
    if model is None:
        raise ModelError(str(path), problems)
    return _with_anchored_indicators(model)


def check_model_file(path: Path) -> list[str]:
    """Every problem of a model file as `path.in.file: what is wrong (line N)`; [] when valid."""
    return _check(path)[1]


def _check(path: Path) -> tuple[Model | None, list[str]]:
    """The validated model and no problems, or no model and every problem found."""
    try:
        parsed = _read(path)
    except ModelError as exc:
        return None, exc.problems
    if parsed.repeated:
        return None, [
            f"{where}: given more than once{_line(parsed, where)}" for where in parsed.repeated
        ]
    if not isinstance(parsed.data, dict):
        return None, ["(top): the file must hold a mapping of model elements, such as `phases:`"]
    try:
        model = Model.model_validate(parsed.data)
    except ValidationError as exc:
        return None, [_describe(error, parsed) for error in exc.errors()]
    problems = [f"{where}: {what}{_line(parsed, where)}" for where, what in _cross_check(model)]
    return (None, problems) if problems else (model, [])


def model_digest(path: Path | None = None) -> str:
    """A short digest of a model file, stored with each snapshot to tell which model judged it."""
    data = (path or default_model_path()).read_bytes()
    return hashlib.sha256(data).hexdigest()[:16]


def _read(path: Path) -> YamlDocument:
    try:
        return read_yaml(path)
    except InputError as exc:
        raise ModelError(str(path), [str(exc)]) from exc


def _line(document: YamlDocument, where: str) -> str:
    line = document.line(where)
    return f" (line {line})" if line else ""


def _path(loc: Iterable[int | str]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not str(part).startswith(("function-", "literal[", "dict[", "list[")):
            out += f".{part}" if out else str(part)
    return out or "(top)"


def _describe(error: Any, parsed: YamlDocument) -> str:
    where = _path(error["loc"])
    if error["type"] == "missing":
        what = "missing"
    elif error["type"] == "extra_forbidden":
        what = "not a field of this element (misspelt?)"
    else:
        what = error["msg"].removeprefix("Value error, ")
    return f"{where}: {what}{_line(parsed, where)}"


def _duplicates(ids: Iterable[str]) -> list[str]:
    return sorted(i for i, n in Counter(ids).items() if n > 1)


def _cross_check(model: Model) -> Iterator[tuple[str, str]]:
    """References between elements: ids unique, every name used is defined and fits its use."""
    if [p.id for p in model.phases] != list(PHASES):
        yield "phases", f"must be {', '.join(PHASES)} in this order"
    for i, phase in enumerate(model.phases):
        if phase.number != i + 1:
            yield f"phases[{i}].number", f"must be {i + 1}, its position in the list"
    categories = {c.id for c in model.categories}
    factors = {f.id for f in model.factors}
    facts = {f.id: f for f in model.facts}
    survey = {s.id: s for s in model.survey}
    scales = {s.id: s for s in model.scales}
    items = {a.id for a in model.assessment}
    kinds = set(model.settings.confidence.evidence_kinds)
    yield from _unique_ids(model)
    perspectives = {p.id for p in model.perspectives}
    for i, c in enumerate(model.categories):
        if c.perspective not in perspectives:
            yield f"categories[{i}].perspective", f"unknown perspective {c.perspective!r}"
    for i, t in enumerate(model.tips):
        for j, cat in enumerate(t.categories):
            if cat not in categories:
                yield f"tips[{i}].categories[{j}]", f"unknown category {cat!r}"
        for j, fac in enumerate(t.factors):
            if fac not in factors:
                yield f"tips[{i}].factors[{j}]", f"unknown driver or inhibitor {fac!r}"
    for i, a in enumerate(model.assessment):
        if a.category not in categories:
            yield f"assessment[{i}].category", f"unknown category {a.category!r}"
    for cat in sorted(categories - {a.category for a in model.assessment}):
        yield "assessment", f"category {cat!r} has no anchored item"
    for i, f in enumerate(model.facts):
        if f.answer == "choice" and len(f.options) < 2:
            yield f"facts[{i}].options", "a choice question needs at least two options"
    questions = {q.id for q in model.key_questions}
    for i, s in enumerate(model.survey):
        if s.scale not in scales:
            yield f"survey[{i}].scale", f"unknown scale {s.scale!r}"
        if s.key_question is not None and s.key_question not in questions:
            yield f"survey[{i}].key_question", f"unknown key question {s.key_question!r}"
    for i, ind in enumerate(model.indicators):
        where = f"indicators[{i}]"
        if ind.evidence not in kinds:
            yield f"{where}.evidence", _unknown_kind(ind.evidence, kinds)
        yield from _check_indicator(where, ind, categories, items, facts)
        item = survey.get(ind.ref) if ind.evidence == "survey" else None
        if ind.evidence == "survey" and item is None:
            yield f"{where}.ref", f"no survey question {ind.ref!r}"
        if item is not None and item.scale in scales and ind.levels:
            scale = scales[item.scale]
            for level, test in ind.levels.items():
                if isinstance(test.operand, float) and not scale.min <= test.operand <= scale.max:
                    yield (
                        f"{where}.levels.{level}",
                        f"{test.operand:g} lies outside the scale {scale.min}–{scale.max}",
                    )
    for i, sig in enumerate(model.factor_signals):
        where = f"factor_signals[{i}]"
        if sig.factor not in factors:
            yield f"{where}.factor", f"unknown driver or inhibitor {sig.factor!r}"
        if sig.evidence not in kinds:
            yield f"{where}.evidence", _unknown_kind(sig.evidence, kinds)
        if sig.evidence == "owner":
            if sig.ref not in facts:
                yield f"{where}.ref", f"no fact question {sig.ref!r}"
            else:
                yield from _check_word_test(f"{where}.present", sig.present, facts[sig.ref])
        elif sig.evidence == "survey" and sig.ref not in survey:
            yield f"{where}.ref", f"no survey question {sig.ref!r}"
    yield from _check_gates(model, items)
    yield from _check_activity(model, kinds)


def _check_activity(model: Model, kinds: set[str]) -> Iterator[tuple[str, str]]:
    """Every activity state and rule once, rules in the order they apply, tips that exist."""
    activity = model.activity
    states = [s.id for s in activity.states]
    if sorted(states) != sorted(ACTIVITY_STATES):
        yield "activity.states", f"must name each of {', '.join(ACTIVITY_STATES)} once"
    rules = [r.id for r in activity.rules]
    if rules != list(ACTIVITY_RULES):
        yield (
            "activity.rules",
            f"must list {', '.join(ACTIVITY_RULES)}, once each and in this order (the order in "
            "which they apply)",
        )
    tips = {t.id for t in model.tips}
    for state in ("declining", "dormant"):
        for j, tip in enumerate(getattr(activity.tips, state)):
            if tip not in tips:
                yield f"activity.tips.{state}[{j}]", f"unknown tip {tip!r}"
    for dup in _duplicates(step.id for step in activity.end_of_life):
        yield "activity.end_of_life", f"id {dup!r} is used more than once"
    for dup in _duplicates([*tips, *(step.id for step in activity.end_of_life)]):
        if dup in tips:
            yield "activity.end_of_life", f"id {dup!r} is already a tip's"
    for j, kind in enumerate(model.evidence.ageing):
        if kind not in kinds:
            yield f"evidence.ageing[{j}]", _unknown_kind(kind, kinds)
    for name in ("half_life_months", "stale_months"):
        if getattr(model.evidence, name).value <= 0:
            yield f"evidence.{name}.value", "must be more than 0"


def _unknown_kind(kind: str, kinds: set[str]) -> str:
    return (
        f"unknown evidence kind {kind!r}; the kinds are {', '.join(sorted(kinds))} "
        "(settings.confidence.evidence_kinds)"
    )


def _unique_ids(model: Model) -> Iterator[tuple[str, str]]:
    lists: list[tuple[str, list[str]]] = [
        ("perspectives", [p.id for p in model.perspectives]),
        ("categories", [c.id for c in model.categories]),
        ("factors", [f.id for f in model.factors]),
        ("tips", [t.id for t in model.tips]),
        ("key_questions", [q.id for q in model.key_questions]),
        ("scales", [s.id for s in model.scales]),
        (
            "questions (assessment, facts, survey)",
            [a.id for a in model.assessment]
            + [f.id for f in model.facts]
            + [s.id for s in model.survey],
        ),
        ("indicators", [i.id for i in model.indicators] + [a.id for a in model.assessment]),
    ]
    lists += [(f"facts[{i}].options", [o.id for o in f.options]) for i, f in enumerate(model.facts)]
    for name, ids in lists:
        for dup in _duplicates(ids):
            yield name, f"id {dup!r} is used more than once"


def _options(fact: FactItem) -> set[str]:
    return {"yes", "no"} if fact.answer == "yes_no" else {o.id for o in fact.options}


def _check_word_test(where: str, test: Test, fact: FactItem) -> Iterator[tuple[str, str]]:
    if fact.answer == "number":
        if isinstance(test.operand, str):
            yield where, f"{fact.id} is answered with a number; compare it with a number"
    elif not isinstance(test.operand, str) or test.operand not in _options(fact):
        options = ", ".join(sorted(_options(fact)))
        yield where, f"{test.operand!r} is not an answer of {fact.id} ({options})"


def _check_indicator(
    where: str,
    ind: Indicator,
    categories: set[str],
    items: set[str],
    facts: dict[str, FactItem],
) -> Iterator[tuple[str, str]]:
    if ind.category not in categories:
        yield f"{where}.category", f"unknown category {ind.category!r}"
    if (ind.answers is None) == (ind.levels is None):
        yield where, "give either `answers` (for answer options) or `levels` (for numbers)"
    if ind.levels is not None and set(ind.levels) != {"facilitating", "strategic"}:
        yield f"{where}.levels", "needs a test for both facilitating and strategic"
    if ind.evidence != "owner":
        if ind.answers is not None:
            yield f"{where}.answers", f"{ind.evidence} evidence is a number; use `levels`"
        return
    fact = facts.get(ind.ref)
    if fact is None:
        if ind.ref not in items:
            yield f"{where}.ref", f"no owner question {ind.ref!r}"
        return
    if fact.answer == "number":
        if ind.answers is not None:
            yield f"{where}.answers", f"{fact.id} is answered with a number; use `levels`"
        return
    if ind.levels is not None:
        yield f"{where}.levels", f"{fact.id} is answered with an option; use `answers`"
    for answer in ind.answers or {}:
        if answer not in _options(fact):
            yield f"{where}.answers.{answer}", f"not an answer of {ind.ref!r}"


def _check_gates(model: Model, items: set[str]) -> Iterator[tuple[str, str]]:
    indicators = {i.id: i for i in model.indicators}
    everything = {c.id for c in model.categories}
    perspectives = {p.id for p in model.perspectives}
    for j, p in enumerate(model.organisation.perspectives):
        if p not in perspectives:
            yield f"organisation.perspectives[{j}]", f"unknown perspective {p!r}"
    scope = {c.id for c in model.categories if c.perspective in model.organisation.perspectives}
    for where, gates, allowed in [
        ("gates", model.gates, everything),
        ("organisation.gates", model.organisation.gates, scope),
    ]:
        for gate_phase in ("facilitating", "strategic"):
            gate = gates.of(gate_phase)
            for cat in gate.categories:
                if cat not in allowed:
                    yield (
                        f"{where}.{gate_phase}.categories.{cat}",
                        "unknown or out-of-scope category",
                    )
            for dup in _duplicates(g.id for g in gate.groups):
                yield f"{where}.{gate_phase}.groups", f"id {dup!r} is used more than once"
            for j, group in enumerate(gate.groups):
                for k, ind_id in enumerate(group.indicators):
                    ind = indicators.get(ind_id)
                    category = (
                        ind.category
                        if ind
                        else (next((a.category for a in model.assessment if a.id == ind_id), None))
                    )
                    if category is None and ind_id not in items:
                        yield (
                            f"{where}.{gate_phase}.groups[{j}].indicators[{k}]",
                            f"unknown indicator {ind_id!r}",
                        )
                    elif category is not None and category not in allowed:
                        yield (
                            f"{where}.{gate_phase}.groups[{j}].indicators[{k}]",
                            f"{ind_id!r} evidences {category!r}, outside this gate's scope",
                        )


def _with_anchored_indicators(model: Model) -> Model:
    """The model with an indicator added for every anchored assessment item."""
    anchored = [
        Indicator(
            id=item.id,
            evidence="owner",
            ref=item.id,
            category=item.category,
            weight=item.weight,
            answers={p: p for p in PHASES},
            source=item.source,
        )
        for item in model.assessment
    ]
    return model.model_copy(update={"indicators": anchored + list(model.indicators)})
