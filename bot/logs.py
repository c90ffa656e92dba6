"""Logging for the long-running commands (run, web, worker): one line per record on stderr,
as text for a person or as JSON for a platform that parses its logs.

``LOG_LEVEL=DEBUG`` also lets through the libraries' chatter kept out otherwise
(:data:`QUIET_LIBRARIES`). What a record carries, and its JSON line: :mod:`bot.log_records`.
"""

from __future__ import annotations

import logging
import logging.config
from typing import Any

from bot.log_records import JsonFormatter

TEXT_FORMAT = "%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s"

QUIET_LIBRARIES = ("apscheduler", "alembic", "gunicorn.access")
"""Loggers kept to warnings unless LOG_LEVEL=DEBUG: APScheduler writes two INFO lines for
every run of the tick job (one a second), Alembic two for every start-up, gunicorn one for
every HTTP request."""


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
