"""Run the Alembic migrations from code: ``upgrade(url)`` at start-up or in a release step.

Configured here rather than in an ``alembic.ini`` so the installed package carries
everything it needs. For a new revision during development::

    python -c "from storage.migrate import revision; revision('sqlite:///dev.db', 'add x')"
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, inspect, text

from storage.db import make_engine
from storage.errors import MigrationError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_REVISION_LINE = re.compile(r'^(down_revision|revision): str(?: \| None)? = (?:None|"(\w+)")', re.M)


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at our migrations and at ``url``."""
    from alembic.config import Config  # Alembic only when migrating: see head_revision

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolation treats "%" specially (URL-encoded passwords, options).
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at ``url`` up to ``revision``, in one transaction.

    The migration uses its own engine, disposed at the end: an in-memory SQLite database
    (``sqlite://``) would vanish with it, so migrate a file or a server database.

    Raises :class:`storage.errors.MigrationError` if, on SQLite, the migrated data breaks a
    foreign key (the transaction is rolled back).
    """
    from alembic import command

    engine = make_engine(url)
    if engine.dialect.name == "sqlite":
        # SQLite's batch mode rebuilds a table by copying it and dropping the original;
        # with foreign keys on, that DROP would cascade-delete the rows referencing it.
        # SQLite's documented procedure: keys off (before BEGIN), migrate, then check.
        event.listen(engine, "connect", _foreign_keys_off)
    try:
        with engine.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            if engine.dialect.name == "sqlite":
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise MigrationError(f"foreign keys broken by the migration: {broken[:5]}")
    finally:
        engine.dispose()


def _foreign_keys_off(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA foreign_keys=OFF")


def current_revision(url: str) -> str | None:
    """The revision the database is at, or ``None`` if it was never migrated."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            found = connection.execute(text("SELECT version_num FROM alembic_version"))
            return found.scalar_one_or_none()
    finally:
        engine.dispose()


def head_revision() -> str | None:
    """The newest revision shipped with the code (what :func:`upgrade` goes to): the one no
    other revision builds on, read from the files' ``revision`` lines. Every command checks
    it at start-up, and asking Alembic would import and run its script loader for nothing
    when the database is up to date (the migration test checks that Alembic agrees)."""
    revisions: set[str] = set()
    built_on: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        for name, value in _REVISION_LINE.findall(path.read_text(encoding="utf-8")):
            if value:
                (revisions if name == "revision" else built_on).add(value)
    heads = revisions - built_on
    return heads.pop() if len(heads) == 1 else None


def revision(url: str, message: str, *, rev_id: str | None = None) -> None:
    """Autogenerate a new revision by comparing the models with the database at ``url``
    (which must be migrated to head). A development tool: review the file it writes."""
    from alembic import command

    config = alembic_config(url)
    command.revision(config, message=message, autogenerate=True, rev_id=rev_id)
