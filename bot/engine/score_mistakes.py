"""The common mistakes the seeds name, each found with its evidence (a quote or a fact)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.content.model import Rubric
from bot.engine.boilerplate import boilerplate
from bot.engine.evidence import Unit, has_scale_number, quote
from bot.engine.lines import human_duration
from bot.engine.score_coverage import all_units, find
from bot.engine.score_types import MistakeSeen, PhaseReport
from bot.engine.words import any_pattern, mentions_any, negated, normalize, spans

OVER_BUDGET = 1.5
"""A phase open longer than this many times its budget ran "well over"."""


def find_mistakes(
    *,
    rubric: Rubric,
    phases: Sequence[PhaseReport],
    texts: Mapping[str, Sequence[str]],
    subject: Sequence[str] = (),
) -> tuple[MistakeSeen, ...]:
    """Mistakes in the rubric's order; ``texts`` holds the person's answers by phase id.

    Only mistakes the rubric defines are reported. Content mistakes (numbers, failures,
    alternatives) need some answers to judge; someone who said nothing only skipped phases.
    ``subject``: the question's domain patterns, never boilerplate in its own interview.
    Boilerplate costs a share of its cost that grows with its density.
    """
    said = any(texts.values())
    deep = list(texts.get("deep_dives", ()))
    written = [t for p in phases for t in texts.get(p.phase_id, ())]
    everything = all_units(written)
    found: dict[str, tuple[str, ...]] = {}
    shares: dict[str, float] = {}
    if said:
        stock = boilerplate(written, terms=rubric.boilerplate_terms, subject=subject)
        shares["boilerplate"] = stock.share
        found["boilerplate"] = stock.evidence() if stock.share else ()
        found["scaling_too_early"] = _scaling_too_early(rubric, phases, texts)
        found["no_numbers"] = _no_numbers(everything)
        found["no_failure_handling"] = _no_failures(rubric, everything)
    if deep:
        found["single_solution"] = _single_solution(rubric, deep)
    found["phase_skipped"] = _skipped(phases)
    found["phase_over_budget"] = _over_budget(phases)
    return tuple(
        MistakeSeen(m.id, m.title, m.advice, found[m.id], m.cost * shares.get(m.id, 1.0))
        for m in rubric.mistakes
        if found.get(m.id)
    )


def _scaling_too_early(
    rubric: Rubric, phases: Sequence[PhaseReport], texts: Mapping[str, Sequence[str]]
) -> tuple[str, ...]:
    """Scaling words before the end-to-end flow, unless part of that phase's own vocabulary
    (a "partition key" in the schema is a key, not a scaling plan)."""
    ids = [p.phase_id for p in phases]
    if "end_to_end" not in ids:
        return ()
    for phase in phases[: ids.index("end_to_end")]:
        own = [p for item in rubric.phases.get(phase.phase_id, ()) for p in item.phrases]
        for unit in all_units(texts.get(phase.phase_id, ())):
            span = _scaling_span(unit, rubric.scaling_terms, own) if unit.substantive else None
            if span is not None:
                return (f"{phase.title}: “{quote(unit.text, span)}”",)
    return ()


def _scaling_span(unit: Unit, terms: Sequence[str], own: Sequence[str]) -> tuple[int, int] | None:
    """The first scaling term affirmed outside the phase's own phrases. Most units name no
    scaling term, so one combined search settles those, and the phase's own phrases are
    located only once a term is there to compare with."""
    terms = tuple(terms)
    if not terms or any_pattern(terms).search(normalize(unit.text)) is None:
        return None
    inside: list[tuple[int, int]] | None = None
    for term in terms:
        for start, end in spans(unit.text, term):
            if negated(unit.text, start):
                continue
            if inside is None:
                inside = [s for phrase in own for s in spans(unit.text, phrase)]
            if not any(a <= start and end <= b for a, b in inside):
                return start, end
    return None


def _no_numbers(units: Sequence[Unit]) -> tuple[str, ...]:
    if any(u.substantive and has_scale_number(u.text) for u in units):
        return ()
    return ("No figure for users, QPS, storage or growth (like 4,000 redirects/s or 3 TB).",)


def _no_failures(rubric: Rubric, units: Sequence[Unit]) -> tuple[str, ...]:
    terms = rubric.failure_terms
    if not terms or find(units, terms, hazards=rubric.hazard_terms) is not None:
        return ()
    evidence = ["Nothing on what happens when a part fails (failover, retries, replicas)."]
    ruled_out = next((u for u in units if u.substantive and mentions_any(u.text, terms)), None)
    if ruled_out is not None:
        evidence.append(f"Only ruled out: “{quote(ruled_out.text)}”")
    return tuple(evidence)


def _single_solution(rubric: Rubric, deep: Sequence[str]) -> tuple[str, ...]:
    terms = rubric.alternative_terms
    if not terms or find(all_units(deep), terms) is not None:
        return ()
    return (
        f"None of your {len(deep)} deep-dive answers weighs an alternative "
        "(an option, “instead of”, “vs”, a trade-off).",
    )


def _skipped(phases: Sequence[PhaseReport]) -> tuple[str, ...]:
    """Phases the interview passed without a word from this person. One it never reached
    was not skipped (the interview ended first): it is named only alongside."""
    silent = [p.title for p in phases if p.reached and not p.answers]
    if not silent:
        return ()
    out = ["No answer in: " + ", ".join(silent) + "."]
    if unreached := [p.title for p in phases if not p.reached]:
        out.append("Not reached before the end: " + ", ".join(unreached) + ".")
    return tuple(out)


def _over_budget(phases: Sequence[PhaseReport]) -> tuple[str, ...]:
    out = []
    for p in phases:
        if p.answers and p.spent > p.budget * OVER_BUDGET:
            line = f"{p.title}: open {human_duration(p.spent)} for {human_duration(p.budget)}"
            if p.active is not None:
                line += f"; your replies spanned {human_duration(p.active)}"
            out.append(line + ".")
    return tuple(out)
