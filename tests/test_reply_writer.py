"""The reply writer process: gunicorn's workers send their reply batches to one process that
stores them (bot/reply_writer.py). Every reply is committed before its sender hears back;
when the writer is gone or stuck, the worker stores the batch itself and nothing is lost."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from bot import forked
from bot.reply_batch import ReplyNotStored
from bot.reply_writer import RemoteStore, ReplyWriter
from bot.service import InterviewService, Reply
from tests.cli_harness import process_running
from tests.slack_harness import wait_until
from tests.test_reply_batch import reply, start, stored

pytestmark = pytest.mark.timeout(60)


def new_writer(
    service: InterviewService, then: Callable[[], None] = lambda: None
) -> ReplyWriter[Reply, bool]:
    """A writer (not started) storing with ``service``, as the server makes it; ``then``
    runs in the writer process once it has dropped the connections it inherited."""

    def after_fork() -> None:
        service.store.engine.dispose(close=False)
        then()

    return ReplyWriter(service.record_replies, after_fork=after_fork)


@pytest.fixture
def writer(service: InterviewService) -> Iterator[ReplyWriter[Reply, bool]]:
    started = new_writer(service)
    started.start()
    yield started
    started.stop()


class Local:
    """The worker's own store: counts the batches it had to store itself."""

    def __init__(self, service: InterviewService) -> None:
        self.service = service
        self.batches: list[list[Reply]] = []

    def __call__(self, items: Sequence[Reply]) -> list[bool]:
        self.batches.append(list(items))
        return self.service.record_replies(items)


def test_batches_from_several_workers_are_stored_by_the_writer_each_answered_alone(
    service: InterviewService, writer: ReplyWriter[Reply, bool]
) -> None:
    interview_id = start(service, "100.1")
    local = Local(service)
    workers = [RemoteStore(writer.address, local) for _ in range(3)]
    results: dict[int, list[bool]] = {}

    def send(n: int) -> None:
        batch = [reply(n * 10 + k, user=f"U{n}") for k in range(5)]
        batch.append(reply(999))  # every worker also sends the same event: stored once
        results[n] = list(workers[n](batch))

    threads = [threading.Thread(target=send, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert local.batches == []  # the writer stored everything
    assert sorted(results) == [0, 1, 2]
    assert [r[:5] for r in results.values()] == [[True] * 5] * 3
    assert sorted(r[5] for r in results.values()) == [False, False, True]
    answers = stored(service, interview_id)
    assert len(answers) == 16 and len({a.message_ts for a in answers}) == 16
    assert {a.user_id for a in answers} == {"U0", "U1", "U2"}


def assert_the_writer_stores_a_reply(
    service: InterviewService, writer: ReplyWriter[Reply, bool], interview_id: int
) -> None:
    local = Local(service)
    assert list(RemoteStore(writer.address, local)([reply(1)])) == [True]
    assert local.batches == []  # the worker did not have to store it itself
    assert [a.message_ts for a in stored(service, interview_id)] == ["200.0001"]


def test_a_worker_reaches_the_writer_as_soon_as_it_has_started(
    service: InterviewService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The socket file appears at ``bind``, before ``listen``: a worker that connected in
    between was refused and stored its replies itself (seen once in CI after a restart)."""
    listen = socket.socket.listen

    def slow_listen(self: socket.socket, *args: Any) -> None:
        time.sleep(0.3)  # in the forked writer: widen the gap between bind and listen
        listen(self, *args)

    monkeypatch.setattr(socket.socket, "listen", slow_listen)
    interview_id = start(service, "100.1")
    writer = new_writer(service)
    writer.start()
    try:
        assert_the_writer_stores_a_reply(service, writer, interview_id)
    finally:
        writer.stop()


def test_a_writer_that_fails_at_start_is_reported_at_once(service: InterviewService) -> None:
    def fail() -> None:
        raise OSError("database unreachable")

    writer = new_writer(service, then=fail)
    started = time.monotonic()
    try:
        with pytest.raises(RuntimeError, match="did not start$"):
            writer.start()
    finally:
        writer.stop()
    assert time.monotonic() - started < forked.READY_TIMEOUT_S / 2  # not a timeout


def test_a_writer_stuck_at_start_is_killed_and_the_next_try_starts_afresh(
    service: InterviewService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer that never gets to listen (say, forked while another thread held a lock it
    needs) must not stay around: the server would wait on it, not replace it, for good."""
    monkeypatch.setattr(forked, "READY_TIMEOUT_S", 0.5)
    monkeypatch.setattr(forked, "RESTART_EVERY_S", 0.0)
    hang = True

    def hang_if_asked() -> None:
        if hang:  # read in the writer: the value at the time of its fork
            time.sleep(60)

    interview_id = start(service, "100.1")
    writer = new_writer(service, then=hang_if_asked)
    try:
        with pytest.raises(RuntimeError, match="did not start in time"):
            writer.start()
        stuck = writer.pid
        assert stuck is not None
        wait_until(lambda: not process_running(stuck))

        hang = False
        writer.restart_if_gone()
        assert writer.pid is not None and writer.pid != stuck
        assert_the_writer_stores_a_reply(service, writer, interview_id)
    finally:
        writer.stop()


def test_when_the_writer_is_killed_the_worker_stores_its_replies_itself(
    service: InterviewService, writer: ReplyWriter[Reply, bool]
) -> None:
    interview_id = start(service, "100.1")
    local = Local(service)
    remote = RemoteStore(writer.address, local)
    assert list(remote([reply(1), reply(2)])) == [True, True]
    assert writer.pid is not None
    os.kill(writer.pid, signal.SIGKILL)

    assert list(remote([reply(3), reply(2)])) == [True, False]  # reply 2 is a redelivery
    assert list(remote([reply(4)])) == [True]  # no reconnect attempt for a while
    assert local.batches == [[reply(3), reply(2)], [reply(4)]]
    assert sorted(a.message_ts for a in stored(service, interview_id)) == [
        "200.0001",
        "200.0002",
        "200.0003",
        "200.0004",
    ]


def test_a_writer_that_died_is_replaced_and_the_workers_come_back_to_it(
    service: InterviewService,
    writer: ReplyWriter[Reply, bool],
    caplog: pytest.LogCaptureFixture,
) -> None:
    interview_id = start(service, "100.1")
    local = Local(service)
    remote = RemoteStore(writer.address, local, reconnect_after=0)
    assert list(remote([reply(1)])) == [True]
    first = writer.pid
    assert first is not None
    writer.restart_if_gone()
    assert writer.pid == first  # alive: left alone

    os.kill(first, signal.SIGKILL)
    assert list(remote([reply(2)])) == [True]  # stored by the worker meanwhile

    def replaced() -> bool:
        writer.restart_if_gone()  # what the server's main loop calls about once a second
        return writer.pid != first

    wait_until(replaced)
    second = writer.pid
    assert second is not None and process_running(second)

    assert list(remote([reply(3), reply(2)])) == [True, False]  # via the new writer
    assert local.batches == [[reply(2)]]
    assert "reply writer reachable again" in caplog.text
    assert sorted(a.message_ts for a in stored(service, interview_id)) == [
        "200.0001",
        "200.0002",
        "200.0003",
    ]

    # One that dies at once is not replaced in a loop: the next try waits its turn.
    os.kill(second, signal.SIGKILL)
    wait_until(lambda: not process_running(second))
    writer.restart_if_gone()
    assert writer.pid == second
    assert list(remote([reply(4)])) == [True]  # the worker stores it itself


def test_a_writer_that_does_not_answer_in_time_is_bypassed(service: InterviewService) -> None:
    interview_id = start(service, "100.1")

    def stuck(items: Sequence[Reply]) -> list[bool]:
        time.sleep(1)  # holding the batch longer than the worker waits
        return service.record_replies(items)

    slow: ReplyWriter[Reply, bool] = ReplyWriter(
        stuck, after_fork=lambda: service.store.engine.dispose(close=False)
    )
    slow.start()
    try:
        local = Local(service)
        remote = RemoteStore(slow.address, local, answer_timeout=0.3)
        started = time.monotonic()
        assert list(remote([reply(1)])) == [True]
        assert time.monotonic() - started < 1  # within Slack's patience
        assert local.batches == [[reply(1)]]
        # The writer stores it too, later: a redelivery, which changes nothing.
        time.sleep(1.2)
        assert [a.message_ts for a in stored(service, interview_id)] == ["200.0001"]
    finally:
        slow.stop()


class Unpicklable(Exception):
    def __init__(self, detail: str, extra: object) -> None:  # pickling loses ``extra``
        super().__init__(detail)
        self.extra = extra


def test_a_failing_batch_raises_in_its_worker_and_the_writer_goes_on() -> None:
    def store(items: Sequence[str]) -> list[str]:
        if "boom" in items:
            raise ValueError("cannot store boom")
        if "odd" in items:
            raise Unpicklable("an odd failure", object())
        return [item.upper() for item in items]

    writer: ReplyWriter[str, str] = ReplyWriter(store)
    writer.start()
    try:
        remote: RemoteStore[str, str] = RemoteStore(writer.address, _never)
        with pytest.raises(ValueError, match="cannot store boom"):
            remote(["a", "boom"])
        with pytest.raises(ReplyNotStored, match="Unpicklable: an odd failure"):
            remote(["odd"])
        assert list(remote(["b", "c"])) == ["B", "C"]
    finally:
        writer.stop()


def _never(items: Sequence[Any]) -> Sequence[Any]:
    raise AssertionError("stored locally although the writer was there")


def test_the_writer_exits_when_the_server_that_started_it_is_killed(tmp_path: Path) -> None:
    pid_file = tmp_path / "writer.pid"
    script = (
        "import sys, time\n"
        "from bot.reply_writer import ReplyWriter\n"
        "w = ReplyWriter(lambda items: list(items))\n"
        "w.start()\n"
        f"open({str(pid_file)!r}, 'w').write(str(w.pid))\n"
        "time.sleep(60)\n"
    )
    server = subprocess.Popen([sys.executable, "-c", script], cwd=Path(__file__).parents[1])
    try:
        wait_until(lambda: pid_file.exists() and pid_file.read_text() != "", timeout=20)
        writer_pid = int(pid_file.read_text())
        assert process_running(writer_pid)
        server.kill()  # SIGKILL: no chance to stop its writer
        server.wait(10)
        wait_until(lambda: not process_running(writer_pid), timeout=10)
    finally:
        server.kill()


def test_only_this_user_can_reach_the_writers_socket(writer: ReplyWriter[Reply, bool]) -> None:
    """Batches travel pickled: the socket's directory is closed to everyone else."""
    directory = Path(writer.address).parent
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert directory.stat().st_uid == os.getuid()


def test_team_scoping_holds_across_the_writer(
    service: InterviewService, writer: ReplyWriter[Reply, bool]
) -> None:
    """A reply claiming another team's thread finds no interview there."""
    interview_id = start(service, "100.1")
    remote = RemoteStore(writer.address, _never)
    assert list(remote([reply(1, team_id="T-other")])) == [False]
    assert stored(service, interview_id) == []
