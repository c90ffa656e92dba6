"""Claims that cannot all be true: contradictions, sums off by 10x, scale far from the brief.

Each finding quotes the sentence. The checks stay narrow on purpose: a false alarm costs a
sound candidate points, so a rate is compared only with a daily figure of the same thing in
the same sentence, and with the question's hints only for the same noun and period.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.content.model import Contradiction
from bot.engine.figures import SCALE, round_figure
from bot.engine.products import product_slip
from bot.engine.reading import Claim, found

SLIP = 10.0
"""A figure this many times too big or too small is a finding."""
_DOES_NOT_ADD_UP = "An estimate that does not add up"

_PERIODS = (
    (r"/\s*s(?:ec)?\b|per\s+sec(?:ond)?\b|a\s+sec(?:ond)?\b|qps\b|rps\b|tps\b", 1.0, "a second"),
    (r"/\s*min\b|per\s+minute\b|a\s+minute\b", 60.0, "a minute"),
    (r"/\s*h(?:ou)?r\b|per\s+hour\b|an\s+hour\b", 3600.0, "an hour"),
    (r"/\s*day\b|per\s+day\b|a\s+day\b|daily\b|each\s+day\b", 86400.0, "a day"),
    (r"/\s*month\b|per\s+month\b|a\s+month\b|monthly\b", 2.6e6, "a month"),
)
_QUANTITY = re.compile(
    r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)\s*(k|m|b|bn|thousand|million|billion)?(?![\w])"
    r"\s*(?:(?:new|daily|active)\s+)?([a-z]+)?\s*(" + "|".join(p for p, _, _ in _PERIODS) + r")?"
)
_BURST = re.compile(r"\b(?:peak|burst|spike|max|maximum|busiest|sale|black friday|launch)")
_PER_THING = re.compile(
    r"\b(?:per|each|every)\s+(?!(?:second|sec|s|minute|min|hour|day|month|year|week)\b)\w"
    r"|/\s*(?!(?:s|sec|second|min|minute|hr|hour|day|month|year|week)\b)[a-z]{2,}"
)
_COUNT_NOUNS = frozenset({"users", "user", "people", "dau", "mau", "servers", "keys"})
_CONTRAST = re.compile(
    r"\b(?:but|while|whereas|except|for|only|than|vs|versus|instead|rather|unlike|where|when"
    r"|whether|not|per|between|until|then|after|before|or|either|choose|choice|tunable"
    r"|configurable)\b|\|"
)
"""Words that put the two sides of a contradiction on different data, times or choices:
"strong for balances but eventual for the feed", "consistency=strong|eventual"."""


@dataclass(frozen=True)
class Finding:
    kind: str
    """``contradiction``, ``arithmetic`` or ``scale``."""
    label: str
    quote: str
    why: str


@dataclass(frozen=True)
class Quantity:
    value: float
    noun: str
    per_second: float | None
    """The value as a rate per second, or None for a plain count."""
    period: str = ""
    """In words: "a day"; empty for a plain count."""


def sense_checks(
    claims: Sequence[Claim],
    *,
    contradictions: Sequence[Contradiction],
    scale_hints: Sequence[str],
) -> tuple[Finding, ...]:
    """Findings in the order they were said, at most one of each kind per sentence."""
    hinted = [q for hint in scale_hints for q in quantities(hint.lower())]
    out: list[Finding] = []
    for claim in claims:
        if not claim.states:
            continue
        out += _contradictions(claim, contradictions)
        if _DIGIT.search(claim.plain) is None:
            continue  # no figure: nothing to add up or to compare with the brief
        figures = quantities(claim.plain)
        out += _arithmetic(claim, figures) or _product(claim)
        out += _against_hints(claim, hinted, figures)
    return tuple(out)


_DIGIT = re.compile(r"\d")


def _contradictions(claim: Claim, pairs: Sequence[Contradiction]) -> list[Finding]:
    for pair in pairs:
        if found(claim.plain, pair.first) and found(claim.plain, pair.second):
            if _CONTRAST.search(claim.plain):
                return []
            return [Finding("contradiction", pair.label, claim.quote, pair.why)]
    return []


def _arithmetic(claim: Claim, figures: Sequence[Quantity]) -> list[Finding]:
    """A daily (or monthly) figure and a per-second one for the same thing, 10x apart
    (``figures`` are the claim's :func:`quantities`)."""
    slow = [q for q in figures if q.per_second is not None and q.per_second < q.value]
    fast = [q for q in figures if q.per_second is not None and q.per_second == q.value]
    burst: bool | None = None  # looked up only when a pair is far apart
    for day in slow:
        if day.noun in _COUNT_NOUNS:
            continue
        # The first rate after a daily figure is its average; later ones are usually peaks.
        for second in fast[:1]:
            if second.noun and day.noun and not _same_noun(second.noun, day.noun):
                continue
            assert day.per_second is not None
            ratio = second.value / day.per_second if day.per_second else 0.0
            if ratio >= SLIP and burst is None:
                burst = _BURST.search(claim.plain) is not None
            if ratio >= SLIP and not burst or 0 < ratio <= 1 / SLIP:
                why = (
                    f"{_figure(day)} is about {round_figure(day.per_second)} a second, not "
                    f"{round_figure(second.value)}: check the arithmetic (a day has ~86,400 s)."
                )
                return [Finding("arithmetic", _DOES_NOT_ADD_UP, claim.quote, why)]
    return []


def _product(claim: Claim) -> list[Finding]:
    why = product_slip(claim.plain)
    return [] if why is None else [Finding("arithmetic", _DOES_NOT_ADD_UP, claim.quote, why)]


def _against_hints(
    claim: Claim, hinted: Sequence[Quantity], figures: Sequence[Quantity]
) -> list[Finding]:
    """A figure 10x away from the question's own hint for the same thing and period
    (``figures`` are the claim's :func:`quantities`)."""
    if not hinted or not any(q.noun and q.per_second is not None for q in figures):
        return []  # no rate to compare
    if _PER_THING.search(claim.plain):
        return []  # "5k requests/s per server" is a share of the load, not the load
    for mine in figures:
        if not mine.noun:
            continue
        for hint in hinted:
            # Only rates: a count ("200 files") has too many legitimate readings.
            if mine.per_second is None or hint.per_second is None:
                continue
            if not _same_noun(mine.noun, hint.noun):
                continue
            a, b = mine.per_second, hint.per_second
            if a and b and (a / b >= SLIP or b / a >= SLIP):
                why = (
                    f"The question expects about {round_figure(hint.value)} {hint.noun}"
                    f"{_period_word(hint)}; planning for {round_figure(mine.value)} changes "
                    "the design."
                )
                return [Finding("scale", "A scale far from the question's", claim.quote, why)]
    return []


def quantities(text: str) -> list[Quantity]:
    """Numbers with an optional scale word, noun and period: "10m payments a day"."""
    out = []
    for match in _QUANTITY.finditer(text):
        number, scale, noun, period = match.groups()
        try:
            value = float(number.replace(",", "")) * SCALE.get(scale or "", 1.0)
        except ValueError:
            continue
        if "daily" in match.group(0) and not period:
            period = "daily"
        seconds, words = _period(period or "")
        noun = noun or ""
        if noun in ("per", "a", "an", "each", "every", "qps", "rps", "tps"):
            noun = ""
        out.append(Quantity(value, noun, value / seconds if seconds else None, words))
    return out


def _period(text: str) -> tuple[float | None, str]:
    for pattern, seconds, words in _PERIODS:
        if text and re.fullmatch(pattern, text.strip()):
            return seconds, words
    return None, ""


def _same_noun(a: str, b: str) -> bool:
    """ "payments" and "payment" are one noun; a unit letter ("s", "ms") is none."""
    return len(a) > 2 and len(b) > 2 and a.rstrip("s")[:6] == b.rstrip("s")[:6]


def _figure(q: Quantity) -> str:
    return f"{round_figure(q.value)} {q.noun}".strip() + _period_word(q)


def _period_word(q: Quantity) -> str:
    return f" {q.period}" if q.period else ""
