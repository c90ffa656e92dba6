"""`designdrill history [ID]` and `practice --list`: what is stored, printed."""

from __future__ import annotations

from typing import TextIO

from bot.content.model import Content
from bot.interviews.errors import InterviewNotFound
from bot.interviews.practice_history import practice_list, practice_record
from bot.interviews.service import InterviewService
from bot.terminal.tables import table


def show(service: InterviewService, interview_id: int | None, *, out: TextIO) -> int:
    """The list of practice interviews, or one of them in full; returns the exit code."""
    if interview_id is None:
        return _list(service, out=out)
    try:
        record = practice_record(service, interview_id=interview_id)
    except InterviewNotFound:
        print(f"No practice interview #{interview_id}. `designdrill history` lists them.", file=out)
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
    print("\n" + record.team_text, file=out)
    for text in record.personal_texts:
        print("\n" + text, file=out)
    return 0


def _list(service: InterviewService, *, out: TextIO) -> int:
    rows = practice_list(service)
    if not rows:
        print("No practice interviews yet. Start one with `designdrill practice`.", file=out)
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
        print(
            f"  {fmt.id:<12} {fmt.title} ({_minutes(fmt.total_budget.total_seconds())})", file=out
        )
    print("\nQuestions:", file=out)
    rows = [[q.id, q.difficulty, ", ".join(q.tags), q.title] for q in content.questions.values()]
    print(table(["id", "level", "tags", "title"], sorted(rows)), file=out)


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds < 7200 else f"{seconds / 3600:.0f} h"
