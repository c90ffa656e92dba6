"""Searching all of a person's claims at once finds what a search of each claim finds."""

from __future__ import annotations

from bot.content.loader import builtin_prompts_dir, load_content
from bot.engine.claim_index import ClaimIndex
from bot.engine.reading import first_claim, found, mentioned, read

# Claims whose neighbours could join a match if the search ran across them: a number then a
# scale word, the two words of one pattern, an arrow cut in two, a word inside a longer one.
ANSWERS = [
    ("requirements", "We expect 10\nm users a day, about 115 writes/s at peak."),
    ("high_level", "The ledger is double\nentry. We don't reconcile nightly."),
    ("high_level", "client -\n> gateway -> kafka\n<- consumer"),
    ("deep_dives", "precache nothing\ncache the hot keys; no single point of failure"),
    ("deep_dives", "Should we shard by user id?\nsharding, caching, cdn, replicas"),
    ("deep_dives", "We use an idempotency key per payment, stored with a unique index."),
    ("end_to_end", "POST /payments -> ledger, then a webhook; retries with backoff."),
    ("end_to_end", "e-payments, #payments, x'payments and user_id = pay_id; İ Payments ≠ 0"),
]


def _patterns() -> set[str]:
    content = load_content(builtin_prompts_dir())
    out: set[str] = {"# users", "double entry", "->", ">", "<", "cache", "reconcil*"}
    for question in content.questions.values():
        rubric = question.rubric
        if rubric is None:
            continue
        out.update(rubric.domain)
        for element in rubric.elements:
            out.update(p for group in element.match for p in group)
            if element.hard is not None:
                out.update(p for group in element.hard.match for p in group)
        for flag in rubric.red_flags:
            out.update(p for group in flag.match for p in group)
            out.update(flag.unless)
    return out


def test_every_pattern_is_found_in_the_same_claims_at_the_same_places() -> None:
    claims = read(ANSWERS, abbreviations={"w/": "with"})
    index = ClaimIndex(claims)
    for pattern in sorted(_patterns()):
        for i, claim in enumerate(claims):
            assert index.mentioned(i, pattern) == mentioned(claim.plain, pattern), pattern
            assert index.found(i, pattern) == found(claim.plain, pattern), pattern


def test_a_pattern_appears_anywhere_as_a_search_of_the_whole_text_finds_it() -> None:
    claims = read(ANSWERS, abbreviations={})
    index = ClaimIndex(claims)
    text = "\n".join(c.plain for c in claims)
    for pattern in sorted(_patterns()):
        assert index.anywhere(pattern) == mentioned(text, pattern), pattern


def test_the_first_claim_is_the_one_a_claim_by_claim_search_picks_own_phase_first() -> None:
    claims = read(ANSWERS, abbreviations={})
    index = ClaimIndex(claims)
    home = [c for c in claims if c.phase_id == "deep_dives"]
    order = home + [c for c in claims if c.phase_id != "deep_dives"]
    for match in ([("ledger",)], [("retr*", "backoff")], [("cache",), ("shard*",)], [()]):
        picked = first_claim(order, match, unless=("nightly",))
        assert index.first_claim(match, home="deep_dives", unless=("nightly",)) is picked


def test_a_claim_holding_the_separator_is_still_searched_on_its_own() -> None:
    claims = read([("high_level", "a\x00ledger of payments, double entry")], abbreviations={})
    index = ClaimIndex(claims)
    assert index.mentioned(0, "ledger") and index.found(0, "double entry") is not None


def test_a_negation_inside_another_patterns_words_negates_nothing() -> None:
    (claim,) = read([("non_functional", "Never lose a file.")], abbreviations={})
    index = ClaimIndex([claim])
    group = ("never lose", "file*")
    assert found(claim.plain, "file*") is None  # alone, "never" cancels "file"
    assert index.group_holds(0, group)
    assert first_claim([claim], [group]) is claim
    (other,) = read([("deep_dives", "We never lose sleep and no file is kept.")], abbreviations={})
    assert not ClaimIndex([other]).group_holds(0, group)  # "no" is outside "never lose"


def test_numbers_worked_out_in_words_count_as_worked_estimates() -> None:
    from bot.engine.estimates import worked_estimates

    said = "About ten million people a day, and a tenth of files change daily, so a million edits."
    claims = read([("non_functional", said)], abbreviations={})
    assert worked_estimates(claims) == claims
    plain = read([("non_functional", "It should be fast, so we cache.")], abbreviations={})
    assert worked_estimates(plain) == ()
