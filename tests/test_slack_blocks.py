"""Block Kit rendering stays within Slack's limits and always carries a text fallback."""

from __future__ import annotations

import json

import pytest
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.engine.effects import Button, Kind, Say
from bot.slack.blocks import (
    FALLBACK_LIMIT,
    MESSAGE_BLOCK_LIMIT,
    MESSAGE_TEXT_BUDGET,
    SECTION_LIMIT,
    SlackMessage,
    home_view,
    render_say,
    split_text,
    start_modal,
    usage_text,
)
from bot.slack.inputs import ACTION_ID_PATTERN, START_CALLBACK_ID


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def say(text: str, kind: Kind = Kind.INFO, buttons: tuple[Button, ...] = ()) -> Say:
    return Say(key="k1", kind=kind, text=text, buttons=buttons)


def sections(message: SlackMessage) -> list[str]:
    return [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]


def assert_within_limits(messages: list[SlackMessage]) -> None:
    for message in messages:
        assert message["text"].strip(), "every message needs a plain-text fallback"
        assert utf16(message["text"]) <= FALLBACK_LIMIT
        assert len(message["blocks"]) <= MESSAGE_BLOCK_LIMIT
        assert all(utf16(s) <= SECTION_LIMIT for s in sections(message))
        assert sum(utf16(s) for s in sections(message)) <= MESSAGE_TEXT_BUDGET
        assert_valid_blocks(message["blocks"])


def assert_valid_blocks(blocks: list[dict[str, object]]) -> None:
    """slack_sdk's Block Kit models know every block and enforce Slack's field limits."""
    for block in blocks:
        model = Block.parse(block)
        assert model is not None
        model.validate_json()
        assert model.to_dict() == block, "a field slack_sdk does not know"


def assert_valid_view(view: dict[str, object]) -> None:
    model = View(**view)
    model.validate_json()
    assert model.to_dict() == view


def retrospective(chars: int) -> str:
    paragraphs: list[str] = []
    n = 0
    while sum(len(p) + 2 for p in paragraphs) < chars:
        n += 1
        lines = [f"- point {n}.{i}: the design covered caching and sharding well" for i in range(6)]
        paragraphs.append(f"*Phase {n}*\n" + "\n".join(lines))
    return "\n\n".join(paragraphs)[:chars]


# -- messages ------------------------------------------------------------------------------


def test_a_short_message_is_one_section_with_the_same_fallback() -> None:
    (message,) = render_say(say("Paused. `/drill resume` to go on."), interview_id=1)

    assert message["text"] == "Paused. `/drill resume` to go on."
    assert message["blocks"] == [
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": "Paused. `/drill resume` to go on.",
                "verbatim": True,
            },
        }
    ]


def test_a_10000_char_retrospective_splits_into_sections_within_limits() -> None:
    text = retrospective(10_000)

    messages = render_say(say(text, Kind.RETROSPECTIVE), interview_id=1)

    assert_within_limits(messages)
    assert len(messages) == 1
    assert len(sections(messages[0])) >= 4
    # Nothing is lost: the header plus the sections hold every word, in order.
    header = messages[0]["blocks"][0]["text"]["text"]
    rendered = " ".join([header, *sections(messages[0])])
    assert rendered.split() == text.replace("*Phase 1*", "Phase 1", 1).split()


def test_splits_fall_on_paragraph_boundaries_when_paragraphs_fit() -> None:
    paragraphs = [f"{i} " + "x" * 1400 for i in range(6)]
    chunks = split_text("\n\n".join(paragraphs))

    assert chunks == ["\n\n".join(paragraphs[i : i + 2]) for i in (0, 2, 4)]


def test_a_very_long_text_becomes_several_messages_with_buttons_on_the_last() -> None:
    text = retrospective(200_000)
    buttons = (Button("next", "Next phase"),)

    messages = render_say(say(text, buttons=buttons), interview_id=5)

    assert_within_limits(messages)
    assert len(messages) >= 200_000 // MESSAGE_TEXT_BUDGET
    kinds = [[b["type"] for b in m["blocks"]] for m in messages]
    assert all("actions" not in k for k in kinds[:-1])
    assert kinds[-1][-1] == "actions"


def test_many_short_paragraphs_are_packed_not_one_block_each() -> None:
    text = "\n\n".join(f"line {i}" for i in range(500))

    messages = render_say(say(text), interview_id=1)

    assert_within_limits(messages)
    assert len(messages) == 1


@pytest.mark.parametrize(
    "text",
    ["a" * 7_000, "word " * 2_000, "line\n" * 1_500, "\U0001f600" * 2_000, "é" * 5_000],
    ids=["one-long-word", "many-words", "many-lines", "emoji", "accents"],
)
def test_any_text_is_split_within_the_section_limit(text: str) -> None:
    chunks = split_text(text)

    assert all(0 < utf16(c) <= SECTION_LIMIT for c in chunks)

    def squeeze(s: str) -> str:
        return s.replace("\n", "").replace(" ", "")

    assert squeeze("".join(chunks)) == squeeze(text)


def test_phase_intros_and_questions_open_with_a_header() -> None:
    (intro,) = render_say(
        say(
            "*Phase 2: Non-functional requirements* (3-5 min)\nCover scale and latency.",
            Kind.PHASE_INTRO,
        ),
        interview_id=1,
    )
    (long_first_line,) = render_say(say("x" * 200 + "\nrest", Kind.QUESTION), interview_id=1)

    assert intro["blocks"][0] == {
        "type": "header",
        "text": {
            "type": "plain_text",
            "text": "Phase 2: Non-functional requirements (3-5 min)",
            "emoji": True,
        },
    }
    assert sections(intro) == ["Cover scale and latency."]
    assert intro["text"].startswith("Phase 2: Non-functional requirements")
    assert long_first_line["blocks"][0]["type"] == "section"
    assert_valid_blocks(intro["blocks"] + long_first_line["blocks"])


def test_nudges_have_no_header() -> None:
    (message,) = render_say(say("Two minutes left.\nWrap up.", Kind.NUDGE), interview_id=1)
    assert [b["type"] for b in message["blocks"]] == ["section"]


def test_buttons_become_an_actions_block_with_our_action_ids_and_values() -> None:
    buttons = (
        Button("topic", "Ride matching", "ride-matching"),
        Button("topic", "Surge pricing", "surge"),
        Button("next", "Next phase"),
        Button("extend", "+5 min", "5"),
        Button("end", "End"),
    )

    (message,) = render_say(say("Pick a deep dive", Kind.DEEP_DIVE_OFFER, buttons), interview_id=42)

    actions = message["blocks"][-1]
    assert actions["type"] == "actions"
    ids = [e["action_id"] for e in actions["elements"]]
    assert ids == ["drill_topic_1", "drill_topic_2", "drill_next", "drill_extend", "drill_end"]
    assert all(ACTION_ID_PATTERN.match(i) for i in ids)
    values = [json.loads(e["value"]) for e in actions["elements"]]
    assert values == [
        {"i": 42, "v": "ride-matching"},
        {"i": 42, "v": "surge"},
        {"i": 42},
        {"i": 42, "v": "5"},
        {"i": 42},
    ]
    end = actions["elements"][-1]
    assert end["confirm"]["style"] == "danger"
    assert_valid_blocks(message["blocks"])
    assert actions["elements"][2]["style"] == "primary"


def test_more_than_25_buttons_use_several_actions_blocks() -> None:
    buttons = tuple(Button("topic", f"Topic {i}", f"t{i}") for i in range(30))

    (message,) = render_say(say("Pick", Kind.DEEP_DIVE_OFFER, buttons), interview_id=1)

    actions = [b for b in message["blocks"] if b["type"] == "actions"]
    assert [len(a["elements"]) for a in actions] == [25, 5]
    assert len({a["block_id"] for a in actions}) == 2
    all_ids = [e["action_id"] for a in actions for e in a["elements"]]
    assert len(set(all_ids)) == 30
    assert_valid_blocks(message["blocks"])


def test_long_button_labels_are_cut_to_slacks_75_chars() -> None:
    (message,) = render_say(say("Pick", buttons=(Button("topic", "L" * 100, "t"),)), interview_id=1)
    label = message["blocks"][-1]["elements"][0]["text"]["text"]
    assert len(label) <= 75 and label.endswith("…")


def test_a_message_with_only_buttons_still_has_a_fallback() -> None:
    (message,) = render_say(say("", buttons=(Button("next", "Next phase"),)), interview_id=1)
    assert message["text"] == "Next phase"


def test_broadcast_mentions_are_defused_but_people_are_still_mentioned() -> None:
    text = "<!channel> look <!here|here> and <!subteam^S0ONCALL|@oncall>, thanks <@U0ALICE>"

    (message,) = render_say(say(text, Kind.RETROSPECTIVE), interview_id=1)

    serialized = json.dumps(message)
    assert "<!" not in serialized
    assert "@channel" in message["text"] and "@oncall" in message["text"]
    assert "<@U0ALICE>" in message["text"]


def test_direct_messages_render_like_thread_messages() -> None:
    to_alice = Say(key="k", kind=Kind.RETROSPECTIVE, text="Yours\nGood job", to_user="U0ALICE")
    assert render_say(to_alice, interview_id=1) == render_say(
        Say(key="k", kind=Kind.RETROSPECTIVE, text="Yours\nGood job"), interview_id=1
    )


# -- modal, Home, help ---------------------------------------------------------------------


def test_start_modal_carries_the_channel_and_preselects_the_first_format() -> None:
    questions = [(f"q{i}", f"Question {i}") for i in range(150)]
    formats = [("default", "Standard"), ("lightning", "Lightning")]

    view = start_modal("C0TEAM", questions, formats)

    assert (view["type"], view["callback_id"], view["private_metadata"]) == (
        "modal",
        START_CALLBACK_ID,
        "C0TEAM",
    )
    assert len(view["title"]["text"]) <= 24
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    question = inputs["start_question"]["element"]
    assert question["type"] == "static_select" and len(question["options"]) == 100
    assert inputs["start_topic"]["element"]["type"] == "plain_text_input"
    assert inputs["start_question"]["optional"] and inputs["start_topic"]["optional"]
    fmt = inputs["start_format"]["element"]
    assert fmt["initial_option"] == fmt["options"][0]
    assert_valid_view(view)


def test_start_modal_without_questions_offers_only_the_topic() -> None:
    view = start_modal("C1", [], [])
    assert [b.get("block_id") for b in view["blocks"] if b["type"] == "input"] == ["start_topic"]


def test_start_modal_refuses_option_values_slack_would_refuse() -> None:
    with pytest.raises(ValueError, match="exceeds 150"):
        start_modal("C1", [("q" * 151, "Too long")], [])


def items(n: int, prefix: str) -> list[tuple[str, str]]:
    return [(f"{prefix} {i}", f"detail {i}") for i in range(n)]


@pytest.mark.parametrize(("running", "history"), [(0, 0), (3, 500), (500, 3), (500, 500)])
def test_home_view_stays_within_100_blocks(running: int, history: int) -> None:
    view = home_view(items(running, "run"), items(history, "past"))

    assert view["type"] == "home"
    assert len(view["blocks"]) <= 100
    assert_valid_view(view)
    texts = json.dumps(view)
    if running <= 3:
        assert all(f"run {i}" in texts for i in range(running))
    if running + history > 92:
        assert "more." in texts
    if running == 0:
        assert "Nothing running" in texts


def test_usage_text_lists_the_commands() -> None:
    text = usage_text()
    assert "`/drill start [question-id|topic] [format]`" in text
    assert "`/drill extend [minutes]`" in text
    assert len(text) < 3000
