"""Products written out ("50M entries x 16 bytes = 800 MB"): a slip of 4x or more is found.

Only an explicit chain of multiplications and the result it is said to give are compared,
in units (bytes or counts); a chain with a time, a share or bits in it is left alone.
"""

from __future__ import annotations

import re

from bot.engine.figures import BYTES, SCALE, round_bytes, round_figure

PRODUCT_SLIP = 4.0
"""For a product written out, rounding explains 2x, never 4x."""

_FACTOR = re.compile(
    r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)\s*(k|m|bn|b|thousand|million|billion|kb|mb|gb|tb|pb"
    r"|bytes?|bits?|ms|%|s|sec|seconds?|min|minutes?|hours?|h|days?|weeks?|months?|years?|y)?"
    r"(?![\w])"
)
_TIMES = re.compile(
    r"^[a-z /-]{0,30}?(?:\bx\b|\*|\btimes\b)(?:\s*(?:~|about|around|roughly))*\s*$|^\s*x~?$"
)
_PERIOD_UNITS = frozenset(
    ("ms", "%", "s", "sec", "second", "seconds", "min", "minute", "minutes", "h", "hour", "hours",
     "day", "days", "week", "weeks", "month", "months", "year", "years", "y", "bit", "bits")
)  # fmt: skip
_GIVES = re.compile(
    r"^[a-z /-]{0,30}?(?:=|≈|~|->|\bis\b(?:\s+(?:only|just|roughly|about|around|~))*"
    r"|\bcomes to\b|\bgives\b|\bthat's\b)(?:\s*(?:about|around|roughly|only|~))*\s*$"
)


def product_slip(text: str) -> str | None:
    """What is wrong with the first product in ``text`` that does not add up ("1M hotels x
    5 room types x 730 nights is about 370M rows": 3.65B), or None when all add up."""
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
                why = _check_product(chain, nxt)
                if why:
                    return why
            break
    return None


def _check_product(factors: list[re.Match[str]], result: re.Match[str]) -> str | None:
    # "500B" is a size when the result is one ("≈ 3 TB") and no other factor is ("6B x 500B");
    # otherwise "B" is a billion ("25B messages x 200 bytes").
    units = [m.group(2) or "" for m in factors]
    sized = (result.group(2) or "") in BYTES and not any(u in BYTES for u in units)
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
    show = round_bytes if (result.group(2) or "") in BYTES else round_figure
    return f"The product is about {show(product)}, not {show(said)}: check the arithmetic."


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
    return value * SCALE.get(unit, BYTES.get(unit, 1.0))
