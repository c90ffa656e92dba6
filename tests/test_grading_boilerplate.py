"""Words that fit any system: dense in an answer they cost, never the question's own words."""

from __future__ import annotations

from bench.grading.corpus import load, play
from bot.content.loader import builtin_prompts_dir, load_content
from bot.engine.boilerplate import DENSE_FROM, DENSE_FULL, FEWEST, boilerplate

CONTENT = load_content(builtin_prompts_dir())
TERMS = CONTENT.rubric.boilerplate_terms
STOCK = (
    "Clients go through a CDN and a load balancer to an API gateway. Behind it we have "
    "microservices, each stateless, that scale horizontally with autoscaling. A Redis caching "
    "layer sits in front, with read replicas, so it is highly available and fault tolerant."
)


def test_an_answer_made_of_words_that_fit_any_system_costs_in_full() -> None:
    found = boilerplate([STOCK], terms=TERMS)
    assert found.said[:3] == ("cdn", "load balancer", "api gateway")
    assert 100 * len(found.said) / found.words >= DENSE_FULL and found.share == 1.0
    assert "“microservices”" in found.evidence()[0]
    assert "“stateless”" not in found.evidence()[0]  # the first few are quoted
    assert found.evidence()[0].startswith(f"{len(found.said)} words that fit any design")


def test_a_few_such_words_around_a_design_cost_nothing() -> None:
    design = (
        "Each redirect reads the key from a Redis cache in front of the links table; a miss "
        "goes to Postgres, keyed by the 7-character base62 key. Keys come from counter ranges "
        "of 1M leased per app server, so two servers never issue the same key. "
    ) * 3
    found = boilerplate([design + "It all sits behind a load balancer and scales horizontally."],
                        terms=TERMS)  # fmt: skip
    assert 0 < len(found.said) < FEWEST and found.share == 0.0
    between = boilerplate([STOCK, design * 2], terms=TERMS)
    assert DENSE_FROM <= 100 * len(between.said) / between.words < DENSE_FULL
    assert 0.0 < between.share < 1.0


def test_the_questions_own_subject_is_never_boilerplate() -> None:
    alerts = "Monitoring and alerting: alerting rules run every minute over monitoring data. " * 3
    assert len(boilerplate([alerts], terms=TERMS).said) == 12
    assert boilerplate([alerts], terms=TERMS, subject=("alert*", "monitoring")).said == ()


def test_a_generic_answer_is_told_it_fits_any_system_and_a_strong_one_is_not() -> None:
    sets = {t.name: t for t in load("holdout19")}
    (generic,) = play(sets["hotel-booking--generic"], CONTENT).participants
    (strong,) = play(sets["concert-ticketing--strong"], CONTENT).participants
    seen = {m.id: m for m in generic.mistakes}
    assert "boilerplate" in seen and seen["boilerplate"].cost > 0
    assert "“highly available”" in seen["boilerplate"].evidence[0]
    assert "boilerplate" not in {m.id for m in strong.mistakes}
    assert generic.score <= sets["hotel-booking--generic"].band[1]
