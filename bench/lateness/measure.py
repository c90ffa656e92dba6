"""From what the fake Slack received and what the database holds, what people saw.

Lateness of a message = when the fake received its (first) post minus when it was due,
from the interview's planned timeline: it starts when ``/drill start`` is handled (the
interview's ``created_at``), every phase lasts its budget, a nudge is due at half time, a
silence ping ``silence`` after the person last spoke (or the phase began), the end and the
retrospectives when the last phase's time is up. What the bot says at one moment in one
thread is one message (keys like ``0003-time_up+0004-checkin+0005-phase_intro``): it is
due when its earliest part was.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bot.interviews.catching_up import OUTDATED
from bot.interviews.closing import is_closing
from storage.db import make_engine
from storage.models import Answer, Interview, OutboxItem, RetrospectiveDue
from tests.cli_harness import PHASES
from tests.fakes.slack_api import Call

DMS = ("D0PART", "D0HOST", "U0PART", "U0HOST")
"""Where the people of the bench's interviews get their retrospectives (DM channels)."""
MENTION = re.compile(r"<@(U[A-Z0-9]+)>")
PHASE_CHANGE = "phase change"
"""Time's up, the check-in and the next phase's intro (one message); also the first intro."""
END = "end and retrospective"
"""When the last phase's time is up: "that's time", the team's and each person's retro."""
KINDS = ("question", PHASE_CHANGE, "nudge", "pivot", END)
TARGETED = (PHASE_CHANGE, "nudge")
"""The kinds whose p99 has a target."""


@dataclass
class Figures:
    lateness: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    """Seconds late per message kind."""
    queue_lag: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    """Of which: seconds from due to queued (the clock's part; the rest is delivery's)."""
    queued: int = 0
    lost: list[str] = field(default_factory=list)
    """Queued but never posted: ``interview:key``."""
    outdated: int = 0
    """Dropped at send time as outdated (delivery fell behind the interview's clock)."""
    duplicated: int = 0
    rate_limited: int = 0
    """chat.postMessage calls the fake answered 429."""
    too_close: int = 0
    """Posts arriving less than a second after the channel's previous accepted post."""
    answers_sent: int = 0
    answers_stored: int = 0
    wrong_phase: list[str] = field(default_factory=list)
    interviews: int = 0
    finished: int = 0
    samples: list[tuple[str, float, float, float]] = field(default_factory=list)
    """Per posted message: (kind, due, queued, posted) as Unix times, for ``--samples``."""
    nudges_expected: int = 0
    phase_changes_expected: int = 0


def read_rows(
    database_url: str, channel_prefix: str
) -> tuple[list[Interview], list[OutboxItem], list[Answer]]:
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            rows = list(
                session.exec(
                    select(Interview).where(col(Interview.channel_id).startswith(channel_prefix))
                )
            )
            ids = [r.id for r in rows]
            items = list(
                session.exec(
                    select(OutboxItem)
                    .where(col(OutboxItem.interview_id).in_(ids))
                    .order_by(col(OutboxItem.id))
                )
            )
            answers = list(session.exec(select(Answer).where(col(Answer.interview_id).in_(ids))))
            return rows, items, answers
    finally:
        engine.dispose()


def posts_by_ts(posts: list[Call]) -> dict[str, Call]:
    return {str(c.response["ts"]): c for c in posts if c.ok and c.response}


def pacing(posts: list[Call], gap: float) -> tuple[int, int]:
    """(calls answered 429, calls arriving less than ``gap`` after the channel's last
    accepted post): the second counts what a strict Slack would refuse."""
    last: dict[str, float] = {}
    limited = close = 0
    for call in sorted(posts, key=lambda c: c.at):
        where = str((call.response or {}).get("channel") or call.params.get("channel"))
        if call.status == 429:
            limited += 1
        if where in last and call.at - last[where] < gap:
            close += 1
        if call.ok:
            last[where] = call.at
    return limited, close


def duplicates(items: list[OutboxItem], posts: list[Call], by_ts: dict[str, Call]) -> int:
    """Posts beyond one per delivered message: the same text posted again into the same
    place (each message identified by the post its ``result_ts`` names)."""
    expected: Counter[tuple[str, str, str]] = Counter()
    for item in items:
        first = by_ts.get(item.result_ts or "")
        if first is not None:
            expected[_signature(first)] += 1
    seen = Counter(_signature(c) for c in posts if c.ok and _signature(c) in expected)
    return sum(max(0, seen[s] - n) for s, n in expected.items())


def _signature(call: Call) -> tuple[str, str, str]:
    where = str(call.response["channel"]) if call.response else ""
    return where, str(call.params.get("thread_ts") or ""), str(call.params.get("text"))


@dataclass(frozen=True)
class Timeline:
    start: datetime
    phase: timedelta
    silence: timedelta

    def boundary(self, k: int) -> datetime:
        return self.start + self.phase * k

    @property
    def end(self) -> datetime:
        return self.boundary(len(PHASES))

    def phase_at(self, at: datetime) -> str:
        index = int((at - self.start) / self.phase)
        return PHASES[min(max(index, 0), len(PHASES) - 1)]

    def next_boundary_after(self, at: datetime | None) -> datetime:
        if at is None:
            return self.start
        k = int((at - self.start) / self.phase) + 1
        return self.boundary(min(k, len(PHASES)))

    def nudge_before(self, at: datetime) -> datetime:
        k = int((at - self.start - self.phase / 2) / self.phase)
        return self.boundary(max(k, 0)) + self.phase / 2

    def phase_start_before(self, at: datetime) -> datetime:
        return self.boundary(max(0, int((at - self.start) / self.phase)))


def interview_lateness(
    figures: Figures,
    timeline: Timeline,
    items: list[OutboxItem],
    spoke: list[tuple[datetime, str]],
    by_ts: dict[str, Call],
) -> None:
    """Add one interview's messages to ``figures`` (``spoke``: its answers, by time)."""
    last_change: datetime | None = None
    for item in items:
        kinds = _kinds(item)
        if PHASE_CHANGE in kinds:
            due = timeline.next_boundary_after(last_change)
            last_change = item.created_at
        elif "nudge" in kinds:
            due = timeline.nudge_before(item.created_at)
        elif "pivot" in kinds:
            due = _silence_due(timeline, item, spoke)
        elif "question" in kinds:
            due = timeline.start
        elif item.created_at >= timeline.end:
            kinds = {END}
            due = timeline.end
        else:
            due = item.created_at
        kind = next((k for k in KINDS if k in kinds), "other (due when queued)")
        post = by_ts.get(item.result_ts or "")
        if post is None and item.last_error == OUTDATED:
            figures.outdated += 1
            continue
        if post is None:
            figures.lost.append(f"{item.interview_id}:{item.key}")
            continue
        if item.user_id:
            kind += " (DM)"
        figures.lateness[kind].append(post.at - due.timestamp())
        figures.queue_lag[kind].append((item.created_at - due).total_seconds())
        figures.samples.append((kind, due.timestamp(), item.created_at.timestamp(), post.at))


def _kinds(item: OutboxItem) -> set[str]:
    kinds = set()
    for part in item.key.split("+"):
        kind = (
            part.split("-", 1)[1] if re.match(r"^\d{4}-", part) else str(item.payload.get("kind"))
        )
        if kind in ("time_up", "phase_intro", "checkin", "deep_dive_offer"):
            kinds.add(PHASE_CHANGE)
        else:
            kinds.add(kind)
    return kinds


def _silence_due(
    timeline: Timeline, item: OutboxItem, spoke: list[tuple[datetime, str]]
) -> datetime:
    """A silence ping is due ``silence`` after the person last spoke or the phase began,
    whichever is later; one message pinging several people is due at its earliest."""
    began = timeline.phase_start_before(item.created_at)
    dues = []
    for user in MENTION.findall(str(item.payload.get("text"))) or [""]:
        said = [at for at, who in spoke if who == user and at <= item.created_at]
        dues.append(max([began, *said[-1:]]) + timeline.silence)
    return min(dues)


def measure(
    *,
    database_url: str,
    channel_prefix: str,
    posts: list[Call],
    phase_s: int,
    silence_s: int,
    answers_sent: int,
    gap: float,
) -> Figures:
    figures = Figures(answers_sent=answers_sent)
    rows, items, answers = read_rows(database_url, channel_prefix)
    items = [item for item in items if not is_closing(item)]  # updates, not posts
    by_ts = posts_by_ts(posts)
    mine = [c for c in posts if str(c.params.get("channel", "")).startswith((channel_prefix, *DMS))]
    figures.rate_limited, figures.too_close = pacing(mine, gap)
    figures.duplicated = duplicates(items, mine, by_ts)
    figures.interviews = len(rows)
    figures.finished = sum(1 for r in rows if r.status == "finished")
    figures.lost += [f"{i}:retrospectives never written" for i in retrospectives_due(database_url)]
    figures.queued = len(items)
    figures.answers_stored = len(answers)
    per_interview: dict[int | None, list[OutboxItem]] = defaultdict(list)
    for item in items:
        per_interview[item.interview_id].append(item)
    said: dict[int, list[tuple[datetime, str]]] = defaultdict(list)
    for answer in sorted(answers, key=lambda a: a.posted_at):
        said[answer.interview_id].append((answer.posted_at, answer.user_id))
    for row in rows:
        assert row.id is not None
        timeline = Timeline(
            row.created_at, timedelta(seconds=phase_s), timedelta(seconds=silence_s)
        )
        interview_lateness(figures, timeline, per_interview[row.id], said[row.id], by_ts)
        figures.nudges_expected += len(PHASES)
        figures.phase_changes_expected += len(PHASES)  # the first intro and six changes
    for answer in answers:
        row = next(r for r in rows if r.id == answer.interview_id)
        timeline = Timeline(
            row.created_at, timedelta(seconds=phase_s), timedelta(seconds=silence_s)
        )
        if answer.phase_id != timeline.phase_at(answer.posted_at):
            figures.wrong_phase.append(
                f"interview {row.id}: answer at {answer.posted_at:%H:%M:%S.%f} stored under "
                f"{answer.phase_id}, the timeline says {timeline.phase_at(answer.posted_at)}"
            )
    return figures


@dataclass
class Burst:
    due: datetime
    drills: int
    fired: int = 0
    delays: list[float] = field(default_factory=list)
    """Seconds from the due instant to each question's post."""
    fired_after: list[float] = field(default_factory=list)
    """Of which: seconds from the due instant to the drill's start (its question queued)."""
    rate_limited: int = 0
    too_close: int = 0
    duplicated: int = 0


def measure_burst(
    *,
    database_url: str,
    channel_prefix: str,
    posts: list[Call],
    due: datetime,
    drills: int,
    gap: float,
) -> Burst:
    burst = Burst(due, drills)
    rows, items, _ = read_rows(database_url, channel_prefix)
    by_ts = posts_by_ts(posts)
    mine = [c for c in posts if str(c.params.get("channel", "")).startswith(channel_prefix)]
    burst.rate_limited, burst.too_close = pacing(mine, gap)
    burst.duplicated = duplicates(items, mine, by_ts)
    burst.fired = len(rows)
    for item in items:
        if item.payload.get("kind") == "question":
            burst.fired_after.append((item.created_at - due).total_seconds())
            post = by_ts.get(item.result_ts or "")
            if post is not None:
                burst.delays.append(post.at - due.timestamp())
    return burst


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(-(-q * len(ordered) // 100)) - 1))
    return ordered[rank]


def retrospectives_due(database_url: str) -> list[int]:
    """Interviews the clock has ended whose retrospectives are not written yet."""
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            return list(session.exec(select(RetrospectiveDue.interview_id)))
    finally:
        engine.dispose()


def unsent(database_url: str) -> tuple[int, int]:
    """(messages still queued, interviews not finished or with retrospectives still to
    write) among everything in the database."""
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            queued = len(
                list(session.exec(select(OutboxItem.id).where(col(OutboxItem.sent_at).is_(None))))
            )
            live = len(
                list(session.exec(select(Interview.id).where(col(Interview.status) != "finished")))
            )
            # An interview ended by the clock is not done until its retrospectives are written.
            due = len(list(session.exec(select(RetrospectiveDue.interview_id))))
            return queued, live + due
    finally:
        engine.dispose()
