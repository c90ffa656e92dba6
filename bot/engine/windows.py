"""Each phase's window as it closes: when, whether by the clock, the time added to its
budget and the time its clock stood still, which the retrospective judges time used by."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from bot.engine.out import Out
from bot.engine.state import InterviewState


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


def time_open(state: InterviewState) -> dict[str, timedelta]:
    """How long each reached phase ran, its pauses left out (a stopped clock is no one's
    time)."""
    end = state.finished_at
    out: dict[str, timedelta] = {}
    for window in state.windows:
        closed = window.ended_at or end
        if closed is not None:
            ran = max(closed - window.started_at - window.paused, timedelta())
            out[window.phase_id] = out.get(window.phase_id, timedelta()) + ran
    return out


def time_added(state: InterviewState) -> dict[str, timedelta]:
    """The time each phase was given on top of its budget (`extend`)."""
    out: dict[str, timedelta] = {}
    for window in state.windows:
        out[window.phase_id] = out.get(window.phase_id, timedelta()) + window.extended
    return out
