"""Claims that later usage contradicts: an owner's word against what people did since."""

from __future__ import annotations

from collections.abc import Sequence

from wi3.diagnosis._types import (
    ActivityReading,
    CategoryResult,
    ClaimConflict,
    Reading,
    phase_of_level,
)
from wi3.model import PHASES, Model

FADING = ("declining", "dormant", "stopped")
"""Activity states that contradict a claim of facilitating or strategic."""


def claim_conflicts(
    model: Model, categories: Sequence[CategoryResult], activity: ActivityReading | None
) -> tuple[ClaimConflict, ...]:
    """The owner's claims that the usage evidence contradicts.

    - The assessment as a whole: its anchored answers average to facilitating or strategic
      while the initiative is declining, dormant or stopped.
    - Reach: an owner's answer in a group of the facilitating gate (reach beyond the pioneers)
      claims facilitating or more, while a usage reading of the same group, measured after the
      claim, is at pioneering.

    Stale claims are compared too: an old claim that usage contradicts is exactly what a reader
    must see. Undated claims are compared with the activity state only.
    """
    readings = [r for c in categories for r in c.readings]
    anchored = {a.id for a in model.assessment}
    claims = [r for r in readings if r.indicator in anchored and r.level is not None]
    found: list[ClaimConflict] = []
    if activity is not None and activity.state in FADING and claims:
        mean = sum(r.level or 0 for r in claims) / len(claims)
        claimed = phase_of_level(mean)
        if claimed != PHASES[0]:
            found.append(
                ClaimConflict(
                    claim="owner",
                    claimed=claimed,
                    dated=max((r.dated for r in claims if r.dated), default=None),
                    contradiction=activity.state,
                    value=None if activity.since is None else activity.since.isoformat(),
                    categories=tuple(
                        dict.fromkeys(r.category for r in claims if (r.level or 0) >= 2)
                    ),
                )
            )
    for group in model.gates.facilitating.groups:
        members = [r for r in readings if r.indicator in group.indicators]
        owners = [r for r in members if r.evidence == "owner" and (r.level or 0) >= 2]
        usage = [r for r in members if r.evidence == "usage" and r.counts and r.level == 1]
        for claim in owners:
            for later in usage:
                if _after(later, claim):
                    found.append(
                        ClaimConflict(
                            claim=claim.indicator,
                            claimed=PHASES[(claim.level or 1) - 1],
                            dated=claim.dated,
                            contradiction=later.indicator,
                            value=later.value,
                            categories=(claim.category,),
                        )
                    )
    return tuple(found)


def _after(later: Reading, claim: Reading) -> bool:
    return later.dated is not None and claim.dated is not None and later.dated > claim.dated
