"""Phrase matching for scoring: whole words, plurals, and negations that cancel credit."""

from __future__ import annotations

import pytest

from bot.engine.words import affirmed, affirms_any, mentions, negated

HAZARDS = ("failure", "loss", "lose", "single point of failure", "duplicate")


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("we won't cache anything", "cache"),
        ("No sharding for now.", "sharding"),
        ("We are not going to use a queue.", "queue"),
        ("One Postgres instance without replication.", "replication"),
        ("We won’t add replicas", "replica"),  # typographic apostrophe
        ("we don't need retries or failover", "failover"),
        ("Let's skip the CDN", "cdn"),
        ("We won't use sharding or replication", "replication"),
        ("Term partitioning rather than document partitioning", "document partitioning"),
        ("We store ids instead of the full payload", "payload"),
        ("Being reachable matters more than global ordering", "global ordering"),
    ],
)
def test_a_negated_mention_is_not_credited(text: str, phrase: str) -> None:
    assert mentions(text, phrase)
    assert affirmed(text, phrase) is None


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("We won't cache writes, but we will cache redirects", "cache"),
        ("We won't cache writes and we'll shard the reads", "shard"),
        ("If the cache is not warm, the database takes the load", "database"),
        ("Custom domains are out of scope for now", "out of scope"),
        ("We won't support custom domains", "won't support"),  # the phrase is itself negative
        ("Rather than a lock, we use a conditional update", "conditional update"),
    ],
)
def test_a_negation_in_another_clause_or_inside_the_phrase_does_not_cancel(
    text: str, phrase: str
) -> None:
    assert affirmed(text, phrase) is not None


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("There is no single point of failure", "single point of failure"),
        ("We must never lose a link", "lose"),
        ("No data loss is acceptable", "loss"),
        ("we don't want duplicate clicks", "duplicate"),
    ],
)
def test_negating_a_problem_still_addresses_it(text: str, phrase: str) -> None:
    assert affirmed(text, phrase) is None
    assert affirmed(text, phrase, HAZARDS) is not None


@pytest.mark.parametrize(
    ("text", "phrase", "found"),
    [
        ("two read replicas", "replica", True),
        ("Options: hash or counter", "option", True),
        ("a trade off", "trade-off", True),
        ("the tradeoffs", "trade-off", True),
        ("a read heavy load", "read-heavy", True),
        ("POST /urls returns 201", "post /", True),
        ("index on owner_id", "_id", True),
        ("we use autoscaling groups", "autoscal*", True),
        ("failover is automatic", "fail", False),
        ("a cachet of quality", "cache", False),
        ("p99 latency", "p9", False),
    ],
)
def test_phrases_match_whole_words_with_plurals_and_stems(
    text: str, phrase: str, found: bool
) -> None:
    assert mentions(text, phrase) is found


def test_negation_looks_only_a_few_words_back() -> None:
    text = "we will not do that today because later we add a queue"
    assert not negated(text, text.index("queue"))
    far = "not that we would ever really want to add a queue here"
    assert not negated(far, far.index("queue"))


def test_affirms_any_needs_one_affirmed_phrase() -> None:
    assert affirms_any("no cache, but a queue", ["cache", "queue"])
    assert not affirms_any("no cache and no queue", ["cache", "queue"])


@pytest.mark.parametrize(
    ("text", "phrase", "is_negated"),
    [
        # Long sentences: the negation is read from the last words of the clause only.
        (
            "For the write path of the service that stores every payment attempt we do not "
            "need a cache",
            "cache",
            True,
        ),
        (
            "We never said that the write path of the service that stores every payment "
            "attempt should go without a queue in front of it, so we add a cache",
            "cache",
            False,
        ),
        (
            "We will not, in any version of this design that I can think of for the payment "
            "service and its ledger, drop the cache",
            "cache",
            False,
        ),
        (
            "İstanbul and every other region of the service we run today will never need a cache",
            "cache",
            True,
        ),
    ],
)
def test_a_negation_in_a_long_sentence_is_read_from_its_clause(
    text: str, phrase: str, is_negated: bool
) -> None:
    assert (affirmed(text, phrase) is None) == is_negated
