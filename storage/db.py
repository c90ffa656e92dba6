"""Engine factory: one place that knows how to talk to SQLite and PostgreSQL.

No module-level engine: the composition root calls :func:`make_engine` once with the
configured URL and passes the engine (or a :class:`storage.repository.Store`) down.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

from storage.sqlite_setup import configure_sqlite
from storage.types import json_dumps, json_loads

POSTGRES_CONNECT_TIMEOUT_S = 10
"""How long to wait for a PostgreSQL server that does not answer at all (a wrong host
behind a firewall) before failing, rather than the system's minutes; the URL's own
``?connect_timeout=`` wins."""


def default_database_url() -> str:
    """The URL used when ``DATABASE_URL`` is not set: a SQLite file in the working directory."""
    return "sqlite:///designdrill.db"


def normalize_url(url: str) -> URL:
    """Parse ``url``, mapping ``postgres://`` and ``postgresql://`` to the psycopg 3 driver.

    Hosting platforms hand out ``postgres://`` URLs, which SQLAlchemy does not accept, and a
    bare ``postgresql://`` would pick psycopg2, which we do not install. An explicit driver
    (``postgresql+psycopg2://``) is left alone.
    """
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine for ``url``, configured for concurrent use by several processes.

    PostgreSQL: psycopg 3 with ``pool_pre_ping`` (a long-running bot outlives idle
    connections) and :data:`POSTGRES_CONNECT_TIMEOUT_S`. Query parameters such as
    ``?options=-csearch_path%3Dmy_schema`` are passed to the driver. SQLite: see
    :func:`storage.sqlite_setup.configure_sqlite`. ``kwargs`` go to
    :func:`sqlalchemy.create_engine`.
    """
    parsed = normalize_url(url)
    kwargs.setdefault("json_serializer", json_dumps)
    kwargs.setdefault("json_deserializer", json_loads)
    if parsed.get_backend_name() != "sqlite":
        kwargs.setdefault("pool_pre_ping", True)
        if "connect_timeout" not in parsed.query:
            given = kwargs.get("connect_args", {})
            kwargs["connect_args"] = {"connect_timeout": POSTGRES_CONNECT_TIMEOUT_S, **given}
        return create_engine(parsed, **kwargs)
    connect_args = {"check_same_thread": False, **kwargs.pop("connect_args", {})}
    if parsed.database in (None, "", ":memory:"):
        # Every connection to ":memory:" would be a new, empty database: share one.
        kwargs.setdefault("poolclass", StaticPool)
    engine = create_engine(parsed, connect_args=connect_args, **kwargs)
    configure_sqlite(engine)
    return engine
