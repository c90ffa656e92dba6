"""Depth, not naming: an idea named earns a share of its weight, the decision that makes it
work earns all of it (a rubric element's hard form)."""

from __future__ import annotations

from functools import cache

import pytest
from pydantic import ValidationError

from bench.grading.corpus import Transcript, load, play
from bot.content.loader import builtin_prompts_dir, load_content
from bot.content.model import BASIC_SHARE, Content, Element, HardForm, QuestionRubric
from bot.content.question_schema import ElementModel
from bot.engine.grade_design import grade_design
from bot.engine.reading import read
from bot.engine.retro_text import render_personal
from bot.engine.score_types import ParticipantReport, Retrospective

KEY = Element(
    "idempotency_key", "api", 3, "An idempotency key", (("idempoten* key",),),
    hard=HardForm("The same key on every retry", (("idempoten*|key", "same key|per attempt"),)),
)  # fmt: skip
RUBRIC = QuestionRubric(
    domain=("payment*", "charg*", "idempoten*", "processor*", "ledger*"),
    elements=(KEY, Element("ledger", "high_level", 2, "A ledger", (("ledger*",),))),
)


def shown(*answers: tuple[str, str]):
    claims = read(answers, abbreviations={})
    grade = grade_design(
        claims, rubric=RUBRIC, question_id="payments", domains={"payments": RUBRIC.domain}
    )
    return {s.element.id: s for s in grade.shown}


def test_naming_an_idea_earns_a_share_of_its_weight() -> None:
    seen = shown(("api", "POST /payments takes an idempotency key in a header."))
    assert not seen["idempotency_key"].hard
    assert seen["idempotency_key"].credit == pytest.approx(BASIC_SHARE * 3)


def test_stating_the_decision_earns_it_all_and_is_what_is_quoted() -> None:
    seen = shown(
        ("api", "POST /payments takes an idempotency key in a header."),
        ("deep_dives", "The client sends the same key on every retry of the payment."),
    )
    assert seen["idempotency_key"].hard
    assert seen["idempotency_key"].credit == 3
    assert seen["idempotency_key"].quote.startswith("The client sends the same key")


def test_an_idea_named_to_be_turned_down_earns_nothing() -> None:
    claims = read(
        [("high_level", "A ledger is overkill for us; a balance column will do.")], abbreviations={}
    )
    grade = grade_design(
        claims,
        rubric=RUBRIC,
        question_id="payments",
        domains={"payments": RUBRIC.domain},
        rejections=("overkill",),
    )
    assert [e.id for e in grade.missing] == ["idempotency_key", "ledger"]


def test_an_element_without_a_hard_form_earns_its_weight_when_named() -> None:
    assert shown(("high_level", "A ledger service records every payment."))["ledger"].credit == 2


def test_a_basic_weight_needs_a_hard_form_and_stays_below_the_weight() -> None:
    element = {"id": "key", "phase": "api", "weight": 3, "label": "A key", "match": ["key"]}
    hard = {"label": "Same key on retries", "match": [["key", "same"]]}
    with pytest.raises(ValidationError, match="needs a hard form"):
        ElementModel.model_validate({**element, "basic_weight": 1.0})
    with pytest.raises(ValidationError, match="below weight"):
        ElementModel.model_validate({**element, "hard": hard, "basic_weight": 3.0})
    assert ElementModel.model_validate({**element, "hard": hard, "basic_weight": 1.0})


@cache
def content() -> Content:
    return load_content(builtin_prompts_dir())


def retrospective(question: str, answers: dict[str, list[str]]) -> Retrospective:
    transcript = Transcript(
        name=question, set="test", question=question, kind="test", expert=0, band=(0, 100),
        topics=(), answers=tuple((phase, tuple(texts)) for phase, texts in answers.items()),
    )  # fmt: skip
    return play(transcript, content())


def report(question: str, answers: dict[str, list[str]]) -> ParticipantReport:
    (person,) = retrospective(question, answers).participants
    return person


# Each pair names the same ideas in the same phases; the second states the decisions.
PAIRS = {
    "payment-system": (
        {
            "functional": ["Customers pay by card, get refunds, and sellers are paid out; "
                           "nobody is ever charged twice."],
            "non_functional": ["10M payments a day is about 115 payments per second, 2k/s at "
                               "peak. Strong consistency for the ledger."],
            "api": ["POST /payments with an idempotency key header, POST /refunds, and "
                    "GET /payments/{id} for the status."],
            "high_level": ["The payment service calls the processor through an adapter, and a "
                           "ledger service records the money."],
            "schema": ["Ledger entries use double-entry bookkeeping, amounts in integer cents."],
            "deep_dives": ["When the processor call times out we check the status later."],
        },
        {
            "functional": ["Customers pay by card, get refunds, and sellers are paid out; "
                           "nobody is ever charged twice."],
            "non_functional": ["10M payments a day is about 115 payments per second, 2k/s at "
                               "peak. Strong consistency for the ledger."],
            "api": ["POST /payments with an idempotency key per payment attempt, the same key "
                    "on every retry; POST /refunds, and GET /payments/{id} for the status."],
            "high_level": ["The payment service calls the processor through an adapter, and the "
                           "ledger is append-only, balances derived from it."],
            "schema": ["Ledger entries are double-entry: debits and credits sum to zero, a "
                       "correction is a reversing entry; amounts in integer cents."],
            "deep_dives": ["When the processor call times out the attempt stays unknown and we "
                           "query the processor with the same key."],
        },
    ),
    "rate-limiter": (
        {
            "high_level": ["Each gateway checks a shared Redis that holds the counters."],
            "deep_dives": [
                "We use a token bucket algorithm for each key.",
                "Updates to the counter are atomic in Redis.",
                "If Redis is down we fail open.",
            ],
        },
        {
            "high_level": ["Each gateway checks a shared Redis that holds the counters, "
                           "sharded by api key."],
            "deep_dives": [
                "We use a token bucket for each key because it allows short bursts, unlike "
                "the fixed window.",
                "One Lua script does the read, the refill and the take, so the counter "
                "update is atomic in Redis.",
                "If Redis is down we fail open after a 2 ms timeout, behind a circuit breaker.",
            ],
        },
    ),
}  # fmt: skip


ESTIMATES = (
    "Peak is 2k payments a second; at 1 KB a ledger row that is 2 MB/s, about 170 GB a day.",
    "Over 7 years of audit retention that is about 430 TB, so old entries move to cold storage.",
)


@pytest.mark.parametrize("question", list(PAIRS))
def test_a_generic_answer_naming_ideas_scores_clearly_below_the_specific_one(
    question: str,
) -> None:
    # The same worked estimates in both: at equal depth the breadth cap (ideas named faster
    # than they are explained) holds both back alike, and only the decisions differ.
    generic, specific = (
        report(question, {**answers, "non_functional": [*answers.get("non_functional", ()),
                                                        *ESTIMATES]})
        for answers in PAIRS[question]
    )  # fmt: skip
    assert specific.score - generic.score >= 10, (generic.score, specific.score)
    deep = [s for p in generic.phases for s in p.ideas if s.element.hard is not None]
    assert deep and not any(s.hard for s in deep)
    assert any(s.hard for p in specific.phases for s in p.ideas if s.element.hard is not None)


@cache
def tune() -> dict[str, Transcript]:
    return {t.name: t for t in load("tune")}


def corpus_score(name: str) -> int:
    (person,) = play(tune()[name], content()).participants
    return person.score


@pytest.mark.parametrize("question", ["chat-delivery", "news-feed"])
def test_the_terse_twin_scores_within_10_of_the_prose_answer(question: str) -> None:
    prose = corpus_score(f"{question}--strong")
    terse = corpus_score(f"{question}--terse_strong")
    assert abs(prose - terse) <= 10, (prose, terse)


def test_a_fluent_but_wrong_design_scores_below_a_mediocre_sound_one() -> None:
    assert corpus_score("file-sync--fluent_wrong") < corpus_score("file-sync--mediocre")


def test_wrong_moves_in_unlisted_words_are_caught() -> None:
    (person,) = play(tune()["hotel-booking--fluent_wrong"], content()).participants
    assert {"race_waved_away", "async_inventory_decrement"} <= {f.flag.id for f in person.red_flags}
    assert any("3.65B, not 370M" in f.why for f in person.findings)


@pytest.mark.parametrize(
    "text",
    [
        "We also have to handle the ledger.",
        "A ledger or a balance column, depending on the use case.",
        "A balance column avoids the overhead of a ledger.",
        "A ledger is one more table we don't need to store.",
    ],
)
def test_an_idea_only_said_to_need_handling_or_left_undecided_earns_nothing(text: str) -> None:
    claims = read([("deep_dives", text)], abbreviations={})
    grade = grade_design(
        claims,
        rubric=RUBRIC,
        question_id="payments",
        domains={"payments": RUBRIC.domain},
        rejections=content().rubric.rejections,
        turn_downs=content().rubric.turn_downs,
    )
    assert "ledger" in [e.id for e in grade.missing]


@pytest.mark.parametrize(
    ("texts", "left_open"),
    [
        (["A ledger or a balance column would work. Each has trade-offs."], True),
        (["A ledger or a balance column would work.", "Each has trade-offs."], False),
        (["A ledger records payments. Each has trade-offs, but we keep it for refunds."], False),
    ],
)
def test_options_left_open_by_a_short_hedge_after_them_earn_nothing(
    texts: list[str], left_open: bool
) -> None:
    """The hedge speaks of the sentence just before it in the same answer; a longer sentence
    that goes on to decide is no hedge."""
    claims = read([("deep_dives", t) for t in texts], abbreviations={})
    grade = grade_design(
        claims,
        rubric=RUBRIC,
        question_id="payments",
        domains={"payments": RUBRIC.domain},
        rejections=content().rubric.rejections,
    )
    assert ("ledger" in [e.id for e in grade.missing]) is left_open


def test_the_retrospective_tells_an_outline_why_its_ideas_earn_part_of_their_points() -> None:
    outline = report("payment-system", PAIRS["payment-system"][1])
    assert outline.outlined
    retro = retrospective("payment-system", PAIRS["payment-system"][1])
    text = render_personal(retro.participants[0], retro)
    assert "named more of this question's ideas than you worked through" in text
