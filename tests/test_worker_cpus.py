"""Which CPU a pinned gunicorn worker gets (bot/slack/http.py, WEB_PIN_CPUS): workers
spread over the server's CPUs, and a replacement takes the CPU its predecessor left.
(tests/test_cli_startup.py checks the real server's workers.)"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from bot.slack.http import GunicornServer, pick_cpu


def test_workers_spread_over_the_cpus_lowest_first() -> None:
    taken: list[int] = []
    for _ in range(4):
        taken.append(pick_cpu({0, 1, 2, 3}, taken))
    assert taken == [0, 1, 2, 3]


def test_more_workers_than_cpus_share_them_evenly() -> None:
    taken: list[int] = []
    for _ in range(5):
        taken.append(pick_cpu({0, 1}, taken))
    assert taken == [0, 1, 0, 1, 0]


def test_a_replacement_takes_the_cpu_that_was_left() -> None:
    assert pick_cpu({0, 1, 2}, [0, 2]) == 1
    assert pick_cpu({0, 1}, [1, 0, 1]) == 0


def test_only_the_servers_own_cpus_are_used() -> None:
    # A server limited to CPUs 4-5 (a container's CPU set, taskset) keeps its workers there.
    assert pick_cpu({5, 4}, []) == 4
    assert pick_cpu({4, 5}, [4]) == 5


@dataclass
class _Log:
    lines: list[str] = field(default_factory=list)

    def info(self, message: str, *args: Any) -> None:
        self.lines.append(message % args)

    def warning(self, message: str, *args: Any) -> None:
        self.lines.append("WARNING " + message % args)


@dataclass
class _Arbiter:
    log: _Log = field(default_factory=_Log)


@dataclass
class _Worker:
    cpu: int
    pid: int = 4242


def test_a_cpu_that_cannot_be_had_leaves_the_worker_unpinned_and_booting() -> None:
    """The real system call, refused (no such CPU): the worker must still boot (and run the
    server's own post_fork), or gunicorn would start it again and again."""
    ran: list[int] = []
    server = GunicornServer(
        lambda *_: None, port=0, post_fork=lambda s, w: ran.append(w.pid), pin_workers=True
    )
    post_fork = server.cfg.post_fork
    before = os.sched_getaffinity(0)
    arbiter = _Arbiter()

    post_fork(arbiter, _Worker(cpu=100_000))

    assert ran == [4242]
    assert os.sched_getaffinity(0) == before
    assert arbiter.log.lines == [
        "WARNING worker 4242 not held to CPU 100000: [Errno 22] Invalid argument"
    ]
