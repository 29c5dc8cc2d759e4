"""One part of a month: the threads, replies, edits, reactions, reads and joins of its people.

Threads get replies with the phase's chance; the first reply after a lognormal delay, from the
author's own unit or (with the phase's cross-unit chance) from another, never from the author.
Reads and reactions of a new thread come after it; edits and older reads pick items made in
earlier months. Everything is drawn for all events of a kind at once.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from wi3.simulate._columns import (
    ACCEPT,
    BOT,
    CREATE,
    EDIT,
    IMPORT,
    INTEGRATION,
    JOIN,
    PERSON,
    REACT,
    REPLY,
    VIEW,
    Part,
)
from wi3.simulate._ids import Array, keyed
from wi3.simulate._profiles import ACCEPT_HOURS, EDIT_SIZE
from wi3.simulate._window import after, moments

if TYPE_CHECKING:
    from wi3.simulate._month import MonthEvents
    from wi3.simulate._usage import MonthModel

HOUR = 3_600_000_000
NEW_ITEM_READS = 0.5
"""Share of the reads that go to this month's new items, when there are older ones too."""


def _sizes(rng: np.random.Generator, n: int, median: float, sigma: float) -> Array:
    return np.clip(rng.lognormal(math.log(median), sigma, n), 1, 2**31 - 1).astype(np.int32)


def _group_offsets(counts: Array) -> Array:
    """For items repeated `counts` times: each copy's number within its group (0, 1, ...)."""
    total = int(counts.sum())
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    offsets: Array = np.arange(total) - starts
    return offsets


class PartBuilder:
    """Collects the columns of one part of one month."""

    def __init__(
        self,
        month: MonthEvents,
        m: MonthModel,
        rng: np.random.Generator,
        bounds: tuple[int, int],
        pool: Array,
        weights: Array,
        first_item: int,
    ) -> None:
        self.month = month
        self.run = month.run
        self.m = m
        self.rng = rng
        self.begin, self.end = bounds
        self.pool = pool
        """The month's active contributors (scope positions), most engaged first."""
        self.weights = weights
        self.first_item = first_item
        self.columns: list[dict[str, Array]] = []
        self.thread_count = 0
        self.reply_count = 0
        self.t_ts = np.zeros(0, dtype=np.int64)
        self.t_author = np.zeros(0, dtype=np.int64)
        self.t_writer = np.zeros(0, dtype=np.int64)
        self.t_people = 0
        self.migrated = 0
        self.contributions = np.zeros(len(self.run.people), dtype=np.int64)
        """Creates, replies and edits per person in scope, in this part."""

    def _count(self, people: Array) -> None:
        self.contributions += np.bincount(people, minlength=len(self.contributions))

    def _add(self, kind: int, ts: Array, actor: Array, items: Array, **rest: Array) -> None:
        n = len(ts)
        row: dict[str, Array] = {
            "ts": ts.astype(np.int64),
            "kind": np.full(n, kind, dtype=np.int8),
            "actor": actor.astype(np.int64),
            "target": rest.get("target", np.full(n, -1, dtype=np.int64)).astype(np.int64),
            "container": rest.get("container", self.month.container_of(items)),
            "item": rest.get("item", keyed(self.run.keys.item_base, items)),
            "parent": rest.get("parent", np.zeros(n, dtype=np.uint64)),
            "has_parent": rest.get("has_parent", np.zeros(n, dtype=bool)),
            "size": rest.get("size", np.zeros(n, dtype=np.int32)),
            "via": rest.get("via", np.full(n, PERSON, dtype=np.int8)),
        }
        self.columns.append(row)

    def threads(self, writers: Array, counts: Array, bot_posts: int) -> None:
        """New threads, pages or questions: by the part's contributors, then by the bot."""
        run, rng = self.run, self.rng
        self.t_writer = np.repeat(writers, counts)
        self._count(self.pool[self.t_writer])
        people = run.people[self.pool[self.t_writer]]
        bots = rng.choice(run.bots, size=bot_posts) if bot_posts else np.zeros(0, dtype=np.int64)
        authors = np.concatenate([people, bots]).astype(np.int64)
        n = len(authors)
        ts = moments(rng, n, self.begin, self.end)
        size = _sizes(rng, n, *run.profile.create_size)
        via = np.where(np.arange(n) < len(people), PERSON, BOT).astype(np.int8)
        self._add(CREATE, ts, authors, self.first_item + np.arange(n), size=size, via=via)
        self.thread_count, self.t_people = n, len(people)
        self.t_ts, self.t_author = ts, authors

    def migration(self, n: int, launched: int) -> None:
        """Items of an earlier tool migrated in, with their original authors and dates: the
        two years before the launch. They count as items, never as new ones."""
        if n <= 0 or not len(self.pool):
            return
        rng, run = self.rng, self.run
        authors = self.pool[rng.choice(len(self.pool), size=n, p=self.weights)]
        span = 730 * 24 * HOUR
        first = self.first_item + self.thread_count
        self._add(
            CREATE,
            np.sort(launched - span + (rng.random(n) * span).astype(np.int64)),
            run.people[authors],
            first + np.arange(n),
            size=_sizes(rng, n, *run.profile.create_size),
            via=np.full(n, IMPORT, dtype=np.int8),
        )
        self.migrated = n

    def replies(self) -> None:
        """Replies to the part's people's threads: from the pool, never by the author; for
        Q&A, some first answers are accepted by the asker."""
        run, rng, tg = self.run, self.rng, self.m.targets
        n = self.t_people
        if n == 0 or len(self.pool) < 2:
            return
        answered = rng.random(n) < tg.answered
        counts = np.where(answered, 1 + rng.poisson(tg.reply_extra * run.profile.replies, n), 0)
        thread = np.repeat(np.arange(n), counts)
        median = np.where(_group_offsets(counts) == 0, tg.reply_hours, tg.reply_hours * 2)
        delay = rng.lognormal(np.log(median), tg.reply_sigma)
        cum = np.cumsum(delay)
        before = np.repeat(np.concatenate(([0.0], cum))[np.cumsum(counts) - counts], counts)
        ts = self.t_ts[thread] + ((cum - before) * HOUR).astype(np.int64)
        who = _repliers(
            rng, self.t_writer[thread], run.unit[self.pool], self.weights, tg.cross_unit
        )
        kept = who >= 0
        thread, ts, who = thread[kept], ts[kept], self.pool[who[kept]]
        self._count(who)
        items = self.first_item + thread
        keys = keyed(run.keys.item_base, items)
        self._add(
            REPLY,
            ts,
            run.people[who],
            items,
            target=self.t_author[thread],
            parent=keys,
            has_parent=np.ones(len(ts), dtype=bool),
            size=_sizes(rng, len(ts), *run.profile.reply_size),
            item=keys,
        )
        numbers = self.month.replies + self.reply_count + np.arange(len(ts))
        self.reply_count += len(ts)
        if run.profile.accepts and len(ts):
            first = np.unique(thread, return_index=True)[1]
            first = first[rng.random(len(first)) < tg.accept]
            wait = rng.lognormal(math.log(ACCEPT_HOURS[0]), ACCEPT_HOURS[1], len(first))
            self._add(
                ACCEPT,
                ts[first] + (wait * HOUR).astype(np.int64),
                self.t_author[thread[first]],
                items[first],
                target=run.people[who[first]],
                parent=keyed(run.keys.reply_base, numbers[first]),
                has_parent=np.ones(len(first), dtype=bool),
                item=keys[first],
            )

    def edits(self, editors: Array, counts: Array, stock: int) -> None:
        """Revisions of items made in earlier months, by the part's contributors."""
        rng, n = self.rng, int(counts.sum())
        if n == 0 or stock == 0:
            return
        keys = keyed(self.run.keys.item_base, items := rng.integers(0, stock, n))
        who = self.pool[np.repeat(editors, counts)]
        self._count(who)
        self._add(
            EDIT,
            moments(rng, n, self.begin, self.end),
            self.run.people[who],
            items,
            parent=keys,
            has_parent=np.ones(n, dtype=bool),
            item=keys,
            size=_sizes(rng, n, *EDIT_SIZE),
        )

    def reactions(self, people: Array, counts: Array) -> None:
        """Reactions to this part's new threads, after they appeared."""
        n = int(counts.sum())
        if n == 0 or self.thread_count == 0:
            return
        pick = self.rng.integers(0, self.thread_count, n)
        items = self.first_item + pick
        keys = keyed(self.run.keys.item_base, items)
        self._add(
            REACT,
            after(self.rng, self.t_ts[pick], self.end),
            self.run.people[np.repeat(people, counts)],
            items,
            target=self.t_author[pick],
            parent=keys,
            has_parent=np.ones(n, dtype=bool),
            item=keys,
        )

    def views(self, people: Array, counts: Array, stock: int) -> None:
        """Reads: of this part's new threads (after they appeared) and of older items."""
        rng, n = self.rng, int(counts.sum())
        if n == 0:
            return
        readers = self.run.people[np.repeat(people, counts)]
        fresh = self.thread_count > 0
        share_new = (NEW_ITEM_READS if stock else 1.0) if fresh else 0.0
        to_new = rng.random(n) < share_new
        pick = rng.integers(0, max(self.thread_count, 1), n)
        old = np.floor(stock * rng.random(n) ** (1 / 3)).astype(np.int64)
        items = np.where(to_new, self.first_item + pick, old)
        ts = np.where(
            to_new,
            after(rng, self.t_ts[np.minimum(pick, max(self.thread_count - 1, 0))], self.end)
            if fresh
            else 0,
            moments(rng, n, self.begin, self.end),
        )
        if not fresh and not stock:  # nothing to read yet but the space itself
            container = np.zeros(n, dtype=np.int16)
            self._add(
                VIEW,
                ts,
                readers,
                items,
                container=container,
                item=self.run.keys.container_items[container],
            )
            return
        self._add(VIEW, ts, readers, items)

    def joins(self, people: Array) -> None:
        """Newcomers join a space before (or as) they take part."""
        n = len(people)
        if n == 0:
            return
        container = self.rng.integers(0, len(self.run.keys.containers), n).astype(np.int16)
        self._add(
            JOIN,
            moments(self.rng, n, self.begin, self.end),
            self.run.people[people],
            np.zeros(n, dtype=np.int64),
            container=container,
            item=self.run.keys.container_items[container],
        )

    def integrations(self) -> None:
        """Posts from business systems (alerts, tickets, build results) through the
        integration account: the phase's share of all events, outside the people's figures."""
        share = self.m.targets.integration
        people = sum(len(c["ts"]) for c in self.columns)
        n = self.rng.poisson(share / (1 - share) * people) if share > 0 and people else 0
        if n == 0 or not len(self.run.bots):
            return
        numbers = self.month.integrations + np.arange(n)
        self.month.integrations += n
        self._add(
            CREATE,
            moments(self.rng, n, self.begin, self.end),
            np.full(n, self.run.bots[-1]),
            numbers,
            item=keyed(self.run.keys.integration_base, numbers),
            size=_sizes(self.rng, n, *self.run.profile.create_size),
            via=np.full(n, INTEGRATION, dtype=np.int8),
        )

    def build(self) -> Part:
        """The part's events as one set of columns."""
        if not self.columns:
            empty = np.zeros(0, dtype=np.int64)
            self._add(VIEW, empty, empty, empty)
        cols = {k: np.concatenate([c[k] for c in self.columns]) for k in self.columns[0]}
        zero = np.zeros(len(cols["ts"]), dtype=np.uint64)
        return Part(id_hi=zero, id_lo=zero, **cols)


def _repliers(
    rng: np.random.Generator, author: Array, unit: Array, weights: Array, cross: float
) -> Array:
    """For each reply, a pool position drawn by weight, never the author: from the author's
    unit, or with chance `cross` from the others. -1 where there is nobody to draw."""
    order = np.argsort(unit, kind="stable")
    cum = np.cumsum(weights[order])
    sorted_units = unit[order]
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    own = unit[author]
    first = np.searchsorted(sorted_units, own, side="left")
    last = np.searchsorted(sorted_units, own, side="right") - 1
    lo = np.where(first > 0, cum[np.maximum(first - 1, 0)], 0.0)
    hi = cum[last]
    mine = weights[author]
    mine_lo = cum[rank[author]] - mine
    wants_cross = rng.random(len(author)) < cross
    draw = rng.random(len(author))
    # the unit's mass without the author, or everyone's without the unit: skip the gap
    same = lo + draw * (hi - lo - mine)
    same = np.where(same >= mine_lo, same + mine, same)
    other = draw * (cum[-1] - (hi - lo))
    other = np.where(other >= lo, other + (hi - lo), other)
    found = np.searchsorted(cum, np.where(wants_cross, other, same), side="right")
    found = np.minimum(found, len(cum) - 1)
    pos = order[found]
    ok = np.where(
        wants_cross,
        (cum[-1] - (hi - lo) > 0) & (unit[pos] != own),
        (hi - lo - mine > 1e-12 * cum[-1]) & (pos != author) & (unit[pos] == own),
    )
    return np.where(ok, pos, -1)
