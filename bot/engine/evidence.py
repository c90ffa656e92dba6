"""Which parts of an answer may back a rubric item, and how they are quoted.

Graders that count keywords reward pasting a list of buzzwords; the list shows the word, not
the reasoning. So an answer is cut into units (sentences, lines, bullets) and a unit can back
an item only when it is *substantive*:

* a real sentence: at least :data:`MIN_WORDS` words, with a verb-like word (``we``, ``is``,
  ``use``, ``stores``...) and a function word (``the``, ``to``, ``with``...); or
* an estimate: a number with a unit ("100M links a month", "p99 < 200 ms"); or
* a structure: an endpoint (``POST /urls``), a field name (``short_key``) or an arrow.

Whatever its form, a unit that is mostly a comma list of one- or two-word terms is a keyword
list and backs nothing.

Shorthand compares options by labelling them and draws the conclusion with an arrow:
"push: one list read, write amp kills it / pull: ~200 reads per open / -> hybrid". Such a
comparison *implies* the words it stands for: each labelled line is an "option", the
conclusion a "decision" (see :func:`implied`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.engine.score_vocabulary import FUNCTION_WORDS, is_verbish

MIN_WORDS = 5
QUOTE_LIMIT = 120
"""Longest quote shown; longer sentences are trimmed around the matched phrase."""
LIST_MIN_SEGMENTS = 4
LIST_SHORT_SHARE = 2 / 3
"""A unit of at least 4 comma/and-separated segments, two thirds of them 1-2 words, is a list."""

_SPLIT = re.compile(
    r"(?<=[.!?])(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bvs\.)(?<!\bapprox\.)(?<!\bincl\.)\s+|\n+|;\s+",
    re.IGNORECASE,
)
"""Sentences end at a stop, a line break or a semicolon; not after "e.g." or "vs.", which go
on ("a limit, e.g. 100 requests a minute" is one sentence)."""
_SEGMENT = re.compile(r",(?!\d)|\||\s&\s|\s(?:and|or)\s", re.IGNORECASE)
_WORD = re.compile(r"[\w']+")
_DIGIT = re.compile(r"\d")
_NUM = r"\d[\d,.]*"
SCALE_QUANTITY = re.compile(
    rf"(?<![\w.]){_NUM}\s*(?:k|m|b|bn|kb|mb|gb|tb|pb|x)(?![a-z])"
    rf"|(?<![\w.]){_NUM}\s*(?:thousand|million|billion|trillion)"
    r"|\b(?:a|one|ten|tens of|hundreds of|a few)\s+(?:thousand|million|billion)"
    rf"|(?<![\w.]){_NUM}\s*(?:qps|rps|tps|writes|reads|requests|queries|users|links|urls|clicks"
    r"|messages|events|records|rows|bytes|dau|mau|/s|/sec|/day|per second|per day|a day"
    r"|a second|per month|a month)"
    r"|\b(?:ten|a hundred|hundred|thousand)[\s-]*(?:times|fold)\b|\b\d+\s*(?:times|fold)\b",
    re.IGNORECASE,
)
"""Numbers that size the system: counts, rates, bytes and growth (10x). Not % or ms."""
_ANY_QUANTITY = re.compile(
    rf"(?<![\w.]){_NUM}\s*(?:%|ms|s|sec|seconds|minutes|hours|days|years|months|chars"
    r"|characters)(?![a-z])|\bp\d{2}\b",
    re.IGNORECASE,
)
_STRUCTURE = re.compile(
    r"\b(?:get|post|put|patch|delete)\s+/[\w{:]|\b[a-z][a-z0-9]*_[a-z0-9_]+\b|->|→"
    r"|\b\w+\s*\([^()]*,[^()]*\)",  # a call or a table: searchNearby(lat, lng), seats(id, row)
    re.IGNORECASE,
)
_FIELD_LIST = re.compile(
    r"^\W*[a-z][\w ]{0,30}:\s*(?=[^:]*\b(?:id|ids|name|timestamp|time|value|status|type|count|"
    r"key|created|updated|expires|version|amount)\b)[\w ]{1,30}(?:,\s*[\w ]{1,30}){2,}\W*$",
    re.IGNORECASE,
)
"""A record written as its fields, "point: metric name, tags, timestamp, value": a schema,
not a keyword list."""


@dataclass(frozen=True)
class Unit:
    """One sentence, line or bullet of an answer."""

    text: str
    words: int
    substantive: bool
    keyword_list: bool
    implies: tuple[str, ...] = ()
    """Words its shorthand shape stands for ("option", "decision"), matched like its own."""


@lru_cache(maxsize=4096)
def units(text: str) -> tuple[Unit, ...]:
    """Cut an answer into the units evidence is quoted from, and classify each. Cached: the
    retrospective reads each answer for coverage, mistakes and the checklist."""
    parts = [p for p in (raw.strip(" *•\t") for raw in _SPLIT.split(text)) if p]
    out = []
    for part, implies in zip(parts, implied(parts), strict=True):
        part = part.strip(" -*•\t>")
        if not part:
            continue
        listed = is_keyword_list(part)
        substantive = not listed and _substantive(part)
        out.append(Unit(part, len(_WORD.findall(part)), substantive, listed, implies))
    return tuple(out)


_LABEL = re.compile(r"^([a-z][\w+/.' -]{0,30}?)\s*:\s+\S", re.IGNORECASE)
_CONCLUSION = re.compile(r"^(?:->|=>|→)\s*\w|(?:->|=>|→)\s*([\w+/.' -]+?)\s*[.!]?$")
_BULLET = re.compile(r"^[-*•]\s+")
LABEL_WORDS = 3
"""A label is a short name ("long poll", "sliding log"), not a clause."""


def implied(parts: list[str]) -> list[tuple[str, ...]]:
    """What each part of one answer implies: with two or more labelled options and a
    conclusion drawn from them (a line opening with an arrow, or a labelled line ending in
    "-> <another label>"), the labelled lines are options and the conclusion a decision.
    Labelled lines with no conclusion ("users: id, name") imply nothing."""
    labels = [_label(p) for p in parts]
    named = {label for label in labels if label}
    if len(named) < 2:
        return [()] * len(parts)
    decisions = [_concludes(p, labels[i], named) for i, p in enumerate(parts)]
    if not any(decisions):
        return [()] * len(parts)
    first = labels.index(next(label for label in labels if label))
    return [
        ("option", "decision") if label and decided else
        ("option",) if label else
        ("decision",) if decided and i > first else ()
        for i, (label, decided) in enumerate(zip(labels, decisions, strict=True))
    ]  # fmt: skip


def _label(part: str) -> str:
    match = _LABEL.match(_BULLET.sub("", part))
    if match is None or len(match.group(1).split()) > LABEL_WORDS:
        return ""
    return match.group(1).strip().lower()


def _concludes(part: str, label: str, labels: set[str]) -> bool:
    part = _BULLET.sub("", part)
    match = _CONCLUSION.search(part.strip())
    if match is None:
        return False
    if not label:
        return part.lstrip()[:1] in "-=→"
    return (match.group(1) or "").strip().lower() in labels


def is_keyword_list(unit: str) -> bool:
    """Mostly short comma-separated terms, like "sharding, caching, CDN, replicas"."""
    segments = [s for s in _SEGMENT.split(unit) if s.strip()]
    if len(segments) < LIST_MIN_SEGMENTS:
        return False  # the usual case, and the cheapest test: first
    # A run of figures ("1 s, 5 s, 30 s, then fail") is a schedule, not a list of terms.
    short = sum(1 for s in segments if len(_WORD.findall(s)) <= 2 and not _DIGIT.search(s))
    if short < LIST_SHORT_SHARE * len(segments):
        return False
    return not _structure(unit) and _FIELD_LIST.search(unit) is None


def _structure(unit: str) -> bool:
    # Every form of a structure has one of these characters; most sentences have none.
    return _STRUCTURE_SIGN.search(unit) is not None and _STRUCTURE.search(unit) is not None


_STRUCTURE_SIGN = re.compile(r"[/_(→]|->")


def is_sentence(unit: str) -> bool:
    """A real sentence: enough words, a verb-like word and a function word."""
    words = [w.lower().replace("\u2019", "'") for w in _WORD.findall(unit)]
    return (
        len(words) >= MIN_WORDS
        and any(w in FUNCTION_WORDS for w in words)
        and any(is_verbish(w) for w in words)
    )


def has_scale_number(unit: str) -> bool:
    return SCALE_QUANTITY.search(unit) is not None


def _substantive(unit: str) -> bool:
    return (
        is_sentence(unit)
        or has_scale_number(unit)
        or _ANY_QUANTITY.search(unit) is not None
        or _structure(unit)
        or _FIELD_LIST.search(unit) is not None
    )


def quote(sentence: str, span: tuple[int, int] | None = None) -> str:
    """The sentence, trimmed on word boundaries around ``span`` to :data:`QUOTE_LIMIT`."""
    sentence = " ".join(sentence.split()) if span is None else sentence
    if len(sentence) <= QUOTE_LIMIT:
        return " ".join(sentence.split())
    # Keep the start of the sentence when the phrase fits; else centre on the phrase.
    fits = span is None or span[1] <= QUOTE_LIMIT - 2
    start = 0 if fits or span is None else max(0, span[0] - QUOTE_LIMIT // 3)
    if start:
        start = sentence.rfind(" ", 0, start) + 1
    end = start + QUOTE_LIMIT - 2
    if end < len(sentence):
        cut = sentence.rfind(" ", start, end)
        end = cut if cut > start else end
    text = " ".join(sentence[start:end].split()).rstrip(",;:")
    return ("…" if start else "") + text + ("…" if end < len(sentence) else "")
