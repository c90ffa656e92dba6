"""Where rubric patterns occur in one person's claims, without searching every claim.

Grading asks of every idea, wrong move and domain word "which claims say this?", and most
patterns are in none of them; asked claim by claim, that is a search per claim per pattern.
Here the claims' words are listed once. An alternative that starts with a word ("pay*",
"double entry") can only match where a word starts with its letters, so only those claims
are searched. One that may start anywhere (a number, a symbol) is searched once in all the
claims joined by a separator no pattern can match or look across (a NUL: patterns are words,
numbers, spaces and hyphens), so each of its matches lies inside one claim. The claims so
found are then searched as :func:`bot.engine.reading.found` and
:func:`~bot.engine.reading.mentioned` search them, with the same answers. Built per person
and per grading: it holds no text between interviews.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from bot.content.patterns import WORD, compile_pattern
from bot.engine.reading import Claim, group_spans
from bot.engine.words import negated

_SEPARATOR = "\x00"

Span = tuple[int, int]


class ClaimIndex:
    """Pattern look-ups over a fixed sequence of claims, by claim position."""

    def __init__(self, claims: Sequence[Claim]) -> None:
        self.claims = tuple(claims)
        plains = [c.plain for c in self.claims]
        self.text = "\n".join(plains)
        """All the claims as one text, as the whole answer is searched (see :meth:`anywhere`)."""
        # A claim with the separator in it (never typed in chat) is searched on its own.
        self._joined = None if any(_SEPARATOR in p for p in plains) else _SEPARATOR.join(plains)
        self._starts: list[int] = []
        at = 0
        words: dict[str, set[int]] = {}
        for i, plain in enumerate(plains):
            self._starts.append(at)
            at += len(plain) + len(_SEPARATOR)
            for word in WORD.findall(plain):
                words.setdefault(word, set()).add(i)
        self._words = words
        self._sorted = sorted(words)
        self._leads: dict[str, frozenset[int]] = {}
        self._maybe: dict[str, frozenset[int]] = {}
        self._spans: dict[tuple[int, str], list[Span]] = {}
        self._found: dict[tuple[int, str], Span | None] = {}
        self._anywhere: dict[str, bool] = {}
        self._maybe_any: dict[tuple[str, ...], frozenset[int]] = {}
        self._every = frozenset(range(len(self.claims)))

    def maybe(self, pattern: str) -> frozenset[int]:
        """Positions of the claims ``pattern`` may match in: every claim it matches in, and
        a few more where a word only starts like one of its alternatives."""
        cached = self._maybe.get(pattern)
        if cached is not None:
            return cached
        compiled = compile_pattern(pattern)
        out: set[int] = set()
        for k, lead in enumerate(compiled.leads):
            if lead is not None:
                out |= self._starting(lead)
            elif self._joined is None:
                out |= self._every
            else:
                for start, _ in compiled.alternative_spans(k, self._joined):
                    out.add(bisect_right(self._starts, start) - 1)
        self._maybe[pattern] = frozenset(out)
        return self._maybe[pattern]

    def spans(self, i: int, pattern: str) -> list[Span]:
        """The matches of ``pattern`` in claim ``i``, in order."""
        key = (i, pattern)
        cached = self._spans.get(key)
        if cached is None:
            maybe = i in self.maybe(pattern)
            cached = compile_pattern(pattern).spans(self.claims[i].plain) if maybe else []
            self._spans[key] = cached
        return cached

    def mentioning(self, pattern: str) -> set[int]:
        """Positions of the claims that mention ``pattern``."""
        return {i for i in self.maybe(pattern) if self.spans(i, pattern)}

    def anywhere(self, pattern: str) -> bool:
        """``pattern`` appears in :attr:`text` (a match may run from one claim into the next,
        as in any search of the whole text)."""
        if pattern not in self._anywhere:
            compiled = compile_pattern(pattern)
            # An alternative whose lead starts no word has no match here (and each
            # alternative is searched on its own, so it hides none of another's).
            able = [
                k for k, lead in enumerate(compiled.leads) if lead is None or self._starting(lead)
            ]
            if not able:
                self._anywhere[pattern] = False
            elif compiled.one_line:
                self._anywhere[pattern] = any(self.spans(i, pattern) for i in self.maybe(pattern))
            else:
                self._anywhere[pattern] = compiled.search(self.text, able)
        return self._anywhere[pattern]

    def mentioned(self, i: int, pattern: str) -> bool:
        """Like :func:`bot.engine.reading.mentioned` on claim ``i``."""
        return bool(self.spans(i, pattern))

    def found(self, i: int, pattern: str) -> Span | None:
        """Like :func:`bot.engine.reading.found` on claim ``i``: the first match without a
        negation before it."""
        key = (i, pattern)
        if key in self._found:
            return self._found[key]
        result = None
        plain = self.claims[i].plain
        for start, end in self.spans(i, pattern):
            if not negated(plain, start):
                result = (start, end)
                break
        self._found[key] = result
        return result

    def group_holds(self, i: int, group: Sequence[str]) -> bool:
        """Every pattern of ``group`` is affirmed in claim ``i``."""
        return self.group_spans(i, group) is not None

    def group_spans(self, i: int, group: Sequence[str]) -> list[Span] | None:
        """Like :func:`bot.engine.reading.group_spans` on claim ``i``."""
        spans = [self.found(i, pattern) for pattern in group]
        if all(span is not None for span in spans):
            return spans  # type: ignore[return-value]
        if any(not self.spans(i, pattern) for pattern in group):
            return None  # a pattern is not there at all: no negation to reconsider
        return group_spans(self.claims[i].plain, group)

    def first_claim(
        self, match: Sequence[Sequence[str]], *, home: str, unless: Sequence[str] = ()
    ) -> Claim | None:
        """:func:`bot.engine.reading.first_claim` over the claims of phase ``home`` first,
        then the others, each in order. Only claims where every pattern of some group
        appears are looked at closely."""
        candidates: set[int] = set()
        for group in match:
            candidates |= self.maybe_all(group)
        for i in sorted(candidates, key=lambda i: (self.claims[i].phase_id != home, i)):
            if not self.claims[i].states:
                continue
            if any(self.group_holds(i, group) for group in match) and not self.mentions_any(
                i, unless
            ):
                return self.claims[i]
        return None

    def mentions_any(self, i: int, patterns: Sequence[str]) -> bool:
        """Claim ``i`` mentions one of ``patterns`` (a list of dismissals or rejections, most
        of which no claim uses: their claims are gathered once)."""
        key = tuple(patterns)
        maybe = self._maybe_any.get(key)
        if maybe is None:
            maybe = self._maybe_any[key] = frozenset().union(*(self.maybe(p) for p in key))
        return i in maybe and any(self.mentioned(i, p) for p in key)

    def maybe_all(self, group: Sequence[str]) -> set[int]:
        """Positions of the claims every pattern of ``group`` may match in."""
        if not group:
            return set(self._every)
        return set(self.maybe(group[0])).intersection(*(self.maybe(p) for p in group[1:]))

    def _starting(self, lead: str) -> frozenset[int]:
        """The claims with a word that starts with ``lead``."""
        cached = self._leads.get(lead)
        if cached is not None:
            return cached
        out: set[int] = set()
        j = bisect_left(self._sorted, lead)
        while j < len(self._sorted) and self._sorted[j].startswith(lead):
            out |= self._words[self._sorted[j]]
            j += 1
        self._leads[lead] = frozenset(out)
        return self._leads[lead]
