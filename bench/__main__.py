"""``python -m bench``: the scheduler benchmark on SQLite and PostgreSQL (see README.md).

Prints the Markdown report on stdout (progress goes to stderr) and writes it to
``bench/results/latest.md``. Exit status: 0 when every target passes, 1 when one fails,
2 when a database asked for explicitly (``--db postgresql``) cannot be reached.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

from bench.config import FULL, QUICK
from bench.databases import (
    DatabaseUnavailable,
    postgresql_database,
    server_version,
    sqlite_database,
)
from bench.fixtures import build_fixtures
from bench.report import all_passed, render
from bench.scenario import DbResult, log, run_database

RESULTS = Path(__file__).resolve().parent / "results"
DATABASES: dict[str, tuple[str, Callable[[], AbstractContextManager[str]]]] = {
    "sqlite": ("SQLite", sqlite_database),
    "postgresql": ("PostgreSQL", postgresql_database),
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Scheduler tick latency, idle scaling and memory on SQLite and PostgreSQL.",
    )
    parser.add_argument("--quick", action="store_true", help="smaller sizes (a smoke run)")
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument(
        "--output", type=Path, default=RESULTS / "latest.md", help="where to write the report"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="cProfile the main ticks; writes bench/results/profile-<db>.txt",
    )
    return parser.parse_args(argv)


def _selected(choice: str) -> Iterator[str]:
    yield from DATABASES if choice == "both" else (choice,)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = QUICK if args.quick else FULL
    load_before = os.getloadavg()[0]
    log("building states with the engine and the built-in content")
    fixtures = build_fixtures()
    results: list[DbResult] = []
    skipped: list[str] = []
    for key in _selected(args.db):
        name, database = DATABASES[key]
        profile = RESULTS / f"profile-{key}.txt" if args.profile else None
        if profile is not None:
            profile.parent.mkdir(parents=True, exist_ok=True)
        try:
            with database() as url:
                results.append(
                    run_database(
                        name,
                        url,
                        server_version(url),
                        sizes=sizes,
                        fixtures=fixtures,
                        profile_path=profile,
                    )
                )
        except DatabaseUnavailable as error:
            if args.db != "both":
                print(f"error: {error}", file=sys.stderr)
                return 2
            skipped.append(f"{name} skipped: {error}")
            log(f"[{name}] skipped: {error}")
    load = (load_before, os.getloadavg()[0])
    report = render(results, sizes, quick=args.quick, load=load, skipped=skipped)
    print(report, end="")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report, encoding="utf-8")
    log(f"written to {args.output}")
    return 0 if all_passed(results, sizes) else 1


if __name__ == "__main__":
    sys.exit(main())
