"""A core idea of the question named only to be turned down as not worth its cost.

"Consistent hashing adds a ring and lookups for a benefit we rarely need", "bucketing by
server time avoids all the complexity of watermarks": the fluent but wrong candidate knows
the idea and argues it away, which an interviewer hears as a wrong call on exactly what the
question tests. Any question's rubric already says which ideas a strong answer must have
(weight 3), so this needs no list of wrong moves per question: the words that turn an idea
down (``turn_downs`` in ``rubric.yaml``) next to a core idea the answer never states.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence

from bot.content.model import Element, RedFlag
from bot.engine.claim_index import ClaimIndex
from bot.engine.reading import Claim

CORE_WEIGHT = 3
"""Ideas of this weight are the ones a strong answer must have (see prompts/README.md)."""


def turned_down(
    elements: Sequence[Element],
    index: ClaimIndex,
    about: Collection[int],
    *,
    stated: Collection[str],
    turn_downs: Sequence[str],
) -> Iterator[tuple[RedFlag, Claim]]:
    """Each core idea not ``stated`` (by id) that a claim of the positions ``about`` names
    with one of ``turn_downs``, as a minor wrong move quoting that claim."""
    if not turn_downs:
        return
    for element in elements:
        if element.weight < CORE_WEIGHT or element.id in stated:
            continue
        claim = _turning_down(element, index, about, turn_downs)
        if claim is not None:
            yield _as_flag(element), claim


def _turning_down(
    element: Element, index: ClaimIndex, about: Collection[int], turn_downs: Sequence[str]
) -> Claim | None:
    groups = [*element.match, *(element.hard.match if element.hard else ())]
    for i in sorted(set().union(*(index.maybe_all(g) for g in groups))):
        if i not in about or not index.claims[i].states:
            continue
        if index.mentions_any(i, turn_downs) and any(index.group_holds(i, g) for g in groups):
            return index.claims[i]
    return None


def _as_flag(element: Element) -> RedFlag:
    return RedFlag(
        id=f"turned_down:{element.id}",
        label="Turned down what this question needs",
        match=(),
        why=(
            f"{element.label} is one of the ideas a strong answer to this question has; "
            "its cost is the price of the problem, not a reason to skip it."
        ),
        instead=element.tip or f"Keep it ({element.label.lower()}) and say what its cost buys.",
        severity="minor",
    )
