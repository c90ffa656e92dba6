"""Where rubric patterns occur in one person's claims, each pattern searched once for all.

Grading asks of every idea, wrong move and domain word "which claims say this?". Asked claim
by claim, that is a search per claim per pattern, most of them finding nothing. Here each
pattern is searched once in all the claims joined by a separator no pattern can match or
look across (a NUL: patterns are words, numbers, spaces and hyphens, and a NUL is none of
these), so every match lies inside one claim, at the place a search of that claim alone finds
it. Built per person and per grading: it holds no text between interviews.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence

from bot.content.patterns import compile_pattern
from bot.engine.reading import Claim
from bot.engine.words import negated

_SEPARATOR = "\x00"

Span = tuple[int, int]


class ClaimIndex:
    """Pattern look-ups over a fixed sequence of claims, by claim position."""

    def __init__(self, claims: Sequence[Claim]) -> None:
        self.claims = tuple(claims)
        plains = [c.plain for c in self.claims]
        # A claim with the separator in it (never typed in chat) falls back to one search
        # per claim, which gives the same answers.
        self._joined = None if any(_SEPARATOR in p for p in plains) else _SEPARATOR.join(plains)
        self._starts: list[int] = []
        at = 0
        for plain in plains:
            self._starts.append(at)
            at += len(plain) + len(_SEPARATOR)
        self._spans: dict[str, Mapping[int, list[Span]]] = {}
        self._found: dict[tuple[int, str], Span | None] = {}

    def spans(self, pattern: str) -> Mapping[int, list[Span]]:
        """Every match of ``pattern`` by claim position (offsets within the claim's plain
        text, in order); claims without one are absent."""
        cached = self._spans.get(pattern)
        if cached is not None:
            return cached
        compiled = compile_pattern(pattern)
        out: dict[int, list[Span]] = {}
        if self._joined is None:
            for i, claim in enumerate(self.claims):
                if claim_spans := compiled.spans(claim.plain):
                    out[i] = claim_spans
        else:
            for start, end in compiled.spans(self._joined):
                i = bisect_right(self._starts, start) - 1
                base = self._starts[i]
                out.setdefault(i, []).append((start - base, end - base))
        self._spans[pattern] = out
        return out

    def mentioned(self, i: int, pattern: str) -> bool:
        """Like :func:`bot.engine.reading.mentioned` on claim ``i``."""
        return i in self.spans(pattern)

    def found(self, i: int, pattern: str) -> Span | None:
        """Like :func:`bot.engine.reading.found` on claim ``i``: the first match without a
        negation before it."""
        key = (i, pattern)
        if key in self._found:
            return self._found[key]
        result = None
        plain = self.claims[i].plain
        for start, end in self.spans(pattern).get(i, ()):
            if not negated(plain, start):
                result = (start, end)
                break
        self._found[key] = result
        return result

    def group_holds(self, i: int, group: Sequence[str]) -> bool:
        """Every pattern of ``group`` is affirmed in claim ``i``."""
        return all(self.found(i, pattern) is not None for pattern in group)

    def first_claim(
        self,
        order: Sequence[int],
        match: Sequence[Sequence[str]],
        *,
        unless: Sequence[str] = (),
    ) -> Claim | None:
        """:func:`bot.engine.reading.first_claim` over the claims at positions ``order``.
        Only claims where every pattern of some group appears are looked at closely."""
        candidates: set[int] = set()
        for group in match:
            where = [self.spans(p) for p in group]
            candidates |= set(where[0]).intersection(*where[1:]) if where else set(order)
        for i in order:
            if i not in candidates or not self.claims[i].states:
                continue
            if any(self.group_holds(i, group) for group in match) and not any(
                self.mentioned(i, p) for p in unless
            ):
                return self.claims[i]
        return None
