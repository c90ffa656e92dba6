"""What may back a rubric item: real sentences, estimates and structures, not keyword lists."""

from __future__ import annotations

import pytest

from bot.content.model import RubricItem
from bot.engine.evidence import (
    QUOTE_LIMIT,
    has_scale_number,
    is_keyword_list,
    is_sentence,
    quote,
    units,
)
from bot.engine.score_coverage import cover


@pytest.mark.parametrize(
    "text",
    [
        "sharding, caching, replication, CDN, load balancer",
        "We need QPS, latency, availability, consistency, durability and privacy",
        "users, mobile, web, features, out of scope",
        "stack: kafka, redis, cassandra, cdn",
        "We will use sharding, caching, and replication to handle availability, consistency, "
        "latency, durability and privacy.",
    ],
)
def test_comma_lists_of_short_terms_are_keyword_lists(text: str) -> None:
    assert is_keyword_list(text)
    assert not any(u.substantive for u in units(text))


@pytest.mark.parametrize(
    "text",
    [
        "Users are riders, drivers and admins.",
        "I'd use Redis, Kafka, and Postgres for storage.",
        "Table links: short_key (primary key), long_url, owner_id, created_at, expires_at",
        "point: metric name, tags, timestamp, value.",
        "alert rule: id, metric, condition, threshold, notify list.",
    ],
)
def test_sentences_and_field_lists_are_not_keyword_lists(text: str) -> None:
    assert not is_keyword_list(text)
    assert all(u.substantive for u in units(text))


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("The redirect path reads from a Redis cache first.", True),
        ("That works for the happy path.", True),
        ("qps dau storage bandwidth availability consistency latency", False),
        ("Latency low.", False),
        ("load balancer API gateway CDN Kafka", False),
        ("trade-off: during sloppy quorum R+W>N guarantee doesn't hold.", True),
    ],
)
def test_a_real_sentence_has_five_words_a_verb_and_a_function_word(
    text: str, sentence: bool
) -> None:
    assert is_sentence(text) is sentence


@pytest.mark.parametrize(
    "text",
    ["100M links a month", "40 writes/s", "3 TB over five years", "10x the load", "1,000 QPS"],
)
def test_a_bullet_with_an_estimate_counts_though_it_is_no_sentence(text: str) -> None:
    assert has_scale_number(text)
    assert units(f"- {text}")[0].substantive


@pytest.mark.parametrize("text", ["99.9% uptime", "p99 under 200 ms", "step 1", "7 characters"])
def test_percentages_latencies_and_counters_are_not_scale_numbers(text: str) -> None:
    assert not has_scale_number(text)


def test_endpoints_count_but_a_bare_verb_and_slash_does_not() -> None:
    assert units("GET /{key} -> 302")[0].substantive
    assert not units("REST, POST /, GET /, endpoint, params")[0].substantive


def test_coverage_quotes_the_sentence_and_ignores_lists_and_negations() -> None:
    items = (
        RubricItem("cache", "Caches hot reads", ("cache",)),
        RubricItem("queue", "Queues slow work", ("queue",)),
        RubricItem("db", "Picks a database", ("postgres",)),
    )
    found = cover(
        items,
        [
            "We are not going to use a queue for the clicks.",
            "The app server reads from a Redis cache before it goes to Postgres.",
            "cache, queue, postgres, kafka, cdn",
        ],
    )
    assert [e.item_id for e in found.covered] == ["cache", "db"]
    assert found.covered[0].quote.startswith("The app server reads from a Redis cache")
    assert [i.id for i in found.missing] == ["queue"]
    assert found.list_words == 5 and 0 < found.list_share < 0.5


def test_long_quotes_are_trimmed_around_the_phrase_on_word_boundaries() -> None:
    sentence = " ".join(["filler"] * 30) + " we keep a bloom filter in memory " + "tail " * 30
    start = sentence.index("bloom")
    text = quote(sentence, (start, start + 5))
    assert len(text) <= QUOTE_LIMIT + 2
    assert "bloom filter" in text and text.startswith("…") and text.endswith("…")
    assert quote("Short enough.") == "Short enough."
