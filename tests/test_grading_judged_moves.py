"""Built-in red flags hear a wrong move proposed, not one judged, kept as a fallback or negated.

A strong candidate names the wrong move to turn it down ("is pointless", "rules out",
"= double charge"), keeps it only for when the shared store is down, or says it does not
happen ("nothing is dropped"). The same move stated as the design still costs.
"""

from __future__ import annotations

import pytest

from bot.content.loader import builtin_prompts_dir, load_content
from bot.engine.grade_design import DesignGrade, grade_design
from bot.engine.playbook import domains_of
from bot.engine.reading import read

CONTENT = load_content(builtin_prompts_dir())
CONTEXT = {
    "chat-delivery": "Chat messages go over a websocket to the chat server, which stores each "
    "message in the conversation's log before fan out to members.",
    "rate-limiter": "Each API key's rate limit counter lives in Redis, and each gateway counts "
    "requests against it.",
    "ad-click-aggregation": "Clicks are counted per ad per minute by a stream job reading the "
    "click events from Kafka.",
    "distributed-message-queue": "Producers send messages to the partition leader broker, which "
    "appends them to the partition log segment and replicates to followers.",
    "typeahead": "Suggestions come from a trie of popular queries held in memory by the "
    "suggestion service.",
    "news-feed": "Posts are stored in the post store and fan-out workers update the followers' "
    "home timelines.",
    "job-scheduler": "Due jobs are found through the next_run_at index and each run is published "
    "to a queue that workers consume.",
}


def graded(question_id: str, deep_dive: str, *, context: bool = True) -> DesignGrade:
    """The deep dive graded as the built-in grader does, after the question's context line."""
    question = CONTENT.questions[question_id]
    assert question.rubric is not None
    rubric = CONTENT.rubric
    said = [("high_level", CONTEXT[question_id])] if context else []
    claims = read(
        [*said, ("deep_dives", deep_dive)],
        abbreviations=rubric.abbreviations,
        plain_words=rubric.plain_words + question.rubric.plain_words,
    )
    return grade_design(
        claims,
        rubric=question.rubric,
        question_id=question_id,
        domains=domains_of(CONTENT),
        dismissals=rubric.dismissals,
        rejections=rubric.rejections,
        decisions=rubric.decisions,
    )


def flags(question_id: str, deep_dive: str) -> list[str]:
    return [f.flag.id for f in graded(question_id, deep_dive).red_flags]


@pytest.mark.parametrize(
    ("question_id", "flag", "proposed", "turned_down"),
    [
        (
            "chat-delivery",
            "global_sequence",
            "Every chat message gets its number from one global sequence counter shared by all "
            "conversations.",
            "One global sequence counter for every chat message is pointless at this scale.",
        ),
        (
            "rate-limiter",
            "local_only_counters",
            "Each gateway keeps its own in-memory counter per api key as the limit.",
            "If Redis is down, each gateway falls back to its own in-memory counter per api key "
            "as the limit.",
        ),
        (
            "ad-click-aggregation",
            "drop_late_events",
            "Late click events are dropped after the window closes.",
            "Nothing is dropped after the window closes; late click events update the minute.",
        ),
        (  # a reason given for the move does not turn it down ("so ... doesn't block")
            "job-scheduler",
            "ack_before_run",
            "The worker commits the offset immediately so a slow job doesn't block the partition, "
            "then runs the job.",
            "The worker doesn't commit the offset immediately; a crash mid-run must redeliver.",
        ),
        (  # ... unless the sentence turns against it first
            "rate-limiter",
            "local_only_counters",
            "Each gateway keeps its own in-memory counter per api key, so no network hop is "
            "needed on the request path.",
            "Each gateway could keep its own in-memory counter per api key, but since traffic "
            "spreads over 200 gateways that doesn't work.",
        ),
        (  # a sum sizes the move; it does not propose it
            "news-feed",
            "push_to_celebrity_followers",
            "Every new post is copied into every follower's timeline, even for accounts with 100M "
            "followers.",
            "If the average poster has 200 followers, copying every post into every follower's "
            "list means about 1.2M list inserts a second.",
        ),
        (  # "rather than" turns down what follows it in its clause, not the next clause
            "typeahead",
            "top_k_at_request_time",
            "Rather than precomputing top-K at every node (which bloats memory), I compute top-K "
            "at read time with a DFS.",
            "Each node stores its top-K, built offline, rather than compute top-K at read time.",
        ),
        (
            "distributed-message-queue",
            "fsync_each_message",
            "Every message is fsynced to disk before the broker acks the producer.",
            "A p99 under 100 ms rules out an fsync per message before the ack.",
        ),
        (  # judged: "bad for"
            "news-feed",
            "push_to_celebrity_followers",
            "Every new post is copied into every follower's timeline, even for accounts with 100M "
            "followers.",
            "Copying every new post into every follower's timeline is fast for reads but bad for "
            "accounts with 100M followers.",
        ),
        (  # what matters less is let go, not proposed
            "chat-delivery",
            "global_sequence",
            "Every chat message gets its number from one global sequence counter shared by all "
            "conversations.",
            "Being reachable matters more than one global sequence counter for every chat message.",
        ),
        (
            "chat-delivery",
            "global_sequence",
            "Every chat message gets its number from one global sequence counter shared by all "
            "conversations.",
            "One global sequence counter for every chat message is one point of failure.",
        ),
        (  # one option of several, labelled as such: weighed, the choice is said elsewhere
            "rate-limiter",
            "local_only_counters",
            "Each gateway keeps its own in-memory counter per api key as the limit.",
            "(a) each gateway keeps its own in-memory counter per api key as the limit.",
        ),
        (
            "rate-limiter",
            "local_only_counters",
            "Each gateway keeps its own in-memory counter per api key, which is fast.",
            "alt: each gateway keeps its own in-memory counter per api key, which is fast.",
        ),
    ],
)
def test_a_wrong_move_costs_when_proposed_not_when_turned_down(
    question_id: str, flag: str, proposed: str, turned_down: str
) -> None:
    assert flag in flags(question_id, proposed)
    assert flag not in flags(question_id, turned_down)


def test_a_wrong_move_said_as_the_choice_is_marked_decided() -> None:
    def decided(deep_dive: str) -> list[bool]:
        found = graded("rate-limiter", deep_dive).red_flags
        return [f.decided for f in found if f.flag.id == "local_only_counters"]

    assert decided("I'll go with each gateway keeping its own in-memory counter per api key.") == [
        True
    ]
    assert decided("Each gateway keeps its own in-memory counter per api key.") == [False]


def test_a_wrong_move_said_as_the_choice_takes_away_the_idea_it_contradicts() -> None:
    weighed = (
        "Pulling celebrity posts at read time and merging them is the other way, for accounts "
        "above a 1M follower threshold."
    )

    def ideas(choice: str) -> set[str]:
        grade = graded("news-feed", choice + " " + weighed, context=False)
        assert "push_to_celebrity_followers" in {f.flag.id for f in grade.red_flags}
        return {s.element.id for s in grade.shown}

    assert "hybrid_fanout" not in ideas("I'll go with fan-out on write for all users.")
    assert "hybrid_fanout" in ideas("Fan-out on write for all users.")  # maybe an option
