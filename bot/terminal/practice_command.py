"""`designdrill practice [--resume [ID]]`: start or resume an interview, then run it here."""

from __future__ import annotations

from typing import TextIO

from bot.engine.playbook import FormatNotFound, QuestionNotFound
from bot.interviews import practice
from bot.interviews.rows import Interview
from bot.interviews.service import TERMINAL_TEAM, InterviewService
from bot.terminal.commands import BANNER
from bot.terminal.interactive import run_interactive
from bot.terminal.invocation import designdrill, resume_hint
from bot.terminal.practice import CHANNEL, PracticeSession
from bot.terminal.tables import table

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
        row = _resumed(service, host_id=host_id, interview_id=resume_id, out=out, err=err)
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


def _resumed(
    service: InterviewService,
    *,
    host_id: str,
    interview_id: int | None,
    out: TextIO,
    err: TextIO,
) -> Interview | None:
    """The interview to resume, running again; None (with the reason printed) when there
    is none, or several and no ``interview_id`` to pick one."""
    rows = practice.unfinished(service, host_id=host_id)
    if interview_id is None and len(rows) > 1:
        print("You have several paused interviews; pick one:", file=out)
        print(table(["#", "started (UTC)", "question", "format", "phase"], _listed(rows)), file=out)
        print(f"then `{designdrill()} practice --resume ID`.", file=out)
        return None
    if interview_id is None and rows:
        interview_id = rows[0].id
    row = None
    if interview_id is not None:
        row = practice.resume(service, host_id=host_id, interview_id=interview_id)
    if row is None:
        which = f" #{interview_id}" if interview_id is not None else ""
        print(f"designdrill: no unfinished practice interview{which} to resume.", file=err)
        return None
    print(
        f"Resuming interview #{row.id}: {row.question_id} ({row.format_id}), at {row.phase_id}.",
        file=out,
    )
    return row


def _listed(rows: list[Interview]) -> list[list[str]]:
    return [
        [str(r.id), f"{r.created_at:%Y-%m-%d %H:%M}", r.question_id, r.format_id, r.phase_id]
        for r in rows
    ]
