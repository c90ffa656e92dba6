"""Logging for the long-running commands (run, web, worker): one line per record on stderr,
as text for a person or as JSON for a platform that parses its logs.

``LOG_LEVEL=DEBUG`` also lets through the libraries' chatter kept out otherwise
(:data:`QUIET_LIBRARIES`). Our own lines about an interview carry its ids as record
attributes (``extra=ids(...)``), which the JSON lines show as fields of their own.
"""

from __future__ import annotations

import json
import logging
import logging.config
from datetime import UTC, datetime
from typing import Any

TEXT_FORMAT = "%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s"
ID_FIELDS = ("team_id", "interview_id", "outbox_id")

QUIET_LIBRARIES = ("apscheduler", "alembic", "gunicorn.access")
"""Loggers kept to warnings unless LOG_LEVEL=DEBUG: APScheduler writes two INFO lines for
every run of the tick job (one a second), Alembic two for every start-up, gunicorn one for
every HTTP request."""


def ids(team_id: str, interview_id: int | None, **more: object) -> dict[str, object]:
    """The ``extra`` of a log call about one interview."""
    return {"team_id": team_id, "interview_id": interview_id, **more}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, the ids the
    record is about, and the traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in ID_FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str)


def config(*, level: str, log_format: str) -> dict[str, Any]:
    """A :func:`logging.config.dictConfig` dict: every record at ``level`` or above to stderr
    in ``log_format`` ("text" or "json"). gunicorn takes the same dict (``logconfig_dict``),
    so its own lines come out alike and its line per request only when debugging."""
    quiet = "DEBUG" if level == "DEBUG" else "WARNING"
    formatter = {"()": JsonFormatter} if log_format == "json" else {"format": TEXT_FORMAT}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"line": formatter},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "line",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"level": level, "handlers": ["stderr"]},
        # No handler of their own (gunicorn's would go around ours): they all end at ours.
        "loggers": {
            **{
                name: {"level": quiet, "handlers": [], "propagate": True}
                for name in QUIET_LIBRARIES
            },
            "gunicorn.error": {"level": level, "handlers": [], "propagate": True},
        },
    }


def configure(*, level: str, log_format: str) -> None:
    """Log as :func:`config` says, replacing any handler set before."""
    logging.config.dictConfig(config(level=level, log_format=log_format))
