"""What the Slack listeners need, passed down from the composition root (no globals)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.content.model import Content
from bot.interviews.service import InterviewService
from storage.models import Interview

logger = logging.getLogger(__name__)
LIVE = ("running", "paused")


@dataclass(frozen=True)
class SlackDeps:
    service: InterviewService
    content: Content

    def start_interview(
        self,
        client: WebClient,
        *,
        team_id: str,
        channel_id: str,
        user_id: str,
        question: str | None,
        format_id: str | None,
    ) -> Interview:
        """An interview someone starts by hand (`/drill start` or its modal), hosted by
        them; the standard format unless they chose one. Raises the engine's errors for
        an unknown question, topic or format."""
        format_id = format_id or "standard"
        return self.service.start(
            team_id=team_id,
            channel_id=channel_id,
            host_id=user_id,
            source="slack",
            question=question,
            format_id=format_id,
            timezone=self._working_hours_zone(client, team_id, user_id, format_id),
        )

    def _working_hours_zone(
        self, client: WebClient, team_id: str, user_id: str, format_id: str
    ) -> str | None:
        """Where a format's working hours count (the weekly drill): the team's zone
        (`/drill timezone`), else the host's Slack zone. None for formats without working
        hours (no ``users.info`` call then)."""
        fmt = self.content.formats.get(format_id)
        if fmt is None or fmt.working_hours is None:
            return None
        with self.service.store.transaction() as tx:
            setting = tx.team_setting(team_id=team_id)
        if setting is not None and setting.timezone:
            return setting.timezone
        return user_timezone(client, user_id)

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


def user_timezone(client: WebClient, user_id: str) -> str:
    """The person's Slack time zone (``users.info`` ``user.tz``, IANA); UTC if unknown."""
    try:
        tz = client.users_info(user=user_id)["user"].get("tz")
    except SlackApiError:
        logger.warning("users.info failed for %s; using UTC", user_id)
        return "UTC"
    return str(tz) if tz else "UTC"


def is_workspace_admin(client: WebClient, user_id: str) -> bool:
    """Admins and owners may steer any interview; asked only when someone else is refused."""
    try:
        user = client.users_info(user=user_id)["user"]
    except SlackApiError:
        logger.warning("users.info failed for %s; treating as not an admin", user_id)
        return False
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
