"""`/drill history | show | export | forget-me | leaderboard` through the real Bolt app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.slack.blocks import FORGET_ACTION
from tests.fakes import slack_requests as req
from tests.helpers import wait_until
from tests.slack_harness import SlackWorld, slack_world
from tests.test_slack_e2e import ALICE, BOB, answers, interview, start


@pytest.fixture
def world(tmp_path: Path) -> Iterator[SlackWorld]:
    with slack_world(tmp_path) as w:
        start(w)
        w.clock.move(seconds=5)
        w.reply("The users are people who shorten links and the people who click them.")
        w.clock.move(seconds=5)
        w.reply("Admins also need to review reported links for abuse.", user=BOB)
        wait_until(lambda: len(answers(w)) == 2)
        w.command("end")
        wait_until(lambda: interview(w).status == "finished")
        w.tick()
        yield w


def said(world: SlackWorld, user: str, text: str) -> str:
    before = len(world.ephemeral(user))
    world.command(text, user=user)
    wait_until(lambda: len(world.ephemeral(user)) > before)
    return world.ephemeral(user)[-1]


def test_history_and_show_repeat_my_own_retrospective(world: SlackWorld) -> None:
    history = said(world, ALICE, "history")
    assert "#1" in history and "URL shortener" in history and "/100" in history
    shown = said(world, ALICE, "show 1")
    assert "people who shorten links" in shown
    assert "review reported links" not in shown  # Bob's words are not in Alice's view
    assert "interview number" in said(world, ALICE, "show everything")


def test_export_sends_exactly_my_answers_as_a_markdown_file(world: SlackWorld) -> None:
    reply = said(world, ALICE, "export")
    assert "designdrill-export.md" in reply
    uploads = world.fake.calls("upload")
    assert uploads, "no file was uploaded"
    body = uploads[-1].body.decode()
    assert "people who shorten links" in body
    assert "review reported links" not in body


def test_leaderboard_hide_removes_me_everywhere(world: SlackWorld) -> None:
    board = said(world, ALICE, "leaderboard")
    assert f"<@{ALICE}>" in board and f"<@{BOB}>" in board
    assert "off every leaderboard" in said(world, BOB, "leaderboard hide")
    for window in ("week", "month", "season", "all", "improved"):
        assert f"<@{BOB}>" not in said(world, ALICE, f"leaderboard {window}")
    said(world, BOB, "leaderboard show")
    assert f"<@{BOB}>" in said(world, ALICE, "leaderboard all")


def test_forget_me_asks_first_then_deletes_only_my_data(world: SlackWorld) -> None:
    assert "cannot be undone" in said(world, BOB, "forget-me")
    assert len(answers(world)) == 2  # nothing deleted before the confirmation
    payload = req.block_actions_payload(
        action_id=FORGET_ACTION,
        value="confirm",
        message_ts="1.0",
        user_id=BOB,
        response_url=world.fake.response_url(f"click-{BOB}"),
    )
    assert world.interactive(payload)[0] == 200
    wait_until(lambda: len(answers(world)) == 1)
    assert [a[0] for a in answers(world)] == [ALICE]
    assert f"<@{BOB}>" not in said(world, ALICE, "leaderboard all")
    assert "no finished interviews" in said(world, BOB, "history").lower()
    assert "/100" in said(world, ALICE, "history")


def test_team_settings_are_for_admins(world: SlackWorld) -> None:
    assert "Only workspace admins" in said(world, ALICE, "timezone Europe/Berlin")
    world.fake.set_user(ALICE, is_admin=True)
    assert "Europe/Berlin" in said(world, ALICE, "timezone Europe/Berlin")
    assert "isn't a time zone" in said(world, ALICE, "timezone Mars/Olympus")
    assert "30 days" in said(world, ALICE, "retention 30")
    assert "Europe/Berlin" in said(world, BOB, "timezone")


def test_app_home_shows_the_weeks_leaderboard_without_hidden_people(world: SlackWorld) -> None:
    said(world, BOB, "leaderboard hide")
    world.event(req.app_home_opened_event(user_id=ALICE))
    view = world.fake.wait_for("views.publish")[-1].params["view"]
    text = str(view)
    assert "Leaderboard: this week" in text and f"<@{ALICE}>" in text
    assert f"<@{BOB}>" not in text


def _started_zone(world: SlackWorld, command: str, user: str = ALICE) -> str | None:
    """Start an interview with ``command``; the time zone its working hours count in.
    The interview is ended then, to free the channel for the next one."""
    said(world, user, command)
    with world.service.store.transaction() as tx:
        rows = tx.list_interviews(team_id="T0DRILL01", limit=1)
    said(world, user, "end")
    zone = rows[0].state.get("timezone")
    return str(zone) if zone else None


def test_a_weekly_interview_started_by_hand_keeps_the_teams_or_the_hosts_working_hours(
    world: SlackWorld,
) -> None:
    world.fake.set_user(BOB, tz="Asia/Tokyo")
    lookups = len(world.fake.calls("users.info"))
    assert _started_zone(world, "start url-shortener standard") is None  # no working hours
    assert len(world.fake.calls("users.info")) == lookups  # so no need to ask Slack
    assert _started_zone(world, "start url-shortener weekly", user=BOB) == "Asia/Tokyo"
    world.fake.set_user(ALICE, is_admin=True)
    said(world, ALICE, "timezone Europe/Berlin")
    assert _started_zone(world, "start url-shortener weekly", user=BOB) == "Europe/Berlin"
