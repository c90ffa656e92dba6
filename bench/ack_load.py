"""The load: Slack-signed thread replies, sent with a fixed number of requests in flight.

Requests are built and signed before the clock starts, so the client's only work while
measuring is HTTP. Each sender thread keeps one keep-alive connection (what Slack's
delivery fleet looks like to one server: many connections, one request at a time each).
"""

from __future__ import annotations

import http.client
import itertools
import math
import statistics
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

from tests.fakes import slack_requests as req

PATH = "/slack/events"
USERS = tuple(f"U0BENCH{n:03d}" for n in range(1, 9))
"""Several people answering in the same thread, as in a team drill."""
ANSWERS = (
    "Users shorten a long link and get a short one back; anyone can follow it.",
    "Reads dominate: maybe 100 redirects for every link created, so cache hot codes.",
    "API: POST /links returns the code, GET /{code} answers 301 with the target.",
    "We could shard the links table by code once one database is not enough.",
    "Codes are base62 from a counter per range, so no collision check is needed.",
    "Expired links answer 410 and a nightly job removes them from the table.",
)
"""Realistic answers of realistic length; one mentions sharding (the early-scaling pivot)."""
RECONNECTABLE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)


@dataclass(frozen=True)
class Signed:
    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True)
class Batch:
    """Requests to send, and the message ts of each (to check what got stored)."""

    requests: tuple[Signed, ...]
    message_ts: tuple[str, ...]


@dataclass(frozen=True)
class LoadResult:
    latencies_ms: tuple[float, ...]
    started: float
    """``time.perf_counter()`` when the senders were released."""
    wall_s: float
    statuses: dict[int, int]
    reconnects: int
    client_cpu_s: float

    @property
    def ok(self) -> int:
        return self.statuses.get(200, 0)

    @property
    def rps(self) -> float:
        return len(self.latencies_ms) / self.wall_s

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms)

    @property
    def p99(self) -> float:
        """Nearest-rank: the latency 99 % of requests stayed within."""
        ordered = sorted(self.latencies_ms)
        return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]

    @property
    def max(self) -> float:
        return max(self.latencies_ms)


def combine(results: list[LoadResult]) -> LoadResult:
    """Several rounds against one target as one result: all samples, the summed wall time."""
    statuses: dict[int, int] = {}
    for result in results:
        for status, n in result.statuses.items():
            statuses[status] = statuses.get(status, 0) + n
    return LoadResult(
        latencies_ms=tuple(itertools.chain.from_iterable(r.latencies_ms for r in results)),
        started=results[0].started,
        wall_s=sum(r.wall_s for r in results),
        statuses=statuses,
        reconnects=sum(r.reconnects for r in results),
        client_cpu_s=sum(r.client_cpu_s for r in results),
    )


def thread_replies(*, count: int, thread_ts: str, first: int, tag: str) -> Batch:
    """``count`` distinct replies in ``thread_ts``: own event_id, own ts, rotating users.

    The ts are now-ish (one microsecond apart, from the next whole second) so each answer
    lands in the phase open now, as a live reply would. ``first`` keeps batches apart.
    """
    base = int(time.time()) + 1
    requests, stamps = [], []
    for n in range(first, first + count):
        ts = f"{base + n // 1_000_000}.{n % 1_000_000:06d}"
        event = req.thread_reply_event(
            ANSWERS[n % len(ANSWERS)], thread_ts=thread_ts, ts=ts, user_id=USERS[n % len(USERS)]
        )
        body, headers = req.event_request(event, event_id=f"Ev0{tag}{n:07d}")
        requests.append(Signed(body, headers))
        stamps.append(ts)
    return Batch(tuple(requests), tuple(stamps))


def send(port: int, batch: Batch, *, concurrency: int) -> LoadResult:
    """POST every request of ``batch`` with ``concurrency`` requests in flight.

    Threads are connected first and released together; the wall time runs from their
    release to the last response. Latency is per request: send to last byte read.
    """
    jobs = iter(batch.requests)
    lock = threading.Lock()
    barrier = threading.Barrier(concurrency + 1)
    results: list[_Sender] = [_Sender(port, jobs, lock, barrier) for _ in range(concurrency)]
    threads = [threading.Thread(target=s.run, daemon=True) for s in results]
    for thread in threads:
        thread.start()
    cpu0 = time.process_time()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    statuses: dict[int, int] = {}
    for sender in results:
        for status in sender.statuses:
            statuses[status] = statuses.get(status, 0) + 1
    return LoadResult(
        latencies_ms=tuple(itertools.chain.from_iterable(s.latencies_ms for s in results)),
        started=start,
        wall_s=wall,
        statuses=statuses,
        reconnects=sum(s.reconnects for s in results),
        client_cpu_s=time.process_time() - cpu0,
    )


class _Sender:
    """One in-flight slot: a keep-alive connection taking the next request until none left."""

    def __init__(
        self, port: int, jobs: Iterator[Signed], lock: threading.Lock, barrier: threading.Barrier
    ) -> None:
        self.port = port
        self.jobs = jobs
        self.lock = lock
        self.barrier = barrier
        self.latencies_ms: list[float] = []
        self.statuses: list[int] = []
        self.reconnects = 0
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def run(self) -> None:
        self.conn.connect()
        self.barrier.wait()
        try:
            while (job := self._next()) is not None:
                started = time.perf_counter()
                self.statuses.append(self._post(job))
                self.latencies_ms.append((time.perf_counter() - started) * 1000)
        finally:
            self.conn.close()

    def _next(self) -> Signed | None:
        with self.lock:
            return next(self.jobs, None)

    def _post(self, job: Signed) -> int:
        """One request; if the server had closed the keep-alive connection, reconnect and
        resend once. Counted, and reported: a resend is a Slack retry to the app."""
        try:
            return self._exchange(job)
        except RECONNECTABLE:
            self.reconnects += 1
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            return self._exchange(job)

    def _exchange(self, job: Signed) -> int:
        self.conn.request("POST", PATH, body=job.body, headers=job.headers)
        response = self.conn.getresponse()
        response.read()
        return response.status
