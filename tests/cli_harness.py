"""Run `python -m bot` in a subprocess and read its output as it arrives."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

from storage.db import make_engine
from storage.models import OutboxItem
from storage.repository import Store

ROOT = Path(__file__).resolve().parents[1]

BLITZ = """\
schema: 1
formats:
  - id: blitz
    title: Blitz (test format)
    description: Seconds-long phases so tests can sit through a whole interview.
    silence_after: {silence}
    late_grace: {late_grace}
    overrun_after: 2s
    default_extension: 2s
    phases:
{phases}
"""
PHASES = ("functional", "non_functional", "api", "high_level", "schema", "end_to_end", "deep_dives")


def write_blitz(
    directory: Path,
    *,
    seconds: int = 2,
    silence: str = "1h",
    late_grace: str = "30s",
    auto_advance: bool = True,
) -> Path:
    """A PROMPTS_DIR with a `blitz` format: every phase lasts ``seconds``, nudge at half;
    with ``auto_advance`` False every phase waits for the participants to move on."""
    phases = "".join(
        f"      - id: {p}\n        title: {p.replace('_', ' ').title()}\n"
        f"        budget: {seconds}s\n        covers: [the {p.replace('_', ' ')} part]\n"
        f"        nudges: [{{at: 0.5}}]\n        auto_advance: {str(auto_advance).lower()}\n"
        for p in PHASES
    )
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "formats.yaml").write_text(
        BLITZ.format(phases=phases, silence=silence, late_grace=late_grace)
    )
    return directory


PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy")
"""slack_sdk would send even a request to 127.0.0.1 through a proxy set in these: the
fakes are always reached directly."""


def env_for(db: Path, prompts: Path | None = None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "DATABASE_")) and k not in PROXY_VARIABLES
    }
    env["DATABASE_URL"] = f"sqlite:///{db}"
    env["PYTHONUNBUFFERED"] = "1"
    env["USER"] = "tester"
    if prompts:
        env["PROMPTS_DIR"] = str(prompts)
    return env


def run(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


class Live:
    """A running `python -m bot ...` whose stdout is collected line by line."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            cwd=ROOT,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def send(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text)
        self.proc.stdin.flush()

    def close_stdin(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()

    def wait_for(self, pattern: str, timeout: float = 30) -> str:
        """Block until a line matches ``pattern`` (a regex); fail with the output so far."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern)
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if regex.search(line):
                    return line
            if self.proc.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.05)
        raise AssertionError(f"no line matching {pattern!r} in:\n{self.text}")

    def wait_count(self, pattern: str, count: int, timeout: float = 30) -> None:
        """Block until ``count`` lines match ``pattern``."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern)
        while time.monotonic() < deadline:
            if sum(1 for line in list(self.lines) if regex.search(line)) >= count:
                return
            time.sleep(0.05)
        raise AssertionError(f"fewer than {count} lines matching {pattern!r} in:\n{self.text}")

    def finish(self, timeout: float = 60) -> int:
        code = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=5)
        return code


def messages(output: str) -> list[str]:
    """The bot's messages in printed order: each starts at a '── Title · time ──' header."""
    blocks: list[list[str]] = []
    for line in output.splitlines():
        if line.startswith("── "):
            blocks.append([line.split(" · ")[0]])
        elif blocks and line.strip():
            blocks[-1].append(line)
    return ["\n".join(b) for b in blocks]


def outbox(db: Path) -> list[OutboxItem]:
    """Every outbox item of the SQLite database ``db``, delivered or not, in id order."""
    engine = make_engine(f"sqlite:///{db}")
    try:
        with Store(engine).transaction() as tx:
            return tx.all_outbox()
    finally:
        engine.dispose()


def process_running(pid: int) -> bool:
    """Whether ``pid`` is alive (a zombie has exited; only its parent's wait is missing)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"
