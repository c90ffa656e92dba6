"""What the Slack listeners need, passed down from the composition root (no globals)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.content.model import Content
from bot.reply_batch import ReplyBatcher
from bot.service import InterviewService, Reply
from storage.models import Interview

logger = logging.getLogger(__name__)
LIVE = ("running", "paused")


@dataclass(frozen=True)
class SlackDeps:
    service: InterviewService
    content: Content
    replies: ReplyBatcher[Reply, bool]
    """Thread replies are stored through this process's group commit, before their ack."""

    def current_interview(self, *, team_id: str, channel_id: str, user_id: str) -> Interview | None:
        """The live interview a command typed in a channel is about.

        Slash commands cannot be sent from a thread, so a channel with several interviews
        resolves to the newest one the person hosts or takes part in, else the newest.
        """
        with self.service.store.transaction() as tx:
            mine = tx.list_interviews(
                team_id=team_id, channel_id=channel_id, statuses=LIVE, member_id=user_id, limit=1
            )
            if mine:
                return mine[0]
            newest = tx.list_interviews(
                team_id=team_id, channel_id=channel_id, statuses=LIVE, limit=1
            )
            return newest[0] if newest else None


def is_workspace_admin(client: WebClient, user_id: str) -> bool:
    """Admins and owners may steer any interview; asked only when someone else is refused."""
    try:
        user = client.users_info(user=user_id)["user"]
    except SlackApiError:
        logger.warning("users.info failed for %s; treating as not an admin", user_id)
        return False
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
