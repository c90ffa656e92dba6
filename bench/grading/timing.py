"""How long grading takes: a 43-minute interview with five participants (issue 12: < 100 ms).

The five are the longest transcripts of one question, answering side by side in one
interview, so the grader reads five full designs. Only :func:`build_retrospective` is timed
(what the bot runs when an interview ends), in CPU time of the grading thread (a busy machine
slows the wall clock, not the work), as the median of several runs after a warm-up.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence

from bench.grading.corpus import Transcript, replay
from bot.content.model import Content
from bot.engine.retrospective import AnswerView, build_retrospective

PEOPLE = 5
RUNS = 7
TARGET_MS = 100.0


def five_people(transcripts: Sequence[Transcript], content: Content) -> float:
    """Median milliseconds to grade one interview of :data:`PEOPLE` participants."""
    by_question: dict[str, list[Transcript]] = {}
    for t in transcripts:
        by_question.setdefault(t.question, []).append(t)
    question = max(by_question, key=lambda q: (len(by_question[q]), q))
    chosen = sorted(by_question[question], key=_words, reverse=True)[:PEOPLE]
    played = [replay(t, content) for t in chosen]
    state, playbook = played[0].state, played[0].playbook
    answers = [
        AnswerView(f"U{n}", a.phase_id, a.text, a.at)
        for n, p in enumerate(played)
        for a in p.answers
    ]
    build_retrospective(state, playbook=playbook, answers=answers)  # warm the caches
    times = []
    for _ in range(RUNS):
        started = time.thread_time()
        build_retrospective(state, playbook=playbook, answers=answers)
        times.append((time.thread_time() - started) * 1000)
    return statistics.median(times)


def _words(t: Transcript) -> int:
    return sum(len(m.split()) for _, messages in t.answers for m in messages)
