"""Persistence for DesignDrill: SQLModel tables, a transactional repository, migrations.

The database is the source of truth (interview state, deadlines, answers, the outbox).
Typical wiring in the composition root::

    engine = make_engine(settings.database_url)
    upgrade(settings.database_url)
    store = Store(engine)
"""

from storage.db import default_database_url, make_engine
from storage.errors import InterviewNotFound, MigrationError, StaleInterview, StorageError
from storage.migrate import current_revision, head_revision, upgrade
from storage.models import (
    Answer,
    AnswerRevision,
    Interview,
    OutboxItem,
    Participant,
    ProcessedEvent,
)
from storage.outbox import NewOutboxItem
from storage.repository import Store, Tx

__all__ = [
    "Answer",
    "AnswerRevision",
    "Interview",
    "InterviewNotFound",
    "MigrationError",
    "NewOutboxItem",
    "OutboxItem",
    "Participant",
    "ProcessedEvent",
    "StaleInterview",
    "StorageError",
    "Store",
    "Tx",
    "current_revision",
    "default_database_url",
    "head_revision",
    "make_engine",
    "upgrade",
]
