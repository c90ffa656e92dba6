"""The built-in content in prompts/ loads, validates and follows the interview method."""

from __future__ import annotations

import dataclasses
import string
from datetime import timedelta
from pathlib import Path

import pytest

from bot.content import builtin_prompts_dir, check_prompts, load_content
from bot.content.lines import Lines
from bot.content.lines_schema import LinesFile
from bot.content.model import Content
from bot.content.placeholders import PLACEHOLDERS
from bot.content.schema import CATEGORIES, PHASE_IDS
from bot.engine.score_coverage import all_units, find

SEED_EXAMPLES = [
    "ride-matching",
    "news-feed",
    "chat-delivery",
    "flash-sale-inventory",
    "file-sync",
    "search-engine",
]
CLASSICS = [
    "url-shortener",
    "rate-limiter",
    "notification-service",
    "video-streaming",
    "web-crawler",
    "distributed-cache",
    "typeahead",
    "payment-system",
    "hotel-booking",
    "gaming-leaderboard",
    "metrics-monitoring",
    "key-value-store",
    "job-scheduler",
    "concert-ticketing",
    "collaborative-editor",
    "proximity-search",
    "ad-click-aggregation",
    "top-k-heavy-hitters",
]
STANDARD_BUDGETS = {
    "functional": timedelta(minutes=2),
    "non_functional": timedelta(minutes=4),
    "api": timedelta(minutes=4),
    "high_level": timedelta(minutes=6),
    "schema": timedelta(minutes=6),
    "end_to_end": timedelta(minutes=3),
    "deep_dives": timedelta(minutes=18),
}


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def test_builtin_prompts_dir_is_the_repo_prompts_folder() -> None:
    assert builtin_prompts_dir() == Path(__file__).resolve().parents[1] / "prompts"


def test_every_builtin_file_validates() -> None:
    assert check_prompts(None) == []


def test_every_builtin_file_declares_schema_1() -> None:
    for path in builtin_prompts_dir().rglob("*.yaml"):
        assert path.read_text(encoding="utf-8").startswith("schema: 1\n"), path


def test_question_bank_has_at_least_25_questions(content: Content) -> None:
    assert len(content.questions) >= 25


@pytest.mark.parametrize("question_id", SEED_EXAMPLES + CLASSICS)
def test_seed_examples_and_classics_are_in_the_bank(content: Content, question_id: str) -> None:
    assert question_id in content.questions


def test_one_question_per_file_named_after_its_id() -> None:
    files = sorted((builtin_prompts_dir() / "questions").glob("*.yaml"))
    content = load_content()
    assert sorted(p.stem for p in files) == sorted(content.questions)


def test_questions_are_complete_and_well_formed(content: Content) -> None:
    for question in content.questions.values():
        where = question.id
        assert 2 <= len(question.deep_dives) <= 4, where
        assert 2 <= len(question.scale_hints) <= 4, where
        assert any(ch.isdigit() for hint in question.scale_hints for ch in hint), where
        assert question.difficulty in {"easy", "medium", "hard"}, where
        assert question.tags and all(tag == tag.lower() for tag in question.tags), where
        for topic in question.deep_dives:
            where = f"{question.id}/{topic.id}"
            assert 2 <= len(topic.options) <= 3, where
            assert 2 <= len(topic.edge_cases) <= 3, where
            assert topic.categories and set(topic.categories) <= set(CATEGORIES), where
            for option in topic.options:
                assert "pro:" in option.lower() and "con:" in option.lower(), (where, option)


def test_the_bank_spreads_over_difficulties(content: Content) -> None:
    levels = {q.difficulty for q in content.questions.values()}
    assert levels == {"easy", "medium", "hard"}


def test_every_format_has_the_seven_phases_in_order(content: Content) -> None:
    assert {"standard", "lightning", "weekly"} <= set(content.formats)
    for fmt in content.formats.values():
        assert tuple(p.id for p in fmt.phases) == PHASE_IDS, fmt.id
        for phase in fmt.phases:
            assert 3 <= len(phase.covers) <= 6 or fmt.id != "standard", (fmt.id, phase.id)
            assert phase.nudges, (fmt.id, phase.id)


def test_standard_budgets_follow_the_method(content: Content) -> None:
    standard = content.formats["standard"]
    assert {p.id: p.budget for p in standard.phases} == STANDARD_BUDGETS
    assert standard.silence_after == timedelta(minutes=3)
    assert standard.overrun_after == timedelta(minutes=2)
    assert standard.default_extension == timedelta(minutes=3)
    assert standard.phase("functional").nudges[0].before_end == timedelta(seconds=30)
    assert standard.phase("api").nudges[0].at_fraction == 0.5


def test_lightning_takes_about_half_the_standard_time(content: Content) -> None:
    ratio = content.formats["lightning"].total_budget / content.formats["standard"].total_budget
    assert 0.4 <= ratio <= 0.6


def test_weekly_phases_last_hours_to_days_and_fit_one_working_week(content: Content) -> None:
    weekly = content.formats["weekly"]
    assert all(p.budget >= timedelta(hours=1) for p in weekly.phases)
    requirements = weekly.phase("functional").budget + weekly.phase("non_functional").budget
    assert requirements == timedelta(days=1)
    assert weekly.phase("deep_dives").budget == timedelta(days=2)
    # Monday 09:00 to Friday 18:00.
    assert weekly.total_budget <= timedelta(days=4, hours=9)
    assert weekly.silence_after >= timedelta(hours=1)
    assert weekly.working_hours is not None
    assert (weekly.working_hours.start_hour, weekly.working_hours.end_hour) == (9, 18)
    assert weekly.working_hours.weekends is False


def test_placeholder_table_matches_the_lines_model() -> None:
    names = [f.name for f in dataclasses.fields(Lines)]
    assert list(PLACEHOLDERS) == names
    assert list(LinesFile.model_fields) == names


def test_lines_header_documents_every_key() -> None:
    header = (builtin_prompts_dir() / "lines.yaml").read_text(encoding="utf-8").split("\n\n")[0]
    for key, names in PLACEHOLDERS.items():
        assert key in header, key
        for name in names:
            assert f"{{{name}}}" in header, (key, name)


def test_every_line_has_enough_variants_and_known_placeholders(content: Content) -> None:
    for field in dataclasses.fields(Lines):
        value = getattr(content.lines, field.name)
        groups = value.items() if isinstance(value, dict) else [(None, value)]
        for group, variants in groups:
            minimum = 3 if group is None or field.name == "followups" else 2
            assert len(variants) >= minimum, (field.name, group)
            for variant in variants:
                used = {n for _, n, _, _ in string.Formatter().parse(variant) if n}
                assert used <= PLACEHOLDERS[field.name], (field.name, variant)


def test_lines_cover_every_phase_and_category(content: Content) -> None:
    assert set(content.lines.phase_intro) == set(PHASE_IDS)
    assert set(content.lines.followups) == set(CATEGORIES)
    assert all("{topics}" in v for v in content.lines.deep_dive_offer)
    assert all("{user}" in v for v in content.lines.pivot_silence)


def test_rubric_covers_every_phase_and_weights_sum_to_100(content: Content) -> None:
    rubric = content.rubric
    assert list(rubric.phases) == list(PHASE_IDS)
    assert all(3 <= len(items) <= 8 for items in rubric.phases.values())
    assert sum(rubric.weights.values()) == 100
    assert set(rubric.weights) == set(PHASE_IDS)
    scale = next(i for i in rubric.phases["non_functional"] if i.id == "scale_estimates")
    assert {"qps", "dau", "storage", "bandwidth"} <= set(scale.phrases)


def test_rubric_checklist_mistakes_and_scaling_terms(content: Content) -> None:
    rubric = content.rubric
    assert [i.id for i in rubric.deep_dive_checklist] == [
        "problem",
        "options",
        "decision_why",
        "how_it_works",
        "edge_cases",
        "trade_offs",
    ]
    assert {m.id for m in rubric.mistakes} == {
        "scaling_too_early",
        "no_numbers",
        "no_failure_handling",
        "single_solution",
        "boilerplate",
        "phase_skipped",
        "phase_over_budget",
    }
    assert {"shard", "sharding", "consistent hashing", "read replica"} <= set(rubric.scaling_terms)
    all_phrases = [p for items in rubric.phases.values() for i in items for p in i.phrases]
    assert all(p == p.lower() and p.strip() for p in all_phrases)


def test_content_is_immutable(content: Content) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        content.questions["url-shortener"].title = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("said", "handled"),
    [
        ("Uploads keep retrying each piece until the server has it.", True),
        ("If a worker goes quiet, its task goes back in the pile.", True),
        ("Workers convert the video to each resolution.", False),
    ],
)
def test_failure_handling_is_heard_in_plain_words(
    content: Content, said: str, handled: bool
) -> None:
    rubric = content.rubric
    found = find(all_units([said]), rubric.failure_terms, hazards=rubric.hazard_terms)
    assert (found is not None) is handled
