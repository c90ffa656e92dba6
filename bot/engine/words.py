"""Small text helpers shared by pivots and scoring: phrase matching on word boundaries."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache


@lru_cache(maxsize=4096)
def _pattern(phrase: str) -> re.Pattern[str]:
    # A phrase ending in '*' is a stem ("autoscal*" matches autoscaling).
    stem = phrase.endswith("*")
    body = re.escape(phrase.rstrip("*").lower()).replace(r"\ ", r"[\s\-]+")
    tail = "" if stem else r"(?!\w)"
    return re.compile(r"(?<!\w)" + body + tail)


def mentions(text: str, phrase: str) -> bool:
    """True when ``phrase`` appears in ``text`` as whole words, case-insensitively."""
    return _pattern(phrase).search(text.lower()) is not None


def mentions_any(text: str, phrases: Iterable[str]) -> bool:
    return any(mentions(text, p) for p in phrases)
