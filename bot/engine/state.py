"""The interview's state: a plain, immutable value that round-trips through JSON.

Storage keeps it as a JSON column next to a few denormalised columns (phase, deadline,
next event) that the scheduler queries. Nothing else about an interview lives in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
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
    """When a phase was open; ``ended_at`` is None for the current phase.

    ``extended`` is the time added to its budget, ``paused`` how long its clock stood
    still: the retrospective judges time used against the budget people actually had."""

    phase_id: str
    started_at: datetime
    ended_at: datetime | None = None
    by_clock: bool = False
    """Closed because its time ran out (not by the participants): late replies count for it."""
    extended: timedelta = timedelta()
    paused: timedelta = timedelta()


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
    spoke_at: datetime | None = None
    """When the bot last spoke in this phase other than to open it: unprompted messages are
    paced from it (:mod:`bot.engine.pace`)."""
    asked_at: datetime | None = None
    """When the bot last asked a question (a topic, a follow-up): the next waits for an answer."""
    pressed_step: int = 0
    """The step (see :mod:`bot.engine.presses`) whose buttons were last pressed: a press on
    that step's buttons or older ones is late and changes nothing."""

    def evolve(self, **changes: Any) -> InterviewState:
        """A copy with ``changes`` applied (``dataclasses.replace`` without its per-call
        field walk: the engine evolves the state several times per message)."""
        if not changes.keys() <= _FIELD_NAMES:
            unknown = ", ".join(sorted(changes.keys() - _FIELD_NAMES))
            raise TypeError(f"InterviewState has no field(s) {unknown}")
        copy = object.__new__(InterviewState)
        copy.__dict__.update(self.__dict__, **changes)
        return copy

    @property
    def participants(self) -> tuple[str, ...]:
        """The host first, then everyone who has answered, in order of first answer."""
        others = [user for user in self.last_spoke if user != self.host]
        return (self.host, *others)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (datetimes as ISO 8601 strings with their UTC offset).

        Spelled out field by field (a test checks none is missing): this runs for every due
        interview on every scheduler tick, and a generic walk over the fields costs several
        times more."""
        return {
            "question_id": self.question_id,
            "format_id": self.format_id,
            "host": self.host,
            "seed": self.seed,
            "status": self.status.value,
            "phase_index": self.phase_index,
            "phase_started_at": self.phase_started_at.isoformat(),
            "deadline": self.deadline.isoformat(),
            "windows": [
                {
                    "phase_id": w.phase_id,
                    "started_at": w.started_at.isoformat(),
                    "ended_at": None if w.ended_at is None else w.ended_at.isoformat(),
                    "by_clock": w.by_clock,
                    "extended": w.extended.total_seconds(),
                    "paused": w.paused.total_seconds(),
                }
                for w in self.windows
            ],
            "paused_at": _iso(self.paused_at),
            "nudges_done": list(self.nudges_done),
            "pivots_done": list(self.pivots_done),
            "last_spoke": {user: at.isoformat() for user, at in self.last_spoke.items()},
            "topic_id": self.topic_id,
            "topic_started_at": _iso(self.topic_started_at),
            "topics_done": list(self.topics_done),
            "seq": self.seq,
            "finished_at": _iso(self.finished_at),
            "timezone": self.timezone,
            "spoke_at": _iso(self.spoke_at),
            "asked_at": _iso(self.asked_at),
            "pressed_step": self.pressed_step,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> InterviewState:
        """The state :meth:`to_dict` encoded; keys it did not write take their defaults
        (rows saved before a field existed)."""
        get = data.get
        return cls(
            question_id=data["question_id"],
            format_id=data["format_id"],
            host=data["host"],
            seed=data["seed"],
            status=Status(data["status"]),
            phase_index=data["phase_index"],
            phase_started_at=_req_dt(data["phase_started_at"]),
            deadline=_req_dt(data["deadline"]),
            windows=tuple(
                PhaseWindow(
                    w["phase_id"],
                    _req_dt(w["started_at"]),
                    _dt(w.get("ended_at")),
                    w.get("by_clock", False),
                    timedelta(seconds=w.get("extended", 0)),
                    timedelta(seconds=w.get("paused", 0)),
                )
                for w in data["windows"]
            ),
            paused_at=_dt(get("paused_at")),
            nudges_done=tuple(get("nudges_done", ())),
            pivots_done=tuple(get("pivots_done", ())),
            last_spoke={user: _req_dt(at) for user, at in get("last_spoke", {}).items()},
            topic_id=get("topic_id"),
            topic_started_at=_dt(get("topic_started_at")),
            topics_done=tuple(get("topics_done", ())),
            seq=get("seq", 0),
            finished_at=_dt(get("finished_at")),
            timezone=get("timezone"),
            spoke_at=_dt(get("spoke_at")),
            asked_at=_dt(get("asked_at")),
            pressed_step=get("pressed_step", 0),
        )


_FIELD_NAMES = frozenset(f.name for f in fields(InterviewState))


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _dt(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _req_dt(value: str) -> datetime:
    return datetime.fromisoformat(value)
