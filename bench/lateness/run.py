"""One setup, end to end: a database, the fake Slack, the app's processes, the people;
then what the fake received, measured against the interviews' timelines."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from contextlib import AbstractContextManager, ExitStack
from datetime import UTC, datetime
from pathlib import Path

from bench.databases import postgresql_database, sqlite_database
from bench.lateness import drive, processes
from bench.lateness.config import SLACK_GAP_S, Setup, Sizes
from bench.lateness.measure import Burst, Figures, measure, measure_burst, unsent
from bench.lateness.report import SetupResult
from tests.cli_harness import PHASES, write_blitz
from tests.fakes.slack_api import FakeSlack


def log(message: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def database(setup: Setup) -> AbstractContextManager[str]:
    return sqlite_database() if setup.database == "sqlite" else postgresql_database()


def silence_s(sizes: Sizes) -> int:
    return max(1, round(sizes.phase_s * 0.75))


def run_setup(
    setup: Setup, sizes: Sizes, *, latency: float, keep_logs: Path | None = None
) -> SetupResult:
    began, load_before = time.monotonic(), os.getloadavg()[0]
    with ExitStack() as stack:
        url = stack.enter_context(database(setup))
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-lateness-")))
        # No grace for late replies: an answer belongs to the phase open when it was sent,
        # which is what the measure checks (a 30 s grace would span many one-second phases).
        prompts = write_blitz(
            tmp / "prompts", seconds=sizes.phase_s, silence=f"{silence_s(sizes)}s", late_grace="off"
        )
        logs = keep_logs / setup.key if keep_logs else tmp / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        fake = stack.enter_context(FakeSlack.start(post_gap=SLACK_GAP_S, latency=latency))
        log(f"[{setup.key}] starting {' + '.join(setup.commands)}")
        app = processes.start(
            stack,
            setup.commands,
            database_url=url,
            slack_url=fake.base_url,
            prompts=prompts,
            logs=logs,
        )
        figures = run_interviews(setup, sizes, app, fake, url)
        burst = run_burst(setup, sizes, fake, url) if setup.burst else None
        errors = processes.error_lines(logs)
    return SetupResult(
        setup, figures, burst, (load_before, os.getloadavg()[0]), time.monotonic() - began, errors
    )


def run_interviews(
    setup: Setup, sizes: Sizes, app: processes.Deployment, fake: FakeSlack, url: str
) -> Figures:
    driver = drive.Driver(app.events_url, fake)
    begin = time.time() + 1.0
    jobs = drive.interview_jobs(
        driver, count=setup.interviews, phase_s=sizes.phase_s, ramp_s=sizes.phase_s, begin=begin
    )
    log(
        f"[{setup.key}] {setup.interviews} interviews of {len(PHASES)} phases x "
        f"{sizes.phase_s} s, answers at set times"
    )
    driver.run(jobs)
    planned_end = begin + sizes.phase_s * (1 + len(PHASES))
    wait_drained(url, until=planned_end + sizes.drain_s)
    refused = [s for s in driver.sent if s.status != 200]
    if refused:
        log(f"[{setup.key}] {len(refused)} requests not answered 200, e.g. {refused[0]}")
    return measure(
        database_url=url,
        channel_prefix="C0LATE",
        posts=fake.calls("chat.postMessage"),
        phase_s=sizes.phase_s,
        silence_s=silence_s(sizes),
        answers_sent=sum(1 for s in driver.sent if s.what == "reply" and s.status == 200),
        gap=SLACK_GAP_S,
    )


def wait_drained(url: str, *, until: float) -> None:
    """Until every interview has finished and every message is out, or ``until``."""
    while True:
        queued, live = unsent(url)
        if (queued == 0 and live == 0) or time.time() > until:
            log(f"{live} interviews running, {queued} messages queued")
            return
        time.sleep(0.5)


def run_burst(setup: Setup, sizes: Sizes, fake: FakeSlack, url: str) -> Burst:
    due = drive.schedule_burst(url, drills=setup.burst, channels=setup.burst_channels)
    log(
        f"[{setup.key}] {setup.burst} drills in {setup.burst_channels} channels "
        f"due at {due:%H:%M:%S}"
    )
    until = due.timestamp() + sizes.drain_s
    while time.time() < until:
        roots = [
            c
            for c in fake.calls("chat.postMessage")
            if c.ok
            and str(c.params.get("channel", "")).startswith("C0BURST")
            and not c.params.get("thread_ts")
        ]
        if len(roots) >= setup.burst:
            break
        time.sleep(0.5)
    time.sleep(1.0)  # the first phase intros, in the questions' threads
    return measure_burst(
        database_url=url,
        channel_prefix="C0BURST",
        posts=fake.calls("chat.postMessage"),
        due=due,
        drills=setup.burst,
        gap=SLACK_GAP_S,
    )
