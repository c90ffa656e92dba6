"""One parser for every number people type: a range, and a sentence that names it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.interviews.service import InterviewService
from bot.interviews.your_data import show_text
from bot.numbers import MAX_ID, NumberError, record_id, whole_number
from bot.server.arguments import parser
from tests.cli_harness import Live, env_for, run, write_blitz


@pytest.mark.parametrize(("text", "value"), [("5", 5), ("+5", 5), (" 120 ", 120), ("007", 7)])
def test_whole_numbers_in_range_are_read(text: str, value: int) -> None:
    assert whole_number(text, low=1, high=120, what="minutes") == value


@pytest.mark.parametrize(
    "text", ["0", "121", "-5", "5.5", "abc", "", "²", "٣", "1e3", "9" * 23, "0x10", "5 6"]
)
def test_anything_else_is_refused_naming_the_range(text: str) -> None:
    with pytest.raises(NumberError) as error:
        whole_number(text, low=1, high=120, what="minutes", example="`/drill extend 5`")
    assert "a whole number from 1 to 120, e.g. `/drill extend 5`" in str(error.value)


@pytest.mark.parametrize(("text", "value"), [("12", 12), ("#12", 12), (str(MAX_ID), MAX_ID)])
def test_record_ids_fit_the_database(text: str, value: int) -> None:
    assert record_id(text, what="an interview number", hint="see history") == value


@pytest.mark.parametrize("text", ["0", str(MAX_ID + 1), "9223372036854775808", "#", "²", "x"])
def test_record_ids_no_row_can_have_are_refused_with_the_hint(text: str) -> None:
    with pytest.raises(NumberError, match="isn't an interview number: see history"):
        record_id(text, what="an interview number", hint="see history")


def test_the_cli_refuses_an_impossible_history_id_with_exit_code_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        parser().parse_args(["history", "99999999999999999999999"])

    assert exited.value.code == 2
    assert "isn't a practice interview number" in capsys.readouterr().err


def test_the_terminal_answers_extend_out_of_range_and_carries_on(tmp_path: Path) -> None:
    env = env_for(tmp_path / "drill.db", write_blitz(tmp_path / "prompts"))
    live = Live(["practice", "--question", "url-shortener", "--format", "blitz"], env)
    live.wait_for(r"── Question")
    live.send("/extend 99999\n/extend ²\n/end\n")
    live.close_stdin()

    assert live.finish() == 0, live.text
    assert "99999 isn't minutes: use a whole number from 1 to 120" in live.text  # no markup
    assert "² isn't minutes" in live.text
    assert "── Retrospective" in live.text


def test_the_cli_history_of_an_impossible_id_exits_2(tmp_path: Path) -> None:
    env = env_for(tmp_path / "drill.db", write_blitz(tmp_path / "prompts"))

    shown = run(["history", "99999999999999999999999"], env)

    assert shown.returncode == 2
    assert "isn't a practice interview number" in shown.stderr
    assert "Traceback" not in shown.stderr


def test_the_largest_id_accepted_is_one_both_databases_can_look_up(
    service: InterviewService,
) -> None:
    """One more and PostgreSQL answers "integer out of range" (SQLite only past 2**63)."""
    who = {"team_id": "T1", "user_id": "U1"}

    assert "no retrospective for interview" in show_text(service, **who, interview_id=MAX_ID)
    with service.store.transaction() as tx:
        assert tx.get_schedule(team_id="T1", schedule_id=MAX_ID) is None
        assert tx.get_interview(team_id="T1", interview_id=MAX_ID) is None
