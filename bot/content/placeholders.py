"""The placeholders each interviewer line may use, and the check that a line uses no other.

The engine fills lines with ``str.format``; a placeholder it does not supply would fail in
the middle of someone's interview, so unknown ones are refused when the content is loaded.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from typing import Any

from bot.content.locations import Loc

# Field of ``Lines`` -> the placeholders the engine supplies for it. Keep in step with the
# comments in ``bot/content/lines.py`` and the header of ``prompts/lines.yaml``.
PLACEHOLDERS: dict[str, frozenset[str]] = {
    name: frozenset(names.split())
    for name, names in {
        "question_intro": "title prompt",
        "phase_intro": "title minutes covers",
        "nudge_half": "title remaining",
        "nudge_closing": "title remaining",
        "time_up": "title next_title",
        "time_up_waiting": "title next_title",
        "time_up_last": "title",
        "deep_dive_offer": "topics",
        "topic_chosen": "topic problem",
        "pivot_silence": "user title",
        "pivot_overrun": "title over",
        "pivot_scaling_early": "user",
        "pivot_stuck": "topic",
        "time_management": "remaining",
        "followups": "",
        "paused": "",
        "resumed": "title remaining",
        "extended": "title minutes remaining",
        "finished": "",
        "caught_up": "title",
    }.items()
}


def placeholder_problems(
    data: dict[str, Any], *, placeholders: dict[str, frozenset[str]] = PLACEHOLDERS
) -> Iterator[tuple[Loc, str]]:
    """Yield ``(location, message)`` for every variant using a placeholder its key lacks."""
    for key, allowed in placeholders.items():
        value = data.get(key)
        groups = value.items() if isinstance(value, dict) else [(None, value)]
        for group, variants in groups:
            if not isinstance(variants, list):
                continue
            for index, variant in enumerate(variants):
                if not isinstance(variant, str):
                    continue
                loc: Loc = (key, index) if group is None else (key, group, index)
                problem = _check_variant(variant, allowed)
                if problem:
                    yield loc, problem


def _check_variant(variant: str, allowed: frozenset[str]) -> str | None:
    known = ", ".join(f"{{{name}}}" for name in sorted(allowed)) or "none"
    try:
        parsed = list(string.Formatter().parse(variant))
    except ValueError as exc:
        return f"bad braces ({exc}); write {{{{ and }}}} for literal braces"
    for _, name, spec, _ in parsed:
        if name is None:
            continue
        if spec and "{" in spec:
            return "nested placeholders in a format spec are not supported"
        if name not in allowed:
            shown = f"{{{name}}}" if name else "{}"
            return f"unknown placeholder {shown}; this line may use: {known}"
    return None
