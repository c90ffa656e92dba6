"""What the Slack Web API says about a person: their time zone, whether they are an admin.

Both are asked only when a rule needs them, after the ack; a failed call falls back to the
safe answer (UTC, not an admin) with a warning.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

logger = logging.getLogger(__name__)


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
