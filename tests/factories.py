"""Valid content built in code, so engine tests don't depend on the wording in prompts/."""

from __future__ import annotations

from datetime import timedelta

from bot.content.conversation import Checkin, Conversation
from bot.content.conversation_schema import SITUATIONS
from bot.content.lines import Lines
from bot.content.model import (
    Content,
    DeepDiveTopic,
    Format,
    Mistake,
    Nudge,
    Phase,
    Question,
    Rubric,
    RubricItem,
)

PHASE_IDS = (
    "functional",
    "non_functional",
    "api",
    "high_level",
    "schema",
    "end_to_end",
    "deep_dives",
)
STANDARD_MINUTES = (2, 4, 4, 6, 6, 3, 18)
CATEGORIES = (
    "component_integration",
    "data_management",
    "scalability",
    "security",
    "performance",
    "reliability",
)


def make_format(
    fmt_id: str = "standard",
    *,
    unit: timedelta = timedelta(minutes=1),
    budgets: tuple[int, ...] = STANDARD_MINUTES,
    auto_advance: bool = True,
    silence_after: timedelta | None = None,
) -> Format:
    phases = tuple(
        Phase(
            id=pid,
            title=pid.replace("_", " ").title(),
            budget=unit * budget,
            covers=(f"what {pid} covers",),
            nudges=(Nudge(at_fraction=0.5), Nudge(before_end=unit / 2)),
            auto_advance=auto_advance,
        )
        for pid, budget in zip(PHASE_IDS, budgets, strict=True)
    )
    return Format(
        id=fmt_id,
        title=fmt_id.title(),
        description="test format",
        phases=phases,
        silence_after=silence_after or unit * 3,
        overrun_after=unit * 2,
        default_extension=unit * 3,
    )


def make_question(qid: str = "url-shortener") -> Question:
    topics = tuple(
        DeepDiveTopic(
            id=f"topic-{n}",
            title=f"Topic {n}",
            problem=f"problem {n}",
            options=("option a", "option b"),
            edge_cases=("edge",),
            categories=(CATEGORIES[n],),
        )
        for n in (1, 2, 3)
    )
    return Question(
        id=qid,
        title="URL shortener",
        prompt="Design a URL shortener.",
        difficulty="easy",
        tags=("storage",),
        scale_hints=("100M new links a month",),
        deep_dives=topics,
    )


def _v(tag: str, *placeholders: str) -> tuple[str, ...]:
    fields = " ".join("{" + p + "}" for p in placeholders)
    return (f"[{tag} A] {fields}".strip(), f"[{tag} B] {fields}".strip())


def make_lines() -> Lines:
    return Lines(
        question_intro=_v("question", "title", "prompt"),
        phase_intro={p: _v(f"intro {p}", "title", "minutes", "covers") for p in PHASE_IDS},
        nudge_half=_v("half", "title", "remaining"),
        nudge_closing=_v("closing", "title", "remaining"),
        time_up=_v("time up", "title", "next_title"),
        time_up_waiting=_v("time up waiting", "title", "next_title"),
        time_up_last=_v("time up last", "title"),
        deep_dive_offer=_v("offer", "topics"),
        topic_chosen=_v("topic", "topic", "problem"),
        pivot_silence=_v("silence", "user", "title"),
        pivot_overrun=_v("overrun", "title", "over"),
        pivot_scaling_early=_v("scaling early", "user"),
        pivot_stuck=_v("stuck", "topic"),
        time_management=_v("time management", "remaining"),
        followups={c: _v(f"followup {c}") for c in CATEGORIES},
        paused=_v("paused"),
        resumed=_v("resumed", "title", "remaining"),
        extended=_v("extended", "title", "minutes", "remaining"),
        finished=_v("finished"),
        caught_up=_v("caught up", "title"),
    )


TOUCHES = {
    "component_integration": ("gateway",),
    "data_management": ("databas*",),
    "scalability": ("scal*",),
    "security": ("auth*",),
    "performance": ("cach*",),
    "reliability": ("failover",),
}


def make_conversation() -> Conversation:
    return Conversation(
        checkins=(
            Checkin("sense", (("does this make sense",),), ("[opener sense]",)),
            Checkin("depth", (("go deeper",), ("should i", "move on")), ("[opener depth]",)),
        ),
        uncovered=_v("uncovered", "user", "missing", "title", "remaining", "overall"),
        covered=_v("covered", "user", "title", "remaining", "overall"),
        untouched=_v("untouched", "user", "category", "followup", "remaining"),
        over_time=_v("over time", "user", "title", "over"),
        touches=TOUCHES,
        paused_reply=_v("paused reply", "user"),
        recovery={s: f"[recovery {s}]" for s in SITUATIONS},
    )


def make_rubric() -> Rubric:
    items = {
        "functional": (RubricItem("users", "who the users are", ("users", "riders")),),
        "non_functional": (
            RubricItem("scale", "scale estimates", ("qps", "requests per second")),
            RubricItem("latency", "latency target", ("latency", "ms")),
        ),
    }
    return Rubric(
        phases={
            p: items.get(p, (RubricItem(f"{p}-x", f"{p} item", (p.replace("_", " "),)),))
            for p in PHASE_IDS
        },
        deep_dive_checklist=(RubricItem("options", "options weighed", ("option", "alternative")),),
        mistakes=(
            Mistake("scaling_too_early", "Scaling too early", "Get a working design first."),
        ),
        scaling_terms=("shard", "sharding", "replica", "consistent hashing"),
        weights={p: w for p, w in zip(PHASE_IDS, (10, 15, 15, 15, 15, 10, 20), strict=True)},
    )


def make_content(**format_kwargs: object) -> Content:
    fmt = make_format(**format_kwargs)  # type: ignore[arg-type]
    question = make_question()
    return Content(
        formats={fmt.id: fmt},
        questions={question.id: question},
        lines=make_lines(),
        rubric=make_rubric(),
        conversation=make_conversation(),
    )
