"""Products written out ("50M entries x 16 bytes = 800 MB"): a slip of 4x or more is found.

Only an explicit chain of multiplications and the result it is said to give are compared,
in units (bytes or counts); a chain with a time, a share or bits in it is left alone, and a
chain whose result is a rate may be turned by its period (a day's product said per second).
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
    r"^[a-z /-]{0,30}?(?:=|≈|->|\bis\b(?:\s+(?:only|just|roughly|about|around|~))*"
    r"|\bcomes to\b|\bgives\b|\bthat's\b)(?:\s*(?:about|around|roughly|only|~))*\s*$"
    r"|^\s*~\s*$"
)
"""What says a result: "=", "is about", "->"; "~" only on its own ("x 200 B ~ 70 GB"), as
"at ~50k per hub" gives nothing."""
_RATE = re.compile(
    r"/\s*(?:s|sec|second|min|minute|h|hr|hour|day|month)\b|\bper\s+(?:second|sec|minute|hour"
    r"|day|month)\b|\b(?:a|an)\s+(?:second|minute|hour|day|month)\b|\b(?:qps|rps|tps|daily)\b"
)
"""A period in a chain or after its result: the product is a rate, and the period may turn
it (100M users x 20 searches = 2B a day -> "23k/s")."""
_PERIOD_SECONDS = (1.0, 60.0, 3600.0, 86400.0, 2.6e6)
_PER_THING_AT = r"^\s*\w*\s*(?:/\s*|per\s+)(?!s\b|sec|second|min|h\b|hr|hour|day|month)[a-z]{2,}"
_PER_THING = re.compile(_PER_THING_AT)
"""A factor per thing ("10 GB/user"): the chain is not a plain product."""
_RANGE_OR_SHARE = re.compile(rf"^\s*(?:-|–|to)\s*\d|{_PER_THING_AT}|^\s*\w*\s*(?:for|each)\b")
"""A result given as a range ("4-5 GB"), or per thing ("100 MB for 1M keys", "2 GB/user"): not
comparable."""


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
            if len(chain) >= 2 and _GIVES.match(gap) and _comparable(text, chain, nxt):
                why = _check_product(chain, nxt, timed=_timed(text, chain, nxt))
                if why:
                    return why
            break
    return None


def _comparable(text: str, chain: list[re.Match[str]], result: re.Match[str]) -> bool:
    """Not a range or a per-thing result, and no factor given per thing."""
    if _RANGE_OR_SHARE.match(text[result.end() :]):
        return False
    return not any(_PER_THING.match(text[m.end() :]) for m in chain)


def _timed(text: str, chain: list[re.Match[str]], result: re.Match[str]) -> bool:
    """A period is said in the chain or right after its result (see :data:`_RATE`)."""
    return _RATE.search(text[chain[0].start() : result.end() + 24]) is not None


def _check_product(
    factors: list[re.Match[str]], result: re.Match[str], *, timed: bool = False
) -> str | None:
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
    if timed and any(
        1 / PRODUCT_SLIP < product * k / said < PRODUCT_SLIP
        for seconds in _PERIOD_SECONDS
        for k in (seconds, 1 / seconds)
    ):
        return None  # a daily product said as a rate per second, or the reverse
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
