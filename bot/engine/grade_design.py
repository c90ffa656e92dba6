"""What the design shows for *this* question: its ideas, its wrong moves, and whether it is
about this question at all (:mod:`bot.engine.relevance`).

An interviewer judges the design against the problem asked. So each question's rubric lists
the ideas a strong answer contains (credited wherever they are said, quoted), the known wrong
moves (each costs points and is explained), and the words of its subject.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.content.model import Element, QuestionRubric, RedFlag
from bot.engine.claim_index import ClaimIndex
from bot.engine.estimates import computations
from bot.engine.flag_sentences import flag_claim
from bot.engine.reading import Claim, mentioned
from bot.engine.relevance import Relevance, relevance_of
from bot.engine.turned_down import turned_down


@dataclass(frozen=True)
class ElementSeen:
    element: Element
    quote: str
    phase_id: str
    """The phase it was said in (credit counts wherever it is said)."""
    hard: bool = True
    """Stated in its hard form (or it has none); False when the idea is only named."""

    @property
    def credit(self) -> float:
        return self.element.credit(hard=self.hard)


@dataclass(frozen=True)
class RedFlagSeen:
    flag: RedFlag
    quote: str
    phase_id: str
    decided: bool = False
    """Said as the design chosen ("I'll go with..."), not as an option weighed."""


@dataclass(frozen=True)
class DesignGrade:
    shown: tuple[ElementSeen, ...]
    missing: tuple[Element, ...]
    red_flags: tuple[RedFlagSeen, ...]
    relevance: Relevance
    on_topic_answers: frozenset[int]
    """Answers (by index) that mention the question's subject: only they earn craft credit."""


def grade_design(
    claims: Sequence[Claim],
    *,
    rubric: QuestionRubric,
    question_id: str,
    domains: Mapping[str, tuple[str, ...]],
    dismissals: Sequence[str] = (),
    rejections: Sequence[str] = (),
    rivals: Mapping[str, QuestionRubric] | None = None,
    decisions: Sequence[str] = (),
    turn_downs: Sequence[str] = (),
) -> DesignGrade:
    """Elements shown and red flags raised by ``claims``, and their relevance.

    ``domains`` holds every question's domain patterns by question id (the one asked
    included), to tell an answer to another question from a thin answer to this one. Red
    flags fire only in answers about the question, and not in a sentence with one of
    ``dismissals`` ("in case", "instead of"): there the wrong move is named to be avoided.
    Likewise an idea earns nothing in a sentence with one of ``rejections`` ("depending on
    the use case"): there it is left open. A flag raised in a sentence with one of
    ``decisions`` ("I'll go with") is marked as decided. ``rivals`` holds every question's
    rubric, to tell which question an answer thin in this one's words is about.
    ``turn_downs`` ("overkill", "avoids the complexity of") are rejections that argue an idea
    away: a core idea only named with one is a wrong move (:mod:`bot.engine.turned_down`).
    """
    rejections = (*rejections, *turn_downs)
    index = ClaimIndex(claims)
    shown, missing = [], []
    weighed = _not_left_open(claims, rejections)
    ideas = index if len(weighed) == len(claims) else ClaimIndex(weighed)
    for element in rubric.elements:
        seen = _element_seen(element, ideas, rejections)
        if seen is None:
            missing.append(element)
        else:
            shown.append(seen)
    on_topic = frozenset(
        claims[i].answer for p in rubric.domain for i in index.mentioning(p)
    ) | frozenset(_answers_quoted(claims, shown))
    # A worked estimate ("6k posts/s x 200 followers = 1.2M inserts/s on push") sizes an
    # option; it does not choose it.
    sizing = {id(c) for c in computations(claims)}
    # Functional requirements say what people see ("if there's stock, they get a unit set
    # aside"), not how it is built: a wrong mechanism is judged where a mechanism is chosen.
    about = [
        i
        for i, c in enumerate(claims)
        if c.answer in on_topic and id(c) not in sizing and c.phase_id not in BEHAVIOUR_PHASES
    ]
    flags = []
    for flag in rubric.red_flags:
        match = _possible(flag.match, index)
        claim = (
            flag_claim(index, about, match, unless=flag.unless, dismissals=dismissals)
            if match
            else None
        )
        if claim is not None:
            decided = any(mentioned(claim.plain, d) for d in decisions)
            flags.append(RedFlagSeen(flag, claim.quote, claim.phase_id, decided))
    # An idea stated, or already ruled out by a wrong move, is not "turned down" as well.
    settled = {s.element.id for s in shown} | {e for f in flags for e in f.flag.contradicts}
    for flag, claim in turned_down(
        rubric.elements, index, set(about), stated=settled, turn_downs=turn_downs
    ):
        flags.append(RedFlagSeen(flag, claim.quote, claim.phase_id, decided=True))
    relevance = relevance_of(
        index,
        question_id=question_id,
        domains=domains,
        ideas=len(shown),
        ideas_of=(lambda q: _ideas_shown(rivals[q], ideas, rejections)) if rivals else None,
    )
    shown, missing = _without_contradicted(shown, missing, flags)
    return DesignGrade(tuple(shown), tuple(missing), tuple(flags), relevance, on_topic)


def _without_contradicted(
    shown: list[ElementSeen], missing: list[Element], flags: Sequence[RedFlagSeen]
) -> tuple[list[ElementSeen], list[Element]]:
    """``shown`` without the ideas contradicted (its flag's ``contradicts``) by a wrong move
    said as the design chosen: beside "I'll go with fan-out on write for all users", a
    sentence weighing pull for celebrities is no hybrid fan-out. A flag raised elsewhere may
    be an option weighed, so it only costs its share."""
    gone = {element_id for f in flags if f.decided for element_id in f.flag.contradicts}
    if not gone:
        return shown, missing
    taken = [s for s in shown if s.element.id in gone]
    return [s for s in shown if s.element.id not in gone], missing + [s.element for s in taken]


def _ideas_shown(rubric: QuestionRubric, index: ClaimIndex, rejections: Sequence[str]) -> int:
    """How many of another question's ideas the answers show."""
    return sum(1 for e in rubric.elements if _element_seen(e, index, rejections) is not None)


BEHAVIOUR_PHASES = frozenset({"functional"})
"""Phases that describe behaviour, not mechanisms: no red flag fires in them."""
HEDGE_WORDS = 8
"""A sentence this short that only hedges ("Each has trade-offs.") speaks of the one before."""


def _not_left_open(claims: Sequence[Claim], rejections: Sequence[str]) -> list[Claim]:
    """``claims`` without those a short hedge right after leaves undecided: in "geohash is
    simple, quadtrees adapt to density. Each has trade-offs; it depends." the options are
    listed, not chosen, as if the hedge were said in the same sentence."""
    kept = []
    for i, claim in enumerate(claims):
        after = claims[i + 1] if i + 1 < len(claims) else None
        hedged = (
            after is not None
            and after.answer == claim.answer
            and len(after.plain.split()) <= HEDGE_WORDS
            and any(mentioned(after.plain, p) for p in rejections)
        )
        if not hedged:
            kept.append(claim)
    return kept


def _element_seen(
    element: Element, index: ClaimIndex, rejections: Sequence[str]
) -> ElementSeen | None:
    """The element as shown, quoting its hard form when stated (which implies the idea)."""
    home = element.phase_id  # quote an idea from its own phase when it was said there too
    if element.hard is not None:
        hard = _possible(element.hard.match, index)
        claim = index.first_claim(hard, home=home, unless=rejections) if hard else None
        if claim is not None:
            return ElementSeen(element, claim.quote, claim.phase_id, hard=True)
    match = _possible(element.match, index)
    claim = index.first_claim(match, home=home, unless=rejections) if match else None
    if claim is None:
        return None
    return ElementSeen(element, claim.quote, claim.phase_id, hard=element.hard is None)


def _answers_quoted(claims: Sequence[Claim], shown: Sequence[ElementSeen]) -> set[int]:
    """Answers that showed an element are on topic even without a domain word."""
    quotes = {s.quote for s in shown}
    return {c.answer for c in claims if c.quote in quotes}


def _possible(match: Sequence[Sequence[str]], index: ClaimIndex) -> list[Sequence[str]]:
    """The alternatives whose every pattern appears somewhere in the answers: a cheap test
    that spares checking each sentence for ideas the person never mentioned."""
    return [group for group in match if all(index.anywhere(p) for p in group)]
