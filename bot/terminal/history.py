"""`designdrill history [ID]` and `practice --list`: what is stored, printed."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TextIO

from bot.content.model import Content
from bot.interviews.errors import InterviewNotFound
from bot.interviews.practice_history import practice_list, practice_record
from bot.interviews.service import InterviewService
from bot.terminal.invocation import designdrill
from bot.terminal.render import plain
from bot.terminal.tables import table

_SAYS_LENGTH = re.compile(r"\d+\s*(?:min|minutes?|h|hours?|days?)\b", re.IGNORECASE)
"""A format title that already gives its length ("Standard interview (43 minutes)")."""


def show(service: InterviewService, interview_id: int | None, *, out: TextIO) -> int:
    """The list of practice interviews, or one of them in full; returns the exit code."""
    if interview_id is None:
        return _list(service, out=out)
    try:
        record = practice_record(service, interview_id=interview_id)
    except InterviewNotFound:
        listing = f"`{designdrill()} history`"
        print(f"No practice interview #{interview_id}. {listing} lists them.", file=out)
        return 2
    row = record.interview
    question = service.content.questions.get(row.question_id)
    print(
        f"#{row.id} {question.title if question else row.question_id} ({row.format_id}), "
        f"{row.created_at:%Y-%m-%d %H:%M} UTC, {row.status}",
        file=out,
    )
    print("\nYour answers:", file=out)
    for answer in record.answers:
        print(f"[{answer.phase_id}] {answer.posted_at:%H:%M:%S} {answer.text}", file=out)
    for text in (record.team_text, *record.personal_texts):
        print("\n" + plain(text), file=out)
    return 0


def _list(service: InterviewService, *, out: TextIO) -> int:
    rows = practice_list(service)
    if not rows:
        print(f"No practice interviews yet. Start one with `{designdrill()} practice`.", file=out)
        return 0
    print(
        table(
            ["#", "started (UTC)", "question", "format", "status", "phase", "answers"],
            [
                [
                    str(r.id),
                    f"{r.created_at:%Y-%m-%d %H:%M}",
                    r.question_id,
                    r.format_id,
                    r.status,
                    r.phase_id,
                    str(answers),
                ]
                for r, answers in rows
            ],
        ),
        file=out,
    )
    return 0


def list_content(content: Content, *, out: TextIO) -> None:
    print("Formats:", file=out)
    for fmt in content.formats.values():
        length = "" if _SAYS_LENGTH.search(fmt.title) else f" ({_minutes(fmt.total_budget)})"
        print(f"  {fmt.id:<12} {fmt.title}{length}", file=out)
    print("\nQuestions:", file=out)
    rows = [[q.id, q.difficulty, ", ".join(q.tags), q.title] for q in content.questions.values()]
    print(table(["id", "level", "tags", "title"], sorted(rows)), file=out)


def _minutes(budget: timedelta) -> str:
    seconds = budget.total_seconds()
    return f"{seconds / 60:.0f} min" if seconds < 7200 else f"{seconds / 3600:.0f} h"
