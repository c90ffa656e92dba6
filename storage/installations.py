"""Where each workspace's bot token lives (multi-workspace mode): slack-sdk's own SQLAlchemy
installation store, on our engine and tables, whose reads refresh an expiring token.

Refreshing is done once across processes: the refresh runs holding the team's bot rows
(``SELECT ... FOR UPDATE`` on PostgreSQL, the ``BEGIN IMMEDIATE`` write lock on SQLite),
and a process that waited for the lock finds the token already fresh and uses it. Slack
answers a refresh token only once, so two processes refreshing at once would leave one of
them with a dead token.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.sqlalchemy_utils import normalize_datetime_for_db
from sqlalchemy import Connection, Engine, and_, desc, select, update
from sqlalchemy.sql.elements import ColumnElement

from storage.installation_tables import SLACK_BOTS, SLACK_INSTALLATIONS

Rotate = Callable[[Installation], Installation | None]
"""Exchanges an installation's refresh token for a new bot token (slack-sdk's TokenRotator)."""


class InstallationStore(SQLAlchemyInstallationStore):
    """slack-sdk's store; ``find_installation`` refreshes a bot token that expires within
    ``refresh_before_minutes``, once for all processes, when ``rotate`` is given."""

    def __init__(
        self,
        *,
        client_id: str,
        engine: Engine,
        rotate: Rotate | None = None,
        refresh_before_minutes: int = 120,
    ) -> None:
        super().__init__(client_id=client_id, engine=engine)
        self.rotate = rotate
        self.refresh_before_seconds = refresh_before_minutes * 60

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        found = super().find_installation(
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            is_enterprise_install=is_enterprise_install,
        )
        if found is None or self.rotate is None or not self._expiring(found.bot_token_expires_at):
            return found
        return self._refresh(found)

    def _expiring(self, expires_at: int | None) -> bool:
        return expires_at is not None and expires_at <= time.time() + self.refresh_before_seconds

    def _refresh(self, found: Installation) -> Installation:
        assert self.rotate is not None
        bots = and_(
            SLACK_BOTS.c.client_id == self.client_id,
            SLACK_BOTS.c.enterprise_id == found.enterprise_id,
            SLACK_BOTS.c.team_id == found.team_id,
        )
        with self.engine.begin() as conn:
            row = (
                conn.execute(
                    select(SLACK_BOTS)
                    .where(bots, SLACK_BOTS.c.bot_token.is_not(None))
                    .order_by(desc(SLACK_BOTS.c.installed_at))
                    .limit(1)
                    .with_for_update()
                )
                .mappings()
                .first()
            )
            if row is None:  # uninstalled meanwhile
                return found
            current = self.build_bot_entity(row)
            found.bot_token = current.bot_token
            found.bot_refresh_token = current.bot_refresh_token
            found.bot_token_expires_at = current.bot_token_expires_at
            if not self._expiring(current.bot_token_expires_at):
                return found  # another process refreshed it while we waited
            refreshed = self.rotate(found)
            if refreshed is None:
                return found
            self._write_bot_token(conn, refreshed, bots)
            return refreshed

    def _write_bot_token(
        self, conn: Connection, refreshed: Installation, bots: ColumnElement[bool]
    ) -> None:
        expires = refreshed.bot_token_expires_at
        values = {
            "bot_token": refreshed.bot_token,
            "bot_refresh_token": refreshed.bot_refresh_token,
            "bot_token_expires_at": normalize_datetime_for_db(
                datetime.fromtimestamp(expires, UTC) if expires is not None else None
            ),
        }
        i = SLACK_INSTALLATIONS.c
        installations = and_(
            i.client_id == self.client_id,
            i.enterprise_id == refreshed.enterprise_id,
            i.team_id == refreshed.team_id,
        )
        conn.execute(update(SLACK_BOTS).where(bots).values(**values))
        conn.execute(update(SLACK_INSTALLATIONS).where(installations).values(**values))
