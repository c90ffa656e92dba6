"""Slack-flavoured text rendered for the terminal (bot.terminal.render)."""

from __future__ import annotations

import pytest

from bot.terminal.render import command, plain, render


@pytest.mark.parametrize(
    ("slack", "terminal"),
    [
        ("Let's design *URL shortener*.", "Let's design URL shortener."),
        ("_The score is a heuristic._", "The score is a heuristic."),
        ("Deep dive: *Ledger*.\n>Money must add up.", "Deep dive: Ledger.\n│ Money must add up."),
        ("Reply in this thread whenever you're ready.", "Answer whenever you're ready."),
        ("I'll nudge you along; answer in the thread.", "I'll nudge you along; answer here."),
        ("Personal scores and next steps are sent privately.", "Your own view follows."),
        ("Paused; `resume` when you're ready.", "Paused; /resume when you're ready."),
        ("Type `next`, or `extend` for more time.", "Type /next, or /extend for more time."),
        ("Try `/drill extend 5`.", "Try /extend 5."),
        ("<@U0ALICE01>, want a hint?", "@U0ALICE01, want a hint?"),
        ("See <https://example.com/doc|the guide>.", "See the guide (https://example.com/doc)."),
        ("Done :white_check_mark: :sparkles:", "Done ✓ "),
        ("Use &lt;key&gt; &amp; value", "Use <key> & value"),
    ],
)
def test_slack_markup_becomes_terminal_text(slack: str, terminal: str) -> None:
    assert plain(slack) == terminal


@pytest.mark.parametrize(
    "text",
    [
        "short_key and p99_latency_ms stay as typed",
        "At 12:30:45 we had 4,000 redirects/s; 2 * 3 = 6",
        "POST /urls -> 201 {short_key}",
    ],
)
def test_text_that_only_looks_like_markup_is_left_alone(text: str) -> None:
    assert plain(text) == text


def test_bold_and_italics_become_styles() -> None:
    rendered = render("a *bold* and _slanted_ word")
    styles = {rendered.plain[s.start : s.end]: str(s.style) for s in rendered.spans}
    assert styles["bold"] == "bold" and styles["slanted"] == "italic"


def test_a_command_word_is_named_as_typed_here() -> None:
    assert command("next") == "/next" and command("/drill pause") == "/pause"
    assert command("short_key") == "short_key"
