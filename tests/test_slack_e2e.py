"""The real Bolt app over HTTP, Slack-signed requests, the fake Slack Web API behind it."""

from __future__ import annotations

import time

from bot.slack.inputs import button_value
from tests.fakes import slack_requests as req
from tests.helpers import wait_until
from tests.slack_harness import SlackWorld

ALICE, BOB, MALLORY = req.USER_ID, "U0BOB0001", "U0MALLORY"


def answers(world: SlackWorld, interview_id: int = 1, **kw: bool) -> list[tuple[str, str, str]]:
    with world.service.store.transaction() as tx:
        return [
            (a.user_id, a.phase_id, a.text)
            for a in tx.answers(team_id="T0DRILL01", interview_id=interview_id, **kw)
        ]


def interview(world: SlackWorld, interview_id: int = 1):  # type: ignore[no-untyped-def]
    with world.service.store.transaction() as tx:
        return tx.get_interview(team_id="T0DRILL01", interview_id=interview_id)


def start(world: SlackWorld, text: str = "start url-shortener blitz") -> None:
    status, _ = world.command(text)
    assert status == 200
    wait_until(lambda: world.ephemeral(ALICE))
    world.tick()


def test_a_whole_interview_in_a_thread(world: SlackWorld) -> None:
    start(world)
    assert "Starting *URL shortener*" in world.ephemeral(ALICE)[0]
    root = world.fake.calls("chat.postMessage")[0]
    assert root.params["channel"] == req.CHANNEL_ID and not root.params.get("thread_ts")
    assert "URL shortener" in root.params["text"]
    intro = world.fake.calls("chat.postMessage")[1]
    assert intro.params["thread_ts"] == world.thread_ts()
    assert any(b["type"] == "actions" for b in intro.params["blocks"])  # next / more time / end

    world.clock.move(seconds=5)
    assert world.reply("Users are people who shorten links and people who click them.") == 200
    world.clock.move(seconds=5)
    bob_ts = world.ts_now()
    world.reply("Also admins who look at abuse reports.", user=BOB, ts=bob_ts)
    wait_until(lambda: len(answers(world)) == 2)

    world.tick(seconds=20)  # 0:30, half time
    assert "30 seconds" in world.thread_texts()[-1]  # the half-time nudge
    said = len(world.thread_texts())
    world.tick(seconds=25)  # 0:55: quiet for 45 s, but both answered within the last minute
    assert len(world.thread_texts()) == said  # so no silence ping (issue 15, pacing)

    world.tick(seconds=5)  # 1:00, time is up
    assert any("Non Functional" in t for t in world.thread_texts()[-3:])

    # Bob edits his answer, Alice posts one and deletes it.
    world.event(
        req.message_changed_event(
            ts=bob_ts,
            new_text="Also admins and support staff.",
            old_text="Also admins who look at abuse reports.",
            thread_ts=world.thread_ts(),
            user_id=BOB,
        )
    )
    oops = world.ts_now()
    world.reply("wrong thread, sorry", ts=oops)
    wait_until(lambda: len(answers(world)) == 3)
    world.event(req.message_deleted_event(deleted_ts=oops, thread_ts=world.thread_ts()))
    wait_until(lambda: len(answers(world)) == 2)
    assert answers(world)[1] == (BOB, "functional", "Also admins and support staff.")

    for _ in range(4):  # next phase x4: api, high level, schema, end-to-end
        assert world.click("drill_next", button_value(1)) == 200
        world.tick()
    world.click("drill_next", button_value(1))  # end-to-end done: deep dives open
    wait_until(lambda: interview(world).phase_id == "deep_dives")
    world.tick()
    offer = world.fake.calls("chat.postMessage")[-1]
    topic_buttons = [  # the offer comes with the deep dives' intro, in one message
        e
        for b in offer.params["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"].startswith("drill_topic")
    ]
    assert len(topic_buttons) >= 2
    first = topic_buttons[0]
    world.click(first["action_id"], first["value"])
    world.tick()
    assert interview(world).state["topic_id"]

    world.command("end")
    wait_until(lambda: interview(world).status == "finished")
    world.tick()
    assert "Retrospective" in world.thread_texts()[-1]
    assert any("retrospective" in t.lower() for t in world.dms(ALICE))
    assert any("support staff" in t for t in world.dms(BOB))  # his own (edited) words


def test_a_retried_event_stores_and_posts_nothing_new(world: SlackWorld) -> None:
    start(world)
    posted = len(world.fake.calls("chat.postMessage"))
    world.reply("We shard by user id from day one.", event_id="Ev0RETRY1")
    wait_until(lambda: len(answers(world)) == 1)
    world.tick()
    after_first = len(world.fake.calls("chat.postMessage"))
    assert after_first == posted + 1  # the scaling-too-early pivot, once
    retry = req.Signing(retry_num=1, retry_reason="http_timeout")
    ts = world.fake.calls("chat.postMessage")[0].response["ts"]
    event = req.thread_reply_event(
        "We shard by user id from day one.", thread_ts=ts, ts=answers_ts(world)
    )
    assert world.event(event, event_id="Ev0RETRY1", signing=retry) == 200
    time.sleep(0.3)
    world.tick()
    assert len(answers(world)) == 1
    assert len(world.fake.calls("chat.postMessage")) == after_first


def answers_ts(world: SlackWorld) -> str:
    with world.service.store.transaction() as tx:
        return tx.answers(team_id="T0DRILL01", interview_id=1)[0].message_ts


def test_bad_signature_and_stale_timestamp_are_refused(world: SlackWorld) -> None:
    assert world.command("help", signing=req.Signing(secret="not-the-secret"))[0] == 401
    assert world.command("help", signing=req.Signing.stale())[0] == 401
    assert world.command("help")[0] == 200


def test_unknown_subcommand_gets_a_short_usage_message(world: SlackWorld) -> None:
    status, body = world.command("frobnicate")
    assert status == 200
    assert "/drill" in body["text"] and "Traceback" not in body["text"]
    status, body = world.command("extend soon")
    assert "`/drill extend`" in body["text"]


def test_a_slash_command_mentioning_payload_still_works(world: SlackWorld) -> None:
    # slack_bolt 1.30 alone would parse this form body as {} and answer 404.
    status, body = world.command("questions payload")
    assert status == 200 and "`payload`" in body["text"]


def test_a_non_participant_cannot_steer(world: SlackWorld) -> None:
    start(world)
    world.click("drill_next", button_value(1), user=MALLORY)
    wait_until(lambda: world.ephemeral(MALLORY))
    assert "Only the host" in world.ephemeral(MALLORY)[0]
    assert interview(world).phase_id == "functional"
    world.fake.set_user(MALLORY, is_admin=True)  # a workspace admin may
    world.click("drill_next", button_value(1), user=MALLORY)
    wait_until(lambda: interview(world).phase_id == "non_functional")


def test_buttons_on_a_finished_interview_say_so(world: SlackWorld) -> None:
    start(world)
    world.command("end")
    wait_until(lambda: interview(world).status == "finished")
    world.click("drill_next", button_value(1))
    wait_until(lambda: world.fake.calls("chat.postEphemeral"))
    assert "has finished" in world.ephemeral(ALICE)[-1]


def test_rate_limited_post_is_retried_and_delivered(world: SlackWorld) -> None:
    world.command("start url-shortener blitz")
    wait_until(lambda: world.ephemeral(ALICE))
    world.fake.fail_next("chat.postMessage", status=429, retry_after=1)
    world.tick()
    world.tick(seconds=1)  # Slack's Retry-After
    posts = world.fake.calls("chat.postMessage")
    assert [c.status for c in posts][:2] == [429, 200]
    assert sum(c.ok for c in posts) == 2  # question and intro, each once


def test_slack_down_then_the_outbox_delivers_in_order(world: SlackWorld) -> None:
    world.command("start url-shortener blitz")
    wait_until(lambda: world.ephemeral(ALICE))
    world.fake.set_down(True)
    world.tick()
    world.tick(seconds=30)  # the half-time nudge is queued behind the question
    assert not [c for c in world.fake.calls("chat.postMessage") if c.ok]
    world.fake.set_down(False)
    world.tick(seconds=60)
    world.tick(seconds=60)
    texts = [c.params["text"] for c in world.fake.calls("chat.postMessage") if c.ok]
    assert "URL shortener" in texts[0]  # the question first, then its thread
    assert len(texts) >= 4


def test_bot_not_in_channel_stops_the_drill_and_tells_the_host(world: SlackWorld) -> None:
    world.command("start url-shortener blitz")
    wait_until(lambda: world.ephemeral(ALICE))
    world.fake.fail_next("chat.postMessage", error="not_in_channel")
    world.tick()
    assert interview(world).status == "finished"
    assert any("/invite @DesignDrill" in t for t in world.dms(ALICE))


def test_start_without_arguments_opens_a_modal_that_starts_the_drill(world: SlackWorld) -> None:
    world.command("start")
    opened = world.fake.wait_for("views.open")[0]
    view = opened.params["view"]
    view = view if isinstance(view, dict) else __import__("json").loads(view)
    assert view["callback_id"] == "drill_start" and view["private_metadata"] == req.CHANNEL_ID
    payload = req.view_submission_payload(
        callback_id="drill_start",
        private_metadata=req.CHANNEL_ID,
        values={
            "start_question": {"question": req.select_value("rate-limiter")},
            "start_topic": {"topic": req.text_value(None)},
            "start_format": {"format": req.select_value("blitz")},
        },
    )
    status, _ = world.interactive(payload)
    assert status == 200
    wait_until(lambda: interview(world) is not None)
    world.tick()
    assert "rate limiter" in world.fake.calls("chat.postMessage")[0].params["text"].lower()


def test_app_home_lists_the_persons_running_interview(world: SlackWorld) -> None:
    start(world)
    world.event(req.app_home_opened_event(user_id=ALICE))
    published = world.fake.wait_for("views.publish")[0]
    view = published.params["view"]
    assert "URL shortener" in str(view) and view and "home" in str(view)


def test_messages_to_one_channel_are_paced(world: SlackWorld) -> None:
    start(world)
    assert 1.0 in world.sleeps  # the intro waited a second after the question


def test_an_answer_is_committed_before_slack_gets_its_ack(world: SlackWorld) -> None:
    start(world)
    for n in range(5):
        world.clock.move(seconds=1)  # each message its own ts
        assert world.reply(f"Answer number {n} is about the users of the system.") == 200
        assert len(answers(world)) == n + 1  # no waiting: it was stored before the 200
