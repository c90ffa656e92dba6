"""Starting an interview: a question chosen, the engine started, its first messages queued."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.engine import interview as engine
from bot.engine.catch_up import MadeFor
from bot.engine.playbook import Playbook
from bot.engine.presses import ButtonStep
from bot.engine.timing import next_event_at
from bot.interviews.log_lines import told
from bot.interviews.questions import choose_question
from bot.interviews.saving import outbox_item
from bot.interviews.stepping import StepRunner
from storage.models import Interview
from storage.outbox import outbox_rows
from storage.repository import NewOutboxItem, Tx

LIVE = ("running", "paused")


@dataclass(frozen=True, kw_only=True)
class NewInterview:
    """An interview to open: where, hosted by whom, which question (an id, a topic or
    None for any) in which format; ``timezone`` is where working hours count."""

    team_id: str
    channel_id: str
    host_id: str
    source: str
    question: str | None
    format_id: str
    seed: int
    timezone: str | None


@dataclass(frozen=True)
class _Opening:
    """A started engine's first state and messages, as rows to insert."""

    columns: dict[str, Any]
    items: list[NewOutboxItem]
    team_id: str
    what: str

    def log_line(self, interview_id: int | None) -> Callable[[], None]:
        return told(self.team_id, interview_id, "started: %s", self.what)


class Starting(StepRunner):
    def start(
        self,
        *,
        team_id: str,
        channel_id: str,
        host_id: str,
        source: str,
        question: str | None = None,
        format_id: str = "standard",
        thread_ts: str | None = None,
        seed: int | None = None,
        timezone: str | None = None,
        tx: Tx | None = None,
    ) -> Interview:
        """Open an interview and queue its first messages.

        ``question`` is a question id, a topic (tag or title word) or None for any.
        ``timezone`` is where the format's working hours count (scheduled drills). With
        ``tx`` it runs in the caller's transaction (a drill starts in the one that claims
        its occurrence, so both commit or neither does).
        Raises QuestionNotFound / FormatNotFound (from the engine) for unknown ids.
        """
        seed = random.randrange(1 << 30) if seed is None else seed
        now = self.clock()
        opening = self._opening(
            NewInterview(
                team_id=team_id,
                channel_id=channel_id,
                host_id=host_id,
                source=source,
                question=question,
                format_id=format_id,
                seed=seed,
                timezone=timezone,
            ),
            thread_ts=thread_ts,
            now=now,
        )
        with self._joined(tx) as tx:
            row = tx.create_interview(**opening.columns, now=now)
            assert row.id is not None
            tx.add_participant(team_id=team_id, interview_id=row.id, user_id=host_id, now=now)
            tx.enqueue(team_id=team_id, interview_id=row.id, items=opening.items, now=now)
            tx.after_commit(opening.log_line(row.id))
        return row

    def start_many(self, tx: Tx, wanted: Sequence[NewInterview]) -> list[int]:
        """Open every interview of ``wanted`` in the caller's transaction, each as
        :meth:`start` would, with a few statements for all of them (a burst of scheduled
        drills). Returns their ids in ``wanted``'s order."""
        now = self.clock()
        openings = [self._opening(new, thread_ts=None, now=now) for new in wanted]
        ids = tx.create_interviews(rows=[o.columns | {"now": now} for o in openings])
        tx.add_new_participants(
            rows=[
                {"team_id": n.team_id, "interview_id": i, "user_id": n.host_id, "joined_at": now}
                for n, i in zip(wanted, ids, strict=True)
            ]
        )
        tx.enqueue_for_new(
            rows=[
                row
                for n, o, i in zip(wanted, openings, ids, strict=True)
                for row in outbox_rows(team_id=n.team_id, interview_id=i, items=o.items, now=now)
            ]
        )
        for opening, interview_id in zip(openings, ids, strict=True):
            tx.after_commit(opening.log_line(interview_id))
        return ids

    def _opening(self, new: NewInterview, *, thread_ts: str | None, now: datetime) -> _Opening:
        chosen = choose_question(self.content, new.question, seed=new.seed)
        playbook = Playbook.from_content(
            self.content, question_id=chosen.id, format_id=new.format_id
        )
        step = engine.start(
            playbook=playbook, host=new.host_id, seed=new.seed, now=now, timezone=new.timezone
        )
        first_step = ButtonStep(playbook.phase(0).id, 1)  # a new row's version
        return _Opening(
            columns={
                "team_id": new.team_id,
                "channel_id": new.channel_id,
                "thread_ts": thread_ts,
                "host_id": new.host_id,
                "source": new.source,
                "question_id": chosen.id,
                "format_id": new.format_id,
                "status": step.state.status.value,
                "phase_id": playbook.phase(0).id,
                "phase_started_at": step.state.phase_started_at,
                "phase_deadline": step.state.deadline,
                "next_event_at": next_event_at(step.state, playbook),
                "state": step.state.to_dict(),
            },
            items=[
                outbox_item(say, new.channel_id, first_step, MadeFor(step.state.phase_index))
                for say in step.effects
            ],
            team_id=new.team_id,
            what=f"{chosen.id} / {new.format_id}",
        )
