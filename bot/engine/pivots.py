"""The coaching the bot offers unprompted, each once: over time in a phase that waits for
the participants, too long on one deep-dive topic, and a ping for whoever has gone quiet."""

from __future__ import annotations

from datetime import datetime

from bot.engine import timing
from bot.engine.effects import Kind
from bot.engine.lines import human_duration
from bot.engine.out import Out, who
from bot.engine.own_topic import topic_of


def overrun(out: Out, now: datetime) -> bool:
    state, playbook = out.state, out.playbook
    phase = playbook.phase(state.phase_index)
    key = timing.overrun_key(state)
    if phase.auto_advance or key in state.pivots_done:
        return False
    if now < timing.overrun_time(state, playbook):
        return False
    out.state = state.evolve(pivots_done=(*state.pivots_done, key))
    over = human_duration(now - state.deadline)
    out.say(Kind.PIVOT, out.line(playbook.lines.pivot_overrun, key, title=phase.title, over=over))
    return True


def stuck(out: Out, now: datetime) -> bool:
    state, playbook = out.state, out.playbook
    due = timing.stuck_time(state, playbook)
    if due is None or now < due or state.topic_id is None:
        return False
    key = timing.stuck_key(state)
    out.state = state.evolve(pivots_done=(*state.pivots_done, key))
    topic = topic_of(playbook.question, state.topic_id)
    out.say(Kind.PIVOT, out.line(playbook.lines.pivot_stuck, key, topic=topic.title))
    return True


def silence(out: Out, now: datetime) -> bool:
    state, playbook = out.state, out.playbook
    if now >= state.deadline:
        return False
    quiet = [user for user, at in timing.silence_times(state, playbook) if now >= at]
    if not quiet:
        return False
    keys = tuple(timing.silence_key(state, user) for user in quiet)
    out.state = state.evolve(pivots_done=(*state.pivots_done, *keys))
    title = playbook.phase(state.phase_index).title
    users = " and ".join(who(user) for user in quiet)
    out.say(Kind.PIVOT, out.line(playbook.lines.pivot_silence, keys[0], user=users, title=title))
    return True
