"""`designdrill run` with SLACK_APP_TOKEN set serves Slack over Socket Mode: the real Bolt app
and slack_sdk's builtin Socket Mode client, composed as ``bot/server/socket_mode.py`` composes them,
against the fake Web API and a fake Socket Mode endpoint (``tests/fakes/socket_mode.py``).

Over Socket Mode an ack is a message on the WebSocket, not an HTTP response, so what the HTTP
tests check through status codes is checked here on the acks the fake endpoint records: a
slash command's reply travels in its ack, and a thread reply is acked only once its answer
is committed (Slack stops redelivering an event once it has the ack).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from slack_sdk import WebClient
from sqlalchemy import Engine, create_engine, event

from bot.config import Settings
from bot.interviews.delivery import Delivery
from bot.interviews.service import TERMINAL_TEAM
from bot.server.background import make_delivery
from bot.server.runtime import Runtime, build
from bot.server.scheduler import run_tick
from bot.server.socket_handler import DrillSocketModeHandler
from bot.slack.app import create_app, make_client
from bot.slack.blocks import usage_text
from storage.repository import Store
from storage.types import json_dumps, json_loads
from tests.cli_harness import PROXY_VARIABLES, write_blitz
from tests.fakes import slack_requests as req
from tests.fakes.slack_api import TEAM_ID, FakeSlack
from tests.fakes.socket_mode import FakeSocketMode
from tests.helpers import wait_until

pytestmark = pytest.mark.timeout(30)

APP_TOKEN = "xapp-1-A0DRILL01-1700000000000-0123456789abcdef"
ALICE = req.USER_ID
SLOW_COMMIT = 0.3
"""Seconds each of the app's commits takes while a test makes them slow."""


@dataclass
class SocketWorld:
    fake: FakeSlack
    socket: FakeSocketMode
    runtime: Runtime
    delivery: Delivery
    reader: Store
    """The database seen through a connection of its own that never waits for the app's
    write lock (see :func:`_reader`)."""

    def command(self, text: str) -> str:
        """Send ``/drill <text>`` from Alice; returns the envelope id."""
        fields = req.slash_command_fields(
            text, user_id=ALICE, response_url=self.fake.response_url(f"cmd-{ALICE}")
        )
        return self.socket.command(fields)

    def replied(self) -> list[str]:
        """What Alice was told, privately, through the command's response_url."""
        calls = self.fake.calls("response_url")
        assert all(c.params.get("response_type") == "ephemeral" for c in calls)
        return [str(c.params.get("text")) for c in calls]

    def tick(self) -> None:
        """One scheduler pass, as the scheduler ``designdrill run`` starts would make."""
        run_tick(self.runtime.service, self.delivery, exclude_team=TERMINAL_TEAM)

    def posts(self) -> list[dict[str, Any]]:
        return [c.params for c in self.fake.calls("chat.postMessage") if c.ok]

    def thread_ts(self) -> str:
        """The ts of the question in the channel, which roots the interview's thread."""
        roots = [
            c.response
            for c in self.fake.calls("chat.postMessage")
            if c.ok
            and c.response
            and not c.params.get("thread_ts")
            and str(c.params.get("channel", "")).startswith("C")
        ]
        assert roots, "the question has not been posted yet"
        return str(roots[-1]["ts"])

    def answers(self) -> list[tuple[str, str]]:
        with self.reader.transaction() as tx:
            return [(a.user_id, a.text) for a in tx.answers(team_id=TEAM_ID, interview_id=1)]


def _reader(url: str) -> Store:
    """A Store whose reads take no lock. The app's engine (``make_engine``) opens every
    transaction with ``BEGIN IMMEDIATE``, reads included: a read through it would wait for a
    commit in progress and then see its rows, which would hide an ack sent before the commit.
    """
    return Store(create_engine(url, json_serializer=json_dumps, json_deserializer=json_loads))


@contextmanager
def slow_commits(engine: Engine, seconds: float) -> Iterator[None]:
    """Every commit on ``engine`` waits ``seconds`` before it reaches the database: an ack
    sent before the commit would then arrive well before the answer can be read."""

    def before_commit(connection: Any) -> None:
        time.sleep(seconds)

    event.listen(engine, "commit", before_commit)
    try:
        yield
    finally:
        event.remove(engine, "commit", before_commit)


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SocketWorld]:
    # Everything here is on 127.0.0.1; slack_sdk would send even that through a proxy.
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    prompts = write_blitz(tmp_path / "prompts", seconds=60, silence="45s")
    db = f"sqlite:///{tmp_path / 'socket.db'}"
    with FakeSlack.start() as fake, FakeSocketMode.start() as socket:
        fake.set_socket_url(socket.url)
        settings = Settings.from_env(
            {
                "DATABASE_URL": db,
                "SLACK_BOT_TOKEN": "xoxb-test",
                "SLACK_SIGNING_SECRET": req.SIGNING_SECRET,
                "SLACK_APP_TOKEN": APP_TOKEN,
                "SLACK_API_URL": fake.base_url,
                "PROMPTS_DIR": str(prompts),
            }
        )
        runtime = build(settings)  # migrates the SQLite file, as `designdrill run` does
        reader = _reader(db)
        try:
            # What serve(runtime, mode="run") does when SLACK_APP_TOKEN is set, except that
            # connect() returns where start() would block forever.
            client: WebClient = make_client(settings)
            app = create_app(
                settings=settings, service=runtime.service, content=runtime.content, client=client
            )
            assert settings.slack_app_token is not None
            handler = DrillSocketModeHandler(app, settings.slack_app_token)
            try:
                handler.connect()
                socket.wait_connected()
                yield SocketWorld(fake, socket, runtime, make_delivery(runtime, client), reader)
            finally:
                handler.close()  # before the fake endpoint stops, or the client reconnects
        finally:
            reader.engine.dispose()
            runtime.store.engine.dispose()
            gc.unfreeze()  # build() froze the heap for the process's lifetime: not pytest's


def start_drill(world: SocketWorld) -> None:
    world.socket.wait_ack(world.command("start url-shortener blitz"))
    wait_until(world.replied)
    world.tick()


def test_the_app_connects_with_the_app_token_and_help_comes_back_in_the_ack(
    world: SocketWorld,
) -> None:
    opened = world.fake.calls("apps.connections.open")
    assert [c.token for c in opened] == [APP_TOKEN] and opened[0].ok
    assert [opened[0].response] == [{"ok": True, "url": world.socket.url}]
    assert len(world.socket.paths()) == 1  # it dialled that URL, once

    ack = world.socket.wait_ack(world.command("help"))

    assert ack.payload == {"text": usage_text()}
    assert "`/drill start" in ack.payload["text"]
    assert world.replied() == []  # the reply was the ack itself
    assert world.socket.other_messages() == []

    # The HTTP path needs bot/server/bolt_request.py's fix for command text saying "payload"; here
    # Slack sends the fields already parsed, and the app must not need it.
    ack = world.socket.wait_ack(world.command("questions payload"))
    assert ack.payload and "`payload`" in ack.payload["text"]


def test_drill_start_posts_the_question_in_the_channel(world: SocketWorld) -> None:
    ack = world.socket.wait_ack(world.command("start url-shortener blitz"))
    assert ack.payload is None  # acked at once; the reply follows through response_url

    wait_until(world.replied)
    assert "Starting *URL shortener*" in world.replied()[0]
    assert world.posts() == []  # the scheduler's delivery posts it
    # Two posts into one channel: the second waits for the channel's next second, a later pass.
    wait_until(lambda: world.tick() or len(world.posts()) >= 2, "question and intro posted")

    root, intro = world.posts()[:2]
    assert root["channel"] == req.CHANNEL_ID and not root.get("thread_ts")
    assert "URL shortener" in root["text"]
    assert intro["thread_ts"] == world.thread_ts()


def test_a_thread_reply_is_acked_only_once_stored_and_a_redelivery_stores_nothing(
    world: SocketWorld,
) -> None:
    start_drill(world)
    text = "Users shorten links; other people click them."
    reply = req.thread_reply_event(
        text, thread_ts=world.thread_ts(), ts=f"{time.time():.6f}", user_id=ALICE
    )
    body = req.event_envelope(reply, event_id="Ev0SOCKET01")
    world.socket.on_ack = lambda envelope_id, payload: world.answers()

    with slow_commits(world.runtime.store.engine, SLOW_COMMIT):
        first = world.socket.event(body)
        ack = world.socket.wait_ack(first)

    assert ack.seen == [(ALICE, text)], "acked before the answer was committed"
    assert ack.payload is None
    assert ack.at - _sent_at(world, first) >= SLOW_COMMIT  # it waited for the commit
    world.tick()
    posted = len(world.posts())

    # Slack did not get (or lost) the ack: it redelivers, new envelope, same event.
    again = world.socket.event(body, retry_attempt=1, retry_reason="timeout")
    redelivered = world.socket.wait_ack(again)

    assert again != first
    assert redelivered.seen == [(ALICE, text)]  # acked, so Slack stops retrying
    assert world.answers() == [(ALICE, text)]
    world.tick()
    assert len(world.posts()) == posted  # and nothing said twice in the thread


def _sent_at(world: SocketWorld, envelope_id: str) -> float:
    return next(s.at for s in world.socket.sent() if s.envelope_id == envelope_id)


def test_malformed_envelopes_are_acked_in_one_line_and_the_app_carries_on(
    world: SocketWorld, caplog: pytest.LogCaptureFixture
) -> None:
    button = req.block_actions_payload(action_id="drill_next", message_ts="1710000000.000100")
    sent = [
        world.socket.event({"type": "event_callback", "event": "a string"}),
        world.socket.event({**req.event_envelope(req.app_mention_event()), "authorizations": 7}),
        world.socket.interactive({**button, "actions": []}),
        world.socket.interactive({**button, "user": ["not", "a", "user"]}),
        world.socket.event(req.event_envelope({"type": "message", "ts": "not-a-ts"})),
    ]

    for envelope_id in sent:
        world.socket.wait_ack(envelope_id)
    assert world.socket.wait_ack(world.command("help")).payload == {"text": usage_text()}
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []
