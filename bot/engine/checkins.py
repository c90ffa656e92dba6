"""Check-ins: spotting a participant asking "does this make sense?" in what they write.

Detection is content (``prompts/conversation.yaml``); the interviewer's answer is in
:mod:`bot.engine.checkin_replies`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.content.conversation import Checkin, Conversation
from bot.content.patterns import compile_pattern
from bot.engine.words import normalize

SHORT = 12
"""Up to this many words, a message that opens like a question asks one without its "?"."""
QUESTION_WORDS = frozenset(
    {"am", "are", "can", "could", "did", "do", "does", "is", "may", "shall", "should"}
    | {"what", "where", "which", "would", "ok", "okay", "any"}
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def checkin_in(text: str, conversation: Conversation) -> Checkin | None:
    """The check-in ``text`` makes, if any: a sentence that asks (ends with "?", or the
    message is short) and matches one of the check-in patterns. "In more detail, the API
    is..." asks nothing, so it is an answer only."""
    found = _find(text, conversation)
    return None if found is None else found[0]


def checkin_sentence(text: str, conversation: Conversation) -> str | None:
    """The sentence of ``text`` that checks in, for quoting in the retrospective."""
    found = _find(text, conversation)
    return None if found is None else found[1]


def _find(text: str, conversation: Conversation) -> tuple[Checkin, str] | None:
    short = len(text.split()) <= SHORT
    if not short and "?" not in text:
        return None  # no sentence asks: the usual answer, settled before splitting it
    for sentence in _SENTENCE.split(text.strip()):
        first = normalize(sentence).split()[:1]
        opens_a_question = short and bool(first) and first[0] in QUESTION_WORDS
        if not (opens_a_question or sentence.rstrip().endswith("?")):
            continue
        plain = normalize(sentence)
        for checkin in conversation.checkins:
            if any(_holds(plain, group) for group in checkin.match):
                return checkin, sentence.strip()
    return None


def _holds(plain: str, group: Sequence[str]) -> bool:
    return all(compile_pattern(pattern).search(plain) for pattern in group)
