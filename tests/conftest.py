"""Database fixtures: every storage test runs on SQLite and on PostgreSQL.

``db_url`` gives each test an empty, migrated database: a SQLite file in ``tmp_path``, or a
fresh schema in the PostgreSQL database at ``TEST_DATABASE_URL`` (dropped afterwards), so
tests never see each other's rows and can run in parallel. PostgreSQL tests are marked
``postgres`` (deselect with ``-m "not postgres"``). If PostgreSQL is unreachable they skip,
except when ``CI`` is set: CI must never pass by silently skipping half the tests.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from bot.interviews.delivery import Delivery
from bot.interviews.service import InterviewService
from storage.db import make_engine
from storage.migrate import alembic_config, upgrade
from storage.models import Interview
from storage.repository import Store, Tx
from tests.clock import Clock
from tests.factories import make_content
from tests.fakes.recorder import Recorder
from tests.slack_harness import SlackWorld, slack_world

DEFAULT_TEST_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/test"
NOW = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
"""A fixed "now" for storage tests (a Monday, 09:00 UTC)."""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgres: needs the PostgreSQL at TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, migrated once and copied per test (a copy is ~1 ms)."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def _postgres_admin() -> Iterator[Engine]:
    """An engine on the test PostgreSQL database, or skip (fail under CI) if unreachable."""
    url = os.environ.get("TEST_DATABASE_URL", DEFAULT_TEST_DATABASE_URL)
    engine = make_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect():
            pass
    except Exception as error:  # any driver error means "not reachable" here
        engine.dispose()
        shown = make_url(url).render_as_string(hide_password=True)
        message = f"PostgreSQL not reachable at {shown}: set TEST_DATABASE_URL ({error})"
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    yield engine
    engine.dispose()


@contextmanager
def _postgres_schema(admin: Engine, *, migrate: bool = True) -> Iterator[str]:
    """A URL whose connections use a fresh schema (migrated unless told otherwise); the
    schema is dropped afterwards.

    The migration runs on the admin connection (``SET LOCAL search_path``) in the same
    transaction that creates the schema: about half the cost of a new engine per test.
    """
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
        if migrate:
            connection.execute(text(f"SET LOCAL search_path TO {schema}"))
            config = alembic_config(admin.url.render_as_string(hide_password=False))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    url = make_url(admin.url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database migrated to head, private to this test."""
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
        yield f"sqlite:///{path}"
    else:
        with _postgres_schema(request.getfixturevalue("_postgres_admin")) as url:
            yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Like ``db_url`` but not migrated (for migration tests)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
    else:
        admin = request.getfixturevalue("_postgres_admin")
        with _postgres_schema(admin, migrate=False) as url:
            yield url


@pytest.fixture
def postgres_url(_postgres_admin: Engine) -> Iterator[str]:
    """Like ``db_url`` but PostgreSQL only: for tests of row locking between sessions.

    Mark such tests ``@pytest.mark.postgres``.
    """
    with _postgres_schema(_postgres_admin) as url:
        yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on the test database, disposed after the test."""
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def store(engine: Engine) -> Store:
    """A :class:`Store` on the migrated test database."""
    return Store(engine)


@pytest.fixture
def postgres_store(postgres_url: str) -> Iterator[Store]:
    """A :class:`Store` on a migrated PostgreSQL schema (see ``postgres_url``)."""
    engine = make_engine(postgres_url)
    yield Store(engine)
    engine.dispose()


@pytest.fixture
def now() -> datetime:
    """A fixed, aware UTC "now" (:data:`NOW`) for storage tests."""
    return NOW


@pytest.fixture
def clock() -> Clock:
    """A hand-moved clock starting at :data:`NOW`."""
    return Clock(NOW)


@pytest.fixture
def service(store: Store, clock: Clock) -> InterviewService:
    """The service on the test database, with content built in code and :func:`clock`."""
    return InterviewService(store=store, content=make_content(), clock=clock)


@pytest.fixture
def outbox(store: Store, clock: Clock) -> tuple[Delivery, Recorder]:
    """Delivery into a :class:`Recorder` (what was sent, by kind and target)."""
    recorder = Recorder()
    return Delivery(
        store=store, sender=recorder, clock=clock, lease=timedelta(seconds=30)
    ), recorder


@pytest.fixture
def make_interview() -> Callable[..., Interview]:
    """Create an interview with valid defaults; override any field by keyword.

    Usage: ``make_interview(tx, team_id="T2", next_event_at=NOW)``.
    """

    def make(tx: Tx, **overrides: Any) -> Interview:
        fields: dict[str, Any] = {
            "team_id": "T1",
            "channel_id": "C1",
            "thread_ts": None,
            "host_id": "U1",
            "source": "slack",
            "question_id": "url-shortener",
            "format_id": "standard",
            "status": "running",
            "phase_id": "functional",
            "phase_started_at": NOW,
            "phase_deadline": NOW + timedelta(minutes=2),
            "next_event_at": NOW + timedelta(minutes=1),
            "state": {"phase": "functional"},
            "now": NOW,
        }
        fields.update(overrides)
        return tx.create_interview(**fields)

    return make


@pytest.fixture
def world(tmp_path: Path) -> Iterator[SlackWorld]:
    """A whole Slack deployment: the real Bolt app over HTTP against the fake Web API."""
    with slack_world(tmp_path) as w:
        yield w
