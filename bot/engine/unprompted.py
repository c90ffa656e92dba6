"""What the bot says of its own accord inside a phase: nudges, coaching
(:mod:`bot.engine.pivots`) and follow-ups, paced by :mod:`bot.engine.pace` so it never talks
over the participants."""

from __future__ import annotations

from datetime import datetime

from bot.engine import timing
from bot.engine.effects import Kind
from bot.engine.lines import human_duration
from bot.engine.out import PHASE_BUTTONS, Out, who
from bot.engine.own_topic import topic_of
from bot.engine.pace import may_follow_up, may_speak
from bot.engine.pivots import overrun, silence, stuck
from bot.engine.topics import followup
from bot.engine.transitions import waiting_for_next
from bot.engine.working_hours import awaiting

WAITING = "Still to hear from on this phase: {users}."
"""Appended to nudges in working-hours formats: only people who joined and haven't answered."""


def nudge(out: Out, now: datetime) -> bool:
    """Send the latest due nudge only; older due ones are marked done unsent, as are all
    of them once the phase is past its deadline. True when something was said."""
    due = [(i, at) for i, at in timing.pending_nudges(out.state, out.playbook) if at <= now]
    if not due:
        return False
    out.state = out.state.evolve(nudges_done=(*out.state.nudges_done, *(i for i, _ in due)))
    if now >= out.state.deadline:
        return False
    index, _ = due[-1]
    phase = out.playbook.phase(out.state.phase_index)
    nudge = phase.nudges[index]
    lines = out.playbook.lines
    left = human_duration(timing.remaining(out.state, now))
    key = f"nudge:{phase.id}:{index}"
    if nudge.before_end is not None and out.state.phase_index == out.playbook.last_index:
        out.say(Kind.NUDGE, out.line(lines.time_management, key, remaining=left) + waiting(out))
        return True
    variants = lines.nudge_closing if nudge.before_end is not None else lines.nudge_half
    out.say(Kind.NUDGE, out.line(variants, key, title=phase.title, remaining=left) + waiting(out))
    if phase.id == "deep_dives" and out.state.topic_id and may_follow_up(out.state, now):
        topic = topic_of(out.playbook.question, out.state.topic_id)
        followup(out, topic.categories, key, now)
    return True


def waiting(out: Out) -> str:
    """In working-hours formats a nudge is the reminder: it names who joined but hasn't
    answered this phase (never those who have, never the whole channel)."""
    users = awaiting(out.state) if out.playbook.fmt.working_hours else ()
    return "\n" + WAITING.format(users=", ".join(who(u) for u in users)) if users else ""


def clock_time_up(out: Out, now: datetime) -> None:
    """A phase that waits for the participants says once that its time is up."""
    state, playbook = out.state, out.playbook
    phase = playbook.phase(state.phase_index)
    if phase.auto_advance or now < state.deadline or timing.timeup_key(state) in state.pivots_done:
        return
    key = timing.timeup_key(state)
    text = waiting_for_next(out)
    out.state = state.evolve(pivots_done=(*state.pivots_done, key))
    out.say(Kind.TIME_UP, text, PHASE_BUTTONS)


def unprompted(out: Out, now: datetime) -> None:
    """Say at most one thing of the bot's own accord, and only when the pace allows:
    the latest due nudge, else over-time coaching, else moving on from a long topic, else
    one silence ping naming everyone quiet."""
    if not may_speak(out.state, now):
        return
    for move in (nudge, overrun, stuck, silence):
        if move(out, now):
            out.state = out.state.evolve(spoke_at=now)
            return
