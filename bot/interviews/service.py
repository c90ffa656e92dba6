"""The interview service: storage + engine + content, shared by every adapter.

Each operation reads an interview, runs one pure engine call and saves the new state and
the messages it produced in ONE transaction (a conditional update on the row's version).
Adapters never call the engine directly, so Slack and the terminal behave the same way.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import TypeVar

from bot.content.model import Content, Question
from bot.engine import interview as engine
from bot.engine.effects import Kind, Say, Step, one_message_per_moment
from bot.engine.playbook import Playbook
from bot.engine.state import InterviewState, Status
from bot.engine.timing import next_event_at
from bot.interviews.finish import Finishing, finish_items, render, retrospective
from bot.interviews.questions import choose_question
from bot.logs import ids
from storage.answers import NewAnswer, ReplyThread
from storage.errors import StaleInterview
from storage.interviews import DueInterview, InterviewRef, StepToSave
from storage.models import Interview
from storage.repository import NewOutboxItem, Store, Tx

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]
TERMINAL_TEAM = "local"
"""The team of terminal practice interviews (Slack team ids start with T): Slack workers
leave it alone, and the terminal only ticks and delivers its own."""
T = TypeVar("T")
ACTIONS = ("next", "extend", "pause", "resume", "end", "topic")
RETRIES = 5
TICK_BATCH = 20
"""Due interviews stepped per batch in a tick: small enough that PostgreSQL gets its first
batch to write early, large enough that each batch is one UPDATE and one INSERT."""


class ServiceError(Exception):
    """Root of the service's errors; messages are safe to show to the person who acted."""


class InterviewNotFound(ServiceError, LookupError):
    def __init__(self, interview_id: int) -> None:
        super().__init__(f"interview {interview_id} was not found")


class NotAllowed(ServiceError, PermissionError):
    def __init__(self, user_id: str) -> None:
        super().__init__(
            "Only the host, the participants and workspace admins can steer this interview."
        )
        self.user_id = user_id


class InterviewService:
    def __init__(self, *, store: Store, content: Content, clock: Clock) -> None:
        self.store = store
        self.content = content
        self.clock = clock

    # --- starting ----------------------------------------------------------------------

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
        chosen: Question = choose_question(self.content, question, seed=seed)
        playbook = Playbook.from_content(self.content, question_id=chosen.id, format_id=format_id)
        now = self.clock()
        step = engine.start(playbook=playbook, host=host_id, seed=seed, now=now, timezone=timezone)
        with self._joined(tx) as tx:
            row = tx.create_interview(
                team_id=team_id,
                channel_id=channel_id,
                thread_ts=thread_ts,
                host_id=host_id,
                source=source,
                question_id=chosen.id,
                format_id=format_id,
                status=step.state.status.value,
                phase_id=playbook.phase(0).id,
                phase_started_at=step.state.phase_started_at,
                phase_deadline=step.state.deadline,
                next_event_at=next_event_at(step.state, playbook),
                state=step.state.to_dict(),
                now=now,
            )
            assert row.id is not None
            tx.add_participant(team_id=team_id, interview_id=row.id, user_id=host_id, now=now)
            tx.enqueue(
                team_id=team_id,
                interview_id=row.id,
                items=[_item(say, row.channel_id) for say in step.effects],
                now=now,
            )
            tx.after_commit(_told(team_id, row.id, "started: %s / %s", chosen.id, format_id))
        return row

    def _joined(self, tx: Tx | None) -> AbstractContextManager[Tx]:
        return nullcontext(tx) if tx is not None else self.store.transaction()

    def playbook(self, row: InterviewRef) -> Playbook:
        return Playbook.from_content(
            self.content, question_id=row.question_id, format_id=row.format_id
        )

    # --- answers -----------------------------------------------------------------------

    def record_answer(
        self,
        *,
        team_id: str,
        interview_id: int,
        user_id: str,
        message_ts: str,
        text: str,
        at: datetime,
    ) -> bool:
        """Store an answer tagged with the phase open at ``at`` (the terminal's way: the
        interview known by its id, no chat thread); False if it was a duplicate or the
        interview is over. The same storing and stepping as :meth:`record_reply`.

        Raises :class:`InterviewNotFound` if the team has no such interview."""

        def work(tx: Tx) -> bool:
            target = tx.answer_target(
                team_id=team_id,
                interview_id=interview_id,
                message_ts=[message_ts],
                user_ids=[user_id],
            )
            if target is None:
                raise InterviewNotFound(interview_id)
            return self._store_answer(
                tx, target, user_id=user_id, message_ts=message_ts, text=text, at=at
            )

        return self._retrying(work)

    def record_reply(
        self,
        *,
        team_id: str,
        channel_id: str,
        thread_ts: str,
        user_id: str,
        message_ts: str,
        text: str,
        at: datetime,
        event_id: str,
    ) -> bool:
        """A reply in a chat thread, in ONE short transaction: its event id remembered, the
        answer stored, the engine stepped and the new state saved. A crash leaves all or
        nothing, and the transport's redelivery then redoes it.

        ``event_id`` is the transport's delivery id (Slack's ``event_id``; empty if it has
        none): a redelivery with the same id changes nothing. Returns whether the reply was
        stored as a new answer: False when it was a duplicate (its event id or its message
        seen before), not in an interview's thread, or the interview is over. If another
        process saves the interview first (a version conflict), it is rolled back and redone.
        """

        def work(tx: Tx) -> bool:
            now = self.clock()
            if event_id and not tx.remember_event(team_id=team_id, event_id=event_id, now=now):
                return False
            thread = tx.reply_thread(
                team_id=team_id,
                channel_id=channel_id,
                thread_ts=thread_ts,
                message_ts=[message_ts],
                user_ids=[user_id],
            )
            if thread is None:
                return False
            return self._store_answer(
                tx, thread, user_id=user_id, message_ts=message_ts, text=text, at=at
            )

        return self._retrying(work)

    def _store_answer(
        self, tx: Tx, target: ReplyThread, *, user_id: str, message_ts: str, text: str, at: datetime
    ) -> bool:
        """Store one answer in ``target``'s interview (its author becomes a participant),
        tagged with the phase open at ``at``, and step the engine; False when the message
        is already stored or the interview is over."""
        state = InterviewState.from_dict(target.interview.state)
        if state.status is Status.FINISHED:
            return False
        now = self.clock()
        playbook = self.playbook(target.interview)
        phase_id = engine.phase_in_force(state, playbook=playbook, at=at)
        answer = NewAnswer(user_id, message_ts, phase_id, text, at)
        if not tx.add_answers(thread=target, answers=[answer], now=now):
            return False
        step = engine.record_answer(state, playbook=playbook, author=user_id, text=text, at=at)
        self._save(tx, target.interview, step, now)
        return True

    def change_reply(
        self,
        *,
        team_id: str,
        channel_id: str,
        thread_ts: str,
        message_ts: str,
        text: str | None,
        event_id: str,
    ) -> bool:
        """An edited (``text``) or deleted (``text`` None) reply, in one transaction with
        its event id; True when an answer changed."""
        with self.store.transaction() as tx:
            now = self.clock()
            if event_id and not tx.remember_event(team_id=team_id, event_id=event_id, now=now):
                return False
            row = tx.find_interview(team_id=team_id, channel_id=channel_id, thread_ts=thread_ts)
            if row is None or row.id is None:
                return False
            if text is None:
                return tx.delete_answer(
                    team_id=team_id, interview_id=row.id, message_ts=message_ts, deleted_at=now
                )
            edited = tx.edit_answer(
                team_id=team_id,
                interview_id=row.id,
                message_ts=message_ts,
                text=text,
                edited_at=now,
            )
            return edited is not None

    # --- commands ----------------------------------------------------------------------

    def act(
        self,
        *,
        team_id: str,
        interview_id: int,
        user_id: str,
        action: str,
        arg: str | None = None,
        is_admin: bool = False,
    ) -> Interview:
        """Run a participant's command: next, extend [minutes], pause, resume, end, topic X.

        Raises NotAllowed for anyone but the host, a participant or an admin;
        InterviewOver (engine) once finished; TopicNotFound for an unknown topic.
        """
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")

        def run(tx: Tx, row: Interview, state: InterviewState) -> tuple[Step, Interview]:
            allowed = {
                p.user_id for p in tx.participants(team_id=team_id, interview_id=interview_id)
            }
            if user_id != row.host_id and user_id not in allowed and not is_admin:
                raise NotAllowed(user_id)
            playbook, now = self.playbook(row), self.clock()
            if action == "extend":
                minutes = int(arg) if arg else None
                return engine.extend(state, playbook=playbook, now=now, minutes=minutes), row
            if action == "topic":
                return engine.choose_topic(state, playbook=playbook, topic=arg or "", now=now), row
            fn = {
                "next": engine.next_phase,
                "pause": engine.pause,
                "resume": engine.resume,
                "end": engine.end,
            }[action]
            return fn(state, playbook=playbook, now=now), row

        return self._update(team_id=team_id, interview_id=interview_id, run=run)

    # --- the scheduler's tick ----------------------------------------------------------

    def tick(
        self, *, limit: int = 200, team_id: str | None = None, exclude_team: str | None = None
    ) -> int:
        """Advance every interview whose next event is due; returns how many were handled.

        Claim, engine and save happen in one transaction, so a crash leaves either the old
        state (the next tick redoes it) or the new state with its messages queued.
        """
        now = self.clock()
        with self.store.transaction() as tx:
            rows = tx.claim_due(now=now, limit=limit, team_id=team_id, exclude_team=exclude_team)
            finishing = []
            # Saved in batches as the engine goes (PostgreSQL writes one batch while the
            # next is computed); interviews that end here go last, together, once the
            # batches are written, as their scores need a read of their answers. The claim
            # holds the rows, so no save can go stale; if one did, nothing is saved.
            with tx.saving_steps(now=now) as save:
                for start in range(0, len(rows), TICK_BATCH):
                    stepped = [self._step_due(row, now) for row in rows[start : start + TICK_BATCH]]
                    finishing += [s for s in stepped if s[2].finished]
                    save(self._to_save(tx, [s for s in stepped if not s[2].finished], now))
            tx.save_steps(steps=self._to_save(tx, finishing, now), now=now)
        return len(rows)

    def _step_due(self, row: DueInterview, now: datetime) -> tuple[DueInterview, Playbook, Step]:
        playbook = self.playbook(row)
        state = InterviewState.from_dict(row.state)
        return row, playbook, engine.tick(state, playbook=playbook, now=now)

    def abandon(
        self, *, team_id: str, interview_id: int, reason: str, tx: Tx | None = None
    ) -> Interview | None:
        """Stop an interview whose thread can no longer be reached, dropping its queue.

        Returns the interview (for its host) the first time, None if it was already over.
        Inside the caller's ``tx`` the save is conditional on the version read there: if
        another transaction saved the interview first, StaleInterview rolls it all back
        (run it through :meth:`atomically` to have it redone).
        """

        def run(tx: Tx, row: Interview, state: InterviewState) -> tuple[Step, Interview | None]:
            if state.status is Status.FINISHED:
                return Step(state), None
            now = self.clock()
            tx.drop_pending(team_id=team_id, interview_id=interview_id, now=now, error=reason)
            tx.after_commit(
                _told(team_id, interview_id, "stopped: %s", reason, level=logging.WARNING)
            )
            return Step(state.evolve(status=Status.FINISHED, finished_at=now)), row

        return self._update(team_id=team_id, interview_id=interview_id, run=run, tx=tx)

    def tick_one(self, *, team_id: str, interview_id: int) -> None:
        """Advance one interview if something is due (the terminal drives its own)."""

        def run(tx: Tx, row: Interview, state: InterviewState) -> tuple[Step, None]:
            now = self.clock()
            if row.next_event_at is None or row.next_event_at > now:
                return Step(state), None
            return engine.tick(state, playbook=self.playbook(row), now=now), None

        self._update(team_id=team_id, interview_id=interview_id, run=run)

    # --- reading -----------------------------------------------------------------------

    def retrospective_texts(
        self, *, team_id: str, interview_id: int
    ) -> tuple[str, list[tuple[str, str]]]:
        """The team view and each participant's view, rebuilt from stored answers."""
        with self.store.transaction() as tx:
            row = tx.get_interview(team_id=team_id, interview_id=interview_id)
            if row is None:
                raise InterviewNotFound(interview_id)
            state = InterviewState.from_dict(row.state)
            return render(retrospective(tx, row, state, self.playbook(row)), row)

    # --- internals ---------------------------------------------------------------------

    def _update(
        self,
        *,
        team_id: str,
        interview_id: int,
        run: Callable[[Tx, Interview, InterviewState], tuple[Step, T]],
        tx: Tx | None = None,
    ) -> T:
        """Read, run, save under the row's version; retry when a tick got there first
        (within the caller's ``tx``, the caller retries)."""

        def work(tx: Tx) -> T:
            row = tx.get_interview(team_id=team_id, interview_id=interview_id)
            if row is None:
                raise InterviewNotFound(interview_id)
            before = InterviewState.from_dict(row.state)
            step, result = run(tx, row, before)
            if step.state != before or step.effects:
                self._save(tx, row, step, self.clock())
            return result

        return work(tx) if tx is not None else self._retrying(work)

    def atomically(self, work: Callable[[Tx], T]) -> T:
        """Run ``work`` in one transaction, redone from the start when another process
        saved one of its interviews first (for changes spanning several interviews)."""
        return self._retrying(work)

    def _retrying(self, work: Callable[[Tx], T]) -> T:
        """Run ``work`` in one transaction; when another process saved the same interview
        first (a version conflict), everything is rolled back and ``work`` runs again."""
        for attempt in range(RETRIES):
            try:
                with self.store.transaction() as tx:
                    return work(tx)
            except StaleInterview as exc:
                logger.debug("%s; retry %d", exc, attempt)  # routine: handled here
        raise ServiceError("the interview is busy; please try again")

    def _save(self, tx: Tx, row: InterviewRef, step: Step, now: datetime) -> None:
        tx.save_steps(steps=self._to_save(tx, [(row, self.playbook(row), step)], now), now=now)

    def _to_save(
        self, tx: Tx, stepped: Sequence[tuple[InterviewRef, Playbook, Step]], now: datetime
    ) -> list[StepToSave]:
        """What to save for each step (finishing steps also save their scores in ``tx``
        and queue the retrospectives)."""
        finishing = [Finishing(row, step.state, pb) for row, pb, step in stepped if step.finished]
        retros = finish_items(tx, finishing, now) if finishing else {}
        for row, playbook, step in stepped:
            if (log := _event(row, playbook, step)) is not None:
                tx.after_commit(log)
        saves = []
        for row, playbook, step in stepped:
            assert row.id is not None
            state = step.state
            channel = row.channel_id
            items = [_item(say, channel) for say in one_message_per_moment(step.effects)]
            if step.finished:
                items += retros[row.id]
            saves.append(
                StepToSave(
                    team_id=row.team_id,
                    interview_id=row.id,
                    expected_version=row.version,
                    status=state.status.value,
                    phase_id=playbook.phase(state.phase_index).id,
                    phase_started_at=state.phase_started_at,
                    phase_deadline=state.deadline,
                    next_event_at=next_event_at(state, playbook),
                    state=state.to_dict(),
                    finished_at=state.finished_at,
                    effects=items,
                )
            )
        return saves


def _event(row: InterviewRef, playbook: Playbook, step: Step) -> Callable[[], None] | None:
    """The log line of a step that matters, if it does: the interview finished, or a new
    phase opened (possibly past several, after the scheduler was down)."""
    if step.finished:
        return _told(row.team_id, row.id, "finished")
    if any(say.kind is Kind.PHASE_INTRO for say in step.effects):
        return _told(
            row.team_id, row.id, "advanced to %s", playbook.phase(step.state.phase_index).id
        )
    return None


def _told(
    team_id: str, interview_id: int | None, what: str, *args: object, level: int = logging.INFO
) -> Callable[[], None]:
    """A line about one interview, for :meth:`Tx.after_commit`: logged only if it happened."""
    return lambda: logger.log(
        level,
        "interview %s (team %s) " + what,
        interview_id,
        team_id,
        *args,
        extra=ids(team_id, interview_id),
    )


def _payload(say: Say) -> dict[str, object]:
    return {
        "kind": say.kind.value,
        "text": say.text,
        "buttons": [[b.action, b.label, b.value] for b in say.buttons],
    }


def _item(say: Say, channel_id: str) -> NewOutboxItem:
    return NewOutboxItem(
        key=say.key, channel_id=channel_id, user_id=say.to_user, payload=_payload(say)
    )
