"""Realistic interview states, made by the real engine with the real content.

Why not one fresh ``start()`` state copied 50,000 times: a live interview in its deep dives
carries up to seven phase windows, nudges and pivots done, a chosen topic and every
participant's last answer, so its JSON is several times larger than a fresh one, and the
tick's cost (JSON decode, ``from_dict``, engine, ``to_dict``, encode) and the memory of a
process holding states both grow with it. So a few interviews are played through the engine
from start to finish, with answers and a deep-dive topic, and the state before each of their
events is kept as a :class:`Snapshot`. Rows are then made from snapshots moved in time
(:func:`materialize`), which costs microseconds instead of a full simulation per row.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from bot.content.model import Content
from bot.engine import interview as engine
from bot.engine.playbook import Playbook
from bot.engine.state import InterviewState, Status
from bot.engine.timing import next_event_at

FORMATS = ("standard", "lightning", "weekly")
QUESTIONS_PER_FORMAT = 6
USERS = ("U0HOST0001", "U0PEER0002", "U0PEER0003")
ANSWERS = (
    "Riders request a trip, drivers accept it; admins see the live map. Out of scope: payments.",
    "About 10M daily users, 5k QPS at peak, reads dominate 20:1; p99 under 200 ms.",
    "POST /v1/items with an idempotency key; GET /v1/items?cursor= for pagination.",
    "Clients -> LB -> API service -> Postgres primary; Redis in front for hot reads.",
    "We shard by user id with consistent hashing and add read replicas per region.",
    "items(id pk, owner_id idx, created_at, body jsonb); a Kafka topic for change events.",
)
MAX_EVENTS = 400
"""Safety bound on one simulated interview (the longest real one has a few dozen)."""


@dataclass(frozen=True)
class Snapshot:
    """A running interview's state just before its next event, due at ``due``."""

    state: InterviewState
    due: datetime
    phase_id: str


def build_pool(content: Content, *, start: datetime, seed: int = 7) -> list[Snapshot]:
    """Snapshots from interviews played to the end in every built-in format."""
    rng = random.Random(seed)
    pool: list[Snapshot] = []
    for format_id in FORMATS:
        if format_id not in content.formats:
            continue
        for question_id in rng.sample(sorted(content.questions), QUESTIONS_PER_FORMAT):
            playbook = Playbook.from_content(content, question_id=question_id, format_id=format_id)
            pool.extend(_play(playbook, start=start, rng=rng))
    if not pool:
        raise RuntimeError("the content has none of the formats the benchmark plays")
    return pool


def _play(playbook: Playbook, *, start: datetime, rng: random.Random) -> list[Snapshot]:
    """Play one interview: answers between events, a topic in the deep dives, every tick."""
    state = engine.start(
        playbook=playbook, host=USERS[0], seed=rng.randrange(1 << 30), now=start
    ).state
    now, out = start, []
    for _ in range(MAX_EVENTS):
        due = next_event_at(state, playbook)
        if state.status is not Status.RUNNING or due is None:
            break
        if rng.random() < 0.7:
            at = now + (due - now) * rng.random()
            author = rng.choice(USERS[: rng.randint(1, len(USERS))])
            text = rng.choice(ANSWERS)
            state = engine.record_answer(
                state, playbook=playbook, author=author, text=text, at=at
            ).state
            phase = playbook.phase(state.phase_index)
            if phase.id == "deep_dives" and state.topic_id is None:
                state = engine.choose_topic(state, playbook=playbook, topic="1", now=at).state
            due = next_event_at(state, playbook)
            if due is None:
                break
        out.append(Snapshot(state, due, playbook.phase(state.phase_index).id))
        state = engine.tick(state, playbook=playbook, now=due).state
        now = due
    return out


def materialize(
    snapshot: Snapshot, *, due: datetime, seed: int, seq_offset: int = 0
) -> InterviewState:
    """The snapshot moved in time so that its next event falls at ``due``.

    ``seed`` varies the interviewer's wording between rows; ``seq_offset`` moves the message
    counter so a re-used row never produces an outbox key it already has (which the insert
    would silently skip, making that tick cheaper than a real one).
    """
    moved: InterviewState = _shift(snapshot.state, due - snapshot.due)
    return moved.evolve(seed=seed, seq=moved.seq + seq_offset)


def _shift(value: Any, delta: timedelta) -> Any:
    """Every datetime inside ``value`` (dataclasses, tuples, dicts) moved by ``delta``."""
    if isinstance(value, datetime):
        return value + delta
    if isinstance(value, tuple):
        return tuple(_shift(item, delta) for item in value)
    if isinstance(value, dict):
        return {key: _shift(item, delta) for key, item in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _shift(getattr(value, f.name), delta) for f in fields(value)}
        return replace(value, **changes)
    return value
