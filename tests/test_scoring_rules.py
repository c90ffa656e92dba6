"""The scoring rules one by one: weights, the keyword-list cap, topics, mistakes, advice."""

from __future__ import annotations

from bot.engine.retrospective import ParticipantReport
from bot.engine.score_depth import (
    DEEP_WORDS_FULL,
    FULL_AT,
    LISTED_SHARE,
    OUTLINE_FLOOR,
    OUTLINE_FULL_AT,
    UNWORKED_SHARE,
    WORDS_FULL,
    WORKED_FULL,
    outlined,
)
from bot.engine.score_final import (
    ATTEMPT_FLOOR,
    FINDING_COST,
    FINDINGS_COUNTED,
    FLAG_DOUBT_FROM,
    LOSS_MAX,
    PRESENCE_POINTS,
    PROSE_FULL,
    RED_FLAG_COST,
    TOP_KNEE,
    TOP_SLOPE,
    final_score,
)
from bot.engine.scoring import (
    CRAFT_FROM,
    CRAFT_FULL_AT,
    DESIGN_POINTS,
    ENGAGED_FLOOR,
    ENGAGED_POINTS,
    ENGAGED_WORDS,
    LIST_CAP,
    METHOD_FULL_AT,
    METHOD_NEEDS,
    METHOD_POINTS,
    SCORE_FORMULA,
    PhaseTally,
    engagement,
    phase_scores,
    phase_weights,
)
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


def tally(
    phase_id: str,
    shown: int,
    items: int,
    *,
    listy: float = 0.0,
    ideas=(0, 0),
    engaged=False,
    prose: int = 0,
):
    return PhaseTally(
        phase_id, shown, items, listy, ideas[0], ideas[1], 0, 0, engaged, prose, prose
    )


def test_without_ideas_method_and_engagement_make_the_100_and_lists_are_capped() -> None:
    method = 100 - ENGAGED_POINTS
    scores = phase_scores(
        [tally("a", 1, 2), tally("b", 5, 5, listy=0.6), tally("c", 0, 0)],
        weights={"a": 40, "b": 40, "c": 20},
        has_ideas=False,
    )
    a = method * 0.4 * 0.5 / METHOD_FULL_AT
    b = method * 0.4 * LIST_CAP
    assert [s.points for s in scores] == [round(a), round(b + a % 1), 0]  # parts add up
    assert [s.capped for s in scores] == [False, True, False]
    assert [s.weight for s in scores] == [40, 40, 20]
    full = phase_scores([tally("a", 3, 5, engaged=True)], weights={"a": 100}, has_ideas=False)
    assert full[0].points == 100  # 60% of the items is full marks


def test_a_phase_answered_in_a_few_words_earns_part_of_its_engagement_points() -> None:
    assert engagement(stated=False, words=200) == 0.0
    assert engagement(stated=True, words=ENGAGED_WORDS) == 1.0
    assert engagement(stated=True, words=0) == ENGAGED_FLOOR
    few = engagement(stated=True, words=ENGAGED_WORDS // 4)
    assert ENGAGED_FLOOR < few < 1.0
    scores = phase_scores([tally("a", 0, 1, engaged=few)], weights={"a": 100}, has_ideas=False)
    assert scores[0].points == round(ENGAGED_POINTS * few)


def test_the_design_points_go_to_the_phases_whose_ideas_were_shown() -> None:
    # Ideas of weight 6 of 8 shown, all in phase a, with estimates worked out.
    scores = phase_scores(
        [tally("a", 0, 1, ideas=(6, 6)), tally("b", 0, 1, ideas=(0, 2))],
        weights={"a": 50, "b": 50},
        has_ideas=True,
    )
    assert [s.points for s in scores] == [round(DESIGN_POINTS * 0.75 / FULL_AT), 0]
    assert sum(s.weight for s in scores) == 100
    unworked = phase_scores(
        [tally("a", 0, 1, ideas=(8, 8))], weights={"a": 100}, has_ideas=True, worked=0
    )
    assert unworked[0].points == int(DESIGN_POINTS * LISTED_SHARE * UNWORKED_SHARE + 0.5)


def test_an_outline_earns_its_ideas_in_full_only_once_the_deep_dives_show_theirs() -> None:
    # Ideas of weight 4 of 10 shown in the high-level phase; the deep dives' 10 shown by d.
    def outline_points(deep_shown: float) -> int:
        scores = phase_scores(
            [
                tally("high_level", 0, 1, ideas=(4, 10)),
                tally("deep_dives", 0, 1, ideas=(deep_shown, 10)),
            ],
            weights={"high_level": 50, "deep_dives": 50},
            has_ideas=True,
        )
        return scores[0].points

    def expected(kept: float) -> float:
        return DESIGN_POINTS * 4 * kept / (FULL_AT * 20)

    assert abs(outline_points(0) - expected(OUTLINE_FLOOR)) <= 0.5  # boxes only
    halfway = OUTLINE_FLOOR + (1 - OUTLINE_FLOOR) / 2
    assert abs(outline_points(10 * OUTLINE_FULL_AT / 2) - expected(halfway)) <= 0.5
    assert abs(outline_points(10 * OUTLINE_FULL_AT) - expected(1.0)) <= 0.5
    assert outline_points(0) < outline_points(10 * OUTLINE_FULL_AT)
    # Without deep-dive ideas (in the rubric or the format) nothing is held back.
    alone = phase_scores(
        [tally("high_level", 0, 1, ideas=(4, 10))], weights={"high_level": 100}, has_ideas=True
    )
    assert alone[0].points == round(DESIGN_POINTS * 4 / (FULL_AT * 10))


def test_method_talk_without_any_idea_of_the_question_earns_nothing() -> None:
    # Every method item shown and the phase fully answered; ideas shown of weight x of 20.
    def points(ideas_shown: float, *, on_subject: bool = False) -> int:
        scores = phase_scores(
            [tally("a", 5, 5, ideas=(ideas_shown, 20), engaged=True)],
            weights={"a": 100},
            has_ideas=True,
            on_subject=on_subject,
        )
        return scores[0].points

    def design(ideas_shown: float) -> float:
        return DESIGN_POINTS * ideas_shown / (FULL_AT * 20)

    enough = METHOD_NEEDS * 20
    assert points(0) == 0  # "one option is A, another is B" in every phase
    assert points(enough) == round(ENGAGED_POINTS + design(enough))  # answered, no craft yet
    assert points(enough / 2) == round(ENGAGED_POINTS / 2 + design(enough / 2))
    # Plainly about the question (full relevance), a thin naive answer keeps its engagement.
    assert points(0, on_subject=True) == ENGAGED_POINTS


def test_method_counts_as_far_as_the_answer_carries_the_questions_design() -> None:
    # Every method item shown ("load balancer", "sharding", "trade-offs"), ideas x of 20.
    def method(ideas_shown: float) -> float:
        scores = phase_scores(
            [tally("a", 5, 5, ideas=(ideas_shown, 20), engaged=True)],
            weights={"a": 100},
            has_ideas=True,
            on_subject=True,
        )
        design = DESIGN_POINTS * min(1.0, ideas_shown / (FULL_AT * 20))
        return scores[0].points - ENGAGED_POINTS - design

    assert abs(method(20 * CRAFT_FROM)) <= 0.5  # boilerplate around a few ideas
    halfway = 20 * (CRAFT_FROM + CRAFT_FULL_AT) / 2
    assert abs(method(halfway) - METHOD_POINTS / 2) <= 0.5
    assert abs(method(20 * CRAFT_FULL_AT) - METHOD_POINTS) <= 0.5
    assert abs(method(20) - METHOD_POINTS) <= 0.5


def test_the_ideas_count_in_full_when_worked_out_in_numbers_or_at_length() -> None:
    # Every idea shown, in the deep dives; estimates worked out and prose words written there.
    def points(worked: int, words: int) -> int:
        scores = phase_scores(
            [tally("deep_dives", 0, 1, ideas=(8, 8), prose=words)],
            weights={"deep_dives": 100},
            has_ideas=True,
            worked=worked,
        )
        return scores[0].points

    full = DESIGN_POINTS
    named = round(DESIGN_POINTS * LISTED_SHARE * UNWORKED_SHARE)  # a line per topic, no number
    assert points(0, 0) == named
    assert points(WORKED_FULL, 0) == points(0, DEEP_WORDS_FULL) == full
    assert named < points(0, DEEP_WORDS_FULL // 2) < full
    assert points(WORKED_FULL // 2, DEEP_WORDS_FULL // 2) == points(WORKED_FULL // 2, 0)


def test_ideas_named_faster_than_they_are_worked_through_count_up_to_a_limit() -> None:
    # Ideas of weight x of 20 shown in the deep dives; prose words written in phase "a".
    def design(shown: float, words: int, worked: int = 0) -> int:
        scores = phase_scores(
            [tally("a", 0, 1, prose=words), tally("deep_dives", 0, 1, ideas=(shown, 20))],
            weights={"a": 50, "deep_dives": 50},
            has_ideas=True,
            worked=worked,
        )
        return scores[1].points

    def unworked(share: float) -> int:
        return round(DESIGN_POINTS * share * UNWORKED_SHARE)

    # Every idea named in a line each, no number: an outline, capped however many it names.
    assert design(20, 0) == unworked(LISTED_SHARE)
    assert design(20, 0) == design(20 * FULL_AT * LISTED_SHARE, 0)
    # Below the cap nothing changes: few ideas, few words.
    few = 20 * FULL_AT * LISTED_SHARE / 2
    assert design(few, 0) == design(few, WORDS_FULL) == unworked(LISTED_SHARE / 2)
    # Half the words of a worked answer lift the cap halfway; all of them, or the estimates
    # that drive choices, lift it.
    assert design(20, WORDS_FULL // 2) == unworked(LISTED_SHARE + (1 - LISTED_SHARE) / 2)
    assert design(20, WORDS_FULL) == unworked(1.0)
    assert design(20, 0, worked=WORKED_FULL) == DESIGN_POINTS


def test_a_red_flag_weighs_less_in_an_answer_that_states_nearly_every_idea() -> None:
    def score(coverage: float) -> int:
        return final_score(80, relevance=1.0, red_flags=["major"], findings=0, coverage=coverage)[0]

    clean = final_score(80, relevance=1.0, red_flags=[], findings=0)[0]
    assert score(0.3) == score(FLAG_DOUBT_FROM) < clean  # most answers: the full cost
    halfway = (FLAG_DOUBT_FROM + 1) / 2
    assert score(FLAG_DOUBT_FROM) < score(halfway) < clean
    assert score(1.0) == clean
    mistakes_only = final_score(80, relevance=1.0, red_flags=[], findings=0, mistakes=[0.2])
    assert mistakes_only == final_score(
        80, relevance=1.0, red_flags=[], findings=0, mistakes=[0.2], coverage=1.0
    )  # common mistakes cost the same whatever the coverage


def test_wrong_moves_that_corroborate_each_other_cost_in_full_however_much_else_is_stated() -> None:
    """One flag in a complete answer is more often an option weighed; two are a pattern."""

    def score(flags: list[str], coverage: float) -> int:
        return final_score(80, relevance=1.0, red_flags=flags, findings=0, coverage=coverage)[0]

    assert score(["major"], 0.95) > score(["major"], 0.3)
    assert score(["major", "minor"], 0.95) == score(["major", "minor"], 0.3)


def test_a_red_flag_said_as_the_choice_costs_in_full_however_much_else_is_stated() -> None:
    def score(decided: bool) -> int:
        return final_score(
            80, relevance=1.0, red_flags=["major"], findings=0, coverage=1.0, decided=[decided]
        )[0]

    clean = final_score(80, relevance=1.0, red_flags=[], findings=0)[0]
    assert score(False) == clean  # an option weighed in a complete answer
    assert score(True) == final_score(80, relevance=1.0, red_flags=["major"], findings=0)[0]


def test_a_keyword_list_gets_no_attempt_floor() -> None:
    def score(prose: float) -> int:
        return final_score(10, relevance=1.0, red_flags=[], findings=0, prose=prose)[0]

    assert score(1.0) == score(PROSE_FULL) == round(ATTEMPT_FLOOR + (100 - ATTEMPT_FLOOR) * 0.1)
    assert score(0.0) == 10
    assert score(0.0) < score(PROSE_FULL / 2) < score(PROSE_FULL)


def test_red_flags_and_mistakes_take_a_share_and_findings_cost_points() -> None:
    def floored(kept: float) -> int:
        return round(ATTEMPT_FLOOR + (100 - ATTEMPT_FLOOR) * kept / 100)

    major = RED_FLAG_COST["major"]
    assert final_score(80, relevance=1.0, red_flags=["major"], findings=0)[0] == floored(
        80 * (1 - major)
    )
    with_findings = final_score(80, relevance=1.0, red_flags=[], findings=5, mistakes=[0.1])
    assert with_findings[0] == floored(72) - FINDING_COST * FINDINGS_COUNTED
    many = final_score(90, relevance=1.0, red_flags=["major"] * 9, findings=0)
    assert many[0] == floored(90 * (1 - LOSS_MAX))  # the losses are capped


def test_points_above_the_knee_count_half() -> None:
    full = final_score(100, relevance=1.0, red_flags=[], findings=0)[0]
    assert full == int(TOP_KNEE + TOP_SLOPE * (100 - TOP_KNEE) + 0.5)
    below = final_score(70, relevance=1.0, red_flags=[], findings=0)[0]
    assert below == round(ATTEMPT_FLOOR + (100 - ATTEMPT_FLOOR) * 0.7)


def test_an_answer_about_something_else_gets_no_floor() -> None:
    assert final_score(80, relevance=0.1, red_flags=[], findings=0)[0] == 8
    assert final_score(0, relevance=1.0, red_flags=[], findings=0)[0] == 0


def test_going_through_every_phase_earns_a_few_points_whatever_it_says() -> None:
    # A content-free template or another question's design: relevance near 0.
    def score(answered: float) -> int:
        return final_score(8, relevance=0.0, red_flags=[], findings=0, answered=answered)[0]

    assert score(1.0) == PRESENCE_POINTS
    assert score(0.0) == 0  # nothing answered
    assert 0 < score(0.5) < PRESENCE_POINTS
    # It is a floor, not a bonus: an attempt about the question is far above it.
    assert final_score(30, relevance=1.0, red_flags=[], findings=0, answered=1.0) == (
        final_score(30, relevance=1.0, red_flags=[], findings=0)
    )


def test_the_formula_is_documented_for_the_readme() -> None:
    for words in ("ideas a strong answer", str(METHOD_POINTS), "relevance", "red flag"):
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


def test_the_retrospective_says_when_ideas_were_named_faster_than_worked_through() -> None:
    tallies = [tally("a", 0, 1, prose=50), tally("deep_dives", 0, 1, ideas=(20, 20))]
    assert outlined(tallies, worked=0)  # every idea named in fifty words
    assert not outlined(tallies, worked=WORKED_FULL)  # worked out in numbers
    assert not outlined([tally("a", 0, 1, prose=WORDS_FULL), tallies[1]], worked=0)
    few = [tallies[0], tally("deep_dives", 0, 1, ideas=(4, 20))]
    assert not outlined(few, worked=0)  # a few ideas: the cap does not bind
