"""The load benchmark's client (bench/load_client.py): each request sent once at its time,
each answer counted with its status, whatever framing and keep-alive the server chooses;
a connection that breaks is an error, never a hang. The benchmark's figures are only as
good as this."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.load_client import Request, poisson_arrivals, send_open_loop

pytestmark = pytest.mark.timeout(60)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive unless the answer says close
    received: list[bytes]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append(body)
        n = int(body.decode())
        if n < 0:  # hang up without an answer
            self.close_connection = True
            return
        self.send_response(500 if n % 5 == 0 else 200)
        if n % 2:
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Connection", "close" if n % 3 == 0 else "keep-alive")
            self.end_headers()
            self.wfile.write(b"2\r\nok\r\n0\r\n\r\n")
            self.close_connection = n % 3 == 0
        else:
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def servers() -> Iterator[tuple[list[int], list[bytes]]]:
    """Two servers (as two web processes), one list of what they received."""
    received: list[bytes] = []
    handler = type("Handler", (_Handler,), {"received": received})
    running = [ThreadingHTTPServer(("127.0.0.1", 0), handler) for _ in range(2)]
    for httpd in running:
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield [httpd.server_address[1] for httpd in running], received
    for httpd in running:
        httpd.shutdown()
        httpd.server_close()


def _requests(numbers: list[int]) -> list[Request]:
    return [Request(str(n).encode(), {"Content-Type": "text/plain"}) for n in numbers]


def test_every_request_is_sent_once_and_each_answer_counted(
    servers: tuple[list[int], list[bytes]],
) -> None:
    ports, received = servers
    numbers = list(range(1, 121))
    arrivals = [n / 200 for n in range(len(numbers))]  # 200 a second, planned in advance

    outcome = send_open_loop(ports, _requests(numbers), arrivals, rate=200)

    assert sorted(received) == sorted(str(n).encode() for n in numbers)
    assert outcome.statuses == {200: 96, 500: 24}  # chunked, sized and closing alike
    assert outcome.failed == 0 and outcome.errors == 24
    assert len(outcome.latencies_ms) == 120 and min(outcome.latencies_ms) > 0
    assert outcome.p50 <= outcome.p99 <= outcome.max


def test_a_request_the_server_hangs_up_on_is_an_error(
    servers: tuple[list[int], list[bytes]],
) -> None:
    ports, _ = servers
    outcome = send_open_loop(ports[:1], _requests([2, -1, 4, -1]), [0, 0.01, 0.02, 0.03], 100)
    assert outcome.statuses == {200: 2} and outcome.failed == 2 and outcome.errors == 2


def test_poisson_arrivals_come_at_the_rate_asked_for() -> None:
    arrivals = poisson_arrivals(100, 60, random.Random(1))
    assert arrivals == sorted(arrivals) and arrivals[0] > 0 and arrivals[-1] < 60
    assert 5400 < len(arrivals) < 6600  # 6,000 expected; seeded, so always the same
