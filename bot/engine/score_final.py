"""From the phases' points to the score: what wrong moves and mistakes take, where an
attempt starts, and how the top of the scale bends. Kept apart from :mod:`scoring` (what the
phases earn) so each reads in one sitting."""

from __future__ import annotations

import math
from collections.abc import Sequence

RED_FLAG_COST = {"major": 0.3, "minor": 0.15}
"""Share of the raw points a red flag takes: a wrong move weighs on everything around it."""
FLAG_DOUBT_FROM = 0.75
"""Share of the question's idea weight stated from which a red flag costs less (see
:func:`flag_weight`)."""
LOSS_MAX = 0.6
"""Red flags and mistakes together take at most this share."""
ATTEMPT_FLOOR = 11
"""Where an on-topic attempt starts: interviewers give a few right lines 20-30, not 5. A
keyword list is no attempt: below PROSE_FULL of the words written outside keyword lists, the
floor counts in proportion."""
PROSE_FULL = 0.5
TOP_KNEE = 85
TOP_SLOPE = 0.5
"""Above the knee a point of the formula counts half: interviewers give a strong answer that
states nearly every idea 84-91 and keep the nineties for the rare complete one."""
PRESENCE_POINTS = 4
"""What an answer that goes through every phase earns at least, whatever it says: interviewers
give a content-free or off-topic interview 2-8, not 0 (in proportion to the phases answered,
see :func:`final_score`)."""
FINDING_COST = 4
FINDINGS_COUNTED = 3
"""Sense findings beyond this many cost nothing more (they are still shown)."""


def final_score(
    raw: int,
    *,
    relevance: float,
    red_flags: Sequence[str],
    findings: int,
    mistakes: Sequence[float] = (),
    coverage: float = 0.0,
    decided: Sequence[bool] = (),
    prose: float = 1.0,
    answered: float = 0.0,
) -> tuple[int, int]:
    """(score, points taken off). Red flags (by severity, weighed by :func:`flag_weight` of
    the ``coverage`` unless ``decided``: said as the design chosen, at the same position, or
    unless there are two or more: wrong moves that corroborate each other are no option
    weighed) and the common mistakes (by their cost) each take a share of the raw points,
    together at most :data:`LOSS_MAX`; then each sense finding costs :data:`FINDING_COST`
    points. ``prose``: the share of the words written outside keyword lists (see
    :data:`ATTEMPT_FLOOR`);
    ``answered``: how fully the phases were answered, from 0 to 1 (see
    :data:`PRESENCE_POINTS`)."""
    doubt = flag_weight(coverage) if len(red_flags) < 2 else 1.0
    flags = [
        (1.0 if i < len(decided) and decided[i] else doubt)
        * RED_FLAG_COST.get(s, RED_FLAG_COST["major"])
        for i, s in enumerate(red_flags)
    ]
    shares = flags + list(mistakes)
    kept = relevance * raw * (1 - min(LOSS_MAX, sum(shares)))
    if relevance >= 0.5 and raw > 0:
        floor = ATTEMPT_FLOOR * min(1.0, prose / PROSE_FULL)
        kept = floor + (100 - floor) * kept / 100
    score = round_half_up(tempered(kept)) - FINDING_COST * min(findings, FINDINGS_COUNTED)
    score = max(round_half_up(PRESENCE_POINTS * answered), min(100, score))
    return score, max(0, round_half_up(tempered(relevance * raw)) - score)


def flag_weight(coverage: float) -> float:
    """How much a red flag costs, from 1 down to 0 as the answers state from
    :data:`FLAG_DOUBT_FROM` to all of the question's idea weight (``coverage``): a sentence
    that reads as a wrong move in an answer that states nearly every right decision is more
    often an option weighed than the design."""
    if coverage <= FLAG_DOUBT_FROM:
        return 1.0
    return max(0.0, (1.0 - coverage) / (1.0 - FLAG_DOUBT_FROM))


def tempered(points: float) -> float:
    """``points`` with those above :data:`TOP_KNEE` counted at :data:`TOP_SLOPE`."""
    return points if points <= TOP_KNEE else TOP_KNEE + TOP_SLOPE * (points - TOP_KNEE)


def round_half_up(value: float) -> int:
    return math.floor(value + 0.5)
