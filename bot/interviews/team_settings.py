"""A team's settings: the zone its weeks count in and how long answers are kept.

Anyone may read them; only workspace admins may change them (``is_admin`` is asked only
for a change).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.interviews.drills.schedule_words import valid_timezone
from bot.interviews.service import InterviewService
from bot.numbers import NumberError, whole_number

MAX_RETENTION_DAYS = 3650
SETTINGS = ("timezone", "retention")


def team_setting_command(
    service: InterviewService,
    name: str,
    args: Sequence[str],
    *,
    team_id: str,
    is_admin: Callable[[], bool],
) -> str:
    """`timezone [Area/City]` or `retention [days|off]`: the setting shown, or changed."""
    with service.store.transaction() as tx:
        setting = tx.team_setting(team_id=team_id)
    if not args:
        if name == "timezone":
            return f"This team counts weeks in {setting.timezone if setting else 'UTC'}."
        days = setting.retention_days if setting else None
        return f"Answers are kept {f'for {days} days' if days else 'until deleted'}."
    if not is_admin():
        return "Only workspace admins can change this team setting."
    if name == "timezone":
        return _set_timezone(service, team_id, args[0])
    return _set_retention(service, team_id, args[0])


def _set_timezone(service: InterviewService, team_id: str, zone: str) -> str:
    if not valid_timezone(zone):
        shown = zone.replace("`", "")[:40]
        return f"`{shown}` isn't a time zone I know. Use Area/City, e.g. `Europe/Berlin`."
    with service.store.transaction() as tx:
        tx.set_team_setting(team_id=team_id, now=service.clock(), timezone=zone)
    return f"Weeks now start on Monday 00:00 in {zone}."


def _set_retention(service: InterviewService, team_id: str, word: str) -> str:
    if word.lower() == "off":
        with service.store.transaction() as tx:
            tx.set_team_setting(team_id=team_id, now=service.clock(), clear_retention=True)
        return "Retention is off: answers are kept until someone deletes them."
    try:
        days = whole_number(
            word,
            low=1,
            high=MAX_RETENTION_DAYS,
            what="days for `/drill retention`",
            example="`/drill retention 90` (or `off`)",
        )
    except NumberError as exc:
        return str(exc)
    with service.store.transaction() as tx:
        tx.set_team_setting(team_id=team_id, now=service.clock(), retention_days=days)
    return f"Answers older than {days} days will be deleted by the daily clean-up."
