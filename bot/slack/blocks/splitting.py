"""Text cut to fit Slack's limits: split between paragraphs where possible, else between
lines, else between words, else anywhere; or truncated with an ellipsis."""

from __future__ import annotations

from bot.slack.blocks.limits import SECTION_LIMIT, size

_SEPARATORS = ("\n\n", "\n", " ")


def split_text(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Split ``text`` into pieces of at most ``limit`` (UTF-16 units), cutting between
    paragraphs where possible, else between lines, else between words, else anywhere."""
    text = text.strip()
    if not text:
        return []
    if size(text) <= limit:
        return [text]
    return [c.strip("\n") for c in _pack(text, limit, 0) if c.strip()]


def _pack(text: str, limit: int, level: int) -> list[str]:
    if level == len(_SEPARATORS):
        return _hard_cut(text, limit)
    separator = _SEPARATORS[level]
    chunks: list[str] = []
    current = ""
    for part in text.split(separator):
        if size(part) > limit:
            if current:
                chunks.append(current)
                current = ""
            chunks.extend(_pack(part, limit, level + 1))
            continue
        joined = f"{current}{separator}{part}" if current else part
        if size(joined) <= limit:
            current = joined
        else:
            chunks.append(current)
            current = part
    if current:
        chunks.append(current)
    return chunks


def _hard_cut(text: str, limit: int) -> list[str]:
    chunks, current, used = [], "", 0
    for char in text:
        width = size(char)
        if used + width > limit:
            chunks.append(current)
            current, used = "", 0
        current += char
        used += width
    return [*chunks, current] if current else chunks


def truncate(text: str, limit: int) -> str:
    if size(text) <= limit:
        return text
    pieces = split_text(text, limit - 1)
    return (pieces[0].rstrip() if pieces else "") + "…"
