"""A deep-dive topic the candidate suggests ("Pick one, or suggest your own").

It is a topic like the question's own, made of the person's words, with the generic
follow-ups (no categories) and no problem statement of its own. Its id carries its title
(``own:surge pricing``), so the state, a plain JSON value, needs nothing new to remember it.
"""

from __future__ import annotations

import re

from bot.content.model import DeepDiveTopic, Question
from bot.engine.playbook import Playbook
from bot.engine.state import InterviewState, Status

OWN = "own:"
LONGEST = 80
"""Characters of a suggested title kept: a topic is a few words, not an answer."""

PROBLEM = "Why does it matter for this design, and where does it get hard?"

_SUGGESTION = re.compile(
    r"^\s*(?:(?:my |own |deep[- ]dive )?topic|i(?:'d| would)? suggest|suggestion"
    r"|let'?s (?:dig into|go deep on|deep[- ]dive into)|i'?d like to (?:dig into|go deep on))"
    r"\s*[:\-–]?\s+(?P<words>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)


def own_topic(words: str) -> DeepDiveTopic:
    title = " ".join(words.split())[:LONGEST].strip(" .!?")
    return DeepDiveTopic(
        id=OWN + title, title=title, problem=PROBLEM, options=(), edge_cases=(), categories=()
    )


def topic_of(question: Question, topic_id: str) -> DeepDiveTopic:
    """The topic a state's ``topic_id`` names: one of the question's, or a suggested one.
    Raises KeyError for an id the question does not have."""
    if topic_id.startswith(OWN):
        return own_topic(topic_id.removeprefix(OWN))
    return question.topic(topic_id)


def suggested(text: str) -> str | None:
    """The topic named by a reply such as "topic: surge pricing" or "let's dig into the
    ledger"; None when the reply is not a suggestion."""
    found = _SUGGESTION.match(text.strip())
    if found is None:
        return None
    words = " ".join(found["words"].split()).strip(" .!?\"'`")
    return words or None


def topic_suggestion(state: InterviewState, *, playbook: Playbook, text: str) -> str | None:
    """The topic a reply suggests while the deep dives wait for their first topic (then a
    reply is the offer's answer); None at any other time or for any other reply."""
    deep = playbook.index_of("deep_dives")
    if state.status is Status.FINISHED or state.topic_id or state.phase_index != deep:
        return None
    return suggested(text)
