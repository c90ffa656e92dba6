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


@pytest.mark.parametrize(
    "text",
    [
        # Sound estimates: factors, sizes, shares, a day's product said per second, peaks.
        "Reading is the heavy side: 100M people x 5 searches a day is about 6k a second.",
        "100 million people doing 5 searches a day is around 6,000 searches a second.",
        "Feed: 500M x ~20 opens/day = 10B feed requests/day ≈ 115k/s",
        "500M DAU x 50 messages is ~300k messages/s.",
        "300M DAU × 10 opens = ~35k feed reads/s average, 100k+ at peak.",
        "100M DAU x 20 searches x ~5 keystroke reqs -> ~60k req/s avg, peak ~2x -> ~120k/s.",
        "Storage: 300k/s x 200 B = 60 MB/s, ~5 TB/day",
        "Volume: 4k events/s x ~200 B ~ 70 GB/day raw, keep raw 30 days.",
        "Storage raw: 1M/s x 86,400 x 2 B = ~173 GB/day compressed, x7 = ~1.2 TB",
        "Normal load 10M/day ≈ 115/s, but a campaign is 50M in an hour ≈ 14k/s.",
        "10M/day normally, campaigns up to 50M/hour (~14k/s).",
        "500M DAU, 100M uploads/day ≈ 1,200/s, ~3 MB per photo with variants ≈ 300 TB/day.",
        "20M devices x 1 connection at ~50k per hub = ~400 hubs.",
        "~50k/s x 3600 = 180M ids x ~24B ≈ 4-5 GB across cluster, fine in rocksdb",
        "~2 keys x ~50B per active key -> ~100 MB for 1M active, trivial",
        "2.5M active editors x 3 ops/s ≈ 7-8M ops/s peak total",
        "hot key (1 key at 50k rps?): limit is 100/min, so the gateway caches the denial",
        "20M rides a day, each waiting 5-10 minutes, means 100-150k rides watched at once, a "
        "small slice of the 1.25M/s.",
    ],
)
def test_sound_rates_sizes_and_shares_are_no_finding(text: str) -> None:
    assert findings(text) == []


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (
            "500M DAU times 50 messages is 25B messages a day, roughly 30k messages per second.",
            "25B messages a day is about 289k a second, not 30k",
        ),
        (
            "The peak is 100k runs in a minute, which is roughly 170 runs per second.",
            "100k runs a minute is about 1.67k a second, not 170",
        ),
        (
            "1B clicks per day works out to roughly 1,200 clicks per second on average.",
            "1B clicks a day is about 11.6k a second, not 1.2k",
        ),
        ("10M x 1 GB = 1 PB/day of uploads.", "The product is about 10 PB, not 1 PB"),
    ],
)
def test_a_rate_4x_off_its_daily_figure_is_found(text: str, why: str) -> None:
    (found,) = findings(text)
    assert found.startswith(why)
