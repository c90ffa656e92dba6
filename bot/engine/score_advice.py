"""Three concrete next steps, tied to what the person missed.

Order of preference: what to do instead of the first red flag, writing sentences instead of
keyword lists (when lists cost points), the most costly mistake seen, the question's missing
ideas (heaviest first), then the missing method items worth the most points, the deep-dive
checklist, and generic practice advice if nothing is missing. Steps use the rubric's
own wording (the first sentence of a mistake's advice, an item's ``tip``), so teams can
change them in YAML.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.content.model import RubricItem
from bot.engine.grade_design import RedFlagSeen
from bot.engine.score_types import MistakeSeen, PhaseReport, TopicChecklist

STEPS = 3
# Which mistakes to turn into steps first: a skipped phase costs the most points.
PRIORITY = (
    "phase_skipped", "scaling_too_early", "no_numbers", "no_failure_handling",
    "single_solution", "phase_over_budget",
)  # fmt: skip
# Items (of the built-in rubric) that repeat a mistake's advice; skipped once that mistake
# is a step. Unknown ids in a team's rubric only mean a little repetition.
_SAME_AS_MISTAKE = {
    "no_numbers": {"scale_estimates", "data_growth", "scale_10x"},
    "no_failure_handling": {"failures"},
    "single_solution": {"options", "alternatives", "trade_offs"},
}
WRITE_SENTENCES = (
    "Write each point as a sentence with its reason, e.g. “we cache redirects because reads "
    "are 100x writes”: a list of terms earns no credit."
)
FALLBACK = (
    "Try a harder question, or the lightning format to practise the same method in half the time.",
    "Practise the end-to-end walk-through aloud: each API through the design in two minutes.",
    "Run a drill with a teammate and compare your retrospectives item by item.",
)


def next_steps(
    *,
    phases: Sequence[PhaseReport],
    mistakes: Sequence[MistakeSeen],
    checklist: Sequence[TopicChecklist],
    red_flags: Sequence[RedFlagSeen] = (),
) -> tuple[str, ...]:
    """Exactly three distinct steps, most useful first: a wrong move to fix comes before
    anything missing, and the question's own ideas before general method."""
    steps: list[str] = [f.flag.instead for f in red_flags[:1]]
    skip: set[str] = set()
    if any(p.score and p.score.listy and p.score.shown < p.score.items for p in phases):
        steps.append(WRITE_SENTENCES)
    ranked = sorted(mistakes, key=lambda m: PRIORITY.index(m.id) if m.id in PRIORITY else 99)
    for mistake in ranked[:1]:
        steps.append(_first_sentence(mistake.advice))
        skip |= _SAME_AS_MISTAKE.get(mistake.id, set())
    steps.extend(_idea_gaps(phases)[: max(0, STEPS - len(steps))])
    for item, phase in _missing_by_value(phases):
        if len(steps) >= STEPS:
            break
        if item.id not in skip:
            steps.append(_tip(item, phase.title))
            skip.add(item.id)
    for group in checklist:
        for item in group.missing:
            if len(steps) < STEPS and item.id not in skip:
                steps.append(_tip(item, "the deep dives"))
                skip.add(item.id)
    steps.extend(FALLBACK[: max(0, STEPS - len(steps))])
    return tuple(dict.fromkeys(steps))[:STEPS]


def _idea_gaps(phases: Sequence[PhaseReport]) -> list[str]:
    """Advice on the question's ideas left out, or only named without the decision that makes
    them work, by the weight each left unearned (phase order among equals)."""
    gaps: list[tuple[float, str]] = [
        (e.weight, e.tip or f"Bring in this idea next time: {_lower_first(e.label)}.")
        for p in phases
        for e in p.ideas_missing
    ]
    gaps += [
        (s.element.weight - s.credit, f"Go past naming it: {_lower_first(s.element.hard.label)}.")
        for p in phases
        for s in p.ideas
        if not s.hard and s.element.hard is not None
    ]
    return [advice for _, advice in sorted(gaps, key=lambda gap: -gap[0])]


def _missing_by_value(phases: Sequence[PhaseReport]) -> list[tuple[RubricItem, PhaseReport]]:
    """The most valuable missing item of each phase, most valuable phase first."""
    best = []
    for phase in phases:
        if phase.missing and phase.score and phase.score.items:
            value = phase.score.weight / phase.score.items
            best.append((value, phase.missing[0], phase))
    best.sort(key=lambda entry: -entry[0])
    return [(item, phase) for _, item, phase in best]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _tip(item: RubricItem, where: str) -> str:
    return item.tip or f"In {where}, cover this: {item.label.lower()}."


def _first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + "." if dot else text
