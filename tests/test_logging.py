"""Logs: a line per interview event that matters, with its ids; none per scheduler tick or
per HTTP request unless LOG_LEVEL=DEBUG; LOG_FORMAT=json for platforms that parse them."""

from __future__ import annotations

import json
import logging
import signal
import subprocess
import sys
from datetime import datetime
from functools import partial
from pathlib import Path

import pytest

from bot.config import Settings, SettingsError
from bot.interviews.delivery import Delivery
from bot.interviews.service import InterviewService
from bot.interviews.transport import DeliveryFailed, Target, Undeliverable
from bot.log_records import JsonFormatter, ids
from storage.migrate import upgrade
from storage.models import OutboxItem
from storage.repository import Store
from tests.cli_harness import ROOT, Live, env_for, run, write_blitz
from tests.clock import Clock
from tests.fakes import slack_requests as req
from tests.fakes.slack_api import TEAM_ID, FakeSlack
from tests.helpers import free_port, wait_until
from tests.threaded_interview import interview_in_thread

pytestmark = pytest.mark.timeout(90)

SCHEDULER_CHATTER = ("Running job", "executed successfully", "Added job", "Scheduler started")


def _lines(caplog: pytest.LogCaptureFixture, name: str = "bot.interviews.log_lines") -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == name]


# --- settings ---------------------------------------------------------------------------


def test_log_format_is_text_or_json_and_anything_else_fails_at_start(tmp_path: Path) -> None:
    assert Settings.from_env({}).log_format == "text"
    assert Settings.from_env({"LOG_FORMAT": "JSON"}).log_format == "json"
    with pytest.raises(SettingsError, match="LOG_FORMAT='xml': use text or json"):
        Settings.from_env({"LOG_FORMAT": "xml", "LOG_LEVEL": "loud"})
    result = run(["worker"], env_for(tmp_path / "d.db") | {"LOG_FORMAT": "logfmt"})
    assert result.returncode == 2 and "LOG_FORMAT='logfmt'" in result.stderr, result.stderr


def test_a_json_line_carries_the_interview_ids_and_the_traceback() -> None:
    logger = logging.getLogger("test.json")
    try:
        raise ValueError("boom")
    except ValueError:
        record = logger.makeRecord(
            logger.name,
            logging.ERROR,
            __file__,
            1,
            "interview %s failed",
            (7,),
            sys.exc_info(),
            extra=ids("T1", 7, outbox_id=3),
        )
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "interview 7 failed" and entry["level"] == "ERROR"
    assert (entry["team_id"], entry["interview_id"], entry["outbox_id"]) == ("T1", 7, 3)
    assert "ValueError: boom" in entry["exception"]
    assert datetime.fromisoformat(entry["time"]).tzinfo is not None


# --- interview events ---------------------------------------------------------------------


def test_each_interview_event_is_one_line_with_team_and_interview(
    service: InterviewService, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.interviews.log_lines")
    row = service.start(team_id="T1", channel_id="C1", host_id="U1", source="slack", seed=3)
    assert row.id is not None
    service.tick()  # nothing due: nothing to say
    service.act(team_id="T1", interview_id=row.id, user_id="U1", action="next")
    with service.store.transaction() as tx:
        deadline = tx.get_interview(team_id="T1", interview_id=row.id).phase_deadline  # type: ignore[union-attr]
    assert deadline is not None
    clock.move(seconds=(deadline - clock()).total_seconds() + 1)
    service.tick()  # the phase's time is up: the next one opens
    service.act(team_id="T1", interview_id=row.id, user_id="U1", action="end")

    lines = _lines(caplog)
    assert len(lines) == 4, lines
    assert lines[0].startswith(f"interview {row.id} (team T1) started: ")
    assert lines[1].startswith(f"interview {row.id} (team T1) advanced to ")
    assert lines[2].startswith(f"interview {row.id} (team T1) advanced to ")
    assert lines[2] != lines[1]
    assert lines[3] == f"interview {row.id} (team T1) finished"
    records = [r for r in caplog.records if r.name == "bot.interviews.log_lines"]
    assert all((r.team_id, r.interview_id) == ("T1", row.id) for r in records)  # type: ignore[attr-defined]


def test_a_change_is_told_only_once_it_is_committed(store: Store) -> None:
    told: list[str] = []
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.after_commit(lambda: told.append("rolled back"))
        raise RuntimeError("the work failed")
    with store.transaction() as tx:
        tx.after_commit(lambda: told.append("committed"))
        assert told == []
    assert told == ["committed"]


class FailingSender:
    def __init__(self, error: Exception) -> None:
        self.error = error

    def send(self, item: OutboxItem, target: Target) -> str | None:
        raise self.error


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (DeliveryFailed("service unavailable"), "not delivered (service unavailable); retry in"),
        (Undeliverable("channel_not_found", "invite me"), "cannot be delivered: channel_not_found"),
    ],
)
def test_a_delivery_retried_or_given_up_names_team_and_interview(
    service: InterviewService,
    store: Store,
    clock: Clock,
    caplog: pytest.LogCaptureFixture,
    error: Exception,
    expected: str,
) -> None:
    row = service.start(team_id="T1", channel_id="C1", host_id="U1", source="slack", seed=3)
    caplog.set_level(logging.INFO, logger="bot.interviews.retries")
    Delivery(store=store, sender=FailingSender(error), clock=clock).run_once()
    (record,) = [r for r in caplog.records if r.name == "bot.interviews.retries"]
    assert record.levelno == logging.WARNING
    assert f"interview {row.id} (team T1): message " in record.getMessage()
    assert expected in record.getMessage()
    assert (record.team_id, record.interview_id) == ("T1", row.id)  # type: ignore[attr-defined]


# --- the running processes ----------------------------------------------------------------


def _worker_log(tmp_path: Path, **env: str) -> tuple[int, list[str]]:
    """`designdrill worker` until an interview has moved to its second phase (several ticks
    later), then stopped: its interview's id and every line it logged.

    The interview starts once the worker runs: a worker slow to start on a busy machine
    would otherwise find all its seconds-long phases over and finish it in one tick."""
    prompts = write_blitz(tmp_path / "prompts", seconds=2)
    upgrade(f"sqlite:///{tmp_path / 'd.db'}")
    with FakeSlack.start() as fake:
        settings = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": fake.base_url, **env}
        live = Live(["worker"], env_for(tmp_path / "d.db", prompts) | settings)
        try:
            live.wait_for("scheduler started")
            interview = interview_in_thread(
                tmp_path / "d.db", None, format_id="blitz", prompts=prompts
            ).id
            live.wait_for("advanced to")
        finally:
            live.proc.send_signal(signal.SIGTERM)
            assert live.finish(timeout=15) == 0, live.text
    return interview, live.lines


def test_the_worker_logs_events_not_ticks(tmp_path: Path) -> None:
    interview, lines = _worker_log(tmp_path, LOG_LEVEL="INFO")
    text = "\n".join(lines)
    assert f"interview {interview} (team {TEAM_ID}) advanced to " in text
    assert not [line for line in lines if any(c in line for c in SCHEDULER_CHATTER)], text
    assert "alembic" not in text and "Traceback" not in text, text
    assert "scheduler stopped" in lines[-1]  # APScheduler's own line is kept out


def test_the_worker_logs_json_lines_with_ids(tmp_path: Path) -> None:
    interview, lines = _worker_log(tmp_path, LOG_LEVEL="INFO", LOG_FORMAT="json")
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    advanced = next(e for e in entries if "advanced to" in e["message"])
    assert (advanced["team_id"], advanced["interview_id"]) == (TEAM_ID, interview)
    assert advanced["logger"] == "bot.interviews.log_lines" and advanced["level"] == "INFO"


def test_debug_shows_the_scheduler_at_work(tmp_path: Path) -> None:
    _, lines = _worker_log(tmp_path, LOG_LEVEL="DEBUG")
    assert any("Running job" in line for line in lines)


def _bound(log: Path, port: int, pid: int) -> str | None:
    """Whether the server ``pid`` logging to ``log`` listens on ``port`` (gunicorn's
    "Listening at: http://0.0.0.0:PORT (PID)") or found the port taken."""
    text = log.read_text()
    if f":{port} ({pid})" in text:
        return "listening"
    return "taken" if "Connection in use" in text else None


def _web_log(tmp_path: Path, **env: str) -> str:
    """`designdrill web` answering one signed request, then stopped: what it logged."""
    log = tmp_path / "web.log"
    with FakeSlack.start() as fake:
        settings = env_for(tmp_path / "d.db") | {
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": req.SIGNING_SECRET,
            "SLACK_API_URL": fake.base_url,
            **env,
        }
        for _ in range(3):  # a port found free may be taken by another test before we bind it
            port = free_port()
            with log.open("w") as out:
                proc = subprocess.Popen(
                    [sys.executable, "-m", "bot", "web"],
                    env=settings | {"PORT": str(port)},
                    cwd=ROOT,
                    stdout=subprocess.DEVNULL,
                    stderr=out,
                )
            try:
                wait_until(partial(_bound, log, port, proc.pid), "the server binds its port")
                if _bound(log, port, proc.pid) == "listening":
                    url = f"http://127.0.0.1:{port}/slack/events"
                    assert req.post(url, *req.slash_command("help"))[0] == 200
                    break
            finally:
                proc.terminate()
                code = proc.wait(timeout=15)
        else:
            raise AssertionError(f"three ports taken before the server could bind them: {log}")
    assert code == 0, log.read_text()
    return log.read_text()


def test_no_line_per_request_unless_debugging(tmp_path: Path) -> None:
    quiet = _web_log(tmp_path, LOG_LEVEL="INFO")
    assert "Booting worker" in quiet and "POST /slack/events" not in quiet, quiet
    assert "POST /slack/events" in _web_log(tmp_path, LOG_LEVEL="DEBUG")


def test_gunicorn_lines_are_json_too(tmp_path: Path) -> None:
    entries = [json.loads(line) for line in _web_log(tmp_path, LOG_FORMAT="json").splitlines()]
    assert any(
        e["logger"] == "gunicorn.error" and "Booting worker" in e["message"] for e in entries
    )
