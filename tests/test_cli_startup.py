"""Start-up checks and the production HTTP server, through real subprocesses."""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.cli_harness import ROOT, Live, env_for, process_running, run
from tests.fakes import slack_requests as req
from tests.fakes.slack_api import FakeSlack
from tests.fakes.socket_mode import FakeSocketMode
from tests.slack_harness import wait_until
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
    }
    result = run(["practice", "--list"], env)
    assert result.returncode == 2
    for name in ("PORT", "LOG_LEVEL", "SLACK_BOT_TOKEN"):
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


def _wait_for_port(port: int, timeout: float = 30) -> None:
    """Until the server accepts connections (gunicorn binds after loading the app)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port} after {timeout} s")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_web_serves_signed_slack_requests_under_gunicorn(tmp_path: Path) -> None:
    port = _free_port()
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
            _wait_for_port(port)
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
WRITER_PID = r"reply writer started \(pid (\d+)\)"
WORKER_PID = r"Booting worker with pid: (\d+)"
SCHEDULER_PID = r"scheduler started \(pid (\d+)\)"
HELD = r"worker (\d+) held to CPU (\d+)"


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

    def pid(self, pattern: str, nth: int = 0) -> int:
        found = re.findall(pattern, self.log.read_text())
        assert len(found) > nth, self.log.read_text()
        return int(found[nth])


@contextmanager
def serving(tmp_path: Path, command: str, **extra_env: str) -> Iterator[Served]:
    db, port, log = tmp_path / "d.db", _free_port(), tmp_path / "server.log"
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
            _wait_for_port(port)
            yield Served(proc, f"http://127.0.0.1:{port}/slack/events", db, log, fake)
        finally:
            proc.terminate()
            proc.wait(timeout=10)


@pytest.mark.parametrize("command", ["web", "run"])
def test_http_stores_each_reply_before_its_200_and_replaces_a_killed_writer(
    tmp_path: Path, command: str
) -> None:
    """`designdrill web` (and `run` over HTTP, with its scheduler beside) stores thread
    replies in its writer process; killed, the worker stores them itself until the server
    has started another writer and the worker reaches it. Whichever stores it, a reply is
    in the database when Slack gets its 200."""
    with serving(tmp_path, command) as server:
        for n in range(3):
            server.answer(n)
        first = server.pid(WRITER_PID)
        os.kill(first, signal.SIGKILL)
        for n in range(3, 6):
            server.answer(n)
        assert "reply writer lost" in server.log.read_text()

        wait_until(lambda: len(re.findall(WRITER_PID, server.log.read_text())) == 2, 10)
        second = server.pid(WRITER_PID, 1)
        assert process_running(second) and not process_running(first)
        # The worker tries the writer again a few seconds after losing it.
        answered = iter(range(6, 1000))
        wait_until(
            lambda: server.answer(next(answered)) or "reachable again" in server.log.read_text(),
            15,
        )
        before = server.log.read_text()
        for n in range(1000, 1003):
            server.answer(n)
        assert server.log.read_text().count("storing replies here") == before.count(
            "storing replies here"
        )  # the new writer stored them
    wait_until(lambda: not process_running(second), 10)  # and stopped with the server


def test_run_over_http_ticks_in_a_scheduler_process_replaced_if_it_dies(tmp_path: Path) -> None:
    """gunicorn's arbiter forks workers (and new helpers) whenever it needs to, and a fork
    copies no other thread: `run` over HTTP keeps its scheduler in a helper process, so the
    arbiter has no thread of its own. The helper delivers what the app queues; killed, it
    is replaced; it stops with the server."""
    with serving(tmp_path, "run") as server:
        first = server.pid(SCHEDULER_PID)
        assert _threads(server.proc.pid) == 1  # gunicorn's arbiter alone

        def next_phase_delivered() -> None:
            """Queued by the worker, posted by the scheduler (all of it: a message the
            scheduler was sending when killed waits for its lease, then goes again)."""
            posted = len(server.fake.calls("chat.postMessage"))
            assert req.post(server.url, *req.slash_command("next"))[0] == 200
            server.fake.wait_for("chat.postMessage", posted + 1, timeout=15)
            wait_until(lambda: _unsent(server.db) == 0, 15)

        next_phase_delivered()
        os.kill(first, signal.SIGKILL)
        wait_until(lambda: len(re.findall(SCHEDULER_PID, server.log.read_text())) == 2, 15)
        second = server.pid(SCHEDULER_PID, 1)
        assert process_running(second) and not process_running(first)
        next_phase_delivered()
        server.proc.terminate()
        assert server.proc.wait(timeout=10) == 0
    wait_until(lambda: not process_running(second), 10)
    assert "Traceback" not in server.log.read_text(), server.log.read_text()


def _threads(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/task"))


def _unsent(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(
            connection.execute("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetchone()[0]
        )


def test_a_worker_restart_keeps_the_writer_and_a_stop_is_clean(tmp_path: Path) -> None:
    """gunicorn replaces a worker that exits; the exiting worker must not take the writer
    with it. SIGTERM then stops the server, its worker and its writer without a traceback."""
    with serving(tmp_path, "web") as server:
        server.answer(0)
        writer = server.pid(WRITER_PID)
        # Not held to a CPU unless WEB_PIN_CPUS says so: the kernel moves it as it likes.
        assert os.sched_getaffinity(server.pid(WORKER_PID)) == os.sched_getaffinity(0)
        os.kill(server.pid(WORKER_PID), signal.SIGTERM)
        wait_until(lambda: len(re.findall(WORKER_PID, server.log.read_text())) == 2, 20)
        _wait_for_port(int(server.url.split(":")[2].split("/")[0]))
        assert process_running(writer)
        for n in range(1, 4):
            server.answer(n)
        server.proc.terminate()
        assert server.proc.wait(timeout=10) == 0
        wait_until(lambda: not process_running(writer), 10)
    text = server.log.read_text()
    assert "reply writer lost" not in text and "unreachable" not in text  # stored by the writer
    assert "Traceback" not in text and "exited with code" not in text, text


def test_pinned_workers_hold_a_cpu_each_and_a_replacement_takes_the_freed_one(
    tmp_path: Path,
) -> None:
    """WEB_PIN_CPUS=1: each gunicorn worker runs on one CPU of the server's, two workers on
    two different ones when there are two; a worker that exits is replaced on the CPU it
    left. The server itself and its reply writer are not held to any."""
    mine = os.sched_getaffinity(0)
    with serving(tmp_path, "web", WEB_PIN_CPUS="1", WEB_CONCURRENCY="2") as server:
        # gunicorn logs "Booting worker" before the worker holds its CPU: wait for that.
        wait_until(lambda: len(re.findall(HELD, server.log.read_text())) == 2, 20)
        workers = [int(pid) for pid, _ in re.findall(HELD, server.log.read_text())]
        held = [os.sched_getaffinity(pid) for pid in workers]
        assert all(len(cpus) == 1 and cpus <= mine for cpus in held)
        assert len(held[0] | held[1]) == min(2, len(mine))
        assert os.sched_getaffinity(server.proc.pid) == mine
        assert os.sched_getaffinity(server.pid(WRITER_PID)) == mine
        server.answer(0)  # and it serves

        os.kill(workers[0], signal.SIGTERM)
        wait_until(lambda: len(re.findall(HELD, server.log.read_text())) == 3, 20)
        pid, cpu = re.findall(HELD, server.log.read_text())[2]
        assert {int(cpu)} == held[0] == os.sched_getaffinity(int(pid))
        assert os.sched_getaffinity(workers[1]) == held[1]


def test_a_malformed_pinning_setting_is_named(tmp_path: Path) -> None:
    result = run(["practice", "--list"], env_for(tmp_path / "d.db") | {"WEB_PIN_CPUS": "sure"})
    assert result.returncode == 2
    assert "WEB_PIN_CPUS='sure': expected 1 or 0" in result.stderr


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
            assert proc.wait(timeout=15) == 0
        finally:
            proc.kill()
            proc.wait()
    text = log.read_text()
    assert "stopping on SIGTERM" in text and "Scheduler has been shut down" in text, text
    assert "Traceback" not in text, text


def test_the_scheduler_only_worker_needs_no_signing_secret(tmp_path: Path) -> None:
    with FakeSlack.start() as fake:
        live = Live(["worker"], _without_signing_secret(tmp_path, fake))
        live.wait_for("scheduler started")
        live.proc.send_signal(signal.SIGTERM)
        assert live.finish(timeout=15) == 0
    assert "SLACK_SIGNING_SECRET" not in live.text and "Traceback" not in live.text, live.text
