"""The rubric pattern language and how answers are read: shorthand, negation, questions."""

from __future__ import annotations

import pytest

from bot.content.patterns import PatternError, check, compile_pattern
from bot.engine.reading import Claim, first_claim, read

SHORTHAND = {"ws": "websocket", "gw": "gateway", "conn": "connection", "msg": "message"}


def matches(pattern: str, text: str) -> bool:
    return compile_pattern(pattern).search(text.lower())


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        ("reconcil*", "we reconcile nightly"),
        ("reconcil*", "Daily reconciliation with the processor"),
        ("double entry", "a double-entry ledger"),
        ("double entry", "doubleentry"),
        ("ledger", "two ledgers"),
        ("# qps", "about 2k qps at peak"),
        ("# qps", "1.2M QPS"),
        ("post /pay*", "POST /payments with an Idempotency-Key header"),
        ("->", "client -> gateway"),
        (">", "latency > 200 ms"),
        ("<", "p99 < 2 s"),
        ("token bucket|sliding window", "a sliding-window counter"),
        ("store*", "we are storing each chunk once"),  # the e drops before -ing
        ("write* twice", "writing twice"),
    ],
)
def test_a_pattern_matches_the_ways_people_write_it(pattern: str, text: str) -> None:
    assert matches(pattern, text)


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        ("cache", "we precache nothing"),  # inside another word
        ("ledger", "ledgerless"),
        ("# qps", "qps"),  # no number
        ("pay", "payment"),  # not a stem
        ("store*", "restoring a backup"),
        (">|<", "lat/lng (16 bytes) -> ~30 bytes"),  # an arrow is a flow, not a comparison
        (">", "client => gateway"),
        ("<", "gateway <- client"),
    ],
)
def test_a_pattern_does_not_match_inside_other_words(pattern: str, text: str) -> None:
    assert not matches(pattern, text)


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("Ledger", "lower case"),
        ("ledger(s)", "not regex"),
        ("re*concile", "only ends a word"),
        ("ab*", "at least 3 letters"),
        ("ledger||saga", "stray '|'"),
        ('celebrit*|"# followers"', "quote the whole YAML item"),
    ],
)
def test_a_malformed_pattern_is_explained(pattern: str, problem: str) -> None:
    with pytest.raises(PatternError, match=problem):
        check(pattern)


def test_chat_shorthand_is_read_as_the_words_it_stands_for() -> None:
    (claim,) = read([("high_level", "ws gw per conn, msg -> kafka")], abbreviations=SHORTHAND)
    assert claim.plain == "websocket gateway per connection, message -> kafka"
    assert claim.text == "ws gw per conn, msg -> kafka"  # quoted as written
    assert first_claim([claim], [("websocket gateway", "connection")]) is claim


def test_code_notation_is_read_as_words() -> None:
    (call,) = read([("deep_dives", "worker_id = hash(hostname) mod 512")], abbreviations={})
    assert call.plain == "worker_id = hash hostname mod 512"
    assert call.text == "worker_id = hash(hostname) mod 512"  # quoted as written
    assert first_claim([call], [("hash* hostname", "worker id|worker_id")]) is call
    (record,) = read([("schema", "follows(follower_id, followee_id)")], abbreviations={})
    assert record.plain == "follows table (follower_id, followee_id)"


def test_plain_words_are_read_in_the_rubrics_terms() -> None:
    glossary = (("piece", "chunk"), ("fingerprint", "hash"), ("change list", "journal"))
    (claim,) = read(
        [("deep_dives", "Pieces named by their fingerprint, in the per-user change-list")],
        abbreviations={},
        plain_words=glossary,
    )
    assert claim.plain == "chunks named by their hash, in the per-user journal"
    assert first_claim([claim], [("only new chunk*|chunks named", "hash")]) is claim
    (other,) = read([("api", "a piecemeal plan")], abbreviations={}, plain_words=glossary)
    assert other.plain == "a piecemeal plan"  # whole words only


def test_a_stem_finds_its_ing_form_in_a_whole_answer() -> None:
    claims = read(
        [("high_level", "Writing the row and updating the counter happen in one transaction")],
        abbreviations={},
    )
    assert first_claim(claims, [("write*", "update*")]) is claims[0]


def test_questions_and_keyword_lists_state_nothing() -> None:
    claims = read(
        [
            ("api", "maybe kafka?"),
            ("api", "sharding, caching, cdn, replicas, kafka"),
            ("api", "We publish each payment event to kafka."),
        ],
        abbreviations={},
    )
    assert [c.states for c in claims] == [False, False, True]
    assert first_claim(claims, [("kafka",)]) is claims[2]


def test_a_negated_idea_earns_nothing_and_unless_keeps_a_flag_down() -> None:
    def claim(text: str) -> Claim:
        return read([("schema", text)], abbreviations={})[0]

    assert first_claim([claim("We don't need a ledger at all.")], [("ledger*",)]) is None
    assert first_claim([claim("Every payment writes to the ledger.")], [("ledger*",)])
    float_money = [("float*|double", "amount*|balance*")]
    assert first_claim([claim("The amount column is a float.")], float_money)
    assert first_claim([claim("We never keep the amount as a float.")], float_money) is None
    assert (
        first_claim(
            [claim("Amounts are integer cents instead of a float balance.")],
            float_money,
            unless=("instead of",),
        )
        is None
    )


def test_the_built_in_plain_words_keep_a_machine_id_a_machine_id() -> None:
    from bot.content.loader import builtin_prompts_dir, load_content

    glossary = load_content(builtin_prompts_dir()).rubric.plain_words
    (claim,) = read(
        [("deep_dives", "Each machine gets a machine id from the lease table")],
        abbreviations={},
        plain_words=glossary,
    )
    assert claim.plain == "each machine server gets a machine id from the lease table"
