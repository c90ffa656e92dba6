"""Block Kit rendering: the one module that builds Slack messages, the start modal and Home.

Slack's limits, kept here: 3,000 characters of section text, 50 blocks per message, 100 per
view, 150 characters of header text, 75 of button or option text, 25 elements per actions
block, 100 options per select. Slack also refuses a message whose blocks hold more than about
13,000 characters in all (``msg_blocks_too_long``, slackapi/bolt-js#2509), so one message
holds at most :data:`MESSAGE_TEXT_BUDGET` characters and longer texts become several
messages. Sizes are counted in UTF-16 code units, so emoji cannot push a block over.

Every message has a plain ``text`` fallback (notifications; slack_sdk warns without one).
Engine text is Slack mrkdwn. Sections are ``verbatim`` (a bare ``@here`` or ``#channel`` is
not turned into a mention or link) and broadcast mentions (``<!here>``, ``<!channel>``,
``<!everyone>``) are defused: the bot never pings a whole channel, even when quoting someone.

Buttons: action ids and values are the wire format defined in ``bot.slack.inputs``.
"""

from __future__ import annotations

import re
from typing import Any, TypedDict

from bot.engine.effects import Button, Kind, Say
from bot.slack.inputs import (
    COMMANDS,
    FORMAT_ACTION,
    FORMAT_BLOCK,
    QUESTION_ACTION,
    QUESTION_BLOCK,
    START_CALLBACK_ID,
    TOPIC_ACTION,
    TOPIC_BLOCK,
    action_id,
    button_value,
)

SECTION_LIMIT = 3000
MESSAGE_BLOCK_LIMIT = 50
MESSAGE_TEXT_BUDGET = 12_000
VIEW_BLOCK_LIMIT = 100
FALLBACK_LIMIT = 3000
HEADER_LIMIT = 150
LABEL_LIMIT = 75
ACTIONS_PER_BLOCK = 25
OPTIONS_LIMIT = 100
OPTION_VALUE_LIMIT = 150
BUTTON_VALUE_LIMIT = 2000

_HEADED = frozenset({Kind.QUESTION, Kind.PHASE_INTRO, Kind.RETROSPECTIVE})
_SEPARATORS = ("\n\n", "\n", " ")
_BROADCAST = re.compile(r"<!(here|channel|everyone|subteam\^\w+)(?:\|([^>]*))?>")
_EMPHASIS = re.compile(r"([*_~`])(\S(?:.*?\S)?)\1")

Block = dict[str, Any]


class SlackMessage(TypedDict):
    """Arguments for ``chat.postMessage`` / ``chat.update`` besides channel and thread."""

    text: str
    blocks: list[Block]


# -- messages ------------------------------------------------------------------------------


def render_say(say: Say, *, interview_id: int) -> list[SlackMessage]:
    """Render one engine message as one or more Slack messages, in posting order.

    Questions, phase intros and retrospectives turn their first line into a header. Text is
    split on paragraph, then line, then word boundaries into sections within the limits; the
    buttons go in actions blocks at the end of the last message.
    """
    text = _defuse(say.text).strip()
    heading, body = _split_heading(say.kind, text)
    messages: list[SlackMessage] = []
    blocks: list[Block] = []
    parts: list[str] = []
    used = 0
    if heading:
        blocks.append(_header(heading))
        parts.append(heading)
        used = _size(heading)
    for chunk in split_text(body):
        if blocks and (
            len(blocks) >= MESSAGE_BLOCK_LIMIT or used + _size(chunk) > MESSAGE_TEXT_BUDGET
        ):
            messages.append(_message(parts, blocks))
            blocks, parts, used = [], [], 0
        blocks.append(_section(chunk))
        parts.append(chunk)
        used += _size(chunk)
    actions = _actions(say, interview_id)
    if blocks and len(blocks) + len(actions) > MESSAGE_BLOCK_LIMIT:
        messages.append(_message(parts, blocks))
        blocks, parts = [], []
    blocks.extend(actions)
    if not parts:
        parts = [" · ".join(b.label for b in say.buttons) or "…"]
    messages.append(_message(parts, blocks))
    return messages


def split_text(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Split ``text`` into pieces of at most ``limit`` (UTF-16 units), cutting between
    paragraphs where possible, else between lines, else between words, else anywhere."""
    text = text.strip()
    if not text:
        return []
    if _size(text) <= limit:
        return [text]
    return [c.strip("\n") for c in _pack(text, limit, 0) if c.strip()]


def _pack(text: str, limit: int, level: int) -> list[str]:
    if level == len(_SEPARATORS):
        return _hard_cut(text, limit)
    separator = _SEPARATORS[level]
    chunks: list[str] = []
    current = ""
    for part in text.split(separator):
        if _size(part) > limit:
            if current:
                chunks.append(current)
                current = ""
            chunks.extend(_pack(part, limit, level + 1))
            continue
        joined = f"{current}{separator}{part}" if current else part
        if _size(joined) <= limit:
            current = joined
        else:
            chunks.append(current)
            current = part
    if current:
        chunks.append(current)
    return chunks


def _hard_cut(text: str, limit: int) -> list[str]:
    chunks, current, size = [], "", 0
    for char in text:
        width = _size(char)
        if size + width > limit:
            chunks.append(current)
            current, size = "", 0
        current += char
        size += width
    return [*chunks, current] if current else chunks


def _split_heading(kind: Kind, text: str) -> tuple[str | None, str]:
    if kind not in _HEADED:
        return None, text
    first, _, rest = text.partition("\n")
    heading = _EMPHASIS.sub(r"\2", first).strip()
    if not heading or _size(heading) > HEADER_LIMIT:
        return None, text
    return heading, rest.strip()


def _actions(say: Say, interview_id: int) -> list[Block]:
    counts: dict[str, int] = {}
    for button in say.buttons:
        counts[button.action] = counts.get(button.action, 0) + 1
    seen: dict[str, int] = {}
    elements = []
    for button in say.buttons:
        seen[button.action] = seen.get(button.action, 0) + 1
        number = seen[button.action] if counts[button.action] > 1 else None
        elements.append(_button(button, action_id(button.action, number), interview_id))
    return [
        {
            "type": "actions",
            "block_id": f"drill_{interview_id}_{say.key}_{n}"[:255],
            "elements": elements[start : start + ACTIONS_PER_BLOCK],
        }
        for n, start in enumerate(range(0, len(elements), ACTIONS_PER_BLOCK))
    ]


def _button(button: Button, action: str, interview_id: int) -> Block:
    value = button_value(interview_id, button.value)
    if len(value) > BUTTON_VALUE_LIMIT:
        raise ValueError(f"button value for {button.action!r} exceeds {BUTTON_VALUE_LIMIT} chars")
    element: Block = {
        "type": "button",
        "text": _plain(button.label, LABEL_LIMIT),
        "action_id": action,
        "value": value,
    }
    if button.action == "next":
        element["style"] = "primary"
    if button.action == "end":
        # Ending early cannot be undone and a stray click in a busy thread is easy.
        element["confirm"] = {
            "title": _plain("End the interview?"),
            "text": _plain("You'll get the retrospective right away.", 300),
            "confirm": _plain("End it"),
            "deny": _plain("Keep going"),
            "style": "danger",
        }
    return element


def _message(parts: list[str], blocks: list[Block]) -> SlackMessage:
    return {"text": _truncate("\n\n".join(parts), FALLBACK_LIMIT), "blocks": blocks}


# -- the start modal and the Home tab --------------------------------------------------------


def start_modal(
    channel_id: str, questions: list[tuple[str, str]], formats: list[tuple[str, str]]
) -> Block:
    """The ``views.open`` view to start an interview in ``channel_id``.

    ``questions`` and ``formats`` are ``(id, label)`` pairs; the first format is preselected.
    A select holds 100 options at most: further questions can still be typed as a topic.
    """
    blocks: list[Block] = [
        _section("Pick a question or type a topic. Leave both empty for a random question.")
    ]
    if questions:
        select = _select(QUESTION_ACTION, "Pick a question", questions[:OPTIONS_LIMIT])
        blocks.append(_input(QUESTION_BLOCK, "Question", select, optional=True))
    topic = {
        "type": "plain_text_input",
        "action_id": TOPIC_ACTION,
        "max_length": 150,
        "placeholder": _plain("e.g. url shortener"),
    }
    blocks.append(_input(TOPIC_BLOCK, "…or a topic", topic, optional=True))
    if formats:
        select = _select(FORMAT_ACTION, "Pick a format", formats[:OPTIONS_LIMIT])
        select["initial_option"] = select["options"][0]
        blocks.append(_input(FORMAT_BLOCK, "Format", select, optional=False))
    return {
        "type": "modal",
        "callback_id": START_CALLBACK_ID,
        "private_metadata": channel_id,
        "title": _plain("Start a drill"),
        "submit": _plain("Start"),
        "close": _plain("Cancel"),
        "blocks": blocks,
    }


UPCOMING_LIMIT = 10


def home_view(
    running: list[tuple[str, str]],
    history: list[tuple[str, str]],
    upcoming: list[tuple[str, str]] | None = None,
    leaderboard: str | None = None,
) -> Block:
    """The App Home tab (``views.publish``): ``(label, detail)`` pairs for the interviews
    running now and the user's past ones, most recent first, then the team's upcoming
    scheduled drills (when given; at most :data:`UPCOMING_LIMIT`). Stays within 100 blocks."""
    drills = list(upcoming or [])
    shown_drills = drills[:UPCOMING_LIMIT]
    fixed = 2 + 2 * 2 + 2  # title and intro, a divider and header per list, two "more" lines
    if upcoming is not None:  # a divider, a header, the drills or an empty line, "more"
        fixed += 3 + max(len(shown_drills), 1)
    if leaderboard is not None:  # a divider and one section
        fixed += 2
    room = VIEW_BLOCK_LIMIT - fixed
    take_running = min(len(running), max(room - len(history), room // 2))
    take_history = min(len(history), room - take_running)
    blocks: list[Block] = [
        _header("DesignDrill"),
        _section(
            "Mock system-design interviews in Slack threads. Type `/drill start` in a channel "
            "or in a DM with me; `/drill help` lists everything."
        ),
    ]
    lists = (
        ("Running now", running, take_running, "Nothing running. `/drill start` begins one."),
        ("Your past interviews", history, take_history, "No interviews yet."),
    )
    for title, items, take, empty in lists:
        blocks += [{"type": "divider"}, _header(title)]
        blocks += [_item(label, detail) for label, detail in items[:take]] or [_context(empty)]
        if len(items) > take:
            blocks.append(_context(f"…and {len(items) - take} more."))
    if upcoming is not None:
        blocks += [{"type": "divider"}, _header("Upcoming drills")]
        hint = _context("No drills scheduled. `/drill schedule add weekly mon 09:00` sets one up.")
        blocks += [_item(label, detail) for label, detail in shown_drills] or [hint]
        if len(drills) > len(shown_drills):
            blocks.append(_context(f"…and {len(drills) - len(shown_drills)} more."))
    if leaderboard is not None:
        blocks += [{"type": "divider"}, _section(split_text(leaderboard)[0])]
    return {"type": "home", "blocks": blocks}


FORGET_ACTION = "designdrill_forget_me"
FORGET_TEXT = (
    "This deletes your answers (with their edit history), your scores and your participation "
    "in this workspace, and takes you off every leaderboard. It cannot be undone."
)


def forget_blocks() -> list[Block]:
    """`/drill forget-me`: what it deletes, and the one button that confirms it."""
    button = {
        "type": "button",
        "action_id": FORGET_ACTION,
        "style": "danger",
        "text": _plain("Delete my data"),
        "value": "confirm",
    }
    return [_section(FORGET_TEXT), {"type": "actions", "elements": [button]}]


def usage_text() -> str:
    """The text for ``/drill help`` (and the tail of usage errors, if the caller wants)."""
    lines = ["*DesignDrill* runs a mock system-design interview in a thread."]
    for command in COMMANDS:
        usage = f"/drill {command.name} {command.args}".strip()
        lines.append(f"• `{usage}`: {command.summary}")
    lines.append("Answer in the interview's thread; edits and deletions are followed.")
    return "\n".join(lines)


# -- block helpers ---------------------------------------------------------------------------


def _item(label: str, detail: str) -> Block:
    text = f"*{_defuse(label)}*\n{_defuse(detail)}" if detail else f"*{_defuse(label)}*"
    return _section(_truncate(text, SECTION_LIMIT))


def _select(action: str, placeholder: str, options: list[tuple[str, str]]) -> Block:
    for value, _ in options:
        if len(value) > OPTION_VALUE_LIMIT:
            raise ValueError(f"option value {value[:40]!r}... exceeds {OPTION_VALUE_LIMIT} chars")
    return {
        "type": "static_select",
        "action_id": action,
        "placeholder": _plain(placeholder),
        "options": [
            {"text": _plain(label, LABEL_LIMIT), "value": value} for value, label in options
        ],
    }


def _input(block_id: str, label: str, element: Block, *, optional: bool) -> Block:
    return {
        "type": "input",
        "block_id": block_id,
        "label": _plain(label),
        "element": element,
        "optional": optional,
    }


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text, "verbatim": True}}


def _header(text: str) -> Block:
    return {"type": "header", "text": _plain(text, HEADER_LIMIT)}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def _plain(text: str, limit: int = LABEL_LIMIT) -> Block:
    return {"type": "plain_text", "text": _truncate(text, limit), "emoji": True}


def _defuse(text: str) -> str:
    return _BROADCAST.sub(_defused, text)


def _defused(match: re.Match[str]) -> str:
    name, label = match[1], match[2]
    if name.startswith("subteam"):
        return label or "@group"
    return f"@{name}"


def _truncate(text: str, limit: int) -> str:
    if _size(text) <= limit:
        return text
    pieces = split_text(text, limit - 1)
    return (pieces[0].rstrip() if pieces else "") + "…"


def _size(text: str) -> int:
    """Length in UTF-16 code units, the safe reading of Slack's "characters"."""
    return len(text.encode("utf-16-le")) // 2
