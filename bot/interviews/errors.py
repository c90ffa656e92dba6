"""The errors the use cases raise; their messages are safe to show the person who acted.

``InterviewNotFound`` is storage's own, raised here too for a read that finds nothing: one
name for one idea, whichever layer noticed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.engine.presses import Late
from storage.errors import InterviewNotFound
from storage.models import Interview

__all__ = [
    "AlreadyRunning",
    "InterviewBusy",
    "InterviewNotFound",
    "LatePress",
    "NoLiveInterview",
    "NotAllowed",
    "RunningHere",
    "ServiceError",
]


class ServiceError(Exception):
    """Root of the use cases' own errors."""


class InterviewBusy(ServiceError):
    """Other processes kept saving the interview first; trying again later works."""

    def __init__(self) -> None:
        super().__init__("the interview is busy; please try again")


class NotAllowed(ServiceError, PermissionError):
    """Someone who is not the host, a participant or an admin tried to steer."""

    def __init__(self, user_id: str) -> None:
        super().__init__(
            "Only the host, the participants and workspace admins can steer this interview."
        )
        self.user_id = user_id


class NoLiveInterview(ServiceError, LookupError):
    """A command typed in a channel where no interview is running or paused."""

    def __init__(self, channel_id: str) -> None:
        super().__init__(f"no interview is running in channel {channel_id}")
        self.channel_id = channel_id


class LatePress(ServiceError):
    """A button pressed for a step the interview has already left; nothing changed."""

    def __init__(self, late: Late) -> None:
        super().__init__(late.reason)
        self.late = late


@dataclass(frozen=True)
class RunningHere:
    """The interview that keeps a channel busy, as read before the refused start rolled back."""

    id: int | None
    question_id: str
    host_id: str
    channel_id: str
    thread_ts: str | None
    created_at: datetime

    @classmethod
    def of(cls, row: Interview) -> RunningHere:
        return cls(
            row.id, row.question_id, row.host_id, row.channel_id, row.thread_ts, row.created_at
        )


class AlreadyRunning(ServiceError):
    """`/drill start` in a channel where an interview is already running or paused."""

    def __init__(self, running: Interview) -> None:
        super().__init__("an interview is already running in this channel")
        self.running = RunningHere.of(running)
