"""`designdrill practice` driven end to end through a subprocess, on the wall clock."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.cli_harness import Live, env_for, messages, run, write_blitz

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return env_for(tmp_path / "drill.db", write_blitz(tmp_path / "prompts"))


def test_whole_practice_interview_to_its_retrospective(env: dict[str, str]) -> None:
    live = Live(["practice", "--question", "url-shortener", "--format", "blitz"], env)
    live.wait_for(r"── Question")
    live.send("Users are people who shorten links\nand people who click them.\n\n")
    live.wait_for(r"Non Functional")
    live.send("We expect 1,000 QPS of writes and p99 latency under 100 ms.\n\n")
    live.send("/next\n")
    live.close_stdin()
    assert live.finish() == 0, live.text
    out = live.text
    for expected in ("── Question", "Functional", "Deep Dives", "── Retrospective"):
        assert expected in out
    assert out.count("── Retrospective") == 2  # the team view and the personal view
    assert "Saved as interview #1" in out

    listing = run(["history"], env)
    assert listing.returncode == 0
    assert "url-shortener" in listing.stdout and "finished" in listing.stdout
    shown = run(["history", "1"], env)
    assert "[functional]" in shown.stdout and "people who click them" in shown.stdout
    assert "[non_functional]" in shown.stdout and "1,000 QPS" in shown.stdout


def test_nudge_appears_while_the_user_is_quiet(tmp_path: Path) -> None:
    env = env_for(tmp_path / "drill.db", write_blitz(tmp_path / "p", seconds=4))
    live = Live(["practice", "--question", "rate-limiter", "--format", "blitz"], env)
    live.wait_for(r"── Question")
    live.wait_count(r"── Interviewer", 1)  # the first phase's introduction
    # Nobody types; the half-time nudge (2 s into the 4 s phase) arrives on its own.
    live.wait_count(r"── Interviewer", 2, timeout=10)
    assert "2 seconds" in live.text  # the time left, as the nudge says it
    live.send("/end\n")
    assert live.finish() == 0


def test_killed_practice_resumes_where_it_was_without_losing_answers(tmp_path: Path) -> None:
    env = env_for(tmp_path / "drill.db", write_blitz(tmp_path / "p", seconds=3))
    first = Live(["practice", "--question", "url-shortener", "--format", "blitz"], env)
    first.wait_for(r"── Question")
    first.send("Readers and writers of short links are the users.\n\n")
    first.wait_for(r"Non Functional")
    first.proc.send_signal(signal.SIGKILL)
    first.finish()

    second = Live(["practice", "--resume"], env)
    second.wait_for(r"Resuming interview #1")
    second.send("/end\n")
    assert second.finish() == 0, second.text
    shown = run(["history", "1"], env).stdout
    assert "Readers and writers of short links" in shown
    # Nothing printed before the kill is printed again after the restart.
    before, after = messages(first.text), messages(second.text)
    assert before and after
    assert not set(before) & set(after)
    assert sum("── Question" in m for m in before + after) == 1


def test_resume_with_nothing_to_resume_is_a_clear_error(env: dict[str, str]) -> None:
    result = run(["practice", "--resume"], env)
    assert result.returncode == 2
    assert "no unfinished practice interview" in result.stderr


def test_unknown_question_is_a_clear_error(env: dict[str, str]) -> None:
    result = run(["practice", "--question", "no-such-thing"], env)
    assert result.returncode == 2
    assert "no-such-thing" in result.stderr and "Traceback" not in result.stderr


def test_list_shows_questions_and_formats(env: dict[str, str]) -> None:
    result = run(["practice", "--list"], env)
    assert result.returncode == 0
    assert "url-shortener" in result.stdout and "blitz" in result.stdout
