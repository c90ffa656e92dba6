"""Recovery lines: what a candidate can say next time, for each moment the interviewer had
to coach them. The seeds give these as the candidate's own lines, so the retrospective offers
them to the candidate instead of the bot saying them."""

from __future__ import annotations

from bot.engine.playbook import Playbook
from bot.engine.state import InterviewState


def recovery_lines(
    state: InterviewState, user: str, playbook: Playbook, *, checked_in: bool
) -> tuple[str, ...]:
    """What ``user`` could say next time, for each thing the interviewer had to coach in
    this interview (their silence, their early scaling, running over, a long topic), and
    for never checking in."""
    seen = []
    for key in state.pivots_done:
        kind, _, rest = key.partition(":")
        if kind == "silence" and rest.endswith(f":{user}"):
            seen.append("silence")
        elif kind == "scaling" and rest == user:
            seen.append("scaling_early")
        elif kind in ("overrun", "stuck"):
            seen.append(kind)
    if not checked_in:
        seen.append("no_checkin")
    return tuple(playbook.conversation.recovery[s] for s in dict.fromkeys(seen))
