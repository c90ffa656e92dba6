"""The ack benchmark's report (bench/ack_report.py): the verdict follows the p99 of all
requests, and the per-round p99 ratios show when one slow round decided it."""

from __future__ import annotations

from datetime import UTC, datetime

from bench.ack import parse_args
from bench.ack_load import LoadResult
from bench.ack_report import (
    Conditions,
    Round,
    Runs,
    TargetRun,
    Verification,
    passed,
    render,
    round_p99_ratios,
)


def _round(latencies: list[float]) -> Round:
    load = LoadResult(
        latencies_ms=tuple(latencies),
        started=0.0,
        wall_s=len(latencies) / 1000,
        statuses={200: len(latencies)},
        reconnects=0,
        client_cpu_s=0.0,
    )
    return Round(load, worker_cpu_s=0.0, durable_s=load.wall_s)


def _target(name: str, rounds: list[list[float]]) -> TargetRun:
    made = tuple(_round(r) for r in rounds)
    all_latencies = [x for r in rounds for x in r]
    return TargetRun(name, _round(all_latencies).load, made)


def _runs(bare: list[list[float]], designdrill: list[list[float]]) -> Runs:
    return {
        "bare": _target("bare", bare),
        "designdrill": _target("designdrill", designdrill),
        "control": _target("control", bare),
    }


STEADY = [10.0] * 98 + [40.0, 40.0]  # p99 (nearest rank of 100) 40 ms
SLOW = [10.0] * 98 + [50.0, 50.0]  # p99 50 ms


def test_round_ratios_show_what_the_overall_p99_hides() -> None:
    # Every round DesignDrill's p99 is 1.25x the bare app's, but one bare round stalls for
    # 200 ms on 5 requests: over all requests, the bare p99 jumps and DesignDrill passes.
    stalled = [10.0] * 95 + [200.0] * 5
    runs = _runs(bare=[STEADY, stalled, STEADY, STEADY], designdrill=[SLOW, SLOW, SLOW, SLOW])

    assert [round(r, 2) for r in round_p99_ratios(runs)] == [1.25, 0.25, 1.25, 1.25]
    assert passed(runs)
    report = render(runs, _verification(), _conditions())
    assert "median of the rounds' own p99 ratios 1.25 (control/bare 1.00)" in report
    assert "per round 1.25, 0.25, 1.25, 1.25" in report


def _verification() -> Verification:
    return Verification(
        sent=400, stored=400, distinct=400, missing=0, unexpected=0, events=400, non_200=0
    )


def _conditions() -> Conditions:
    return Conditions(
        args=parse_args(["--requests", "400", "--rounds", "4"]),
        started=datetime(2026, 12, 2, tzinfo=UTC),
        load_before=0.5,
    )
