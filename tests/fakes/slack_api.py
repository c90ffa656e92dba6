"""A local fake of the Slack Web API for a real ``slack_sdk.WebClient``.

Modelled on bolt-python's ``tests/mock_web_api_server``: a ``ThreadingHTTPServer`` on
127.0.0.1, port 0 (so tests can run in parallel), serving from a daemon thread. Every call
is recorded; tests assert on the calls rather than on mocks::

    with FakeSlack.start() as fake:
        client = WebClient(base_url=fake.base_url, token="xoxb-test")
        client.chat_postMessage(channel="C1", text="hi")
        assert fake.calls("chat.postMessage")[0].params["text"] == "hi"

Socket Mode: ``apps.connections.open`` takes the app-level token (``xapp-...``), as Slack's
does, and answers the URL set with :meth:`FakeSlack.set_socket_url` (a
``tests.fakes.socket_mode.FakeSocketMode``); every other method still wants an ``xox`` token.

OAuth (multi-workspace mode): :meth:`FakeSlack.install_code` gives a one-use code that
``oauth.v2.access`` exchanges for that team's bot token (with ``rotate_after``, a refresh
token too, answered with a new pair once per refresh token, as Slack does); ``auth.test``
answers for the team whose token it is given, and :attr:`Call.token` tells which token
each call carried.

Paths: ``/api/<method>`` (what ``base_url`` points at), ``/<method>`` (bolt-python's own
tests use a base URL without ``/api/``), ``/upload/v1/<file_id>`` (the upload URL handed out
by ``files.getUploadURLExternal``; recorded as method ``"upload"``) and ``/hooks/<name>``
(see :meth:`FakeSlack.response_url`; recorded as method ``"response_url"``).

Note: the sync ``WebClient`` sends every method as a POST, read methods included
(``users.info`` goes as a form body); GET with a query string is parsed too, for other clients.

Like real Slack, and only when asked (``FakeSlack.start(post_gap=1.0, latency=0.1)``):
``post_gap`` answers a ``chat.postMessage`` that arrives sooner than that many seconds after
the last accepted post into the same channel with HTTP 429 and ``Retry-After``; ``latency``
holds every answer that long. Every call records when it arrived (:attr:`Call.at`).
"""

from __future__ import annotations

import base64
import itertools
import json
import math
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.helpers import WAIT_S

TEAM_ID = "T0DRILL01"
BOT_USER_ID = "U0DRILLBOT"
BOT_ID = "B0DRILL01"
APP_ID = "A0DRILL01"

REFRESHED_LIFETIME = 12 * 3600
"""Seconds a refreshed bot token lives (Slack's: 12 hours)."""
_FIRST_TS_MICROS = 1_700_000_000_000_000
_JSON = "application/json; charset=utf-8"

Json = dict[str, Any]


@dataclass(frozen=True)
class Call:
    """One request the fake received, and what it answered."""

    method: str
    """The Web API method (``chat.postMessage``), or ``upload`` / ``response_url``."""
    params: dict[str, Any]
    """Arguments from the JSON body, the form body or the query string (form values are str)."""
    headers: dict[str, str]
    """Request headers, names lower-cased."""
    http_method: str
    status: int
    """The HTTP status the fake answered."""
    response: Json | None
    """The JSON the fake answered (None for non-JSON answers)."""
    body: bytes = b""
    """The raw request body (for ``upload``: the file's content)."""
    path: str = ""
    at: float = 0.0
    """When the request arrived, by the fake's clock (``time.time()``)."""

    @property
    def token(self) -> str | None:
        """The token sent as ``Authorization: Bearer ...`` or as a ``token`` parameter."""
        return _token(self.headers, self.params)

    @property
    def ok(self) -> bool:
        """HTTP 200 and, for JSON answers, ``"ok": true``."""
        return self.status == 200 and (self.response is None or self.response.get("ok") is True)


@dataclass
class Workspace:
    """A workspace the fake can install the app into (see :meth:`FakeSlack.install_code`)."""

    team_id: str
    name: str
    enterprise_id: str | None = None
    org_wide: bool = False
    """Installed once for every workspace of ``enterprise_id`` (Enterprise Grid)."""
    rotate_after: int | None = None
    """Token rotation on: seconds the installation's first bot token lives (refreshed ones
    live :data:`REFRESHED_LIFETIME`, as Slack's do); None: tokens never expire."""

    @property
    def bot_user_id(self) -> str:
        return f"U{self.team_id}BOT"

    @property
    def bot_id(self) -> str:
        return f"B{self.team_id}"


@dataclass
class _Failure:
    status: int
    error: str
    retry_after: int | None
    remaining: int


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Many delivery threads connect at once (bench.lateness); with the default backlog of 5
    # the kernel resets connections that Slack would have accepted.
    request_queue_size = 128
    fake: FakeSlack


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def _serve(self, verb: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        status, extra_headers, payload = self.server.fake._handle(verb, self.path, headers, body)
        self.send_response(status)
        for name, value in extra_headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet; the recorded calls say what happened."""


class FakeSlack:
    """A fake Slack Web API server. Thread-safe; start with :meth:`start`."""

    def __init__(
        self,
        *,
        team_id: str = TEAM_ID,
        bot_user_id: str = BOT_USER_ID,
        bot_id: str = BOT_ID,
        post_gap: float | None = None,
        latency: float = 0.0,
        client_id: str = "fake-client-id",
        client_secret: str = "fake-client-secret",
    ) -> None:
        self.team_id = team_id
        self.client_id = client_id
        self.client_secret = client_secret
        self._codes: dict[str, Workspace] = {}
        self._tokens: dict[str, Workspace] = {}
        self._refresh_tokens: dict[str, Workspace] = {}
        self._token_serial = itertools.count(1)
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self._cond = threading.Condition()
        self._calls: list[Call] = []
        self._failures: dict[str, list[_Failure]] = {}
        self._down = False
        self._down_channels: set[str] = set()
        self._users: dict[str, Json] = {}
        self._messages: dict[tuple[str, str], Json] = {}
        self._open_dms: set[str] = set()
        self._uploads: dict[str, Json] = {}
        self._socket_url: str | None = None
        self._ts_counter = 0
        self._id_counter = 0
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.post_gap = post_gap
        """Slack's pace per channel: a post sooner after the last one is answered 429."""
        self.latency = latency
        """Seconds every answer is held, as a real Web API call takes time."""
        self._last_post: dict[str, float] = {}

    # -- lifecycle ---------------------------------------------------------------------------

    @classmethod
    def start(cls, **kwargs: Any) -> FakeSlack:
        """Create a fake and serve it on 127.0.0.1 (a free port) from a daemon thread."""
        fake = cls(**kwargs)
        server = _Server(("127.0.0.1", 0), _Handler)
        server.fake = fake
        fake._server = server
        fake._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        fake._thread.start()
        return fake

    def stop(self) -> None:
        """Stop serving and release the port. Safe to call twice."""
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeSlack:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def root_url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeSlack is not running: use FakeSlack.start()")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    @property
    def base_url(self) -> str:
        """For ``WebClient(base_url=...)``; ends with ``/api/`` like ``https://slack.com/api/``.

        The trailing slash matters: slack_sdk joins it with the method name by ``urljoin``.
        """
        return self.root_url + "api/"

    def response_url(self, name: str = "response") -> str:
        """A URL to put in a payload's ``response_url``; POSTs to it are recorded."""
        return f"{self.root_url}hooks/{name}"

    # -- test controls -------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        status: int | None = None,
        error: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``method`` (``"*"``: any method) fail.

        ``status=429`` answers ``ratelimited`` with ``Retry-After`` (default 1 s);
        ``status=5xx`` answers that status; ``error="not_in_channel"`` alone answers
        HTTP 200 with ``{"ok": false, "error": "not_in_channel"}``.
        """
        if status is None and error is None:
            raise ValueError("fail_next needs a status, an error or both")
        status = 200 if status is None else status
        if error is None:
            error = "ratelimited" if status == 429 else "internal_error"
        if status == 429 and retry_after is None:
            retry_after = 1
        with self._cond:
            self._failures.setdefault(method, []).append(
                _Failure(status=status, error=error, retry_after=retry_after, remaining=times)
            )

    def set_down(self, down: bool = True, *, channel: str | None = None) -> None:
        """While down, every call answers HTTP 503 (and is still recorded); with
        ``channel``, only posts into that channel do (the rest of Slack works)."""
        with self._cond:
            if channel is None:
                self._down = down
            elif down:
                self._down_channels.add(channel)
            else:
                self._down_channels.discard(channel)

    def set_user(self, user_id: str, **fields: Any) -> None:
        """Override fields of the ``users.info`` answer for ``user_id`` (e.g. ``tz=...``)."""
        with self._cond:
            self._users.setdefault(user_id, {}).update(fields)

    def install_code(
        self,
        team_id: str,
        *,
        name: str | None = None,
        enterprise_id: str | None = None,
        org_wide: bool = False,
        rotate_after: int | None = None,
    ) -> str:
        """A one-use code ``oauth.v2.access`` exchanges for a new bot token of ``team_id``
        (with ``org_wide``, of the org ``enterprise_id``, filed under ``team_id``)."""
        with self._cond:
            code = f"code-{team_id}-{next(self._token_serial)}"
            self._codes[code] = Workspace(
                team_id, name or f"Team {team_id}", enterprise_id, org_wide, rotate_after
            )
            return code

    def tokens_of(self, team_id: str) -> set[str]:
        """Every bot token the fake has issued to ``team_id``."""
        with self._cond:
            return {t for t, w in self._tokens.items() if w.team_id == team_id}

    def set_socket_url(self, url: str | None) -> None:
        """What ``apps.connections.open`` answers: the Socket Mode WebSocket URL."""
        with self._cond:
            self._socket_url = url

    def clear(self) -> None:
        """Forget recorded calls and pending failures (state such as messages is kept)."""
        with self._cond:
            self._calls.clear()
            self._failures.clear()

    # -- inspection ----------------------------------------------------------------------------

    def calls(self, method: str | None = None) -> list[Call]:
        """Recorded calls, oldest first, failed ones included (see :attr:`Call.ok`)."""
        with self._cond:
            return [c for c in self._calls if method is None or c.method == method]

    def wait_for(
        self, method: str, count: int = 1, timeout: float = WAIT_S, *, ok_only: bool = False
    ) -> list[Call]:
        """Block until ``count`` calls of ``method`` arrived (only successful ones with
        ``ok_only``); return them. Raises ``AssertionError`` after ``timeout`` seconds."""

        def matching() -> list[Call]:
            return [c for c in self._calls if c.method == method and (c.ok or not ok_only)]

        with self._cond:
            if not self._cond.wait_for(lambda: len(matching()) >= count, timeout=timeout):
                seen = [f"{c.method}:{c.status}" for c in self._calls]
                raise AssertionError(
                    f"expected {count} {method} call(s) within {timeout}s, "
                    f"got {len(matching())}; all calls: {seen}"
                )
            return matching()

    def messages(self, channel: str | None = None) -> list[Json]:
        """Messages as they stand now (after updates and deletions), oldest first."""
        with self._cond:
            found = [
                dict(m, channel=ch)
                for (ch, _), m in self._messages.items()
                if channel is None or ch == channel
            ]
        return sorted(found, key=lambda m: m["ts"])

    # -- request handling (server threads) -------------------------------------------------

    def _handle(
        self, verb: str, raw_path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        url = urlsplit(raw_path)
        method = _method_for(url.path)
        params = _parse_params(url.query, headers.get("content-type", ""), body)
        if method == "upload":
            params["file_id"] = url.path.rsplit("/", 1)[-1]
        with self._cond:
            at = time.time()
            status, extra, answer = self._too_soon(method, params, at) or self._answer(
                method, params, headers, body
            )
            raw = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
            response = answer if isinstance(answer, dict) else None
            if method == "chat.postMessage" and response is not None and response.get("ok"):
                self._last_post[str(response["channel"])] = at
            self._calls.append(
                Call(method, params, headers, verb, status, response, body, url.path, at)
            )
            self._cond.notify_all()
        if self.latency:
            time.sleep(self.latency)
        content_type = _JSON if response is not None else "text/plain; charset=utf-8"
        return status, {"Content-Type": content_type, **extra}, raw

    def _answer(
        self, method: str, params: dict[str, Any], headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], Json | bytes]:
        if self._down or (
            method == "chat.postMessage" and params.get("channel") in self._down_channels
        ):
            return 503, {}, {"ok": False, "error": "service_unavailable"}
        failure = self._take_failure(method)
        if failure is not None:
            extra = {}
            if failure.retry_after is not None:
                extra["Retry-After"] = str(failure.retry_after)
            return failure.status, extra, {"ok": False, "error": failure.error}
        if method == "response_url":
            return 200, {}, b"ok"
        if method == "upload":
            return self._upload(params, body)
        if method == "oauth.v2.access":
            return 200, {}, self._oauth_access(headers, params)
        token = _token(headers, params)
        if not token:
            return 200, {}, {"ok": False, "error": "not_authed"}
        if method in _APP_TOKEN_METHODS:
            if not token.startswith("xapp-"):
                return 200, {}, {"ok": False, "error": "not_allowed_token_type"}
        elif not token.startswith("xox"):
            return 200, {}, {"ok": False, "error": "invalid_auth"}
        if method == "auth.test":
            return 200, {}, self._auth_test(params, token)
        handler = _HANDLERS.get(method)
        if handler is None:
            return 200, {}, {"ok": False, "error": "unknown_method"}
        return 200, {}, handler(self, params)

    def _too_soon(
        self, method: str, params: dict[str, Any], at: float
    ) -> tuple[int, dict[str, str], Json] | None:
        """Slack's one post a second per channel (``post_gap``): a post arriving sooner
        after the channel's last accepted one is answered 429 with ``Retry-After``."""
        if self.post_gap is None or method != "chat.postMessage" or self._down:
            return None
        channel = self._channel(str(params.get("channel") or ""))
        wait = self._last_post.get(channel, -math.inf) + self.post_gap - at
        if wait > 0:
            retry_after = str(max(1, math.ceil(wait)))
            return 429, {"Retry-After": retry_after}, {"ok": False, "error": "ratelimited"}
        return None

    def _take_failure(self, method: str) -> _Failure | None:
        for key in (method, "*"):
            queue = self._failures.get(key)
            if queue:
                failure = queue[0]
                failure.remaining -= 1
                if failure.remaining <= 0:
                    queue.pop(0)
                return failure
        return None

    def _next_ts(self) -> str:
        self._ts_counter += 1
        micros = _FIRST_TS_MICROS + 100 * self._ts_counter
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _next_id(self, prefix: str) -> str:
        self._id_counter += 1
        return f"{prefix}0FAKE{self._id_counter:04d}"

    @staticmethod
    def _dm_channel(user_id: str) -> str:
        return "D" + user_id[1:]

    def _channel(self, channel: str) -> str:
        # Posting to a user id delivers to the DM with that user, as Slack does.
        return self._dm_channel(channel) if channel[:1] in ("U", "W") else channel

    # -- method implementations ---------------------------------------------------------------

    def _oauth_access(self, headers: dict[str, str], params: dict[str, Any]) -> Json:
        """The code exchange and the token refresh, checking the app's credentials."""
        basic = headers.get("authorization", "").removeprefix("Basic ")
        given = base64.b64decode(basic).decode() if basic else ""
        if given != f"{self.client_id}:{self.client_secret}":
            return {"ok": False, "error": "invalid_client_id"}
        if params.get("grant_type") == "refresh_token":
            workspace = self._refresh_tokens.pop(str(params.get("refresh_token")), None)
            if workspace is None:
                return {"ok": False, "error": "invalid_refresh_token"}
            return self._issue_token(workspace, REFRESHED_LIFETIME)
        workspace = self._codes.pop(str(params.get("code")), None)
        if workspace is None:
            return {"ok": False, "error": "invalid_code"}
        enterprise = (
            {"id": workspace.enterprise_id, "name": "Org"} if workspace.enterprise_id else None
        )
        return self._issue_token(workspace, workspace.rotate_after) | {
            "app_id": APP_ID,
            "authed_user": {"id": f"U{workspace.team_id}ADMIN"},
            "scope": "commands,chat:write",
            "bot_user_id": workspace.bot_user_id,
            "team": None
            if workspace.org_wide
            else {"id": workspace.team_id, "name": workspace.name},
            "enterprise": enterprise,
            "is_enterprise_install": workspace.org_wide,
        }

    def _issue_token(self, workspace: Workspace, lifetime: int | None) -> Json:
        token = f"xoxb-{workspace.team_id}-{next(self._token_serial)}"
        self._tokens[token] = workspace
        answer: Json = {"ok": True, "token_type": "bot", "access_token": token}
        if lifetime is not None:
            refresh = f"xoxe-1-{workspace.team_id}-{next(self._token_serial)}"
            self._refresh_tokens[refresh] = workspace
            answer |= {"refresh_token": refresh, "expires_in": lifetime}
        return answer

    def _auth_test(self, params: dict[str, Any], token: str | None = None) -> Json:
        workspace = self._tokens.get(token or "")
        if workspace is not None:
            return {
                "ok": True,
                "url": f"https://{workspace.team_id.lower()}.slack.com/",
                "team": workspace.name,
                "user": "designdrill",
                "team_id": workspace.team_id,
                "user_id": workspace.bot_user_id,
                "bot_id": workspace.bot_id,
                "enterprise_id": workspace.enterprise_id,
                "is_enterprise_install": workspace.org_wide,
            }
        return {
            "ok": True,
            "url": "https://designdrill-test.slack.com/",
            "team": "DesignDrill Test",
            "user": "designdrill",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _api_test(self, params: dict[str, Any]) -> Json:
        return {"ok": True, "args": params}

    def _bot_message(self, params: dict[str, Any], ts: str) -> Json:
        message: Json = {
            "type": "message",
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "app_id": APP_ID,
            "team": self.team_id,
            "text": params.get("text") or "",
            "ts": ts,
        }
        blocks = _json_value(params.get("blocks"))
        if blocks:
            message["blocks"] = blocks
        if params.get("thread_ts"):
            message["thread_ts"] = params["thread_ts"]
        return message

    def _post_message(self, params: dict[str, Any]) -> Json:
        if not params.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        if not (params.get("text") or params.get("blocks") or params.get("attachments")):
            return {"ok": False, "error": "no_text"}
        channel = self._channel(str(params["channel"]))
        ts = self._next_ts()
        message = self._bot_message(params, ts)
        self._messages[(channel, ts)] = message
        return {"ok": True, "channel": channel, "ts": ts, "message": message}

    def _post_ephemeral(self, params: dict[str, Any]) -> Json:
        if not params.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        if not params.get("user"):
            return {"ok": False, "error": "user_not_in_channel"}
        if not (params.get("text") or params.get("blocks") or params.get("attachments")):
            return {"ok": False, "error": "no_text"}
        return {"ok": True, "message_ts": self._next_ts()}

    def _update(self, params: dict[str, Any]) -> Json:
        channel = self._channel(str(params.get("channel") or ""))
        ts = str(params.get("ts") or "")
        message = self._messages.get((channel, ts))
        if message is None:
            return {"ok": False, "error": "message_not_found"}
        if "text" in params:
            message["text"] = params["text"] or ""
        if "blocks" in params:
            message["blocks"] = _json_value(params["blocks"]) or []
        message["edited"] = {"user": self.bot_user_id, "ts": self._next_ts()}
        return {
            "ok": True,
            "channel": channel,
            "ts": ts,
            "text": message["text"],
            "message": message,
        }

    def _delete(self, params: dict[str, Any]) -> Json:
        channel = self._channel(str(params.get("channel") or ""))
        ts = str(params.get("ts") or "")
        if self._messages.pop((channel, ts), None) is None:
            return {"ok": False, "error": "message_not_found"}
        return {"ok": True, "channel": channel, "ts": ts}

    def _permalink(self, params: dict[str, Any]) -> Json:
        channel = self._channel(str(params.get("channel") or ""))
        ts = str(params.get("message_ts") or "")
        if (channel, ts) not in self._messages:
            return {"ok": False, "error": "message_not_found"}
        link = f"https://designdrill-test.slack.com/archives/{channel}/p{ts.replace('.', '')}"
        return {"ok": True, "channel": channel, "permalink": link}

    def _open_conversation(self, params: dict[str, Any]) -> Json:
        if params.get("channel"):
            return {
                "ok": True,
                "no_op": True,
                "already_open": True,
                "channel": {"id": params["channel"]},
            }
        users = [u for u in str(params.get("users") or "").split(",") if u]
        if not users:
            return {"ok": False, "error": "users_list_not_supplied"}
        channel = self._dm_channel(users[0]) if len(users) == 1 else self._next_id("G")
        already = channel in self._open_dms
        self._open_dms.add(channel)
        return {"ok": True, "no_op": already, "already_open": already, "channel": {"id": channel}}

    def _connections_open(self, params: dict[str, Any]) -> Json:
        if self._socket_url is None:
            # Not a Slack error: the test forgot FakeSlack.set_socket_url().
            return {"ok": False, "error": "fake_socket_url_not_set"}
        return {"ok": True, "url": self._socket_url}

    def _users_info(self, params: dict[str, Any]) -> Json:
        user_id = str(params.get("user") or "")
        if not user_id:
            return {"ok": False, "error": "user_not_found"}
        name = user_id.lower()
        user: Json = {
            "id": user_id,
            "team_id": self.team_id,
            "name": name,
            "deleted": False,
            "real_name": f"User {user_id}",
            "tz": "America/New_York",
            "tz_label": "Eastern Standard Time",
            "tz_offset": -18000,
            "is_admin": False,
            "is_owner": False,
            "is_bot": False,
            "profile": {"real_name": f"User {user_id}", "display_name": name},
        }
        user.update(self._users.get(user_id, {}))
        return {"ok": True, "user": user}

    def _view(self, view: Json, *, view_id: str | None = None) -> Json:
        view_id = view_id or self._next_id("V")
        return {
            "id": view_id,
            "team_id": self.team_id,
            "type": view.get("type", "modal"),
            "blocks": view.get("blocks", []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "state": {"values": {}},
            "hash": f"{self._next_ts()}.fakehash",
            "title": view.get("title"),
            "close": view.get("close"),
            "submit": view.get("submit"),
            "clear_on_close": False,
            "notify_on_close": False,
            "root_view_id": view_id,
            "app_id": APP_ID,
            "external_id": view.get("external_id", ""),
            "bot_id": self.bot_id,
        }

    def _views_open(self, params: dict[str, Any]) -> Json:
        if not params.get("trigger_id"):
            return {"ok": False, "error": "invalid_trigger_id"}
        view = _json_value(params.get("view"))
        if not isinstance(view, dict):
            return {"ok": False, "error": "invalid_arguments"}
        return {"ok": True, "view": self._view(view)}

    def _views_publish(self, params: dict[str, Any]) -> Json:
        view = _json_value(params.get("view"))
        if not params.get("user_id") or not isinstance(view, dict):
            return {"ok": False, "error": "invalid_arguments"}
        return {"ok": True, "view": self._view(view)}

    def _views_update(self, params: dict[str, Any]) -> Json:
        view = _json_value(params.get("view"))
        view_id = params.get("view_id")
        if not (view_id or params.get("external_id")) or not isinstance(view, dict):
            return {"ok": False, "error": "invalid_arguments"}
        return {"ok": True, "view": self._view(view, view_id=view_id)}

    def _get_upload_url(self, params: dict[str, Any]) -> Json:
        if not params.get("filename") or not params.get("length"):
            return {"ok": False, "error": "invalid_arguments"}
        file_id = self._next_id("F")
        self._uploads[file_id] = {"filename": params["filename"], "uploaded": False}
        return {"ok": True, "file_id": file_id, "upload_url": f"{self.root_url}upload/v1/{file_id}"}

    def _upload(self, params: dict[str, Any], body: bytes) -> tuple[int, dict[str, str], bytes]:
        upload = self._uploads.get(str(params.get("file_id")))
        if upload is None:
            return 404, {}, b"not found"
        upload["uploaded"] = True
        return 200, {}, f"OK - {len(body)}".encode()

    def _complete_upload(self, params: dict[str, Any]) -> Json:
        files = _json_value(params.get("files"))
        if not isinstance(files, list) or not files:
            return {"ok": False, "error": "invalid_arguments"}
        done = []
        for f in files:
            upload = self._uploads.get(str(f.get("id")))
            if upload is None or not upload["uploaded"]:
                return {"ok": False, "error": "file_not_found"}
            done.append({"id": f["id"], "name": upload["filename"], "title": f.get("title")})
        return {"ok": True, "files": done}


_HANDLERS = {
    "api.test": FakeSlack._api_test,
    "apps.connections.open": FakeSlack._connections_open,
    "auth.test": FakeSlack._auth_test,
    "chat.postMessage": FakeSlack._post_message,
    "chat.postEphemeral": FakeSlack._post_ephemeral,
    "chat.update": FakeSlack._update,
    "chat.delete": FakeSlack._delete,
    "chat.getPermalink": FakeSlack._permalink,
    "conversations.open": FakeSlack._open_conversation,
    "users.info": FakeSlack._users_info,
    "views.open": FakeSlack._views_open,
    "views.publish": FakeSlack._views_publish,
    "views.update": FakeSlack._views_update,
    "files.getUploadURLExternal": FakeSlack._get_upload_url,
    "files.completeUploadExternal": FakeSlack._complete_upload,
}


_APP_TOKEN_METHODS = frozenset({"apps.connections.open"})
"""Methods that take an app-level token (``xapp-``) rather than a bot token."""


def _token(headers: dict[str, str], params: dict[str, Any]) -> str | None:
    auth = headers.get("authorization", "")
    if auth.startswith("Bearer "):
        return auth.removeprefix("Bearer ")
    token = params.get("token")
    return str(token) if token else None


def _method_for(path: str) -> str:
    if path.startswith("/hooks/"):
        return "response_url"
    if path.startswith("/upload/v1/"):
        return "upload"
    return path.removeprefix("/api/").lstrip("/")


def _parse_params(query: str, content_type: str, body: bytes) -> dict[str, Any]:
    params: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    if not body:
        return params
    text = body.decode("utf-8", errors="replace")
    if content_type.startswith("application/json"):
        params.update(json.loads(text))
    elif content_type.startswith("application/x-www-form-urlencoded"):
        params.update(parse_qsl(text, keep_blank_values=True))
    return params


def _json_value(value: Any) -> Any:
    """Arguments sent as a form body carry JSON (blocks, view) as strings."""
    if isinstance(value, str) and value[:1] in ("[", "{"):
        return json.loads(value)
    return value
