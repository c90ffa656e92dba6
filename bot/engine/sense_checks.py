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
from bot.engine.reading import Claim, found

SLIP = 10.0
"""A figure this many times too big or too small is a finding."""
PRODUCT_SLIP = 4.0
"""For a product written out ("a x b = c"), rounding explains 2x, never 4x."""

_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9}
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
        out += _arithmetic(claim) or _product(claim)
        out += _against_hints(claim, hinted)
    return tuple(out)


def _contradictions(claim: Claim, pairs: Sequence[Contradiction]) -> list[Finding]:
    if _CONTRAST.search(claim.plain):
        return []
    for pair in pairs:
        if found(claim.plain, pair.first) and found(claim.plain, pair.second):
            return [Finding("contradiction", pair.label, claim.quote, pair.why)]
    return []


def _arithmetic(claim: Claim) -> list[Finding]:
    """A daily (or monthly) figure and a per-second one for the same thing, 10x apart."""
    found_ = quantities(claim.plain)
    slow = [q for q in found_ if q.per_second is not None and q.per_second < q.value]
    fast = [q for q in found_ if q.per_second is not None and q.per_second == q.value]
    burst = _BURST.search(claim.plain) is not None
    for day in slow:
        if day.noun in _COUNT_NOUNS:
            continue
        # The first rate after a daily figure is its average; later ones are usually peaks.
        for second in fast[:1]:
            if second.noun and day.noun and not _same_noun(second.noun, day.noun):
                continue
            assert day.per_second is not None
            ratio = second.value / day.per_second if day.per_second else 0.0
            if ratio >= SLIP and not burst or 0 < ratio <= 1 / SLIP:
                why = (
                    f"{_figure(day)} is about {_round(day.per_second)} a second, not "
                    f"{_round(second.value)}: check the arithmetic (a day has ~86,400 s)."
                )
                return [Finding("arithmetic", "An estimate that does not add up", claim.quote, why)]
    return []


_FACTOR = re.compile(
    r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)\s*(k|m|bn|b|thousand|million|billion|kb|mb|gb|tb|pb"
    r"|bytes?|bits?|ms|%|s|sec|seconds?|min|minutes?|hours?|h|days?|weeks?|months?|years?|y)?"
    r"(?![\w])"
)
_BYTES = {"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "pb": 1e15, "byte": 1.0, "bytes": 1.0}
_TIMES = re.compile(r"^[a-z /-]{0,30}?(?:\bx\b|\*|\btimes\b)\s*~?\s*$|^\s*x~?$")
_PERIOD_UNITS = frozenset(
    ("ms", "%", "s", "sec", "second", "seconds", "min", "minute", "minutes", "h", "hour", "hours",
     "day", "days", "week", "weeks", "month", "months", "year", "years", "y", "bit", "bits")
)  # fmt: skip
_GIVES = re.compile(
    r"^[a-z /-]{0,30}?(?:=|≈|~|->|\bis\b(?:\s+(?:only|just|roughly|about|around|~))*"
    r"|\bcomes to\b|\bgives\b|\bthat's\b)(?:\s*(?:about|around|roughly|only|~))*\s*$"
)


def _product(claim: Claim) -> list[Finding]:
    """A product worked out wrong: "1M hotels x 5 room types x 730 nights is about 370M rows"
    (3.65B). Only an explicit chain of multiplications and its result are compared."""
    text = claim.plain
    numbers = list(_FACTOR.finditer(text))
    for start in range(len(numbers) - 2):
        if start and _TIMES.match(text[numbers[start - 1].end() : numbers[start].start()]):
            continue  # inside a chain that starts earlier
        chain = [numbers[start]]
        for nxt in numbers[start + 1 :]:
            gap = text[chain[-1].end() : nxt.start()]
            if _TIMES.match(gap):
                chain.append(nxt)
                continue
            if len(chain) >= 2 and _GIVES.match(gap):
                finding = _check_product(chain, nxt, claim)
                if finding:
                    return [finding]
            break
    return []


def _check_product(
    factors: list[re.Match[str]], result: re.Match[str], claim: Claim
) -> Finding | None:
    # "500B" is a size when the result is one ("≈ 3 TB") and no other factor is ("6B x 500B");
    # otherwise "B" is a billion ("25B messages x 200 bytes").
    units = [m.group(2) or "" for m in factors]
    sized = (result.group(2) or "") in _BYTES and not any(u in _BYTES for u in units)
    size_at = max((i for i, u in enumerate(units) if u == "b"), default=-1) if sized else -1
    values = [_base_value(m, size=i == size_at) for i, m in enumerate(factors)]
    values.append(_base_value(result, size=False))
    if any(v is None for v in values):
        return None  # a time or a percentage: not a product of counts and sizes
    *parts, said = values
    product = 1.0
    for v in parts:
        assert v is not None
        product *= v
    if not said or not product or 1 / PRODUCT_SLIP < product / said < PRODUCT_SLIP:
        return None
    show = _round_bytes if (result.group(2) or "") in _BYTES else _round
    why = f"The product is about {show(product)}, not {show(said)}: check the arithmetic."
    return Finding("arithmetic", "An estimate that does not add up", claim.quote, why)


def _base_value(match: re.Match[str], *, size: bool) -> float | None:
    """The number in units (bytes or a count); None for a time, a share or bits."""
    number, unit = match.group(1), (match.group(2) or "")
    if unit in _PERIOD_UNITS:
        return None
    try:
        value = float(number.replace(",", ""))
    except ValueError:
        return None
    if size and unit == "b":
        return value
    return value * _SCALE.get(unit, _BYTES.get(unit, 1.0))


def _against_hints(claim: Claim, hinted: Sequence[Quantity]) -> list[Finding]:
    """A figure 10x away from the question's own hint for the same thing and period."""
    if _PER_THING.search(claim.plain):
        return []  # "5k requests/s per server" is a share of the load, not the load
    for mine in quantities(claim.plain):
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
                    f"The question expects about {_round(hint.value)} {hint.noun}"
                    f"{_period_word(hint)}; planning for {_round(mine.value)} changes the design."
                )
                return [Finding("scale", "A scale far from the question's", claim.quote, why)]
    return []


def quantities(text: str) -> list[Quantity]:
    """Numbers with an optional scale word, noun and period: "10m payments a day"."""
    out = []
    for match in _QUANTITY.finditer(text):
        number, scale, noun, period = match.groups()
        try:
            value = float(number.replace(",", "")) * _SCALE.get(scale or "", 1.0)
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
    return f"{_round(q.value)} {q.noun}".strip() + _period_word(q)


def _period_word(q: Quantity) -> str:
    return f" {q.period}" if q.period else ""


def _round(value: float) -> str:
    for size, word in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if value >= size:
            return f"{value / size:.3g}{word}"
    return f"{value:.3g}"


def _round_bytes(value: float) -> str:
    for size, word in ((1e15, "PB"), (1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "KB")):
        if value >= size:
            return f"{value / size:.3g} {word}"
    return f"{value:.3g} bytes"
