"""A deep-dive topic in the candidate's own words: the engine's side."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.engine.effects import Kind
from bot.engine.own_topic import suggested, topic_of, topic_suggestion
from bot.engine.score_checklist import checklists
from bot.engine.score_types import AnswerView
from tests.engine_harness import T0, Transcript, kinds
from tests.factories import make_content


@pytest.fixture
def drill() -> Transcript:
    return Transcript(make_content())


def test_free_text_is_a_topic_of_ones_own_with_the_generic_followups(drill: Transcript) -> None:
    drill.run_until(minutes=25)  # deep dives from 25 to 43
    said = drill.do("choose_topic", topic="  surge   pricing ")
    assert kinds(said) == [Kind.FOLLOWUP]  # picking a topic asks one question
    assert "[topic" in said[0].text and "surge pricing" in said[0].text
    assert drill.state.topic_id == "own:surge pricing"
    assert topic_of(drill.playbook.question, "own:surge pricing").title == "surge pricing"

    drill.answer("surge multipliers per zone", at=T0 + timedelta(minutes=26))
    stuck = drill.run_until(minutes=31)  # the stuck pivot names it too
    assert any("[stuck" in s.text and "surge pricing" in s.text for s in stuck)


def test_the_retrospective_checklist_names_ones_own_topic(drill: Transcript) -> None:
    drill.run_until(minutes=25)
    drill.do("choose_topic", topic="surge pricing")
    answer = AnswerView("U1", "deep_dives", "One option is a multiplier per cell.", drill.now)
    (checklist,) = checklists(
        drill.state,
        question=drill.playbook.question,
        rubric=drill.playbook.rubric,
        answers=[answer],
    )
    assert checklist.titles == ("surge pricing",)


def test_a_known_title_number_or_id_still_picks_the_questions_topic(drill: Transcript) -> None:
    drill.run_until(minutes=25)
    drill.do("choose_topic", topic="topic 2")
    assert drill.state.topic_id == "topic-2"


@pytest.mark.parametrize(
    ("reply", "topic"),
    [
        ("topic: surge pricing", "surge pricing"),
        ("My topic - the ledger.", "the ledger"),
        ("Let's dig into hot keys", "hot keys"),
        ("I'd suggest geo sharding", "geo sharding"),
        ("topic 2", "2"),
        ("We'd use a topic exchange for events", None),
        ("Surge pricing matters most", None),
    ],
)
def test_a_reply_suggests_a_topic_only_when_it_says_so(reply: str, topic: str | None) -> None:
    assert suggested(reply) == topic


def test_suggestions_count_only_while_the_deep_dives_wait_for_a_topic(drill: Transcript) -> None:
    reply = "topic: surge pricing"
    assert topic_suggestion(drill.state, playbook=drill.playbook, text=reply) is None
    drill.run_until(minutes=25)
    assert topic_suggestion(drill.state, playbook=drill.playbook, text=reply) == "surge pricing"
    drill.do("choose_topic", topic="1")
    assert topic_suggestion(drill.state, playbook=drill.playbook, text=reply) is None
