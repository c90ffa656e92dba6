"""What people do, at planned times: start interviews with ``/drill start``, answer in their
threads (signed Events API requests, as Slack sends them), and a burst of weekly drills
due at one instant (schedules written to the database, as ``/drill schedule add`` does)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from storage.db import make_engine
from storage.repository import Store
from tests.fakes import slack_requests as req
from tests.fakes.slack_api import FakeSlack

QUESTION = "url-shortener"
FORMAT = "blitz"
ANSWERS = (
    "Users shorten a long link and get a short one back; anyone can follow it.",
    "Reads dominate: maybe 100 redirects for every link created, so cache hot codes.",
    "API: POST /links returns the code, GET /{code} answers 301 with the target.",
)
REPLY_AT = ((1, 0.3), (3, -0.4), (5, 0.3))
"""When each participant answers: (phase boundary, seconds after it). Right after a
boundary is where a late tick used to file an answer under the phase before."""
BURST_LEAD_S = 6.0


def channel(n: int) -> str:
    return f"C0LATE{n:04d}"


def host(n: int) -> str:
    return f"U0HOST{n:04d}"


def participant(n: int) -> str:
    return f"U0PART{n:04d}"


@dataclass
class Sent:
    """A request sent at a planned time, and how the app answered."""

    planned: float
    sent: float
    status: int
    what: str
    channel: str
    ts: str = ""


@dataclass
class Driver:
    """Sends planned requests to the app from a few threads, each at its time."""

    events_url: str
    fake: FakeSlack
    threads: int = 16
    sent: list[Sent] = field(default_factory=list)
    _roots: dict[str, str] = field(default_factory=dict)
    _seen: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, jobs: list[tuple[float, Callable[[float], Sent | None]]]) -> None:
        """Run each job at its wall time (``time.time()``); returns when all are done."""
        with ThreadPoolExecutor(self.threads, "bench-people") as pool:
            for at, job in sorted(jobs, key=lambda j: j[0]):
                time.sleep(max(0.0, at - time.time()))
                pool.submit(self._record, job, at)

    def _record(self, job: Callable[[float], Sent | None], at: float) -> None:
        result = job(at)
        if result is not None:
            with self._lock:
                self.sent.append(result)

    def start(self, n: int) -> Callable[[float], Sent]:
        def job(planned: float) -> Sent:
            body, headers = req.slash_command(
                f"start {QUESTION} {FORMAT}",
                user_id=host(n),
                channel_id=channel(n),
                response_url=self.fake.response_url(f"start-{n}"),
            )
            sent = time.time()
            status, _ = req.post(self.events_url, body, headers)
            return Sent(planned, sent, status, "start", channel(n))

        return job

    def reply(self, n: int, k: int) -> Callable[[float], Sent | None]:
        def job(planned: float) -> Sent | None:
            root = self.thread_of(channel(n))
            if root is None:  # the question never reached Slack: nothing to answer
                return Sent(planned, time.time(), 0, "reply", channel(n))
            ts = f"{time.time():.6f}"
            event = req.thread_reply_event(
                ANSWERS[k % len(ANSWERS)],
                thread_ts=root,
                ts=ts,
                user_id=participant(n),
                channel_id=channel(n),
            )
            body, headers = req.event_request(event, event_id=f"Ev0LATE{n:05d}{k}")
            status, _ = req.post(self.events_url, body, headers)
            return Sent(planned, float(ts), status, "reply", channel(n), ts)

        return job

    def thread_of(self, channel_id: str) -> str | None:
        """The ts of the first post into ``channel_id`` outside a thread (the question)."""
        with self._lock:
            if channel_id not in self._roots:
                calls = self.fake.calls("chat.postMessage")
                for call in calls[self._seen :]:
                    where = call.response.get("channel") if call.response else None
                    if call.ok and where and not call.params.get("thread_ts"):
                        self._roots.setdefault(str(where), str(call.response["ts"]))
                self._seen = len(calls)
            return self._roots.get(channel_id)


def interview_jobs(
    driver: Driver, *, count: int, phase_s: int, ramp_s: float, begin: float
) -> list[tuple[float, Callable[[float], Sent | None]]]:
    """Starts spread evenly over ``ramp_s``, and each participant's answers."""
    jobs: list[tuple[float, Callable[[float], Sent | None]]] = []
    for n in range(count):
        at = begin + ramp_s * n / max(1, count)
        jobs.append((at, driver.start(n)))
        for k, (boundary, offset) in enumerate(REPLY_AT):
            jobs.append((at + boundary * phase_s + offset, driver.reply(n, k)))
    return jobs


BURST_TEAMS = 5


def burst_channel(m: int) -> str:
    return f"C0BURST{m:04d}"


def schedule_burst(database_url: str, *, drills: int, channels: int) -> datetime:
    """``drills`` weekly schedules (format ``weekly``) over ``channels`` channels of five
    teams, all due at one instant a few seconds ahead; returns that instant."""
    now = datetime.now(UTC)
    due = (now + timedelta(seconds=BURST_LEAD_S)).replace(microsecond=0)
    engine = make_engine(database_url)
    try:
        with Store(engine).transaction() as tx:
            for d in range(drills):
                m = d % channels
                tx.create_schedule(
                    team_id=f"T0BURST{m % BURST_TEAMS:02d}",
                    channel_id=burst_channel(m),
                    creator_id=f"U0LEAD{m:04d}",
                    cadence="weekly",
                    day_of_week=due.strftime("%a").lower(),
                    time_of_day=due.strftime("%H:%M"),
                    every_weeks=1,
                    timezone="UTC",
                    format_id="weekly",
                    topic=None,
                    anchor_at=due,
                    now=now,
                )
    finally:
        engine.dispose()
    return due
