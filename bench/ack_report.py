"""The results of ``python -m bench.ack`` and their Markdown report.

The verdict is relative (DesignDrill against a bare Bolt app measured in the same run on the
same machine), because absolute req/s on a shared 2-core box say more about the box.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import statistics
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from importlib.metadata import version

from bench.ack_load import LoadResult
from bot.slack.http import GunicornServer

MIN_THROUGHPUT_RATIO = 0.7
MAX_P99_RATIO = 1.3


@dataclass(frozen=True)
class Round:
    load: LoadResult
    worker_cpu_s: float
    """CPU of the gunicorn worker(s) from the round's start until its answers were stored."""
    durable_s: float | None = None
    """DesignDrill: from the round's first request until all its answers were stored."""


@dataclass(frozen=True)
class TargetRun:
    name: str
    load: LoadResult
    """All measured rounds as one: every latency sample, summed wall time."""
    rounds: tuple[Round, ...]

    @property
    def cpu_ms_per_request(self) -> float:
        return 1000 * sum(r.worker_cpu_s for r in self.rounds) / len(self.load.latencies_ms)


@dataclass(frozen=True)
class Verification:
    sent: int
    stored: int
    distinct: int
    missing: int
    unexpected: int
    events: int
    non_200: int

    @property
    def ok(self) -> bool:
        return (
            self.stored == self.distinct == self.sent == self.events
            and self.missing == self.unexpected == self.non_200 == 0
        )


@dataclass(frozen=True)
class Conditions:
    """What the figures depend on: sizes, server settings, and how busy the machine was."""

    args: argparse.Namespace
    started: datetime
    load_before: float
    load_after: float = 0.0
    auth_tests: int = 0

    @classmethod
    def now(cls, args: argparse.Namespace) -> Conditions:
        return cls(args=args, started=datetime.now(UTC), load_before=os.getloadavg()[0])

    def finished(self, *, auth_tests: int) -> Conditions:
        return replace(self, load_after=os.getloadavg()[0], auth_tests=auth_tests)


Runs = dict[str, TargetRun]
"""By target name: ``bare``, ``designdrill``, ``control``, and with both settings also
``bare-unpinned`` and ``designdrill-unpinned``."""
UNPINNED_BARE, UNPINNED_DD = "bare-unpinned", "designdrill-unpinned"


def ratios(runs: Runs, name: str = "designdrill", base: str = "bare") -> tuple[float, float]:
    """(throughput ``name``/``base``, p99 ``name``/``base``)."""
    bare, other = runs[base], runs[name]
    return other.load.rps / bare.load.rps, other.load.p99 / bare.load.p99


def best_bare_ratios(runs: Runs) -> tuple[float, float] | None:
    """DesignDrill (as run for the verdict) against the bare app's better figure of its two
    settings, pinned or not: the most requests per second of either, the lowest p99 of
    either. None when the run had only one setting."""
    if UNPINNED_BARE not in runs:
        return None
    dd, bares = runs["designdrill"].load, (runs["bare"].load, runs[UNPINNED_BARE].load)
    return dd.rps / max(b.rps for b in bares), dd.p99 / min(b.p99 for b in bares)


def _meets(throughput: float, p99: float) -> bool:
    return throughput >= MIN_THROUGHPUT_RATIO and p99 <= MAX_P99_RATIO


def passed(runs: Runs) -> bool:
    """Both targets against the bare app with the same settings, and, when the run had
    both settings, against the bare app's best of them."""
    best = best_bare_ratios(runs)
    return _meets(*ratios(runs)) and (best is None or _meets(*best))


def _mark(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _header(c: Conditions) -> list[str]:
    a = c.args
    options = GunicornServer(lambda *_: None, port=0).options
    return [
        "# DesignDrill ack benchmark: thread answers",
        "",
        f"{c.started:%Y-%m-%d %H:%M} UTC · {os.cpu_count()} CPUs · load average "
        f"{c.load_before:.2f} before, {c.load_after:.2f} after · Python "
        f"{platform.python_version()} · SQLite {sqlite3.sqlite_version} · slack-bolt "
        f"{version('slack-bolt')} · slack-sdk {version('slack-sdk')} · gunicorn "
        f"{version('gunicorn')}",
        "",
        f"{a.requests} signed `message` events (thread replies, distinct event_id and ts, "
        f"8 users) per target in {a.rounds} rounds of alternating order, after {a.warmup} "
        f"warm-up; {a.concurrency} in flight over keep-alive HTTP to 127.0.0.1; gunicorn "
        f"{options['worker_class']}, {a.workers} worker(s) x {options['threads']} threads "
        f"(`GunicornServer`), {_PINNING[a.pin]} Latency: request sent to ack read, p99 "
        "nearest-rank. `control` is a second bare app: its distance from `bare` is this "
        "run's noise.",
        "",
    ]


_PINNING = {
    "on": "each worker held to one CPU (`WEB_PIN_CPUS=1`).",
    "off": "workers not held to a CPU (`WEB_PIN_CPUS=0`, the default).",
    "both": "each worker held to one CPU (`WEB_PIN_CPUS=1`, the setting for a machine of "
    "its own), and the bare app and DesignDrill again with the default (`-unpinned`, "
    "`WEB_PIN_CPUS=0`). The verdict is the pinned run's, against the bare app with the "
    "same setting and against the bare app's best figure of either setting.",
}


def _table(runs: Runs) -> list[str]:
    lines = [
        "| target | p50 ms | p99 ms | max ms | req/s | worker CPU ms/answer | non-200 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs.values():
        load = run.load
        lines.append(
            f"| {run.name} | {load.p50:.1f} | {load.p99:.1f} | {load.max:.1f} | {load.rps:.0f} "
            f"| {run.cpu_ms_per_request:.2f} | {len(load.latencies_ms) - load.ok} |"
        )
    return lines


def _durable(dd: TargetRun) -> str:
    times = [r.durable_s for r in dd.rounds if r.durable_s is not None]
    total, acks = sum(times), [r.load.wall_s for r in dd.rounds]
    answers = len(dd.load.latencies_ms)
    return (
        f"- answers durable after **{total:.1f} s** for all {answers} "
        f"(each round of {answers // len(dd.rounds)}: {min(times):.1f}–{max(times):.1f} s "
        f"after its first request, its acks all sent after {statistics.median(acks):.1f} s); "
        f"storing rate {answers / total:.0f} answers/s"
    )


def _round_ratios(
    runs: Runs, name: str, base: str, metric: Callable[[LoadResult], float]
) -> list[float]:
    """``metric`` of each round of ``name`` over ``base``'s in the same round."""
    pairs = zip(runs[base].rounds, runs[name].rounds, strict=True)
    return [metric(o.load) / metric(b.load) for b, o in pairs]


def _per_round(runs: Runs, name: str, base: str = "bare") -> str:
    """Each round's throughput ratio, for the report."""
    return ", ".join(f"{r:.2f}" for r in _round_ratios(runs, name, base, lambda x: x.rps))


def round_p99_ratios(runs: Runs, name: str = "designdrill", base: str = "bare") -> list[float]:
    """Each round's p99 of ``name`` over ``base``'s in the same round. Their median is a
    steadier reading than the p99 of all requests, which one slow round of either app (a
    neighbour's burst on a shared machine) moves on its own."""
    return _round_ratios(runs, name, base, lambda x: x.p99)


def _comparison(runs: Runs, name: str, base: str, label: str) -> list[str]:
    throughput, p99 = ratios(runs, name, base)
    by_round = round_p99_ratios(runs, name, base)
    return [
        f"- {label}: throughput ratio **{throughput:.2f}** (target >= {MIN_THROUGHPUT_RATIO}) "
        f"{_mark(throughput >= MIN_THROUGHPUT_RATIO)}; per round " + _per_round(runs, name, base),
        f"- {label}: p99 ratio **{p99:.2f}** (target <= {MAX_P99_RATIO}) "
        f"{_mark(p99 <= MAX_P99_RATIO)}; median of the rounds' own p99 ratios "
        f"{statistics.median(by_round):.2f}; per round " + ", ".join(f"{r:.2f}" for r in by_round),
    ]


def render(runs: Runs, check: Verification, c: Conditions) -> str:
    pinned = "pinned" if c.args.pin != "off" else "not pinned"
    noise_tput, noise_p99 = ratios(runs, "control")
    noise_rounds = statistics.median(round_p99_ratios(runs, "control"))
    lines = [*_header(c), *_table(runs), ""]
    lines += _comparison(runs, "designdrill", "bare", f"DesignDrill/bare ({pinned})")
    best = best_bare_ratios(runs)
    if best is not None:
        throughput, p99 = best
        lines.append(
            "- DesignDrill/the bare app's best of both settings (most req/s, lowest p99): "
            f"throughput **{throughput:.2f}** {_mark(throughput >= MIN_THROUGHPUT_RATIO)}, p99 "
            f"**{p99:.2f}** {_mark(p99 <= MAX_P99_RATIO)}"
        )
        lines += _comparison(
            runs, UNPINNED_DD, UNPINNED_BARE, "not pinned (the default), for comparison"
        )
    lines += [
        f"- noise floor, control/bare (identical apps): throughput {noise_tput:.2f}, p99 "
        f"{noise_p99:.2f} (median of the rounds' {noise_rounds:.2f}); "
        "per round " + _per_round(runs, "control"),
        _durable(runs["designdrill"]),
        f"- verification: sent {check.sent} (warm-up included), stored {check.stored} "
        f"({check.distinct} distinct ts), missing {check.missing}, unexpected "
        f"{check.unexpected}, event ids remembered {check.events}, non-200 acks "
        f"{check.non_200}: {_mark(check.ok)}",
        f"- auth.test calls seen by the fake Slack: {c.auth_tests} (for {len(runs)} app "
        f"starts); client reconnects {sum(r.load.reconnects for r in runs.values())}; load "
        "generator CPU " + ", ".join(f"{n} {r.load.client_cpu_s:.1f} s" for n, r in runs.items()),
        "",
        f"**{_mark(passed(runs) and check.ok)}**",
    ]
    return "\n".join(lines) + "\n"
