"""Fuzzing the real Bolt app over HTTP: thousands of generated `/drill` texts and hundreds of
malformed payloads (buttons, modals, events, slash commands, junk bodies; signed and not).

Whatever arrives, Slack gets no 5xx, the log holds no traceback and nobody is told "something
went wrong". The generator is seeded, so a failure names a text that can be replayed.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.slack.inputs import COMMANDS, button_value
from tests.fakes import slack_requests as req
from tests.slack_harness import SlackWorld

SEED = 20261203
TEXTS = 2000
PAYLOADS_PER_KIND = 45  # six kinds: 270 payloads
SENDERS = 4
SORRY = "something went wrong"
USERS = (req.USER_ID, "U0BOB0001", "U0MALLORY")
FORM, JSON = "application/x-www-form-urlencoded", "application/json"

NAMES = [c.name for c in COMMANDS] + ["", "START", "Extend", "drill", "schedule", "stats"]
WORDS = [
    "0", "1", "2", "5", "-1", "+5", "120", "121", "99999", "3650", "3651", "2147483647",
    "2147483648", "9223372036854775808", "99999999999999999999999", "1e3", "0x1f", "5.5",
    "²", "٣", "#1", "#", "5m", "5 minutes", "minutes", "add", "list", "pause", "resume",
    "delete", "skip", "weekly", "weekdays", "every", "2", "weeks", "mon", "fri,mon", "funday",
    "09:00", "25:00", "9pm", "13pm", "Europe/Berlin", "Mars/Olympus", "UTC", "../../etc",
    "lightning", "standard", "blitz", "url-shortener", "caching", "zzzz", "week", "month",
    "season", "all", "improved", "hide", "show", "off", "`", "``", "*bold*", "<!channel>",
    "<@U0BOB0001>", "payload", "payload=", "{", "}", "[]", '"', "'", "\u201c", "%s", "{0}",
    "\\", "\t", "\n", "\u200b", "😀", "drop table interview;", "null", "None", "true",
]  # fmt: skip


def drill_texts(rng: random.Random, count: int) -> Iterator[str]:
    """`/drill` texts: a command name (or junk) followed by words Slack users might type."""
    for _ in range(count):
        words = [rng.choice(NAMES)] + rng.choices(WORDS, k=rng.randint(0, 5))
        if rng.random() < 0.1:
            words.append("".join(chr(rng.randint(32, 0x2FFF)) for _ in range(rng.randint(1, 40))))
        if rng.random() < 0.02:
            words.append("x" * rng.randint(1000, 4000))
        yield " ".join(words)


JUNK: list[Any] = [
    None, "", "x", 0, -1, 1, 2**63, 10**30, 1.5, True, [], ["x"], [1, [2]], {}, {"a": 1},
    "1710000000.000100", "not-a-ts", "U0ALICE01", "drill_next", '{"i":1}', '{"i":"1"}',
    '{"i":99999999999999999999}', "\u0000", "😀" * 50,
]  # fmt: skip


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, key)
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield (*path, index)
            yield from _paths(value, (*path, index))


def mutated(rng: random.Random, payload: dict[str, Any]) -> dict[str, Any]:
    """``payload`` with one to three fields deleted or replaced by a value of another shape."""
    result = copy.deepcopy(payload)
    for _ in range(rng.randint(1, 3)):
        paths = list(_paths(result))
        if not paths:
            break
        *parents, last = rng.choice(paths)
        parent = result
        for key in parents:
            parent = parent[key]
        if rng.random() < 0.4 and isinstance(parent, dict):
            del parent[last]
        else:
            parent[last] = copy.deepcopy(rng.choice(JUNK))
    return result


def _button(rng: random.Random, reply_to: str) -> dict[str, Any]:
    action = rng.choice(["drill_next", "drill_extend", "drill_end", "drill_topic_1", "other"])
    return req.block_actions_payload(
        action_id=action,
        value=button_value(rng.randint(1, 3), rng.choice(["", "1", "caching"])),
        message_ts=req.next_ts(),
        thread_ts=req.next_ts(),
        user_id=rng.choice(USERS),
        response_url=reply_to,
    )


def _modal(rng: random.Random) -> dict[str, Any]:
    return req.view_submission_payload(
        callback_id="drill_start",
        values={
            "start_question": {"question": req.select_value(rng.choice([None, "url-shortener"]))},
            "start_topic": {"topic": req.text_value(rng.choice([None, "cache", "zzzz"]))},
            "start_format": {"format": req.select_value(rng.choice([None, "blitz"]))},
        },
        private_metadata=req.CHANNEL_ID,
    )


def _event(rng: random.Random) -> dict[str, Any]:
    ts, thread = req.next_ts(), "1710000000.000100"
    event = rng.choice(
        [
            req.thread_reply_event("an answer", thread_ts=thread),
            req.message_changed_event(ts=ts, new_text="new", old_text="old", thread_ts=thread),
            req.message_deleted_event(deleted_ts=ts, thread_ts=thread),
            req.app_home_opened_event(),
            req.app_mention_event(),
        ]
    )
    return req.event_envelope(event)


def _signed(body: bytes, content_type: str) -> tuple[bytes, dict[str, str]]:
    return body, req.Signing().headers(body, content_type)


def _interactive(payload: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
    return _signed(urlencode({"payload": json.dumps(payload)}).encode(), FORM)


def _command(rng: random.Random, reply_to: str) -> tuple[bytes, dict[str, str]]:
    text = rng.choice(["help", "status", "show 1"])
    fields = mutated(rng, dict(req.slash_command_fields(text, response_url=reply_to)))
    form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in fields.items()}
    return _signed(urlencode(form).encode(), FORM)


def _junk_body(rng: random.Random) -> tuple[bytes, str]:
    return rng.choice(
        [
            (b"payload=not-json", FORM),
            (b"{not json", JSON),
            (b"[" * rng.randint(1, 3000), JSON),
            (b'"just a string"', JSON),
            (b"payload=" + b"%7B" * rng.randint(1, 50), FORM),
            (bytes(rng.randrange(256) for _ in range(rng.randint(0, 300))), FORM),
            (json.dumps(rng.choice(JUNK)).encode(), JSON),
        ]
    )


def _unsigned(rng: random.Random) -> tuple[bytes, dict[str, str]]:
    body, content_type = _junk_body(rng)
    text = body.decode(errors="replace").encode()
    headers = rng.choice(
        [
            {"Content-Type": content_type},
            req.Signing(secret="guessed").headers(text, content_type),
            req.Signing.stale().headers(text, content_type),
            {
                "Content-Type": content_type,
                "X-Slack-Request-Timestamp": "x",
                "X-Slack-Signature": "v0=",
            },
        ]
    )
    return body, headers


def _signed_junk(rng: random.Random) -> tuple[bytes, dict[str, str]]:
    body, content_type = _junk_body(rng)
    return _signed(body.decode(errors="replace").encode(), content_type)


KINDS: dict[str, Callable[[random.Random, str], tuple[bytes, dict[str, str]]]] = {
    # Each makes one request from the generator and the response_url replies should go to.
    "button": lambda rng, to: _interactive(mutated(rng, _button(rng, to))),
    "modal": lambda rng, _: _interactive(mutated(rng, _modal(rng))),
    "event": lambda rng, _: _signed(json.dumps(mutated(rng, _event(rng))).encode(), JSON),
    "command": _command,
    "unsigned": lambda rng, _: _unsigned(rng),
    "signed junk": lambda rng, _: _signed_junk(rng),
}


def _settle(world: SlackWorld) -> None:
    """Wait for the listeners Bolt runs after its ack (they answer by response_url)."""
    assert world.app is not None
    world.app.listener_runner.listener_executor.shutdown(wait=True)


def test_fuzzed_commands_and_payloads_never_crash(
    world: SlackWorld, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(SEED)
    for user in USERS:
        world.fake.set_user(user, is_admin=user == req.USER_ID)

    commands = [(text, rng.choice(USERS)) for text in drill_texts(rng, TEXTS)]
    payloads = [
        (kind, *make(rng, world.fake.response_url(f"fuzz-{kind}")))
        for kind, make in KINDS.items()
        for _ in range(PAYLOADS_PER_KIND)
    ]

    def command(text: str, user: str) -> tuple[int, str] | None:
        status, body = world.command(text, user=user)
        return (status, text) if status >= 500 or SORRY in str(body.get("text")) else None

    def payload(kind: str, body: bytes, headers: dict[str, str]) -> tuple[int, str] | None:
        status = req.post(world.url, body, headers)[0]
        return (status, f"{kind}: {body[:300]!r}") if status >= 500 else None

    # A few senders at once, as a busy workspace sends: Bolt holds each request until its
    # listener has acked, so one sender would mostly wait.
    with ThreadPoolExecutor(SENDERS) as senders:
        results = list(senders.map(lambda c: command(*c), commands))
        results += senders.map(lambda p: payload(*p), payloads)
    failures = [r for r in results if r is not None]
    _settle(world)

    stderr = capsys.readouterr().err
    assert failures == []
    assert [repr(r.exc_info[1]) for r in caplog.records if r.exc_info] == []
    assert "Traceback" not in stderr
    told = [str(c.params.get("text")) for c in world.fake.calls()]
    assert [t for t in told if SORRY in t] == []
    assert len(payloads) >= 200
