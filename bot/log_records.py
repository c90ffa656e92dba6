"""What one of our log records carries: our lines about an interview have its ids as record
attributes (``extra=ids(...)``), which the JSON lines show as fields of their own."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

ID_FIELDS = ("team_id", "interview_id", "outbox_id")


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
