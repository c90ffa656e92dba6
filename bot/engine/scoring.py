"""The score out of 100: rubric coverage per phase, weighted, and nothing cleverer.

For each phase ``p`` of the format, with ``W(p)`` its weight from ``rubric.yaml``:

    points(p) = round(W(p) × shown(p) / items(p))        rounded half up
    points(p) = min(points(p), round(W(p) × LIST_CAP))   when list_share(p) >= LIST_SHARE
    score     = Σ points(p)

``shown(p)`` counts the phase's rubric items that the participant's own answers in that phase
show in a substantive unit (see :mod:`bot.engine.evidence`), not negated (see
:mod:`bot.engine.words`). ``list_share(p)`` is the share of their words in that phase that sit
in keyword lists. The weights add up to 100; a format that leaves phases out has the remaining
weights rescaled to 100. Mistakes cost nothing extra: they are reported, and most already
cost coverage (a skipped phase scores 0, no numbers misses the scale item).

The score is meant to be explained to the person in one line per phase, so it stays a sum of
visible parts; it measures coverage of the rubric, not the quality of the design.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

LIST_SHARE = 0.5
"""From this share of words in keyword lists, a phase's points are capped."""
LIST_CAP = 0.25
"""The cap, as a share of the phase's weight."""

SCORE_FORMULA = (
    "Score = sum over phases of round(W × shown ÷ items), W = the phase's weight in "
    "rubric.yaml (weights total 100). An item is shown when one of its phrases appears, not "
    "negated, in a real sentence, estimate or endpoint of your own answers in that phase; "
    "keyword lists count for nothing, and a phase where half your words are keyword lists "
    f"is capped at {LIST_CAP:.0%} of W. Mistakes cost nothing extra. It is a heuristic of "
    "rubric coverage, not a verdict on the design."
)


@dataclass(frozen=True)
class PhaseScore:
    phase_id: str
    weight: int
    shown: int
    items: int
    points: int
    capped: bool
    """True when the keyword-list cap lowered the points."""
    list_share: float = 0.0
    """Share of the person's words in this phase that sat in keyword lists."""

    @property
    def listy(self) -> bool:
        """Mostly a keyword list: the cap applies."""
        return self.list_share >= LIST_SHARE


def round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def phase_weights(weights: Mapping[str, int], phase_ids: Sequence[str]) -> dict[str, int]:
    """Each phase's weight, rescaled so the format's phases total exactly 100.

    Uses largest remainders so the parts always add up to 100. Phases without a weight
    get 0; if none has one, the phases share 100 equally.
    """
    raw = {p: max(0, weights.get(p, 0)) for p in phase_ids}
    total = sum(raw.values())
    if not phase_ids:
        return {}
    if total == 0:
        raw, total = {p: 1 for p in phase_ids}, len(phase_ids)
    exact = {p: 100 * w / total for p, w in raw.items()}
    out = {p: math.floor(v) for p, v in exact.items()}
    left = 100 - sum(out.values())
    by_remainder = sorted(phase_ids, key=lambda p: (out[p] - exact[p], phase_ids.index(p)))
    for p in by_remainder[:left]:
        out[p] += 1
    return out


def score_phase(
    phase_id: str, *, weight: int, shown: int, items: int, list_share: float
) -> PhaseScore:
    """Points for one phase, as described in the module docstring."""
    points = round_half_up(weight * shown / items) if items else 0
    capped = False
    if list_share >= LIST_SHARE:
        cap = round_half_up(weight * LIST_CAP)
        capped = points > cap
        points = min(points, cap)
    return PhaseScore(phase_id, weight, shown, items, points, capped, list_share)


def total(scores: Sequence[PhaseScore]) -> int:
    return sum(s.points for s in scores)
