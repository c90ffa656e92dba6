"""The open-loop load generator: requests sent at fixed times, whatever the answers do.

Arrival times are drawn before the clock starts (a Poisson process: exponential gaps at the
chosen rate), and each request is sent when its time comes, on an idle keep-alive
connection to one of the servers or a new one if none is idle. Nothing waits for an answer
before sending the next request, so a slow server meets the same arrivals a fast one does,
as it would meet Slack's. A request's latency runs from its planned send time to the last
byte of its answer: time it spent waiting for the client counts against the server too.
"""

from __future__ import annotations

import math
import random
import selectors
import socket
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

PATH = "/slack/events"
ANSWER_TIMEOUT_S = 10.0
"""A request still unanswered this long after the last one was sent counts as an error."""


@dataclass(frozen=True)
class Request:
    body: bytes
    headers: dict[str, str]


@dataclass
class Outcome:
    """What one rate did: a latency per answered request, and the errors."""

    rate: float
    planned: int
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    failed: int = 0
    """Connections that broke or requests left unanswered: no status at all."""
    late_sends_ms: float = 0.0
    """How late the client itself was, at worst, sending a request (its own lag)."""
    server_cpu_s: float = 0.0
    """CPU the app's processes used meanwhile, if measured."""

    @property
    def cpu_per_reply_ms(self) -> float:
        return self.server_cpu_s * 1e3 / max(1, self.planned)

    @property
    def errors(self) -> int:
        return self.failed + sum(n for status, n in self.statuses.items() if status != 200)

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else math.inf

    @property
    def p99(self) -> float:
        """Nearest rank: the latency 99 % of requests stayed within."""
        if not self.latencies_ms:
            return math.inf
        ordered = sorted(self.latencies_ms)
        return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]

    @property
    def max(self) -> float:
        return max(self.latencies_ms, default=math.inf)


def poisson_arrivals(rate: float, seconds: float, rng: random.Random) -> list[float]:
    """Send times (seconds from the start) of a Poisson process at ``rate`` per second."""
    times, t = [], rng.expovariate(rate)
    while t < seconds:
        times.append(t)
        t += rng.expovariate(rate)
    return times


def send_open_loop(
    ports: Sequence[int], requests: Sequence[Request], arrivals: Sequence[float], rate: float
) -> Outcome:
    """Send ``requests[i]`` at ``arrivals[i]`` seconds from now, to ``ports`` in turn."""
    wire = [_render(ports[i % len(ports)], r) for i, r in enumerate(requests)]
    outcome = Outcome(rate=rate, planned=len(wire))
    idle: dict[int, list[_Connection]] = {port: [] for port in ports}
    busy = 0
    with selectors.DefaultSelector() as selector:
        start = time.perf_counter()
        next_up = 0
        while next_up < len(wire) or busy:
            now = time.perf_counter() - start
            while next_up < len(wire) and arrivals[next_up] <= now:
                port = ports[next_up % len(ports)]
                connection = idle[port].pop() if idle[port] else _Connection(port, selector)
                outcome.late_sends_ms = max(outcome.late_sends_ms, (now - arrivals[next_up]) * 1e3)
                if connection.send(wire[next_up], planned=start + arrivals[next_up]):
                    busy += 1
                else:
                    outcome.failed += 1
                next_up += 1
            if next_up < len(wire):
                wait = max(0.0, arrivals[next_up] - (time.perf_counter() - start))
            else:
                wait = start + arrivals[-1] + ANSWER_TIMEOUT_S - time.perf_counter()
                if wait <= 0:
                    outcome.failed += busy  # never answered
                    break
            for key, _ in selector.select(min(wait, 0.5)):
                connection = key.data
                status = connection.read()
                if status is None:
                    continue
                busy -= 1
                if status < 0:
                    outcome.failed += 1
                    continue
                outcome.latencies_ms.append((time.perf_counter() - connection.planned) * 1e3)
                outcome.statuses[status] = outcome.statuses.get(status, 0) + 1
                idle[connection.port].append(connection)
        for connections in idle.values():
            for connection in connections:
                connection.close()
    return outcome


def _render(port: int, request: Request) -> bytes:
    headers = {
        "Host": f"127.0.0.1:{port}",
        **request.headers,
        "Content-Length": str(len(request.body)),
    }
    head = f"POST {PATH} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return (head + "\r\n").encode("latin-1") + request.body


class _Connection:
    """One keep-alive connection, one request at a time, registered with the selector."""

    def __init__(self, port: int, selector: selectors.BaseSelector) -> None:
        self.port = port
        self.selector = selector
        self.sock: socket.socket | None = None
        self.buffer = b""
        self.planned = 0.0
        self.data = b""
        self.reused = False
        """Whether the request in flight went on a connection that had served one before:
        the server may have closed it meanwhile (its keep-alive timeout)."""

    def send(self, data: bytes, *, planned: float) -> bool:
        """Send a whole request (a few KB: it fits the socket buffer); False if the server
        cannot be reached."""
        self.planned, self.buffer, self.data = planned, b"", data
        self.reused = self.sock is not None
        try:
            if self.sock is None:
                self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
                self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self.selector.register(self.sock, selectors.EVENT_READ, self)
            self.sock.sendall(data)
        except OSError:
            self.close()
            # An idle connection the server closed meanwhile: try once on a new one.
            return self.reused and self.send(data, planned=planned)
        return True

    def read(self) -> int | None:
        """The status once the whole answer is in; None until then; -1 if the connection
        broke (an error: Slack would retry the event)."""
        assert self.sock is not None
        try:
            data = self.sock.recv(65536)
        except OSError:
            data = b""
        if not data:
            self.close()
            if self.reused and not self.buffer:  # closed while idle: not the request's fault
                return None if self.send(self.data, planned=self.planned) else -1
            return -1
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
            self.close()  # the next request opens a new one
        return int(head[0].split()[1])

    def close(self) -> None:
        if self.sock is not None:
            self.selector.unregister(self.sock)
            self.sock.close()
            self.sock = None
