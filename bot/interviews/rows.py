"""The stored rows an adapter reads (and never writes): an interview, an answer, a queued
message, a drill schedule. Re-exported so that adapters need no import from ``storage``."""

from __future__ import annotations

from storage.models import Answer, Interview, OutboxItem, Schedule, ScheduleRun

__all__ = ["Answer", "Interview", "OutboxItem", "Schedule", "ScheduleRun"]
