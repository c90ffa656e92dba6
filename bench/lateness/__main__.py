"""``python -m bench.lateness [--quick] [--db sqlite|postgresql|both]``: see README.md.

Exit status: 0 when every target passes, 1 when one fails, 2 when the run could not be done
(a process would not start; PostgreSQL unreachable with ``--db postgresql``).
"""

from __future__ import annotations

import argparse
import csv
import signal
import sys
from dataclasses import replace
from pathlib import Path

from bench.databases import DatabaseUnavailable
from bench.lateness import processes
from bench.lateness.config import FULL, QUICK, Sizes
from bench.lateness.report import SetupResult, passed, render
from bench.lateness.run import log, run_setup

RESULTS = Path(__file__).resolve().parents[1] / "results"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.lateness", description=__doc__)
    p.add_argument("--quick", action="store_true", help="small sizes, short phases (~2 min)")
    p.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    p.add_argument("--interviews", type=int, help="override the setup's number of interviews")
    p.add_argument("--burst", type=int, help="override the drills due at once (0: no burst)")
    p.add_argument("--phase-seconds", type=int, help="override every phase's budget")
    p.add_argument("--latency", type=float, default=0.1, help="the fake's answer time (s)")
    p.add_argument("--output", type=Path, default=RESULTS / "lateness.md")
    p.add_argument("--logs", type=Path, help="keep the processes' logs in this directory")
    p.add_argument(
        "--samples", type=Path, help="write every posted message's kind and times (CSV) here"
    )
    return p.parse_args(argv)


def sized(args: argparse.Namespace) -> Sizes:
    sizes = QUICK if args.quick else FULL
    if args.phase_seconds:
        sizes = replace(sizes, phase_s=args.phase_seconds)
    setups = {}
    for key, setup in sizes.setups.items():
        if args.interviews is not None:
            setup = replace(setup, interviews=args.interviews)
        if args.burst is not None:
            setup = replace(setup, burst=args.burst, burst_channels=max(1, args.burst // 5))
        setups[key] = setup
    return replace(sizes, setups=setups)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Stopped by a signal, still stop the app's processes and drop the schema.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    sizes = sized(args)
    results, skipped = [], []
    keys = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    for key in keys:
        setup = sizes.setups[key]
        try:
            results.append(run_setup(setup, sizes, latency=args.latency, keep_logs=args.logs))
        except DatabaseUnavailable as error:
            if args.db != "both":
                print(f"bench.lateness: {error}", file=sys.stderr)
                return 2
            skipped.append(f"{setup.name} skipped: {error}")
        except processes.RunError as error:
            print(f"bench.lateness: {setup.name}: {error}", file=sys.stderr)
            return 2
    report = render(results, sizes, quick=args.quick, latency=args.latency, skipped=skipped)
    print(report, end="")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report, encoding="utf-8")
    log(f"written to {args.output}")
    if args.samples:
        write_samples(args.samples, results)
    return 0 if passed(results) else 1


def write_samples(path: Path, results: list[SetupResult]) -> None:
    """One row per posted message of the interviews: when it was due, queued and posted,
    to see *when* in a run the late ones were (the report gives only the spread)."""
    with path.open("w", newline="", encoding="utf-8") as out:
        rows = csv.writer(out)
        rows.writerow(["setup", "kind", "due", "queued", "posted"])
        for result in results:
            for kind, due, queued, posted in sorted(result.figures.samples, key=lambda s: s[1]):
                rows.writerow(
                    [result.setup.key, kind, f"{due:.3f}", f"{queued:.3f}", f"{posted:.3f}"]
                )
    log(f"samples written to {path}")


if __name__ == "__main__":
    sys.exit(main())
