"""The ``/drill`` subcommands, each with its arguments and a one-line summary: the list
``/drill help`` shows, and the names the parser accepts."""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.interview import MAX_EXTEND_MINUTES


@dataclass(frozen=True)
class CommandHelp:
    name: str
    args: str
    summary: str


COMMANDS: tuple[CommandHelp, ...] = (
    CommandHelp("start", "[question-id|topic] [format]", "start a mock interview in a thread"),
    CommandHelp("next", "", "move on to the next phase"),
    CommandHelp(
        "extend", "[minutes]", f"more time for this phase (1 to {MAX_EXTEND_MINUTES} minutes)"
    ),
    CommandHelp("pause", "", "stop the clock"),
    CommandHelp("resume", "", "start the clock again"),
    CommandHelp("end", "", "finish now and get the retrospective"),
    CommandHelp("status", "", "the phase, the time left, who has answered"),
    CommandHelp("questions", "[topic]", "list the questions you can start"),
    CommandHelp("history", "", "your past interviews with their scores"),
    CommandHelp("show", "ID", "one of your retrospectives again"),
    CommandHelp("export", "", "your answers and retrospectives as a Markdown file"),
    CommandHelp("forget-me", "", "delete your answers, scores and participation"),
    CommandHelp("leaderboard", "[week|month|season|all|improved|hide|show]", "the team board"),
    CommandHelp("timezone", "[Area/City]", "the team's time zone for weeks (admins)"),
    CommandHelp("retention", "[days|off]", "delete answers older than this (admins)"),
    CommandHelp("schedule", "add|list|pause|resume|skip|delete ...", "weekly team drills"),
    CommandHelp("reroll", "", "another question for this drill, before anyone answered (host)"),
    CommandHelp("help", "", "this list"),
)
