"""Scores from the earlier grader keep their value and say so in the history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.content.loader import builtin_prompts_dir, load_content
from bot.engine.scoring import GRADER_VERSION
from bot.interviews.service import InterviewService
from bot.interviews.your_data import history_text
from storage.models import Interview
from storage.repository import Store
from storage.scores import NewScore


def test_history_marks_scores_graded_with_the_earlier_rubric(
    store: Store, make_interview: Callable[..., Interview], now: datetime
) -> None:
    with store.transaction() as tx:
        old, new = make_interview(tx), make_interview(tx)
        for row, breakdown in ((old, {"functional": 5}), (new, {"grader": GRADER_VERSION})):
            assert row.id is not None
            tx.save_scores(
                team_id="T1",
                interview_id=row.id,
                finished_at=now,
                scores=[NewScore("U1", 70, 3, 5, breakdown, "retro")],
            )
    service = InterviewService(
        store=store, content=load_content(builtin_prompts_dir()), clock=lambda: now
    )
    text = history_text(service, team_id="T1", user_id="U1")
    lines = {line.split(":")[0]: line for line in text.splitlines()[1:]}
    assert lines[f"• #{old.id} {now:%Y-%m-%d}"].endswith(
        "score 70/100 (graded with the earlier rubric)"
    )
    assert lines[f"• #{new.id} {now:%Y-%m-%d}"].endswith("score 70/100")
