"""Deterministic choice of the interviewer's wording.

Each interview has a seed; the same seed and key always pick the same variant, so a
restarted interview says exactly what it would have said, and two interviews differ.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import timedelta


def pick(variants: Sequence[str], *, seed: int, key: str) -> str:
    """Return one of ``variants``, stable for a given (seed, key)."""
    if not variants:
        raise ValueError(f"no variants for {key!r}")
    return variants[zlib.crc32(f"{seed}:{key}".encode()) % len(variants)]


def say(variants: Sequence[str], *, seed: int, key: str, **values: object) -> str:
    """Pick a variant and fill its placeholders."""
    return pick(variants, seed=seed, key=key).format(**values)


def human_duration(delta: timedelta) -> str:
    """'45 seconds', '1 minute 30 seconds', '12 minutes', '2 hours', '1 day 4 hours'."""
    seconds = max(0, round(delta.total_seconds()))
    if seconds < 60:
        return _unit(seconds, "second")
    if seconds < 600:
        minutes, rest = divmod(seconds, 60)
        return _unit(minutes, "minute") + (f" {_unit(rest, 'second')}" if rest else "")
    minutes = round(seconds / 60)
    if minutes < 120:
        return _unit(minutes, "minute")
    hours = round(seconds / 3600)
    if hours < 48:
        return _unit(hours, "hour")
    days, rest = divmod(hours, 24)
    return _unit(days, "day") + (f" {_unit(rest, 'hour')}" if rest else "")


def _unit(n: int, name: str) -> str:
    return f"{n} {name}" if n == 1 else f"{n} {name}s"
