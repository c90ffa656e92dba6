"""Which CPU a pinned gunicorn worker gets (bot/slack/http.py, WEB_PIN_CPUS): workers
spread over the server's CPUs, and a replacement takes the CPU its predecessor left.
(tests/test_cli_startup.py checks the real server's workers.)"""

from __future__ import annotations

from bot.slack.http import pick_cpu


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
