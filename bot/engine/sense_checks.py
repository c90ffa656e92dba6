"""Claims that cannot all be true: contradictions, rates 4x off their daily figure, scale far
from the brief (products written out are :mod:`bot.engine.products`).

Each finding quotes the sentence. The checks stay narrow on purpose: a false alarm costs a
sound candidate points, so a rate is compared only with a daily figure of the same thing in
the same sentence, and with the question's hints only for the same noun and period.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.content.model import Contradiction
from bot.engine.figures import SCALE, round_figure
from bot.engine.products import product_slip
from bot.engine.reading import Claim, found

SLIP = 10.0
"""A figure more than this many times away from the question's hint is a finding."""
SAID_FOR = 40
"""The most characters between a daily figure and the rate said for it ("1B clicks a day works
out to roughly 11.6k/s"); a rate further on speaks of something else."""
RATE_SLIP = 4.0
"""A daily figure and the rate said for it this many times apart is a finding: rounding
explains 2x, never 4x (as for products, :mod:`bot.engine.products`)."""
_DOES_NOT_ADD_UP = "An estimate that does not add up"

_PERIODS = (
    (
        r"/\s*s(?:ec)?\b|per\s+sec(?:ond)?\b|(?:in\s+)?a\s+sec(?:ond)?\b|qps\b|rps\b|tps\b",
        1.0,
        "a second",
    ),
    (r"/\s*min\b|per\s+minute\b|(?:in\s+)?a\s+minute\b", 60.0, "a minute"),
    (r"/\s*h(?:ou)?r\b|per\s+hour\b|(?:in\s+)?an\s+hour\b", 3600.0, "an hour"),
    (r"/\s*day\b|per\s+day\b|(?:in\s+)?a\s+day\b|daily\b|each\s+day\b", 86400.0, "a day"),
    (r"/\s*month\b|per\s+month\b|a\s+month\b|monthly\b", 2.6e6, "a month"),
)
_QUANTITY = re.compile(
    r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)\s*(k|m|b|bn|thousand|million|billion)?(?![\w])"
    r"\s*(?:(?:new|daily|active)\s+)?(?!(?:a|an|per|in)\b)([a-z]+)?"
    r"(?:\s+(?!(?:a|an|per|in|of|at|on|for|to|with|by|and|or|is|are)\b)([a-z]+))?\s*("
    + "|".join(p for p, _, _ in _PERIODS)
    + r")?"
)
_BURST = re.compile(
    r"\b(?:peak|burst|spike|max|maximum|busy|busiest|sale|black friday|launch|hot|viral)"
)
_PER_THING = re.compile(
    r"\b(?:per|each|every)\s+(?!(?:second|sec|s|minute|min|hour|day|month|year|week)\b)\w"
    r"|\beach\s*[~≈]?\s*\d|(?:/\s*s|/\s*day|rps|qps|per second|a second|a day|per day)\s+each\b"
    r"|\b(?:one|1|a single|hot|per|a|for)\s+(?:keys?|clients?|users?|accounts?|hosts?|tenants?)\b"
    r"|/\s*(?!(?:s|sec|second|min|minute|hr|hour|day|month|year|week)\b)[a-z]{2,}"
)
"""A share of the load ("5k rps each", "one key at 50k rps", "5k/s per server"), not the load."""
PEAK_ABOVE = 30.0
"""A peak this many times the question's figure is still a peak, not another scale."""
_ALLOWANCE = re.compile(
    r"\b(?:limits?|quotas?|allow(?:ed|s)?|fine at|even at|ok at|okay at|if over|when over|429"
    r"|throttl\w*|can take|can do|can handle|can sustain|capacity)\b"
)
"""A limit granted to one client, or a load the design would still take: not the plan."""
_SIZE_UNITS = frozenset(
    ("b", "kb", "mb", "gb", "tb", "pb", "eb", "byte", "bytes", "bit", "bits", "kbps", "mbps",
     "gbps", "tbps")
)  # fmt: skip
"""A figure in these is a size or a bandwidth, never compared with a count of things."""
_FACTOR_BEFORE = re.compile(
    r"(?:\bx|×|\*|\btimes|\b(?:doing|making|sending|posting|with|who do|who make|each do"
    r"|each make|each send))\s*[~≈]?\s*(?:about\s+|around\s+|roughly\s+)?$"
)
_FACTOR_AFTER = re.compile(r"^\s*(?:x\b|×|\*|times\b)")
"""A figure multiplied by another ("100M people x 5 searches a day") is per person, not the
total: the total is the product."""
_COUNT_NOUNS = frozenset({"users", "user", "people", "dau", "mau", "servers", "keys"})
_CONTRAST = re.compile(
    r"\b(?:but|while|whereas|except|for|only|than|vs|versus|instead|rather|unlike|where|when"
    r"|whether|not|per|between|until|then|after|before|or|either|choose|choice|tunable"
    r"|configurable|means|go to|goes to|rules? out|ruled out|strong eventual)\b|\|"
)
"""Words that put the two sides of a contradiction on different data, times or choices:
"strong for balances but eventual for the feed", "consistency=strong|eventual", "strong reads
go to the leader, eventual ones to any replica"; and CRDTs' "strong eventual consistency"."""


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
    at: int = 0
    end: int = 0
    """Where it starts and ends in the text."""
    factor: bool = False
    """Multiplied by another figure: a rate per person or per thing, not the total."""

    @property
    def size(self) -> bool:
        """A size or bandwidth ("5 TB a day", "3 Mbps"), not a count."""
        return self.noun in _SIZE_UNITS


def sense_checks(
    claims: Sequence[Claim],
    *,
    contradictions: Sequence[Contradiction],
    scale_hints: Sequence[str],
) -> tuple[Finding, ...]:
    """Findings in the order they were said, at most one of each kind per sentence."""
    hinted = [q for hint in scale_hints for q in _named(quantities(hint.lower()))]
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
    """A daily (or monthly) figure and the per-second one said for it, 4x apart (``figures``
    are the claim's :func:`quantities`). The rate paired is the first one after the daily
    figure and before the next: "10M/day (~115/s), campaigns 50M/hour (~14k/s)" pairs each
    with its own; later rates are usually peaks."""
    counts = [q for q in figures if q.per_second is not None and not q.size]
    burst: bool | None = None  # looked up only when a pair is far apart
    for i, day in enumerate(counts):
        if day.per_second is None or day.per_second == day.value:
            continue  # not a daily (hourly, monthly) figure
        if day.noun in _COUNT_NOUNS or day.factor or i + 1 == len(counts):
            continue
        second = counts[i + 1]
        if second.per_second != second.value or second.at - day.end > SAID_FOR:
            continue  # another daily figure, or a rate said about something else
        if second.noun and day.noun and not _same_noun(second.noun, day.noun):
            continue
        ratio = second.value / day.per_second if day.per_second else 0.0
        if ratio >= RATE_SLIP and burst is None:
            burst = _BURST.search(claim.plain) is not None
        if ratio >= RATE_SLIP and not burst or 0 < ratio <= 1 / RATE_SLIP:
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
    if _PER_THING.search(claim.plain) or _ALLOWANCE.search(claim.plain):
        return []  # "5k requests/s per server" is a share of the load, not the load
    burst = _BURST.search(claim.plain) is not None
    for mine in figures:
        # Only rates: a count ("200 files") has too many legitimate readings.
        if not mine.noun or mine.size or mine.factor or not mine.per_second:
            continue
        same = [h for h in hinted if h.per_second and h.noun and _same_noun(mine.noun, h.noun)]
        far = [h for h in same if not _near(mine.per_second, h.per_second or 0.0, burst)]
        if same and len(far) == len(same):  # far from every figure the question gives
            hint = far[0]
            why = (
                f"The question expects about {round_figure(hint.value)} {hint.noun}"
                f"{_period_word(hint)}; planning for {round_figure(mine.value)} changes "
                "the design."
            )
            return [Finding("scale", "A scale far from the question's", claim.quote, why)]
    return []


def _near(mine: float, hint: float, burst: bool) -> bool:
    """Within :data:`SLIP` of the question's figure, or a peak up to :data:`PEAK_ABOVE` it.
    Planning 10x above the question is headroom; 10x below it misses the question."""
    if burst and hint < mine <= PEAK_ABOVE * hint:
        return True
    return mine / hint <= SLIP and hint / mine < SLIP


def quantities(text: str) -> list[Quantity]:
    """Numbers with an optional scale word, noun and period: "10m payments a day"."""
    out = []
    for match in _QUANTITY.finditer(text):
        number, scale, first, head, period = match.groups()
        noun = head or first  # "score changes": the last word names the thing
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
        factor = bool(
            _FACTOR_BEFORE.search(text[max(0, match.start() - 30) : match.start()])
            or _FACTOR_AFTER.match(text[match.end() :])
        )
        rate = value / seconds if seconds else None
        out.append(Quantity(value, noun, rate, words, match.start(), match.end(), factor))
    return out


def _named(figures: list[Quantity]) -> list[Quantity]:
    """A hint's rate without a noun takes the one before it: in "~250 score updates/s on
    average, 5k/s when a tournament ends" both are updates."""
    out, last = [], ""
    for q in figures:
        if not q.noun and last and q.per_second is not None:
            q = dataclasses.replace(q, noun=last)
        last = q.noun if q.per_second is not None and q.noun else last
        out.append(q)
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
