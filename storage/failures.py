"""What to do about a database that cannot be used, in one line for the person running us.

The drivers' own messages are accurate but long (psycopg adds hints on further lines,
SQLAlchemy a link and the statement), and they arrive wrapped in a traceback. The command
line prints :func:`explain` instead. Matching is on the driver's text: psycopg gives no
SQLSTATE for a connection that fails before the server accepts it.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from storage.db import normalize_url


def explain(url: str, error: BaseException) -> str:
    """One line naming the database (never its password) and what to do about ``error``."""
    parsed = normalize_url(url)
    text = str(error.orig if isinstance(error, DBAPIError) else error)
    table = re.search(r'no such table: (\w+)|relation "([^"]+)" does not exist', text)
    if table:
        name = table.group(1) or table.group(2)
        return f"the database has no {name} table yet: run `designdrill migrate`"
    newer = re.search(r"Can't locate revision identified by '(\w+)'", text)
    if newer:
        return (
            f"the database is at migration {newer.group(1)}, newer than this designdrill "
            "knows: upgrade designdrill"
        )
    if parsed.get_backend_name() == "sqlite":
        return _sqlite(parsed.database or "", text)
    return _server(parsed, text)


def _sqlite(database: str, text: str) -> str:
    path = Path(database).resolve()
    if "unable to open database file" in text and not path.parent.is_dir():
        return (
            f"cannot open the SQLite database {path}: the directory {path.parent} does not "
            "exist; create it or fix DATABASE_URL"
        )
    if "unable to open database file" in text:
        return f"cannot open the SQLite database {path}: make it writable or fix DATABASE_URL"
    if "file is not a database" in text:
        return f"{path} is not a SQLite database: fix DATABASE_URL"
    if "database is locked" in text:
        return f"the SQLite database {path} stayed locked by another process: try again"
    return f"the SQLite database {path} failed: {_first_line(text)}"


def _server(url: URL, text: str) -> str:
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    if "Connection refused" in text:
        return (
            f"cannot connect to PostgreSQL at {where} (connection refused): "
            "start it or fix DATABASE_URL"
        )
    if "timeout expired" in text:
        return (
            f"PostgreSQL at {where} did not answer: check the host and port in DATABASE_URL "
            "(and that the network lets you reach it)"
        )
    if "failed to resolve host" in text or "could not translate host name" in text:
        return f"cannot find the database host {url.host!r}: fix DATABASE_URL"
    missing = re.search(r'database "([^"]+)" does not exist', text)
    if missing:
        name = missing.group(1)
        return (
            f'PostgreSQL at {where} has no database "{name}": create it (createdb {name}) '
            "or fix DATABASE_URL"
        )
    if re.search(r'role "[^"]+" does not exist|authentication failed', text):
        return f"PostgreSQL at {where} refused the user {url.username!r}: fix DATABASE_URL"
    return f"the database at {where} failed: {_first_line(text)}"


def _first_line(text: str) -> str:
    """The driver's message without the hints on its following lines."""
    return text.strip().splitlines()[0] if text.strip() else "no message"
