"""The Procfile's scale-out path as real processes: two `designdrill web` and two
`designdrill worker` on one PostgreSQL, against the fake Slack Web API. Every reply is
stored once, even when Slack's retry of it reaches the other web process, and every queued
message reaches Slack exactly once, whichever worker sends it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.interviews.closing import is_closing
from bot.slack.blocks import render_say
from bot.slack.payloads import say_from_payload
from storage.db import make_engine
from storage.repository import Store
from tests.cli_harness import ROOT, env_for
from tests.fakes import slack_requests as req
from tests.fakes.slack_api import FakeSlack
from tests.helpers import free_port, listening, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.timeout(180)]
CHANNELS = [f"C0SCALE{n:02d}" for n in range(4)]
REPLIES = 3


@contextmanager
def _process(command: str, env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", command], env=env, cwd=ROOT, stderr=out
        )
    try:
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_two_web_and_two_worker_processes_store_and_deliver_everything_once(
    postgres_url: str, tmp_path: Path
) -> None:
    with ExitStack() as stack:
        fake = stack.enter_context(FakeSlack.start())
        env = env_for(tmp_path / "unused.db") | {
            "DATABASE_URL": postgres_url,
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": req.SIGNING_SECRET,
            "SLACK_API_URL": fake.base_url,
            "TICK_SECONDS": "0.2",
        }
        ports = [free_port(), free_port()]
        for n, port in enumerate(ports):
            stack.enter_context(_process("web", env | {"PORT": str(port)}, tmp_path / f"w{n}"))
        for n in range(2):
            stack.enter_context(_process("worker", env, tmp_path / f"worker{n}.log"))
        urls = [f"http://127.0.0.1:{port}/slack/events" for port in ports]
        for port in ports:
            wait_until(lambda port=port: listening(port), f"a web process listens on {port}")

        for n, channel in enumerate(CHANNELS):
            command = req.slash_command(
                "start url-shortener", channel_id=channel, response_url=fake.response_url(channel)
            )
            assert req.post(urls[n % 2], *command)[0] == 200
        store = stack.enter_context(_store(postgres_url))
        # A reply counts once its interview knows its thread: the worker stores the
        # question's ts just after Slack answers the post, a moment after the fake has it.
        wait_until(
            lambda: all(_thread(fake, c) for c in CHANNELS) and _threads_known(store),
            "every question is posted and its thread stored",
        )

        for n, channel in enumerate(CHANNELS):
            for r in range(REPLIES):
                event = req.thread_reply_event(
                    f"answer {r}", thread_ts=_thread(fake, channel), channel_id=channel
                )
                request = req.event_request(event, event_id=f"Ev0SCALE{n}{r}")
                retry = req.event_request(
                    event,
                    event_id=f"Ev0SCALE{n}{r}",
                    signing=req.Signing(retry_num=1, retry_reason="http_timeout"),
                )
                assert req.post(urls[r % 2], *request)[0] == 200
                assert req.post(urls[(r + 1) % 2], *retry)[0] == 200  # the other process
            end = req.slash_command("end", channel_id=channel, response_url=fake.response_url())
            assert req.post(urls[(n + 1) % 2], *end)[0] == 200

        wait_until(lambda: _all_finished_and_sent(store), "every interview ends, all sent", 120)

    with store.transaction() as tx:
        items = tx.all_outbox()
        assert tx.count_live() == 0
    with store.engine.connect() as connection:
        answers = connection.execute(text("SELECT count(*) FROM answer")).scalar_one()
    assert answers == len(CHANNELS) * REPLIES
    closings = [item for item in items if is_closing(item)]
    items = [item for item in items if not is_closing(item)]
    posted = [c for c in fake.calls("chat.postMessage") if c.ok]
    expected = sum(
        len(render_say(say_from_payload(item), interview_id=item.interview_id or 0))
        for item in items
    )
    assert len(posted) == expected  # no message sent twice, none left out
    first_ts = [item.result_ts for item in items]
    assert None not in first_ts and len(set(first_ts)) == len(items)
    assert len([c for c in fake.calls("chat.update") if c.ok]) == len(closings)


def _threads_known(store: Store) -> bool:
    with store.engine.connect() as connection:
        unknown = "SELECT count(*) FROM interview WHERE thread_ts IS NULL"
        return connection.execute(text(unknown)).scalar_one() == 0


@contextmanager
def _store(url: str) -> Iterator[Store]:
    engine = make_engine(url)
    try:
        yield Store(engine)
    finally:
        engine.dispose()


def _thread(fake: FakeSlack, channel: str) -> str | None:
    """The ts of the question posted in ``channel`` (the interview's thread), once posted."""
    for call in fake.calls("chat.postMessage"):
        if call.ok and call.params.get("channel") == channel and not call.params.get("thread_ts"):
            return str(call.response["ts"])
    return None


def _all_finished_and_sent(store: Store) -> bool:
    with store.transaction() as tx:
        return tx.count_live() == 0 and tx.count_unsent() == 0
