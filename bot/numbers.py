"""Numbers people type (minutes, days, weeks, interview and schedule numbers): one parser,
so every one has a range and a sentence that says what was expected.

``str.isdigit`` is not enough: it accepts ``"²"``, which ``int`` refuses, and it accepts 23
digits, which no database column holds. Here only ASCII digits count, and a number outside
its range is refused before it reaches storage.
"""

from __future__ import annotations

import re

MAX_ID = 2**31 - 1
"""The largest row id: PostgreSQL's ``integer``. A bigger number names no stored row."""

_WHOLE = re.compile(r"[+]?([0-9]+)", re.ASCII)
_MAX_DIGITS = 12


class NumberError(ValueError):
    """A typed number that is not a whole number in its range; ``str()`` is a sentence for
    the person who typed it."""


def whole_number(text: str, *, low: int, high: int, what: str, example: str = "") -> int:
    """``text`` (ASCII digits, an optional ``+``) as an int from ``low`` to ``high``.

    ``what`` names the number in the message (``"minutes for `/drill extend`"``); ``example``
    is appended as "e.g. ...". Raises :class:`NumberError`.
    """
    value = _value(text)
    if value is None or not low <= value <= high:
        hint = f", e.g. {example}" if example else ""
        raise NumberError(
            f"{_shown(text)} isn't {what}: use a whole number from {low} to {high}{hint}."
        )
    return value


def record_id(text: str, *, what: str, hint: str) -> int:
    """A row number someone typed (``12`` or ``#12``), from 1 to :data:`MAX_ID`.

    ``hint`` says where to find the numbers (``"`/drill history` lists yours"``). Raises
    :class:`NumberError`.
    """
    value = _value(text.strip().removeprefix("#"))
    if value is None or not 1 <= value <= MAX_ID:
        raise NumberError(f"{_shown(text)} isn't {what}: {hint}.")
    return value


def _value(text: str) -> int | None:
    match = _WHOLE.fullmatch(text.strip())
    if match is None or len(match[1].lstrip("0")) > _MAX_DIGITS:
        return None
    return int(match[1])


def _shown(text: str) -> str:
    shown = text.replace("`", "").strip()[:30]
    return f"`{shown}`" if shown else "Nothing"
