"""One database's whole run: grow the population step by step and measure at each size.

The population only ever grows (inserting is the slow part; deleting would waste it), so
the sizes are visited in increasing order: the idle-scaling steps and the main 10,000-live
measurement interleave, and the memory children run at the main size.
"""

from __future__ import annotations

import cProfile
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.clock import FakeClock
from bench.config import Sizes
from bench.fixtures import Fixtures
from bench.measure import (
    TickRun,
    captured_statements,
    explain_claim,
    profile_report,
    run_ticks,
    scheduler_tick,
)
from bench.memory import MemoryReport, measure_in_child
from bench.populate import Populator, Rearmer
from bot.interviews.service import InterviewService
from bot.server.runtime import settle_heap
from storage.db import make_engine
from storage.repository import Store


@dataclass
class DbResult:
    """Everything measured on one database."""

    name: str
    version: str
    main: TickRun | None = None
    scaling: list[TickRun] = field(default_factory=list)
    memory: list[MemoryReport] = field(default_factory=list)
    plan: str = ""
    statements_per_tick: int = 0
    populate_seconds: float = 0.0
    total_seconds: float = 0.0


def log(message: str) -> None:
    """Progress on stderr, so stdout carries only the report."""
    print(message, file=sys.stderr, flush=True)


def count_statements(service: InterviewService, rearm: Rearmer, *, due: int) -> int:
    """SQL statements one tick of ``due`` interviews sends: the round trips it pays for."""
    rearm(due)
    with captured_statements(rearm.engine) as seen:
        scheduler_tick(service)
    return len(seen)


def run_database(
    name: str,
    url: str,
    version: str,
    *,
    sizes: Sizes,
    fixtures: Fixtures,
    profile_path: Path | None = None,
) -> DbResult:
    started = time.perf_counter()
    result = DbResult(name=name, version=version)
    engine = make_engine(url)
    clock = FakeClock()
    service = InterviewService(store=Store(engine), content=fixtures.content, clock=clock)
    populator = Populator(engine, fixtures.idle)
    rearm = Rearmer(engine, fixtures.due, now=clock())
    steps = sorted([(sizes.live, True)] + [(idle + sizes.due, False) for idle in sizes.idle_steps])
    try:
        for live, is_main in steps:
            log(f"[{name}] populating to {live:,} live interviews")
            t0 = time.perf_counter()
            populator.grow_to(live)
            result.populate_seconds += time.perf_counter() - t0
            rearm.refresh()
            settle_heap()  # as the worker does once it has started (bot.server.runtime.build)
            if is_main:
                profile = cProfile.Profile() if profile_path else None
                log(f"[{name}] {sizes.ticks} ticks at {live:,} live / {sizes.due} due")
                result.main = run_ticks(
                    service,
                    rearm,
                    live=live,
                    due=sizes.due,
                    ticks=sizes.ticks,
                    warmup=sizes.warmup,
                    profile=profile,
                )
                result.statements_per_tick = count_statements(service, rearm, due=sizes.due)
                if profile is not None and profile_path is not None:
                    profile_report(profile, profile_path)
                    log(f"[{name}] profile written to {profile_path}")
                for mode in ("states", "ticks"):
                    log(f"[{name}] memory ({mode}) in a child process")
                    result.memory.append(
                        measure_in_child(mode, url, ticks=sizes.memory_ticks, due=sizes.due)
                    )
            else:
                log(f"[{name}] {sizes.scaling_ticks} ticks at {live - sizes.due:,} idle")
                result.scaling.append(
                    run_ticks(
                        service,
                        rearm,
                        live=live,
                        due=sizes.due,
                        ticks=sizes.scaling_ticks,
                        warmup=sizes.warmup,
                    )
                )
        rearm(sizes.due)
        result.plan = explain_claim(service, engine)
    finally:
        engine.dispose()
    result.total_seconds = time.perf_counter() - started
    return result
