"""Resident memory, measured in a fresh child process so nothing else inflates it.

The main process holds the benchmark's own data (variants, timings, two database drivers),
so its RSS says nothing about a worker. ``python -m bench.memory MODE URL`` starts clean,
does one thing and prints one JSON line:

* ``states``: load every interview row (the live population) and
  ``InterviewState.from_dict`` each into a list (what a process keeping all live
  interviews in memory would hold);
* ``ticks``: run scheduler ticks over the live interviews, as a worker does.

Reported: ``baseline_mb`` (after imports, before the work), ``rss_mb`` (VmRSS when done)
and ``peak_mb`` (VmHWM, the high-water mark, which is what a container limit meets).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from bench.clock import FakeClock
from bench.fixtures import build_fixtures
from bench.measure import run_ticks
from bench.populate import Rearmer
from bot.engine.state import InterviewState
from bot.interviews.service import InterviewService
from storage.db import make_engine
from storage.models import Interview
from storage.repository import Store

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class MemoryReport:
    mode: str
    count: int
    baseline_mb: float
    rss_mb: float
    peak_mb: float


def _status_mb(field: str) -> float | None:
    """A ``/proc/self/status`` field (kB) in MB, or None off Linux."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _maxrss_mb() -> float:
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, kB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def rss_mb() -> float:
    return _status_mb("VmRSS") or _maxrss_mb()


def peak_mb() -> float:
    return _status_mb("VmHWM") or _maxrss_mb()


def hold_states(url: str) -> int:
    """Load every live interview's engine state and keep them; return the count.

    Streams the state column in batches, as a process holding the interviews would load
    them: materialising 10,000 full ORM rows at once measures SQLAlchemy's peak, not the
    states (and CPython keeps that peak as resident memory afterwards).
    """
    engine = make_engine(url)
    with Session(engine) as session:
        rows = session.exec(select(Interview.state).execution_options(yield_per=500))
        states = [InterviewState.from_dict(dict(state)) for state in rows]
    engine.dispose()
    gc.collect()
    _held.extend(states)
    return len(states)


_held: list[InterviewState] = []
"""Keeps the states alive until the measurement is printed."""


def run_worker_ticks(url: str, *, ticks: int, due: int, generation: int) -> int:
    """Scheduler ticks over the live interviews, as a worker runs them; return the ticks."""
    fixtures = build_fixtures()
    engine = make_engine(url)
    clock = FakeClock()
    service = InterviewService(store=Store(engine), content=fixtures.content, clock=clock)
    rearm = Rearmer(engine, fixtures.due, now=clock(), generation=generation)
    run_ticks(service, rearm, live=0, due=due, ticks=ticks, warmup=0)
    engine.dispose()
    return ticks


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.memory")
    parser.add_argument("mode", choices=("states", "ticks"))
    parser.add_argument("url")
    parser.add_argument("--ticks", type=int, default=20)
    parser.add_argument("--due", type=int, default=100)
    parser.add_argument("--generation", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    gc.collect()
    baseline = rss_mb()
    if args.mode == "states":
        count = hold_states(args.url)
    else:
        count = run_worker_ticks(
            args.url, ticks=args.ticks, due=args.due, generation=args.generation
        )
    report = MemoryReport(args.mode, count, baseline, rss_mb(), peak_mb())
    print(json.dumps(report.__dict__))


def measure_in_child(mode: str, url: str, *, ticks: int = 20, due: int = 100) -> MemoryReport:
    """Run :func:`main` in a fresh interpreter and return what it measured."""
    command = [sys.executable, "-m", "bench.memory", mode, url, "--ticks", str(ticks)]
    command += ["--due", str(due)]
    result = subprocess.run(
        command, cwd=ROOT, env=dict(os.environ), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"memory child failed ({mode}):\n{result.stderr[-2000:]}")
    return MemoryReport(**json.loads(result.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
