"""What happens when an interview ends: retrospectives queued, scores kept.

Runs inside the transaction that saves the final step, so the retrospectives, the scores
and the finished state are committed together or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from bot.engine.playbook import Playbook
from bot.engine.retro_text import render_personal, render_team
from bot.engine.retrospective import AnswerView, Retrospective, build_retrospective
from bot.engine.scoring import GRADER_VERSION
from bot.engine.state import InterviewState
from storage.interviews import InterviewRef
from storage.repository import NewOutboxItem, Tx
from storage.scores import InterviewScores, NewScore


class Finishing(NamedTuple):
    """An interview whose final step is being saved."""

    row: InterviewRef
    state: InterviewState
    playbook: Playbook


def retrospective(
    tx: Tx, row: InterviewRef, state: InterviewState, playbook: Playbook
) -> Retrospective:
    """The retrospective rebuilt from the interview's stored answers."""
    return _retrospectives(tx, [Finishing(row, state, playbook)])[0]


def render(retro: Retrospective, row: InterviewRef) -> tuple[str, list[tuple[str, str]]]:
    """The team's text and each participant's own text (mentions only in Slack)."""
    mention = row.source != "terminal"
    team = render_team(retro, mention=mention)
    personal = [(p.user, render_personal(p, retro, mention=mention)) for p in retro.participants]
    return team, personal


def finish_items(
    tx: Tx, finishing: Sequence[Finishing], now: datetime
) -> dict[int, list[NewOutboxItem]]:
    """Save each participant's score and return, per interview id, the retrospective
    messages to queue. Several interviews (those ending in one scheduler tick) cost one
    read of their answers and one write of their scores."""
    items: dict[int, list[NewOutboxItem]] = {}
    saved: list[InterviewScores] = []
    for (row, state, _), retro in zip(finishing, _retrospectives(tx, finishing), strict=True):
        assert row.id is not None
        team, personal = render(retro, row)
        finished_at = state.finished_at or now
        saved.append(InterviewScores(row.team_id, row.id, finished_at, scores(retro, personal)))
        items[row.id] = [_retro_item("retro-team", team, row, None)] + [
            _retro_item(f"retro-{user}", text, row, user) for user, text in personal
        ]
    tx.save_scores_of(saved)
    return items


def scores(retro: Retrospective, personal: Sequence[tuple[str, str]]) -> list[NewScore]:
    """What the leaderboard and history keep: only people who actually answered score."""
    texts = dict(personal)
    return [
        NewScore(
            user_id=p.user,
            score=p.score,
            on_time_phases=sum(1 for ph in p.phases if ph.answers and ph.spent <= ph.budget),
            answered_phases=p.answered_phases,
            breakdown={
                **{ph.phase_id: ph.score.points if ph.score else 0 for ph in p.phases},
                "grader": GRADER_VERSION,
            },
            retrospective=texts.get(p.user, ""),
        )
        for p in retro.participants
        if p.answered_phases
    ]


def _retrospectives(tx: Tx, finishing: Sequence[Finishing]) -> list[Retrospective]:
    keys = []
    for f in finishing:
        assert f.row.id is not None
        keys.append((f.row.team_id, f.row.id))
    answers = tx.answers_of(keys)
    return [
        build_retrospective(
            f.state,
            playbook=f.playbook,
            answers=[AnswerView(*a) for a in answers[interview_id]],
        )
        for f, (_, interview_id) in zip(finishing, keys, strict=True)
    ]


def _retro_item(key: str, text: str, row: InterviewRef, user: str | None) -> NewOutboxItem:
    payload = {"kind": "retrospective", "text": text, "buttons": []}
    return NewOutboxItem(key=key, channel_id=row.channel_id, user_id=user, payload=payload)
