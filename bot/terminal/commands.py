"""The practice session's commands: each one's words, and `/help` built from them."""

from __future__ import annotations

from typing import NamedTuple


class Command(NamedTuple):
    name: str
    args: str
    does: str

    @property
    def usage(self) -> str:
        return f"/{self.name} {self.args}".strip()


COMMANDS = (
    Command("next", "", "close this phase and open the next one"),
    Command("extend", "[minutes]", "more time for this phase (1 to 120 minutes)"),
    Command("pause", "", "stop the clock"),
    Command("resume", "", "start the clock again"),
    Command("topic", "N | your own topic", "dig into deep-dive topic N, or one you name"),
    Command("end", "", "finish now and read the retrospective"),
    Command("help", "", "this list"),
)
NAMES = frozenset(c.name for c in COMMANDS)
BANNER = "Type your answer; an empty line sends it. /help lists the commands; Ctrl-C pauses."


def help_text(resume: str) -> str:
    """Every command with one line each; ``resume`` is the shell command that resumes."""
    width = max(len(c.usage) for c in COMMANDS)
    lines = ["Commands (anything else is your answer; an empty line sends it):"]
    lines += [f"  {c.usage:<{width}}  {c.does}" for c in COMMANDS]
    lines.append(f"Ctrl-C pauses and leaves; `{resume}` picks up where you stopped.")
    return "\n".join(lines)
