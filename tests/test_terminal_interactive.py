"""The practice session at a terminal, on a pseudo-screen: prompt_toolkit reads keys from a
pipe and draws on a VT100 emulator; the interview runs on the injected clock."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from prompt_toolkit.input import PipeInput, create_pipe_input

from bot.interviews.service import TERMINAL_TEAM, InterviewService
from bot.terminal.interactive import run_interactive
from bot.terminal.practice import CHANNEL, PracticeSession
from storage.repository import Store
from tests.clock import Clock
from tests.conftest import NOW
from tests.factories import make_content
from tests.helpers import wait_until
from tests.terminal_screen import Screen

pytestmark = pytest.mark.timeout(60)


@dataclass
class Terminal:
    screen: Screen
    keys: PipeInput
    clock: Clock
    service: InterviewService
    interview_id: int
    result: list[int]
    exit_code: int = 0

    def answers(self) -> list[str]:
        with self.service.store.transaction() as tx:
            return [
                a.text for a in tx.answers(team_id=TERMINAL_TEAM, interview_id=self.interview_id)
            ]


@pytest.fixture
def terminal(store: Store) -> Iterator[Terminal]:
    clock = Clock(NOW)
    service = InterviewService(store=store, content=make_content(), clock=clock)
    row = service.start(
        team_id=TERMINAL_TEAM, channel_id=CHANNEL, host_id="tester", source="terminal", seed=3
    )
    assert row.id is not None
    session = PracticeSession(service, row, out=None, tick_seconds=0.02)  # type: ignore[arg-type]
    result: list[int] = []
    with create_pipe_input() as keys:
        screen = Screen(keys)
        runner = threading.Thread(
            target=lambda: result.append(
                run_interactive(session, input=keys, output=screen.output())
            ),
            daemon=True,
        )
        runner.start()
        terminal = Terminal(screen, keys, clock, service, row.id, result)
        yield terminal
        if runner.is_alive():
            keys.send_text("/end\r")
        runner.join(timeout=30)
    assert result == [terminal.exit_code], screen.text


def test_a_nudge_lands_above_the_line_being_typed_and_leaves_it_whole(
    terminal: Terminal,
) -> None:
    screen = terminal.screen
    screen.wait_for("[intro functional")
    terminal.keys.send_text("Users shorten links and")
    screen.wait_for("you › Users shorten links and")

    terminal.clock.move(minutes=1)  # half of the 2-minute phase: the nudge is due
    screen.wait_for("[half")

    def nudge_above_the_whole_line(lines: list[str]) -> bool:
        typing = [i for i, line in enumerate(lines) if line.startswith("you ›")]
        nudge = [i for i, line in enumerate(lines) if "[half" in line]
        return (
            bool(typing and nudge)
            and lines[typing[-1]] == "you › Users shorten links and"
            and nudge[-1] < typing[-1]
            and not any("Users shorten" in line for line in lines[: typing[-1]])
        )

    screen.wait_until(nudge_above_the_whole_line, "the nudge is above the line being typed")

    terminal.keys.send_text(" click them.\r\r")  # the empty line sends the answer
    wait_until(lambda: terminal.answers(), "the answer is stored")
    assert terminal.answers() == ["Users shorten links and click them."]


def test_the_toolbar_counts_down_the_phase_on_the_clock(terminal: Terminal) -> None:
    screen = terminal.screen
    screen.wait_for("Functional · phase 1 of 7 · 2:00 left · 43:00 in all")
    assert "☐ what functional covers" in screen.text
    terminal.clock.move(seconds=75)
    screen.wait_for("Functional · phase 1 of 7 · 0:45 left · 41:45 in all")
    terminal.keys.send_text("/pause\r")
    screen.wait_for("paused with 0:45 left · /resume")


def test_ctrl_c_keeps_the_answer_pauses_and_says_how_to_resume(terminal: Terminal) -> None:
    terminal.exit_code = 130
    screen = terminal.screen
    screen.wait_for("[intro functional")
    terminal.keys.send_text("Users shorten links\r")
    screen.wait_for("you › Users shorten links")
    terminal.keys.send_text("\x03")  # Ctrl-C
    screen.wait_for(f"practice --resume {terminal.interview_id}")
    assert terminal.answers() == ["Users shorten links"]
    with terminal.service.store.transaction() as tx:
        row = tx.get_interview(team_id=TERMINAL_TEAM, interview_id=terminal.interview_id)
    assert row is not None and row.status == "paused"
