"""The question's deep-dive topics in the interview: finding the one people pick, offering
the list, and asking a follow-up question of a topic's categories."""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime

from bot.content.model import DeepDiveTopic
from bot.engine.effects import Button, Kind
from bot.engine.out import Out
from bot.engine.own_topic import own_topic
from bot.engine.playbook import Playbook, TopicNotFound
from bot.numbers import NumberError, whole_number


def find_topic(playbook: Playbook, topic: str) -> DeepDiveTopic:
    """The question's topic by number, id or title; other words are the person's own topic.
    Raises TopicNotFound for nothing, or a number that is not on the list."""
    topics = playbook.question.deep_dives
    words = " ".join(topic.split())
    with suppress(NumberError):
        return topics[whole_number(words, low=1, high=len(topics), what="a topic number") - 1]
    for t in topics:
        if t.id == words or t.title.lower() == words.lower():
            return t
    if not words or words.isdigit():
        raise TopicNotFound(topic)
    return own_topic(words)


def offer_topics(out: Out) -> None:
    topics = out.playbook.question.deep_dives
    listing = "\n".join(f"{i}. *{t.title}*: {t.problem}" for i, t in enumerate(topics, 1))
    text = out.line(out.playbook.lines.deep_dive_offer, "offer", topics=listing)
    buttons = tuple(Button("topic", t.title, t.id) for t in topics)
    out.say(Kind.DEEP_DIVE_OFFER, text, buttons)


def followup(out: Out, categories: tuple[str, ...], key: str, now: datetime) -> None:
    """Ask a follow-up question of the topic's categories; it waits for the next question."""
    followups = out.playbook.lines.followups
    usable = [c for c in categories if c in followups] or sorted(followups)
    category = usable[out.state.seq % len(usable)]
    out.say(Kind.FOLLOWUP, out.line(followups[category], f"{key}:{category}"))
    out.state = out.state.evolve(asked_at=now)
