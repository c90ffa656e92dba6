"""A fake clock for the service: ticks are timed without sleeping until anything is due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

EPOCH = datetime(2025, 1, 8, 14, 0, tzinfo=UTC)
"""The benchmark's "now": a Wednesday 14:00 UTC, well inside the weekly format's working
hours, so the due and idle windows around it are not shifted by reminder deferral."""


@dataclass
class FakeClock:
    """A callable returning a controllable aware UTC datetime (the service's ``Clock``)."""

    now: datetime = EPOCH

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta
