"""One month's events of one initiative, drawn in parts of bounded size.

Per month: who is active comes from the run (`_usage`); here each active person gets a number
of reads and reactions, and each active contributor a number of threads and edits, with the
contributors ranked by engagement and weighted r^-e (the exponent solved so that the top-k
share of contributions meets the phase's target, and steered by what the last three months
showed). `PartBuilder` turns these numbers into events.

When a month holds more events than `chunk_rows`, everyone's reads, reactions, threads and edits
are dealt evenly over shards and each shard becomes one part, so memory stays bounded whatever
the scale (even one very busy person is spread over the parts). Replies and acceptances that
fall after the month's end are held back and written with the month they fall in (and dropped
after the last month, as an export cut at a date would).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

from wi3.simulate._builder import PartBuilder
from wi3.simulate._columns import Part
from wi3.simulate._ids import Array, event_ids, key64, mix64
from wi3.simulate._phases import PHASES, TARGETS, inequality

MIGRATED_MONTHS = 24
"""An initiative that starts being facilitated gets the content of an earlier tool migrated: as
many items as this many months of its new activity make, dated in the two years before its
launch (MODEL.md tip T5, 'existing content migrated')."""

if TYPE_CHECKING:
    from wi3.simulate._usage import MonthModel, UsageRun


def fresh_edits(freshness: float, stock: float, threads: float) -> float:
    """Edits a month of older items that make `freshness` of all items fresh in a quarter.

    New items count as fresh (created in the quarter), so older ones make up the rest: of
    `stock` older items and about three months of `threads` new ones, the share p of the older
    ones edited within a quarter solves fresh · (stock + new) = new + p · stock.
    """
    if stock <= 0:
        return 0.0
    new = 3 * threads
    share = min(0.95, max(0.0, (freshness * (stock + new) - new) / stock))
    return stock * -math.log(1 - share) / 3


def _portion(counts: Array, shard: int, shards: int) -> Array:
    """Shard `shard`'s part of each count, when every count is dealt evenly over `shards`."""
    part: Array = counts * (shard + 1) // shards - counts * shard // shards
    return part


class MonthEvents:
    """Draws the events of the months of one run, keeping what crosses into the next month."""

    def __init__(self, run: UsageRun, scale: float, chunk_rows: int) -> None:
        self.run = run
        self.scale = scale
        self.chunk_rows = chunk_rows
        self.stock = 0
        self.replies = 0
        self.integrations = 0
        self.pending: list[Part] = []
        """Events drawn for a later month (replies after the month's end), oldest first."""
        self.recent = np.zeros((3, len(run.people)), dtype=np.int64)
        """Contributions per person in scope in the last three months (oldest first)."""
        self.correction = 0.0
        """Added to the solved inequality exponent, from what the last three months showed."""
        self.steered = ""
        """The phase the correction was learnt in."""
        self.launched = run.window.micros(run.usage.launch)[0]
        """When the initiative went live (microseconds): migrated content is older."""
        n = len(run.keys.containers)
        self.container_cum = np.cumsum(1.0 / np.arange(1, n + 1))
        self.container_base = key64(run.seed, run.usage.slug, "containers")

    def container_of(self, items: Array) -> Array:
        """The container of each item number: fixed per item, the first containers busiest."""
        draw = mix64(items.astype(np.uint64) + np.uint64(self.container_base)) >> np.uint64(11)
        r = draw.astype(np.float64) / 2.0**53 * self.container_cum[-1]
        found: Array = np.searchsorted(self.container_cum, r, side="right").astype(np.int16)
        return found

    def parts(
        self, t: int, m: MonthModel | None, rng: np.random.Generator, active: Array, new: Array
    ) -> Iterator[Part]:
        """The parts of month t: held-back events first, then the month's own shards."""
        begin, end = self.run.window.micros(t)
        base = (
            key64("simulator", self.run.seed, self.run.usage.slug, t, "hi"),
            key64("simulator", self.run.seed, self.run.usage.slug, t, "lo"),
        )
        due: list[Part] = []
        archived = self.run.usage.archived
        if archived is not None and t >= archived:
            self.pending = []  # an archived channel takes no more posts, late replies neither
        if self.pending:
            held = Part.join(self.pending)
            now = held.ts < end
            due.append(held.take(np.flatnonzero(now)))
            self.pending = [held.take(np.flatnonzero(~now))]
        counter = 0
        if m is not None:
            for part in self._shards(m, rng, active, new, begin, end):
                part.id_hi, part.id_lo = event_ids(base, np.arange(counter, counter + len(part)))
                counter += len(part)
                late = part.ts >= end
                if late.any():
                    self.pending.append(part.take(np.flatnonzero(late)))
                    part = part.take(np.flatnonzero(~late))
                due.append(part)
                joined = Part.join(due)
                due = []
                if len(joined):
                    yield joined
        if due and sum(len(p) for p in due):
            yield Part.join(due)

    def _shards(
        self,
        m: MonthModel,
        rng: np.random.Generator,
        active: Array,
        new: Array,
        begin: int,
        end: int,
    ) -> Iterator[Part]:
        run, profile, tg, s = self.run, self.run.profile, m.targets, self.scale
        act = np.flatnonzero(active)
        mult = run.engagement[act] * np.where(m.contributor[act], 3.0, 1.0)
        views = 1 + rng.poisson(s * profile.views * mult)
        reacts = rng.poisson(s * profile.reacts * mult)
        pool = act[m.contributor[act]]
        pool = pool[np.argsort(run.u[pool], kind="stable")]
        n_pool = len(pool)
        stock = self.stock
        threads_expected = (tg.floor + s * profile.creates * tg.posting) * n_pool
        # a fading initiative's content is kept up less, as its people come less
        edits_expected = (
            m.level * fresh_edits(tg.freshness, stock, threads_expected) if n_pool else 0.0
        )
        variable = (
            s * profile.creates * tg.posting * n_pool
            + threads_expected * tg.answered * (1 + tg.reply_extra * profile.replies)
            + edits_expected
        )
        exponent = sum(
            share * inequality(n_pool, TARGETS[p].top_k, TARGETS[p].top_share, TARGETS[p].floor,
                               variable)
            for p, share in zip(PHASES, m.weights, strict=True) if share > 0
        )  # fmt: skip
        exponent = max(0.0, exponent + self.correction)
        weights = np.arange(1, n_pool + 1, dtype=np.float64) ** -exponent
        weights /= max(weights.sum(), 1e-300)
        creates = (rng.random(n_pool) < tg.floor).astype(np.int64) + rng.poisson(
            s * profile.creates * tg.posting * n_pool * weights
        )
        edits = (
            rng.multinomial(rng.poisson(edits_expected), weights)
            if n_pool
            else np.zeros(n_pool, dtype=np.int64)
        )
        replies_per = tg.answered * (1 + tg.reply_extra * profile.replies) * 1.5
        estimate = views.sum() + reacts.sum() + creates.sum() * (1 + replies_per) + edits.sum()
        estimate /= 1 - tg.integration
        shards = max(1, math.ceil(float(estimate) / self.chunk_rows))
        writers = np.arange(n_pool)
        counts = np.zeros(len(run.people), dtype=np.int64)
        bot_posts = rng.poisson(tg.bot_posts) if len(run.bots) and tg.bot_posts > 0 else 0
        threads_so_far = 0
        for shard in range(shards):
            part = PartBuilder(self, m, rng, (begin, end), pool, weights, stock + threads_so_far)
            if m.t < 0:  # an established initiative's history: its items only
                part.threads(writers, _portion(creates, shard, shards), 0)
                threads_so_far += part.thread_count
                yield part.build()
                continue
            part.threads(writers, _portion(creates, shard, shards), bot_posts if shard == 0 else 0)
            if m.migrate and shard == 0:
                part.migration(round(MIGRATED_MONTHS * threads_expected), self.launched)
            part.replies()
            part.edits(writers, _portion(edits, shard, shards), stock)
            part.reactions(act, _portion(reacts, shard, shards))
            part.views(act, _portion(views, shard, shards), stock)
            if run.profile.joins and shard == 0:
                part.joins(act[new[act]])
            part.integrations()
            threads_so_far += part.thread_count + part.migrated
            self.replies += part.reply_count
            counts += part.contributions
            yield part.build()
        self.stock = stock + threads_so_far
        self._steer(m, counts)

    def _steer(self, m: MonthModel, counts: Array) -> None:
        """Correct the exponent by how far the last three months' top-k share is off target.

        The solved exponent assumes every contributor can answer every thread; replies that
        mostly stay within units, and the month-to-month turnover of contributors, flatten the
        quarter's figure. A small feedback on the measured share takes both into account.
        """
        self.recent = np.roll(self.recent, -1, axis=0)
        self.recent[-1] = counts
        total = self.recent.sum(axis=0)
        total = np.sort(total[total > 0])[::-1]
        phase = PHASES[int(np.argmax(m.weights))]
        if phase != self.steered:  # another phase, another target: start afresh
            self.steered, self.correction = phase, 0.0
        target = TARGETS[phase]
        if len(total) <= target.top_k or m.t < 0:
            return
        share = total[: target.top_k].sum() / total.sum()
        self.correction = min(2.5, max(-1.5, self.correction + 2.0 * (target.top_share - share)))
