"""A workspace as a whole (multi-workspace mode): the app removed from it, its tokens
revoked, the Enterprise Grid org it belongs to."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from bot.interviews.service import InterviewService

logger = logging.getLogger(__name__)


def forget_workspace(
    service: InterviewService, *, team_id: str | None, enterprise_id: str | None, org_wide: bool
) -> int:
    """The app was uninstalled: every row of the workspace (interviews, answers, scores,
    schedules, settings, outbox, events, its installation) goes in one transaction, so
    nothing is half deleted and a reinstall starts clean. Returns how many rows went."""
    with service.store.transaction() as tx:
        if org_wide and enterprise_id:
            removed = tx.forget_org(enterprise_id=enterprise_id)
        elif team_id:
            removed = tx.forget_team(team_id=team_id)
        else:
            return 0
    logger.info(
        "app uninstalled from %s: %d rows deleted", enterprise_id if org_wide else team_id, removed
    )
    return removed


def revoke_tokens(
    service: InterviewService,
    *,
    team_id: str | None,
    enterprise_id: str | None,
    bot: bool,
    user_ids: Sequence[str],
) -> None:
    """Tokens were revoked: delete them; without its bot token the team's schedules can no
    longer post, so they stop (``/drill schedule resume`` after reinstalling)."""
    with service.store.transaction() as tx:
        if bot:
            tx.revoke_bot_token(enterprise_id=enterprise_id, team_id=team_id)
            teams = [team_id] if team_id else tx.org_teams(enterprise_id=enterprise_id or "")
            paused = sum(tx.pause_team_schedules(team_id=team) for team in teams)
            logger.info("bot token of %s revoked: %d schedules paused", team_id, paused)
        if user_ids:
            tx.revoke_user_tokens(enterprise_id=enterprise_id, team_id=team_id, user_ids=user_ids)


def remember_org(service: InterviewService, *, team_id: str, enterprise_id: str) -> None:
    """Note the org of a workspace seen on a request (for org-wide installs' tokens)."""
    with service.store.transaction() as tx:
        tx.remember_org(team_id=team_id, enterprise_id=enterprise_id)


def org_of(service: InterviewService, *, team_id: str) -> str | None:
    with service.store.transaction() as tx:
        return tx.org_of(team_id=team_id)
