"""A team's PROMPTS_DIR is loaded on top of the built-in content."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content import ContentError, builtin_prompts_dir, check_prompts, load_content

TEAM_QUESTION = """\
schema: 1
questions:
  - id: {id}
    title: {title}
    prompt: Design the internal service our team runs.
    difficulty: medium
    tags: [infrastructure]
    scale_hints: ["2k requests/s", "50 GB a day"]
    deep_dives:
      - id: storage
        title: Storage
        problem: Pick a store.
        options: ["SQL. Pro: joins. Con: scaling.", "KV. Pro: scale. Con: queries."]
        edge_cases: ["Hot keys", "Backfills"]
        categories: [data_management]
      - id: failover
        title: Failover
        problem: Survive a zone loss.
        options:
          - "Active-passive. Pro: simple. Con: idle capacity."
          - "Active-active. Pro: fast failover. Con: write conflicts."
        edge_cases: ["Split brain", "Replication lag"]
        categories: [reliability]
"""


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_team_question_with_a_new_id_is_added(tmp_path: Path) -> None:
    builtin = load_content()
    write(
        tmp_path,
        "questions/billing-export.yaml",
        TEAM_QUESTION.format(id="billing-export", title="Billing export"),
    )
    content = load_content(tmp_path)
    assert set(content.questions) == set(builtin.questions) | {"billing-export"}
    assert content.questions["billing-export"].deep_dives[1].categories == ("reliability",)


def test_team_question_with_an_existing_id_overrides_the_builtin(tmp_path: Path) -> None:
    write(
        tmp_path,
        "questions/url-shortener.yaml",
        TEAM_QUESTION.format(id="url-shortener", title="Our link shortener"),
    )
    content = load_content(tmp_path)
    assert content.questions["url-shortener"].title == "Our link shortener"
    assert len(content.questions) == len(load_content().questions)


def test_later_directories_win(tmp_path: Path) -> None:
    for name in ("first", "second"):
        write(tmp_path / name, "questions/q.yaml", TEAM_QUESTION.format(id="shared-q", title=name))
    content = load_content(tmp_path / "first", tmp_path / "second")
    assert content.questions["shared-q"].title == "second"


def test_team_format_overrides_and_lines_replace_whole(tmp_path: Path) -> None:
    formats = (builtin_prompts_dir() / "formats.yaml").read_text(encoding="utf-8")
    write(tmp_path, "formats.yaml", formats.replace("silence_after: 3m", "silence_after: 5m", 1))
    lines = (builtin_prompts_dir() / "lines.yaml").read_text(encoding="utf-8")
    write(tmp_path, "lines.yaml", lines.replace("That's the interview.", "All done, team.", 1))
    content = load_content(tmp_path)
    assert content.formats["standard"].silence_after.total_seconds() == 300
    assert content.lines.finished[0].startswith("All done, team.")


def test_check_prompts_validates_a_good_overlay(tmp_path: Path) -> None:
    write(
        tmp_path,
        "questions/billing-export.yaml",
        TEAM_QUESTION.format(id="billing-export", title="Billing export"),
    )
    write(tmp_path, "README.md", "Our team's questions.\n")
    assert check_prompts(tmp_path) == []


def test_a_directory_without_lines_or_rubric_is_incomplete_on_its_own(tmp_path: Path) -> None:
    write(
        tmp_path,
        "questions/billing-export.yaml",
        TEAM_QUESTION.format(id="billing-export", title="Billing export"),
    )
    with pytest.raises(ContentError) as caught:
        load_content(tmp_path, include_builtin=False)
    assert any("no lines found" in e for e in caught.value.errors)
    assert any("no rubric found" in e for e in caught.value.errors)
