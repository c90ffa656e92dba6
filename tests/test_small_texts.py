"""Small texts people read: the App Home, the start form's errors, a paused schedule."""

from __future__ import annotations

import json

from tests.fakes import slack_requests as req
from tests.helpers import wait_until
from tests.slack_harness import SlackWorld
from tests.test_slack_e2e import ALICE, answers, interview, start


def _home(world: SlackWorld) -> str:
    before = len(world.fake.calls("views.publish"))
    world.event(req.app_home_opened_event(user_id=ALICE))
    wait_until(lambda: len(world.fake.calls("views.publish")) > before, "the App Home")
    return json.dumps(world.fake.calls("views.publish")[-1].params["view"])


def test_app_home_names_the_phase_and_my_scores(world: SlackWorld) -> None:
    start(world)
    first = world.service.content.formats["blitz"].phases[0]
    assert first.id != first.title

    running = _home(world)
    assert f" \\u00b7 {first.title} \\u00b7 " in running
    assert f" \\u00b7 {first.id} \\u00b7 " not in running

    world.clock.move(seconds=5)
    world.reply("Users shorten links; admins review abuse reports and delete links.")
    wait_until(lambda: len(answers(world)) == 1)
    world.command("end")
    wait_until(lambda: interview(world).status == "finished")
    world.tick()
    with world.service.store.transaction() as tx:
        score = tx.score(team_id="T0DRILL01", interview_id=1, user_id=ALICE)
    assert score is not None
    assert f"your score {score.score}/100" in _home(world)


def test_the_start_form_says_how_to_find_a_question_for_an_unknown_topic(
    world: SlackWorld,
) -> None:
    payload = req.view_submission_payload(
        callback_id="drill_start",
        values={
            "start_question": {"question": req.select_value(None)},
            "start_topic": {"topic": req.text_value("zzzz no such topic")},
            "start_format": {"format": req.select_value("blitz")},
        },
        private_metadata=req.CHANNEL_ID,
    )

    status, body = world.interactive(payload)

    assert status == 200 and body["response_action"] == "errors"
    error = body["errors"]["start_topic"]
    assert error.startswith("No question matches `zzzz no such topic`.")
    assert "`/drill questions` lists them" in error
    assert "no question with id" not in error


def test_the_start_form_refuses_a_format_that_does_not_exist_next_to_the_field(
    world: SlackWorld,
) -> None:
    payload = req.view_submission_payload(
        callback_id="drill_start",
        values={"start_format": {"format": req.select_value("turbo")}},
        private_metadata=req.CHANNEL_ID,
    )

    status, body = world.interactive(payload)

    assert status == 200
    assert body["errors"]["start_format"].startswith("There is no format `turbo`: choose one of")
    assert interview(world) is None
