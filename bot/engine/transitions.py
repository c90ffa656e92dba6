"""The moves the interview's public steps are made of: opening and closing a phase, time
up, finishing (what the bot says unprompted inside a phase is in
:mod:`bot.engine.unprompted`). Each works on an :class:`Out`, which collects the messages
said while it threads the state's message counter through."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import replace
from datetime import datetime, timedelta

from bot.content.model import DeepDiveTopic, Nudge
from bot.engine import timing
from bot.engine.effects import Button, Kind, Say, Step
from bot.engine.lines import human_duration, say
from bot.engine.own_topic import own_topic
from bot.engine.playbook import InterviewOver, Playbook, TopicNotFound
from bot.engine.state import InterviewState, PhaseWindow, Status
from bot.numbers import NumberError, whole_number

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
    """The question's topic by number, id or title; other words are the person's own topic.
    Raises TopicNotFound for nothing, or a number that is not on the list."""
    topics = playbook.question.deep_dives
    words = " ".join(topic.split())
    with suppress(NumberError):
        return topics[whole_number(words, low=1, high=len(topics), what="a topic number") - 1]
    for t in topics:
        if t.id == words or t.title.lower() == words.lower():
            return t
    if not words or words.isdigit():
        raise TopicNotFound(topic)
    return own_topic(words)


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


def followup(out: Out, categories: tuple[str, ...], key: str, now: datetime) -> None:
    """Ask a follow-up question of the topic's categories; it waits for the next question."""
    followups = out.playbook.lines.followups
    usable = [c for c in categories if c in followups] or sorted(followups)
    category = usable[out.state.seq % len(usable)]
    out.say(Kind.FOLLOWUP, out.line(followups[category], f"{key}:{category}"))
    out.state = out.state.evolve(asked_at=now)


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
