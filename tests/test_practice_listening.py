"""The interviewer listens in the terminal too: a check-in gets an answer, and text typed
while paused is not kept (`designdrill practice` through a subprocess, on the wall clock)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_harness import Live, env_for, run, write_blitz

pytestmark = pytest.mark.timeout(120)


def test_check_in_is_answered_and_text_typed_while_paused_is_not_kept(tmp_path: Path) -> None:
    env = env_for(tmp_path / "drill.db", write_blitz(tmp_path / "prompts", seconds=300))
    live = Live(["practice", "--question", "url-shortener", "--format", "blitz"], env)
    live.wait_for(r"── Question")
    live.send("/pause\n")
    live.wait_for(r"(?i)paused|taking a break")  # any of the pause lines
    live.send("typed while paused\n\n")
    live.wait_for(r"Resume (it|the interview)")  # the reply to text typed while paused
    live.send("/resume\n")
    live.send("Users shorten links. Does this make sense so far?\n\n")
    live.wait_for(r"left in this phase|left here|left for \*?Functional")
    live.send("/end\n")
    live.close_stdin()
    assert live.finish() == 0, live.text
    shown = run(["history", "1"], env)
    assert "Does this make sense so far?" in shown.stdout
    assert "typed while paused" not in shown.stdout
