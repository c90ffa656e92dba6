"""The engine must stay a pure state machine: no Slack, scheduler, database or clock."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[1] / "bot" / "engine"
FORBIDDEN_MODULES = (
    "slack_bolt",
    "slack_sdk",
    "apscheduler",
    "sqlmodel",
    "sqlalchemy",
    "storage",
    "time",
)
FORBIDDEN_CALLS = {"now", "utcnow", "today", "time", "monotonic"}


def _modules() -> list[Path]:
    files = sorted(ENGINE.rglob("*.py"))
    assert files, "engine package not found"
    return files


def test_engine_imports_no_slack_scheduler_database_or_clock() -> None:
    offenders = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                root = name.split(".")[0]
                if root in FORBIDDEN_MODULES or name.startswith(
                    ("bot.slack", "bot.server.scheduler")
                ):
                    offenders.append(f"{path.name}: import {name}")
    assert offenders == []


def test_engine_never_reads_the_clock() -> None:
    offenders = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            call = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            if call and node.func.attr in FORBIDDEN_CALLS:  # type: ignore[attr-defined]
                offenders.append(f"{path.name}:{node.lineno}: .{node.func.attr}()")  # type: ignore[attr-defined]
    assert offenders == []


def test_importing_the_engine_loads_none_of_them() -> None:
    code = (
        "import sys, importlib, pkgutil, bot.engine as e\n"
        "for m in pkgutil.iter_modules(e.__path__):\n"
        "    importlib.import_module('bot.engine.' + m.name)\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    modules = loaded.stdout.split()
    assert not [m for m in modules if m.split(".")[0] in FORBIDDEN_MODULES[:-1]]
