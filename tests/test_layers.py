"""The direction of imports: engine <- interviews <- adapters (slack, terminal) <- server,
and modules small enough to read in one sitting.

Adapters parse, make one call into bot.interviews and render: they import nothing from
storage (the rows they read come through bot.interviews.rows), and no adapter or use case
imports the server that starts them.
"""

from __future__ import annotations

import ast
import re
import statistics
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[1] / "bot"

FORBIDDEN = {
    "slack": ("storage", "bot.server", "bot.terminal", "apscheduler", "sqlmodel", "sqlalchemy"),
    "terminal": ("storage", "bot.server", "bot.slack", "slack_bolt", "slack_sdk", "sqlmodel"),
    "interviews": ("bot.server", "bot.slack", "bot.terminal", "slack_bolt", "slack_sdk"),
    "content": ("storage", "bot.interviews", "bot.server", "bot.slack", "bot.terminal"),
}


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_what_lies_below_it(package: str) -> None:
    files = sorted((BOT / package).rglob("*.py"))
    assert files, f"bot/{package} not found"
    offenders = [
        f"{path.relative_to(BOT)}: import {name}"
        for path in files
        for name in _imports(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[package])
    ]
    assert offenders == []


def test_slack_listeners_open_no_transaction() -> None:
    """Storage work belongs to bot.interviews, even through an object passed down."""
    offenders = [
        str(path.relative_to(BOT))
        for package in ("slack", "terminal")
        for path in sorted((BOT / package).rglob("*.py"))
        if re.search(r"\.transaction\(|\.store\b", path.read_text())
    ]
    assert offenders == []


def test_modules_stay_small_enough_to_read_in_one_sitting() -> None:
    """Issue 14's layout rule: one idea per module, so most are short (median under 80
    lines) and none needs scrolling through many (none over 300)."""
    sizes = {
        str(path.relative_to(BOT.parent)): len(path.read_text().splitlines())
        for root in (BOT, BOT.parent / "storage")
        for path in root.rglob("*.py")
    }
    assert sorted(name for name, lines in sizes.items() if lines > 300) == []
    assert statistics.median(sizes.values()) < 80
