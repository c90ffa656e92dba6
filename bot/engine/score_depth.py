"""How far the answers work the design through, and so how much of its ideas' points they
earn: depth (estimates, deep-dive prose), the breadth cap (ideas named faster than they are
explained) and the outline's share (boxes before the deep dives). The formula they feed is in
:mod:`bot.engine.scoring`."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.engine.scoring import PhaseTally

FULL_AT = 0.85
"""Share of the question's element weight that earns all the design points: a strong answer
in 43 minutes does not say everything a rubric lists."""
WORKED_FULL = 6
"""Worked estimates (numbers that drive choices) for the design points to count in full."""
DEEP_WORDS_FULL = 300
"""Words of prose in the deep dives for the design points to count in full: a deep dive is
worked through in numbers or at length; a line per topic names the pieces and hand-waves
the hard part, which interviewers score as a shallow design however right the pieces."""
UNWORKED_SHARE = 0.55
"""Share of the design points kept by an answer that does neither (see :func:`depth`)."""
LISTED_SHARE = 0.4
"""Share of the design points (before depth) an answer can reach by naming ideas without
working any of them through: a strong answer that names twenty ideas explains them; one
that names them all in a line each is an outline, and interviewers score it mediocre however
many it names (see :func:`breadth_cap`)."""
WORDS_FULL = 600
"""Prose words over the whole interview from which the ideas named can all count."""
DEEP_PHASE = "deep_dives"
OUTLINE_FLOOR = 0.5
OUTLINE_FULL_AT = 0.5
"""The outline's ideas (every phase before the deep dives) earn OUTLINE_FLOOR of their weight
when the deep dives show none of theirs, all of it from OUTLINE_FULL_AT of the deep dives'
idea weight: boxes anyone can draw; interviewers score the design by whether one is worked
through."""


def depth(worked: int, deep_words: int = 0) -> float:
    """How much of the design points the ideas earn: all of them when the design is worked
    out, in estimates that drive choices or at length in the deep dives (``deep_words`` of
    prose), whichever shows more; :data:`UNWORKED_SHARE` when neither."""
    return UNWORKED_SHARE + (1 - UNWORKED_SHARE) * _worked_share(worked, deep_words)


def breadth_cap(worked: int, deep_words: int, words: int) -> float:
    """The most of the ideas' points (as a share of :data:`FULL_AT`) an answer earns, by how
    far it works them through: :data:`LISTED_SHARE` with no estimate and no prose, all from
    :data:`WORKED_FULL` estimates, :data:`DEEP_WORDS_FULL` deep-dive words or
    :data:`WORDS_FULL` words in all. Unlike :func:`depth`, it only binds an answer that
    names more ideas than it explains."""
    return LISTED_SHARE + (1 - LISTED_SHARE) * _worked_share(worked, deep_words, words)


def _worked_share(worked: int, deep_words: int, words: int = 0) -> float:
    """How far the design is worked out, from 0 to 1: by estimates, deep-dive prose or (for
    the breadth cap) words in all, whichever shows more."""
    return min(1.0, max(worked / WORKED_FULL, deep_words / DEEP_WORDS_FULL, words / WORDS_FULL))


def outlined(tallies: Sequence[PhaseTally], worked: int) -> bool:
    """True when the answers name more of the question's ideas than they work through, so
    :func:`breadth_cap` holds their design points back (the retrospective says so)."""
    named, cap = breadth(worked_through(tallies), worked)
    return named > cap


def breadth(tallies: Sequence[PhaseTally], worked: int) -> tuple[float, float]:
    """(share of :data:`FULL_AT` of the idea weight the answers show, at most 1; the
    :func:`breadth_cap` their estimates and words allow)."""
    reach = FULL_AT * sum(t.idea_weight for t in tallies)
    shown = sum(t.idea_weight_shown for t in tallies)
    deep_words = sum(t.prose_words for t in tallies if t.phase_id == DEEP_PHASE)
    words = sum(t.prose_words for t in tallies)
    return (min(1.0, shown / reach) if reach else 0.0), breadth_cap(worked, deep_words, words)


def worked_through(tallies: Sequence[PhaseTally]) -> Sequence[PhaseTally]:
    """The tallies with the outline's shown idea weight scaled by how much of the deep dives'
    ideas the answers show (see :data:`OUTLINE_FLOOR`); unchanged without deep-dive ideas."""
    deep = [t for t in tallies if t.phase_id == DEEP_PHASE and t.idea_weight]
    if not deep:
        return tallies
    share = deep[0].idea_weight_shown / deep[0].idea_weight
    kept = OUTLINE_FLOOR + (1 - OUTLINE_FLOOR) * min(1.0, share / OUTLINE_FULL_AT)
    return [
        t
        if t.phase_id == DEEP_PHASE
        else dataclasses.replace(t, idea_weight_shown=t.idea_weight_shown * kept)
        for t in tallies
    ]
