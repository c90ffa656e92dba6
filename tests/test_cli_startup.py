"""Start-up checks and the production HTTP server, through real subprocesses."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.cli_harness import ROOT, Live, env_for, process_running, run
from tests.fakes import slack_requests as req
from tests.fakes.slack_api import FakeSlack
from tests.fakes.socket_mode import FakeSocketMode
from tests.helpers import free_port, listening, wait_until
from tests.threaded_interview import interview_in_thread

pytestmark = pytest.mark.timeout(90)


def test_run_without_slack_settings_names_each_missing_one(tmp_path: Path) -> None:
    result = run(["run"], env_for(tmp_path / "d.db"))
    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN is missing" in result.stderr
    assert "SLACK_SIGNING_SECRET is missing" in result.stderr
    assert "Traceback" not in result.stderr


def test_malformed_settings_are_all_reported_at_once(tmp_path: Path) -> None:
    env = env_for(tmp_path / "d.db") | {
        "PORT": "eighty",
        "LOG_LEVEL": "loud",
        "SLACK_BOT_TOKEN": "xoxp-user-token",
        "WEB_CONCURRENCY": "0",
    }
    result = run(["practice", "--list"], env)
    assert result.returncode == 2
    for name in ("PORT", "LOG_LEVEL", "SLACK_BOT_TOKEN", "WEB_CONCURRENCY"):
        assert name in result.stderr


def test_bad_yaml_in_prompts_fails_at_start_with_file_and_line(tmp_path: Path) -> None:
    prompts = tmp_path / "team"
    prompts.mkdir()
    (prompts / "formats.yaml").write_text("schema: 1\nformats:\n  - id: x\n    budget: [\n")
    result = run(["practice", "--list"], env_for(tmp_path / "d.db", prompts))
    assert result.returncode == 2
    assert "formats.yaml:" in result.stderr
    checked = run(["check-prompts", str(prompts)], env_for(tmp_path / "d.db"))
    assert checked.returncode == 2 and "formats.yaml:" in checked.stderr
    assert run(["check-prompts"], env_for(tmp_path / "d.db")).returncode == 0


def test_migrate_then_history_on_an_empty_database(tmp_path: Path) -> None:
    env = env_for(tmp_path / "d.db")
    assert run(["migrate"], env).returncode == 0
    listing = run(["history"], env)
    assert listing.returncode == 0 and "No practice interviews yet" in listing.stdout


def test_web_serves_signed_slack_requests_under_gunicorn(tmp_path: Path) -> None:
    port = free_port()
    with FakeSlack.start() as fake:
        env = env_for(tmp_path / "d.db") | {
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": req.SIGNING_SECRET,
            "SLACK_API_URL": fake.base_url,
            "PORT": str(port),
        }
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "web"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until(lambda: listening(port), f"something listens on port {port}")
            status, body = req.post(f"{url}/slack/events", *req.slash_command("help"))
            assert status == 200
            assert "/drill start" in body.decode()  # the usage, acked in-line
            bad = req.slash_command("help", signing=req.Signing(secret="wrong"))
            assert req.post(f"{url}/slack/events", *bad)[0] == 401
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def _answers(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        return [ts for (ts,) in connection.execute("SELECT message_ts FROM answer ORDER BY id")]


THREAD = "1700000000.000100"
WORKER_PID = r"Booting worker with pid: (\d+)"
SCHEDULER_PID = r"scheduler started \(pid (\d+)\)"


@dataclass
class Served:
    """`designdrill <command>` over HTTP on a database holding one interview's thread."""

    proc: subprocess.Popen[bytes]
    url: str
    db: Path
    log: Path
    fake: FakeSlack
    thread: str = THREAD
    sent: list[str] = field(default_factory=list)

    def answer(self, n: int) -> None:
        """A thread reply; it must be in the database by the time its 200 arrives."""
        event = req.thread_reply_event(f"answer {n}: short links", thread_ts=self.thread)
        self.sent.append(event["ts"])
        assert req.post(self.url, *req.event_request(event))[0] == 200
        assert _answers(self.db) == self.sent  # committed before the 200

    def pids(self, pattern: str) -> list[int]:
        return [int(pid) for pid in re.findall(pattern, self.log.read_text())]

    def wait_pids(self, pattern: str, count: int) -> list[int]:
        """The pids the log names with ``pattern``, once it names ``count`` of them."""
        wait_until(lambda: len(self.pids(pattern)) >= count, f"{count} x {pattern!r} in the log")
        return self.pids(pattern)


@contextmanager
def serving(tmp_path: Path, command: str, **extra_env: str) -> Iterator[Served]:
    db, port, log = tmp_path / "d.db", free_port(), tmp_path / "server.log"
    interview_in_thread(db, THREAD)
    with FakeSlack.start() as fake, log.open("w") as log_file:
        env = env_for(db) | {
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": req.SIGNING_SECRET,
            "SLACK_API_URL": fake.base_url,
            "PORT": str(port),
            "LOG_LEVEL": "INFO",
            **extra_env,
        }
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", command],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=log_file,
        )
        try:
            wait_until(lambda: listening(port) or proc.poll() is not None, "the server listens")
            assert proc.poll() is None, log.read_text()
            yield Served(proc, f"http://127.0.0.1:{port}/slack/events", db, log, fake)
        finally:
            proc.terminate()
            proc.wait(timeout=10)


@pytest.mark.parametrize("command", ["web", "run"])
def test_http_stores_each_reply_before_its_200(tmp_path: Path, command: str) -> None:
    with serving(tmp_path, command) as server:
        for n in range(3):
            server.answer(n)


def test_a_sigkilled_worker_loses_no_acknowledged_reply(tmp_path: Path) -> None:
    """Replies keep arriving while gunicorn's worker is killed (SIGKILL, no goodbye): every
    reply that got its 200 is in the database, and the replacement worker serves on."""
    with serving(tmp_path, "web") as server:
        (worker,) = server.wait_pids(WORKER_PID, 1)
        acked: list[str] = []
        lock = threading.Lock()
        stop = threading.Event()

        def send_replies(who: int) -> None:
            while not stop.is_set():
                event = req.thread_reply_event(f"answer from {who}", thread_ts=server.thread)
                try:
                    status, _ = req.post(server.url, *req.event_request(event))
                except OSError:  # the connection died with the worker: Slack would retry
                    continue
                if status == 200:
                    with lock:
                        acked.append(event["ts"])

        senders = [threading.Thread(target=send_replies, args=(n,)) for n in range(4)]
        for sender in senders:
            sender.start()
        try:
            wait_until(lambda: len(acked) >= 10, "some replies are acknowledged")
            os.kill(worker, signal.SIGKILL)
            before = len(acked)
            server.wait_pids(WORKER_PID, 2)
            wait_until(lambda: len(acked) >= before + 10, "the new worker acknowledges replies")
        finally:
            stop.set()
            for sender in senders:
                sender.join(30)
        stored = set(_answers(server.db))
        assert set(acked) <= stored
        assert len(stored) == len(_answers(server.db))  # each once


def test_run_over_http_ticks_in_its_worker_and_a_killed_worker_is_replaced_with_it(
    tmp_path: Path,
) -> None:
    """`run` over HTTP: one gunicorn worker that also runs the scheduler (started from a
    server hook). It delivers what the app queues; killed, the worker is replaced and its
    scheduler with it; SIGTERM stops the whole server cleanly."""
    with serving(tmp_path, "run") as server:
        (first,) = server.wait_pids(WORKER_PID, 1)
        assert server.wait_pids(SCHEDULER_PID, 1) == [first]  # in the worker, not the arbiter

        def next_phase_delivered() -> None:
            """Queued by a request, posted by the scheduler (all of it: a message the
            scheduler was sending when killed waits for its lease, then goes again)."""
            posted = len(server.fake.calls("chat.postMessage"))
            command = req.slash_command("next", response_url=server.fake.response_url())
            assert req.post(server.url, *command)[0] == 200
            server.fake.wait_for("chat.postMessage", posted + 1, timeout=30)
            wait_until(lambda: _unsent(server.db) == 0, "every queued message is sent")

        next_phase_delivered()
        os.kill(first, signal.SIGKILL)
        second = server.wait_pids(WORKER_PID, 2)[1]
        assert server.wait_pids(SCHEDULER_PID, 2)[1] == second
        next_phase_delivered()
        server.proc.terminate()
        assert server.proc.wait(timeout=30) == 0
    wait_until(lambda: not process_running(second), "the worker stopped with the server")
    text = server.log.read_text()
    assert "scheduler stopped" in text and "Traceback" not in text, text


def _unsent(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(
            connection.execute("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetchone()[0]
        )


def test_a_worker_restart_and_a_stop_are_clean(tmp_path: Path) -> None:
    """gunicorn replaces a worker that exits; the new one serves. SIGTERM then stops the
    server and its worker without a traceback."""
    with serving(tmp_path, "web") as server:
        server.answer(0)
        (first,) = server.wait_pids(WORKER_PID, 1)
        os.kill(first, signal.SIGTERM)
        server.wait_pids(WORKER_PID, 2)
        for n in range(1, 4):
            server.answer(n)
        server.proc.terminate()
        assert server.proc.wait(timeout=30) == 0
    text = server.log.read_text()
    assert "Traceback" not in text and "exited with code" not in text, text


def _without_signing_secret(tmp_path: Path, fake: FakeSlack, **extra: str) -> dict[str, str]:
    """Slack settings for the modes that receive no signed request."""
    return env_for(tmp_path / "d.db") | {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_API_URL": fake.base_url,
        "LOG_LEVEL": "INFO",
        **extra,
    }


def test_socket_mode_needs_no_signing_secret_and_stops_cleanly_on_sigterm(
    tmp_path: Path,
) -> None:
    """`designdrill run` with SLACK_APP_TOKEN: no signed request ever arrives, so the signing
    secret is not asked for. SIGTERM (what a platform sends to stop it) closes the
    connection and stops the scheduler, exit status 0."""
    log = tmp_path / "run.log"
    with FakeSlack.start() as fake, FakeSocketMode.start() as endpoint, log.open("w") as out:
        fake.set_socket_url(endpoint.url)
        env = _without_signing_secret(tmp_path, fake, SLACK_APP_TOKEN="xapp-1-A0DRILL01-1-ab")
        proc = subprocess.Popen([sys.executable, "-m", "bot", "run"], env=env, cwd=ROOT, stderr=out)
        try:
            endpoint.wait_connected(timeout=30)
            ack = endpoint.wait_ack(endpoint.command(req.slash_command_fields("help")))
            assert ack.payload and "/drill start" in ack.payload["text"]
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=30) == 0
        finally:
            proc.kill()
            proc.wait()
    text = log.read_text()
    assert "stopping on SIGTERM" in text and "scheduler stopped" in text, text
    assert "Traceback" not in text, text


def test_the_scheduler_only_worker_needs_no_signing_secret(tmp_path: Path) -> None:
    with FakeSlack.start() as fake:
        live = Live(["worker"], _without_signing_secret(tmp_path, fake))
        live.wait_for("scheduler started")
        live.proc.send_signal(signal.SIGTERM)
        assert live.finish(timeout=30) == 0
    assert "SLACK_SIGNING_SECRET" not in live.text and "Traceback" not in live.text, live.text
