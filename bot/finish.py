"""What happens when an interview ends: retrospectives queued, scores kept.

Runs inside the transaction that saves the final step, so the retrospectives, the scores
and the finished state are committed together or not at all.
"""

from __future__ import annotations

from datetime import datetime

from bot.engine.playbook import Playbook
from bot.engine.retro_text import render_personal, render_team
from bot.engine.retrospective import AnswerView, Retrospective, build_retrospective
from bot.engine.state import InterviewState
from storage.models import Interview
from storage.repository import NewOutboxItem, Tx
from storage.scores import NewScore


def answer_views(tx: Tx, row: Interview) -> list[AnswerView]:
    assert row.id is not None
    return [
        AnswerView(a.user_id, a.phase_id, a.text, a.posted_at)
        for a in tx.answers(team_id=row.team_id, interview_id=row.id)
    ]


def retrospective(
    tx: Tx, row: Interview, state: InterviewState, playbook: Playbook
) -> Retrospective:
    return build_retrospective(state, playbook=playbook, answers=answer_views(tx, row))


def render(retro: Retrospective, row: Interview) -> tuple[str, list[tuple[str, str]]]:
    """The team's text and each participant's own text (mentions only in Slack)."""
    mention = row.source != "terminal"
    team = render_team(retro, mention=mention)
    personal = [(p.user, render_personal(p, retro, mention=mention)) for p in retro.participants]
    return team, personal


def finish_items(
    tx: Tx, row: Interview, state: InterviewState, playbook: Playbook, now: datetime
) -> list[NewOutboxItem]:
    """Save each participant's score and return the retrospective messages to queue."""
    assert row.id is not None
    retro = retrospective(tx, row, state, playbook)
    team, personal = render(retro, row)
    tx.save_scores(
        team_id=row.team_id,
        interview_id=row.id,
        scores=scores(retro, dict(personal)),
        finished_at=state.finished_at or now,
    )
    items = [_retro_item("retro-team", team, row, None)]
    items += [_retro_item(f"retro-{user}", text, row, user) for user, text in personal]
    return items


def scores(retro: Retrospective, personal: dict[str, str]) -> list[NewScore]:
    """What the leaderboard and history keep: only people who actually answered score."""
    return [
        NewScore(
            user_id=p.user,
            score=p.score,
            on_time_phases=sum(1 for ph in p.phases if ph.answers and ph.spent <= ph.budget),
            answered_phases=p.answered_phases,
            breakdown={ph.phase_id: ph.score.points if ph.score else 0 for ph in p.phases},
            retrospective=personal.get(p.user, ""),
        )
        for p in retro.participants
        if p.answered_phases
    ]


def _retro_item(key: str, text: str, row: Interview, user: str | None) -> NewOutboxItem:
    payload = {"kind": "retrospective", "text": text, "buttons": []}
    return NewOutboxItem(key=key, channel_id=row.channel_id, user_id=user, payload=payload)
