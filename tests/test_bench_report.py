"""The ack benchmark's report (bench/ack_report.py): the verdict follows the p99 of all
requests, against the bare app with the same settings and against its best figure of both
settings; the per-round p99 ratios show when one slow round decided it."""

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


def _runs(
    bare: list[list[float]],
    designdrill: list[list[float]],
    bare_unpinned: list[list[float]] | None = None,
) -> Runs:
    runs = {
        "bare": _target("bare", bare),
        "designdrill": _target("designdrill", designdrill),
        "control": _target("control", bare),
    }
    if bare_unpinned is not None:
        runs["bare-unpinned"] = _target("bare-unpinned", bare_unpinned)
        runs["designdrill-unpinned"] = _target("designdrill-unpinned", designdrill)
    return runs


STEADY = [10.0] * 98 + [40.0, 40.0]  # p99 (nearest rank of 100) 40 ms
SLOW = [10.0] * 98 + [50.0, 50.0]  # p99 50 ms


def test_round_ratios_show_what_the_overall_p99_hides() -> None:
    # Every round DesignDrill's p99 is 1.25x the bare app's, but one bare round stalls for
    # 200 ms on 5 requests: over all requests, the bare p99 jumps and DesignDrill passes.
    stalled = [10.0] * 95 + [200.0] * 5
    runs = _runs(bare=[STEADY, stalled, STEADY, STEADY], designdrill=[SLOW, SLOW, SLOW, SLOW])

    assert [round(r, 2) for r in round_p99_ratios(runs)] == [1.25, 0.25, 1.25, 1.25]
    assert passed(runs)
    report = render(runs, _verification(), _conditions("on"))
    assert "median of the rounds' own p99 ratios 1.25; per round 1.25, 0.25, 1.25, 1.25" in report
    assert "p99 1.00 (median of the rounds' 1.00)" in report  # the noise floor


def test_with_both_settings_the_bare_apps_best_p99_must_be_met_too() -> None:
    # Pinned, the bare app's tail is long (60 ms) and DesignDrill's (50 ms) beats it; the
    # bare app not pinned has a p99 of 30 ms: against that best figure, DesignDrill fails.
    tail_60 = [10.0] * 98 + [60.0, 60.0]
    tail_30 = [10.0] * 98 + [30.0, 30.0]
    runs = _runs(bare=[tail_60] * 2, designdrill=[SLOW] * 2, bare_unpinned=[tail_30] * 2)

    assert not passed(runs)
    report = render(runs, _verification(), _conditions("both"))
    assert "DesignDrill/bare (pinned): p99 ratio **0.83** (target <= 1.3) PASS" in report
    assert (
        "best of both settings (most req/s, lowest p99): "
        "throughput **1.00** PASS, p99 **1.67** FAIL" in report
    )
    assert "not pinned (the default), for comparison: p99 ratio **1.67**" in report
    assert report.rstrip().endswith("**FAIL**")

    fine = _runs(bare=[tail_60] * 2, designdrill=[SLOW] * 2, bare_unpinned=[STEADY] * 2)
    assert passed(fine)  # 50 ms against the best bare p99 of 40: 1.25x


def _verification() -> Verification:
    return Verification(
        sent=400, stored=400, distinct=400, missing=0, unexpected=0, events=400, non_200=0
    )


def _conditions(pin: str) -> Conditions:
    return Conditions(
        args=parse_args(["--requests", "400", "--rounds", "4", "--pin", pin]),
        started=datetime(2026, 12, 2, tzinfo=UTC),
        load_before=0.5,
    )
