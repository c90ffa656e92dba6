"""Which units of an answer may name a phrase, found with one search per phrase.

Coverage asks, for every rubric item, which sentence first uses one of its phrases, and most
sentences use none. Searching each sentence for each item's phrases tries the combined
expression at every position of every sentence. Here each phrase's expression (without its
word boundaries, as :func:`bot.engine.words.any_pattern` has it) is searched once in all the
units joined by a separator no phrase can match (a NUL), so each match lies inside one unit:
a unit is listed for a phrase exactly when the combined search of that unit would find the
phrase. Whether the unit really uses it is then checked on the unit alone, as before.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence

from bot.engine.evidence import Unit
from bot.engine.words import body_pattern, normalize

_SEPARATOR = "\x00"


def naming(pieces: Sequence[Unit], phrases: Iterable[str]) -> dict[str, frozenset[int]]:
    """For each of ``phrases``, the positions of the ``pieces`` that may use it."""
    texts = [normalize(u.text) for u in pieces]
    out: dict[str, frozenset[int]] = {}
    if any(_SEPARATOR in t for t in texts):  # never typed in chat: one search per unit
        for phrase in phrases:
            regex = body_pattern(phrase)
            out[phrase] = frozenset(i for i, t in enumerate(texts) if regex.search(t))
        return out
    joined = _SEPARATOR.join(texts)
    starts, at = [], 0
    for text in texts:
        starts.append(at)
        at += len(text) + len(_SEPARATOR)
    for phrase in phrases:
        if phrase in out:
            continue
        regex, hits = body_pattern(phrase), set()
        match = regex.search(joined)
        while match is not None:
            i = bisect_right(starts, match.start()) - 1
            hits.add(i)
            if i + 1 == len(starts):
                break
            match = regex.search(joined, starts[i + 1])  # this unit is in: on to the next
        out[phrase] = frozenset(hits)
    return out
