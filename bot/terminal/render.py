"""Every message the terminal prints, rendered for a terminal.

The engine and the retrospective write for Slack (mrkdwn, "reply in this thread", personal
views "sent privately", commands as Slack words). Here that becomes plain terminal text: bold
and italics become styles (dropped when the output is not a terminal), quotes an indented
bar, links their label and address, emoji codes a symbol or nothing, and a command is named
as it is typed here (`/resume`, not "`resume`").
"""

from __future__ import annotations

import html
import re

from rich.text import Text

_WORDING = (
    (re.compile(r"Personal scores and next steps are sent privately\."), "Your own view follows."),
    (re.compile(r"\b[Rr]eply in (?:this|the) thread\b"), "Answer"),
    (re.compile(r"\b(?:in|to) (?:this|the) thread\b"), "here"),
    (re.compile(r"\bsent (?:to you )?privately\b"), "shown below"),
    (re.compile(r"\bby DM\b"), "below"),
)
_LINK = re.compile(r"<(?P<target>[^<>|\s]+)(?:\|(?P<label>[^<>]+))?>")
_EMOJI = re.compile(r"(?<!\w):(?P<name>[a-z][a-z0-9_+\-]*):(?!\w)")
_SYMBOLS = {
    "white_check_mark": "✓",
    "heavy_check_mark": "✓",
    "x": "✗",
    "warning": "⚠",
    "hourglass": "⌛",
    "stopwatch": "⏱",
    "tada": "🎉",
}
_INLINE = re.compile(
    r"`(?P<code>[^`\n]+)`"
    r"|(?<![\w*_~])(?P<mark>[*_~])(?P<body>[^\s*_~](?:[^\n]*?[^\s])?)(?P=mark)(?![\w*_~])"
)
_STYLES = {"*": "bold", "_": "italic", "~": "strike"}
_COMMAND = re.compile(
    r"^(?:/drill )?/?(?P<word>next|extend|pause|resume|end|topic|help)\b(?P<rest>.*)$"
)


def render(text: str) -> Text:
    """``text`` (Slack mrkdwn) as styled terminal text."""
    out = Text()
    for number, line in enumerate(_reword(text).split("\n")):
        if number:
            out.append("\n")
        if line.startswith(">"):
            out.append("│ ", style="dim")
            _inline(out, line[1:].lstrip(), "italic")
        else:
            _inline(out, line, "")
    return out


def plain(text: str) -> str:
    """``text`` as :func:`render` prints it, without styles."""
    return render(text).plain


def command(code: str) -> str:
    """A command word as it is typed here: "next" and "/drill next" are "/next"."""
    found = _COMMAND.match(code.strip())
    return f"/{found['word']}{found['rest']}" if found else code


def _reword(text: str) -> str:
    text = html.unescape(_LINK.sub(_link, text))
    text = _EMOJI.sub(lambda m: _SYMBOLS.get(m["name"], ""), text)
    for pattern, words in _WORDING:
        text = pattern.sub(words, text)
    return text


def _link(found: re.Match[str]) -> str:
    target, label = found["target"], found["label"]
    if target[:1] in ("@", "#", "!"):
        return ("#" if target[0] == "#" else "@") + (label or target[1:])
    return f"{label} ({target})" if label and label != target else target


def _inline(out: Text, line: str, style: str) -> None:
    at = 0
    for found in _INLINE.finditer(line):
        out.append(line[at : found.start()], style=style)
        if found["code"] is not None:
            out.append(command(found["code"]), style=f"{style} bold".strip())
        else:
            _inline(out, found["body"], f"{style} {_STYLES[found['mark']]}".strip())
        at = found.end()
    out.append(line[at:], style=style)
