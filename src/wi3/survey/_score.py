"""Scoring survey answers: item means, never for fewer people than the minimum group size."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from wi3.notes import note

OTHER_UNITS = "other units"


@dataclass(frozen=True)
class ItemScore:
    """The mean answer to one survey item, or why it is withheld.

    `answers` counts the respondents who gave a value; 'not applicable' and blanks do not count.
    Below the minimum group size `mean` is None and `withheld` says so; the exact number of
    answers is not given either, since it too would describe fewer people than the threshold.
    """

    item: str
    mean: float | None
    answers: int | None
    withheld: str | None = None


@dataclass(frozen=True)
class GroupScores:
    """Item scores for one group of respondents (all respondents, or a unit)."""

    group: str
    respondents: int | None
    scores: tuple[ItemScore, ...]
    withheld: str | None = None

    def score(self, item: str) -> ItemScore | None:
        """The score of survey item `item`, None when this group has none."""
        return next((s for s in self.scores if s.item == item), None)


def withheld_text(min_group: int) -> str:
    """What a withheld survey figure says: it rests on fewer answers than `min_group`."""
    return note("too_few_answers", n=min_group)


def score_items(
    answers: Iterable[Mapping[str, float | None]], items: Sequence[str], min_group: int
) -> tuple[ItemScore, ...]:
    """The mean of each item over the respondents who answered it with a value."""
    values: dict[str, list[float]] = defaultdict(list)
    for response in answers:
        for item, value in response.items():
            if value is not None:
                values[item].append(value)
    scores = []
    for item in items:
        got = values.get(item, [])
        if len(got) < min_group:
            scores.append(ItemScore(item, None, None, withheld_text(min_group)))
        else:
            scores.append(ItemScore(item, sum(got) / len(got), len(got)))
    return tuple(scores)


def shown_groups(sizes: Mapping[str, int], min_group: int) -> set[str]:
    """The groups whose figures can be shown when the total over all of them is shown too.

    A group below `min_group` is hidden; while the hidden groups together hold fewer than
    `min_group` people (but some), the smallest shown group is hidden as well. Otherwise the
    hidden figures could be recovered by subtracting the shown groups from the total.
    """
    shown = {g: n for g, n in sizes.items() if n >= min_group}
    hidden = sum(n for g, n in sizes.items() if g not in shown)
    while 0 < hidden < min_group and shown:
        smallest = min(shown, key=lambda g: (shown[g], g))
        hidden += shown.pop(smallest)
    return set(shown)


def score_by_unit(
    responses: Sequence[tuple[str | None, Mapping[str, float | None]]],
    items: Sequence[str],
    min_group: int,
) -> tuple[GroupScores, ...]:
    """Item scores for all respondents and per unit, no figure about fewer than `min_group`.

    `responses` pairs each respondent's unit (None when unknown) with their answers. Units too
    small to show are pooled as 'other units' (`shown_groups` decides, so the pool is never the
    only thing missing from the total). Within the groups, each item is checked the same way:
    an item mean is withheld when its answers are too few, or when it alone would reveal a
    withheld one by subtraction.
    """
    sizes: dict[str, int] = defaultdict(int)
    for unit, _answers in responses:
        sizes[unit or "unknown"] += 1
    visible = shown_groups(sizes, min_group)
    members: dict[str, list[Mapping[str, float | None]]] = defaultdict(list)
    for unit, response in responses:
        name = unit or "unknown"
        members[name if name in visible else OTHER_UNITS].append(response)
    total = len(responses)
    everyone = GroupScores(
        group="all respondents",
        respondents=total if total >= min_group else None,
        scores=score_items((a for _u, a in responses), items, min_group),
        withheld=None if total >= min_group else withheld_text(min_group),
    )
    names = sorted(members, key=lambda g: (g == OTHER_UNITS, g))
    per_group = {g: score_items(members[g], items, 1) for g in names}
    for i, item in enumerate(items):
        counts = {g: per_group[g][i].answers or 0 for g in names}
        keep = shown_groups(counts, min_group)
        for g in names:
            if g not in keep:
                scores = list(per_group[g])
                scores[i] = ItemScore(item, None, None, withheld_text(min_group))
                per_group[g] = tuple(scores)
    groups = [everyone]
    for g in names:
        if len(members[g]) < min_group:
            groups.append(GroupScores(g, None, (), withheld_text(min_group)))
        else:
            groups.append(GroupScores(g, len(members[g]), per_group[g]))
    return tuple(groups)
