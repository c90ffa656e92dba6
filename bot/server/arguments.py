"""The `designdrill` command line's words: its commands and their options."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.numbers import NumberError, record_id


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="designdrill", description="Mock system-design interviews in Slack or the terminal."
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    practice = sub.add_parser("practice", help="run a timed practice interview in the terminal")
    practice.add_argument("--question", help="question id or topic (default: a random one)")
    practice.add_argument("--format", default="standard", help="format id (default: standard)")
    practice.add_argument("--list", action="store_true", help="list questions and formats")
    practice.add_argument(
        "--resume",
        nargs="?",
        const=0,
        type=int,
        metavar="ID",
        help="continue your paused interview (ID: which one, when you have several)",
    )
    history = sub.add_parser("history", help="list past practice interviews, or show one")
    history.add_argument("id", nargs="?", type=_interview_id, help="an interview number to show")
    sub.add_parser("migrate", help="apply database migrations (DATABASE_URL)")
    check = sub.add_parser("check-prompts", help="validate YAML content")
    check.add_argument("dir", nargs="?", type=Path, help="a team's prompts directory to validate")
    sub.add_parser("run", help="run the Slack app with its scheduler (Socket Mode or HTTP)")
    sub.add_parser("web", help="serve Slack's HTTP requests only (no scheduler)")
    sub.add_parser("worker", help="run only the scheduler (ticks and delivery)")
    return p


def _interview_id(text: str) -> int:
    """argparse shows the message of an ArgumentTypeError as is, and exits with code 2."""
    try:
        return record_id(
            text, what="a practice interview number", hint="`designdrill history` lists them"
        )
    except NumberError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
