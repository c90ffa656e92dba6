"""The stored rows an adapter reads (and never writes): an interview, a queued message,
a drill schedule. Re-exported here so that adapters need no import from ``storage``."""

from __future__ import annotations

from storage.models import Interview, OutboxItem, Schedule, ScheduleRun

__all__ = ["Interview", "OutboxItem", "Schedule", "ScheduleRun"]
