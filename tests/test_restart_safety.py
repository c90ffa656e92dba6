"""Restart safety with real processes: SIGKILL at random moments, and two workers racing.

Each worker appends every delivered message to a file. Afterwards every queued message must
have been delivered, and a message may appear twice only if it was the very last thing a
killed worker delivered (delivered, then killed before it was marked sent: the one window).
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from bot.content.loader import builtin_prompts_dir, load_content
from bot.interviews.delivery import LEASE
from bot.interviews.service import InterviewService
from bot.server.runtime import utc_now
from storage.repository import Store
from tests.cli_harness import ROOT, write_blitz

pytestmark = pytest.mark.timeout(240)


def _start_many(store: Store, prompts: Path, count: int) -> None:
    content = load_content(builtin_prompts_dir(), prompts)
    service = InterviewService(store=store, content=content, clock=utc_now)
    for n in range(count):
        service.start(
            team_id=f"T{n % 3}",
            channel_id=f"C{n}",
            host_id="U1",
            source="slack",
            question="url-shortener",
            format_id="blitz",
        )


def _worker(
    db_url: str, prompts: Path, out: Path, seconds: float, *extra: str
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.worker_proc",
            db_url,
            str(prompts),
            str(out),
            str(seconds),
            *extra,
        ],
        cwd=ROOT,
    )


def _queued(store: Store) -> set[str]:
    with store.transaction() as tx:
        return {f"{i.interview_id}:{i.key}" for i in tx.all_outbox()}


def _delivered(out: Path) -> list[str]:
    return out.read_text().split() if out.exists() else []


@pytest.mark.parametrize("passes", ["", "--dispatch"])
def test_sigkilled_worker_loses_nothing_and_repeats_only_a_lanes_last_send(
    store: Store, db_url: str, tmp_path: Path, passes: str
) -> None:
    # Posts are marked sent in transactions shared by the sender threads (group commit):
    # each thread still goes on only once its own marking has committed.
    prompts = write_blitz(tmp_path / "prompts", seconds=1)
    _start_many(store, prompts, 12)
    out = tmp_path / "delivered.txt"
    rng = random.Random(4)
    last_before_kill: set[str] = set()
    for _ in range(5):
        proc = _worker(db_url, prompts, out, 30, *filter(None, [passes]))
        time.sleep(rng.uniform(0.8, 2.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        # Lanes (one per channel) send side by side: each may have sent its last message
        # and died before marking it, so a repeat is only ever some lane's last send.
        last_of_lane = {key.split(":")[0]: key for key in _delivered(out)}
        last_before_kill |= set(last_of_lane.values())
    final = _worker(db_url, prompts, out, 150, "--until-done", *filter(None, [passes]))
    assert final.wait(timeout=170) == 0, "interviews did not all finish"
    delivered = _delivered(out)
    assert set(delivered) == _queued(store)
    repeated = {key for key, n in Counter(delivered).items() if n > 1}
    assert repeated <= last_before_kill
    with store.transaction() as tx:
        assert tx.count_live() == 0


def test_two_workers_never_deliver_the_same_message_twice(
    store: Store, db_url: str, tmp_path: Path
) -> None:
    prompts = write_blitz(tmp_path / "prompts", seconds=1)
    _start_many(store, prompts, 150)
    out = tmp_path / "delivered.txt"
    # No worker is killed here: the production lease, so a lock wait on a busy machine
    # never outlasts a lease while its holder is still sending.
    lease = str(LEASE.total_seconds())
    workers = [
        _worker(db_url, prompts, out, 180, "--until-done", "--lease", lease) for _ in range(2)
    ]
    assert [proc.wait(timeout=200) for proc in workers] == [0, 0], "interviews did not finish"
    delivered = _delivered(out)
    queued = _queued(store)
    # How many nudges a late tick still sends depends on the machine's speed; these do not:
    # every interview's question and first phase intro, and its end.
    assert len(queued) >= 150 * 2
    with store.transaction() as tx:
        assert tx.count_live() == 0
    assert Counter(delivered).most_common(1)[0][1] == 1
    assert set(delivered) == queued
