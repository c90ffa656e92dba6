"""The Markdown report: one verdict table, then the details behind each verdict.

Verdicts are computed here and nowhere else, so the printed PASS/FAIL and the exit code
of ``python -m bench`` cannot disagree.
"""

from __future__ import annotations

import os
import platform
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from bench.config import FLAT_RATIO, FLAT_SLACK_MS, MEMORY_TARGET_MB, TICK_TARGET_MS, Sizes
from bench.measure import TickRun, Timings
from bench.memory import MemoryReport
from bench.scenario import DbResult


@dataclass(frozen=True)
class Cell:
    text: str
    passed: bool | None = None
    """None: reported without a target."""

    def render(self) -> str:
        if self.passed is None:
            return self.text
        return f"{self.text} **{'PASS' if self.passed else 'FAIL'}**"


def _ms(value: float) -> str:
    return f"{value:.1f} ms" if value >= 10 else f"{value:.2f} ms"


def _under(value: float, target: float, unit: str = "ms") -> Cell:
    text = _ms(value) if unit == "ms" else f"{value:.0f} MB"
    return Cell(text, value < target)


def _flat(runs: Sequence[TickRun], pick: str) -> Cell:
    """Medians from the smallest to the largest idle count, flat if the largest is within
    ``FLAT_RATIO`` of the smallest (plus ``FLAT_SLACK_MS`` of noise)."""
    medians = [getattr(run, pick).median for run in runs]
    if len(medians) < 2:
        return Cell("n/a")
    ok = medians[-1] <= medians[0] * FLAT_RATIO + FLAT_SLACK_MS
    return Cell(" → ".join(_ms(m) for m in medians), ok)


def _memory(result: DbResult, mode: str) -> MemoryReport | None:
    return next((m for m in result.memory if m.mode == mode), None)


def verdict_rows(results: Sequence[DbResult], sizes: Sizes) -> list[tuple[str, str, list[Cell]]]:
    """(measure, target, one cell per database) for the summary table."""
    idle = " / ".join(f"{n:,}" for n in sizes.idle_steps)
    rows: list[tuple[str, str, list[Cell]]] = []

    def main(pick: str) -> list[Cell]:
        cells = []
        for r in results:
            timings: Timings | None = getattr(r.main, "tick", None)
            cells.append(_under(getattr(timings, pick), TICK_TARGET_MS) if timings else Cell("-"))
        return cells

    rows.append((f"tick, {sizes.label}: median", f"< {TICK_TARGET_MS:.0f} ms", main("median")))
    rows.append((f"tick, {sizes.label}: p99", f"< {TICK_TARGET_MS:.0f} ms", main("p99")))
    flat = f"flat (≤ {FLAT_RATIO}× + {FLAT_SLACK_MS:.0f} ms)"
    rows.append((f"tick median at {idle} idle", flat, [_flat(r.scaling, "tick") for r in results]))
    rows.append(
        (f"claim_due median at {idle} idle", flat, [_flat(r.scaling, "claim") for r in results])
    )
    states = [_memory(r, "states") for r in results]
    rows.append(
        (
            f"RSS holding {sizes.live:,} states (peak)",
            f"< {MEMORY_TARGET_MB:.0f} MB",
            [_under(m.peak_mb, MEMORY_TARGET_MB, "MB") if m else Cell("-") for m in states],
        )
    )
    rows.append(
        (
            f"SQL statements per tick ({sizes.due} due)",
            "reported",
            [Cell(f"{r.statements_per_tick:,}") for r in results],
        )
    )
    ticking = [_memory(r, "ticks") for r in results]
    rows.append(
        (
            f"RSS of a worker ticking over {sizes.live:,} live (peak)",
            "reported",
            [Cell(f"{m.peak_mb:.0f} MB") if m else Cell("-") for m in ticking],
        )
    )
    return rows


def all_passed(results: Sequence[DbResult], sizes: Sizes) -> bool:
    return all(
        cell.passed is not False for _, _, cells in verdict_rows(results, sizes) for cell in cells
    )


def render(
    results: Sequence[DbResult],
    sizes: Sizes,
    *,
    quick: bool,
    load: tuple[float, float],
    skipped: Sequence[str] = (),
) -> str:
    """The report. ``load`` is the 1-minute load average before and after the run: on a
    shared machine it says how much other work competed for the cores."""
    out = [
        "# DesignDrill scheduler benchmark",
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {'QUICK (indicative only)' if quick else 'full'}"
        f" run · {os.cpu_count()} CPUs · Python {platform.python_version()} · "
        + " · ".join(r.version for r in results),
        "",
        f"Each tick advances {sizes.due} due interviews (`service.tick(limit=200, "
        "defer_retrospectives=True)` as the scheduler calls it: claim, engine, save, "
        f"outbox); {sizes.ticks} ticks after {sizes.warmup} warm-up; p99 is "
        "nearest-rank (with fewer than 100 ticks, the slowest one). Memory is measured in "
        "fresh child processes.",
        "",
        f"Load average (1 min) before / after: {load[0]:.2f} / {load[1]:.2f} on "
        f"{os.cpu_count()} CPUs. Wall times include any competition for the cores; "
        "*tick CPU* (below) is this process's own CPU time and does not.",
        "",
        "| measure | target | " + " | ".join(r.name for r in results) + " |",
        "|---|---|" + "---|" * len(results),
    ]
    for measure, target, cells in verdict_rows(results, sizes):
        out.append(f"| {measure} | {target} | " + " | ".join(c.render() for c in cells) + " |")
    for note in skipped:
        out += ["", f"> {note}"]
    out += [
        "",
        "## Idle scaling (ms)",
        "",
        "| database | idle | live | tick median | tick p99 | tick CPU median "
        "| claim_due median | claim_due p99 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        runs = sorted([*r.scaling, *([r.main] if r.main else [])], key=lambda run: run.live)
        for run in runs:
            out.append(
                f"| {r.name} | {run.idle:,} | {run.live:,} | {run.tick.median:.2f} | "
                f"{run.tick.p99:.2f} | {run.tick_cpu.median:.2f} | {run.claim.median:.2f} | "
                f"{run.claim.p99:.2f} |"
            )
    out += [
        "",
        "## Memory (MB)",
        "",
        "| database | process | rows | after imports | RSS when done | peak RSS |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for r in results:
        for m in r.memory:
            what = "holding states" if m.mode == "states" else "worker ticking"
            rows = f"{m.count:,}" if m.mode == "states" else f"{sizes.live:,} ({m.count} ticks)"
            out.append(
                f"| {r.name} | {what} | {rows} | {m.baseline_mb:.0f} | {m.rss_mb:.0f} | "
                f"{m.peak_mb:.0f} |"
            )
    out += ["", "## The claim query's plan (at the largest size)", ""]
    for r in results:
        out += [f"{r.name}:", "", "```", r.plan, "```", ""]
    out.append(
        "Run time: "
        + ", ".join(
            f"{r.name} {r.total_seconds:.0f} s (of which populating {r.populate_seconds:.0f} s)"
            for r in results
        )
    )
    return "\n".join(out) + "\n"
