"""Relevance first: whether an answer is about the question asked at all.

An answer that uses few of the question's subject words, or far fewer than it uses another
question's, is about something else: its relevance factor falls towards 0 and with it the
score, however well it is phrased, unless it states many of this question's own ideas, which
only an answer about it does, in whatever words.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.engine.claim_index import ClaimIndex

ON_TOPIC_RATIO = 0.7
"""Own domain words at this share of another question's (or more): fully on topic."""
OFF_TOPIC_RATIO = 0.35
"""At or below this share of another question's domain words: off topic, factor 0."""
CLEARLY_ON_TOPIC = 12
"""Distinct domain words from which an answer is taken to be about its question."""
TOO_SHORT_TO_JUDGE = 120
"""Fewer words than this are not judged by their density of the subject's words, only against
another question that fits better: a short weak answer ("hash(key) % servers, each with a
backup") uses plain words, while a content-free template runs long."""
OTHER_EVIDENCE = 3
"""Distinct words of another question a short answer must use to be taken as about it: one
shared word ("abuse") in "admins review abuse reports" proves nothing."""
THIN_DENSITY = 0.15
FULL_DENSITY = 0.35
"""Distinct domain words per square root of the words written: a content-free template uses
many words and few of the subject's (≈0.2), a short weak answer few of both (≈0.5), a
design many of the subject's (≈0.7). Relevance falls to 0 between these two densities."""
FEW_IDEAS = 4
MANY_IDEAS = 8
"""Ideas of the question's own rubric shown: a design pasted from another question shows at
most a few (generic ones such as a cache); one about this question in plain words, with few of
its subject's usual words ("plays of one song counted on one machine"), shows many. From
FEW_IDEAS to MANY_IDEAS the ideas alone make the answer relevant, from 0 to 1."""
FEW_IDEAS_ALONE = 2
MANY_IDEAS_ALONE = 5
"""The same, when no other question fits the answer better: a content-free template shows at
most two of the question's ideas by chance, a weak answer in plain words three to six."""


@dataclass(frozen=True)
class Relevance:
    own: int
    """Distinct domain patterns of the question asked that the answers use."""
    best_other: int
    other_id: str | None
    """The question whose domain the answers match best, when it is not the one asked."""
    factor: float

    @property
    def off_topic(self) -> bool:
        return self.factor < 0.5


def relevance_of(
    index: ClaimIndex,
    *,
    question_id: str,
    domains: Mapping[str, tuple[str, ...]],
    ideas: int,
    ideas_of: Callable[[str], int] | None = None,
) -> Relevance:
    """How much of the answer is about the question asked, from 0 to 1 (see the module):
    from its subject's words, or from the ``ideas`` of its rubric it shows, whichever says
    more. ``ideas_of(question_id)`` counts another question's ideas shown: a question whose
    words fit better but whose ideas do not is a neighbour (a weak key-value store answer
    reads like a cache), not the question answered; one whose ideas fit better too is, and
    the few of this question's ideas a design of it happens to share (a cache, an idempotency
    key) do not make it relevant."""
    own = domain_hits(index, domains.get(question_id, ()))
    # An answer using this many of its own question's words is about it, whatever else it
    # mentions; comparing with every other question is only needed below that.
    others = (
        {}
        if own >= CLEARLY_ON_TOPIC
        else {q: domain_hits(index, p) for q, p in domains.items() if q != question_id}
    )
    other_id = max(others, key=lambda q: (others[q], q)) if others else None
    best = others[other_id] if other_id is not None else 0
    rival = ideas_of(other_id) if best > own and other_id and ideas_of else None
    if rival is not None and rival <= ideas:
        other_id, best, rival = None, 0, None
    words = len(index.text.split())
    if words < TOO_SHORT_TO_JUDGE and (best <= own or best < OTHER_EVIDENCE):
        factor = 1.0  # a short answer earns little anyway; its ideas decide
    elif own == 0:
        factor = 0.0
    else:
        ratio = own / best if best > own else 1.0
        by_ratio = (ratio - OFF_TOPIC_RATIO) / (ON_TOPIC_RATIO - OFF_TOPIC_RATIO)
        density = own / math.sqrt(max(1, words))
        by_density = (density - THIN_DENSITY) / (FULL_DENSITY - THIN_DENSITY)
        factor = max(0.0, min(1.0, by_ratio)) * max(0.0, min(1.0, by_density))
    few, many = (FEW_IDEAS, MANY_IDEAS) if best > own else (FEW_IDEAS_ALONE, MANY_IDEAS_ALONE)
    by_ideas = (ideas - few) / (many - few) if rival is None else 0.0
    factor = max(factor, min(1.0, by_ideas))
    return Relevance(own, best, other_id if best > own else None, factor)


def domain_hits(index: ClaimIndex, patterns: tuple[str, ...]) -> int:
    """How many distinct ``patterns`` appear in the answers."""
    return sum(1 for p in patterns if index.anywhere(p))
