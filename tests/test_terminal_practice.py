"""The practice session through piped input, in-process on the injected clock: what it
prints (terminal text, not Slack's), its commands, and choosing what to resume."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

from bot.content.loader import load_content
from bot.interviews.service import TERMINAL_TEAM, InterviewService
from bot.terminal.commands import BANNER, COMMANDS
from bot.terminal.invocation import designdrill
from bot.terminal.practice import CHANNEL, PracticeSession
from bot.terminal.practice_command import practice_command
from storage.repository import Store
from tests.clock import Clock
from tests.conftest import NOW
from tests.factories import make_content

SLACK_MARKUP = (
    re.compile(r"\*[^\s*][^*\n]*\*"),  # *bold*
    re.compile(r"(?<!\w)_[^_\s][^_\n]*_(?!\w)"),  # _italic_
    re.compile(r"^>", re.MULTILINE),  # a quote
    re.compile(r"<[@#!]?\w+(?:\|[^>]*)?>"),  # <@U1>, <url|text>
    re.compile(r"(?<!\w):[a-z_]+:(?!\w)"),  # :emoji:
    re.compile(r"`"),
)


def service_for(store: Store, *, real_content: bool = False) -> InterviewService:
    content = load_content() if real_content else make_content()
    return InterviewService(store=store, content=content, clock=Clock(NOW))


def start(service: InterviewService, **kw: object) -> PracticeSession:
    row = service.start(
        team_id=TERMINAL_TEAM,
        channel_id=CHANNEL,
        host_id="tester",
        source="terminal",
        seed=3,
        **kw,  # type: ignore[arg-type]
    )
    return PracticeSession(service, row, io.StringIO(), tick_seconds=0.01)


def run(session: PracticeSession, typed: str) -> str:
    assert session.run(io.StringIO(typed)) == 0
    assert isinstance(session.out, io.StringIO)
    return session.out.getvalue()


def test_every_printed_message_is_terminal_text_not_slack_markup(store: Store) -> None:
    for seed_question in ("url-shortener", "rate-limiter"):
        session = start(service_for(store, real_content=True), question=seed_question)
        out = run(session, "Riders and drivers are the users.\n\n/pause\n/resume\n/end\n")
        assert "── Retrospective" in out
        for markup in SLACK_MARKUP:
            assert not markup.search(out), (markup.pattern, out)
        for slack_words in ("thread", "privately", " DM"):
            assert slack_words not in out, out


def test_help_lists_every_command_with_one_line_each(store: Store) -> None:
    out = run(start(service_for(store)), "/help\n/end\n")
    lines = out.splitlines()
    for command in COMMANDS:
        (line,) = [line for line in lines if line.strip().startswith(command.usage + " ")]
        assert command.does in line
    assert "--resume" in out
    assert BANNER not in out  # the session prints no banner; /help is not the banner again


def test_an_unknown_command_points_to_help(store: Store) -> None:
    out = run(start(service_for(store)), "/nope\n/end\n")
    assert "Unknown command /nope; /help lists the commands." in out


def test_topic_takes_free_text_as_ones_own_deep_dive_topic(store: Store) -> None:
    session = start(service_for(store))
    out = run(session, "/topic surge pricing\n/end\n")
    assert "no deep-dive topic" not in out
    with store.transaction() as tx:
        row = tx.get_interview(team_id=TERMINAL_TEAM, interview_id=session.interview_id)
    assert row is not None and row.state["topics_done"] + [row.state["topic_id"]] == [
        "own:surge pricing"
    ]
    assert "[topic" in out and "surge pricing" in out


def test_the_deep_dive_offer_says_how_to_name_ones_own_topic(store: Store) -> None:
    out = run(start(service_for(store)), "/next\n" * 6 + "/end\n")
    assert "/topic 1: Topic 1" in out and "/topic <your own topic>" in out


def test_typing_while_paused_says_how_to_resume(store: Store) -> None:
    out = run(start(service_for(store)), "/pause\nstill thinking\n/resume\n/end\n")
    assert "The interview is paused; /resume starts the clock again." in out


def _paused(service: InterviewService, count: int) -> list[int]:
    ids = []
    for _ in range(count):
        session = start(service)
        service.act(
            team_id=TERMINAL_TEAM,
            interview_id=session.interview_id,
            user_id="tester",
            action="pause",
        )
        ids.append(session.interview_id)
    return ids


def _practice(service: InterviewService, typed: str = "/end\n", **kw: object) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    options: dict[str, object] = {"question": None, "format_id": "standard", "resume": False}
    options.update(kw)
    code = practice_command(
        service,
        host_id="tester",
        stdin=io.StringIO(typed),
        out=out,
        err=err,
        **options,  # type: ignore[arg-type]
    )
    return code, out.getvalue() + err.getvalue()


def test_resume_with_several_paused_lists_them_and_resumes_the_one_named(store: Store) -> None:
    service = service_for(store)
    first, second = _paused(service, 2)
    code, out = _practice(service, resume=True)
    assert code == 2
    assert "several paused interviews" in out and "--resume ID" in out
    assert re.search(rf"^{first}\s", out, re.MULTILINE) and re.search(rf"^{second}\s", out, re.M)

    code, out = _practice(service, resume=True, resume_id=first)
    assert code == 0 and f"Resuming interview #{first}" in out
    with store.transaction() as tx:
        statuses = [
            tx.get_interview(team_id=TERMINAL_TEAM, interview_id=i).status  # type: ignore[union-attr]
            for i in (first, second)
        ]
    assert statuses == ["finished", "paused"]

    code, out = _practice(service, resume=True)  # one left: no need to name it
    assert code == 0 and f"Resuming interview #{second}" in out


def test_resume_of_an_interview_that_is_not_paused_is_a_clear_error(store: Store) -> None:
    service = service_for(store)
    _paused(service, 1)
    code, out = _practice(service, resume=True, resume_id=99)
    assert code == 2 and "no unfinished practice interview #99" in out


def test_a_new_practice_mentions_the_paused_one_and_make_resume(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = service_for(store)
    (paused,) = _paused(service, 1)
    monkeypatch.setenv("MAKELEVEL", "1")
    code, out = _practice(service)
    assert code == 0
    assert f"You have a paused interview (#{paused}); `make resume` or" in out
    assert "practice --resume` continues it." in out


def test_an_unknown_question_points_to_the_list(store: Store) -> None:
    code, out = _practice(service_for(store), question="no-such-thing")
    assert code == 2 and "no question matches 'no-such-thing'" in out and "--list" in out


def test_the_resume_hint_names_a_command_that_works_as_typed(
    store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`make practice` runs .venv/bin/designdrill, which is not on PATH."""
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    script = bin_dir / "designdrill"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", [".venv/bin/designdrill", "practice"])
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    monkeypatch.delenv("MAKELEVEL", raising=False)  # not under make (CI runs the suite by make)
    assert designdrill() == ".venv/bin/designdrill"

    session = start(service_for(store))
    assert session.leave(session.delivery()) == 130
    assert isinstance(session.out, io.StringIO)
    assert f"Resume with .venv/bin/designdrill practice --resume {session.interview_id}." in (
        session.out.getvalue()
    )

    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")  # after `source .venv/bin/activate`
    assert designdrill() == "designdrill"
