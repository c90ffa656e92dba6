"""The moves the interview's public steps are made of: opening and closing a phase, time
up, nudges, pivots, finishing. Each works on an :class:`Out`, which collects the messages
said while it threads the state's message counter through."""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime

from bot.content.model import DeepDiveTopic, Nudge
from bot.engine import timing
from bot.engine.effects import Button, Kind, Say, Step
from bot.engine.lines import human_duration, say
from bot.engine.playbook import InterviewOver, Playbook, TopicNotFound
from bot.engine.state import InterviewState, PhaseWindow, Status
from bot.engine.working_hours import awaiting
from bot.numbers import NumberError, whole_number

WAITING = "Still to hear from on this phase: {users}."
"""Appended to nudges in working-hours formats: only people who joined and haven't answered."""

PHASE_BUTTONS = (
    Button("next", "Next phase"),
    Button("extend", "More time"),
    Button("end", "End interview"),
)


class Out:
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


def require_live(state: InterviewState) -> None:
    if state.status is Status.FINISHED:
        raise InterviewOver()


def who(user: str) -> str:
    """Slack ids render as mentions; terminal names stay plain."""
    return f"<@{user}>" if user[:1] in ("U", "W") and user.isalnum() and user.isupper() else user


def find_topic(playbook: Playbook, topic: str) -> DeepDiveTopic:
    topics = playbook.question.deep_dives
    with suppress(NumberError):
        return topics[whole_number(topic, low=1, high=len(topics), what="a topic number") - 1]
    for t in topics:
        if t.id == topic or t.title.lower() == topic.lower():
            return t
    raise TopicNotFound(topic)


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


def offer_topics(out: Out) -> None:
    topics = out.playbook.question.deep_dives
    listing = "\n".join(f"{i}. *{t.title}*: {t.problem}" for i, t in enumerate(topics, 1))
    text = out.line(out.playbook.lines.deep_dive_offer, "offer", topics=listing)
    buttons = tuple(Button("topic", t.title, t.id) for t in topics)
    out.say(Kind.DEEP_DIVE_OFFER, text, buttons)


def followup(out: Out, categories: tuple[str, ...], key: str) -> None:
    followups = out.playbook.lines.followups
    usable = [c for c in categories if c in followups] or sorted(followups)
    category = usable[out.state.seq % len(usable)]
    out.say(Kind.FOLLOWUP, out.line(followups[category], f"{key}:{category}"))


def close_window(out: Out, at: datetime) -> None:
    windows = list(out.state.windows)
    windows[-1] = PhaseWindow(windows[-1].phase_id, windows[-1].started_at, at)
    out.state = out.state.evolve(windows=tuple(windows))


def advance(
    out: Out, now: datetime, *, at: datetime, said_time_up: bool, offer: bool = True
) -> None:
    """Close the current phase at ``at`` and open the next one there."""
    ended = out.playbook.phase(out.state.phase_index)
    close_window(out, at)
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
            finish(out, out.state.deadline)
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
        checkins = lines.checkin.get(ended.id)
        if checkins:
            out.say(Kind.CHECKIN, out.line(checkins, f"checkin:{ended.id}"))
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


def finish(out: Out, at: datetime) -> None:
    close_window(out, at)
    out.state = out.state.evolve(status=Status.FINISHED, finished_at=at, paused_at=None)
    out.say(Kind.INFO, out.line(out.playbook.lines.finished, "finished"))


def nudge(out: Out, now: datetime) -> None:
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
        out.say(Kind.NUDGE, out.line(lines.time_management, key, remaining=left) + waiting(out))
        return
    variants = lines.nudge_closing if nudge.before_end is not None else lines.nudge_half
    out.say(Kind.NUDGE, out.line(variants, key, title=phase.title, remaining=left) + waiting(out))
    if phase.id == "deep_dives" and out.state.topic_id:
        topic = out.playbook.question.topic(out.state.topic_id)
        followup(out, topic.categories, key)


def waiting(out: Out) -> str:
    """In working-hours formats a nudge is the reminder: it names who joined but hasn't
    answered this phase (never those who have, never the whole channel)."""
    users = awaiting(out.state) if out.playbook.fmt.working_hours else ()
    return "\n" + WAITING.format(users=", ".join(who(u) for u in users)) if users else ""


def pivots(out: Out, now: datetime) -> None:
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
                    out.line(lines.pivot_silence, key, user=who(user), title=phase.title),
                )
    out.state = out.state.evolve(pivots_done=tuple(done))
