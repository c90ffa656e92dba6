"""A running Slack interview whose thread is already known, in a migrated SQLite file: what
a process under test (`designdrill web`, the ack benchmark) finds when replies arrive."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.interviews.service import InterviewService
from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import Interview
from storage.repository import Store
from tests.fakes import slack_requests as req
from tests.fakes.slack_api import TEAM_ID
from tests.helpers import content_with


def interview_in_thread(
    db: Path,
    thread_ts: str | None,
    *,
    seed: int = 7,
    format_id: str = "standard",
    prompts: Path | None = None,
) -> Interview:
    """Migrate ``db`` and start one url-shortener interview hosted by ``req.USER_ID`` in
    ``req.CHANNEL_ID`` with its thread at ``thread_ts`` (None: not yet posted), through
    ``InterviewService.start`` (what `/drill start` calls). ``prompts`` adds a content
    directory on top of the built-in one (for a test format)."""
    url = f"sqlite:///{db}"
    upgrade(url)
    store = Store(make_engine(url))
    try:
        return InterviewService(
            store=store,
            content=content_with(prompts),
            clock=lambda: datetime.now(UTC),
        ).start(
            team_id=TEAM_ID,
            channel_id=req.CHANNEL_ID,
            host_id=req.USER_ID,
            source="slack",
            question="url-shortener",
            format_id=format_id,
            thread_ts=thread_ts,
            seed=seed,
        )
    finally:
        store.engine.dispose()
