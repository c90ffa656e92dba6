"""The shape of ``lines.yaml`` and the placeholders each line may use.

The engine fills lines with ``str.format``; a placeholder it does not supply would fail in
the middle of someone's interview, so unknown ones are refused when the content is loaded.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import Field, field_validator

from bot.content.locations import Loc
from bot.content.schema import Category, PhaseId, Strict, Text, require_phases

# Field of ``Lines`` -> the placeholders the engine supplies for it. Keep in step with the
# comments in ``bot/content/model.py`` and the header of ``prompts/lines.yaml``.
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

Variants = Annotated[list[Text], Field(min_length=1)]


class LinesFile(Strict):
    question_intro: Variants
    phase_intro: dict[PhaseId, Variants]
    nudge_half: Variants
    nudge_closing: Variants
    time_up: Variants
    time_up_waiting: Variants
    time_up_last: Variants
    deep_dive_offer: Variants
    topic_chosen: Variants
    pivot_silence: Variants
    pivot_overrun: Variants
    pivot_scaling_early: Variants
    pivot_stuck: Variants
    time_management: Variants
    followups: dict[Category, Variants]
    paused: Variants
    resumed: Variants
    extended: Variants
    finished: Variants
    caught_up: Variants

    @field_validator("phase_intro")
    @classmethod
    def _every_phase(cls, by_phase: dict[str, list[str]]) -> dict[str, list[str]]:
        require_phases(by_phase)
        return by_phase


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
