"""The interview state machine.

Every public function takes the current state, the playbook and ``now``, and returns a
:class:`~bot.engine.effects.Step`: the new state and the messages to post. Nothing here
reads the clock, touches a database or talks to Slack, so every behaviour can be tested by
calling these functions with chosen times.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.content.model import DeepDiveTopic, Nudge
from bot.engine import timing
from bot.engine.effects import Button, Kind, Say, Step
from bot.engine.lines import human_duration, say
from bot.engine.playbook import InterviewOver, Playbook, TopicNotFound
from bot.engine.state import InterviewState, PhaseWindow, Status
from bot.engine.words import affirms_any
from bot.engine.working_hours import awaiting

WAITING = "Still to hear from on this phase: {users}."
"""Appended to nudges in working-hours formats: only people who joined and haven't answered."""

PHASE_BUTTONS = (
    Button("next", "Next phase"),
    Button("extend", "More time"),
    Button("end", "End interview"),
)


class _Out:
    """Collects messages while threading the state's message counter through."""

    def __init__(self, state: InterviewState, playbook: Playbook) -> None:
        self.state = state
        self.playbook = playbook
        self.effects: list[Say] = []

    def say(
        self,
        kind: Kind,
        text: str,
        buttons: tuple[Button, ...] = (),
        to_user: str | None = None,
    ) -> None:
        seq = self.state.seq + 1
        self.state = self.state.evolve(seq=seq)
        self.effects.append(Say(f"{seq:04d}-{kind}", kind, text, buttons, to_user))

    def line(self, variants: tuple[str, ...], key: str, **values: object) -> str:
        return say(variants, seed=self.state.seed, key=key, **values)

    def step(self, *, finished: bool = False) -> Step:
        return Step(self.state, tuple(self.effects), finished)


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
    out = _Out(state, playbook)
    q = playbook.question
    text = out.line(playbook.lines.question_intro, "question", title=q.title, prompt=q.prompt)
    if q.scale_hints:
        text += "\n" + "\n".join(f"• {hint}" for hint in q.scale_hints)
    out.say(Kind.QUESTION, text)
    _introduce(out, now)
    return out.step()


def record_answer(
    state: InterviewState, *, playbook: Playbook, author: str, text: str, at: datetime
) -> Step:
    """Note that ``author`` answered at ``at``; may trigger the scaling-too-early pivot.

    Answers themselves are stored by the caller, tagged with :func:`phase_in_force`.
    """
    if state.status is Status.FINISHED:
        return Step(state)
    last = state.last_spoke.get(author)
    spoke = dict(state.last_spoke)
    spoke[author] = at if last is None else max(last, at)
    out = _Out(state.evolve(last_spoke=spoke), playbook)
    flow = playbook.index_of("end_to_end")
    key = f"scaling:{author}"
    early = flow is not None and phase_index_at(state, at) < flow
    if early and key not in state.pivots_done and affirms_any(text, playbook.rubric.scaling_terms):
        out.state = out.state.evolve(pivots_done=(*out.state.pivots_done, key))
        out.say(Kind.PIVOT, out.line(playbook.lines.pivot_scaling_early, key, user=_who(author)))
    return out.step()


def tick(state: InterviewState, *, playbook: Playbook, now: datetime) -> Step:
    """Do whatever has become due by ``now``: advance, nudge, pivot.

    Safe to call late, early or twice: a tick with nothing due returns no messages, and a
    tick after a long outage moves to the phase the interview should be in with a single
    catch-up message instead of a burst of stale nudges.
    """
    if state.status is not Status.RUNNING:
        return Step(state)
    out = _Out(state, playbook)
    if now >= state.deadline and playbook.phase(state.phase_index).auto_advance:
        # A phase change is news enough for one tick; the new phase's timers start after it.
        return out.step(finished=_time_up(out, now))
    _nudge(out, now)
    _pivots(out, now)
    return out.step()


def next_phase(state: InterviewState, *, playbook: Playbook, now: datetime) -> Step:
    """The participants say they are done with the phase: check in and move on."""
    _require_live(state)
    out = _Out(state, playbook)
    if state.phase_index == playbook.last_index:
        _finish(out, now)
        return out.step(finished=True)
    _advance(out, now, at=now, said_time_up=False)
    return out.step()


def extend(
    state: InterviewState, *, playbook: Playbook, now: datetime, minutes: int | None = None
) -> Step:
    """Give the current phase more time; the closing nudge moves with the new deadline."""
    _require_live(state)
    extra = timedelta(minutes=minutes) if minutes else playbook.fmt.default_extension
    base = max(state.deadline, now) if state.status is Status.RUNNING else state.deadline
    deadline = base + extra
    phase = playbook.phase(state.phase_index)
    # A closing nudge already sent comes back if the new deadline puts it in the future.
    rearmed = tuple(
        i for i in state.nudges_done if not _closing_after(phase.nudges[i], deadline, now)
    )
    pivots = tuple(
        p
        for p in state.pivots_done
        if p not in (timing.timeup_key(state), timing.overrun_key(state))
    )
    out = _Out(state.evolve(deadline=deadline, nudges_done=rearmed, pivots_done=pivots), playbook)
    left = human_duration(deadline - (state.paused_at or now))
    text = out.line(
        playbook.lines.extended,
        f"extend:{state.seq}",
        title=phase.title,
        minutes=human_duration(extra),
        remaining=left,
    )
    out.say(Kind.INFO, text)
    return out.step()


def pause(state: InterviewState, *, playbook: Playbook, now: datetime) -> Step:
    _require_live(state)
    if state.status is Status.PAUSED:
        return Step(state)
    out = _Out(state.evolve(status=Status.PAUSED, paused_at=now), playbook)
    out.say(Kind.INFO, out.line(playbook.lines.paused, f"pause:{state.seq}"))
    return out.step()


def resume(state: InterviewState, *, playbook: Playbook, now: datetime) -> Step:
    """Restart the clock; every pending time shifts by the length of the pause."""
    _require_live(state)
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
    )
    out = _Out(state, playbook)
    title = playbook.phase(state.phase_index).title
    left = human_duration(state.deadline - now)
    out.say(
        Kind.INFO,
        out.line(playbook.lines.resumed, f"resume:{state.seq}", title=title, remaining=left),
        PHASE_BUTTONS,
    )
    return out.step()


def end(state: InterviewState, *, playbook: Playbook, now: datetime) -> Step:
    _require_live(state)
    out = _Out(state, playbook)
    _finish(out, now)
    return out.step(finished=True)


def choose_topic(state: InterviewState, *, playbook: Playbook, topic: str, now: datetime) -> Step:
    """Start digging into a deep-dive topic, given its id or its 1-based number."""
    _require_live(state)
    chosen = _find_topic(playbook, topic)
    out = _Out(state, playbook)
    deep = playbook.index_of("deep_dives")
    if deep is not None and state.phase_index < deep:
        # Picking a topic is the participants' way of saying the flow is done.
        while out.state.phase_index < deep:
            _advance(out, now, at=now, said_time_up=False, offer=False)
    done = state.topics_done
    if state.topic_id and state.topic_id not in done:
        done = (*done, state.topic_id)
    out.state = out.state.evolve(topic_id=chosen.id, topic_started_at=now, topics_done=done)
    key = f"topic:{chosen.id}"
    out.say(
        Kind.FOLLOWUP,
        out.line(playbook.lines.topic_chosen, key, topic=chosen.title, problem=chosen.problem),
    )
    _followup(out, chosen.categories, key)
    return out.step()


def phase_index_at(state: InterviewState, at: datetime) -> int:
    """The phase in force at ``at``: a message belongs to the phase open when it was sent."""
    index = 0
    for i, window in enumerate(state.windows):
        if window.started_at <= at:
            index = i
    return index


def phase_at(state: InterviewState, at: datetime) -> str:
    return state.windows[phase_index_at(state, at)].phase_id


def phase_in_force(state: InterviewState, *, playbook: Playbook, at: datetime) -> str:
    """The phase a message sent at ``at`` belongs to, from the interview's own timeline.

    The phases already opened decide for earlier messages. Past the current phase's
    deadline the clock has moved on even when no tick has yet (a busy scheduler, a restart):
    while the interview runs, each auto-advancing phase whose deadline has passed gives way
    to the next at exactly its deadline, as :func:`tick` will record it. A paused interview's
    clock stands still; a phase that waits for the participants holds its messages.
    """
    index = phase_index_at(state, at)
    if index < len(state.windows) - 1 or state.status is not Status.RUNNING:
        return state.windows[index].phase_id
    current, deadline = state.phase_index, state.deadline
    while at >= deadline and current < playbook.last_index and playbook.phase(current).auto_advance:
        current += 1
        deadline += playbook.phase(current).budget
    return playbook.phase(current).id


# --- internals ---------------------------------------------------------------------------


def _require_live(state: InterviewState) -> None:
    if state.status is Status.FINISHED:
        raise InterviewOver()


def _who(user: str) -> str:
    """Slack ids render as mentions; terminal names stay plain."""
    return f"<@{user}>" if user[:1] in ("U", "W") and user.isalnum() and user.isupper() else user


def _find_topic(playbook: Playbook, topic: str) -> DeepDiveTopic:
    topics = playbook.question.deep_dives
    if topic.isdigit() and 1 <= int(topic) <= len(topics):
        return topics[int(topic) - 1]
    for t in topics:
        if t.id == topic or t.title.lower() == topic.lower():
            return t
    raise TopicNotFound(topic)


def _closing_after(nudge: Nudge, deadline: datetime, now: datetime) -> bool:
    return nudge.before_end is not None and deadline - nudge.before_end > now


def _introduce(out: _Out, now: datetime) -> None:
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
        _offer_topics(out)


def _offer_topics(out: _Out) -> None:
    topics = out.playbook.question.deep_dives
    listing = "\n".join(f"{i}. *{t.title}*: {t.problem}" for i, t in enumerate(topics, 1))
    text = out.line(out.playbook.lines.deep_dive_offer, "offer", topics=listing)
    buttons = tuple(Button("topic", t.title, t.id) for t in topics)
    out.say(Kind.DEEP_DIVE_OFFER, text, buttons)


def _followup(out: _Out, categories: tuple[str, ...], key: str) -> None:
    followups = out.playbook.lines.followups
    usable = [c for c in categories if c in followups] or sorted(followups)
    category = usable[out.state.seq % len(usable)]
    out.say(Kind.FOLLOWUP, out.line(followups[category], f"{key}:{category}"))


def _close_window(out: _Out, at: datetime) -> None:
    windows = list(out.state.windows)
    windows[-1] = PhaseWindow(windows[-1].phase_id, windows[-1].started_at, at)
    out.state = out.state.evolve(windows=tuple(windows))


def _advance(
    out: _Out, now: datetime, *, at: datetime, said_time_up: bool, offer: bool = True
) -> None:
    """Close the current phase at ``at`` and open the next one there."""
    ended = out.playbook.phase(out.state.phase_index)
    _close_window(out, at)
    if not said_time_up:
        checkins = out.playbook.lines.checkin.get(ended.id)
        if checkins and offer:
            out.say(Kind.CHECKIN, out.line(checkins, f"checkin:{ended.id}"))
    nxt_index = out.state.phase_index + 1
    nxt = out.playbook.phase(nxt_index)
    out.state = out.state.evolve(
        phase_index=nxt_index,
        phase_started_at=at,
        deadline=at + nxt.budget,
        windows=(*out.state.windows, PhaseWindow(nxt.id, at)),
        nudges_done=(),
    )
    if offer:
        _introduce(out, now)


def _time_up(out: _Out, now: datetime) -> bool:
    """Advance past every phase whose time has run out; True when the interview ended.

    Each skipped phase is assumed to have used exactly its budget, so after an outage the
    interview lands where it would have been had nobody stopped the clock.
    """
    start_index = out.state.phase_index
    ended = out.playbook.phase(start_index)
    while now >= out.state.deadline and out.playbook.phase(out.state.phase_index).auto_advance:
        if out.state.phase_index == out.playbook.last_index:
            _finish(out, out.state.deadline)
            return True
        _advance(out, now, at=out.state.deadline, said_time_up=True, offer=False)
    current = out.playbook.phase(out.state.phase_index)
    lines = out.playbook.lines
    if out.state.phase_index - start_index > 1:
        _forgive_downtime(out, now)
        out.say(
            Kind.TIME_UP, out.line(lines.caught_up, f"caught:{current.id}", title=current.title)
        )
    else:
        text = out.line(
            lines.time_up, f"timeup:{ended.id}", title=ended.title, next_title=current.title
        )
        out.say(Kind.TIME_UP, text)
        checkins = lines.checkin.get(ended.id)
        if checkins:
            out.say(Kind.CHECKIN, out.line(checkins, f"checkin:{ended.id}"))
    _introduce(out, now)
    return False


def _forgive_downtime(out: _Out, now: datetime) -> None:
    """After an outage, drop the current phase's nudges that are already stale and don't
    blame anyone for a silence that was ours."""
    stale = tuple(i for i, at in timing.pending_nudges(out.state, out.playbook) if at <= now)
    silences = tuple(timing.silence_key(out.state, u) for u in out.state.participants)
    out.state = out.state.evolve(
        nudges_done=(*out.state.nudges_done, *stale),
        pivots_done=(*out.state.pivots_done, *silences),
    )


def _finish(out: _Out, at: datetime) -> None:
    _close_window(out, at)
    out.state = out.state.evolve(status=Status.FINISHED, finished_at=at, paused_at=None)
    out.say(Kind.INFO, out.line(out.playbook.lines.finished, "finished"))


def _nudge(out: _Out, now: datetime) -> None:
    """Send the latest due nudge only; older due ones are marked done unsent."""
    due = [(i, at) for i, at in timing.pending_nudges(out.state, out.playbook) if at <= now]
    if not due:
        return
    out.state = out.state.evolve(nudges_done=(*out.state.nudges_done, *(i for i, _ in due)))
    index, _ = due[-1]
    phase = out.playbook.phase(out.state.phase_index)
    nudge = phase.nudges[index]
    lines = out.playbook.lines
    left = human_duration(timing.remaining(out.state, now))
    key = f"nudge:{phase.id}:{index}"
    if nudge.before_end is not None and out.state.phase_index == out.playbook.last_index:
        out.say(Kind.NUDGE, out.line(lines.time_management, key, remaining=left) + _waiting(out))
        return
    variants = lines.nudge_closing if nudge.before_end is not None else lines.nudge_half
    out.say(Kind.NUDGE, out.line(variants, key, title=phase.title, remaining=left) + _waiting(out))
    if phase.id == "deep_dives" and out.state.topic_id:
        topic = out.playbook.question.topic(out.state.topic_id)
        _followup(out, topic.categories, key)


def _waiting(out: _Out) -> str:
    """In working-hours formats a nudge is the reminder: it names who joined but hasn't
    answered this phase (never those who have, never the whole channel)."""
    users = awaiting(out.state) if out.playbook.fmt.working_hours else ()
    return "\n" + WAITING.format(users=", ".join(_who(u) for u in users)) if users else ""


def _pivots(out: _Out, now: datetime) -> None:
    state, playbook, lines = out.state, out.playbook, out.playbook.lines
    phase = playbook.phase(state.phase_index)
    done = list(state.pivots_done)
    if not phase.auto_advance and now >= state.deadline:
        if timing.timeup_key(state) not in done:
            done.append(timing.timeup_key(state))
            nxt = playbook.phase(min(state.phase_index + 1, playbook.last_index)).title
            out.say(
                Kind.TIME_UP,
                out.line(
                    lines.time_up, timing.timeup_key(state), title=phase.title, next_title=nxt
                ),
            )
        if (
            timing.overrun_key(state) not in done
            and now >= state.deadline + playbook.fmt.overrun_after
        ):
            done.append(timing.overrun_key(state))
            over = human_duration(now - state.deadline)
            out.say(
                Kind.PIVOT,
                out.line(
                    lines.pivot_overrun, timing.overrun_key(state), title=phase.title, over=over
                ),
            )
    stuck = timing.stuck_time(state, playbook)
    if stuck is not None and now >= stuck and state.topic_id:
        done.append(timing.stuck_key(state))
        topic = playbook.question.topic(state.topic_id)
        out.say(Kind.PIVOT, out.line(lines.pivot_stuck, timing.stuck_key(state), topic=topic.title))
    if now < state.deadline:
        for user, at in timing.silence_times(state, playbook):
            if now >= at:
                done.append(timing.silence_key(state, user))
                key = timing.silence_key(state, user)
                out.say(
                    Kind.PIVOT,
                    out.line(lines.pivot_silence, key, user=_who(user), title=phase.title),
                )
    out.state = out.state.evolve(pivots_done=tuple(done))
