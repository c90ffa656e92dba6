"""The world ``python -m bench.ack`` runs in: a SQLite file holding one running interview,
the fake Slack Web API, and the servers under test as child processes on 127.0.0.1.

Child processes are started in a session of their own and always stopped by their id (the
gunicorn arbiter first, with its quick shutdown; then its process group, forcibly), even
when the run fails.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from tests.fakes import slack_requests as req
from tests.threaded_interview import interview_in_thread

ROOT = Path(__file__).resolve().parents[1]
THREAD_TS = "1700000000.000100"
"""The interview's root message; every benchmark event replies in this thread."""
READY_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 5.0


class WorldError(Exception):
    """A server would not start, or the database is not as the run expects."""


@dataclass(frozen=True)
class Interview:
    db_path: Path
    interview_id: int

    @property
    def url(self) -> str:
        return f"sqlite:///{self.db_path}"


@dataclass(frozen=True)
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid


def create_interview(db_path: Path) -> Interview:
    """Migrate a fresh SQLite file and start one interview whose thread is ``THREAD_TS``
    (``InterviewService.start``, what ``/drill start`` calls, with the thread already
    known, so no delivery round is needed before replies can find the interview)."""
    row = interview_in_thread(db_path, THREAD_TS)
    if row.id is None or row.status != "running":
        raise WorldError(f"the interview did not start: {row!r}")
    return Interview(db_path, row.id)


def count_answers(interview: Interview) -> int:
    """Answers stored so far; a plain read (WAL) that never waits for the app's writer."""
    with _connect(interview.db_path) as db:
        (count,) = db.execute(
            "SELECT COUNT(*) FROM answer WHERE interview_id = ?", (interview.interview_id,)
        ).fetchone()
    return int(count)


def stored_answer_ts(interview: Interview) -> list[str]:
    """Every stored answer's message ts (duplicates included, if there were any)."""
    with _connect(interview.db_path) as db:
        rows = db.execute(
            "SELECT message_ts FROM answer WHERE interview_id = ?", (interview.interview_id,)
        ).fetchall()
    return [str(ts) for (ts,) in rows]


def remembered_events(interview: Interview) -> int:
    with _connect(interview.db_path) as db:
        (count,) = db.execute("SELECT COUNT(*) FROM processed_event").fetchone()
    return int(count)


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=10)
    db.execute("PRAGMA query_only = ON")
    return db


def wait_for_answers(interview: Interview, expected: int, timeout: float) -> float | None:
    """Poll until ``expected`` answers are stored; returns when (perf_counter), None on timeout.

    20 ms between polls: fine enough for a figure in seconds, light enough not to slow
    the writer it is waiting for.
    """
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if count_answers(interview) >= expected:
            return time.perf_counter()
        time.sleep(0.02)
    return None


def free_port() -> int:
    """A port free right now on 127.0.0.1 (the child binds it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(
    *, port: int, db_url: str, slack_api_url: str, workers: int, pin_cpus: bool = False
) -> dict[str, str]:
    """What ``designdrill web`` reads, pointed at the fake Slack and the temp database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_"))}
    env.update(
        {
            "PORT": str(port),
            "DATABASE_URL": db_url,
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "SLACK_SIGNING_SECRET": req.SIGNING_SECRET,
            "SLACK_API_URL": slack_api_url,
            "WEB_CONCURRENCY": str(workers),
            "WEB_PIN_CPUS": "1" if pin_cpus else "0",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


@contextmanager
def running_server(
    name: str, env: dict[str, str], log_dir: Path, command: list[str] | None = None
) -> Iterator[Server]:
    """``python -m bench.ack_server <name>`` (or ``command``, for trying a variant of the
    app under the same harness), ready to serve; stopped on exit."""
    log = log_dir / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command or [sys.executable, "-m", "bench.ack_server", name],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(name, int(env["PORT"]), process, log)
    try:
        _wait_ready(server)
        yield server
    finally:
        stop(server)


def _wait_ready(server: Server) -> None:
    """Until /healthz answers: gunicorn has forked its worker and the app is loaded."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    url = f"http://127.0.0.1:{server.port}/healthz"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise WorldError(f"{server.name} exited at start-up:\n{_tail(server.log)}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise WorldError(f"{server.name} not ready after {READY_TIMEOUT_S:.0f} s:\n{_tail(server.log)}")


def stop(server: Server) -> None:
    """SIGINT to the arbiter (gunicorn's quick shutdown: a benchmark has nothing to finish
    gracefully), then SIGKILL to the group for anything left.

    The group is the one the child leads (``start_new_session``), so only processes this
    run started are touched.
    """
    process = server.process
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=STOP_TIMEOUT_S)
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def worker_pids(server: Server) -> list[int]:
    """The gunicorn workers and the reply writer: processes whose parent is the arbiter
    (read from /proc)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == server.pid:
            pids.append(int(entry.name))
    return pids


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of ``pids`` so far (0 for any that have gone)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / ticks


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
