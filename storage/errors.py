"""Exceptions raised by the storage layer.

One root, :class:`StorageError`, so a caller can catch everything this layer raises in one
place; specific subclasses carry the id they are about so their message names it.
"""

from __future__ import annotations


class StorageError(Exception):
    """Root of every error raised on purpose by :mod:`storage`."""


class InterviewNotFound(StorageError, LookupError):
    """A write named an interview that does not exist for that team.

    Reads return ``None`` instead; a write to a missing (or another team's) interview is a
    bug in the caller, so it fails loudly rather than writing nothing or the wrong team's row.
    """

    def __init__(self, interview_id: int, *, team_id: str) -> None:
        super().__init__(f"interview {interview_id} not found for team {team_id}")
        self.interview_id = interview_id
        self.team_id = team_id


class StaleInterview(StorageError):
    """The interview changed since it was read: its version is no longer the expected one.

    Raised by :meth:`storage.repository.Tx.save_step` when another process (a concurrent
    reply, a duplicate timer fire) saved first. The caller rolls back and, if it still
    matters, re-reads and retries; nothing from the failed step was written.
    """

    def __init__(self, interview_id: int, *, expected_version: int) -> None:
        super().__init__(
            f"interview {interview_id} was changed concurrently "
            f"(expected version {expected_version})"
        )
        self.interview_id = interview_id
        self.expected_version = expected_version


class MigrationError(StorageError):
    """A migration left the database inconsistent (it was rolled back)."""
