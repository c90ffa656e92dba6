"""The interviewer's lines, one tuple of variants per moment of the interview, as typed,
immutable content (validated from ``prompts/lines.yaml`` by :mod:`bot.content.lines_schema`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Lines:
    """The interviewer's lines. Each entry is a tuple of variants; the engine picks one
    deterministically per interview so the same interview always reads the same.

    Variants may use ``str.format`` placeholders; the ones available are documented per
    field in ``prompts/lines.yaml``.
    """

    question_intro: tuple[str, ...]  # {title} {prompt}
    phase_intro: dict[str, tuple[str, ...]]  # by phase id: {title} {minutes} {covers}
    nudge_half: tuple[str, ...]  # {title} {remaining}
    nudge_closing: tuple[str, ...]  # {title} {remaining}
    time_up: tuple[str, ...]  # {title} {next_title}
    time_up_waiting: tuple[str, ...]  # {title} {next_title}: a phase waiting to be moved on
    time_up_last: tuple[str, ...]  # {title}: the last phase, waiting likewise
    deep_dive_offer: tuple[str, ...]  # {topics} (a numbered list)
    topic_chosen: tuple[str, ...]  # {topic} {problem}
    pivot_silence: tuple[str, ...]  # {user} {title}
    pivot_overrun: tuple[str, ...]  # {title} {over}
    pivot_scaling_early: tuple[str, ...]  # {user}
    pivot_stuck: tuple[str, ...]  # {topic}
    time_management: tuple[str, ...]  # {remaining}
    followups: dict[str, tuple[str, ...]]  # by category
    paused: tuple[str, ...]
    resumed: tuple[str, ...]  # {title} {remaining}
    extended: tuple[str, ...]  # {title} {minutes} {remaining}
    finished: tuple[str, ...]
    caught_up: tuple[str, ...]  # {title} (after downtime spanning phases)
