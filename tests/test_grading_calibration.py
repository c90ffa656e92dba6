"""The grader on hand-scored transcripts: the calibration command, golden retrospectives, the
orderings an interviewer expects, and rubric mistakes named with file and line."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

from bench.grading.__main__ import main
from bench.grading.corpus import Transcript, load, play
from bot.content.loader import ContentError, builtin_prompts_dir, load_content
from bot.content.model import Content
from bot.engine.retro_text import render_personal

GOLDEN = Path(__file__).parent / "data" / "retrospectives"
BAD = Path(__file__).parent / "data" / "prompts_bad" / "bad_rubric"
REGOLD = os.environ.get("DESIGNDRILL_REGOLD") == "1"


@cache
def content() -> Content:
    return load_content(builtin_prompts_dir())


@cache
def corpus() -> dict[str, Transcript]:
    return {t.name: t for t in load("tune")}


def score(name: str) -> int:
    (report,) = play(corpus()[name], content()).participants
    return report.score


def test_the_calibration_command_prints_each_score_against_its_band(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["--only", "payment-system--", "--set", "tune"])
    out = capsys.readouterr().out
    assert "payment-system--strong" in out and "expert  91 [ 84- 96]" in out
    assert "% in band, Spearman" in out


@pytest.mark.parametrize("question", ["payment-system", "rate-limiter", "url-shortener"])
def test_strong_beats_mediocre_beats_weak_and_wrong_is_below_mediocre(question: str) -> None:
    strong, mediocre, weak = (score(f"{question}--{k}") for k in ("strong", "mediocre", "weak"))
    assert strong > mediocre > weak
    assert score(f"{question}--fluent_wrong") < mediocre


@pytest.mark.parametrize(
    "name", ["payment-system--off_topic", "rate-limiter--template", "news-feed--template"]
)
def test_an_answer_to_another_question_or_a_template_scores_at_most_15(name: str) -> None:
    assert score(name) <= 15


def test_a_plain_worded_design_with_few_of_the_subjects_words_is_still_on_topic() -> None:
    """Songs, plays and counting machines: few of top-k's usual words, many of its ideas."""
    (plain,) = [t for t in load("holdout6") if t.name == "top-k-heavy-hitters--plain_strong"]
    (report,) = play(plain, content()).participants
    assert report.relevance is not None and report.relevance.factor == 1.0
    assert report.score >= 50  # it was 0: the subject-word density alone called it off topic
    pasted = [t for s in ("holdout5", "holdout6") for t in load(s) if t.kind == "off_topic"]
    assert all(play(t, content()).participants[0].score <= 5 for t in pasted)


def test_a_terse_strong_answer_scores_within_10_of_the_same_design_in_prose() -> None:
    prose, terse = score("payment-system--strong"), score("payment-system--terse_strong")
    assert abs(prose - terse) <= 10


def test_wrong_moves_are_quoted_with_why_and_what_to_do_instead() -> None:
    (report,) = play(corpus()["payment-system--fluent_wrong"], content()).participants
    flags = {f.flag.id: f for f in report.red_flags}
    assert {"float_money", "cache_as_ledger"} <= set(flags)
    assert "amount DOUBLE" in flags["float_money"].quote
    assert report.next_steps[0] == flags[report.red_flags[0].flag.id].flag.instead


@pytest.mark.parametrize(
    "name", ["payment-system--strong", "rate-limiter--fluent_wrong", "news-feed--template"]
)
def test_personal_retrospectives_match_the_golden_files(name: str) -> None:
    retro = play(corpus()[name], content())
    text = render_personal(retro.participants[0], retro) + "\n"
    path = GOLDEN / f"{name}.txt"
    if REGOLD or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if not REGOLD:
            pytest.fail(f"wrote missing golden file {path.name}; check it and rerun")
    assert text == path.read_text(encoding="utf-8")


def test_every_built_in_question_has_a_rubric_with_ideas_in_every_phase() -> None:
    for question in content().questions.values():
        assert question.rubric is not None, question.id
        phases = {e.phase_id for e in question.rubric.elements}
        assert len(phases) >= 6, (question.id, phases)
        assert question.rubric.red_flags, question.id


def test_rubric_mistakes_are_named_with_file_and_line() -> None:
    with pytest.raises(ContentError) as caught:
        load_content(BAD)
    text = str(caught.value)
    assert "typo-rubric.yaml:24:" in text and "lower case" in text
    assert "typo-rubric.yaml:25:" in text and "weight" in text
    assert "typo-rubric.yaml:26:" in text and "nowhere" in text
    assert "typo-rubric.yaml:27:" in text and "not regex" in text


def test_a_repeated_element_id_is_named_with_file_and_line(tmp_path: Path) -> None:
    text = (BAD / "questions" / "typo-rubric.yaml").read_text(encoding="utf-8")
    fixes = {
        '"Gadget"': "gadget",
        "weight: 5": "weight: 2",
        '"gizmo(s)"': "gizmo",
        "id: four, phase: nowhere": "id: one, phase: api",  # the one mistake left
    }
    for wrong, right in fixes.items():
        text = text.replace(wrong, right)
    (tmp_path / "questions").mkdir()
    (tmp_path / "questions" / "dup.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match=r"dup\.yaml:\d+: .*duplicate element id 'one'"):
        load_content(tmp_path)


def test_a_red_flag_contradicting_an_unknown_idea_is_named_with_file_and_line(
    tmp_path: Path,
) -> None:
    text = (BAD / "questions" / "typo-rubric.yaml").read_text(encoding="utf-8")
    fixes = {
        '"Gadget"': "gadget",
        "weight: 5": "weight: 2",
        '"gizmo(s)"': "gizmo",
        "phase: nowhere": "phase: api",
    }
    for wrong, right in fixes.items():
        text = text.replace(wrong, right)
    text += (
        "      red_flags:\n"
        "        - id: bad_move\n"
        "          label: A bad move\n"
        "          match: [widget]\n"
        "          why: It breaks.\n"
        "          instead: Do the other thing.\n"
        "          contradicts: [six]\n"
    )
    (tmp_path / "questions").mkdir()
    (tmp_path / "questions" / "flags.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match=r"flags\.yaml:\d+: .*contradicts 'six', which is no"):
        load_content(tmp_path)


def test_a_weak_answer_in_a_neighbours_words_is_judged_as_an_answer_to_its_question() -> None:
    # A weak key-value store design (a cache in front of sharded MySQL) uses more of the
    # distributed cache's words than its own question's, but shows more of its own ideas.
    sets = {t.name: t for t in load("holdout18")}
    weak = sets["key-value-store--weak"]
    (report,) = play(weak, content()).participants
    assert report.relevance is not None and report.relevance.factor == 1.0
    assert weak.band[0] <= report.score <= weak.band[1]
    # A URL shortener pasted into the ad-click interview still reads as the URL shortener.
    (pasted,) = play(sets["ad-click-aggregation--off_topic"], content()).participants
    assert pasted.relevance is not None and pasted.relevance.other_id == "url-shortener"
    assert pasted.score <= 15
    # ... even where it shares six of the flash sale's ideas (a cache, an idempotency key):
    # it shows fifteen of the URL shortener's own.
    other = {t.name: t for t in load("holdout22")}["flash-sale-inventory--off_topic"]
    (shared,) = play(other, content()).participants
    assert shared.relevance is not None and shared.relevance.factor == 0.0
    assert shared.score <= 15
