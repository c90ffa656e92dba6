"""The interview's state: a plain, immutable value that round-trips through JSON.

Storage keeps it as a JSON column next to a few denormalised columns (phase, deadline,
next event) that the scheduler queries. Nothing else about an interview lives in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    RUNNING = "running"
    """The clock is ticking for the current phase."""
    PAUSED = "paused"
    """The clock is stopped; no deadline is due until the interview resumes."""
    FINISHED = "finished"
    """Over; the retrospective has been produced."""


@dataclass(frozen=True)
class PhaseWindow:
    """When a phase was open; ``ended_at`` is None for the current phase."""

    phase_id: str
    started_at: datetime
    ended_at: datetime | None = None


@dataclass(frozen=True)
class InterviewState:
    question_id: str
    format_id: str
    host: str
    seed: int
    status: Status
    phase_index: int
    phase_started_at: datetime
    deadline: datetime
    windows: tuple[PhaseWindow, ...]
    paused_at: datetime | None = None
    nudges_done: tuple[int, ...] = ()
    """Indices (into the phase's nudges) already sent in the current phase."""
    pivots_done: tuple[str, ...] = ()
    """Keys of pivots already said, so each fires once (e.g. ``silence:2:U1``)."""
    last_spoke: dict[str, datetime] = field(default_factory=dict)
    """Each participant's latest answer time; silence is measured from it."""
    topic_id: str | None = None
    topic_started_at: datetime | None = None
    topics_done: tuple[str, ...] = ()
    seq: int = 0
    """Counts emitted messages; makes every message key unique within the interview."""
    finished_at: datetime | None = None
    timezone: str | None = None
    """IANA zone of a scheduled drill; working-hours reminders are computed in it (UTC if None)."""

    def evolve(self, **changes: Any) -> InterviewState:
        return replace(self, **changes)

    @property
    def participants(self) -> tuple[str, ...]:
        """The host first, then everyone who has answered, in order of first answer."""
        others = [user for user in self.last_spoke if user != self.host]
        return (self.host, *others)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (datetimes as ISO 8601 strings with their UTC offset)."""
        # Field by field rather than dataclasses.asdict, which deep-copies everything:
        # this runs for every due interview on every scheduler tick.
        return {f.name: _encode(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> InterviewState:
        d = dict(data)
        d["status"] = Status(d["status"])
        for key in ("phase_started_at", "deadline", "paused_at", "topic_started_at", "finished_at"):
            d[key] = _dt(d.get(key))
        d["windows"] = tuple(
            PhaseWindow(w["phase_id"], _req_dt(w["started_at"]), _dt(w.get("ended_at")))
            for w in d["windows"]
        )
        d["last_spoke"] = {user: _req_dt(at) for user, at in d.get("last_spoke", {}).items()}
        for key in ("nudges_done", "pivots_done", "topics_done"):
            d[key] = tuple(d.get(key, ()))
        return cls(**d)


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, PhaseWindow):
        return {f.name: _encode(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    return value


def _dt(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _req_dt(value: str) -> datetime:
    return datetime.fromisoformat(value)
