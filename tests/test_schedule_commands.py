"""`/drill schedule ...` and `/drill reroll` through the real Bolt app and the fake Slack:
friendly errors, times in each viewer's own zone, who may change a schedule, the App Home."""

from __future__ import annotations

import json

import pytest

from tests.fakes import slack_requests as req
from tests.helpers import wait_until
from tests.slack_harness import SlackWorld

ALICE, BOB, MALLORY, ADMIN = req.USER_ID, "U0BOB0001", "U0MALLORY", "U0ADMIN01"
TEAM = "T0DRILL01"
# The harness clock starts at Mon 2 Nov 2026 15:00 UTC (10:00 in New York, just after the
# US DST change); the fake's users.info says everyone is in America/New_York unless told.


def said(world: SlackWorld, text: str, user: str = ALICE) -> str:
    """Run the command and return the ephemeral reply the person got."""
    before = len(world.ephemeral(user))
    status, _ = world.command(text, user=user)
    assert status == 200
    wait_until(lambda: len(world.ephemeral(user)) > before)
    return world.ephemeral(user)[-1]


def test_add_then_list_in_each_viewers_own_time_zone(world: SlackWorld) -> None:
    world.fake.set_user(BOB, tz="Europe/Berlin")

    added = said(world, "schedule add weekly mon 09:00")
    listed = said(world, "schedule list", user=BOB)

    assert "Scheduled drill #1" in added and "every Monday at 09:00 (America/New_York)" in added
    assert "First run: Mon 9 Nov 09:00 EST (your time)" in added
    assert "format `weekly`" in added
    assert "#1 every Monday at 09:00 (America/New_York)" in listed
    assert "next run Mon 9 Nov 15:00 CET (your time)" in listed  # Bob reads Berlin time


def test_an_explicit_zone_format_and_topic(world: SlackWorld) -> None:
    added = said(world, "schedule add every 2 weeks fri 16:30 Asia/Tokyo lightning caching")

    assert "every 2 weeks on Friday at 16:30 (Asia/Tokyo)" in added
    assert "format `lightning`" in added
    assert "Fri 6 Nov 02:30 EST (your time)" in added  # Friday 16:30 in Tokyo


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("schedule add weekly funday 09:00", "`funday` isn't a day"),
        ("schedule add weekly mon 25:00", "`25:00` isn't a time of day"),
        ("schedule add weekly mon 09:00 Mars/Olympus", "`Mars/Olympus` isn't a time zone"),
        ("schedule add weekly mon 09:00 turbo", "`turbo` is neither a format"),
        ("schedule pause", "takes a schedule number"),
    ],
)
def test_bad_input_gets_a_clear_ephemeral_message_with_an_example(
    world: SlackWorld, text: str, says: str
) -> None:
    reply = said(world, text)

    assert says in reply and "/drill schedule" in reply
    assert world.fake.calls("chat.postMessage") == []  # nothing said in the channel


def test_only_the_creator_or_an_admin_may_change_a_schedule(world: SlackWorld) -> None:
    world.fake.set_user(ADMIN, is_admin=True)
    said(world, "schedule add weekly mon 09:00")

    refused = said(world, "schedule pause 1", user=MALLORY)
    assert refused.startswith(f"Only <@{ALICE}>, who created schedule #1")
    assert "next run" in said(world, "schedule list", user=MALLORY)  # still active

    assert said(world, "schedule skip 1", user=ADMIN).startswith("Skipping the next run")
    assert said(world, "schedule pause 1") == (
        "Paused schedule #1 (every Monday at 09:00 (America/New_York)) "
        "until `/drill schedule resume 1`."
    )
    assert "paused until `/drill schedule resume 1`, which then skips its first run" in said(
        world, "schedule list"
    )
    assert said(world, "schedule resume 1").startswith("Resumed schedule #1")
    assert said(world, "schedule delete 1", user=MALLORY).startswith("Only")
    assert said(world, "schedule delete 1").startswith("Deleted schedule #1")
    assert "No drills are scheduled" in said(world, "schedule list")
    assert "There is no schedule #7" in said(world, "schedule resume 7")


def test_the_app_home_shows_upcoming_drills_in_the_viewers_zone(world: SlackWorld) -> None:
    world.fake.set_user(BOB, tz="Asia/Kolkata")
    said(world, "schedule add weekdays 09:00")
    said(world, "schedule add weekly fri 17:00 Europe/London")

    world.event(req.app_home_opened_event(user_id=BOB))
    view = json.dumps(world.fake.wait_for("views.publish")[0].params["view"])

    assert "Upcoming drills" in view
    assert "#1 every weekday at 09:00 (America/New_York)" in view
    assert "next run Tue 3 Nov 19:30 IST (your time)" in view
    assert "#2 every Friday at 17:00 (Europe/London)" in view
    assert "Fri 6 Nov 22:30 IST" in view


def test_a_scheduled_drill_starts_in_the_channel_and_the_host_can_reroll_it(
    world: SlackWorld,
) -> None:
    said(world, "schedule add weekly mon 09:00")
    world.tick(days=6, hours=23)  # Mon 9 Nov 09:00 New York
    world.tick()
    question = world.fake.calls("chat.postMessage")[0].params["text"]

    assert said(world, "reroll", user=MALLORY).startswith("Only the drill's host")
    rerolled = said(world, "reroll")
    world.tick()

    assert rerolled.startswith("Rerolled: this week's question is now")
    roots = [
        c.params["text"]
        for c in world.fake.calls("chat.postMessage")
        if not c.params.get("thread_ts")
    ]
    assert len(roots) == 2 and roots[0] == question and roots[1] != question
    assert any("Rerolled" in str(c.params["text"]) for c in world.fake.calls("chat.postMessage"))
    world.reply("Users are link creators.", user=BOB)
    wait_until(lambda: _answers(world) == 1)
    assert "already answered" in said(world, "reroll")


def _answers(world: SlackWorld) -> int:
    with world.service.store.transaction() as tx:
        live = tx.list_interviews(team_id=TEAM, statuses=("running",), source="drill")
        return len(tx.answers(team_id=TEAM, interview_id=live[0].id or 0)) if live else 0
