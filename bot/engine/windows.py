"""Each phase's window as it closes: when, whether by the clock, the time added to its
budget and the time its clock stood still, which the retrospective judges time used by."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from bot.engine.out import Out


def close_window(out: Out, at: datetime, *, by_clock: bool = False) -> None:
    """End the current phase's window at ``at``; a pause still running counts as paused.
    ``by_clock``: its time ran out (late replies may still count for it)."""
    paused_at = out.state.paused_at
    held = max(at - paused_at, timedelta()) if paused_at is not None else timedelta()
    add_to_window(out, paused=held)
    windows = list(out.state.windows)
    windows[-1] = replace(windows[-1], ended_at=at, by_clock=by_clock)
    out.state = out.state.evolve(windows=tuple(windows))


def add_to_window(
    out: Out, *, extended: timedelta = timedelta(), paused: timedelta = timedelta()
) -> None:
    """Note time added to the current phase's budget, or time its clock stood still."""
    windows = list(out.state.windows)
    last = windows[-1]
    windows[-1] = replace(last, extended=last.extended + extended, paused=last.paused + paused)
    out.state = out.state.evolve(windows=tuple(windows))
