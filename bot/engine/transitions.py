"""The moves the interview's public steps are made of: opening a phase, moving to the next,
time up, finishing (what the bot says unprompted inside a phase is in
:mod:`bot.engine.unprompted`). Each works on an :class:`~bot.engine.out.Out`."""

from __future__ import annotations

from datetime import datetime

from bot.content.model import Nudge
from bot.engine import timing
from bot.engine.effects import Kind
from bot.engine.lines import human_duration
from bot.engine.out import PHASE_BUTTONS, Out
from bot.engine.state import PhaseWindow, Status
from bot.engine.topics import offer_topics
from bot.engine.windows import close_window


def closing_after(nudge: Nudge, deadline: datetime, now: datetime) -> bool:
    return nudge.before_end is not None and deadline - nudge.before_end > now


def introduce(out: Out, now: datetime) -> None:
    phase = out.playbook.phase(out.state.phase_index)
    covers = "\n".join(f"• {c}" for c in phase.covers)
    variants = out.playbook.lines.phase_intro[phase.id]
    text = out.line(
        variants,
        f"intro:{phase.id}",
        title=phase.title,
        minutes=human_duration(out.state.deadline - now),
        covers=covers,
    )
    out.say(Kind.PHASE_INTRO, text, PHASE_BUTTONS)
    if phase.id == "deep_dives" and out.state.topic_id is None:
        offer_topics(out)


def advance(
    out: Out, now: datetime, *, at: datetime, said_time_up: bool, offer: bool = True
) -> None:
    """Close the current phase at ``at`` (``said_time_up``: because its time ran out) and
    open the next one there. Nothing asks the participants a question here: the next phase
    opens at once, so they could not answer it."""
    close_window(out, at, by_clock=said_time_up)
    nxt_index = out.state.phase_index + 1
    nxt = out.playbook.phase(nxt_index)
    out.state = out.state.evolve(
        phase_index=nxt_index,
        phase_started_at=at,
        deadline=at + nxt.budget,
        windows=(*out.state.windows, PhaseWindow(nxt.id, at)),
        nudges_done=(),
        spoke_at=None,
        # Moved on while paused: the rest of the pause belongs to the new phase.
        paused_at=at if out.state.paused_at is not None else None,
    )
    if offer:
        introduce(out, now)


def time_up(out: Out, now: datetime) -> bool:
    """Advance past every phase whose time has run out; True when the interview ended.

    Each skipped phase is assumed to have used exactly its budget, so after an outage the
    interview lands where it would have been had nobody stopped the clock.
    """
    start_index = out.state.phase_index
    ended = out.playbook.phase(start_index)
    while now >= out.state.deadline and out.playbook.phase(out.state.phase_index).auto_advance:
        if out.state.phase_index == out.playbook.last_index:
            finish(out, out.state.deadline, by_clock=True)
            return True
        advance(out, now, at=out.state.deadline, said_time_up=True, offer=False)
    current = out.playbook.phase(out.state.phase_index)
    lines = out.playbook.lines
    if out.state.phase_index - start_index > 1:
        forgive_downtime(out, now)
        out.say(
            Kind.TIME_UP, out.line(lines.caught_up, f"caught:{current.id}", title=current.title)
        )
    else:
        text = out.line(
            lines.time_up, f"timeup:{ended.id}", title=ended.title, next_title=current.title
        )
        out.say(Kind.TIME_UP, text)
    introduce(out, now)
    return False


def forgive_downtime(out: Out, now: datetime) -> None:
    """After an outage, drop the current phase's nudges that are already stale and don't
    blame anyone for a silence that was ours."""
    stale = tuple(i for i, at in timing.pending_nudges(out.state, out.playbook) if at <= now)
    silences = tuple(timing.silence_key(out.state, u) for u in out.state.participants)
    out.state = out.state.evolve(
        nudges_done=(*out.state.nudges_done, *stale),
        pivots_done=(*out.state.pivots_done, *silences),
    )


def finish(out: Out, at: datetime, *, by_clock: bool = False) -> None:
    close_window(out, at, by_clock=by_clock)
    out.state = out.state.evolve(status=Status.FINISHED, finished_at=at, paused_at=None)
    out.say(Kind.INFO, out.line(out.playbook.lines.finished, "finished"))


def waiting_for_next(out: Out) -> str:
    """Time is up on a phase that waits for the participants: say what moves it on, since
    nothing moves by itself."""
    state, playbook = out.state, out.playbook
    phase = playbook.phase(state.phase_index)
    key = timing.timeup_key(state)
    if state.phase_index == playbook.last_index:
        return out.line(playbook.lines.time_up_last, key, title=phase.title)
    nxt = playbook.phase(state.phase_index + 1).title
    return out.line(playbook.lines.time_up_waiting, key, title=phase.title, next_title=nxt)
