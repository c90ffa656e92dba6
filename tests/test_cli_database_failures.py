"""A database that cannot be used: one line saying what to do, exit status 2, no traceback."""

from __future__ import annotations

import socket
import subprocess
import uuid
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from bot.server import cli
from tests.cli_harness import env_for, run
from tests.helpers import free_port

pytestmark = pytest.mark.timeout(90)

COMMANDS = [["practice", "--list"], ["history"], ["migrate"], ["worker"]]


def _one_clear_line(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    stderr = result.stderr
    assert result.returncode == 2, stderr
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1, stderr
    assert stderr.startswith("designdrill: "), stderr
    for text in expected:
        assert text in stderr, stderr


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_refused_connection(tmp_path: Path, command: list[str]) -> None:
    url = f"postgresql://postgres:secret@127.0.0.1:{free_port()}/test"  # nothing listens
    result = run(command, env_for(tmp_path / "d.db") | {"DATABASE_URL": url})
    _one_clear_line(result, "connection refused", "start it or fix DATABASE_URL")
    assert "secret" not in result.stderr


def test_a_server_that_never_answers(tmp_path: Path) -> None:
    """A port that accepts the connection and says nothing (a wrong host behind a firewall
    looks the same): the connection times out instead of hanging for minutes."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        url = f"postgresql://postgres@127.0.0.1:{port}/test?connect_timeout=2"
        result = run(["history"], env_for(tmp_path / "d.db") | {"DATABASE_URL": url})
    _one_clear_line(result, f"PostgreSQL at 127.0.0.1:{port} did not answer")


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_sqlite_file_in_a_missing_directory(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "no" / "such" / "dir"
    result = run(command, env_for(missing / "d.db"))
    _one_clear_line(result, f"the directory {missing} does not exist")
    assert not missing.exists()


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("not a database, just notes " * 100)
    _one_clear_line(run(["history"], env_for(path)), f"{path} is not a SQLite database")


@pytest.mark.postgres
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_unknown_database(tmp_path: Path, _postgres_admin: Engine, command: list[str]) -> None:
    """(``_postgres_admin``: skips, or fails under CI, when the test PostgreSQL is away.)"""
    name = f"designdrill_missing_{uuid.uuid4().hex[:8]}"
    url = make_url(_postgres_admin.url).set(database=name).render_as_string(hide_password=False)
    result = run(command, env_for(tmp_path / "d.db") | {"DATABASE_URL": url})
    _one_clear_line(result, f'no database "{name}"', f"createdb {name}")


@pytest.mark.parametrize("empty_db_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize("command", [["practice", "--list"], ["history"], ["worker"]], ids=" ".join)
def test_unmigrated_postgresql_says_to_migrate(
    tmp_path: Path, empty_db_url: str, command: list[str]
) -> None:
    env = env_for(tmp_path / "d.db") | {"DATABASE_URL": empty_db_url}
    _one_clear_line(run(command, env), "run `designdrill migrate`")


@pytest.mark.parametrize("empty_db_url", ["postgresql"], indirect=True)
def test_once_migrated_postgresql_serves_the_commands(tmp_path: Path, empty_db_url: str) -> None:
    env = env_for(tmp_path / "d.db") | {"DATABASE_URL": empty_db_url}
    assert run(["migrate"], env).returncode == 0
    assert run(["history"], env).returncode == 0


def test_a_bug_is_one_line_too_and_debug_shows_the_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object) -> int:
        raise RuntimeError("something we did not foresee")

    monkeypatch.setattr(cli, "_dispatch", broken)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'd.db'}")
    assert cli.main(["history"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "something we did not foresee" in err
    assert "LOG_LEVEL=DEBUG" in err

    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    assert cli.main(["history"]) == 1
    assert "Traceback" in capsys.readouterr().err
