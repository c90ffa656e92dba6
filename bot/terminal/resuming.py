"""`designdrill practice --resume [ID]`: which of the host's unfinished interviews goes on,
listing them when there are several and no ID picks one."""

from __future__ import annotations

from typing import TextIO

from bot.interviews import practice
from bot.interviews.rows import Interview
from bot.interviews.service import InterviewService
from bot.terminal.invocation import designdrill
from bot.terminal.tables import table


def resumed(
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
