"""A transcript-style driver for the pure engine: move time, read what the bot said."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from bot.content.model import Content
from bot.engine import interview
from bot.engine.effects import Kind, Say, Step
from bot.engine.playbook import Playbook
from bot.engine.score_types import AnswerView
from bot.engine.state import InterviewState
from bot.engine.timing import next_event_at

T0 = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)


class Transcript:
    """Holds one interview; every call round-trips the state through JSON like storage does."""

    def __init__(self, content: Content, *, fmt: str = "standard", host: str = "U1", seed: int = 7):
        question = next(iter(content.questions))
        self.playbook = Playbook.from_content(content, question_id=question, format_id=fmt)
        self.now = T0
        self.said: list[Say] = []
        self.log: list[tuple[datetime, Say]] = []
        """Everything said, with the moment it was said."""
        self.answers: list[AnswerView] = []
        """Answers as storage keeps them: tagged with the phase they were written for."""
        step = interview.start(playbook=self.playbook, host=host, seed=seed, now=self.now)
        self.state: InterviewState = step.state
        self.finished = False
        self._take(step)

    def _take(self, step: Step) -> list[Say]:
        self.state = InterviewState.from_dict(json.loads(json.dumps(step.state.to_dict())))
        self.finished = self.finished or step.finished
        self.said.extend(step.effects)
        self.log.extend((self.now, say) for say in step.effects)
        return list(step.effects)

    def at(self, **delta: float) -> list[Say]:
        """Move the clock to T0 + delta and tick once."""
        self.now = T0 + timedelta(**delta)
        return self.tick()

    def tick(self) -> list[Say]:
        return self._take(interview.tick(self.state, playbook=self.playbook, now=self.now))

    def run_until(self, **delta: float) -> list[Say]:
        """Tick at every moment something is due, as the scheduler would, up to T0 + delta."""
        end = T0 + timedelta(**delta)
        out: list[Say] = []
        while (due := next_event_at(self.state, self.playbook)) is not None and due <= end:
            self.now = max(self.now, due)
            out += self.tick()
        self.now = end
        return out + self.tick()

    def answer(self, text: str, *, user: str = "U1", at: datetime | None = None) -> list[Say]:
        """``user`` sends ``text`` at ``at`` (default now), as the use case handles it."""
        at = at or self.now
        now = max(self.now, at)
        if not interview.accepts_answers(self.state):
            return self._take(
                interview.heard_while_paused(
                    self.state, playbook=self.playbook, author=user, now=now
                )
            )
        phase = interview.answer_phase(self.state, playbook=self.playbook, at=at)
        self.answers.append(AnswerView(user, phase.phase_id, text, at))
        step = interview.record_answer(
            self.state,
            playbook=self.playbook,
            author=user,
            text=text,
            at=at,
            now=now,
            answers=tuple(self.answers),
        )
        return self._take(step)

    def do(self, command: str, **kwargs: object) -> list[Say]:
        fn = getattr(interview, command)
        return self._take(fn(self.state, playbook=self.playbook, now=self.now, **kwargs))


def kinds(says: list[Say]) -> list[Kind]:
    return [s.kind for s in says]


def texts(says: list[Say]) -> str:
    return "\n".join(s.text for s in says)
