"""The bar under the practice prompt: the phase, a live countdown and what the phase should
cover, as prompt_toolkit text (its style classes are in :mod:`bot.terminal.interactive`)."""

from __future__ import annotations

from datetime import datetime, timedelta

from prompt_toolkit.formatted_text import FormattedText

from bot.interviews.practice import Progress


def toolbar(progress: Progress | None, now: datetime) -> FormattedText:
    """'API design · phase 3 of 7 · 4:32 left · 31:10 in all', then the phase's checklist."""
    if progress is None:
        return FormattedText([("", " starting…")])
    left = progress.left(now)
    if progress.paused_at is not None:
        clock = ("class:paused", f"paused with {clock_text(left)} left · /resume")
    else:
        clock = ("class:late" if not left else "class:clock", f"{clock_text(left)} left")
    parts = [
        ("class:phase", f" {progress.title}"),
        ("", f" · phase {progress.phase_number} of {progress.phases} · "),
        clock,
        ("", f" · {clock_text(left + progress.later)} in all · /help"),
    ]
    parts += [("class:covers", f"\n  ☐ {item}") for item in progress.covers]
    return FormattedText(parts)


def clock_text(left: timedelta) -> str:
    """'4:05', or '1:02:05' past an hour."""
    minutes, seconds = divmod(int(left.total_seconds()), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
