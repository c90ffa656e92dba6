"""The terminal adapter: a practice interview against the wall clock.

An answer is one or more lines ended by an empty line, a command, or the end of input. At a
terminal, :mod:`bot.terminal.interactive` reads the lines with a prompt that stays whole under
printed messages; otherwise (piped standard input, tests) :meth:`PracticeSession.run` reads
them on a background thread, so nudges are printed on time while it waits for the next line.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import TextIO

from bot.engine.interview import MAX_EXTEND_MINUTES
from bot.engine.playbook import EngineError
from bot.interviews import practice
from bot.interviews.delivery import Delivery
from bot.interviews.rows import Interview
from bot.interviews.service import TERMINAL_TEAM, InterviewService, ServiceError
from bot.numbers import NumberError, whole_number
from bot.terminal.commands import NAMES, help_text
from bot.terminal.invocation import designdrill, resume_command, resume_hint
from bot.terminal.printing import Printer, plain_console
from bot.terminal.sender import ConsoleSender

CHANNEL = "terminal"
PAUSED = 130
"""The exit code after Ctrl-C (128 + SIGINT), as shells expect."""
_EOF = object()


@dataclass
class PracticeSession:
    service: InterviewService
    interview: Interview
    out: TextIO
    tick_seconds: float = 0.2
    printer: Printer = field(init=False)
    _buffer: list[str] = field(default_factory=list)
    _buffer_at: datetime | None = None
    _count: int = 0
    _told_paused: bool = False

    @property
    def interview_id(self) -> int:
        assert self.interview.id is not None
        return self.interview.id

    def __post_init__(self) -> None:
        self.printer = Printer(plain_console(self.out), self.service.clock)

    def run(self, stdin: TextIO) -> int:
        """Drive the interview until it finishes, reading ``stdin`` line by line; returns
        the process exit code."""
        delivery = self.delivery()
        lines: queue.Queue[object] = queue.Queue()
        threading.Thread(target=_read, args=(stdin, lines), daemon=True).start()
        try:
            while not self.step(delivery):
                try:
                    line = lines.get(timeout=self.tick_seconds)
                except queue.Empty:
                    continue
                self.handle(None if line is _EOF else str(line))
        except KeyboardInterrupt:
            return self.leave(delivery)
        return self.saved()

    def delivery(self) -> Delivery:
        """Delivery of this interview's messages to the session's printer."""
        sender = ConsoleSender(self.printer)
        return practice.delivery(self.service, sender, interview_id=self.interview_id)

    def step(self, delivery: Delivery) -> bool:
        """Do what is due and print what is queued; True once the interview is over."""
        self.service.tick_one(team_id=TERMINAL_TEAM, interview_id=self.interview_id)
        delivery.run_once()
        return practice.is_done(self.service, interview_id=self.interview_id)

    def handle(self, line: str | None) -> None:
        """One line typed (None: the end of input)."""
        if line is None:
            self.submit()
            return
        text = line.rstrip("\n")
        if text.startswith("/"):
            self.submit()
            self._command(text)
        elif not text.strip():
            self.submit()
        else:
            self._tell_if_paused()
            if not self._buffer:
                self._buffer_at = self.service.clock()
            self._buffer.append(text)

    def submit(self) -> None:
        if not self._buffer or self._buffer_at is None:
            return
        self._count += 1
        at = self._buffer_at
        self.service.record_answer(
            team_id=TERMINAL_TEAM,
            interview_id=self.interview_id,
            user_id=self.interview.host_id,
            message_ts=f"{at.timestamp():.6f}-{self._count}",
            text="\n".join(self._buffer),
            at=self.service.clock(),
            typed_at=at,
        )
        self._buffer, self._buffer_at = [], None

    def leave(self, delivery: Delivery) -> int:
        """Ctrl-C: keep the answer being typed, pause, say how to come back."""
        self.submit()
        self._act("pause", None)
        delivery.run_once()
        self.printer.note(f"\nPaused. Resume with {resume_hint(self.interview_id)}.")
        return PAUSED

    def saved(self) -> int:
        self.printer.note(
            f"\nSaved as interview #{self.interview_id}. "
            f"`{designdrill()} history {self.interview_id}` shows it again."
        )
        return 0

    def _tell_if_paused(self) -> None:
        """Once per pause: typing does not restart the clock, `/resume` does."""
        now = practice.progress(self.service, interview_id=self.interview_id)
        paused = now is not None and now.paused_at is not None
        if paused and not self._told_paused:
            self.printer.note("The interview is paused; /resume starts the clock again.")
        self._told_paused = paused

    def _command(self, text: str) -> None:
        word, _, rest = text[1:].partition(" ")
        name, arg = word.lower(), rest.strip() or None
        if name == "help":
            self.printer.note(help_text(resume_command(self.interview_id)))
        elif name not in NAMES:
            self.printer.note(f"Unknown command /{name}; /help lists the commands.")
        elif name == "extend" and arg is not None and (problem := _minutes_problem(arg)):
            self.printer.note(problem)
        elif name == "topic" and arg is None:
            self.printer.note("/topic takes a number from the list, or your own topic")
        else:
            self._act(name, arg)

    def _act(self, action: str, arg: str | None) -> None:
        try:
            self.service.act(
                team_id=TERMINAL_TEAM,
                interview_id=self.interview_id,
                user_id=self.interview.host_id,
                action=action,
                arg=arg,
            )
        except (EngineError, ServiceError) as exc:
            self.printer.note(f"({exc})")


def _read(stdin: TextIO, lines: queue.Queue[object]) -> None:
    for line in stdin:
        lines.put(line)
    lines.put(_EOF)


def _minutes_problem(arg: str) -> str | None:
    """Why ``/extend ARG`` cannot be done, or None when ARG is minutes we allow."""
    try:
        whole_number(arg, low=1, high=MAX_EXTEND_MINUTES, what="minutes", example="/extend 5")
    except NumberError as exc:
        return str(exc)
    return None
