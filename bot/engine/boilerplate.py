"""Words that fit any system: an answer dense in them goes through the motions.

"Microservices behind a load balancer, a Redis caching layer, Kafka, shard the database and
scale horizontally; highly available and fault tolerant" can be said of every design.
Strong answers use a few such words around the decisions of the question; answers that
never engage with what makes it hard are made of them, and interviewers score them lower the
denser they are. A word of the question's own subject ("alerting" in a monitoring design,
"CDN" in video streaming) is never boilerplate there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine.words import mentions_any, normalize, spans

DENSE_FROM = 3.0
DENSE_FULL = 7.0
"""Boilerplate words per 100 written from which the mistake starts to cost, and from which it
costs in full: a strong answer uses about one in a hundred."""
FEWEST = 6
"""Fewer such words than this are never a pattern, however short the answer."""
QUOTED = 4


@dataclass(frozen=True)
class Boilerplate:
    said: tuple[str, ...]
    """The boilerplate words as written, in order, one per occurrence."""
    words: int

    @property
    def share(self) -> float:
        """How much of the mistake's cost applies, from 0 to 1, by density."""
        if len(self.said) < FEWEST or not self.words:
            return 0.0
        density = 100 * len(self.said) / self.words
        return max(0.0, min(1.0, (density - DENSE_FROM) / (DENSE_FULL - DENSE_FROM)))

    def evidence(self) -> tuple[str, ...]:
        """One line for the retrospective: how many, and the first few kinds quoted."""
        kinds = list(dict.fromkeys(self.said))
        shown = ", ".join(f"“{w}”" for w in kinds[:QUOTED]) + ("…" if len(kinds) > QUOTED else "")
        return (f"{len(self.said)} words that fit any design in {self.words} written: {shown}",)


def boilerplate(
    texts: Sequence[str], *, terms: Sequence[str], subject: Sequence[str] = ()
) -> Boilerplate:
    """The boilerplate ``terms`` said in ``texts``, leaving out any that names the question's
    ``subject``."""
    said: dict[tuple[int, int], str] = {}
    words = 0
    for n, text in enumerate(texts):
        words += len(text.split())
        plain = normalize(text)
        # A plain substring test first: most terms are not in most answers.
        for term in (t for t in terms if t.split()[0].rstrip("*") in plain):
            for start, end in spans(text, term):
                while end < len(plain) and plain[end].isalnum():
                    end += 1  # "fault toleran*" quoted as written: "fault tolerant"
                word = plain[start:end]
                if not mentions_any(word, subject):
                    said.setdefault((n, start), word)
    return Boilerplate(tuple(said[k] for k in sorted(said)), words)
