"""The scoring rules one by one: weights, the keyword-list cap, topics, mistakes, advice."""

from __future__ import annotations

from bot.engine.retrospective import ParticipantReport
from bot.engine.scoring import LIST_CAP, SCORE_FORMULA, phase_weights, score_phase
from tests.test_scoring_transcripts import Script, run

# Standard format: functional 0-2, non-functional 2-6, API 6-10, high-level 10-16,
# schema 16-22, end-to-end 22-25, deep dives 25-43 (minutes).


def solo(*answers: tuple[float, str], control: tuple[dict, ...] = ()) -> ParticipantReport:
    script = Script("url-shortener", "standard", "U1", control, 50.0, answers)
    return run(script).participants[0]


def mistake(report: ParticipantReport, mistake_id: str) -> tuple[str, ...]:
    return next((m.evidence for m in report.mistakes if m.id == mistake_id), ())


def test_weights_are_rescaled_to_100_when_a_format_leaves_phases_out() -> None:
    weights = {"functional": 5, "non_functional": 15, "deep_dives": 35}
    assert phase_weights(weights, list(weights)) == {
        "functional": 9,
        "non_functional": 27,
        "deep_dives": 64,
    }
    assert sum(phase_weights(weights, ["functional", "deep_dives"]).values()) == 100
    assert phase_weights({}, ["a", "b", "c"]) == {"a": 34, "b": 33, "c": 33}


def test_phase_points_round_half_up_and_lists_are_capped() -> None:
    assert score_phase("p", weight=5, shown=1, items=2, list_share=0.0).points == 3
    full = score_phase("p", weight=15, shown=5, items=5, list_share=0.6)
    assert (full.points, full.capped) == (round(15 * LIST_CAP), True)
    assert score_phase("p", weight=15, shown=5, items=5, list_share=0.4).points == 15
    assert score_phase("p", weight=10, shown=0, items=0, list_share=0.0).points == 0


def test_the_formula_is_documented_for_the_readme() -> None:
    for words in ("W × shown ÷ items", "rubric.yaml", "keyword lists", "heuristic"):
        assert words in SCORE_FORMULA


def test_a_partition_key_in_the_schema_is_not_scaling_too_early() -> None:
    report = solo(
        (17, "The clicks table uses short_key as its partition key and day as the sort key."),
        (18, "We won't need sharding at this size, and there is no replication yet."),
    )
    assert mistake(report, "scaling_too_early") == ()


def test_sharding_in_the_deep_dives_is_welcome() -> None:
    report = solo((30, "At 100x the load we shard the links table by key hash."))
    assert mistake(report, "scaling_too_early") == ()


def test_deep_dive_answers_are_split_at_the_last_topic_and_earlier_topics_merge() -> None:
    control = (
        {"at": 26, "do": "choose_topic", "topic": "key-generation"},
        {"at": 30, "do": "choose_topic", "topic": "redirect-path"},
        {"at": 34, "do": "choose_topic", "topic": "click-analytics"},
    )
    report = solo(
        (27, "The problem is making unique keys without a coordinator in the way."),
        (31, "One option is a CDN; another approach is cache-aside in Redis."),
        (35, "We need to count clicks without slowing redirects, because speed matters."),
        control=control,
    )
    first, last = report.checklist
    assert first.topic_ids == ("key-generation", "redirect-path") and first.merged
    assert {e.item_id for e in first.covered} == {"problem", "options"}
    assert last.topic_ids == ("click-analytics",) and not last.merged
    assert {e.item_id for e in last.covered} == {"problem", "decision_why"}


def test_without_a_topic_the_whole_deep_dive_phase_is_evaluated() -> None:
    report = solo(
        (27, "The hard part is the hot links, so we keep a small local cache on each server.")
    )
    (group,) = report.checklist
    assert group.titles == () and [e.item_id for e in group.covered] == ["problem"]


def test_someone_who_said_nothing_only_skipped_phases() -> None:
    report = solo()
    assert report.score == 0
    assert [m.id for m in report.mistakes] == ["phase_skipped"]
    assert len(report.next_steps) == 3
