"""`designdrill practice` driven end to end through a subprocess, on the wall clock.

One test runs the terminal session in-process instead, to stop it at an exact point.
"""

from __future__ import annotations

import io
import signal
from pathlib import Path

import pytest

from bot.interviews.practice import LEASE
from bot.interviews.service import TERMINAL_TEAM, InterviewService
from bot.terminal.practice import CHANNEL, PracticeSession
from storage.repository import Store
from tests.cli_harness import Live, env_for, messages, outbox, run, write_blitz
from tests.conftest import NOW
from tests.factories import make_content
from tests.helpers import wait_until

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
    assert "*Retrospective" not in shown.stdout and "privately" not in shown.stdout


def test_nudge_appears_while_the_user_is_quiet(tmp_path: Path) -> None:
    env = env_for(tmp_path / "drill.db", write_blitz(tmp_path / "p", seconds=4))
    live = Live(["practice", "--question", "rate-limiter", "--format", "blitz"], env)
    live.wait_for(r"── Question")
    live.wait_count(r"── Interviewer", 1)  # the first phase's introduction
    # Nobody types; the half-time nudge (2 s into the 4 s phase) arrives on its own.
    live.wait_count(r"── Interviewer", 2)
    assert "2 seconds" in live.text  # the time left, as the nudge says it
    live.send("/end\n")
    assert live.finish() == 0


def test_killed_practice_resumes_where_it_was_without_losing_answers(tmp_path: Path) -> None:
    db = tmp_path / "drill.db"
    env = env_for(db, write_blitz(tmp_path / "p", seconds=3))
    first = Live(["practice", "--question", "url-shortener", "--format", "blitz"], env)
    first.wait_for(r"── Question")
    first.send("Readers and writers of short links are the users.\n\n")
    first.wait_for(r"Non Functional")

    def settled() -> bool:
        """Every queued message printed and marked sent: nothing is in flight."""
        items = outbox(db)
        return all(i.sent_at for i in items) and len(messages(first.text)) == len(items)

    # Kill between messages, not inside the documented window (printed, not yet marked
    # sent; `test_message_printed_when_killed_is_printed_once_more` covers that). The next
    # message, the half-time nudge, is 1.5 s after the phase change that was just printed.
    wait_until(settled, "the phase change is printed and marked sent")
    first.proc.send_signal(signal.SIGKILL)
    first.finish()
    assert settled(), "a message was in flight when the test killed the process"

    second = Live(["practice", "--resume"], env)
    second.wait_for(r"Resuming interview #1")
    second.send("/end\n")
    assert second.finish() == 0, second.text
    shown = run(["history", "1"], env).stdout
    assert "Readers and writers of short links" in shown
    # Nothing printed before the kill is printed again after the restart.
    before, after = messages(first.text), messages(second.text)
    assert before and after
    assert not set(before) & set(after), second.text
    assert sum("── Question" in m for m in before + after) == 1


class _Killed(BaseException):
    """Stands in for SIGKILL: no handler catches it and nothing after it runs."""


class _DiesAfterPrinting(io.StringIO):
    """Terminal output whose process dies as soon as its ``die_at``-th message is printed."""

    def __init__(self, die_at: int) -> None:
        super().__init__()
        self.die_at = die_at

    def flush(self) -> None:
        super().flush()
        if self.getvalue().count("\n── ") >= self.die_at:
            raise _Killed


def test_message_printed_when_killed_is_printed_once_more(store: Store) -> None:
    """The documented window, made exact: killed after printing a message, before marking it
    sent. `--resume` prints that one message again once the terminal's lease has run out."""
    now = [NOW]
    service = InterviewService(store=store, content=make_content(), clock=lambda: now[0])
    row = service.start(
        team_id=TERMINAL_TEAM, channel_id=CHANNEL, host_id="tester", source="terminal", seed=3
    )
    first = _DiesAfterPrinting(die_at=2)  # the question, then the first phase's introduction
    with pytest.raises(_Killed):
        PracticeSession(service, row, first, tick_seconds=0.01).run(io.StringIO())
    with store.transaction() as tx:
        unsent = tx.pending_outbox(team_id=TERMINAL_TEAM, interview_id=row.id or 0)
    assert unsent and unsent[0].lease_until == now[0] + LEASE

    now[0] += LEASE
    second = io.StringIO()
    code = PracticeSession(service, row, second, tick_seconds=0.01).run(io.StringIO("/end\n"))
    assert code == 0, second.getvalue()
    before, after = messages(first.getvalue()), messages(second.getvalue())
    assert len(before) == 2 and after[0] == before[-1]
    assert set(before) & set(after) == {before[-1]} and after.count(before[-1]) == 1
    assert "── Retrospective" in second.getvalue()


def test_resume_with_nothing_to_resume_is_a_clear_error(env: dict[str, str]) -> None:
    result = run(["practice", "--resume"], env)
    assert result.returncode == 2
    assert "no unfinished practice interview" in result.stderr


def test_unknown_question_is_a_clear_error(env: dict[str, str]) -> None:
    result = run(["practice", "--question", "no-such-thing"], env)
    assert result.returncode == 2
    assert "no-such-thing" in result.stderr and "Traceback" not in result.stderr
    assert "practice --list` lists them" in result.stderr


def test_list_shows_questions_and_formats(env: dict[str, str]) -> None:
    result = run(["practice", "--list"], env)
    assert result.returncode == 0
    assert "url-shortener" in result.stdout and "blitz" in result.stdout
    assert "Standard interview (43 minutes)\n" in result.stdout  # its length said once
    assert "Blitz (test format) (" in result.stdout  # a title without it gets it added
