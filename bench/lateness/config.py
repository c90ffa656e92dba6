"""The two setups and their sizes (full and ``--quick``)."""

from __future__ import annotations

from dataclasses import dataclass, replace

P99_TARGET_S = 2.0
"""Phase changes and nudges: p99 lateness below this (issue 13)."""
BURST_TARGET_S = 15.0
"""Every scheduled question of a burst posted within this of its due time."""
SLACK_GAP_S = 1.0
"""Slack takes one post a second per channel; the fake answers 429 to a post sooner."""


@dataclass(frozen=True)
class Setup:
    key: str
    name: str
    database: str
    """``sqlite`` or ``postgresql``."""
    workers: int
    """``designdrill worker`` processes; 0 for one ``designdrill run`` (web and scheduler)."""
    interviews: int
    burst: int
    """Weekly drills due at the same instant..."""
    burst_channels: int
    """...spread over this many channels."""

    @property
    def commands(self) -> list[str]:
        return ["run"] if self.workers == 0 else ["worker"] * self.workers + ["web"]


@dataclass(frozen=True)
class Sizes:
    phase_s: int
    """Every phase's budget (7 phases; a nudge at half time; silence pings at 3/4)."""
    drain_s: float
    """After the last interview's planned end, how long to wait for its last messages."""
    setups: dict[str, Setup]


FULL = Sizes(
    phase_s=15,
    drain_s=90.0,
    setups={
        "sqlite": Setup("sqlite", "one `designdrill run` on SQLite", "sqlite", 0, 200, 200, 40),
        "postgresql": Setup(
            "postgresql",
            "`designdrill web` + 2 x `designdrill worker` on PostgreSQL",
            "postgresql",
            2,
            1000,
            1000,
            200,
        ),
    },
)
QUICK = Sizes(
    phase_s=5,
    drain_s=30.0,
    setups={
        key: replace(
            s,
            interviews=s.interviews // 10,
            burst=s.burst // 10,
            burst_channels=s.burst_channels // 10,
        )
        for key, s in FULL.setups.items()
    },
)
