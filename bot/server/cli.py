"""The `designdrill` command line (also `python -m bot`).

Every user error, a database that cannot be used included, ends with a one-paragraph message
on stderr and exit code 2; no traceback (a bug gets one line too, exit code 1).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings, SettingsError
from bot.content.loader import ContentError, check_prompts
from bot.engine.playbook import EngineError
from bot.server.arguments import parser
from bot.server.runtime import Runtime, StartupError, build
from bot.terminal import history as history_cmd
from storage.failures import explain as explain_database_failure

USAGE_ERROR = 2


def _database_errors() -> tuple[type[Exception], ...]:
    """SQLAlchemy's errors, and Alembic's when a migration ran: Alembic is imported only
    to migrate, so a command that never migrated cannot have raised one."""
    alembic_util = sys.modules.get("alembic.util")
    return (SQLAlchemyError, alembic_util.CommandError) if alembic_util else (SQLAlchemyError,)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = Settings.from_env(os.environ)
    except SettingsError as exc:
        return _fail(str(exc))
    try:
        return _command(args, settings)
    except (SettingsError, ContentError, StartupError, EngineError) as exc:
        return _fail(str(exc))  # SettingsError: a command's own settings (Slack's)
    except _database_errors() as exc:
        return _fail(explain_database_failure(settings.database_url, exc))
    except Exception as exc:
        # A bug: one line and a way to see it, not a screenful (the README's promise).
        if settings.log_level == "DEBUG":
            traceback.print_exc()
        print(
            f"designdrill: unexpected error, please report it: {exc!r} "
            "(LOG_LEVEL=DEBUG shows where)",
            file=sys.stderr,
        )
        return 1


def _fail(message: str) -> int:
    print(f"designdrill: {message}", file=sys.stderr)
    return USAGE_ERROR


def _command(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "check-prompts":
        return _check_prompts(args.dir)
    if args.command == "migrate":
        from storage.migrate import upgrade

        upgrade(settings.database_url)
        print("Database is up to date.")
        return 0
    if args.command in ("run", "web", "worker"):
        settings.configure_logging()
    return _dispatch(args, build(settings))


def _dispatch(args: argparse.Namespace, runtime: Runtime) -> int:
    if args.command == "practice":
        return _practice(args, runtime)
    if args.command == "history":
        return history_cmd.show(runtime.service, args.id, out=sys.stdout)
    from bot.server.serve import serve

    return serve(runtime, mode=args.command)


def _practice(args: argparse.Namespace, runtime: Runtime) -> int:
    from bot.terminal.practice_command import practice_command

    if args.list:
        history_cmd.list_content(runtime.content, out=sys.stdout)
        return 0
    return practice_command(
        runtime.service,
        host_id=getpass.getuser() or "you",
        question=args.question,
        format_id=args.format,
        resume=args.resume is not None,
        resume_id=args.resume or None,
        stdin=sys.stdin,
        out=sys.stdout,
        err=sys.stderr,
    )


def _check_prompts(directory: Path | None) -> int:
    if directory is not None and not directory.is_dir():
        print(f"designdrill: {directory} is not a directory", file=sys.stderr)
        return USAGE_ERROR
    errors = check_prompts(directory)
    for line in errors:
        print(line, file=sys.stderr)
    if errors:
        return USAGE_ERROR
    print("Prompts are valid.")
    return 0
