"""The practice session at a terminal: a prompt that stays whole while messages arrive.

One asyncio loop runs both the prompt and the interview's clock. What is printed is
collected, then shown through prompt_toolkit's ``in_terminal``, which erases the prompt,
prints *above* it and redraws the line being typed intact underneath (what ``patch_stdout``
does, here awaited in the loop so nothing is printed out of order or after the loop ends).
The bar under the prompt is :mod:`bot.terminal.toolbar`.
"""

from __future__ import annotations

import asyncio
import threading
from typing import TextIO, cast

from prompt_toolkit import PromptSession
from prompt_toolkit.application import create_app_session, get_app_session, in_terminal
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.input import Input
from prompt_toolkit.lexers import SimpleLexer
from prompt_toolkit.output import Output
from prompt_toolkit.styles import Style

from bot.interviews import practice
from bot.interviews.delivery import Delivery
from bot.interviews.practice import Progress
from bot.terminal.commands import BANNER
from bot.terminal.practice import PracticeSession
from bot.terminal.printing import Printer, colour_console, plain_console
from bot.terminal.toolbar import toolbar

STYLE = Style.from_dict(
    {
        "you": "ansigreen bold",
        "answer": "ansigreen",
        "bottom-toolbar": "noreverse bg:ansiblack ansiwhite",
        "phase": "bold ansicyan",
        "clock": "bold",
        "late": "bold ansired",
        "paused": "bold ansiyellow",
        "covers": "ansigray",
    }
)
REFRESH = 0.5
"""Seconds between redraws of the countdown."""


def run_interactive(
    session: PracticeSession, *, input: Input | None = None, output: Output | None = None
) -> int:
    """Drive the interview at a terminal until it finishes or the person leaves; returns
    the exit code. ``input``/``output`` default to the process's terminal (tests pass a
    pipe and a screen)."""
    with create_app_session(input=input, output=output):
        try:
            return asyncio.run(_Live(session).main())
        except KeyboardInterrupt:  # Ctrl-C while no prompt was reading keys
            session.printer = Printer(plain_console(session.out), session.service.clock)
            return session.leave(session.delivery())


class _Live:
    def __init__(self, session: PracticeSession) -> None:
        self.session = session
        self.progress: Progress | None = None
        self.done = False
        self.failed: BaseException | None = None
        self.printed = _Printed()

    async def main(self) -> int:
        session = self.session
        width = get_app_session().output.get_size().columns
        console = colour_console(cast(TextIO, self.printed), width)
        session.printer = Printer(console, session.service.clock)
        session.printer.note(BANNER)
        prompt: PromptSession[str] = PromptSession(
            message=[("class:you", "you › ")],
            lexer=SimpleLexer("class:answer"),
            bottom_toolbar=self.toolbar,
            refresh_interval=REFRESH,
            style=STYLE,
        )
        delivery = session.delivery()
        ticking = asyncio.create_task(self.tick(delivery, prompt))
        try:
            while not self.done and self.failed is None:
                try:
                    line = await prompt.prompt_async()
                except (KeyboardInterrupt, EOFError):
                    ticking.cancel()
                    code = session.leave(delivery)
                    await self.show()
                    return code
                if not self.done and self.failed is None:
                    session.handle(line)
                    await self.show()
        finally:
            ticking.cancel()
        if self.failed is not None:
            raise self.failed
        code = session.saved()
        await self.show()
        return code

    async def tick(self, delivery: Delivery, prompt: PromptSession[str]) -> None:
        """The interview's clock: what is due is done and printed; the prompt ends with it."""
        session = self.session
        while True:
            try:
                self.progress = practice.progress(
                    session.service, interview_id=session.interview_id
                )
                self.done = session.step(delivery)
            except Exception as exc:
                self.failed = exc
            await self.show()
            if self.done or self.failed is not None:
                if prompt.app.is_running:
                    prompt.app.exit(result="")
                return
            await asyncio.sleep(session.tick_seconds)

    async def show(self) -> None:
        """Print what was written since, above the prompt when one is running."""
        text = self.printed.take()
        if text:
            async with in_terminal():
                output = get_app_session().output
                output.write_raw(text)
                output.flush()

    def toolbar(self) -> FormattedText:
        return toolbar(self.progress, self.session.service.clock())


class _Printed:
    """The file the printer writes to (delivery may print from its sender threads): text
    kept until :meth:`_Live.show` takes it."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._lock = threading.Lock()

    def write(self, text: str) -> int:
        with self._lock:
            self._parts.append(text)
        return len(text)

    def flush(self) -> None:
        """Shown by :meth:`_Live.show`, in the loop."""

    def take(self) -> str:
        with self._lock:
            text, self._parts = "".join(self._parts), []
        return text
