"""`designdrill history [ID]` and `practice --list`: reading what is stored."""

from __future__ import annotations

from typing import TextIO

from bot.content.model import Content
from bot.interviews.service import TERMINAL_TEAM, InterviewNotFound
from bot.server.runtime import Runtime
from bot.terminal.tables import table


def show(runtime: Runtime, interview_id: int | None, *, out: TextIO) -> int:
    if interview_id is None:
        return _list(runtime, out=out)
    try:
        team, personal = runtime.service.retrospective_texts(
            team_id=TERMINAL_TEAM, interview_id=interview_id
        )
    except InterviewNotFound:
        print(f"No practice interview #{interview_id}. `designdrill history` lists them.", file=out)
        return 2
    with runtime.store.transaction() as tx:
        row = tx.get_interview(team_id=TERMINAL_TEAM, interview_id=interview_id)
        answers = tx.answers(team_id=TERMINAL_TEAM, interview_id=interview_id)
    assert row is not None
    question = runtime.content.questions.get(row.question_id)
    print(
        f"#{row.id} {question.title if question else row.question_id} ({row.format_id}), "
        f"{row.created_at:%Y-%m-%d %H:%M} UTC, {row.status}",
        file=out,
    )
    print("\nYour answers:", file=out)
    for answer in answers:
        print(f"[{answer.phase_id}] {answer.posted_at:%H:%M:%S} {answer.text}", file=out)
    print("\n" + team, file=out)
    for _, text in personal:
        print("\n" + text, file=out)
    return 0


def _list(runtime: Runtime, *, out: TextIO) -> int:
    with runtime.store.transaction() as tx:
        rows = tx.list_interviews(team_id=TERMINAL_TEAM, limit=50)
        counts = {
            r.id: len(tx.answers(team_id=TERMINAL_TEAM, interview_id=r.id))
            for r in rows
            if r.id is not None
        }
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
                    str(counts.get(r.id or 0, 0)),
                ]
                for r in rows
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
