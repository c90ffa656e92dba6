"""`designdrill practice [--resume [ID]]`: start or resume an interview, then run it here."""

from __future__ import annotations

from typing import TextIO

from bot.engine.playbook import FormatNotFound, QuestionNotFound
from bot.interviews import practice
from bot.interviews.service import TERMINAL_TEAM, InterviewService
from bot.terminal.commands import BANNER
from bot.terminal.interactive import run_interactive
from bot.terminal.invocation import designdrill, resume_hint
from bot.terminal.practice import CHANNEL, PracticeSession
from bot.terminal.resuming import resumed

USAGE_ERROR = 2


def practice_command(
    service: InterviewService,
    *,
    host_id: str,
    question: str | None,
    format_id: str,
    resume: bool,
    stdin: TextIO,
    out: TextIO,
    err: TextIO,
    resume_id: int | None = None,
) -> int:
    """`designdrill practice [--resume [ID]]`: a new interview, or one of the host's
    unfinished ones, run to its end; returns the exit code."""
    if resume:
        row = resumed(service, host_id=host_id, interview_id=resume_id, out=out, err=err)
        if row is None:
            return USAGE_ERROR
    else:
        paused = practice.unfinished(service, host_id=host_id)
        if paused:
            print(
                f"You have a paused interview (#{paused[0].id}); "
                f"{resume_hint()} continues it. Starting a new one.",
                file=out,
            )
        try:
            row = service.start(
                team_id=TERMINAL_TEAM,
                channel_id=CHANNEL,
                host_id=host_id,
                source="terminal",
                question=question,
                format_id=format_id,
            )
        except (QuestionNotFound, FormatNotFound) as exc:
            unknown = (
                f"no question matches {question!r}"
                if isinstance(exc, QuestionNotFound)
                else f"no format {format_id!r}"
            )
            print(
                f"designdrill: {unknown}; `{designdrill()} practice --list` lists them.", file=err
            )
            return USAGE_ERROR
    session = PracticeSession(service, row, out)
    if stdin.isatty() and out.isatty():
        return run_interactive(session)
    print(BANNER, file=out)
    return session.run(stdin)
