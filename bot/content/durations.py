"""Durations as content authors write them: ``30s``, ``4m``, ``6h``, ``2d``, ``1h30m``."""

from __future__ import annotations

import re
from datetime import timedelta

_DURATION = re.compile(
    r"^(?:(?P<d>\d+)d)?\s*(?:(?P<h>\d+)h)?\s*(?:(?P<m>\d+)m)?\s*(?:(?P<s>\d+)s)?$"
)
HINT = "a duration like '30s', '4m', '6h', '2d' or '1h30m'"


def parse_duration(text: str) -> timedelta:
    """Parse a positive duration made of day/hour/minute/second parts, largest unit first.

    Raises ``ValueError`` with a message meant for a content author when ``text`` is not one.
    """
    match = _DURATION.match(text.strip().lower())
    if not text.strip() or match is None:
        raise ValueError(f"expected {HINT}, got {text!r}")
    parts = {unit: int(value) for unit, value in match.groupdict(default="0").items()}
    delta = timedelta(days=parts["d"], hours=parts["h"], minutes=parts["m"], seconds=parts["s"])
    if delta <= timedelta():
        raise ValueError(f"expected a positive duration, got {text!r}")
    return delta


def format_duration(delta: timedelta) -> str:
    """The inverse of :func:`parse_duration`, for messages: 90 minutes -> ``1h30m``."""
    seconds = int(delta.total_seconds())
    out = ""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if seconds >= size:
            out += f"{seconds // size}{unit}"
            seconds %= size
    return out or "0s"
