"""`designdrill practice [--resume]`: start or resume an interview, then run it here."""

from __future__ import annotations

from typing import TextIO

from bot.interviews import practice
from bot.interviews.service import TERMINAL_TEAM, InterviewService
from bot.terminal.practice import CHANNEL, HELP, PracticeSession


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
) -> int:
    """`designdrill practice [--resume]`: a new interview, or the host's unfinished one,
    run to its end; returns the exit code."""
    if resume:
        row = practice.resume(service, host_id=host_id)
        if row is None:
            print("designdrill: no unfinished practice interview to resume.", file=err)
            return 2
        print(
            f"Resuming interview #{row.id}: {row.question_id} ({row.format_id}), "
            f"at {row.phase_id}.",
            file=out,
        )
    else:
        row = service.start(
            team_id=TERMINAL_TEAM,
            channel_id=CHANNEL,
            host_id=host_id,
            source="terminal",
            question=question,
            format_id=format_id,
        )
    print(HELP, file=out)
    return PracticeSession(service, row, out).run(stdin)
