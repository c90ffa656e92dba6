"""Judging the design: the question's ideas, its red flags, relevance, and sense checks."""

from __future__ import annotations

from bot.content.model import Contradiction, Element, QuestionRubric, RedFlag
from bot.engine.grade_design import grade_design
from bot.engine.reading import read
from bot.engine.sense_checks import sense_checks

LIMITER = QuestionRubric(
    domain=("rate limit*", "throttl*", "token bucket", "sliding window", "quota*", "429",
            "api key*", "burst*", "retry after", "limiter*"),
    elements=(
        Element("bucket", "deep_dives", 3, "Token bucket or sliding window",
                (("token bucket|sliding window",),)),
        Element("shared_counter", "high_level", 3, "Counters in a shared store with expiry",
                (("redis|shared store", "expir*|ttl"),)),
        Element("status_429", "api", 2, "429 with Retry-After", (("429", "retry after"),)),
    ),
    red_flags=(
        RedFlag("local_counter", "Per-process counters for a global limit",
                (("in memory|local", "counter*"),), "Each gateway sees a share of the traffic.",
                "Keep the counters in a shared store.", unless=("cache of",)),
    ),
)  # fmt: skip
SHORTENER = ("short url*", "short link*", "redirect*", "base62", "long url*", "alias*",
             "shorten*", "click*", "slug*")  # fmt: skip
DOMAINS = {"rate-limiter": LIMITER.domain, "url-shortener": SHORTENER}
DISMISSALS = ("in case", "instead of")


def grade(*answers: tuple[str, str]):
    claims = read(answers, abbreviations={"ttl": "ttl"})
    return grade_design(
        claims, rubric=LIMITER, question_id="rate-limiter", domains=DOMAINS, dismissals=DISMISSALS
    )


def test_ideas_are_credited_wherever_said_and_quoted_in_the_persons_words() -> None:
    result = grade(
        ("functional", "Rate limit each API key to 100 a minute; over it, 429 with Retry-After."),
        ("high_level", "Counters live in Redis keyed by api key and window, with a TTL."),
    )
    shown = {s.element.id: s for s in result.shown}
    assert set(shown) == {"status_429", "shared_counter"}
    assert shown["status_429"].phase_id == "functional"  # said early, still counts
    assert shown["shared_counter"].quote.startswith("Counters live in Redis")
    assert [e.id for e in result.missing] == ["bucket"]
    assert result.relevance.factor == 1.0


def test_an_answer_to_another_question_is_off_topic_and_earns_nothing() -> None:
    result = grade(
        ("high_level", "We shorten each long URL to a base62 slug and store the alias."),
        ("api", "GET /{slug} answers with a 302 redirect to the long URL; we count each click."),
        ("deep_dives", "Short links are cached, and a rate limit stops abuse."),
    )
    assert result.relevance.other_id == "url-shortener"
    assert result.relevance.factor == 0.0
    assert result.relevance.off_topic


def test_a_content_free_template_names_no_domain_and_has_no_relevance() -> None:
    result = grade(
        ("deep_dives", "The problem is that we need to do things. One option is approach A."),
        ("deep_dives", "Another way is approach B. I'd go with A because it is better."),
        ("deep_dives", "At 10x we would add more servers, and at 100x we would shard the data."),
        ("deep_dives", "The trade-off is cost versus complexity, so we keep it simple for now."),
        ("deep_dives", "Edge cases matter, and failures are handled with retries and replicas."),
        ("deep_dives", "The problem is that we need to do things. One option is approach A."),
        ("deep_dives", "Another way is approach B. I'd go with A because it is better."),
        ("deep_dives", "At 10x we would add more servers, and at 100x we would shard the data."),
        ("deep_dives", "The trade-off is cost versus complexity, so we keep it simple for now."),
        ("deep_dives", "Edge cases matter, and failures are handled with retries and replicas."),
    )
    assert result.relevance.own == 0 and result.relevance.factor == 0.0
    assert result.on_topic_answers == frozenset()


def test_a_red_flag_is_quoted_but_not_when_the_wrong_move_is_named_to_avoid_it() -> None:
    wrong = grade(
        ("high_level", "Each gateway keeps an in-memory counter per API key for the limit.")
    )
    assert [(f.flag.id, f.quote) for f in wrong.red_flags] == [
        ("local_counter", "Each gateway keeps an in-memory counter per API key for the limit.")
    ]
    avoided = grade(
        ("high_level", "Redis holds the shared rate limit counters instead of a local counter."),
        ("high_level", "We never keep a local counter for the quota."),
    )
    assert avoided.red_flags == ()


def test_a_negation_that_is_the_wrong_move_itself_does_not_dismiss_it() -> None:
    no_expiry = RedFlag(
        "no_expiry", "Counters that never expire", (("counter*", "don't put a ttl"),),
        "They grow forever.", "Give each window's counter a TTL.",
    )  # fmt: skip
    rubric = QuestionRubric(LIMITER.domain, LIMITER.elements, (no_expiry,))

    def flags(text: str) -> list[str]:
        claims = read([("deep_dives", text)], abbreviations={})
        graded = grade_design(
            claims, rubric=rubric, question_id="rate-limiter", domains=DOMAINS,
            dismissals=("don't", "instead of", "mistake"),
        )  # fmt: skip
        return [f.flag.id for f in graded.red_flags]

    assert flags("The rate limit counters: we don't put a TTL on them.") == ["no_expiry"]
    assert flags("Rate limit counters where we don't put a TTL are a mistake.") == []
    # "instead of" turns down what follows it, here the right move: the wrong one stands.
    assert flags("Rate limit counters where we don't put a TTL, instead of expiring.") == [
        "no_expiry"
    ]


def test_a_line_or_two_is_too_short_to_judge_for_relevance() -> None:
    result = grade(("functional", "Also admins and support staff."))
    assert result.relevance.factor == 1.0


def test_a_red_flag_in_an_answer_about_something_else_does_not_fire() -> None:
    result = grade(("schema", "The dashboard keeps a local counter of page views."))
    assert result.red_flags == ()


CONSISTENCY = Contradiction(
    "strong_and_eventual", "Strong and eventual consistency for the same data",
    "strong consistency|strong*", "eventual*", "Say which data needs which.",
)  # fmt: skip


def findings(text: str, hints: tuple[str, ...] = ()):
    return sense_checks(
        read([("non_functional", text)], abbreviations={}),
        contradictions=(CONSISTENCY,),
        scale_hints=hints,
    )


def test_a_self_contradiction_is_quoted_but_a_scoped_pair_is_not() -> None:
    (found,) = findings("Consistency is eventual and also strong at the same time.")
    assert found.kind == "contradiction" and "eventual and also strong" in found.quote
    assert findings("Strong consistency for balances, eventual for the activity feed.") == ()


def test_a_daily_figure_turned_into_a_rate_10x_off_is_found() -> None:
    (found,) = findings("100M payments a day = 100k payments/s.")
    assert found.kind == "arithmetic" and "1.16k a second" in found.why
    assert findings("10M payments a day: ~115/s on average.") == ()
    assert findings("10M payments a day, 2k/s at peak during sales.") == ()


def test_a_scale_far_from_the_questions_hint_is_found_for_the_same_noun() -> None:
    hints = ("10M payments a day: ~115/s on average",)
    (found,) = findings("We handle about 1,000 payments a day.", hints)
    assert found.kind == "scale" and "10M payments a day" in found.why
    assert findings("About 12M payments a day.", hints) == ()
    assert findings("Each server takes 500 requests/s.", hints) == ()


def test_red_flags_judge_mechanisms_not_requirements_or_fields_said_apart() -> None:
    said = "Each gateway keeps a local counter for the rate limit of each API key."
    assert [f.flag.id for f in grade(("high_level", said)).red_flags] == ["local_counter"]
    assert grade(("functional", said)).red_flags == ()  # what people see, not how it is built
    record = "limits: api key, local region, owner, counter value, window start"
    assert grade(("schema", record)).red_flags == ()  # "local" and "counter" are two fields
    field = "limits: api key, owner, local counter in memory, window start"
    assert [f.flag.id for f in grade(("schema", field)).red_flags] == ["local_counter"]


def test_the_scale_check_spares_shares_limits_and_the_questions_own_peaks() -> None:
    hints = ("~250 score updates/s on average, 5k/s when a tournament ends",)
    assert findings("5k updates a second is nothing for one machine.", hints) == ()
    assert findings("A server can take ~100,000 updates a second, we need 10k.", hints) == ()
    assert findings("Each shard sees ~5k updates/s each.", hints) == ()
    assert findings("About 2,500 updates a second at peak.", hints) == ()
    (found,) = findings("We plan for 10M updates a second.", hints)
    assert found.kind == "scale" and "250 updates a second" in found.why
    assert findings("We plan for 25 updates a second.", hints)  # 10x under misses it
    assert findings("10k rank lookups a second.", ("About 1k rank lookups/s",)) == ()  # headroom
    limiter = ("1M requests a second across all clients",)
    assert findings("100 requests per minute per client, 429 when over.", limiter) == ()
    # "e.g." goes on: the figure is the limit's example, not the system's load
    assert findings("Each key gets a limit, e.g. 100 requests a minute in total.", limiter) == ()
    assert findings("We plan for 50k requests a second.", limiter)  # 20x under: a real miss
    assert findings("Seat state must be strongly consistent, which rules out eventual.") == ()
    assert findings("Strong eventual consistency: every replica ends in the same state.") == ()


def test_a_core_idea_argued_away_is_a_quoted_wrong_move_unless_stated_too() -> None:
    def turned(*answers: tuple[str, str]) -> list[tuple[str, str]]:
        claims = read(answers, abbreviations={"ttl": "ttl"})
        graded = grade_design(
            claims,
            rubric=LIMITER,
            question_id="rate-limiter",
            domains=DOMAINS,
            turn_downs=("overkill", "not worth"),
        )
        return [(f.flag.id, f.quote) for f in graded.red_flags if f.decided]

    argued_away = "A token bucket is overkill for our api keys."
    assert turned(("deep_dives", argued_away)) == [("turned_down:bucket", argued_away)]
    # stated elsewhere: a cost weighed, not the idea turned down
    assert not turned(
        ("deep_dives", argued_away),
        ("deep_dives", "Each api key gets a token bucket in the limiter."),
    )
    # a weight-2 idea argued away is a judgement call, not a wrong move
    assert not turned(("api", "A 429 with Retry After is not worth it for api keys."))
