"""Team settings (time zone, answer retention) and each member's preferences (hidden from
the leaderboard): data access mixin."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from storage.models import MemberPreference, TeamSetting


class SettingMethods:
    """Mixed into :class:`storage.repository.Tx`."""

    _session: Session

    def team_setting(self, *, team_id: str) -> TeamSetting | None:
        return self._session.get(TeamSetting, team_id)

    def set_team_setting(
        self,
        *,
        team_id: str,
        now: datetime,
        timezone: str | None = None,
        retention_days: int | None = None,
        clear_retention: bool = False,
    ) -> TeamSetting:
        setting = self._session.get(TeamSetting, team_id) or TeamSetting(
            team_id=team_id, updated_at=now
        )
        if timezone is not None:
            setting.timezone = timezone
        if retention_days is not None or clear_retention:
            setting.retention_days = retention_days
        setting.updated_at = now
        self._session.add(setting)
        self._session.flush()
        return setting

    def set_hidden(self, *, team_id: str, user_id: str, hidden: bool, now: datetime) -> None:
        pref = self._session.get(MemberPreference, (team_id, user_id)) or MemberPreference(
            team_id=team_id, user_id=user_id, updated_at=now
        )
        pref.leaderboard_hidden = hidden
        pref.updated_at = now
        self._session.add(pref)
        self._session.flush()

    def hidden_users(self, *, team_id: str) -> set[str]:
        stmt = select(MemberPreference.user_id).where(
            col(MemberPreference.team_id) == team_id,
            col(MemberPreference.leaderboard_hidden).is_(True),
        )
        return set(self._session.exec(stmt).all())
