"""A running Slack interview whose thread is already known, in a migrated SQLite file: what
a process under test (`designdrill web`, the ack benchmark) finds when replies arrive."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.content.loader import builtin_prompts_dir, load_content
from bot.interviews.service import InterviewService
from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import Interview
from storage.repository import Store
from tests.fakes import slack_requests as req
from tests.fakes.slack_api import TEAM_ID


def interview_in_thread(db: Path, thread_ts: str, *, seed: int = 7) -> Interview:
    """Migrate ``db`` and start one url-shortener interview (standard format) hosted by
    ``req.USER_ID`` in ``req.CHANNEL_ID`` with its thread at ``thread_ts``, through
    ``InterviewService.start`` (what `/drill start` calls), as after its first delivery."""
    url = f"sqlite:///{db}"
    upgrade(url)
    store = Store(make_engine(url))
    try:
        return InterviewService(
            store=store,
            content=load_content(builtin_prompts_dir()),
            clock=lambda: datetime.now(UTC),
        ).start(
            team_id=TEAM_ID,
            channel_id=req.CHANNEL_ID,
            host_id=req.USER_ID,
            source="slack",
            question="url-shortener",
            format_id="standard",
            thread_ts=thread_ts,
            seed=seed,
        )
    finally:
        store.engine.dispose()
