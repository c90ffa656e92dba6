"""An answer read the way a grader needs it: claims, one per sentence or line, in plain words.

People answer in chat: lowercase, fragments, bullets, arrows and shorthand ("ws gw per conn,
msg -> kafka"). Each claim keeps the person's own words for quoting and a *plain* form with
the rubric's abbreviations spelled out, which is what patterns are matched against.

A claim can back an idea only when it states something: a question ("maybe kafka?") or a
pasted keyword list ("sharding, caching, cdn, replicas") shows the word, not the design.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.content.patterns import compile_pattern
from bot.engine.evidence import is_keyword_list, quote, units
from bot.engine.words import negated, normalize


@dataclass(frozen=True)
class Claim:
    """One sentence, line or bullet of one answer."""

    text: str
    """The person's words, for quoting."""
    plain: str
    """Lower case, abbreviations expanded: what patterns are matched against."""
    phase_id: str
    answer: int
    """Which answer (message) it came from, counted from 0."""
    states: bool
    """False for a question or a keyword list: it can show nothing."""
    substantive: bool
    """A real sentence, estimate or structure (see :mod:`bot.engine.evidence`)."""

    @property
    def quote(self) -> str:
        return quote(self.text)


def read(
    answers: Iterable[tuple[str, str]],
    *,
    abbreviations: Mapping[str, str],
    plain_words: tuple[tuple[str, str], ...] = (),
) -> tuple[Claim, ...]:
    """Claims of ``(phase id, text)`` answers, in order; ``plain_words`` are the question's
    everyday words for its terms (see :func:`in_rubric_terms`)."""
    out = []
    for index, (phase_id, text) in enumerate(answers):
        for unit in units(text):
            plain = _ascii(normalize(unit.text))
            if "(" in plain:  # what a table shape needs, checked first on every sentence
                plain = _CALL.sub(r"\1 \2", _TABLE.sub(r"\1 table (", plain))
            plain = in_rubric_terms(spelled_out(plain, abbreviations), plain_words)
            asks = unit.text.rstrip().endswith("?")
            states = not asks and not unit.keyword_list and not is_keyword_list(plain)
            out.append(Claim(unit.text, plain, phase_id, index, states, unit.substantive))
    return tuple(out)


_TABLE = re.compile(r"\b([a-z_][\w]*)\s*\((?=[^()]*,)")
"""A table or record shape, "follows(a, b)": read as "follows table (a, b)" so a pattern
can ask for a table of follows."""
_CALL = re.compile(r"\b([a-z_]\w*)\(([\w.]+)\)")
"""A call on one argument, "hash(hostname)" or "get(key)": read as "hash hostname", so the
patterns written in words ("hash* hostname") hear code notation too."""


def spelled_out(text: str, abbreviations: Mapping[str, str]) -> str:
    """``text`` with whole-word abbreviations ("ws", "w/") spelled out, for patterns and
    phrase lists written in full words. One dictionary look-up per word, in a list rather
    than a ``re.sub`` callback: it runs on every sentence of every answer."""
    if not abbreviations:
        return text
    parts = _TOKEN.split(text)  # separators at even indices, words at odd ones
    parts[1::2] = [abbreviations.get(word.lower(), word) for word in parts[1::2]]
    return "".join(parts)


_TOKEN = re.compile(r"([\w/]+)")


def in_rubric_terms(text: str, plain_words: tuple[tuple[str, str], ...]) -> str:
    """``text`` with a question's everyday words put in its rubric's terms ("pieces named
    by a fingerprint" -> "chunks named by a hash"): a strong answer in plain words states the
    same decisions as one in the trade's words. Whole words; a plural stays plural."""
    if not plain_words:
        return text
    regex, terms = _glossary(plain_words)
    return regex.sub(lambda m: _plural(terms[_words(m.group(1))], bool(m.group(2))), text)


def _plural(term: str, plural: bool) -> str:
    if not plural:
        return term
    return term + ("es" if term.endswith(("s", "sh", "ch", "x")) else "s")


def _words(text: str) -> str:
    return " ".join(re.split(r"[\s-]+", text.strip()))


@lru_cache(maxsize=64)
def _glossary(plain_words: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    terms = {_words(plain): term for plain, term in plain_words}
    words = sorted(terms, key=len, reverse=True)
    alternatives = "|".join(r"[\s-]+".join(map(re.escape, w.split())) for w in words)
    regex = re.compile(rf"(?<![\w-])({alternatives})(s|es)?(?![\w-])")
    return regex, {w: terms[w] for w in words}


def found(plain: str, pattern: str) -> tuple[int, int] | None:
    """The first place ``pattern`` is used in ``plain`` without a negation before it."""
    for start, end in compile_pattern(pattern).spans(plain):
        if not negated(plain, start):
            return start, end
    return None


def mentioned(plain: str, pattern: str) -> bool:
    """``pattern`` appears in ``plain``, negated or not."""
    return compile_pattern(pattern).search(plain)


def group_holds(claim: Claim, group: Sequence[str]) -> bool:
    """Every pattern of ``group`` is affirmed in the claim."""
    return group_spans(claim.plain, group) is not None


def group_spans(plain: str, group: Sequence[str]) -> list[tuple[int, int]] | None:
    """Where each pattern of ``group`` is affirmed in ``plain``, or None when one is not.

    A negation that is part of another pattern's words negates nothing: in "never lose a
    file", matched by ``[never lose, file*]``, the "never" belongs to "never lose"."""
    spans = [found(plain, pattern) for pattern in group]
    if all(span is not None for span in spans):
        return spans  # type: ignore[return-value]
    return _negations_inside_the_group(plain, group, spans)


def _negations_inside_the_group(
    plain: str, group: Sequence[str], spans: list[tuple[int, int] | None]
) -> list[tuple[int, int]] | None:
    if len(group) < 2:
        return None
    matches = [compile_pattern(pattern).spans(plain) for pattern in group]
    out = []
    for k, span in enumerate(spans):
        if span is None:
            others = [m for j, ms in enumerate(matches) if j != k for m in ms]
            blanked = _blank(plain, others)
            span = next((m for m in matches[k] if not negated(blanked, m[0])), None)
            if span is None:
                return None
        out.append(span)
    return out


def _blank(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with the characters of ``spans`` turned to spaces (offsets kept)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def first_claim(
    claims: Iterable[Claim], match: Sequence[Sequence[str]], *, unless: Sequence[str] = ()
) -> Claim | None:
    """The first stating claim in which one alternative of ``match`` holds (and no ``unless``
    pattern appears)."""
    for claim in claims:
        if not claim.states:
            continue
        if any(group_holds(claim, group) for group in match) and not any(
            mentioned(claim.plain, p) for p in unless
        ):
            return claim
    return None


_SYMBOLS = str.maketrans({"≥": ">=", "≤": "<=", "→": "->", "≈": "~", "×": "x", "–": "-", "—": "-"})


def _ascii(text: str) -> str:
    """Typographic symbols as people type them on a keyboard: "≥ 1" is ">= 1"."""
    return text.translate(_SYMBOLS)
