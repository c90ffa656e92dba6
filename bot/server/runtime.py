"""Building the running parts from Settings: content, database, service.

Start-up checks live here so every command fails the same friendly way: bad settings,
bad YAML in prompts/, or a PostgreSQL database that has not been migrated.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.config import Settings
from bot.content.loader import builtin_prompts_dir, load_content
from bot.content.model import Content
from bot.interviews.service import InterviewService
from storage.db import make_engine
from storage.migrate import current_revision, head_revision, upgrade
from storage.repository import Store


class StartupError(Exception):
    """A problem the operator must fix before the bot can start; the message says how."""


def utc_now() -> datetime:
    """The one wall clock of the process; everything else takes ``now`` as an argument."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    content: Content
    store: Store
    service: InterviewService


def load(settings: Settings) -> Content:
    dirs = [builtin_prompts_dir()]
    if settings.prompts_dir is not None:
        dirs.append(settings.prompts_dir)
    return load_content(*dirs)


def prepare_database(url: str) -> None:
    """SQLite is migrated automatically; PostgreSQL must be migrated on purpose."""
    current, head = current_revision(url), head_revision()
    if url.startswith("sqlite"):
        if current != head:
            upgrade(url)
        return
    if current != head:
        raise StartupError(
            f"the database is at migration {current or 'none'}, the code needs {head}: "
            "run `designdrill migrate`"
        )


POOL_SIZE = 16
"""Database connections per process, at most, opened as needed and then kept. A delivery
sender thread (:data:`~bot.interviews.delivery.SENDERS`) holds one only to look at a late
message's interview, and markings share one transaction (:mod:`bot.interviews.marking`),
so fewer connections than threads serve them; the clock and requests take a few. With
SQLAlchemy's default (5 kept, 10 more opened and closed on demand) threads queued for a
connection or paid for a new one. Mind PostgreSQL's ``max_connections`` (100 by default):
two workers may hold 32; a web process opens only as many as its requests use at once."""


def build(settings: Settings) -> Runtime:
    """Raises ContentError, StartupError or a database error with a readable message."""
    content = load(settings)
    prepare_database(settings.database_url)
    store = Store(make_engine(settings.database_url, pool_size=POOL_SIZE, max_overflow=0))
    service = InterviewService(store=store, content=content, clock=utc_now)
    settle_heap()
    return Runtime(settings, content, store, service)


def settle_heap() -> None:
    """Move everything alive after start-up (modules, content, SQLAlchemy's caches) out of
    the garbage collector's sight. They live as long as the process; without this, every
    full collection, which the scheduler's allocations trigger now and then, walks them all
    again and that tick takes several times longer. Also keeps their memory pages shared
    between gunicorn's forked workers."""
    gc.collect()
    gc.freeze()
