"""Which question a team's next drill gets: no repeats until the bank is used up.

The history is derived, not stored: the question ids of the team's interviews with source
``"drill"``, oldest first. Each question's count in that history is how many rounds it has
been part of; the next question is one with the lowest count, so the team sees every
question once before any comes back, then every question twice, and so on. Within a round
the pick is deterministic for a given seed (a retried fire picks the same question).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence

from bot.content.model import Content
from bot.engine.playbook import QuestionNotFound
from bot.interviews.questions import matching


def next_question(
    content: Content,
    *,
    history: Sequence[str],
    topic: str | None,
    seed: int,
    exclude: str | None = None,
) -> str:
    """A question id from the topic's questions (all questions when the topic no longer
    matches any) that the team has had the fewest times; never ``exclude`` (a reroll) and,
    when there is a choice, not the question of the team's last drill.

    Raises QuestionNotFound only when the bank is empty.
    """
    pool = [q.id for q in matching(content, topic)] or sorted(content.questions)
    if exclude is not None and len(pool) > 1:
        pool = [q for q in pool if q != exclude]
    if not pool:
        raise QuestionNotFound(topic or "")
    counts = Counter(q for q in history if q in pool)
    fewest = min(counts.get(q, 0) for q in pool)
    candidates = [q for q in pool if counts.get(q, 0) == fewest]
    if history and len(candidates) > 1:
        candidates = [q for q in candidates if q != history[-1]] or candidates
    return random.Random(seed).choice(sorted(candidates))


def drill_seed(schedule_id: int, occurrence: float) -> int:
    """A seed fixed by the occurrence, so a fire retried after a crash picks the same."""
    return (schedule_id * 1_000_003 + int(occurrence)) % (1 << 30)
