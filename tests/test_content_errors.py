"""Bad content is refused with the file, the line and what is wrong, all errors at once."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.content import ContentError, builtin_prompts_dir, check_prompts, load_content
from bot.content.durations import format_duration, parse_duration

BAD = Path(__file__).resolve().parent / "data" / "prompts_bad"

QUESTION = """\
schema: 1
questions:
  - id: {id}
    title: Team question
    prompt: Design the thing our team builds.
    difficulty: {difficulty}
    tags: [storage]
    scale_hints: ["1k requests/s", "10 GB a day"]
    deep_dives:
{topics}"""
TOPIC = """\
      - id: topic-{n}
        title: Topic {n}
        problem: Something is hard.
        options: ["A. Pro: quick. Con: rough.", "B. Pro: exact. Con: slow."]
        edge_cases: ["An edge", "Another edge"]
        categories: [{category}]
"""


def question_yaml(
    qid: str = "team-question",
    *,
    topics: int = 2,
    difficulty: str = "medium",
    category: str = "reliability",
) -> str:
    body = "".join(TOPIC.format(n=n, category=category) for n in range(topics))
    return QUESTION.format(id=qid, difficulty=difficulty, topics=body)


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def errors_for(directory: Path) -> list[str]:
    errors = check_prompts(directory)
    assert errors, "expected the content to be refused"
    return errors


def only_error_in(errors: list[str], location: str) -> str:
    matching = [e for e in errors if location in e]
    assert matching, f"no error at {location!r} in:\n" + "\n".join(errors)
    return matching[0]


# --- the fixture directories -------------------------------------------------------------


def test_yaml_syntax_error_names_file_and_line() -> None:
    error = only_error_in(errors_for(BAD / "syntax"), "questions/broken.yaml:6:")
    assert "YAML syntax error" in error


def test_unknown_key_names_file_line_and_suggests_the_right_key() -> None:
    errors = errors_for(BAD / "unknown_key")
    error = only_error_in(errors, "questions/typo.yaml:19:")
    assert "deep_dives[1].optoins: unknown key 'optoins' (did you mean 'options'?)" in error


def test_bad_duration_names_file_line_and_the_value() -> None:
    error = only_error_in(errors_for(BAD / "bad_duration"), "bad_duration/formats.yaml:16:")
    assert "phases[1].budget" in error and "'4 minutes'" in error


def test_missing_field_points_at_the_item_that_lacks_it() -> None:
    error = only_error_in(errors_for(BAD / "missing_field"), "questions/no-prompt.yaml:3:")
    assert "missing required key 'prompt'" in error


def test_content_error_is_a_value_error_listing_every_problem() -> None:
    with pytest.raises(ContentError) as caught:
        load_content(BAD / "unknown_key", BAD / "bad_duration")
    assert isinstance(caught.value, ValueError)
    assert len(caught.value.errors) >= 3
    assert str(caught.value) == "\n".join(caught.value.errors)
    assert "typo.yaml" in str(caught.value) and "formats.yaml" in str(caught.value)


# --- schema versions and types --------------------------------------------------------------


def test_missing_schema_version_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "questions/q.yaml", question_yaml().removeprefix("schema: 1\n"))
    assert only_error_in(errors_for(tmp_path), "q.yaml:1:").endswith(
        "missing 'schema: 1' at the top of the file"
    )


def test_wrong_schema_version_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "questions/q.yaml", question_yaml().replace("schema: 1", "schema: 2"))
    assert "unsupported schema 2" in only_error_in(errors_for(tmp_path), "q.yaml:1:")


def test_wrong_type_says_what_was_expected(tmp_path: Path) -> None:
    text = question_yaml().replace(
        'options: ["A. Pro: quick. Con: rough.", "B. Pro: exact. Con: slow."]', "options: 5", 1
    )
    write(tmp_path, "questions/q.yaml", text)
    error = only_error_in(errors_for(tmp_path), f"q.yaml:{line_of(text, 'options: 5')}:")
    assert "deep_dives[0].options: expected a list of strings, got a number" in error


def test_difficulty_must_be_easy_medium_or_hard(tmp_path: Path) -> None:
    text = question_yaml(difficulty="extreme")
    write(tmp_path, "questions/q.yaml", text)
    error = only_error_in(errors_for(tmp_path), f"q.yaml:{line_of(text, 'difficulty')}:")
    assert "easy, medium, hard" in error and "'extreme'" in error


@pytest.mark.parametrize("count", [1, 5])
def test_questions_need_two_to_four_deep_dives(tmp_path: Path, count: int) -> None:
    text = question_yaml(topics=count)
    write(tmp_path, "questions/q.yaml", text)
    error = only_error_in(errors_for(tmp_path), f"q.yaml:{line_of(text, 'deep_dives:')}:")
    assert f"expected 2 to 4 items, got {count}" in error


def test_unknown_followup_category_is_refused(tmp_path: Path) -> None:
    text = question_yaml(category="speed")
    write(tmp_path, "questions/q.yaml", text)
    error = only_error_in(errors_for(tmp_path), f"q.yaml:{line_of(text, '[speed]')}:")
    assert "categories[0]" in error and "'speed'" in error


def test_duplicate_ids_within_one_directory_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "questions/a.yaml", question_yaml("same-id"))
    write(tmp_path, "questions/b.yaml", question_yaml("same-id"))
    error = only_error_in(errors_for(tmp_path), "b.yaml:3:")
    assert "duplicate id 'same-id'" in error and "a.yaml:3" in error


def test_duplicate_keys_in_one_mapping_are_refused(tmp_path: Path) -> None:
    text = question_yaml().replace(
        "    tags: [storage]\n", "    tags: [storage]\n    tags: [geo]\n"
    )
    write(tmp_path, "questions/q.yaml", text)
    error = only_error_in(errors_for(tmp_path), f"q.yaml:{line_of(text, 'tags: [geo]')}:")
    assert "duplicate key 'tags'" in error


def test_unexpected_files_are_refused_but_other_files_ignored(tmp_path: Path) -> None:
    write(tmp_path, "question/q.yaml", question_yaml())
    write(tmp_path, "README.md", "# our prompts\n")
    errors = errors_for(tmp_path)
    assert len(errors) == 1 and "question/q.yaml:1: unexpected content file" in errors[0]


def test_errors_from_every_file_are_collected(tmp_path: Path) -> None:
    write(tmp_path, "questions/a.yaml", question_yaml("a", difficulty="extreme"))
    write(tmp_path, "questions/b.yaml", question_yaml("b", topics=1))
    write(tmp_path, "questions/c.yaml", "schema: 1\nquestions: [\n")
    errors = errors_for(tmp_path)
    assert {Path(e.split(":")[0]).name for e in errors} == {"a.yaml", "b.yaml", "c.yaml"}


def test_overlay_directory_must_exist(tmp_path: Path) -> None:
    assert errors_for(tmp_path / "missing")[0].endswith("missing: not a directory")


# --- formats -------------------------------------------------------------------------------


def _format(phases: str, extra: str = "") -> str:
    return (
        "schema: 1\nformats:\n  - id: team\n    title: Team\n    description: Ours.\n"
        f"    silence_after: 1m\n    overrun_after: 1m\n    default_extension: 1m\n{extra}"
        f"    phases:\n{textwrap.indent(phases, '      ')}"
    )


def test_format_phase_must_be_a_known_phase_id(tmp_path: Path) -> None:
    text = _format("- id: design\n  title: Design\n  budget: 5m\n  covers: [Boxes]\n")
    write(tmp_path, "formats.yaml", text)
    error = only_error_in(errors_for(tmp_path), f"formats.yaml:{line_of(text, 'id: design')}:")
    assert "phases[0].id" in error and "'design'" in error


def test_nudge_must_fall_inside_its_phase(tmp_path: Path) -> None:
    text = _format(
        "- id: api\n  title: API\n  budget: 1m\n  covers: [Calls]\n  nudges: [{before_end: 2m}]\n"
    )
    write(tmp_path, "formats.yaml", text)
    error = only_error_in(errors_for(tmp_path), f"formats.yaml:{line_of(text, 'nudges')}:")
    assert "not shorter than the phase budget 1m" in error


def test_unquoted_working_hours_get_a_helpful_hint(tmp_path: Path) -> None:
    hours = "    working_hours: {start: 09:00, end: 18:00}\n"
    text = _format("- id: api\n  title: API\n  budget: 1d\n  covers: [Calls]\n", hours)
    write(tmp_path, "formats.yaml", text)
    error = only_error_in(errors_for(tmp_path), "working_hours.end")
    assert 'in quotes like "09:00"' in error


# --- lines and rubric ----------------------------------------------------------------------


def _builtin(name: str) -> str:
    return (builtin_prompts_dir() / name).read_text(encoding="utf-8")


def test_unknown_placeholder_in_lines_is_refused(tmp_path: Path) -> None:
    original = _builtin("lines.yaml")
    text = original.replace("Halfway through *{title}*", "Halfway through *{phase}*", 1)
    assert text != original
    write(tmp_path, "lines.yaml", text)
    error = only_error_in(errors_for(tmp_path), f"lines.yaml:{line_of(text, '{phase}')}:")
    assert "nudge_half[0]: unknown placeholder {phase}" in error
    assert "{remaining}, {title}" in error


def test_lines_must_cover_every_phase(tmp_path: Path) -> None:
    original = _builtin("lines.yaml")
    start = original.index('  api:\n    - "*{title}* ({minutes}). The API')
    end = original.index('  high_level:\n    - "*{title}* ({minutes}). Wire')
    write(tmp_path, "lines.yaml", original[:start] + original[end:])
    error = only_error_in(errors_for(tmp_path), "lines.yaml:")
    assert "phase_intro: missing phase ids: api" in error


def test_rubric_weights_must_sum_to_100(tmp_path: Path) -> None:
    text = _builtin("rubric.yaml").replace("deep_dives: 35", "deep_dives: 30")
    write(tmp_path, "rubric.yaml", text)
    error = only_error_in(errors_for(tmp_path), f"rubric.yaml:{line_of(text, 'weights:')}:")
    assert "weights must sum to 100, got 95" in error


def test_rubric_plain_words_must_be_lower_case_words(tmp_path: Path) -> None:
    text = _builtin("rubric.yaml").replace("  fingerprint: hash", "  Finger(print): hash")
    write(tmp_path, "rubric.yaml", text)
    error = only_error_in(errors_for(tmp_path), "rubric.yaml:")
    assert "plain words" in error


def test_rubric_must_cover_every_phase(tmp_path: Path) -> None:
    original = _builtin("rubric.yaml")
    start, end = (
        original.index("  end_to_end:\n"),
        original.index("  deep_dives:\n    - id: problem"),
    )
    write(tmp_path, "rubric.yaml", original[:start] + original[end:])
    error = only_error_in(errors_for(tmp_path), "rubric.yaml:")
    assert "phases: missing phase ids: end_to_end" in error


def test_rubric_phrases_must_be_lower_case(tmp_path: Path) -> None:
    text = _builtin("rubric.yaml").replace("[qps,", "[QPS,", 1)
    write(tmp_path, "rubric.yaml", text)
    error = only_error_in(errors_for(tmp_path), f"rubric.yaml:{line_of(text, '[QPS,')}:")
    assert "'qps'" in error


# --- durations -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30s", 30), ("4m", 240), ("6h", 21600), ("2d", 172800), ("1h30m", 5400), ("1d 2h", 93600)],
)
def test_durations_parse(text: str, seconds: int) -> None:
    assert parse_duration(text).total_seconds() == seconds
    assert parse_duration(format_duration(parse_duration(text))) == parse_duration(text)


@pytest.mark.parametrize("text", ["", "4", "4 minutes", "1.5h", "30m1h", "0m", "-1m"])
def test_bad_durations_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


def test_misspelt_phase_id_in_lines_gets_a_suggestion(tmp_path: Path) -> None:
    text = _builtin("lines.yaml").replace("\n  functional:\n", "\n  fuctional:\n", 1)
    write(tmp_path, "lines.yaml", text)
    error = only_error_in(errors_for(tmp_path), f"lines.yaml:{line_of(text, 'fuctional:')}:")
    assert "phase_intro.fuctional: unknown key 'fuctional' (did you mean 'functional'?)" in error


def test_python_tags_are_refused_safe_load_only(tmp_path: Path) -> None:
    write(tmp_path, "questions/q.yaml", "schema: 1\nquestions:\n  - !!python/object:os.system {}\n")
    assert "could not determine a constructor" in only_error_in(errors_for(tmp_path), "q.yaml:3:")


def test_empty_file_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "questions/q.yaml", "")
    assert "expected a mapping" in only_error_in(errors_for(tmp_path), "q.yaml:1:")
