"""A person's own data: history, one retrospective, export, forget-me.

Transport-agnostic: each returns text (Slack mrkdwn, readable as plain text) that an
adapter shows as it is.
"""

from __future__ import annotations

from bot.engine.scoring import GRADER_VERSION
from bot.interviews.service import InterviewService
from storage.forgetting import Forgotten

FORGOTTEN = "forgotten-user"


def history_text(service: InterviewService, *, team_id: str, user_id: str) -> str:
    content = service.content
    with service.store.transaction() as tx:
        scores = tx.scores(team_id=team_id, user_id=user_id)
        rows = {
            s.interview_id: tx.get_interview(team_id=team_id, interview_id=s.interview_id)
            for s in scores
        }
    if not scores:
        return "You have no finished interviews yet. Start one with `/drill start`."
    lines = ["*Your interviews* (`/drill show ID` repeats a retrospective)"]
    for s in scores[:25]:
        row = rows.get(s.interview_id)
        question = content.questions.get(row.question_id) if row else None
        title = question.title if question else (row.question_id if row else "?")
        earlier = s.breakdown.get("grader", 1) < GRADER_VERSION
        note = " (graded with the earlier rubric)" if earlier else ""
        lines.append(
            f"• #{s.interview_id} {s.finished_at:%Y-%m-%d}: {title}, score {s.score}/100{note}"
        )
    return "\n".join(lines)


def show_text(service: InterviewService, *, team_id: str, user_id: str, interview_id: int) -> str:
    """The person's own retrospective of one interview."""
    with service.store.transaction() as tx:
        score = tx.score(team_id=team_id, interview_id=interview_id, user_id=user_id)
    if score is None:
        return f"You have no retrospective for interview #{interview_id}."
    return score.retrospective


def export_markdown(service: InterviewService, *, team_id: str, user_id: str) -> str:
    """Exactly this person's answers and retrospectives in this team, as Markdown."""
    content = service.content
    with service.store.transaction() as tx:
        mine = tx.list_interviews(team_id=team_id, member_id=user_id, limit=10_000)
        parts = [f"# DesignDrill export for {user_id}", ""]
        for row in sorted(mine, key=lambda r: r.created_at):
            assert row.id is not None
            answers = [
                a for a in tx.answers(team_id=team_id, interview_id=row.id) if a.user_id == user_id
            ]
            score = tx.score(team_id=team_id, interview_id=row.id, user_id=user_id)
            if not answers and score is None:
                continue
            question = content.questions.get(row.question_id)
            title = question.title if question else row.question_id
            parts += [f"## #{row.id} {title} ({row.format_id}), {row.created_at:%Y-%m-%d}", ""]
            for a in answers:
                edited = f" (edited {a.edited_at:%Y-%m-%d %H:%M} UTC)" if a.edited_at else ""
                parts += [
                    f"**{a.phase_id}**, {a.posted_at:%Y-%m-%d %H:%M} UTC{edited}:",
                    "",
                    a.text,
                    "",
                ]
            if score is not None:
                parts += [f"Score: {score.score}/100", "", score.retrospective, ""]
    return "\n".join(parts)


def forget(service: InterviewService, *, team_id: str, user_id: str) -> Forgotten:
    """Delete the person's answers, scores and participations; their name leaves the
    interviews' states too."""
    with service.store.transaction() as tx:
        gone = tx.forget_user(team_id=team_id, user_id=user_id)
        tx.scrub_interview_states(team_id=team_id, user_id=user_id, placeholder=FORGOTTEN)
    return gone
