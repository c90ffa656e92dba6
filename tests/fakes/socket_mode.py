"""A local fake of Slack's Socket Mode endpoint, the WebSocket the app dials out to.

In Socket Mode Slack does not call the app: the app calls ``apps.connections.open`` (answered
by :class:`tests.fakes.slack_api.FakeSlack` with :attr:`FakeSocketMode.url`), connects to the
``wss://`` URL it gets, and Slack pushes every request down that socket as an *envelope*::

    {"envelope_id": "...", "type": "events_api" | "slash_commands" | "interactive",
     "payload": {...the same JSON as the HTTP body...}, "accepts_response_payload": bool}

The app acknowledges each one by sending ``{"envelope_id": "..."}`` back, with a
``payload`` when it answers (a slash command's reply text, for instance). Slack redelivers
an events_api envelope it got no ack for, with a new envelope id, the same event id, and
``retry_attempt`` / ``retry_reason`` set. See
https://docs.slack.dev/apis/events-api/using-socket-mode/.

Modelled on slack-sdk's and bolt-python's own ``mock_socket_mode_server.py`` (a WebSocket
server on 127.0.0.1 that greets with ``hello`` and pushes envelopes), but served by the
``websockets`` library's threaded server rather than aiohttp or gevent, and recording every
ack with the time it arrived. An ``on_ack`` callback runs the moment an ack arrives, before
anything else happens, so a test can look at the world as it stood then (was the answer
already in the database?).

Plain ``ws://`` on a port other than 443: the builtin slack_sdk client then skips TLS.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

from tests.fakes.slack_api import APP_ID
from tests.helpers import WAIT_S

Json = dict[str, Any]
OnAck = Callable[[str, Json | None], object]

_envelope_ids = itertools.count(1)
_tickets = itertools.count(1)

KEEPALIVE_SECONDS = 0.1
"""How often the server pings each client (Slack pings too, less often). The builtin client
holds a lock while it waits up to 3 s for the next frame, and closing it waits for that
lock: frequent pings keep ``SocketModeHandler.close()`` (and so each test) quick."""


@dataclass(frozen=True)
class Sent:
    """An envelope the server pushed to the app."""

    envelope: Json
    at: float
    """``time.monotonic()`` just before it was sent."""

    @property
    def envelope_id(self) -> str:
        return str(self.envelope["envelope_id"])


@dataclass(frozen=True)
class Ack:
    """An acknowledgement the app sent back."""

    envelope_id: str
    payload: Json | None
    """The response the app gave in the ack (e.g. ``{"text": ...}`` for a slash command)."""
    at: float
    """``time.monotonic()`` when it arrived."""
    seen: object = None
    """What ``on_ack`` returned when the ack arrived (or the exception it raised)."""


class FakeSocketMode:
    """A fake Socket Mode server. Thread-safe; start with :meth:`start`, stop with
    :meth:`stop` (or use it as a context manager)."""

    def __init__(self, *, on_ack: OnAck | None = None) -> None:
        self.on_ack = on_ack
        """Called in the server's thread with ``(envelope_id, payload)`` as each ack
        arrives; whatever it returns is kept as :attr:`Ack.seen`."""
        self._cond = threading.Condition()
        self._connections: list[ServerConnection] = []
        self._paths: list[str] = []
        self._sent: list[Sent] = []
        self._acks: list[Ack] = []
        self._other: list[str] = []
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self._ticket = f"fake-ticket-{next(_tickets)}"

    # -- lifecycle ---------------------------------------------------------------------------

    @classmethod
    def start(cls, *, on_ack: OnAck | None = None) -> FakeSocketMode:
        """Create a fake and serve it on 127.0.0.1 (a free port) from a daemon thread."""
        fake = cls(on_ack=on_ack)
        fake._server = serve(
            fake._serve_connection,
            "127.0.0.1",
            0,
            compression=None,
            ping_interval=KEEPALIVE_SECONDS,
            ping_timeout=5,
            close_timeout=1,
        )
        fake._thread = threading.Thread(target=fake._server.serve_forever, daemon=True)
        fake._thread.start()
        return fake

    def stop(self) -> None:
        """Close every connection, stop serving and release the port. Safe to call twice.

        Close the app's client first (``SocketModeHandler.close()``): a client that is
        still running reconnects when the server closes its socket."""
        server, self._server = self._server, None
        with self._cond:
            connections = list(self._connections)
        for connection in connections:
            connection.close()
        if server is not None:
            server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeSocketMode:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """What ``apps.connections.open`` hands out (``FakeSlack.set_socket_url``)."""
        if self._server is None:
            raise RuntimeError("FakeSocketMode is not running: use FakeSocketMode.start()")
        host, port = self._server.socket.getsockname()[:2]
        return f"ws://{host}:{port}/link/?ticket={self._ticket}&app_id={APP_ID}"

    # -- pushing envelopes -----------------------------------------------------------------

    def send(
        self,
        type: str,  # noqa: A002 -- the envelope's field
        payload: Json,
        *,
        accepts_response_payload: bool | None = None,
        retry_attempt: int = 0,
        retry_reason: str = "",
        envelope_id: str | None = None,
    ) -> str:
        """Push an envelope to the connected app; returns its envelope id.

        ``accepts_response_payload`` defaults as Slack sets it: true for slash commands
        and for view submissions, false otherwise. ``retry_*`` go on events_api envelopes.
        """
        if accepts_response_payload is None:
            accepts_response_payload = type == "slash_commands" or (
                type == "interactive" and payload.get("type") == "view_submission"
            )
        envelope: Json = {
            "envelope_id": envelope_id or f"0fake000-0000-4000-8000-{next(_envelope_ids):012d}",
            "payload": payload,
            "type": type,
            "accepts_response_payload": accepts_response_payload,
        }
        if type == "events_api":
            envelope["retry_attempt"] = retry_attempt
            envelope["retry_reason"] = retry_reason
        connection = self._current()
        with self._cond:
            self._sent.append(Sent(envelope, time.monotonic()))
        connection.send(json.dumps(envelope))
        return str(envelope["envelope_id"])

    def event(self, body: Json, *, retry_attempt: int = 0, retry_reason: str = "") -> str:
        """An Events API envelope; ``body`` is the ``event_callback`` the HTTP POST carries
        (``tests.fakes.slack_requests.event_envelope``)."""
        return self.send("events_api", body, retry_attempt=retry_attempt, retry_reason=retry_reason)

    def command(self, fields: dict[str, str]) -> str:
        """A slash command envelope; ``fields`` are the form fields of the HTTP POST, as a
        JSON object (``tests.fakes.slack_requests.slash_command_fields``)."""
        return self.send("slash_commands", dict(fields))

    def interactive(self, payload: Json) -> str:
        """An interactivity envelope: the ``payload`` form field of the HTTP POST, parsed."""
        return self.send("interactive", payload)

    # -- inspection ----------------------------------------------------------------------------

    def wait_connected(self, count: int = 1, timeout: float = WAIT_S) -> None:
        """Block until ``count`` clients have connected (and been greeted with ``hello``)."""
        with self._cond:
            if not self._cond.wait_for(lambda: len(self._paths) >= count, timeout):
                raise AssertionError(f"no Socket Mode client connected within {timeout}s")

    def paths(self) -> list[str]:
        """The request path (with query) of every connection, oldest first."""
        with self._cond:
            return list(self._paths)

    def sent(self) -> list[Sent]:
        with self._cond:
            return list(self._sent)

    def acks(self, envelope_id: str | None = None) -> list[Ack]:
        """Acks received, oldest first (only those for ``envelope_id`` when given)."""
        with self._cond:
            return [a for a in self._acks if envelope_id is None or a.envelope_id == envelope_id]

    def wait_ack(self, envelope_id: str, timeout: float = WAIT_S) -> Ack:
        """Block until the ack for ``envelope_id`` arrived; return it."""
        with self._cond:
            if not self._cond.wait_for(lambda: self.acks(envelope_id), timeout):
                raise AssertionError(
                    f"no ack for envelope {envelope_id} within {timeout}s; "
                    f"acked: {[a.envelope_id for a in self._acks]}"
                )
            return self.acks(envelope_id)[0]

    def other_messages(self) -> list[str]:
        """Text messages from the app that were not acks (there should be none)."""
        with self._cond:
            return list(self._other)

    # -- connections (server threads) ------------------------------------------------------

    def _current(self) -> ServerConnection:
        with self._cond:
            if not self._connections:
                raise AssertionError("no Socket Mode client is connected")
            return self._connections[-1]

    def _serve_connection(self, connection: ServerConnection) -> None:
        path = connection.request.path if connection.request is not None else ""
        connection.send(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": 1,
                    "debug_info": {"host": "applink-fake", "build_number": 1},
                    "connection_info": {"app_id": APP_ID},
                }
            )
        )
        with self._cond:
            self._connections.append(connection)
            self._paths.append(path)
            self._cond.notify_all()
        try:
            for message in connection:
                self._received(message if isinstance(message, str) else message.decode())
        except ConnectionClosed:
            pass  # the client closed its socket without a closing handshake, as it does
        finally:
            with self._cond:
                if connection in self._connections:
                    self._connections.remove(connection)
                self._cond.notify_all()

    def _received(self, text: str) -> None:
        at = time.monotonic()
        try:
            message = json.loads(text)
        except json.JSONDecodeError:
            message = None
        if not isinstance(message, dict) or "envelope_id" not in message:
            with self._cond:
                self._other.append(text)
            return
        envelope_id, payload = str(message["envelope_id"]), message.get("payload")
        seen: object = None
        if self.on_ack is not None:
            try:
                seen = self.on_ack(envelope_id, payload)
            except Exception as exc:  # noqa: BLE001 -- kept for the test to see
                seen = exc
        with self._cond:
            self._acks.append(Ack(envelope_id, payload, at, seen))
            self._cond.notify_all()
