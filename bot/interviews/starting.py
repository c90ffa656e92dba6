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
from bot.interviews.errors import AlreadyRunning
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

    def start_by_hand(
        self,
        *,
        team_id: str,
        channel_id: str,
        user_id: str,
        question: str | None,
        format_id: str | None,
        host_timezone: Callable[[], str],
    ) -> Interview:
        """An interview someone starts in a chat channel, hosted by them; the standard
        format unless they chose one. A format with working hours (the weekly drill) counts
        them in the team's zone (`/drill timezone`), else in ``host_timezone()``, asked
        only then.

        One interview runs per channel: raises AlreadyRunning (naming it) while one is
        running or paused there, also when two starts arrive together (a double submit).
        Raises the engine's errors for an unknown question, topic or format."""
        format_id = format_id or "standard"
        timezone = self._working_hours_zone(team_id, format_id, host_timezone)
        with self.store.transaction() as tx:
            self._claim_channel(tx, team_id=team_id, channel_id=channel_id)
            return self.start(
                team_id=team_id,
                channel_id=channel_id,
                host_id=user_id,
                source="slack",
                question=question,
                format_id=format_id,
                timezone=timezone,
                tx=tx,
            )

    def _claim_channel(self, tx: Tx, *, team_id: str, channel_id: str) -> None:
        """Claim the channel's next interview, or raise AlreadyRunning.

        The claim is a one-time key, "the start after the channel's newest interview",
        stored like a handled event: of two starts arriving together, the second waits for
        the first to commit (PostgreSQL's unique key; SQLite's write lock), then finds its
        interview running."""
        if running := self._running_in(tx, team_id=team_id, channel_id=channel_id):
            raise AlreadyRunning(running)
        newest = tx.list_interviews(team_id=team_id, channel_id=channel_id, limit=1)
        key = f"start:{team_id}:{channel_id}:after:{newest[0].id if newest else 0}"
        if tx.remember_event(team_id=team_id, event_id=key, now=self.clock()):
            return
        if running := self._running_in(tx, team_id=team_id, channel_id=channel_id):
            raise AlreadyRunning(running)
        # A claim whose interview is gone (it ended at once, or was deleted): go ahead.

    @staticmethod
    def _running_in(tx: Tx, *, team_id: str, channel_id: str) -> Interview | None:
        live = tx.list_interviews(team_id=team_id, channel_id=channel_id, statuses=LIVE, limit=1)
        return live[0] if live else None

    def _working_hours_zone(
        self, team_id: str, format_id: str, host_timezone: Callable[[], str]
    ) -> str | None:
        fmt = self.content.formats.get(format_id)
        if fmt is None or fmt.working_hours is None:
            return None
        with self.store.transaction() as tx:
            setting = tx.team_setting(team_id=team_id)
        if setting is not None and setting.timezone:
            return setting.timezone
        return host_timezone()
