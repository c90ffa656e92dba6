"""The interview state machine.

Every public function takes the current state, the playbook and ``now``, and returns a
:class:`~bot.engine.effects.Step`: the new state and the messages to post. Nothing here
reads the clock, touches a database or talks to Slack, so every behaviour can be tested by
calling these functions with chosen times.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.engine import timing
from bot.engine.checkins import checkin_in
from bot.engine.effects import Button, Kind, Step
from bot.engine.lines import human_duration
from bot.engine.listening import accepts_answers, heard_while_paused, record_answer
from bot.engine.out import PHASE_BUTTONS, Out
from bot.engine.phase_of_message import (
    AnswerPhase,
    answer_phase,
    phase_at,
    phase_in_force,
    phase_index_at,
)
from bot.engine.playbook import InterviewOver, Playbook
from bot.engine.state import InterviewState, PhaseWindow, Status
from bot.engine.topics import find_topic
from bot.engine.transitions import advance, closing_after, finish, introduce, time_up
from bot.engine.unprompted import clock_time_up, unprompted
from bot.engine.windows import add_to_window

__all__ = [
    "AnswerPhase",
    "accepts_answers",
    "answer_phase",
    "checkin_in",
    "choose_topic",
    "end",
    "extend",
    "heard_while_paused",
    "next_phase",
    "pause",
    "phase_at",
    "phase_in_force",
    "phase_index_at",
    "record_answer",
    "resume",
    "start",
    "tick",
]

MAX_EXTEND_MINUTES = 120
"""The most one ``extend`` may add: more is a typo, not a plan."""


def require_live(state: InterviewState) -> None:
    """Every step but ``tick`` refuses a finished interview: raises InterviewOver."""
    if state.status is Status.FINISHED:
        raise InterviewOver()


def start(
    *, playbook: Playbook, host: str, seed: int, now: datetime, timezone: str | None = None
) -> Step:
    """Open an interview: post the question and introduce the first phase.

    ``timezone`` (IANA) is where a format's working hours are counted (scheduled drills)."""
    first = playbook.phase(0)
    state = InterviewState(
        question_id=playbook.question.id,
        format_id=playbook.fmt.id,
        host=host,
        seed=seed,
        status=Status.RUNNING,
        phase_index=0,
        phase_started_at=now,
        deadline=now + first.budget,
        windows=(PhaseWindow(first.id, now),),
        last_spoke={},
        timezone=timezone,
    )
    out = Out(state, playbook)
    q = playbook.question
    text = out.line(playbook.lines.question_intro, "question", title=q.title, prompt=q.prompt)
    if q.scale_hints:
        text += "\n" + "\n".join(f"• {hint}" for hint in q.scale_hints)
    out.say(Kind.QUESTION, text)
    introduce(out, now)
    return out.step()


def tick(state: InterviewState, *, playbook: Playbook, now: datetime) -> Step:
    """Do whatever has become due by ``now``: advance, nudge, pivot.

    Safe to call late, early or twice: a tick with nothing due returns no messages, and a
    tick after a long outage moves to the phase the interview should be in with a single
    catch-up message instead of a burst of stale nudges.
    """
    if state.status is not Status.RUNNING:
        return Step(state)
    out = Out(state, playbook)
    if now >= state.deadline and playbook.phase(state.phase_index).auto_advance:
        # A phase change is news enough for one tick; the new phase's timers start after it.
        return out.step(finished=time_up(out, now))
    clock_time_up(out, now)
    unprompted(out, now)
    return out.step()


def next_phase(state: InterviewState, *, playbook: Playbook, now: datetime) -> Step:
    """The participants say they are done with the phase: check in and move on."""
    require_live(state)
    out = Out(state, playbook)
    if state.phase_index == playbook.last_index:
        finish(out, now)
        return out.step(finished=True)
    advance(out, now, at=now, said_time_up=False)
    return out.step()


def extend(
    state: InterviewState, *, playbook: Playbook, now: datetime, minutes: int | None = None
) -> Step:
    """Give the current phase more time; the closing nudge moves with the new deadline."""
    require_live(state)
    extra = timedelta(minutes=minutes) if minutes else playbook.fmt.default_extension
    base = max(state.deadline, now) if state.status is Status.RUNNING else state.deadline
    deadline = base + extra
    phase = playbook.phase(state.phase_index)
    # A closing nudge already sent comes back if the new deadline puts it in the future.
    rearmed = tuple(
        i for i in state.nudges_done if not closing_after(phase.nudges[i], deadline, now)
    )
    pivots = tuple(
        p
        for p in state.pivots_done
        if p not in (timing.timeup_key(state), timing.overrun_key(state))
    )
    out = Out(state.evolve(deadline=deadline, nudges_done=rearmed, pivots_done=pivots), playbook)
    add_to_window(out, extended=extra)
    left = human_duration(deadline - (state.paused_at or now))
    text = out.line(
        playbook.lines.extended,
        f"extend:{state.seq}",
        title=phase.title,
        minutes=human_duration(extra),
        remaining=left,
    )
    out.say(Kind.INFO, text, PHASE_BUTTONS)
    return out.step()


def pause(state: InterviewState, *, playbook: Playbook, now: datetime) -> Step:
    require_live(state)
    if state.status is Status.PAUSED:
        return Step(state)
    out = Out(state.evolve(status=Status.PAUSED, paused_at=now), playbook)
    out.say(Kind.INFO, out.line(playbook.lines.paused, f"pause:{state.seq}"))
    return out.step()


def resume(state: InterviewState, *, playbook: Playbook, now: datetime) -> Step:
    """Restart the clock; every pending time shifts by the length of the pause."""
    require_live(state)
    if state.status is not Status.PAUSED or state.paused_at is None:
        return Step(state)
    gap = now - state.paused_at
    state = state.evolve(
        status=Status.RUNNING,
        paused_at=None,
        phase_started_at=state.phase_started_at + gap,
        deadline=state.deadline + gap,
        last_spoke={u: t + gap for u, t in state.last_spoke.items()},
        topic_started_at=state.topic_started_at + gap if state.topic_started_at else None,
        spoke_at=state.spoke_at + gap if state.spoke_at else None,
        asked_at=state.asked_at + gap if state.asked_at else None,
    )
    out = Out(state, playbook)
    add_to_window(out, paused=gap)
    title = playbook.phase(state.phase_index).title
    left = human_duration(state.deadline - now)
    out.say(
        Kind.INFO,
        out.line(playbook.lines.resumed, f"resume:{state.seq}", title=title, remaining=left),
        PHASE_BUTTONS,
    )
    return out.step()


def end(state: InterviewState, *, playbook: Playbook, now: datetime) -> Step:
    require_live(state)
    out = Out(state, playbook)
    finish(out, now)
    return out.step(finished=True)


def choose_topic(state: InterviewState, *, playbook: Playbook, topic: str, now: datetime) -> Step:
    """Start digging into a deep-dive topic, given its id or its 1-based number."""
    require_live(state)
    chosen = find_topic(playbook, topic)
    if chosen.id == state.topic_id:
        return Step(state)  # a second press of the topic being discussed
    out = Out(state, playbook)
    deep = playbook.index_of("deep_dives")
    if deep is not None and state.phase_index < deep:
        # Picking a topic is the participants' way of saying the flow is done.
        while out.state.phase_index < deep:
            advance(out, now, at=now, said_time_up=False, offer=False)
    done = state.topics_done
    if state.topic_id and state.topic_id not in done:
        done = (*done, state.topic_id)
    # The topic's own line asks the first question; follow-ups wait for an answer to it.
    out.state = out.state.evolve(
        topic_id=chosen.id, topic_started_at=now, topics_done=done, spoke_at=now, asked_at=now
    )
    key = f"topic:{chosen.id}"
    others = tuple(
        Button("topic", t.title, t.id)
        for t in playbook.question.deep_dives
        if t.id != chosen.id and t.id not in done
    )
    out.say(
        Kind.FOLLOWUP,
        out.line(playbook.lines.topic_chosen, key, topic=chosen.title, problem=chosen.problem),
        PHASE_BUTTONS + others,
    )
    return out.step()
