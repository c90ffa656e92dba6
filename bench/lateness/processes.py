"""The app's own processes (``python -m bot run | web | worker``), started as in
production against the fake Slack Web API, and stopped by their own ids."""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from bench.app_process import app_process
from tests.fakes import slack_requests as req
from tests.helpers import free_port

READY_S = 90.0


class RunError(Exception):
    """The run itself failed (a process would not start); the message says which."""


@dataclass(frozen=True)
class Deployment:
    events_url: str
    """Where Slack's signed requests go (``/slack/events`` of the process serving HTTP)."""
    pids: list[int]
    logs: Path


def start(
    stack: ExitStack,
    commands: list[str],
    *,
    database_url: str,
    slack_url: str,
    prompts: Path,
    logs: Path,
) -> Deployment:
    """Start ``commands`` in order; return once each serves (HTTP) or runs its scheduler."""
    pids, url = [], ""
    for n, command in enumerate(commands):
        port = free_port()
        log = logs / f"{n}-{command}.log"
        process = stack.enter_context(
            app_process(command, _env(database_url, slack_url, prompts, port), log)
        )
        pids.append(process.pid)
        if command == "worker":
            _wait_for_line(process, log, "scheduler started")
        else:
            _wait_http(process, port, log)
            url = f"http://127.0.0.1:{port}/slack/events"
    return Deployment(url, pids, logs)


def _env(database_url: str, slack_url: str, prompts: Path, port: int) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "WEB_", "DATABASE_", "PROMPTS_"))
        and k.lower() not in ("http_proxy", "https_proxy")
    }
    return env | {
        "DATABASE_URL": database_url,
        "PROMPTS_DIR": str(prompts),
        "PORT": str(port),
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_SIGNING_SECRET": req.SIGNING_SECRET,
        "SLACK_API_URL": slack_url,
        "WEB_CONCURRENCY": "1",
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    }


def _wait_http(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + READY_S
    while time.monotonic() < deadline:
        _check_alive(process, log)
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RunError(f"{log.name}: no answer within {READY_S:.0f} s:\n{_tail(log)}")


def _wait_for_line(process: subprocess.Popen[bytes], log: Path, text: str) -> None:
    deadline = time.monotonic() + READY_S
    while time.monotonic() < deadline:
        _check_alive(process, log)
        if text in log.read_text(errors="replace"):
            return
        time.sleep(0.1)
    raise RunError(f"{log.name}: no {text!r} within {READY_S:.0f} s:\n{_tail(log)}")


def _check_alive(process: subprocess.Popen[bytes], log: Path) -> None:
    if process.poll() is not None:
        raise RunError(f"{log.name} exited at start-up:\n{_tail(log)}")


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:]


def error_lines(logs: Path, limit: int = 8) -> list[str]:
    """The last error and warning lines of every process: what went wrong, for the report."""
    out = []
    for log in sorted(logs.iterdir()):
        lines = log.read_text(errors="replace").splitlines()
        shown = [ln for ln in lines if " ERROR " in ln or "Traceback" in ln][-limit:]
        out += [f"{log.name}: {ln}" for ln in shown]
    return out
