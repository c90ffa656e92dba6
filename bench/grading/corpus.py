"""Hand-scored transcripts, played through the real engine and graded.

A transcript (``bench/grading_corpus/<set>/<question>--<kind>.yaml``) holds one candidate's
messages per phase and the score an experienced interviewer gave it *before* the grader ever
read it, with the band another interviewer might accept. ``tune`` is what the rubrics were
adjusted on; ``holdout`` is never tuned on and is the honest measure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

from bot.content.model import Content
from bot.engine import interview
from bot.engine.playbook import Playbook
from bot.engine.retrospective import (
    AnswerView,
    ParticipantReport,
    Retrospective,
    build_retrospective,
)
from bot.engine.state import InterviewState
from bot.engine.timing import next_event_at

CORPUS = Path(__file__).resolve().parents[1] / "grading_corpus"
SETS = (
    "tune",
    "holdout",
    "holdout3",
    "holdout4",
    "holdout5",
    "holdout6",
    "holdout7",
    "holdout8",
    "holdout9",
    "holdout10",
    "holdout11",
    "holdout12",
    "holdout13",
    "holdout14",
    "holdout15",
    "holdout16",
    "holdout17",
    "holdout18",
    "holdout19",
    "holdout20",
    "holdout21",
    "holdout22",
    "holdout23",
    "holdout24",
    "holdout25",
    "holdout26",
    "holdout27",
    "holdout28",
    "holdout29",
    "holdout30",
    "holdout31",
    "holdout32",
    "holdout33",
    "holdout34",
    "holdout35",
    "holdout36",
    "holdout37",
    "holdout38",
    "holdout39",
    "holdout40",
    "holdout41",
    "holdout42",
    "holdout43",
    "holdout44",
)
"""``tune``: what the rubrics were adjusted on. The holdouts were written and scored blind;
bench/README.md says what each measured on its first run and which were tuned on after."""
T0 = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
USER = "U1"


@dataclass(frozen=True)
class Transcript:
    name: str
    set: str
    question: str
    kind: str
    expert: int
    band: tuple[int, int]
    topics: tuple[str, ...]
    answers: tuple[tuple[str, tuple[str, ...]], ...]
    """(phase id, messages) in phase order."""


def load(set_name: str, directory: Path = CORPUS) -> list[Transcript]:
    out = []
    for path in sorted((directory / set_name).glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        low, high = raw["expert"]["band"]
        out.append(
            Transcript(
                name=path.stem,
                set=set_name,
                question=raw["question"],
                kind=raw["kind"],
                expert=int(raw["expert"]["score"]),
                band=(int(low), int(high)),
                topics=tuple(raw.get("topics") or ()),
                answers=tuple(
                    (phase, tuple(str(m) for m in messages or ()))
                    for phase, messages in raw["answers"].items()
                ),
            )
        )
    return out


@dataclass(frozen=True)
class Played:
    """A finished interview and its stored answers, ready to be graded."""

    state: InterviewState
    playbook: Playbook
    answers: tuple[AnswerView, ...]


def play(transcript: Transcript, content: Content, *, fmt: str = "standard") -> Retrospective:
    """The retrospective of the transcript's interview (see :func:`replay`)."""
    played = replay(transcript, content, fmt=fmt)
    return build_retrospective(played.state, playbook=played.playbook, answers=played.answers)


def replay(transcript: Transcript, content: Content, *, fmt: str = "standard") -> Played:
    """Run the interview on the engine: each phase's messages spread over its budget, the
    topics chosen as the deep dives open, every phase ending on time."""
    playbook = Playbook.from_content(content, question_id=transcript.question, format_id=fmt)
    state = interview.start(playbook=playbook, host=USER, seed=1, now=T0).state
    views: list[AnswerView] = []
    by_phase = dict(transcript.answers)
    for index, phase in enumerate(playbook.fmt.phases):
        opened = state.phase_started_at
        messages = by_phase.get(phase.id, ())
        if phase.id == "deep_dives":
            for n, topic in enumerate(transcript.topics):
                at = (
                    opened
                    + phase.budget * n / max(1, len(transcript.topics))
                    + timedelta(seconds=1)
                )
                state = interview.choose_topic(state, playbook=playbook, topic=topic, now=at).state
        for n, text in enumerate(messages, 1):
            at = opened + phase.budget * n / (len(messages) + 1)
            state = interview.record_answer(
                state, playbook=playbook, author=USER, text=text, at=at
            ).state
            views.append(AnswerView(USER, phase.id, text, at))
        while state.phase_index == index and (due := next_event_at(state, playbook)) is not None:
            state = interview.tick(state, playbook=playbook, now=due).state
            if state.finished_at is not None:
                break
    return Played(state, playbook, tuple(views))


def grade(transcript: Transcript, content: Content) -> ParticipantReport:
    (report,) = play(transcript, content).participants
    return report


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman's rank correlation, ties given their average rank."""
    if len(xs) < 2:
        return float("nan")
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    return cov / (vx * vy) ** 0.5 if vx and vy else float("nan")


def _ranks(values: Sequence[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks
