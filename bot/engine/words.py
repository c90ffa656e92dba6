"""Phrase matching shared by pivots and scoring: whole words, plurals, and negation.

Rubric phrases are lower-case words people actually write ("qps", "primary key"). A phrase
matches on word boundaries, case-insensitively, with an optional plural ("replica" matches
"replicas"); a trailing ``*`` makes it a stem ("autoscal*"). Spaces and hyphens in a phrase
match either ("trade-off" = "trade off" = "tradeoff").

Scoring must not credit "we won't cache" as caching, so :func:`affirmed` also rejects a match
preceded, in the same clause, by a negation ("no", "not", "won't", "without"...). Phrases
naming a *problem* (hazards such as "data loss" or "single point of failure") are exempt:
"no single point of failure" still addresses the problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

NEGATORS = frozenset((
    "no", "not", "never", "without", "none", "nor", "neither", "cannot", "can't", "won't",
    "wont", "don't", "dont", "doesn't", "didn't", "isn't", "aren't", "wasn't", "shouldn't",
    "wouldn't", "avoid", "skip", "nothing", "nobody",
))  # fmt: skip
"""Words that, a few words before a phrase in the same clause, cancel it."""
NEGATION_WINDOW = 5
"""How many words before a phrase are searched for a negation ("not going to use a queue")."""
OTHER_THAN = (
    "instead of",
    "rather than",
    "matters more than",
    "matter more than",
    "more important than",
)
"""Words that turn down what follows them in their clause: in "term partitioning rather than
document partitioning" the second is the option not taken; in "being reachable matters more
than perfect global ordering" the ordering is let go."""
# Punctuation, joining words, and "and"/"or" when a new subject follows ("and we'll shard").
_CLAUSE_BREAK = re.compile(
    r"[,;:()\[\]!?.]|\b(?:but|because|so|then|although|while|whereas)\b"
    r"|\b(?:and|or)\s+(?=(?:we|i|they|you|it)\b)"
)
_WORD = re.compile(r"[\w']+")
_SPACE_OR_HYPHEN = r"[\s\-]*"


@lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    """Lower-case with typographic apostrophes straightened; keeps the length of ``text``."""
    lowered = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return lowered if len(lowered) == len(text) else text.replace("\u2019", "'")


@lru_cache(maxsize=4096)
def _pattern(phrase: str) -> re.Pattern[str]:
    stem = phrase.endswith("*")
    core = phrase.rstrip("*").lower()
    body = _body(phrase)
    # Word boundaries only where the phrase itself starts or ends with a letter or digit,
    # so "post /" matches "POST /urls" and "_id" matches "user_id".
    head = r"(?<!\w)" if core[:1].isalnum() else ""
    if stem:
        tail = ""
    elif core[-1:].isalpha():
        tail = r"(?:e?s)?(?!\w)"
    else:
        tail = r"(?!\w)" if core[-1:].isalnum() else ""
    return re.compile(head + body + tail)


def spans(text: str, phrase: str) -> list[tuple[int, int]]:
    """Where ``phrase`` occurs in ``text`` (character offsets into ``text``)."""
    return [m.span() for m in _pattern(phrase).finditer(normalize(text))]


def mentions(text: str, phrase: str) -> bool:
    """True when ``phrase`` appears in ``text`` as whole words, negated or not."""
    return _pattern(phrase).search(normalize(text)) is not None


def mentions_any(text: str, phrases: Iterable[str]) -> bool:
    return any(mentions(text, p) for p in phrases)


def negated(text: str, start: int) -> bool:
    """True when a negation sits among the few words before ``start``, in the same clause."""
    clause = _clause_before(text[:start])
    words = _WORD.findall(clause)[-NEGATION_WINDOW - 1 :]
    # "skip list" is a data structure, not a negation.
    words = [
        w for i, w in enumerate(words) if not (w == "skip" and words[i + 1 : i + 2] == ["list"])
    ]
    window = words[-NEGATION_WINDOW:]
    said = f" {' '.join(window)} "
    return any(w in NEGATORS or w.endswith("n't") for w in window) or any(
        f" {phrase} " in said for phrase in OTHER_THAN
    )


def _clause_before(prefix: str) -> str:
    """The end of ``prefix`` from its last clause break, normalised.

    Only its last few words matter, and looking for breaks in a whole long sentence is most
    of the cost of reading a negation. So in a long ASCII prefix (where lower case keeps the
    length) the search starts at a word just after a space some characters back, which no
    break straddles (a break is a sign, a word, or "and"/"or" and the spaces after it). With
    a break there, the clause is the same; without one, the window's last words are the
    clause's when it holds enough of them; otherwise the whole prefix is read.
    """
    if len(prefix) > _LOOK_BACK and prefix.isascii():
        word = _WORD_AFTER_SPACE.search(prefix, len(prefix) - _LOOK_BACK)
        if word is not None:
            window = prefix[word.start() :].lower()
            end = 0
            for end_match in _CLAUSE_BREAK.finditer(window):
                end = end_match.end()
            if end or len(_WORD.findall(window)) > NEGATION_WINDOW:
                return window[end:]
    return _CLAUSE_BREAK.split(normalize(prefix))[-1]


_LOOK_BACK = 80
_WORD_AFTER_SPACE = re.compile(r"(?<=\s)\S")


def is_hazard(phrase: str, hazards: Iterable[str]) -> bool:
    """A phrase that names a problem ("data loss") stays credited when negated."""
    return _names_a_problem(phrase, tuple(hazards))


@lru_cache(maxsize=4096)
def _names_a_problem(phrase: str, hazards: tuple[str, ...]) -> bool:
    # Content against content (rubric phrases, the rubric's hazards): cached, not per answer.
    return mentions_any(phrase.rstrip("*"), hazards)


def affirmed(text: str, phrase: str, hazards: Iterable[str] = ()) -> tuple[int, int] | None:
    """The first place ``text`` uses ``phrase`` without negating it, or None."""
    exempt = None  # whether the phrase names a problem, looked up at the first negation
    for start, end in spans(text, phrase):
        if not negated(text, start):
            return start, end
        if exempt is None:
            exempt = is_hazard(phrase, hazards)
        if exempt:
            return start, end
    return None


def affirms_any(text: str, phrases: Iterable[str], hazards: Iterable[str] = ()) -> bool:
    """Whether ``text`` affirms one of ``phrases``. Runs on every answer (the scaling-talk
    pivot), and most answers mention none of them: one combined search settles that first."""
    phrases = tuple(phrases)
    if not phrases or any_pattern(phrases).search(normalize(text)) is None:
        return False
    hazards = tuple(hazards)
    return any(affirmed(text, p, hazards) is not None for p in phrases)


@lru_cache(maxsize=1024)
def any_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """A quick pre-check: matches wherever one of ``phrases`` *might* (word boundaries are
    left out, so ``re`` can jump between literal starts); confirm with :func:`affirmed`."""
    return re.compile("|".join(sorted({_body(p) for p in phrases})))


@lru_cache(maxsize=4096)
def body_pattern(phrase: str) -> re.Pattern[str]:
    """``phrase`` without its word boundaries: wherever it matches, this does too (one
    alternative of :func:`any_pattern`)."""
    return re.compile(_body(phrase))


def _body(phrase: str) -> str:
    core = phrase.rstrip("*").lower()
    return re.escape(core).replace(r"\ ", _SPACE_OR_HYPHEN).replace(r"\-", _SPACE_OR_HYPHEN)
