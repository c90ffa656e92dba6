"""The ack benchmark's load generator (bench/ack_load.py): every request is sent once and
answered once, its status counted, whatever framing and keep-alive the server chooses.
The benchmark's figures are only as good as this."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.ack_load import Batch, Signed, send

pytestmark = pytest.mark.timeout(30)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive unless the answer says close
    received: list[bytes]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        n = int(body.decode())
        if n % 7 == 0 and body not in self.received:  # dropped unanswered the first time
            self.received.append(body)
            self.close_connection = True
            return
        self.received.append(body)
        status = 500 if n % 5 == 0 else 200
        self.send_response(status)
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
def server() -> Iterator[tuple[int, list[bytes]]]:
    received: list[bytes] = []
    handler = type("Handler", (_Handler,), {"received": received})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], received
    httpd.shutdown()
    httpd.server_close()


def test_every_request_is_answered_once_and_each_status_counted(
    server: tuple[int, list[bytes]],
) -> None:
    port, received = server
    bodies = [str(n).encode() for n in range(1, 121)]
    batch = Batch(tuple(Signed(b, {"Content-Type": "text/plain"}) for b in bodies), ())

    result = send(port, batch, concurrency=7)

    dropped = [b for b in bodies if int(b) % 7 == 0]
    assert sorted(received) == sorted(bodies + dropped)  # chunked, sized, closing alike
    assert result.reconnects == len(dropped)  # each sent again; a "close" answer is not
    assert result.statuses == {200: 96, 500: 24}
    assert len(result.latencies_ms) == 120 and min(result.latencies_ms) > 0
    assert result.rps > 0
