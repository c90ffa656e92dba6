"""The score out of 100: the design's ideas first, interview method second, wrong moves cost.

For one participant, with ``E`` the question's elements (each with a weight) and phases ``p``:

    design    = DESIGN_POINTS × min(1, shown weight ÷ (FULL_AT × total weight), breadth) × depth
                (an element only named, when its rubric gives a hard form, shows its basic weight;
                the outline's ideas count from OUTLINE_FLOOR to 1 as the deep dives show theirs)
    depth     = UNWORKED_SHARE + (1 − UNWORKED_SHARE) × min(1, max(worked estimates ÷
                WORKED_FULL, deep-dive prose words ÷ DEEP_WORDS_FULL))
    breadth   = LISTED_SHARE + (1 − LISTED_SHARE) × min(1, max(worked estimates ÷ WORKED_FULL,
                deep-dive prose words ÷ DEEP_WORDS_FULL, all prose words ÷ WORDS_FULL))
                (ideas named faster than they are explained count up to this share)
    method(p) = METHOD_POINTS × W(p)/100 × shown(p) ÷ items(p)     (rubric.yaml's phase items)
    craft     = 0 below CRAFT_FROM of the total weight shown, 1 from CRAFT_FULL_AT, linear between
    engaged   = ENGAGED_POINTS × Σ W(p)/100 × min(1, words(p) ÷ ENGAGED_WORDS) over the
                phases answered about the question
    raw       = design + on_design × (craft × Σ method(p) + engaged)
    on_design = min(1, shown weight ÷ (METHOD_NEEDS × total weight)), or 1 at full relevance
    score     = round(relevance × raw) − Σ red flags − Σ sense findings,  kept within 0-100
                (a red flag weighs less above FLAG_DOUBT_FROM of the idea weight stated,
                unless said as the choice; the common mistakes, boilerplate among them, cost
                a share too: :mod:`score_final`)
                (from an on-topic floor; above TOP_KNEE a point counts TOP_SLOPE)

The design points are split over the phases by where each shown idea belongs, so a phase's
points are what its ideas and its method earned and the parts add up. Method items count only
in answers about the question's subject (an answer that never names it earns none), and a
phase mostly made of keyword lists is capped. ``relevance`` falls from 1 towards 0 when the
answers are about another question. A question without a rubric of its own is scored on
method and engagement alone (``METHOD_POINTS`` takes the design's share).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.engine.score_depth import (
    DEEP_PHASE,
    DEEP_WORDS_FULL,
    FULL_AT,
    LISTED_SHARE,
    UNWORKED_SHARE,
    WORDS_FULL,
    WORKED_FULL,
    breadth,
    depth,
    worked_through,
)
from bot.engine.score_final import (
    ATTEMPT_FLOOR,
    FINDING_COST,
    FLAG_DOUBT_FROM,
    PRESENCE_POINTS,
    RED_FLAG_COST,
    TOP_KNEE,
    round_half_up,
)

GRADER_VERSION = 11
"""Stored with each score: scores from an earlier grader stay as they were and say so."""
DESIGN_POINTS = 55
METHOD_POINTS = 30
ENGAGED_POINTS = 15
"""For each phase answered about the question at all, in proportion to the phase's weight."""
ENGAGED_WORDS = 20
"""Words from which a phase's answer earns all its engagement points."""
ENGAGED_FLOOR = 0.5
"""The share a phase answered in a word or two still earns (see :func:`engagement`)."""
METHOD_FULL_AT = 0.6
"""Share of a phase's method items that earns all its method points."""
LIST_SHARE = 0.5
"""From this share of words in keyword lists, a phase's method points are capped."""
LIST_CAP = 0.25
"""The cap, as a share of the phase's method points."""
CRAFT_FROM = 0.2
CRAFT_FULL_AT = 0.5
"""Share of the question's idea weight shown from which method points start, and from which
they count in full: naming a load balancer, a cache, sharding and "trade-offs" is the shape of
an interview, and interviewers credit it only as far as it carries this question's design."""
METHOD_NEEDS = 0.05
"""Share of the question's idea weight from which method and engagement count in full, for
answers not plainly about the question; below it they count in proportion: a text that
states none of the question's ideas ("one option is A, another is B...") is no interview
answer; one idea in twenty is enough to count it all."""

SCORE_FORMULA = (
    f"Score = up to {DESIGN_POINTS} for the ideas a strong answer to this question contains "
    "(an idea only named, without the decision that makes it work, earns part of its weight; "
    f"full marks at {FULL_AT:.0%} of them, by weight, with the design worked out in "
    f"{WORKED_FULL} estimates from numbers or {DEEP_WORDS_FULL} words of deep dives; with "
    f"neither, the ideas earn {UNWORKED_SHARE:.0%}; ideas named faster than they are explained "
    f"count up to {LISTED_SHARE:.0%} of the full marks, all of them from {WORDS_FULL} words in "
    f"all) + up to {METHOD_POINTS} for interview "
    "method phase by phase (scope, numbers, options, trade-offs), in full once you state "
    f"{CRAFT_FULL_AT:.0%} of the ideas, none below {CRAFT_FROM:.0%} + up to {ENGAGED_POINTS} for "
    "answering each phase, both counted only where you talk about this question's subject; "
    "the outline's ideas count in full once the deep dives show some of theirs; times "
    "relevance (an answer to another question scores near 0); minus "
    f"{RED_FLAG_COST['major']:.0%} per red flag ({RED_FLAG_COST['minor']:.0%} if minor; less "
    f"once you state over {FLAG_DOUBT_FROM:.0%} of the ideas, unless said as your choice) and "
    "a share per common mistake (no failure handling, a single option, words that fit any "
    "system), "
    f"then {FINDING_COST} per thing that does not add up. Keyword lists count for nothing. It "
    f"reads words, not diagrams: a careful heuristic, not a hiring verdict. An answer about the "
    f"question starts from {ATTEMPT_FLOOR}, one that goes through every phase, whatever it "
    f"says, gets at least {PRESENCE_POINTS}; above {TOP_KNEE} a point counts half."
)


@dataclass(frozen=True)
class PhaseScore:
    phase_id: str
    weight: int
    """The most this phase can earn (its method points plus its ideas' design points)."""
    shown: int
    items: int
    points: int
    capped: bool
    """True when the keyword-list cap lowered the method points."""
    list_share: float = 0.0
    """Share of the person's words in this phase that sat in keyword lists."""
    ideas_shown: int = 0
    ideas: int = 0

    @property
    def listy(self) -> bool:
        """Mostly a keyword list: the cap applies."""
        return self.list_share >= LIST_SHARE


@dataclass(frozen=True)
class PhaseTally:
    """What one phase showed, before points."""

    phase_id: str
    shown: int
    items: int
    list_share: float
    idea_weight_shown: float
    """Shown ideas' weight: in full when stated in their hard form, a share when only named."""
    idea_weight: int
    ideas_shown: int
    ideas: int
    engaged: float = 0.0
    """How fully the person answered in this phase, from 0 to 1 (see :func:`engagement`)."""
    words: int = 0
    prose_words: int = 0
    """Words written in this phase, and those of them outside keyword lists."""


def engagement(*, stated: bool, words: int) -> float:
    """The share of a phase's engagement points its answer earns: none when it states nothing,
    from :data:`ENGAGED_FLOOR` for a word or two up to all of them from :data:`ENGAGED_WORDS`
    words. "upload videos, watch videos" answers the phase in name only."""
    return ENGAGED_FLOOR + (1 - ENGAGED_FLOOR) * min(1.0, words / ENGAGED_WORDS) if stated else 0.0


def apportion(values: Mapping[str, float], total: int) -> dict[str, int]:
    """Whole numbers, one per key, near ``values`` and adding up to exactly ``total``
    (largest remainders; ties go to the earlier key)."""
    keys = list(values)
    out = {k: math.floor(values[k]) for k in keys}
    left = total - sum(out.values())
    ranked = sorted(keys, key=lambda k: (out[k] - values[k], keys.index(k)))
    for k in ranked[: max(0, left)]:
        out[k] += 1
    return out


def phase_weights(weights: Mapping[str, int], phase_ids: Sequence[str]) -> dict[str, int]:
    """Each phase's weight, rescaled so the format's phases total exactly 100.

    Phases without a weight get 0; if none has one, the phases share 100 equally.
    """
    raw = {p: max(0, weights.get(p, 0)) for p in phase_ids}
    total = sum(raw.values())
    if not phase_ids:
        return {}
    if total == 0:
        raw, total = {p: 1 for p in phase_ids}, len(phase_ids)
    return apportion({p: 100 * w / total for p, w in raw.items()}, 100)


def craft(coverage: float) -> float:
    """The share of its method points an answer earns, by the share of the question's idea
    weight it shows (see :data:`CRAFT_FROM`)."""
    return max(0.0, min(1.0, (coverage - CRAFT_FROM) / (CRAFT_FULL_AT - CRAFT_FROM)))


def phase_scores(
    tallies: Sequence[PhaseTally],
    *,
    weights: Mapping[str, int],
    has_ideas: bool,
    worked: int = WORKED_FULL,
    on_subject: bool = False,
) -> tuple[PhaseScore, ...]:
    """Points per phase, as described in the module docstring; they add up to the raw score.
    ``on_subject``: the answers are plainly about the question (full relevance), so method
    counts even with none of its ideas: a thin, naive answer is still an answer."""
    method_total = METHOD_POINTS if has_ideas else 100 - ENGAGED_POINTS
    design_total = DESIGN_POINTS if has_ideas else 0
    tallies = worked_through(tallies)
    all_ideas = sum(t.idea_weight for t in tallies)
    reach = FULL_AT * all_ideas
    shown_weight = sum(t.idea_weight_shown for t in tallies)
    on_design = (
        min(1.0, shown_weight / (METHOD_NEEDS * all_ideas))
        if has_ideas and all_ideas and not on_subject
        else 1.0
    )
    deep_words = sum(t.prose_words for t in tallies if t.phase_id == DEEP_PHASE)
    named, cap = breadth(tallies, worked)
    design_scale = (
        min(named, cap) / shown_weight * depth(worked, deep_words)
        if shown_weight and reach
        else 0.0
    )
    crafted = craft(shown_weight / all_ideas) if has_ideas and all_ideas else 1.0
    earned: dict[str, float] = {}
    best: dict[str, float] = {}
    capped: dict[str, bool] = {}
    for t in tallies:
        method_max = method_total * weights.get(t.phase_id, 0) / 100
        method = method_max * min(1.0, t.shown / (t.items * METHOD_FULL_AT)) if t.items else 0.0
        capped[t.phase_id] = t.list_share >= LIST_SHARE and method > method_max * LIST_CAP
        if capped[t.phase_id]:
            method = method_max * LIST_CAP
        design = design_total * t.idea_weight_shown * design_scale
        engaged_max = ENGAGED_POINTS * weights.get(t.phase_id, 0) / 100
        earned[t.phase_id] = on_design * (crafted * method + engaged_max * t.engaged) + design
        ideas_max = design_total * t.idea_weight / all_ideas if all_ideas else 0.0
        best[t.phase_id] = method_max + ideas_max + engaged_max
    points = apportion(earned, round_half_up(sum(earned.values())))
    maxima = apportion(best, round_half_up(sum(best.values())))
    return tuple(
        PhaseScore(
            t.phase_id,
            maxima[t.phase_id],
            t.shown,
            t.items,
            points[t.phase_id],
            capped[t.phase_id],
            t.list_share,
            t.ideas_shown,
            t.ideas,
        )
        for t in tallies
    )


def idea_coverage(tallies: Sequence[PhaseTally]) -> float:
    """Share of the question's idea weight the answers state (hard forms in full)."""
    total_weight = sum(t.idea_weight for t in tallies)
    return sum(t.idea_weight_shown for t in tallies) / total_weight if total_weight else 0.0


def prose_share(tallies: Sequence[PhaseTally]) -> float:
    """The share of the person's words written outside keyword lists."""
    words = sum(t.words for t in tallies)
    return sum(t.prose_words for t in tallies) / words if words else 1.0


def total(scores: Sequence[PhaseScore]) -> int:
    return sum(s.points for s in scores)
