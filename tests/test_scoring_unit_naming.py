"""Searching all of an answer's units at once lists the units a search of each one finds."""

from __future__ import annotations

from bot.content.loader import builtin_prompts_dir, load_content
from bot.engine.evidence import units
from bot.engine.unit_naming import naming
from bot.engine.words import body_pattern, normalize

ANSWERS = [
    "We keep a trade\noff: Redis vs Postgres -> Postgres. No single point of failure.",
    "POST /urls returns 201, e.g. a short key; preCache nothing.\n- retries with backoff",
    "On the other hand, I would go with a queue - the hard part is ordering.",
    "sharding, caching, cdn, replicas",
]


def _phrases() -> set[str]:
    rubric = load_content(builtin_prompts_dir()).rubric
    out = {p for items in rubric.phases.values() for item in items for p in item.phrases}
    out.update(p for item in rubric.deep_dive_checklist for p in item.phrases)
    return out | set(rubric.failure_terms) | set(rubric.alternative_terms) | {"->", "e.g."}


def test_a_unit_is_listed_for_a_phrase_when_a_search_of_it_finds_the_phrase() -> None:
    pieces = [u for text in ANSWERS for u in units(text)]
    named = naming(pieces, sorted(_phrases()))
    for phrase, listed in named.items():
        regex = body_pattern(phrase)
        expected = {i for i, u in enumerate(pieces) if regex.search(normalize(u.text))}
        assert listed == expected, phrase
    assert any(named.values())


def test_a_unit_holding_the_separator_is_still_searched_on_its_own() -> None:
    pieces = list(units("a\x00ledger of payments")) + list(units("retries with backoff"))
    assert naming(pieces, ["ledger", "backoff"]) == {"ledger": {0}, "backoff": {1}}
