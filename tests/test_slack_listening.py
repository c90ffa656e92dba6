"""The interviewer listens, through the real Bolt app and the fake Slack Web API: check-ins
answered in the thread, no phase-end question it won't wait for, replies sent just after an
auto-advance kept for their phase, text sent while paused not kept, and coaching lines
offered back in the personal retrospective (issue 16, items 1, 2, 3 and 5)."""

from __future__ import annotations

from typing import Any

from bot.slack.inputs import button_value
from tests.fakes import slack_requests as req
from tests.helpers import wait_until
from tests.slack_harness import SlackWorld

ALICE, BOB = req.USER_ID, "U0BOB0001"
TEAM = "T0DRILL01"


def answers(world: SlackWorld) -> list[tuple[str, str, str]]:
    with world.service.store.transaction() as tx:
        return [(a.user_id, a.phase_id, a.text) for a in tx.answers(team_id=TEAM, interview_id=1)]


def status(world: SlackWorld) -> str:
    with world.service.store.transaction() as tx:
        row = tx.get_interview(team_id=TEAM, interview_id=1)
        assert row is not None
        return row.status


def resume_button(params: dict[str, Any]) -> bool:
    return any(
        e["action_id"].startswith("drill_resume")
        for b in params.get("blocks", [])
        if b["type"] == "actions"
        for e in b["elements"]
    )


def start(world: SlackWorld) -> None:
    assert world.command("start url-shortener blitz")[0] == 200
    wait_until(lambda: world.ephemeral(ALICE))
    world.tick()


def test_a_check_in_in_the_thread_gets_an_answer_at_once(world: SlackWorld) -> None:
    start(world)
    world.clock.move(seconds=5)
    before = len(world.thread_texts())
    assert world.reply("Who uses it: people shortening links. Does this make sense so far?") == 200
    wait_until(lambda: len(answers(world)) == 1)
    world.tick()  # the same moment: delivery only, the clock has not moved
    said = world.thread_texts()[before:]
    assert len(said) == 1
    assert f"<@{ALICE}>" in said[0]
    assert "Functional" in said[0] and "55 seconds" in said[0]  # the phase and its time left
    assert answers(world)[0][1] == "functional"  # the check-in is part of the transcript


def test_a_phase_ending_on_time_asks_nothing_it_cannot_wait_for(world: SlackWorld) -> None:
    start(world)
    before = len(world.thread_texts())
    world.tick(seconds=60)  # functional's time is up; non-functional opens at once
    said = world.thread_texts()[before:]
    assert said and all("?" not in text for text in said)


def test_a_reply_just_after_an_auto_advance_counts_for_its_phase_and_is_marked_late(
    world: SlackWorld,
) -> None:
    start(world)
    world.tick(seconds=60)  # functional closed at 1:00
    world.clock.move(seconds=10)
    world.reply("Users: people who shorten links, and admins.")
    wait_until(lambda: len(answers(world)) == 1)
    assert answers(world)[0][1] == "functional"
    world.clock.move(seconds=25)  # 1:35, past the 30 s grace
    world.reply("About 100M new links a month, reads 100x writes.", user=BOB)
    wait_until(lambda: len(answers(world)) == 2)
    assert answers(world)[1][1] == "non_functional"
    world.command("end")
    wait_until(lambda: status(world) == "finished")
    world.tick()
    team = world.thread_texts()[-1]
    assert "1 late" in team
    # Alice's late reply counts for Functional: only Bob, who said nothing there, skipped it.
    assert not any("2 of 2 skipped Functional" in t for t in world.thread_texts())
    assert any("sent just after it closed" in dm for dm in world.dms(ALICE))


def test_text_sent_while_paused_is_not_kept_and_the_thread_says_how_to_resume(
    world: SlackWorld,
) -> None:
    start(world)
    world.command("pause")
    wait_until(lambda: status(world) == "paused")
    world.tick()
    world.clock.move(seconds=5)
    world.reply("users are people who shorten links")
    world.reply("and admins")
    world.tick()
    assert answers(world) == []
    told = [c for c in world.fake.calls("chat.postMessage") if resume_button(c.params)]
    assert len(told) == 1  # once per pause, not once per message
    assert f"<@{ALICE}>" in str(told[0].params["text"])
    assert told[0].params["thread_ts"] == world.thread_ts()
    assert world.click("drill_resume", button_value(1)) == 200
    wait_until(lambda: status(world) == "running")
    world.reply("users are people who shorten links")
    wait_until(lambda: len(answers(world)) == 1)


def test_coaching_then_recovery_lines_in_the_personal_retrospective(world: SlackWorld) -> None:
    start(world)
    world.clock.move(seconds=5)
    world.reply("We shard the links table by hash from day one.")
    wait_until(lambda: len(answers(world)) == 1)
    world.tick()
    coaching = world.thread_texts()[-1]
    lines = world.service.content.lines.pivot_scaling_early
    assert coaching in [line.format(user=f"<@{ALICE}>") for line in lines]
    world.command("end")
    wait_until(lambda: status(world) == "finished")
    world.tick()
    personal = "\n".join(world.dms(ALICE))
    assert "Lines to try next time" in personal
    assert "simple version working end to end first" in personal
    assert "Does this make sense so far" in personal  # nobody checked in
    assert "Nobody checked in" in world.thread_texts()[-1]


def test_a_check_in_answer_holds_back_the_half_time_nudge(world: SlackWorld) -> None:
    start(world)
    world.clock.move(seconds=25)
    world.reply("should I go deeper here or move on?")
    wait_until(lambda: len(answers(world)) == 1)
    world.tick()
    before = len(world.thread_texts())
    world.tick(seconds=5)  # 0:30, half time: too soon after the answer to the check-in
    assert world.thread_texts()[before:] == []
    world.tick(seconds=15)  # 0:45
    assert len(world.thread_texts()[before:]) == 1
