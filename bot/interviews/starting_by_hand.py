"""An interview started by hand in a chat channel: one per channel, in the team's zone."""

from __future__ import annotations

from collections.abc import Callable

from bot.interviews.errors import AlreadyRunning
from bot.interviews.starting import LIVE, Starting
from storage.models import Interview
from storage.repository import Tx


class StartingByHand(Starting):
    def start_by_hand(
        self,
        *,
        team_id: str,
        channel_id: str,
        user_id: str,
        question: str | None,
        format_id: str | None,
        host_timezone: Callable[[], str],
    ) -> Interview:
        """An interview someone starts in a chat channel, hosted by them; the standard
        format unless they chose one. A format with working hours (the weekly drill) counts
        them in the team's zone (`/drill timezone`), else in ``host_timezone()``, asked
        only then.

        One interview runs per channel: raises AlreadyRunning (naming it) while one is
        running or paused there, also when two starts arrive together (a double submit).
        Raises the engine's errors for an unknown question, topic or format."""
        format_id = format_id or "standard"
        timezone = self._working_hours_zone(team_id, format_id, host_timezone)
        with self.store.transaction() as tx:
            self._claim_channel(tx, team_id=team_id, channel_id=channel_id)
            return self.start(
                team_id=team_id,
                channel_id=channel_id,
                host_id=user_id,
                source="slack",
                question=question,
                format_id=format_id,
                timezone=timezone,
                tx=tx,
            )

    def _claim_channel(self, tx: Tx, *, team_id: str, channel_id: str) -> None:
        """Claim the channel's next interview, or raise AlreadyRunning.

        The claim is a one-time key, "the start after the channel's newest interview",
        stored like a handled event: of two starts arriving together, the second waits for
        the first to commit (PostgreSQL's unique key; SQLite's write lock), then finds its
        interview running. The newest interview is read before the running one: on
        PostgreSQL each read sees what was committed by then, so a start committed between
        the two reads is either the newest (the key is the one it claimed) or running."""
        newest = tx.list_interviews(team_id=team_id, channel_id=channel_id, limit=1)
        if running := self._running_in(tx, team_id=team_id, channel_id=channel_id):
            raise AlreadyRunning(running)
        key = f"start:{team_id}:{channel_id}:after:{newest[0].id if newest else 0}"
        if tx.remember_event(team_id=team_id, event_id=key, now=self.clock()):
            return
        if running := self._running_in(tx, team_id=team_id, channel_id=channel_id):
            raise AlreadyRunning(running)
        # A claim whose interview is gone (it ended at once, or was deleted): go ahead.

    @staticmethod
    def _running_in(tx: Tx, *, team_id: str, channel_id: str) -> Interview | None:
        live = tx.list_interviews(team_id=team_id, channel_id=channel_id, statuses=LIVE, limit=1)
        return live[0] if live else None

    def _working_hours_zone(
        self, team_id: str, format_id: str, host_timezone: Callable[[], str]
    ) -> str | None:
        fmt = self.content.formats.get(format_id)
        if fmt is None or fmt.working_hours is None:
            return None
        with self.store.transaction() as tx:
            setting = tx.team_setting(team_id=team_id)
        if setting is not None and setting.timezone:
            return setting.timezone
        return host_timezone()
