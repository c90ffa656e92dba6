"""Sizes and targets, in one place so ``--quick`` and the README agree with the code."""

from __future__ import annotations

from dataclasses import dataclass

TICK_TARGET_MS = 50.0
"""A tick advancing 100 due interviews must stay well under the scheduler's 1 s interval."""

FLAT_RATIO = 1.5
"""Idle scaling passes if the largest size's median is within this factor of the smallest's
(plus :data:`FLAT_SLACK_MS`): an index range scan does not grow with idle rows, a table
scan would grow ~50x from 1,000 to 50,000."""

FLAT_SLACK_MS = 1.0
"""Absolute allowance for timer and scheduling noise on sub-millisecond figures."""

MEMORY_TARGET_MB = 150.0
"""A worker holding every live interview's state must fit a small container."""


@dataclass(frozen=True)
class Sizes:
    """How big the run is. ``live`` interviews of which ``due`` are due at each tick."""

    live: int
    due: int
    ticks: int
    warmup: int
    idle_steps: tuple[int, ...]
    scaling_ticks: int
    memory_ticks: int

    @property
    def label(self) -> str:
        return f"{self.live:,} live / {self.due} due"


FULL = Sizes(
    live=10_000,
    due=100,
    ticks=30,
    warmup=3,
    idle_steps=(1_000, 10_000, 50_000),
    scaling_ticks=10,
    memory_ticks=5,
)

QUICK = Sizes(
    live=2_000,
    due=100,
    ticks=10,
    warmup=2,
    idle_steps=(500, 2_000, 5_000),
    scaling_ticks=8,
    memory_ticks=5,
)
