"""The tables. Every row carries ``team_id`` so every query can be scoped to one workspace.

Timestamps use :class:`storage.types.UTCDateTime` (aware UTC in and out, on both
databases). Constraints and partial indexes are named so migrations can refer to them and
SQLite batch migrations can rebuild tables. Status and source values are plain strings owned
by the engine; storage does not interpret them beyond the scheduler's ``"running"``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime, json_type

UNSENT = text("sent_at IS NULL")
"""Partial-index predicate: the outbox queries only ever look at unsent rows."""


class Interview(SQLModel, table=True):
    """One interview: where it runs, its current phase, its deadlines and the engine's state.

    ``next_event_at`` is when the scheduler must next wake the engine (a nudge or a phase
    deadline); ``None`` when nothing is due (paused, finished). ``version`` increases with
    every saved step, so a write based on a stale read is refused.
    """

    __tablename__ = "interview"
    __table_args__ = (
        UniqueConstraint("team_id", "channel_id", "thread_ts", name="uq_interview_thread"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(index=True)
    channel_id: str
    thread_ts: str | None = Field(default=None, description="set once the question is posted")
    host_id: str
    source: str = Field(description='"slack", "terminal" or "drill"')
    question_id: str
    format_id: str
    status: str = Field(description='"running", "paused" or "finished"')
    phase_id: str
    phase_started_at: datetime = Field(sa_type=UTCDateTime)
    phase_deadline: datetime | None = Field(default=None, sa_type=UTCDateTime)
    next_event_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    state: dict[str, Any] = Field(default_factory=dict, sa_type=json_type())
    version: int = 1
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Participant(SQLModel, table=True):
    """Someone who took part in an interview (answered, or pressed a button)."""

    __tablename__ = "participant"
    __table_args__ = (  # team_id first, as in every query (see Answer)
        UniqueConstraint(
            "team_id", "interview_id", "user_id", name="uq_participant_team_interview_user"
        ),
        Index("ix_participant_team_user", "team_id", "user_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str
    interview_id: int = Field(foreign_key="interview.id", ondelete="CASCADE")
    user_id: str
    joined_at: datetime = Field(sa_type=UTCDateTime)


class Answer(SQLModel, table=True):
    """One reply in an interview thread, identified by its Slack ``message_ts``.

    Deletion is soft (``deleted_at``) and edits keep the previous text in
    :class:`AnswerRevision`, so the retrospective and any export see the full history.
    """

    __tablename__ = "answer"
    # Both indexes lead with team_id, as every query does. A lone team_id index looked as
    # good as the unique one to SQLite's planner (no statistics), which then read all the
    # team's answers to find one interview's (migration 0003).
    __table_args__ = (
        UniqueConstraint(
            "team_id", "interview_id", "message_ts", name="uq_answer_team_interview_message"
        ),
        Index("ix_answer_team_user", "team_id", "user_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str
    interview_id: int = Field(foreign_key="interview.id", ondelete="CASCADE")
    user_id: str
    message_ts: str
    phase_id: str
    text: str
    posted_at: datetime = Field(sa_type=UTCDateTime)
    edited_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AnswerRevision(SQLModel, table=True):
    """The text an answer had before an edit replaced it (one row per edit)."""

    __tablename__ = "answer_revision"

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(index=True)
    answer_id: int = Field(foreign_key="answer.id", ondelete="CASCADE", index=True)
    text: str
    replaced_at: datetime = Field(sa_type=UTCDateTime)


class OutboxItem(SQLModel, table=True):
    """A message waiting to be delivered (or delivered: ``sent_at`` is set).

    Delivery order is ``id`` order. ``key`` is unique within an interview, which makes
    enqueueing idempotent. ``user_id`` set means "send privately to that user". A worker
    leases an item (``lease_until``) before sending it, so two workers never send the same
    item at the same time; failures are retried at ``next_attempt_at``.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("interview_id", "key", name="uq_outbox_interview_key"),
        # Partial indexes keep delivered rows (almost all of them, over time) out of the
        # hot paths. The queue: unsent rows in delivery (id) order, with their due time.
        Index(
            "ix_outbox_unsent_queue",
            "id",
            "next_attempt_at",
            sqlite_where=UNSENT,
            postgresql_where=UNSENT,
        ),
        # "What is still queued before this item in its interview" (the ordering check).
        Index(
            "ix_outbox_unsent_interview",
            "interview_id",
            "id",
            sqlite_where=UNSENT,
            postgresql_where=UNSENT,
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(index=True)
    interview_id: int | None = Field(default=None, foreign_key="interview.id", ondelete="CASCADE")
    key: str
    channel_id: str | None = None
    user_id: str | None = None
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=json_type())
    created_at: datetime = Field(sa_type=UTCDateTime)
    next_attempt_at: datetime = Field(sa_type=UTCDateTime)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    attempts: int = 0
    last_error: str | None = None
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    result_ts: str | None = None


class ProcessedEvent(SQLModel, table=True):
    """A Slack ``event_id`` already handled: Slack retries deliveries, we act once."""

    __tablename__ = "processed_event"

    event_id: str = Field(primary_key=True)
    team_id: str = Field(index=True)
    received_at: datetime = Field(sa_type=UTCDateTime, index=True)


class Score(SQLModel, table=True):
    """A participant's result in one finished interview: what the leaderboard and
    `/drill history` read. ``breakdown`` is the per-phase score; ``retrospective`` the
    personal text, kept so `/drill show` can repeat it after the content changes."""

    __tablename__ = "score"
    __table_args__ = (  # team_id first, as in every query (see Answer)
        UniqueConstraint("team_id", "interview_id", "user_id", name="uq_score_team_interview_user"),
        Index("ix_score_team_user", "team_id", "user_id"),
        Index("ix_score_team_finished", "team_id", "finished_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str
    interview_id: int = Field(foreign_key="interview.id", ondelete="CASCADE")
    user_id: str
    score: int
    on_time_phases: int = 0
    answered_phases: int = 0
    breakdown: dict[str, Any] = Field(default_factory=dict, sa_type=json_type())
    retrospective: str = ""
    finished_at: datetime = Field(sa_type=UTCDateTime)


class TeamSetting(SQLModel, table=True):
    """Per-workspace settings: the time zone weeks are counted in, data retention."""

    __tablename__ = "team_setting"

    team_id: str = Field(primary_key=True)
    timezone: str = "UTC"
    retention_days: int | None = None
    updated_at: datetime = Field(sa_type=UTCDateTime)


class MemberPreference(SQLModel, table=True):
    """A person's choices, e.g. to stay off every leaderboard."""

    __tablename__ = "member_preference"

    team_id: str = Field(primary_key=True)
    user_id: str = Field(primary_key=True)
    leaderboard_hidden: bool = False
    updated_at: datetime = Field(sa_type=UTCDateTime)


class Schedule(SQLModel, table=True):
    """A recurring team drill: when it fires (local time in ``timezone``), where, what."""

    __tablename__ = "schedule"

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(index=True)
    channel_id: str
    creator_id: str
    cadence: str = Field(description='"weekly", "weekdays" or "every_n_weeks"')
    day_of_week: str = Field(description='cron day names, e.g. "mon" or "mon-fri"')
    time_of_day: str = Field(description='"HH:MM", local to timezone')
    every_weeks: int = 1
    timezone: str
    format_id: str
    topic: str | None = None
    status: str = Field(default="active", description='"active" or "paused"')
    skip_next: bool = False
    anchor_at: datetime = Field(sa_type=UTCDateTime, description="first occurrence; N-week parity")
    next_run_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)


class ScheduleRun(SQLModel, table=True):
    """One occurrence of a schedule, claimed exactly once: fired, skipped or missed."""

    __tablename__ = "schedule_run"
    __table_args__ = (
        UniqueConstraint("schedule_id", "occurrence_at", name="uq_schedule_run_occurrence"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(index=True)
    schedule_id: int = Field(foreign_key="schedule.id", ondelete="CASCADE")
    occurrence_at: datetime = Field(sa_type=UTCDateTime)
    status: str = Field(description='"fired", "skipped" or "missed"')
    interview_id: int | None = Field(default=None, foreign_key="interview.id", ondelete="SET NULL")
    reported: bool = False
    created_at: datetime = Field(sa_type=UTCDateTime)


class ChannelPace(SQLModel, table=True):
    """When a channel may next receive a post from us: Slack takes about one message a second
    per channel. Shared by every delivering process, so together they keep the pace."""

    __tablename__ = "channel_pace"

    team_id: str = Field(primary_key=True)
    channel_id: str = Field(primary_key=True)
    """A channel id, or ``user:<id>`` for direct messages to a person."""
    next_post_at: datetime = Field(sa_type=UTCDateTime)


class RetrospectiveDue(SQLModel, table=True):
    """An interview the clock has ended whose retrospectives are still to be written
    (:mod:`storage.retrospectives_due`): grading waits here, not in the clock's pass."""

    __tablename__ = "retrospective_due"

    team_id: str = Field(primary_key=True)
    interview_id: int = Field(primary_key=True, foreign_key="interview.id", ondelete="CASCADE")
    ended_at: datetime = Field(sa_type=UTCDateTime)


# Multi-workspace mode's tables live in their own module; importing it puts them on the
# same metadata (migrations, the schema test, deleting a team's rows).
from storage import installation_tables  # noqa: E402,F401
