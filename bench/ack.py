"""``python -m bench.ack``: ack latency and throughput of thread answers (see ``ACK.md``).

Thread replies are DesignDrill's busiest Slack path. This sends the same Slack-signed
``message`` events, 50 in flight, to DesignDrill and to a bare Bolt app that only acks,
both under the production gunicorn settings, and compares the two: the bare app is the
ceiling Bolt and gunicorn allow on this machine, so the ratio is what DesignDrill costs.

All servers run side by side and are measured in rounds whose order alternates (bare,
DesignDrill, control; then control, DesignDrill, bare), so a neighbour's load on a shared
machine hits them alike; ``control``, a second bare app, shows how much that noise is. By
default the three run with each gunicorn worker held to one CPU (``WEB_PIN_CPUS=1``, the
setting for a machine of its own), and an unpinned bare app and DesignDrill run beside them
(``--pin on|off`` for one setting only).

DesignDrill commits each answer before it acks it (a group commit shared by the answers in
flight, ``bot/reply_batch.py``), so its ack figures include storing; "answers durable after"
is read from the database. Exit status: 0 if both targets are met and every answer was
stored exactly once, 1 if not, 2 if the run itself could not be done (a server would not
start, answers lost).
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from bench.ack_load import Batch, combine, send, thread_replies
from bench.ack_report import (
    UNPINNED_BARE,
    UNPINNED_DD,
    Conditions,
    Round,
    TargetRun,
    Verification,
    passed,
    render,
)
from bench.ack_world import (
    THREAD_TS,
    Interview,
    Server,
    WorldError,
    cpu_seconds,
    create_interview,
    free_port,
    remembered_events,
    running_server,
    server_env,
    stored_answer_ts,
    wait_for_answers,
    worker_pids,
)
from tests.fakes.slack_api import FakeSlack

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True)
class Target:
    name: str
    """In the report: ``bare``, ``designdrill``, ``control``, ``bare-unpinned``, ..."""
    app: str
    """What ``bench.ack_server`` runs: ``designdrill`` or ``bare``."""
    pinned: bool
    """Its gunicorn workers held to one CPU each (``WEB_PIN_CPUS``)."""


MAIN = (("bare", "bare"), ("designdrill", "designdrill"), ("control", "bare"))
"""(report name, app) of the servers every run has."""


def targets(pin: str) -> tuple[Target, ...]:
    """The servers of a run. ``control`` is a second bare app: how far apart two identical
    servers measure in this run (the noise floor a verdict should be read against). With
    ``pin="both"`` the three run pinned (the setting for a machine of its own, which the
    verdict is about) and an unpinned bare app and DesignDrill run beside them (the default
    setting, and the bare app's best p99)."""
    pinned = pin != "off"
    main = tuple(Target(n, a, pinned) for n, a in MAIN)
    if pin != "both":
        return main
    return (
        *main,
        Target(UNPINNED_BARE, "bare", pinned=False),
        Target(UNPINNED_DD, "designdrill", pinned=False),
    )


DRAIN_TIMEOUT_S = 60.0
"""How long to wait for answers to be stored before calling them lost."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.ack",
        description="Ack latency and throughput of thread answers: DesignDrill vs bare Bolt.",
    )
    parser.add_argument("--requests", type=int, default=8000, help="measured, per target")
    parser.add_argument("--warmup", type=int, default=200, help="unmeasured, per target")
    parser.add_argument("--rounds", type=int, default=16, help="alternating rounds")
    parser.add_argument("--concurrency", type=int, default=50, help="requests in flight")
    parser.add_argument("--workers", type=int, default=1, help="WEB_CONCURRENCY (default 1)")
    parser.add_argument(
        "--pin",
        choices=("both", "on", "off"),
        default="both",
        help="workers held to one CPU each (WEB_PIN_CPUS): both settings (default), on, off",
    )
    parser.add_argument("--output", type=Path, default=RESULTS / "ack.md")
    args = parser.parse_args(argv)
    if args.requests % args.rounds:
        parser.error("--requests must be a multiple of --rounds")
    return args


def log(message: str) -> None:
    """Progress goes to stderr; stdout carries only the report."""
    print(message, file=sys.stderr, flush=True)


class Tally:
    """Which replies went to DesignDrill: ts must be unique across the whole run, and the
    answers expected in the database are all of DesignDrill's, warm-up included."""

    def __init__(self) -> None:
        self.next = 0
        self.sent: list[Batch] = []

    def batch(self, count: int, tag: str) -> Batch:
        batch = thread_replies(count=count, thread_ts=THREAD_TS, first=self.next, tag=tag)
        self.next += count
        return batch

    def expected(self) -> int:
        return sum(len(b.message_ts) for b in self.sent)


def one_round(
    server: Server, batch: Batch, interview: Interview | None, tally: Tally, concurrency: int
) -> Round:
    """Send ``batch``; for DesignDrill, also wait until its answers are all stored, so the
    next round starts without a backlog and the storing time is known."""
    workers = worker_pids(server)
    cpu0 = cpu_seconds(workers)
    load = send(server.port, batch, concurrency=concurrency)
    durable = None
    if interview is not None:
        tally.sent.append(batch)
        done = wait_for_answers(interview, tally.expected(), DRAIN_TIMEOUT_S)
        if done is None:
            raise WorldError(f"answers not all stored within {DRAIN_TIMEOUT_S:.0f} s")
        durable = done - load.started
    worker_cpu = cpu_seconds(workers) - cpu0
    log(
        f"  {server.name:11s} {load.ok}/{len(batch.requests)} ok, {load.rps:5.0f} req/s, "
        f"p99 {load.p99:6.1f} ms"
        + (f", durable after {durable:.2f} s" if durable is not None else "")
    )
    return Round(load, worker_cpu, durable)


def measure(
    servers: dict[Target, Server], interview: Interview, args: argparse.Namespace
) -> tuple[dict[str, TargetRun], Tally]:
    """A warm-up per target, then ``args.rounds`` rounds alternating which target goes first."""
    tally = Tally()
    order = tuple(servers)
    rounds: dict[Target, list[Round]] = {t: [] for t in order}
    mine = {t: interview if t.app == "designdrill" else None for t in order}
    log("warm-up")
    for t in order:
        one_round(servers[t], tally.batch(args.warmup, "W"), mine[t], tally, args.concurrency)
    per_round = args.requests // args.rounds
    for n in range(args.rounds):
        log(f"round {n + 1}/{args.rounds}")
        for t in order if n % 2 == 0 else order[::-1]:
            batch = tally.batch(per_round, "M")
            rounds[t].append(one_round(servers[t], batch, mine[t], tally, args.concurrency))
    runs = {
        t.name: TargetRun(t.name, combine([r.load for r in rounds[t]]), tuple(rounds[t]))
        for t in order
    }
    return runs, tally


def verify(interview: Interview, tally: Tally, dds: list[TargetRun]) -> Verification:
    """Every answer sent to DesignDrill stored exactly once, and nothing else stored."""
    sent = {ts for batch in tally.sent for ts in batch.message_ts}
    stored = stored_answer_ts(interview)
    return Verification(
        sent=tally.expected(),
        stored=len(stored),
        distinct=len(set(stored)),
        missing=len(sent - set(stored)),
        unexpected=len(set(stored) - sent),
        events=remembered_events(interview),
        non_200=sum(n for dd in dds for status, n in dd.load.statuses.items() if status != 200),
    )


def run(args: argparse.Namespace) -> tuple[str, bool]:
    conditions = Conditions.now(args)
    with (
        tempfile.TemporaryDirectory(prefix="bench-ack-") as tmp,
        FakeSlack.start() as fake,
        ExitStack() as stack,
    ):
        interview = create_interview(Path(tmp) / "ack.db")
        servers: dict[Target, Server] = {}
        for target in targets(args.pin):
            env = server_env(
                port=free_port(),
                db_url=interview.url,
                slack_api_url=fake.base_url,
                workers=args.workers,
                pin_cpus=target.pinned,
            )
            log(f"{target.name}: starting on 127.0.0.1:{env['PORT']}")
            command = [sys.executable, "-m", "bench.ack_server", target.app]
            servers[target] = stack.enter_context(
                running_server(target.name, env, Path(tmp), command)
            )
        runs, tally = measure(servers, interview, args)
        dds = [runs[t.name] for t in servers if t.app == "designdrill"]
        check = verify(interview, tally, dds)
        conditions = conditions.finished(auth_tests=len(fake.calls("auth.test")))
    report = render(runs, check, conditions)
    return report, passed(runs) and check.ok


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    """Turn SIGTERM into SystemExit so ``finally`` blocks stop the child servers."""
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        report, ok = run(args)
    except WorldError as exc:
        log(f"bench.ack: {exc}")
        return 2
    print(report, end="")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report)
    log(f"written to {args.output}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
