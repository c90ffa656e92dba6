"""Timing ``InterviewService.tick`` and ``Tx.claim_due``, and explaining the claim's plan.

Only the calls themselves are timed (``time.perf_counter_ns``); re-arming due rows happens
before the clock starts. Every tick must handle exactly the number of rows made due: a tick
that found more (or fewer) would time something else, so the run stops instead.
"""

from __future__ import annotations

import cProfile
import io
import math
import pstats
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from bot.interviews.service import InterviewService

CLAIM_LIMIT = 200
"""The scheduler's batch size (``service.tick(limit=200)``)."""


def scheduler_tick(service: InterviewService) -> int:
    """The tick as the scheduler's clock calls it (:func:`bot.server.scheduler.run_clock`):
    the retrospectives of the interviews it ends are left to their own pass."""
    return service.tick(limit=CLAIM_LIMIT, defer_retrospectives=True)


class BenchError(Exception):
    """The benchmark's own assumptions broke (e.g. a tick handled the wrong number)."""


@dataclass(frozen=True)
class Timings:
    """Samples in milliseconds. ``p99`` is nearest-rank: with 30 samples it is the slowest."""

    samples_ms: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p99(self) -> float:
        ordered = sorted(self.samples_ms)
        return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


@dataclass(frozen=True)
class TickRun:
    """One measured series: ``live`` interviews, ``due`` of them due before each tick."""

    live: int
    due: int
    tick: Timings
    claim: Timings
    tick_cpu: Timings
    """This process's CPU time per tick: unlike wall time, not inflated when other
    processes compete for the cores (it leaves out PostgreSQL's own work)."""

    @property
    def idle(self) -> int:
        return self.live - self.due


def run_ticks(
    service: InterviewService,
    rearm: Callable[[int], None],
    *,
    live: int,
    due: int,
    ticks: int,
    warmup: int,
    profile: cProfile.Profile | None = None,
) -> TickRun:
    """``warmup`` + ``ticks`` rounds of: make ``due`` rows due, time ``claim_due`` alone
    (in its own transaction, which commits nothing, so the rows stay due), time the tick.

    Warm-up rounds fill caches (statement cache, SQLite page cache, PostgreSQL buffers) and
    are not reported: the scheduler runs every second, so it is always warm.
    """
    tick_ms: list[float] = []
    claim_ms: list[float] = []
    cpu_ms: list[float] = []
    for round_ in range(warmup + ticks):
        rearm(due)
        with service.store.transaction() as tx:
            start = time.perf_counter_ns()
            claimed = len(tx.claim_due(now=service.clock(), limit=CLAIM_LIMIT))
            claim_ns = time.perf_counter_ns() - start
        if profile is not None and round_ >= warmup:
            profile.enable()
        cpu_start, start = time.thread_time_ns(), time.perf_counter_ns()
        handled = scheduler_tick(service)
        tick_ns = time.perf_counter_ns() - start
        cpu_ns = time.thread_time_ns() - cpu_start
        if profile is not None:
            profile.disable()
        if claimed != due or handled != due:
            raise BenchError(f"expected {due} due rows, claim saw {claimed}, tick {handled}")
        if round_ >= warmup:
            tick_ms.append(tick_ns / 1e6)
            claim_ms.append(claim_ns / 1e6)
            cpu_ms.append(cpu_ns / 1e6)
    return TickRun(
        live, due, Timings(tuple(tick_ms)), Timings(tuple(claim_ms)), Timings(tuple(cpu_ms))
    )


@contextmanager
def captured_statements(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """Every (SQL, parameters) the engine sends while the block runs."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def explain_claim(service: InterviewService, engine: Engine) -> str:
    """The database's plan for the claim query exactly as ``claim_due`` sends it.

    The SQL is captured from a real ``claim_due`` call rather than rebuilt here, so the plan
    follows the repository if its query changes. On PostgreSQL it is ``EXPLAIN ANALYZE``
    (real timings and row counts) inside a transaction that is rolled back, which releases
    the ``FOR UPDATE`` locks.
    """
    with captured_statements(engine) as seen, service.store.transaction() as tx:
        tx.claim_due(now=service.clock(), limit=CLAIM_LIMIT)
    statement, parameters = next(s for s in seen if "next_event_at" in s[0])
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            plan = "\n".join(str(row[-1]) for row in rows)
        else:
            rows = connection.exec_driver_sql(
                f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {statement}", parameters
            )
            plan = "\n".join(str(row[0]) for row in rows)
        connection.rollback()
    return f"{' '.join(statement.split())}\n--\n{plan}"


def profile_report(profile: cProfile.Profile, path: Path, *, limit: int = 30) -> None:
    """The profile's top functions by cumulative and by own time, as text."""
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("cumulative").print_stats(limit)
    stats.sort_stats("tottime").print_stats(limit)
    path.write_text(out.getvalue(), encoding="utf-8")
