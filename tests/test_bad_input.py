"""Bad input through the real Bolt app over HTTP: numbers out of range get their range,
unsigned or unparsable requests are refused before parsing, malformed payloads are acked,
and none of it costs a traceback or a "something went wrong"."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from tests.fakes import slack_requests as req
from tests.helpers import wait_until
from tests.slack_harness import SlackWorld, slack_world
from tests.test_slack_e2e import ALICE, start

SORRY = "something went wrong"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SlackWorld]:
    """One deployment for the whole module: bad input is refused or ignored and changes
    nothing, so the tests need not pay for a deployment each."""
    with slack_world(tmp_path_factory.mktemp("bad_input")) as w:
        yield w


def said(world: SlackWorld, text: str) -> str:
    """The reply the person got: the ack's text, else what came back by response_url."""
    before = len(world.ephemeral(ALICE))
    status, body = world.command(text)
    assert status == 200
    if body.get("text"):
        return str(body["text"])
    wait_until(lambda: len(world.ephemeral(ALICE)) > before, f"a reply to /drill {text}")
    return world.ephemeral(ALICE)[-1]


def tracebacks(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.exc_info]


def ignored_once(caplog: pytest.LogCaptureFixture) -> bool:
    """Exactly one "ignored" line, once it is there: a listener that acks first logs after
    Slack has its answer."""

    def lines() -> int:
        return len([r for r in caplog.records if "ignored a Slack" in r.getMessage()])

    wait_until(lambda: lines() >= 1, "the ignored request's log line")
    return lines() == 1


def post_raw(world: SlackWorld, body: bytes, headers: dict[str, str]) -> int:
    return req.post(world.url, body, headers)[0]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (
            "show 99999999999999999999999",
            "isn't an interview number: use a number `/drill history`",
        ),
        ("show ²", "`²` isn't an interview number"),
        ("schedule delete 9223372036854775808", "isn't a schedule number: use a number"),
        ("schedule pause 9223372036854775808", "`/drill schedule list` shows"),
        ("schedule skip 9223372036854775808", "e.g. `/drill schedule skip 3`"),
        (
            "extend 99999",
            "`99999` isn't minutes for `/drill extend`: use a whole number from 1 to 120",
        ),
        ("retention 99999999999999999999", "use a whole number from 1 to 3650"),
    ],
)
def test_numbers_out_of_range_are_answered_with_their_range(
    world: SlackWorld, caplog: pytest.LogCaptureFixture, text: str, says: str
) -> None:
    world.fake.set_user(ALICE, is_admin=True)

    reply = said(world, text)

    assert says in reply
    assert SORRY not in " ".join(world.ephemeral(ALICE))
    assert tracebacks(caplog) == []


def test_extend_out_of_range_in_a_running_interview_says_the_range(world: SlackWorld) -> None:
    start(world)

    assert "from 1 to 120" in said(world, "extend 121")
    assert "from 1 to 120" in said(world, "extend 5²")


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"payload=not-json", FORM),
        (b"{not json", "application/json"),
        (b"", FORM),
        (b"\xff\xfe junk", "application/octet-stream"),
    ],
)
def test_unsigned_junk_gets_401_in_one_line(
    world: SlackWorld, caplog: pytest.LogCaptureFixture, body: bytes, content_type: str
) -> None:
    caplog.set_level(logging.INFO)
    unsigned = {"Content-Type": content_type}
    as_text = body.decode(errors="replace").encode()  # the signer needs text
    wrong_secret = req.Signing(secret="not-the-secret").headers(as_text, content_type)
    not_a_timestamp = {**wrong_secret, "X-Slack-Request-Timestamp": "soon"}
    not_ascii = {**wrong_secret, "X-Slack-Signature": "v0=\u00e9"}

    statuses = [
        post_raw(world, body, headers)
        for headers in (unsigned, wrong_secret, not_a_timestamp, not_ascii)
    ]

    assert statuses == [401, 401, 401, 401]
    assert tracebacks(caplog) == []
    refusals = [r for r in caplog.records if "401" in r.getMessage()]
    assert len(refusals) == 4
    assert all(body.decode(errors="replace") not in r.getMessage() for r in refusals if body)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"payload=not-json", FORM),
        (b"{not json", "application/json"),
        (b"[1, 2]", "application/json"),
        (b'{"type": "block_actions", "authorizations": 7}', "application/json"),
        (b"[" * 5000, "application/json"),
    ],
)
def test_signed_but_unparsable_gets_400_in_one_line(
    world: SlackWorld, caplog: pytest.LogCaptureFixture, body: bytes, content_type: str
) -> None:
    status = post_raw(world, body, req.Signing().headers(body, content_type))

    assert status == 400
    assert tracebacks(caplog) == []
    assert len([r for r in caplog.records if "400" in r.getMessage()]) == 1


def _button(**changes: object) -> dict[str, object]:
    payload = req.block_actions_payload(
        action_id="drill_next", value='{"i":1}', message_ts="1710000000.000100"
    )
    payload.update(changes)
    return payload


def _modal(values: dict[str, object], **changes: object) -> dict[str, object]:
    payload = req.view_submission_payload(
        callback_id="drill_start", values=values, private_metadata=req.CHANNEL_ID
    )
    payload.update(changes)
    return payload


MALFORMED = {
    "button without actions": _button(actions=[]),
    "button whose action is text": _button(actions=["drill_next"]),
    "button with a huge interview id": _button(
        actions=[{"action_id": "drill_next", "value": '{"i":9223372036854775808}'}]
    ),
    "button with a list as its value": _button(actions=[{"action_id": "drill_end", "value": []}]),
    "button without a user": _button(user=None),
    "button on an unknown action": _button(actions=[{"action_id": "not_ours", "value": "x"}]),
    "modal without metadata": _modal({}, view={"callback_id": "drill_start", "state": {}}),
    "modal with a list as the question": _modal(
        {"start_question": {"question": {"selected_option": {"value": ["x"]}}}}
    ),
    "unknown payload type": {"type": "shortcut_of_the_future", "team": {"id": "T0DRILL01"}},
    "event that is text": {"type": "event_callback", "event": "a string"},
    "action without an action_id": _button(actions=[{"value": "x"}]),
    "modal without a view type": _modal({}, view={"callback_id": "drill_start"}),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_interactive_payloads_are_acked_and_logged_once(
    world: SlackWorld, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    posted = len(world.fake.calls("chat.postMessage"))
    status, _ = world.interactive(MALFORMED[name])

    assert status == 200
    assert tracebacks(caplog) == []
    assert ignored_once(caplog)
    assert len(world.fake.calls("chat.postMessage")) == posted


@pytest.mark.parametrize(
    "event",
    [
        {"type": "message", "channel": req.CHANNEL_ID, "user": ALICE, "text": "no ts"},
        {"type": "message", "ts": "not-a-ts", "thread_ts": "1.2", "user": ALICE, "channel": "C1"},
        {"type": "message", "ts": "1710000000.000200", "thread_ts": ["x"], "user": ALICE},
        {"type": "message", "subtype": ["unhashable"], "ts": "1710000000.000300"},
        {"type": "message", "subtype": "message_deleted", "channel": "C1"},
        {"type": "app_home_opened", "tab": "home"},
        {"type": "app_mention", "text": "hi", "channel": req.CHANNEL_ID},
        {"type": "reaction_added", "user": ALICE},
    ],
)
def test_events_with_missing_or_odd_fields_are_acked_in_one_line(
    world: SlackWorld, caplog: pytest.LogCaptureFixture, event: dict[str, object]
) -> None:
    status = world.event(event)

    assert status == 200
    assert tracebacks(caplog) == []
    assert ignored_once(caplog)


def test_a_malformed_slash_command_is_acked_in_one_line(
    world: SlackWorld, caplog: pytest.LogCaptureFixture
) -> None:
    fields = req.slash_command_fields("help")
    del fields["user_id"]
    body = json.dumps(fields).encode()  # a command sent as JSON: no user, still routed

    status = post_raw(world, body, req.Signing().headers(body, "application/json"))

    assert status == 200
    assert tracebacks(caplog) == []


@pytest.mark.parametrize(
    "text", ["timezone " + "a" * 300, "schedule add weekly mon 09:00 Europe/" + "a" * 300]
)
def test_a_time_zone_too_long_for_a_file_name_is_just_unknown(
    world: SlackWorld, caplog: pytest.LogCaptureFixture, text: str
) -> None:
    world.fake.set_user(ALICE, is_admin=True)

    assert "isn't a time zone I know" in said(world, text)
    assert tracebacks(caplog) == []


def test_bolts_own_signature_check_stays_on_behind_ours(world: SlackWorld) -> None:
    body, _ = req.slash_command("help")
    forged = req.Signing(secret="not-the-secret").headers(body, FORM)
    assert world.app is not None

    assert world.app.dispatch(req.bolt_request(body, forged)).status == 401
