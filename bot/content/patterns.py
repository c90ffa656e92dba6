"""The small pattern language of question rubrics, compiled to regular expressions.

Rubric authors are interviewers, not regex writers, so a pattern is words with four rules
(documented for them in ``prompts/README.md``):

* ``|`` separates alternatives: ``ledger*|double entry``;
* a word ending in ``*`` is a stem: ``reconcil*`` matches "reconciliation" (and ``store*``
  "storing": a final e may drop before "-ing");
* a space or hyphen matches a space, a hyphen or nothing; the last word may take a plural;
* ``#`` is a number, with an optional scale word: "115", "2k", "1.2M", "10 million".

Everything else is literal (``post /payment*``, ``->``, ``429``). Matching is on whole words
and lower case; the caller lower-cases the text and expands chat abbreviations first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

NUMBER = r"\d[\d,.]*\s*(?:(?:k|m|b|bn)(?![a-z])|thousand|million|billion)?"
_FORBIDDEN = set("?()[]{}\\^$+")
_SPACE = r"[\s\-]*"

Match = tuple[tuple[str, ...], ...]
"""Alternatives, each a group of patterns that must all appear in one sentence or line."""


class PatternError(ValueError):
    """A pattern that does not follow the rubric pattern syntax; the message says why."""


def check(pattern: str) -> None:
    """Raise :class:`PatternError` naming the first problem in ``pattern``."""
    if pattern != pattern.lower():
        raise PatternError(f"patterns are matched in lower case; write {pattern.lower()!r}")
    if '"' in pattern:
        raise PatternError(
            f"{pattern!r} has a '\"' inside: quote the whole YAML item, not an alternative"
        )
    bad = sorted(_FORBIDDEN & set(pattern))
    if bad:
        raise PatternError(
            f"{pattern!r} uses {' '.join(bad)}: patterns are words, '|', '*' and '#', not regex"
        )
    for alternative in pattern.split("|"):
        words = alternative.split()
        if not words:
            raise PatternError(f"{pattern!r} has an empty alternative (a stray '|')")
        for word in words:
            if "*" in word.rstrip("*") or word.count("*") > 1:
                raise PatternError(f"'*' only ends a word, as in 'reconcil*'; got {word!r}")
            if word.endswith("*") and len(word.rstrip("*")) < 3:
                raise PatternError(f"a stem needs at least 3 letters before '*'; got {word!r}")


class Compiled:
    """A pattern ready to search: one regular expression per alternative.

    Each expression starts with its literal text, which lets ``re`` skip ahead quickly (a
    leading look-behind would make it try every position); the word boundary before a match
    is checked here instead.
    """

    def __init__(self, pattern: str) -> None:
        alternatives = [a.strip() for a in pattern.split("|")]
        self._parts = tuple((re.compile(_alternative(a)), _bounded(a)) for a in alternatives)
        self.leads = tuple(_lead(a) for a in alternatives)
        """Per alternative, the letters every match of it starts a word with ("pay" for
        "pay*", "double" for "double entry"), or None when a match may start anywhere (a
        number, a symbol): lets a caller that knows a text's words skip most searches."""
        self.one_line = all(r"\s" not in regex.pattern for regex, _ in self._parts)
        """No match can run over a line break (no alternative has two words or a number):
        the matches in lines joined are those in each line."""

    def alternative_spans(self, k: int, text: str) -> list[tuple[int, int]]:
        """The matches of alternative ``k`` alone: :meth:`spans` is all of them, sorted."""
        regex, bounded = self._parts[k]
        return [
            match.span()
            for match in regex.finditer(text)
            if not _continues(text, match.start(), match.end(), bounded)
        ]

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Every match in ``text``, in order of position."""
        out = []
        for regex, bounded in self._parts:
            for match in regex.finditer(text):
                if not _continues(text, match.start(), match.end(), bounded):
                    out.append(match.span())
        return sorted(out)

    def search(self, text: str, alternatives: Iterable[int] | None = None) -> bool:
        """Whether ``text`` has a match; of the ``alternatives`` (by position) only, when
        the caller knows the others have none."""
        parts = self._parts if alternatives is None else [self._parts[k] for k in alternatives]
        for regex, bounded in parts:
            for match in regex.finditer(text):
                if not _continues(text, match.start(), match.end(), bounded):
                    return True
        return False


def _bounded(alternative: str) -> bool:
    """Starts with a word (or a number), so a match must not begin inside another word."""
    return alternative[:1].isalnum() or alternative[:1] == "#"


WORD = re.compile(r"[\w#]+")
"""A word as :func:`_continues` delimits it: a match of an alternative with a lead (see
:attr:`Compiled.leads`) starts one of these and the word starts with the lead."""


def _lead(alternative: str) -> str | None:
    if not _bounded(alternative) or not alternative[:1].isalnum():
        return None
    first = alternative.split()[0]
    lead = re.match(r"\w*", first.rstrip("*"))
    if lead is None:
        return None
    return lead.group(0)[:-1] if first.endswith("*") and _drops_e(first[:-1]) else lead.group(0)


def _drops_e(stem: str) -> bool:
    """A stem ending in a consonant and "e" ("store", "write", "cache"), whose "-ing" form
    drops the e ("storing"); not "free" or "agree", which keep it."""
    return len(stem) >= 4 and stem.endswith("e") and stem[-2].isalpha() and stem[-2] not in "aeiou"


def _continues(text: str, start: int, end: int, bounded: bool) -> bool:
    """The match is part of something longer: a word inside a word ("cache" in "precache"),
    or a comparison sign inside an arrow (">" in "->", "<" in "<-"), which reads as a flow."""
    if start == 0:
        return not bounded and text[end - 1] == "<" and text[end : end + 1] == "-"
    before = text[start - 1]
    if bounded:
        return before.isalnum() or before in "_#"
    return (text[start] == ">" and before in "-=") or (
        text[end - 1] == "<" and text[end : end + 1] == "-"
    )


@lru_cache(maxsize=8192)
def compile_pattern(pattern: str) -> Compiled:
    """``pattern`` ready to search (assumed valid: see :func:`check`)."""
    return Compiled(pattern)


def _alternative(text: str) -> str:
    words = text.split()
    parts = [_word(w, last=i == len(words) - 1) for i, w in enumerate(words)]
    return _SPACE.join(parts)


def _word(word: str, *, last: bool) -> str:
    stem = word.endswith("*")
    core = word.rstrip("*")
    pieces = [NUMBER if part == "#" else re.escape(part) for part in re.split(r"(#)", core)]
    # A hyphen inside a word ("read-heavy") may be a space or nothing; in "->" it is literal.
    body = re.sub(r"(?<=\w)\\-(?=\w)", lambda _: _SPACE, "".join(p for p in pieces if p))
    if stem:
        if _drops_e(core):  # "store*" reads "storing" too, as English drops the e
            return body[:-1] + r"(?:e|ing)\w*"
        return body + r"\w*"
    if not last or not core[-1:].isalnum():
        return body  # a space after it may match nothing: "double entry" = "doubleentry"
    plural = r"(?:e?s)?" if core[-1:].isalpha() else ""
    return body + plural + r"(?!\w)"
