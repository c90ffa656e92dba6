"""The shape of ``lines.yaml``: one list of variants per moment of the interview (the
placeholders each may use are checked by :mod:`bot.content.placeholders`)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from bot.content.schema import Category, PhaseId, Strict, Text, require_phases

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
