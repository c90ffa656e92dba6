"""Numbers worked out, not just quoted: what separates a senior answer from a textbook one.

Interviewers check that estimates *drive* the design ("1M rps over 200 gateways is 5k rps
each, so a local pre-check..."). A claim counts as a worked estimate when it holds at least two
numbers joined by arithmetic or a consequence (``/``, ``=``, ``≈``, ``x``, ``->``, "so",
"that's", "means", "per"). Restating the question's hints once is not working them out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.engine.reading import Claim

_NUMBER = re.compile(
    r"(?<![\w.])\d[\d,.]*\s*(?:k|m|b|bn|kb|mb|gb|tb|pb|ms|%)?(?![a-z])"
    r"|\b(?:a|one|two|three|four|five|ten|twenty|fifty|a few|tens of|hundreds of)\s+"
    r"(?:hundred|thousand|million|billion|trillion)\b"
    r"|\b(?:a tenth|a fifth|a quarter|a third|half)\s+of\b",
    re.I,
)
"""A number in figures ("6k", "200 ms") or in words with a scale ("two million", "a tenth
of"): plain answers work numbers out in words too."""
_WORKING = re.compile(r"[/×*=≈~]|\bx\b|->|→|\bso\b|\bthat's\b|\bmeans\b|\bper\b", re.I)


_DIGIT = re.compile(r"\d|thousand|million|billion|trillion|tenth|fifth|quarter|third|half", re.I)
"""What every number of :data:`_NUMBER` has: most claims have none."""
_ARITHMETIC = re.compile(r"\d[\d,.]*\s*[kmb%]?\s*(?:[x×*/=≈]|->)\s*~?\d", re.I)
"""A number, an operator, a number: "6k x 200", "= 1.2M", "10M/86,400"."""
_COMES_TO = re.compile(
    r"\b(?:means|that's|that is|comes to|works out to|adds up to)\s+"
    r"(?:about |around |roughly |some |~)?\d",
    re.I,
)
"""A consequence in numbers: "... means about 1.2M list inserts"."""


def computations(claims: Sequence[Claim]) -> tuple[Claim, ...]:
    """The claims that are sums ("6k x 200 = 1.2M inserts/s", "200 followers each means about
    1.2M inserts"): they size an option."""
    # The sum's shape first: it rules out most claims with one quick search.
    return tuple(
        c
        for c in claims
        if (_ARITHMETIC.search(c.text) or _COMES_TO.search(c.text))
        and len(_NUMBER.findall(c.text)) >= 2
    )


def worked_estimates(claims: Sequence[Claim]) -> tuple[Claim, ...]:
    """The stating claims that work numbers out, in order."""
    return tuple(
        c
        for c in claims
        if c.states
        and _DIGIT.search(c.text)  # most claims have no number: settled before the rest
        and len(_NUMBER.findall(c.text)) >= 2
        and _WORKING.search(c.text)
    )
