"""Sense checks: products written out ("a x b = c") 4x wrong; a choice is no contradiction."""

from __future__ import annotations

import pytest

from bot.content.model import Contradiction
from bot.engine.reading import read
from bot.engine.sense_checks import sense_checks


def findings(text: str) -> list[str]:
    claims = read([("non_functional", text)], abbreviations={})
    return [f.why for f in sense_checks(claims, contradictions=(), scale_hints=())]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (
            "Inventory: 1M properties x 5 room types x 730 nights is about 370M rows.",
            "The product is about 3.65B, not 370M: check the arithmetic.",
        ),
        (
            "1M properties x roughly 5 room types x 730 nights = about 370M rows.",
            "The product is about 3.65B, not 370M: check the arithmetic.",
        ),
        (
            "50M entries x 16 bytes is only about 80 MB, so sorting in memory is cheap.",
            "The product is about 800 MB, not 80 MB: check the arithmetic.",
        ),
        (
            "Fan-out is 6k x 200 = 120k timeline writes per second.",
            "The product is about 1.2M, not 120k: check the arithmetic.",
        ),
    ],
)
def test_a_product_worked_out_wrong_is_quoted_with_the_right_figure(text: str, why: str) -> None:
    assert findings(text) == [why]


@pytest.mark.parametrize(
    "text",
    [
        "1M hotels x ~5 room types x 730 nights ≈ 3.7B rows.",
        "Availability is 1M hotels x about 5 room types x 730 nights = about 3.7 billion rows.",
        "6k posts/s x 200 followers = 1.2M inserts/s.",
        "6B x 500B ≈ 3TB over five years.",
        "Storage: 200 bytes x 25B = 5 TB/day.",
        "10B fingerprints x 8 bytes = 80GB.",
        "6B records over 5 years x 500 B ≈ 3 TB.",
        "Each shard: 5 ms x 200 = 1 s of work.",
    ],
)
def test_right_products_sizes_in_bytes_and_times_are_no_finding(text: str) -> None:
    assert findings(text) == []


def test_strong_and_eventual_offered_as_a_choice_is_no_contradiction() -> None:
    pair = Contradiction(
        "strong_and_eventual", "Strong and eventual consistency for the same data",
        "strong consistency|strong*", "eventual*", "Say which data needs which.",
    )  # fmt: skip

    def contradictions(text: str) -> int:
        claims = read([("api", text)], abbreviations={})
        return len(sense_checks(claims, contradictions=(pair,), scale_hints=()))

    assert contradictions("put(key, value, consistency=STRONG|EVENTUAL) -> version") == 0
    assert contradictions("Reads can be strong or eventual, chosen per call.") == 0
    assert contradictions("Consistency is eventual and also strong at the same time.") == 1
