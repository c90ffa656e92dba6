"""The load: Slack-signed thread replies, sent with a fixed number of requests in flight.

Requests are built, signed and rendered to bytes before the clock starts, so the client's
only work while measuring is sending them and reading the answers. Each in-flight slot
keeps one keep-alive connection (what Slack's delivery fleet looks like to one server:
many connections, one request at a time each).
"""

from __future__ import annotations

import itertools
import math
import selectors
import socket
import statistics
import time
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

    One thread and ``concurrency`` keep-alive connections, driven by ``selectors``: the
    requests are rendered to bytes first, so the client's only work while measuring is a
    ``send`` per request and parsing a status line. (It was 50 ``http.client`` threads:
    ~0.25 ms of CPU per request on a 2-core machine the servers need, and every latency
    included the wait for the client's own GIL.) Connections are opened first; the wall
    time runs from the first request sent to the last response read. Latency is per
    request: sent to its response's last byte read.
    """
    wire = [_render(port, job) for job in batch.requests]
    cpu0 = time.process_time()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    jobs = iter(wire)
    with selectors.DefaultSelector() as selector:
        slots = [_Slot(port, selector) for _ in range(min(concurrency, len(wire)))]
        start = time.perf_counter()
        for slot in slots:
            slot.send(next(jobs))
        while selector.get_map():
            for key, _ in selector.select():
                slot = key.data
                status = slot.read()
                if status is None:
                    continue
                latencies.append((time.perf_counter() - slot.sent_at) * 1000)
                statuses[status] = statuses.get(status, 0) + 1
                job = next(jobs, None)
                if job is None:
                    slot.close()
                else:
                    slot.send(job)
        wall = time.perf_counter() - start
    return LoadResult(
        latencies_ms=tuple(latencies),
        started=start,
        wall_s=wall,
        statuses=statuses,
        reconnects=sum(slot.reconnects for slot in slots),
        client_cpu_s=time.process_time() - cpu0,
    )


def _render(port: int, job: Signed) -> bytes:
    headers = {"Host": f"127.0.0.1:{port}", **job.headers, "Content-Length": str(len(job.body))}
    head = f"POST {PATH} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return (head + "\r\n").encode("latin-1") + job.body


class _Slot:
    """One in-flight request at a time on one keep-alive connection, registered with the
    run's selector (whatever connection it is on now)."""

    def __init__(self, port: int, selector: selectors.BaseSelector) -> None:
        self.port = port
        self.selector = selector
        self.sock = self._connect()
        self.job = b""
        self.sent_at = 0.0
        self.buffer = b""
        self.reconnects = 0

    def _connect(self) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.selector.register(sock, selectors.EVENT_READ, self)
        return sock

    def send(self, job: bytes) -> None:
        self.job, self.buffer = job, b""
        self.sent_at = time.perf_counter()
        try:
            self.sock.sendall(job)  # a few KB: fits the socket buffer, returns at once
        except ConnectionError:  # the server closed it meanwhile: as in read(), a retry
            self.reconnects += 1
            self._reopen()
            self.sock.sendall(job)

    def read(self) -> int | None:
        """Read what has arrived: the status once the whole response is in, else None.
        A connection the server closed before answering is reopened and the request sent
        again (counted: to the app, that is a retry)."""
        try:
            data = self.sock.recv(65536)
        except ConnectionError:
            data = b""
        if not data:
            self.reconnects += 1
            self._reopen()
            self.send(self.job)
            return None
        self.buffer += data
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return None
        head = self.buffer[:end].decode("latin-1").split("\r\n")
        fields = {
            name.strip().lower(): value.strip()
            for name, _, value in (line.partition(":") for line in head[1:])
        }
        body = self.buffer[end + 4 :]
        if fields.get("transfer-encoding", "").lower() == "chunked":
            if not body.endswith(b"0\r\n\r\n"):
                return None
        elif len(body) < int(fields.get("content-length", "0")):
            return None
        if fields.get("connection", "").lower() == "close":
            self._reopen()  # for the next request
        return int(head[0].split()[1])

    def _reopen(self) -> None:
        self.close()
        self.sock = self._connect()

    def close(self) -> None:
        self.selector.unregister(self.sock)
        self.sock.close()
