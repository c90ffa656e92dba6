"""The terminal adapter: a practice interview against the wall clock.

Input is read on a background thread so nudges appear on time while the user types, and so
piped standard input works (answers are read as they arrive). An answer is one or more
lines ended by an empty line, a command, or the end of input.
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
from bot.interviews.rows import Interview
from bot.interviews.service import TERMINAL_TEAM, InterviewService, ServiceError
from bot.numbers import NumberError, whole_number
from bot.terminal.printing import ConsoleSender

CHANNEL = "terminal"
COMMANDS = ("/next", "/extend [minutes]", "/pause", "/resume", "/topic N", "/end", "/help")
HELP = (
    "Type your answer; finish it with an empty line. Commands: "
    + ", ".join(COMMANDS)
    + ". Ctrl-C pauses; `designdrill practice --resume` picks up where you stopped."
)
_EOF = object()


@dataclass
class PracticeSession:
    service: InterviewService
    interview: Interview
    out: TextIO
    tick_seconds: float = 0.2
    _buffer: list[str] = field(default_factory=list)
    _buffer_at: datetime | None = None
    _count: int = 0

    @property
    def interview_id(self) -> int:
        assert self.interview.id is not None
        return self.interview.id

    def run(self, stdin: TextIO) -> int:
        """Drive the interview until it finishes; returns the process exit code."""
        sender = ConsoleSender(self.out, self.service.clock)
        delivery = practice.delivery(self.service, sender, interview_id=self.interview_id)
        lines: queue.Queue[object] = queue.Queue()
        threading.Thread(target=_read, args=(stdin, lines), daemon=True).start()
        try:
            while True:
                self.service.tick_one(team_id=TERMINAL_TEAM, interview_id=self.interview_id)
                delivery.run_once()
                if practice.is_done(self.service, interview_id=self.interview_id):
                    break
                try:
                    line = lines.get(timeout=self.tick_seconds)
                except queue.Empty:
                    continue
                self._handle(line)
        except KeyboardInterrupt:
            self._submit()
            self._act("pause", None)
            delivery.run_once()
            print("\nPaused. Resume with: designdrill practice --resume", file=self.out)
            return 130
        print(
            f"\nSaved as interview #{self.interview_id}. "
            f"`designdrill history {self.interview_id}` shows it again.",
            file=self.out,
        )
        return 0

    def _handle(self, line: object) -> None:
        if line is _EOF:
            self._submit()
            return
        text = str(line).rstrip("\n")
        if text.startswith("/"):
            self._submit()
            self._command(text)
        elif not text.strip():
            self._submit()
        else:
            if not self._buffer:
                self._buffer_at = self.service.clock()
            self._buffer.append(text)

    def _submit(self) -> None:
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
            at=at,
        )
        self._buffer, self._buffer_at = [], None

    def _command(self, text: str) -> None:
        word, _, rest = text[1:].partition(" ")
        name, arg = word.lower(), rest.strip() or None
        if name == "help":
            print(HELP, file=self.out, flush=True)
        elif name in ("next", "extend", "pause", "resume", "end", "topic"):
            if name == "extend" and arg is not None:
                try:
                    whole_number(
                        arg, low=1, high=MAX_EXTEND_MINUTES, what="minutes", example="/extend 5"
                    )
                except NumberError as exc:
                    print(exc, file=self.out, flush=True)
                    return
            self._act(name, arg)
        else:
            print(f"Unknown command /{name}. {HELP}", file=self.out, flush=True)

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
            print(f"({exc})", file=self.out, flush=True)


def _read(stdin: TextIO, lines: queue.Queue[object]) -> None:
    for line in stdin:
        lines.put(line)
    lines.put(_EOF)
