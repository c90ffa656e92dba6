"""At send time, drop the queued messages an interview has outgrown and say where it stands.

The decision is the engine's (:mod:`bot.engine.catch_up`); this module reads the
interview, applies it to a lane of leased messages and records the outcome: outdated
messages leave the queue, and the first of them in a thread becomes the catch-up line, in
its place in the order. The line's text is worked out again each time it is sent, so a
catch-up that waited for Slack still tells the present.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.content.model import Content
from bot.engine.catch_up import (
    MadeFor,
    Queued,
    Standing,
    catch_up_line,
    is_outdated,
    may_be_outdated,
)
from bot.engine.effects import Kind
from bot.engine.state import InterviewState, Status
from storage.models import Interview, OutboxItem
from storage.repository import Tx

OUTDATED = "outdated: the interview had moved on"


def queued(item: OutboxItem) -> Queued:
    return Queued(
        kind=Kind(str(item.payload.get("kind"))),
        made_for=MadeFor.from_payload(item.payload),
        private=item.user_id is not None,
        created_at=item.created_at,
    )


def needs_a_look(lane: Sequence[OutboxItem], now: datetime) -> bool:
    """Whether any message of the lane could be outdated or is a catch-up line (cheap: no
    database), so that messages on time go out without reading their interview."""
    return any(
        item.interview_id is not None
        and (_is_catch_up(item) or may_be_outdated(queued(item), now=now))
        for item in lane
    )


def catch_up(
    tx: Tx, content: Content, lane: Sequence[OutboxItem], now: datetime
) -> list[OutboxItem]:
    """The lane's messages still worth sending, in order. Outdated ones are marked dead in
    ``tx``; the first in each thread is rewritten as the catch-up line instead."""
    standings: dict[int, Standing | None] = {}
    caught_up: set[int] = set()
    out: list[OutboxItem] = []
    for item in lane:
        interview_id = item.interview_id
        if interview_id is None or item.user_id is not None:
            out.append(item)
            continue
        if interview_id not in standings:
            row = tx.get_interview(team_id=item.team_id, interview_id=interview_id)
            standings[interview_id] = standing_of(row, content, now) if row else None
        standing = standings[interview_id]
        if standing is None:
            out.append(item)
        elif _is_catch_up(item):
            item.payload = _caught_up(item.payload, standing, now)
            caught_up.add(interview_id)
            out.append(item)
        elif not is_outdated(queued(item), standing, now=now):
            out.append(item)
        elif interview_id in caught_up:
            assert item.id is not None
            tx.mark_dead(item_id=item.id, now=now, error=OUTDATED)
        else:
            assert item.id is not None
            thread = [i for i in lane if i.interview_id == interview_id and i.user_id is None]
            facts = {
                "kind": Kind.CATCH_UP.value,
                "buttons": [],
                "since": min(i.created_at for i in thread).isoformat(),
                "unreachable": any(i.attempts for i in thread),
            }
            tx.replace_payload(item_id=item.id, payload=facts)
            item.payload = _caught_up(facts, standing, now)
            caught_up.add(interview_id)
            out.append(item)
    return out


def standing_of(row: Interview, content: Content, now: datetime) -> Standing | None:
    """Where the interview stands at ``now``; None if its format is no longer known."""
    fmt = content.formats.get(row.format_id)
    state = InterviewState.from_dict(row.state)
    if fmt is None or state.phase_index >= len(fmt.phases):
        return None
    paused = state.status is Status.PAUSED and state.paused_at is not None
    left = state.deadline - (state.paused_at if paused and state.paused_at else now)
    return Standing(
        phase_index=state.phase_index,
        phase_title=fmt.phases[state.phase_index].title,
        finished=state.status is Status.FINISHED,
        paused=paused,
        left=left,
    )


def _is_catch_up(item: OutboxItem) -> bool:
    return item.payload.get("kind") == Kind.CATCH_UP.value


def _caught_up(facts: dict[str, Any], standing: Standing, now: datetime) -> dict[str, Any]:
    since = datetime.fromisoformat(str(facts["since"]))
    text = catch_up_line(standing, held_for=now - since, unreachable=bool(facts["unreachable"]))
    return {**facts, "text": text}
